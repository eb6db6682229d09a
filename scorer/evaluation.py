"""Judge the signals against people: readers for annotated corpora and the metrics.

Corpora are read in place (nothing is copied). Four formats, one JSON object per line:

* ``polnear``: attributions as Source / Cue / Content character spans per annotator
  (``attributions[primary_annotator]``), ``split`` train | dev.
* ``ptc``: propaganda-technique spans (``spans``: technique, start, end); the loaded-terms
  signal is judged against ``Loaded_Language`` and ``Name_Calling,Labeling``.
* ``basil``: bias spans (``spans``: bias lexical | informational, quote yes | no); the
  loaded-terms signal is judged against ``bias == "lexical"``.
* ``attributions``: attribution events annotated by ``../shared/ANNOTATION.md``, one per
  line (``cue``, ``cue_start``, ``speaker``, ``speaker_start``, ``resolved``, ``class``,
  ``direct_quote``, and ``id`` or ``file``), or the same events as offsets only
  (``cue_end``, ``speaker_end``, ``resolved_start``/``resolved_end``), as the project's
  own development set keeps them; the texts come from ``texts`` (a JSONL corpus by ``id``,
  or a folder for ``file``).

Matching rules, stated in every result:

* **overlap**: a predicted span counts if it shares at least one character with a gold
  span (recall over gold spans, precision over predicted spans);
* **exact**: the same, but the spans must be equal after trimming spaces and punctuation;
* **tokens**: precision/recall over word tokens (scorer's tokenisation) inside the spans.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import lexicons
from .document import Document
from .errors import InputError
from .settings import Settings
from .signals import loaded, sources

FORMATS = ("polnear", "ptc", "basil", "attributions")
PTC_LOADED = ("Loaded_Language", "Name_Calling,Labeling")

# The speech-cue subset: reporting verbs of saying and writing, in any inflection.
SPEECH_LEMMAS = (
    "say said says saying tell told tells telling write wrote written writes writing add "
    "added adds adding state stated states stating ask asked asks asking claim claimed claims "
    "claiming note noted notes noting warn warned warns warning argue argued argues arguing "
    "insist insisted insists insisting confirm confirmed confirms confirming deny denied "
    "denies denying announce announced announces announcing explain explained explains "
    "explaining acknowledge acknowledged acknowledges acknowledging tweet tweeted tweets "
    "tweeting report reported reports reporting reply replied replies respond responded "
    "responds testify testified testifies declare declared declares"
).split()
_SPEECH = frozenset(SPEECH_LEMMAS)
_TRIM = " \t\n\r\"'“”‘’.,;:!?()[]—–-"


def is_speech_cue(text: str) -> bool:
    words = text.lower().split()
    if not words:
        return False
    if words[:2] == ["according", "to"]:
        return True
    return words[0].strip(_TRIM) in _SPEECH


# -- reading ------------------------------------------------------------------------------


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    p = Path(path)
    if p.is_dir():
        p = p / "articles.jsonl"
    if not p.exists():
        raise InputError(f"{p}: no such file")
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{p}:{n}: not JSON ({exc.msg})") from None


@dataclass
class GoldAttribution:
    cue: list[tuple[int, int]]
    cue_text: str
    source: list[tuple[int, int]] | None


def polnear_gold(row: dict[str, Any]) -> list[GoldAttribution]:
    """The primary annotator's attributions of one PolNeAR article."""
    anns = row.get("attributions") or {}
    primary = row.get("primary_annotator")
    items = anns.get(primary) if primary in anns else next(iter(anns.values()), [])
    out = []
    for a in items or []:
        src = a.get("source") if a.get("has_source", True) else None
        out.append(GoldAttribution(
            cue=[tuple(s) for s in a.get("cue") or []],
            cue_text=a.get("cue_text") or "",
            source=[tuple(s) for s in src] if src else None,
        ))
    return out


def ptc_gold(row: dict[str, Any]) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in row.get("spans", []) if s["technique"] in PTC_LOADED]


def basil_gold(row: dict[str, Any]) -> list[tuple[int, int, bool]]:
    """(start, end, inside a quotation) of each lexical-bias span."""
    return [(s["start"], s["end"], s.get("quote") == "yes")
            for s in row.get("spans", []) if s.get("bias") == "lexical"]


# -- counting ------------------------------------------------------------------------------


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


# -- evaluations ---------------------------------------------------------------------------------


@dataclass
class Errors:
    misses: Counter = field(default_factory=Counter)
    false_alarms: Counter = field(default_factory=Counter)

    def top(self, n: int) -> dict[str, list[list[Any]]]:
        return {"misses": [[k, v] for k, v in self.misses.most_common(n)],
                "false_alarms": [[k, v] for k, v in self.false_alarms.most_common(n)]}


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip(_TRIM).lower())


def _judge_articles(rows: Iterable[dict[str, Any]], split: str | None,
                    judge: Callable[[dict[str, Any], Document], None]) -> int:
    """The corpus loop of every span evaluation: ``judge(row, doc)`` on each article of
    ``split`` (every article when None), with its Document; how many articles it judged."""
    n = 0
    for row in rows:
        if split and row.get("split") != split:
            continue
        n += 1
        judge(row, Document(row["text"]))
    return n


def _result(corpus: str, split: str | None, articles: int, figures: dict[str, Any],
            err: Errors, errors: int) -> dict[str, Any]:
    """An evaluation's result: which corpus, split and how many articles, its figures,
    then the ``errors`` commonest misses and false alarms when asked for."""
    out = {"corpus": corpus, "split": split or "all", "articles": articles, **figures}
    if errors:
        out["errors"] = err.top(errors)
    return out


def evaluate_polnear(rows: Iterable[dict[str, Any]], lex, split: str | None = "dev",
                     errors: int = 0) -> dict[str, Any]:
    """Cue and source figures on all attributions and on the speech-cue subset."""
    res = {k: {"cue": PR(), "cue_exact": PR(), "source": PR(), "source_exact": PR(),
               "source_tokens": PR()} for k in ("all", "speech")}
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        text = row["text"]
        pred = sources.extract(doc, lex).attributions
        gold = polnear_gold(row)
        for subset in ("all", "speech"):
            g = gold if subset == "all" else [a for a in gold if is_speech_cue(a.cue_text)]
            p = pred if subset == "all" else [a for a in pred if is_speech_cue(a.cue.text)]
            gc = [s for a in g for s in a.cue[:1]]
            pc = [(a.cue.start, a.cue.end) for a in p]
            res[subset]["cue"].add(span_pr(gc, pc, text))
            res[subset]["cue_exact"].add(span_pr(gc, pc, text, exact=True))
            # sources: a gold source is found if the attribution whose cue overlaps its cue
            # has a source overlapping it; a predicted source is right if it overlaps the
            # gold source of the attribution whose cue it shares
            src, src_x = PR(), PR()
            for a in g:
                if not a.source:
                    continue
                src.gold += 1
                src_x.gold += 1
                match = next((b for b in p if b.source and overlaps((b.cue.start, b.cue.end), a.cue)), None)
                if match:
                    ms = (match.source.start, match.source.end)
                    src.gold_hit += overlaps(ms, a.source)
                    src_x.gold_hit += _trim(text, *ms) in {_trim(text, *s) for s in a.source}
            for b in p:
                if not b.source:
                    continue
                src.pred += 1
                src_x.pred += 1
                ms = (b.source.start, b.source.end)
                match = next((a for a in g if a.source and overlaps((b.cue.start, b.cue.end), a.cue)), None)
                if match:
                    src.pred_hit += overlaps(ms, match.source)
                    src_x.pred_hit += _trim(text, *ms) in {_trim(text, *s) for s in match.source}
            res[subset]["source"].add(src)
            res[subset]["source_exact"].add(src_x)
            # tokens: every source token of the reported attributions against every gold
            # source token (a source cut short or run long shows here, not in overlap)
            res[subset]["source_tokens"].add(token_pr(
                doc, [x for a in g if a.source for x in a.source],
                [(b.source.start, b.source.end) for b in p if b.source]))
            if subset == "speech" and errors:
                for a in g:
                    if a.cue and not overlaps(a.cue[0], pc):
                        err.misses[_norm_key(a.cue_text)] += 1
                for b in p:
                    if not overlaps((b.cue.start, b.cue.end), gc):
                        err.false_alarms[_norm_key(b.cue.text)] += 1

    n = _judge_articles(rows, split, judge)
    return _result("polnear", split, n, {
        "matching": "overlap: a span counts if it shares a character with a gold span; "
                    "exact: equal after trimming spaces and punctuation. Source figures count "
                    "a predicted source only when its attribution's cue overlaps the gold cue; "
                    "source_tokens: the word tokens of every reported source against those of "
                    "every gold source.",
        "subsets": {k: {m: v.as_dict() for m, v in d.items()} for k, d in res.items()},
        "note": "PolNeAR also annotates beliefs, intentions, polls and colon quotes, which "
                "scorer deliberately does not count as sourcing; 'speech' is the subset whose "
                "cue is a verb of saying or writing, or 'according to'.",
    }, err, errors)


def _loaded_pred(doc: Document, lex) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.voice, s.text) for s in loaded.extract(doc, lex).terms]


def evaluate_ptc(rows: Iterable[dict[str, Any]], lex, split: str | None = None,
                 errors: int = 0) -> dict[str, Any]:
    """Loaded terms against Loaded_Language + Name_Calling, by voice."""
    res = {k: {"tokens": PR(), "spans": PR()} for k in ("all", "author", "quoted")}
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        text = row["text"]
        gold = ptc_gold(row)
        pred = _loaded_pred(doc, lex)
        for voice in ("all", "author", "quoted"):
            g = gold if voice == "all" else [
                x for x in gold if (doc.in_quote(x[0]) == (voice == "quoted"))]
            p = [(s, e) for s, e, v, _ in pred if voice == "all" or v == voice]
            res[voice]["tokens"].add(token_pr(doc, g, p))
            res[voice]["spans"].add(span_pr(g, p, text))
        if errors:
            ps = [(s, e) for s, e, _, _ in pred]
            for s, e in gold:
                if not overlaps((s, e), ps):
                    err.misses[_norm_key(text[s:e])] += 1
            for s, e, _, t in pred:
                if not overlaps((s, e), gold):
                    err.false_alarms[_norm_key(t)] += 1

    n = _judge_articles(rows, split, judge)
    return _result("ptc", split, n, {
        "gold": "Loaded_Language + Name_Calling,Labeling spans",
        "matching": "tokens: precision/recall over word tokens inside the spans; spans: a span "
                    "counts if it shares a character with one on the other side. Voice by "
                    "scorer's quotation detection, for gold and predicted spans alike.",
        "voices": {k: {m: v.as_dict() for m, v in d.items()} for k, d in res.items()},
    }, err, errors)


def evaluate_basil(rows: Iterable[dict[str, Any]], lex, split: str | None = None,
                   errors: int = 0) -> dict[str, Any]:
    """Loaded terms against BASIL's lexical-bias spans, in and out of quotes."""
    res = {k: {"tokens": PR(), "spans": PR()} for k in ("author", "quoted")}
    leaked = quoted_total = 0
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        nonlocal leaked, quoted_total
        text = row["text"]
        gold = basil_gold(row)
        pred = _loaded_pred(doc, lex)
        for voice in ("author", "quoted"):
            g = [(s, e) for s, e, q in gold if q == (voice == "quoted")]
            p = [(s, e) for s, e, v, _ in pred if v == voice]
            res[voice]["tokens"].add(token_pr(doc, g, p))
            res[voice]["spans"].add(span_pr(g, p, text))
        author_pred = [(s, e) for s, e, v, _ in pred if v == "author"]
        for s, e, q in gold:
            if q:
                quoted_total += 1
                leaked += overlaps((s, e), author_pred)
        if errors:
            ps = [(s, e) for s, e, _, _ in pred]
            for s, e, q in gold:
                if not q and not overlaps((s, e), ps):
                    err.misses[_norm_key(text[s:e])] += 1
            gs = [(s, e) for s, e, _ in gold]
            for s, e, v, t in pred:
                if v == "author" and not overlaps((s, e), gs):
                    err.false_alarms[_norm_key(t)] += 1

    # BASIL has no splits: every article is judged (``split`` only names the result)
    n = _judge_articles(rows, None, judge)
    return _result("basil", split, n, {
        "gold": "bias == 'lexical' spans; voice from BASIL's own quote field",
        "matching": "tokens: precision/recall over word tokens inside the spans; spans: a span "
                    "counts if it shares a character with one on the other side. Lexical "
                    "spans are sparse (about 1.6 an article): read recall, not precision.",
        "voices": {k: {m: v.as_dict() for m, v in d.items()} for k, d in res.items()},
        "quoted_gold_counted_as_author": {
            "spans": leaked, "of": quoted_total,
            "share": round(leaked / quoted_total, 4) if quoted_total else 0.0},
    }, err, errors)


def evaluate_signals(path: str | Path, fmt: str, *, split: str | None = None,
                     errors: int = 0, settings: Settings | None = None,
                     texts: str | Path | None = None,
                     second: str | Path | None = None) -> dict[str, Any]:
    """Evaluate the matching signal on an annotated corpus in ``fmt``.

    ``attributions`` only: ``texts``, the articles the events' ids name; ``second``, a
    second annotator's events on some of the same articles, for the two annotators'
    agreement."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    lex = lexicons.for_settings(settings or Settings())
    if fmt == "attributions":
        articles = read_attribution_events(path, texts)
        result = evaluate_attributions(articles, lex, split=None if split in (None, "all") else split,
                                       errors=errors)
        if second is not None:
            result["agreement"] = attribution_agreement(articles, read_attribution_events(second, texts))
        if not result["articles"]:
            raise InputError(f"{path}: no annotated events{f' in split {split!r}' if split else ''}")
        return result
    if texts is not None or second is not None:
        raise InputError("--texts and --second are for --format attributions")
    rows = read_jsonl(path)
    if fmt == "polnear":
        split = split or "dev"  # the headline split; "all" for train + dev
        result = evaluate_polnear(rows, lex, split=None if split == "all" else split,
                                  errors=errors)
    else:
        split = None if split == "all" else split
        run = evaluate_ptc if fmt == "ptc" else evaluate_basil
        result = run(rows, lex, split=split, errors=errors)
    if not result.get("articles"):
        raise InputError(f"{path}: no articles{f' in split {split!r}' if split else ''}")
    if _gold_total(result) == 0:
        raise InputError(f"{path}: no {fmt} annotations found in {result['articles']} "
                         "articles; is --format right for this corpus?")
    return result


def _gold_total(result: dict[str, Any]) -> int:
    """Sum of every 'gold' count in the result (0 when the format did not match)."""
    total = 0
    stack = [result]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("gold"), int):
                total += node["gold"]
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(node)
    return total


# -- attribution events (ANNOTATION.md) ------------------------------------------------------

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
