"""Counting matches between gold and predicted spans: overlap, exact (after trimming
spaces and punctuation) and word tokens; precision/recall counts (:class:`PR`) and the
commonest misses and false alarms (:class:`Errors`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..document import Document

_TRIM = " \t\n\r\"'“”‘’.,;:!?()[]—–-"


def overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


@dataclass
class PR:
    """Precision/recall counts: recall over gold items, precision over predicted items."""

    gold: int = 0
    gold_hit: int = 0
    pred: int = 0
    pred_hit: int = 0

    def add(self, other: "PR") -> None:
        self.gold += other.gold
        self.gold_hit += other.gold_hit
        self.pred += other.pred
        self.pred_hit += other.pred_hit

    def as_dict(self) -> dict[str, Any]:
        p = self.pred_hit / self.pred if self.pred else 0.0
        r = self.gold_hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "gold": self.gold, "predicted": self.pred,
                "gold_matched": self.gold_hit, "predicted_matched": self.pred_hit}


def span_pr(gold: list[tuple[int, int]], pred: list[tuple[int, int]], text: str,
            exact: bool = False) -> PR:
    if exact:
        g = {_trim(text, *x) for x in gold}
        p = {_trim(text, *x) for x in pred}
        return PR(len(gold), sum(1 for x in gold if _trim(text, *x) in p),
                  len(pred), sum(1 for x in pred if _trim(text, *x) in g))
    return PR(len(gold), sum(1 for x in gold if overlaps(x, pred)),
              len(pred), sum(1 for x in pred if overlaps(x, gold)))


def token_pr(doc: Document, gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> PR:
    def tokens(spans):
        out = set()
        for s, e in spans:
            a, b = doc.tokens_between(s, e)
            out.update(range(a, b))
        return out

    g, p = tokens(gold), tokens(pred)
    return PR(len(g), len(g & p), len(p), len(g & p))


@dataclass
class Errors:
    misses: Counter = field(default_factory=Counter)
    false_alarms: Counter = field(default_factory=Counter)

    def note(self, text: str, gold: list[tuple[int, int]], pred: list[tuple[int, int, str]],
             gold_against: list[tuple[int, int]] | None = None,
             pred_against: list[tuple[int, int]] | None = None) -> None:
        """Count each gold span that no predicted span overlaps (a miss, by its words) and
        each predicted span (start, end, text) that no gold span overlaps (a false alarm).
        ``pred_against``/``gold_against``: the spans a gold/predicted span is tested
        against, when not every span of the other side."""
        ps = [(s, e) for s, e, _ in pred] if pred_against is None else pred_against
        gs = gold if gold_against is None else gold_against
        for s, e in gold:
            if not overlaps((s, e), ps):
                self.misses[_norm_key(text[s:e])] += 1
        for s, e, t in pred:
            if not overlaps((s, e), gs):
                self.false_alarms[_norm_key(t)] += 1

    def top(self, n: int) -> dict[str, list[list[Any]]]:
        return {"misses": [[k, v] for k, v in self.misses.most_common(n)],
                "false_alarms": [[k, v] for k, v in self.false_alarms.most_common(n)]}


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip(_TRIM).lower())


@dataclass
class Density:
    """Per-article loaded density, predicted against annotated, and how well the first
    ranks the articles as the second does (Spearman's rho): *tokens*, the share of an
    article's words inside spans (predicted spans against gold spans); *terms*, predicted
    terms against gold spans, each per 1,000 words."""

    rows: list[tuple[float, float, float, float]] = field(default_factory=list)

    def add(self, doc: Document, gold: list[tuple[int, int]], pred: list[tuple[int, int]],
            words: int) -> None:
        if not words:
            return
        covered = token_pr(doc, gold, pred)
        self.rows.append((1000 * covered.pred / words, 1000 * covered.gold / words,
                          1000 * len(pred) / words, 1000 * len(gold) / words))

    def as_dict(self) -> dict[str, Any]:
        cols = list(zip(*self.rows)) or [(), (), (), ()]
        return {"articles": len(self.rows),
                "spearman_tokens": spearman(cols[0], cols[1]),
                "spearman_terms": spearman(cols[2], cols[3])}


def spearman(x: Iterable[float], y: Iterable[float]) -> float:
    """Spearman's rank correlation (ties get their mean rank); 0.0 when either side is
    constant or there are fewer than three pairs."""
    x, y = list(x), list(y)
    if len(x) < 3 or len(set(x)) < 2 or len(set(y)) < 2:
        return 0.0
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return round(cov / (vx * vy) ** 0.5, 4)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
