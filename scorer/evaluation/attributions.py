"""The project's own attribution events (``../shared/ANNOTATION.md``): reading them
with their articles' texts, the sources signal judged against them (events found, class
agreement, a confusion table), and the agreement of two annotators."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..document import Document
from ..errors import InputError
from ..signals import sources
from .corpora import read_jsonl
from .metrics import PR, Errors, _norm_key, overlaps

CLASSES = ("named_person", "named_organisation", "anonymous", "vague", "document")
_CLASS_ALIASES = {"named_org": "named_organisation"}


@dataclass
class Event:
    """One annotated attribution event; offsets into the article's text."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    resolved: str | None  # whom the speaker refers to, as written in the text
    cls: str
    direct_quote: bool
    split: str | None = None


@dataclass
class AnnotatedArticle:
    key: str
    text: str
    events: list[Event]


def _texts_by_id(texts: Path) -> dict[str, str]:
    return {str(r.get("id")): r["text"] for r in read_jsonl(texts) if "text" in r}


def read_attribution_events(path: str | Path, texts: str | Path | None = None) -> list[AnnotatedArticle]:
    """Annotated events grouped by article, in the order the articles first appear.

    ``texts``: a JSONL corpus whose ``id`` the events name, or a folder the events'
    ``file`` paths are relative to (default: the annotation file's folder)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    by_id: dict[str, str] | None = None
    folder = Path(texts) if texts is not None and Path(texts).is_dir() else p.parent
    if texts is not None:
        t = Path(texts)
        if t.is_file() or (t / "articles.jsonl").is_file():
            by_id = _texts_by_id(t)
        elif not t.is_dir():
            raise InputError(f"{t}: no such file or folder")
    articles: dict[str, AnnotatedArticle] = {}
    for n, row in enumerate(read_jsonl(p), 1):
        if row.get("kind") == "article":
            continue  # an article rating line: not an event
        where = f"{p}:{n}"
        key = row.get("id") if row.get("id") is not None else row.get("file")
        if key is None:
            raise InputError(f"{where}: an event needs 'id' or 'file'")
        key = str(key)
        if key not in articles:
            if "id" in row and by_id is not None:
                if key not in by_id:
                    raise InputError(f"{where}: id {key!r} is not in {texts}")
                text = by_id[key]
            elif "file" in row:
                fp = folder / row["file"]
                try:
                    text = fp.read_text(encoding="utf-8")
                except OSError as exc:
                    raise InputError(f"{where}: cannot read {fp}: {exc.strerror}") from None
            else:
                raise InputError(f"{where}: events that name an 'id' need --texts, the corpus "
                                 "holding the articles")
            articles[key] = AnnotatedArticle(key, text, [])
        art = articles[key]
        articles[key].events.append(_event(row, art.text, where))
    return list(articles.values())


def _event(row: dict[str, Any], text: str, where: str) -> Event:
    cls = _CLASS_ALIASES.get(row.get("class", ""), row.get("class", ""))
    if cls not in CLASSES:
        raise InputError(f"{where}: class {row.get('class')!r} is not one of "
                         f"{', '.join(CLASSES)} (or named_org)")

    def span(name: str, written: str | None) -> tuple[int, int] | None:
        start = row.get(f"{name}_start", -1)
        if start is None or start < 0:
            return None
        end = row.get(f"{name}_end")
        if end is None:
            if written is None:
                raise InputError(f"{where}: {name}_start needs {name} or {name}_end")
            end = start + len(written)
            if text[start:end] != written:
                raise InputError(f"{where}: the text at {name}_start={start} is "
                                 f"{text[start:end]!r}, not {written!r}")
        if not 0 <= start < end <= len(text):
            raise InputError(f"{where}: {name} offsets {start}..{end} are outside the text")
        return start, end

    cue = span("cue", row.get("cue"))
    if cue is None:
        raise InputError(f"{where}: an event needs a cue")
    speaker = span("speaker", row.get("speaker") or None)
    resolved = row.get("resolved")
    if resolved is None:
        r = span("resolved", None)
        resolved = text[r[0]:r[1]] if r else None
    return Event(cue, speaker, resolved or None, cls, bool(row.get("direct_quote")),
                 row.get("split"))


def _match(cue: tuple[int, int], pred: list[tuple[int, int]]) -> int | None:
    """Index of the predicted cue overlapping ``cue`` most (None when none does)."""
    best, best_k = 0, None
    for k, (s, e) in enumerate(pred):
        ov = min(e, cue[1]) - max(s, cue[0])
        if ov > best:
            best, best_k = ov, k
    return best_k


def _same_person(resolved: str, speaker: str | None) -> bool:
    """Does the predicted canonical speaker name the person the annotator resolved to?
    Equal, or one holds the other's last name ("Lori Marino" / "Marino")."""
    if not speaker:
        return False
    a, b = _norm_key(resolved), _norm_key(speaker)
    if a == b or a in b or b in a:
        return True
    return a.split()[-1:] == b.split()[-1:]


def evaluate_attributions(articles: Iterable[AnnotatedArticle], lex, split: str | None = None,
                          errors: int = 0) -> dict[str, Any]:
    """Events found, class agreement and a confusion table against annotated events."""
    n = 0
    gold_n = found = agree = pred_n = pred_hit = 0
    src = PR()
    coref_n = coref_ok = 0
    confusion: dict[str, Counter] = {c: Counter() for c in CLASSES}
    false_alarms: Counter = Counter()
    err = Errors()
    wrong: Counter = Counter()
    for art in articles:
        events = [e for e in art.events if split is None or e.split == split]
        if not events:
            continue
        n += 1
        doc = Document(art.text)
        pred = sources.extract(doc, lex).attributions
        cues = [(a.cue.start, a.cue.end) for a in pred]
        matched: set[int] = set()
        for ev in events:
            gold_n += 1
            k = _match(ev.cue, cues)
            cue_text = art.text[ev.cue[0]:ev.cue[1]]
            if k is None:
                confusion[ev.cls]["missed"] += 1
                err.misses[_norm_key(cue_text)] += 1
                continue
            matched.add(k)
            found += 1
            a = pred[k]
            confusion[ev.cls][a.source_class] += 1
            if a.source_class == ev.cls:
                agree += 1
            else:
                wrong[f"{ev.cls} -> {a.source_class}: "
                      f"{_norm_key(a.source.text if a.source else a.cue.text)}"] += 1
            if ev.speaker is not None:
                src.gold += 1
                src.gold_hit += a.source is not None and overlaps((a.source.start, a.source.end), [ev.speaker])
            if a.source is not None:
                src.pred += 1
                src.pred_hit += ev.speaker is not None and overlaps((a.source.start, a.source.end), [ev.speaker])
            said = _norm_key(art.text[ev.speaker[0]:ev.speaker[1]]) if ev.speaker else ""
            if ev.cls == "named_person" and ev.resolved and said != _norm_key(ev.resolved):
                coref_n += 1  # a pronoun, surname or "the researchers" the annotator resolved
                coref_ok += _same_person(ev.resolved, a.speaker)
        pred_n += len(pred)
        gold_cues = [e.cue for e in events]
        for k, a in enumerate(pred):
            if k in matched or overlaps(cues[k], gold_cues):
                pred_hit += 1
            else:
                false_alarms[a.source_class] += 1
                err.false_alarms[_norm_key(a.cue.text)] += 1

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    out: dict[str, Any] = {
        "corpus": "attributions", "split": split or "all", "articles": n,
        "events": {"gold": gold_n, "found": found, "found_share": ratio(found, gold_n),
                   "class_agreement": ratio(agree, found), "agreeing": agree,
                   "predicted": pred_n, "predicted_matching_gold": pred_hit,
                   "precision": ratio(pred_hit, pred_n)},
        "source_overlap": src.as_dict(),
        "resolution": {"references": coref_n, "resolved_right": coref_ok,
                       "share": ratio(coref_ok, coref_n)},
        "confusion": {c: dict(confusion[c]) for c in CLASSES},
        "false_alarms_by_class": dict(false_alarms),
        "matching": "a gold event is found when a predicted attribution's cue shares a "
                    "character with its cue (the most overlapping one); class agreement is over "
                    "the events found; a prediction matches gold when its cue overlaps a gold cue.",
        "gold": "events annotated by ../shared/ANNOTATION.md",
    }
    if errors:
        out["errors"] = err.top(errors)
        out["errors"]["wrong_class"] = [[k, v] for k, v in wrong.most_common(errors)]
    return out


def attribution_agreement(first: list[AnnotatedArticle], second: list[AnnotatedArticle]) -> dict[str, Any]:
    """How far two annotators agree on the articles both annotated: the events each found
    that the other found too (cue overlap), and class agreement on those events."""
    other = {a.key: a for a in second}
    both = [a for a in first if a.key in other]
    counts = {"first": 0, "second": 0, "first_found_by_second": 0, "second_found_by_first": 0,
              "pairs": 0, "same_class": 0}
    for a in both:
        b = other[a.key]
        ca, cb = [e.cue for e in a.events], [e.cue for e in b.events]
        counts["first"] += len(ca)
        counts["second"] += len(cb)
        counts["first_found_by_second"] += sum(1 for c in ca if _match(c, cb) is not None)
        counts["second_found_by_first"] += sum(1 for c in cb if _match(c, ca) is not None)
        for e in b.events:
            k = _match(e.cue, ca)
            if k is not None:
                counts["pairs"] += 1
                counts["same_class"] += a.events[k].cls == e.cls

    def ratio(x: int, y: int) -> float:
        return round(x / y, 4) if y else 0.0

    return {
        "articles": len(both), **counts,
        "events_found_by_the_other": {
            "first_by_second": ratio(counts["first_found_by_second"], counts["first"]),
            "second_by_first": ratio(counts["second_found_by_first"], counts["second"])},
        "class_agreement": ratio(counts["same_class"], counts["pairs"]),
    }
