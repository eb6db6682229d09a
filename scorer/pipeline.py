"""text -> Document -> signals -> features -> Report. The one place the steps meet."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from . import __version__, lexicons
from .document import Document
from .features import LOADED_CATEGORIES, Features
from .lexicons import Lexicons
from .report import (EnglishCheck, Evidence, InputInfo, Report, Warning, new_evidence,
                     new_sentence_ref)
from .settings import Settings
from .signals import hedging, loaded, quotes, readability, sources
from .signals.common import per_1k, share

if TYPE_CHECKING:
    from .readers import Link

_NON_LATIN_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True)
class Signals:
    """Everything the signals found in one Document."""

    sources: sources.Sources
    hedging: hedging.Hedging
    loaded: loaded.Loaded
    quotes: quotes.Quotes
    readability: readability.Readability


def run_signals(doc: Document, lex: Lexicons, settings: Settings,
                links: Sequence[Link] = ()) -> Signals:
    """Every signal over ``doc``; ``links``: an HTML page's outbound hyperlinks."""
    src = sources.extract(doc, lex, links)
    return Signals(
        sources=src,
        hedging=hedging.extract(doc, lex),
        loaded=loaded.extract(doc, lex),
        quotes=quotes.extract(doc, src, settings.scare_quote_max_words),
        readability=readability.extract(doc),
    )


def build_features(doc: Document, sig: Signals) -> Features:
    src, hed, lod, quo, rd = sig.sources, sig.hedging, sig.loaded, sig.quotes, sig.readability
    words = doc.word_count
    quoted_words = min(quo.quoted_words, words)
    author_words = words - quoted_words
    n_att = len(src.attributions)
    anon, vague = src.count("anonymous"), src.count("vague")
    ha, ba = hed.count("hedges", "author"), hed.count("boosters", "author")
    hq, bq = hed.count("hedges", "quoted"), hed.count("boosters", "quoted")
    la, lq = lod.count("author"), lod.count("quoted")
    real_quotes = quo.of_kind("quote")
    attributed = sum(1 for q in real_quotes if q.attribution is not None)
    return Features(
        attributions=n_att,
        attributions_per_1k=per_1k(n_att, words),
        named_person=src.count("named_person"),
        named_organisation=src.count("named_organisation"),
        anonymous=anon,
        vague=vague,
        document=src.count("document"),
        unresolved=src.count("unresolved"),
        distinct_named_sources=src.distinct_named,
        unnamed_share=round((anon + vague) / n_att, 4) if n_att else 0.0,
        anonymous_without_reason=sum(
            1 for a in src.attributions if a.source_class == "anonymous" and not a.reason_given
        ),
        hedges_author=ha,
        boosters_author=ba,
        hedges_quoted=hq,
        boosters_quoted=bq,
        hedges_per_1k_author=per_1k(ha, author_words),
        boosters_per_1k_author=per_1k(ba, author_words),
        hedge_share_author=share(ha, ba),
        hedge_share_quoted=share(hq, bq),
        loaded_author=la,
        loaded_quoted=lq,
        loaded_per_1k_author=per_1k(la, author_words),
        loaded_per_1k_quoted=per_1k(lq, quoted_words),
        **{f"loaded_author_{c}": lod.count("author", c) for c in LOADED_CATEGORIES},
        quotes=len(real_quotes),
        quoted_share=round(quo.quoted_chars / len(doc.norm), 4) if doc.norm else 0.0,
        attributed_quotes=attributed,
        orphan_quotes=len(real_quotes) - attributed,
        distinct_quoted_speakers=quo.distinct_speakers,
        scare_quotes=len(quo.of_kind("scare_quote")),
        flesch_reading_ease=rd.flesch_reading_ease,
        flesch_kincaid_grade=rd.flesch_kincaid_grade,
        words_per_sentence=rd.words_per_sentence,
    )


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


def _evidence(doc: Document, sig: Signals) -> Evidence:
    atts = sig.sources.attributions
    spans = [*sig.hedging.hedges, *sig.hedging.boosters, *sig.loaded.terms]
    used = sorted({a.sentence for a in atts} | {s.sentence for s in spans}
                  | {q.sentence for q in sig.quotes.quotes})
    sentences = []
    for k in used:
        s, e, text = doc.original_span(*doc.sentences[k])
        sentences.append(new_sentence_ref(index=k, start=s, end=e, text=text))
    return new_evidence(
        sentences=sentences,
        attributions=list(atts),
        hedges=sig.hedging.hedges,
        boosters=sig.hedging.boosters,
        loaded=sig.loaded.terms,
        quotes=sig.quotes.quotes,
    )


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


def analyse(
    text: str,
    *,
    name: str = "<text>",
    title: str | None = None,
    encoding: str | None = None,
    settings: Settings | None = None,
    extra_warnings: list[Warning] | None = None,
    url: str | None = None,
    links: Sequence[Link] = (),
    extracted: bool = False,
) -> Report:
    """Build the full report for one article's text (no model score: see ``score_text``).

    ``links`` are outbound hyperlinks of an HTML page (offsets into ``text``); each counts
    as a cited document.
    """
    settings = settings or Settings()
    lex = lexicons.for_settings(settings)
    doc = Document(text, title=title)
    sig = run_signals(doc, lex, settings, links)
    feats = build_features(doc, sig)
    eng = english_check(doc, lex, settings)
    info = InputInfo(
        name=name,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        title=doc.title,
        url=url,
        text=text if extracted else None,
        encoding=encoding,
        chars=len(text),
        words=doc.word_count,
        sentences=len(doc.sentences),
        paragraphs=len(doc.paragraphs),
        english=eng,
    )
    warnings = list(extra_warnings or []) + _warnings(doc, feats, eng, settings)
    return Report(
        scorer_version=__version__,
        input=info,
        features=feats,
        evidence=_evidence(doc, sig),
        warnings=warnings,
    )
