"""The span evaluations: the sources signal against PolNeAR's attributions, the
loaded-terms signal against PTC's and BASIL's spans. One corpus loop for the three
(:func:`_judge_articles`); each evaluation says what one article adds to its figures."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from ..document import Document
from ..signals import loaded, sources
from .corpora import basil_gold, is_speech_cue, polnear_gold, ptc_gold
from .metrics import PR, Density, Errors, _norm_key, _trim, overlaps, span_pr, token_pr


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


def _loaded_pred(doc: Document, lex, model=None) -> list[tuple[int, int, str, str]]:
    """The loaded spans (start, end, voice, text): the word list's terms, or with
    ``model`` (a :class:`scorer.loaded.model.LoadedModel`) the learnt model's flagged
    words, each as the phrase it belongs to (its evidence span), each phrase once."""
    if model is None:
        return [(s.start, s.end, s.voice, s.text) for s in loaded.extract(doc, lex).terms]
    from ..loaded.predict import score

    return _spans_of(doc, score(doc, lex, model), model)


def _spans_of(doc: Document, pred, model) -> list[tuple[int, int, str, str]]:
    """The learnt model's terms as the report shows them (one a phrase: the loaded
    signal's :func:`~scorer.signals.loaded.from_prediction`)."""
    return [(s.start, s.end, s.voice, s.text)
            for s in loaded.from_prediction(doc, pred, model).terms]


def evaluate_ptc(rows: Iterable[dict[str, Any]], lex, split: str | None = None,
                 errors: int = 0, model=None) -> dict[str, Any]:
    """Loaded terms against Loaded_Language + Name_Calling, by voice."""
    res = {k: {"tokens": PR(), "spans": PR()} for k in ("all", "author", "quoted")}
    density = Density()
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        text = row["text"]
        gold = ptc_gold(row)
        pred = _loaded_pred(doc, lex, model)
        density.add(doc, gold, [(s, e) for s, e, _, _ in pred], doc.word_count)
        for voice in ("all", "author", "quoted"):
            g = gold if voice == "all" else [
                x for x in gold if (doc.in_quote(x[0]) == (voice == "quoted"))]
            p = [(s, e) for s, e, v, _ in pred if voice == "all" or v == voice]
            res[voice]["tokens"].add(token_pr(doc, g, p))
            res[voice]["spans"].add(span_pr(g, p, text))
        if errors:
            err.note(text, gold, [(s, e, t) for s, e, _, t in pred])

    n = _judge_articles(rows, split, judge)
    return _result("ptc", split, n, {
        "gold": "Loaded_Language + Name_Calling,Labeling spans",
        "matching": "tokens: precision/recall over word tokens inside the spans; spans: a span "
                    "counts if it shares a character with one on the other side. Voice by "
                    "scorer's quotation detection, for gold and predicted spans alike.",
        "voices": {k: {m: v.as_dict() for m, v in d.items()} for k, d in res.items()},
        "density": density.as_dict(),
    }, err, errors)


def evaluate_basil(rows: Iterable[dict[str, Any]], lex, split: str | None = None,
                   errors: int = 0, model=None) -> dict[str, Any]:
    """Loaded terms against BASIL's lexical-bias spans, in and out of quotes."""
    res = {k: {"tokens": PR(), "spans": PR()} for k in ("author", "quoted")}
    leaked = quoted_total = 0
    density = Density()
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        nonlocal leaked, quoted_total
        text = row["text"]
        gold = basil_gold(row)
        pred = _loaded_pred(doc, lex, model)
        for voice in ("author", "quoted"):
            g = [(s, e) for s, e, q in gold if q == (voice == "quoted")]
            p = [(s, e) for s, e, v, _ in pred if v == voice]
            res[voice]["tokens"].add(token_pr(doc, g, p))
            res[voice]["spans"].add(span_pr(g, p, text))
        author_pred = [(s, e) for s, e, v, _ in pred if v == "author"]
        density.add(doc, [(s, e) for s, e, q in gold if not q], author_pred, doc.word_count)
        for s, e, q in gold:
            if q:
                quoted_total += 1
                leaked += overlaps((s, e), author_pred)
        if errors:  # the author's voice: its misses against every prediction, and back
            err.note(text, [(s, e) for s, e, q in gold if not q],
                     [(s, e, t) for s, e, v, t in pred if v == "author"],
                     gold_against=[(s, e) for s, e, _ in gold],
                     pred_against=[(s, e) for s, e, _, _ in pred])

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
        "density": {**density.as_dict(), "voice": "author"},
    }, err, errors)
