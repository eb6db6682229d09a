"""Grouped cross-validation of the loaded-language model, and the figures it reports.

Each corpus's articles are put in 5 folds by ``GroupKFold`` on its groups (PTC: the
article; BASIL: the event, so the same story told by another outlet is never on the other
side; BABE: the source article's URL). For fold k a model is fitted on the three corpora
outside fold k and scores fold k of each: every figure is out of fold. The token
threshold is chosen inside the training part only: a 3-fold grouped split of it gives
out-of-fold probabilities, and the threshold that maximises pooled token F1 there is used
on fold k (the shipped one is the median of the five). The sentence model is fitted on
BABE's training folds from those inner out-of-fold token probabilities, its threshold
chosen the same way.

Token figures count every gold token, the function words inside gold spans too (which a
model that scores content words never flags), as ``scorer evaluate-signals`` counts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from ..evaluation.metrics import PR
from .features import ALL_COLUMNS, sentence_matrix
from .predict import GROW, phrase_tokens

if TYPE_CHECKING:
    from .train import Corpus

FOLDS = 5
INNER = 3
GRID = np.round(np.arange(0.04, 0.96, 0.02), 2)
PROCEDURE = ("grouped 5-fold cross-validation (PTC by article, BASIL by event, BABE by "
             "source URL); thresholds chosen on the training folds only")


def fit(X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float, np.ndarray]:
    """L2 logistic regression on standardised features, returned over raw values:
    (weights, intercept, the training means)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scale = StandardScaler().fit(X)
    lr = LogisticRegression(C=C, max_iter=2000).fit(scale.transform(X), y)
    coef = lr.coef_[0] / scale.scale_
    return coef, float(lr.intercept_[0] - coef @ scale.mean_), scale.mean_.copy()


def proba(model: tuple[np.ndarray, float, np.ndarray], X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(X @ model[0] + model[1])))


def _folds(groups: list[str], k: int) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    out = np.zeros(len(groups), dtype=np.intp)
    k = min(k, len(set(groups)))
    for i, (_, test) in enumerate(GroupKFold(n_splits=k).split(groups, groups=groups)):
        out[test] = i
    return out


def best_threshold(p: np.ndarray, y: np.ndarray, gold: int) -> float:
    """The GRID threshold of highest token F1 (words), ``gold`` counting every gold token."""
    scores = [2 * int(y[p >= t].sum()) / max(int((p >= t).sum()) + gold, 1) for t in GRID]
    return float(GRID[int(np.argmax(scores))])


def cross_validate(corpora: dict[str, Corpus], pick: list[int], C: float,
                   sentence_C: float, learner: tuple[Callable, Callable] | None = None
                   ) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The figures (see the module's docstring) and each corpus's out-of-fold
    probabilities. ``learner``: (fit(X, y) -> model, proba(model, X)) in place of the
    shipped logistic regression (``bench/loaded_learners.py`` compares others; the folds
    and the threshold rule stay)."""
    fit_, proba_ = learner or ((lambda X, y: fit(X, y, C)), proba)
    names = list(corpora)
    art_fold = {n: _folds([a.group for a in c.articles], FOLDS) for n, c in corpora.items()}
    row_fold = {n: art_fold[n][c.article] for n, c in corpora.items()}
    oof = {n: np.zeros(len(c.y)) for n, c in corpora.items()}
    inner_babe: list[np.ndarray] = []
    thresholds = []
    for k in range(FOLDS):
        parts = [(n, np.flatnonzero(row_fold[n] != k)) for n in names]
        X = np.vstack([corpora[n].X[rows][:, pick] for n, rows in parts])
        y = np.concatenate([corpora[n].y[rows] for n, rows in parts])
        groups = [f"{n}:{corpora[n].articles[a].group}" for n, rows in parts
                  for a in corpora[n].article[rows]]
        model = fit_(X, y)
        for n in names:
            test = row_fold[n] == k
            oof[n][test] = proba_(model, corpora[n].X[test][:, pick])
        inner = np.zeros(len(y))
        inner_fold = _folds(groups, INNER)
        for j in range(inner_fold.max() + 1):
            inner[inner_fold == j] = proba_(fit_(X[inner_fold != j], y[inner_fold != j]),
                                            X[inner_fold == j])
        gold = sum(len(corpora[n].articles[a].gold) for n in names
                   for a in np.flatnonzero(art_fold[n] != k))
        thresholds.append(best_threshold(inner, y, gold))
        babe = np.zeros(len(corpora["babe"].y))
        off = sum(len(rows) for n, rows in parts[:names.index("babe")])
        babe[parts[names.index("babe")][1]] = inner[off:off + len(parts[names.index("babe")][1])]
        inner_babe.append(babe)
    out: dict[str, Any] = {"procedure": PROCEDURE, "folds": FOLDS,
                           "thresholds": thresholds, "threshold": float(np.median(thresholds))}
    for n, c in corpora.items():
        thr = np.array(thresholds)[art_fold[n]]
        out[n] = evaluate(c, oof[n], thr)
    out["babe"]["sentence"] = _sentence_cv(corpora["babe"], oof["babe"], inner_babe,
                                           art_fold["babe"], thresholds, sentence_C)
    return out, oof


def _prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 as :class:`scorer.evaluation.metrics.PR` gives them."""
    d = PR(gold, tp, pred, tp).as_dict()
    return {k: d[k] for k in ("precision", "recall", "f1")}


class _Counts(PR):
    """Token sets, counted."""

    def add_sets(self, pred: set[int], gold: set[int]) -> None:
        self.add(PR(len(gold), len(pred & gold), len(pred), len(pred & gold)))

    def prf(self) -> dict[str, float]:
        return _prf(self.gold_hit, self.pred, self.gold)


def evaluate(c: Corpus, p: np.ndarray, thr: np.ndarray) -> dict[str, Any]:
    """Out-of-fold figures of one corpus at each article's fold threshold ``thr``, beside
    today's word list's."""
    words, phrase, author, lst, lst_author = (_Counts() for _ in range(5))
    hit = lst_hit = spans = 0
    for i, a in enumerate(c.articles):
        cand, pa = c.token[a.rows], p[a.rows]
        on = cand[pa >= thr[i]].tolist()
        flagged = set(on)
        n = a.n_tokens
        low = GROW * thr[i]
        believed = set(cand[pa >= low].tolist())
        words.add_sets(flagged, a.gold)
        cset = set(cand.tolist())
        phrase.add_sets(phrase_tokens(on, lambda t: t < n and bool(a.joins[t]),
                                 lambda t: bool(a.determiner[t]), cset.__contains__,
                                 believed.__contains__), a.gold)
        own = {t for t, au in zip(cand.tolist(), c.author[a.rows].tolist()) if au and t in flagged}
        author.add_sets(own, a.gold_author)
        lst.add_sets(a.list_tokens, a.gold)
        lst_author.add_sets(a.list_author, a.gold_author)
        for x0, x1 in a.gold_author_spans:
            spans += 1
            hit += any(x0 <= t < x1 for t in own)
            lst_hit += any(s < x1 and x0 < e for s, e in a.list_author_spans)
    return {
        "words": words.prf(), "phrase": phrase.prf(), "author": author.prf(),
        "author_span_recall": round(hit / spans, 4) if spans else None,
        "spearman": _spearman(c, p), "calibration": calibration(p, c.y),
        "list": {"words": lst.prf(), "author": lst_author.prf(),
                 "author_span_recall": round(lst_hit / spans, 4) if spans else None},
    }


def _spearman(c: Corpus, p: np.ndarray) -> dict[str, float | None]:
    """Per article, annotated density (gold tokens / tokens) against the model's expected
    loaded words / tokens and the list's tokens / tokens."""
    from ..evaluation.metrics import spearman

    n = np.array([max(1, a.n_tokens) for a in c.articles])
    gold = np.array([len(a.gold) for a in c.articles]) / n
    model = np.array([p[a.rows].sum() for a in c.articles]) / n
    lst = np.array([len(a.list_tokens) for a in c.articles]) / n
    if len(n) < 3 or gold.std() == 0:
        return {"model": None, "list": None}
    return {"model": spearman(gold.tolist(), model.tolist()),
            "list": spearman(gold.tolist(), lst.tolist())}


def calibration(p: np.ndarray, y: np.ndarray, bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and the reliability table: per probability bin, its
    candidates, their mean probability and the share that are gold."""
    edges = np.linspace(0, 1, bins + 1)
    rows, ece = [], 0.0
    which = np.minimum((p * bins).astype(int), bins - 1)
    for b in range(bins):
        m = which == b
        if m.any():
            ece += m.mean() * abs(p[m].mean() - y[m].mean())
            rows.append([round(float(edges[b]), 2), round(float(edges[b + 1]), 2), int(m.sum()),
                         round(float(p[m].mean()), 4), round(float(y[m].mean()), 4)])
    return {"ece": round(float(ece), 4), "mean_p": round(float(p.mean()), 4) if len(p) else 0.0,
            "positive_rate": round(float(y.mean()), 4) if len(y) else 0.0,
            "bins": rows}


def sentence_rows(c: Corpus, p: np.ndarray, threshold: float,
                  which: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sentence model's rows for BABE's labelled sentences (of ``which``)."""
    keep = [i for i, a in enumerate(c.articles) if a.label is not None
            and (which is None or which[i])]
    rows = np.concatenate([np.arange(c.articles[i].rows.start, c.articles[i].rows.stop)
                           for i in keep]) if keep else np.zeros(0, np.intp)
    group = np.repeat(np.arange(len(keep)), [c.articles[i].rows.stop - c.articles[i].rows.start
                                             for i in keep])
    col = {name: ALL_COLUMNS.index(name) for name in ("vader_abs", "pat_subj", "in_quote")}
    S = sentence_matrix(p[rows], group, len(keep), threshold, c.X[rows, col["vader_abs"]],
                        c.X[rows, col["pat_subj"]], c.X[rows, col["in_quote"]],
                        np.array([c.articles[i].n_tokens for i in keep]),
                        np.array([c.articles[i].list_terms for i in keep]),
                        np.array([c.articles[i].boosters for i in keep]),
                        np.array([c.articles[i].hedges for i in keep]))
    return S, np.array([c.articles[i].label for i in keep], dtype=int)


def _sentence_cv(c: Corpus, oof, inner, fold, thresholds, C) -> dict[str, Any]:
    preds, labels, used = [], [], []
    groups = np.array([a.group for a in c.articles])
    for k in range(FOLDS):
        train = fold != k
        S, y = sentence_rows(c, inner[k], thresholds[k], train)
        g = [groups[i] for i, a in enumerate(c.articles) if a.label is not None and train[i]]
        inner_p = np.zeros(len(y))
        f = _folds(g, INNER)
        for j in range(f.max() + 1):
            inner_p[f == j] = proba(fit(S[f != j], y[f != j], C), S[f == j])
        best = max(GRID, key=lambda t: _prf(int((y & (inner_p >= t)).sum()),
                                            int((inner_p >= t).sum()), int(y.sum()))["f1"])
        used.append(float(best))
        St, yt = sentence_rows(c, oof, thresholds[k], ~train)
        preds.append(proba(fit(S, y, C), St) >= best)
        labels.append(yt)
    pred, y = np.concatenate(preds), np.concatenate(labels).astype(bool)
    out: dict[str, Any] = _prf(int((pred & y).sum()), int(pred.sum()), int(y.sum()))
    out.update(thresholds=used, threshold=float(np.median(used)), sentences=int(len(y)))
    return out


def table(cv: dict[str, Any]) -> str:
    """The figures as lines of text, the model beside today's word list."""
    lines = [f"{cv['procedure']}; token threshold {cv['threshold']:.2f} (per fold: "
             f"{', '.join(f'{t:.2f}' for t in cv['thresholds'])})",
             f"{'corpus':7} {'signal':6} {'P':>6} {'R':>6} {'F1':>6} {'phrase F1':>9} "
             f"{'author P':>8} {'author R':>8} {'span R':>6} {'rho':>6} {'ECE':>6}"]
    for name in ("ptc", "babe", "basil"):
        r = cv[name]
        rows = [("model", r["words"], r["phrase"]["f1"], r["author"], r["author_span_recall"],
                 r["spearman"]["model"], r["calibration"]["ece"]),
                ("list", r["list"]["words"], None, r["list"]["author"],
                 r["list"]["author_span_recall"], r["spearman"]["list"], None)]
        for label, w, ph, au, span, rho, ece in rows:
            lines.append(f"{name:7} {label:6} {w['precision']:6.3f} {w['recall']:6.3f} "
                         f"{w['f1']:6.3f} {_f(ph, 9)} {au['precision']:8.3f} "
                         f"{au['recall']:8.3f} {_f(span, 6)} {_f(rho, 6)} {_f(ece, 6)}")
    s = cv["babe"]["sentence"]
    lines.append(f"babe sentences (Biased vs Non-biased, {s['sentences']}): P {s['precision']:.3f} "
                 f"R {s['recall']:.3f} F1 {s['f1']:.3f} at threshold {s['threshold']:.2f}")
    return "\n".join(lines)


def _f(x: float | None, width: int) -> str:
    return f"{'-':>{width}}" if x is None else f"{x:{width}.3f}"
