"""text -> Document -> signals -> features -> Report. The one place the steps meet."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import lexicons
from ._version import __version__
from .document import Document
from .features import Features
from .lexicons import Lexicons
from .readers import TextInput
from .report import (EnglishCheck, Evidence, InputInfo, ModelInfo, Report, Warning, new_evidence,
                     new_sentence_ref)
from .settings import Settings
from .signals import SIGNALS, Basis, Context

if TYPE_CHECKING:
    from .readers import Link

_NON_LATIN_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]")


def run_signals(doc: Document, lex: Lexicons, settings: Settings,
                links: Sequence[Link] = ()) -> dict[str, Any]:
    """Every registered signal over ``doc``, in order: their results by signal name.
    ``links``: an HTML page's outbound hyperlinks."""
    return run_signals_many([doc], lex, settings, [links])[0]


def batches(settings: Settings) -> bool:
    """Whether some signal runs several articles at once under ``settings`` (else a
    chunk is best scored an article at a time: only one article's data held)."""
    return any(s.run_many is not None and s.batched(settings) for s in SIGNALS)


def run_signals_many(docs: Sequence[Document], lex: Lexicons, settings: Settings,
                     links: Sequence[Sequence[Link]] | None = None) -> list[dict[str, Any]]:
    """:func:`run_signals` for each of ``docs`` (``links``: each one's), with the same
    results. A signal that runs several articles at once under these settings
    (``Signal.run_many``, ``Signal.batched``) does so; the others run an article at a
    time, all of one article's in a row while its data are in the processor's caches
    (a signal at a time over 32 articles was slower)."""
    found: list[dict[str, Any]] = [{} for _ in docs]
    ctxs = [Context(doc, lex, settings, ln, f)
            for doc, ln, f in zip(docs, links or [()] * len(docs), found)]
    pending: list[Any] = []

    def flush() -> None:
        for ctx, f in zip(ctxs, found):
            for signal in pending:
                f[signal.name] = signal.run(ctx)
        pending.clear()

    for signal in SIGNALS:
        if signal.run_many is not None and signal.batched(settings):
            flush()
            for f, r in zip(found, signal.run_many(ctxs)):
                f[signal.name] = r
        else:
            pending.append(signal)
    flush()
    return found


def basis(doc: Document, found: Mapping[str, Any]) -> Basis:
    """The word counts the rates are taken over (quoted words from the quotes signal)."""
    words = doc.word_count
    quoted = min(found["quotes"].quoted_words, words)
    return Basis(words=words, author_words=words - quoted, quoted_words=quoted,
                 chars=len(doc.norm))


def build_features(doc: Document, found: Mapping[str, Any]) -> Features:
    """Every declared feature, from its signal's result."""
    b = basis(doc, found)
    return Features(**{f.name: f.value(found[s.name], b) for s in SIGNALS for f in s.features})


def english_check(doc: Document, lex: Lexicons, settings: Settings) -> EnglishCheck:
    fw = lex.function_words.words
    words = doc.lower
    ratio = sum(map(fw.__contains__, words)) / len(words) if words else 0.0
    # letters: the characters of the word tokens (digits too, a small overcount that
    # does not matter for a threshold). Every letter is inside a word token, so the
    # non-Latin ones are counted there; usually there are none, which an ASCII test
    # shows at once (after dropping the curly apostrophes of "don’t", which are no letter)
    joined = "".join(doc.words)
    letters = len(joined)
    joined = joined.replace("’", "")
    other = 0 if joined.isascii() else len(_NON_LATIN_LETTER_RE.findall(joined))
    latin = (letters - other) / letters if letters else 0.0
    is_english = latin >= 0.8 and (len(words) < 20 or ratio >= settings.english_min_ratio)
    return EnglishCheck(
        is_english=is_english, function_word_ratio=round(ratio, 4), latin_letter_ratio=round(latin, 4)
    )


def _evidence(doc: Document, found: Mapping[str, Any]) -> Evidence:
    """The evidence lists each signal fills, and the sentences that hold their spans."""
    lists: dict[str, list] = {}
    values: dict[str, Sequence[Any]] = {}
    for signal in SIGNALS:
        lists.update(signal.evidence(found[signal.name]))
        values.update(signal.sentence_values(found[signal.name]))
    used = sorted({x.sentence for items in lists.values() for x in items})
    sentences = []
    for k in used:
        s, e, text = doc.original_span(*doc.sentences[k])
        sentences.append(new_sentence_ref(index=k, start=s, end=e, text=text,
                                          **{name: v[k] for name, v in values.items()}))
    return new_evidence(sentences=sentences, **{k: lists[k] for k in _EVIDENCE_LISTS})


#: Evidence's lists, in the model's order (every field given: the constructor's fast path)
_EVIDENCE_LISTS = tuple(n for n in Evidence.model_fields if n != "sentences")


def _warnings(doc: Document, feats: Features, eng: EnglishCheck, settings: Settings) -> list[Warning]:
    out = []
    if doc.word_count < settings.min_words:
        out.append(Warning(code="too_short", message=(
            f"too short to judge: {doc.word_count} words (under {settings.min_words}); "
            "rates and the score are unreliable")))
    if not eng.is_english:
        out.append(Warning(code="non_english", message=(
            f"text looks non-English (function-word ratio {eng.function_word_ratio:.2f}, "
            f"Latin letters {eng.latin_letter_ratio:.2f}); the lexicons are English-only")))
    if feats.attributions == 0:
        out.append(Warning(code="no_attributions", message="no attributions found"))
    if doc.unbalanced_marks:
        out.append(Warning(code="unbalanced_quotes", message=(
            f"{doc.unbalanced_marks} quotation mark(s) without a partner; "
            "open quotations were closed at the paragraph end")))
    if doc.word_count >= 50 and not any(
        doc.norm[e - 1] in ".!?\"”’»)" for _, e in doc.sentences
    ):
        out.append(Warning(code="no_sentence_punctuation",
                           message="no sentence-ending punctuation; sentence counts are rough"))
    return out


def analyse(source: TextInput | str, settings: Settings | None = None) -> Report:
    """Build the full report for one input (no model score: see ``scorer.score_text``).

    ``source``: an input read by :mod:`scorer.readers` (its name, title, encoding, URL,
    an HTML page's outbound links, each a cited document, and its reader's warnings), or
    a bare text.
    """
    return analyse_many([source], settings)[0]


def analyse_many(sources: Sequence[TextInput | str],
                 settings: Settings | None = None) -> list[Report]:
    """:func:`analyse` for each of ``sources``, the signals run over all of them together
    (see :func:`run_signals_many`): a batch's chunk. The same reports."""
    settings = settings or Settings()
    lex = lexicons.for_settings(settings)
    inputs = [TextInput(text=s, name="<text>", encoding=None) if isinstance(s, str) else s
              for s in sources]
    docs = [Document(s.text, title=s.title) for s in inputs]
    found = run_signals_many(docs, lex, settings, [s.links for s in inputs])
    return [_report(s, d, f, lex, settings) for s, d, f in zip(inputs, docs, found)]


def _report(source: TextInput, doc: Document, found: Mapping[str, Any], lex: Lexicons,
            settings: Settings) -> Report:
    text = source.text
    feats = build_features(doc, found)
    eng = english_check(doc, lex, settings)
    info = InputInfo(
        name=source.name,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        title=doc.title,
        url=source.url,
        text=text if source.extracted else None,
        encoding=source.encoding,
        chars=len(text),
        words=doc.word_count,
        sentences=len(doc.sentences),
        paragraphs=len(doc.paragraphs),
        english=eng,
    )
    warnings = [Warning(code=c, message=m) for c, m in source.warnings]
    warnings += _warnings(doc, feats, eng, settings)
    loaded_model = found["loaded"].model
    return Report(
        scorer_version=__version__,
        input=info,
        features=feats,
        evidence=_evidence(doc, found),
        warnings=warnings,
        loaded_model=None if loaded_model is None else ModelInfo(
            name=loaded_model[0], sha256=loaded_model[1], trusted=loaded_model[2]),
    )
