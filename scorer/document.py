"""Document: a text normalised once and split into paragraphs, sentences, word tokens and
quotation regions, every piece a character offset into the original text.

Matching runs on ``norm`` (Unicode NFC). For text that is already NFC (nearly all news)
``norm`` *is* the original text and offsets need no mapping; otherwise :meth:`orig` maps
an offset in ``norm`` back to the original, so every span a report shows satisfies
``text[start:end] == span.text`` for the text the user gave.

Curly and straight quotes, guillemets, dashes and non-breaking spaces are recognised by
the patterns below rather than rewritten, which keeps offsets stable.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from . import lexicons

# A word: letters/digits, with inner hyphens, apostrophes, dots ("U.S"), ampersands, slashes.
WORD_RE = re.compile(r"[^\W_]+(?:[-'’.&/][^\W_]+)*")
_SPLIT_RE = re.compile(r"([^\W_]+(?:[-'’.&/][^\W_]+)*)")
_PARA_RE = re.compile(r"\n[^\S\n]*\n\s*")
_SENT_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_NEXT_CHAR_RE = re.compile(r"\s+(\S)")
_LINE_RE = re.compile(r"[^\n]+")
# Quotation marks are found with str.find (C speed, a tenth of a regex scan). Double
# marks; two straight apostrophes stand for one in LexisNexis and other archive exports.
_DOUBLE_MARKS = "\"“”„«»"
_AMBIGUOUS = ('"', "''")  # straight marks: open or close by context
_SINGLE_MARKS = "'‘’"

OPENING = "“„«"
CLOSING = "”»"
_OPEN_CONTEXT = set(" \t\n\r\u00a0\u2009\u202f([{—–-:")
_LEAD_QUOTES = "\"“‘'«(["

# After these, a period never ends a sentence ("Mr. Smith", "Gen. Ortiz").
_TITLES = frozenset(
    "mr mrs ms mx dr prof sen rep gov gen lt col sgt capt adm maj cmdr rev st supt det "
    "insp hon messrs mt ft fr pres sens reps gens".split()
)
# After these, a period ends a sentence only when a common sentence opener follows.
_ABBREVIATIONS = frozenset(
    "u.s u.k u.n e.u inc corp co ltd jr sr no nos vs etc e.g i.e a.m p.m jan feb mar apr "
    "jun jul aug sep sept oct nov dec dept est approx fig vol ph.d d.c u.s.a govt assn "
    "bros calif fla mass ill wash tex conn pa va ga mich minn wis n.y n.j l.a ariz colo "
    "ore okla tenn ky md mo ala ark kan neb nev del ave blvd rd univ".split()
)


# Format characters: invisible, and no part of a word (zero-width space and joiners,
# direction marks and embeddings, word joiner, soft hyphen, a byte-order mark inside the text)
_FORMAT_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
_LONE_CR_RE = re.compile(r"\r(?!\n)")


#: a text of more words than this is long (a book, a feed pasted whole): its token lists
#: are kept compact (see Document._split), and per-word lookups index it once
LONG_TEXT_WORDS = 20_000


#: characters of a very long text split at a time (see _split_slices)
_SPLIT_SLICE = 1 << 18
_SPACE_RE = re.compile(r"\s")


def _split_slices(norm: str, one: dict[str, str]) -> list[str]:
    """``_SPLIT_RE.split(norm)`` a slice at a time, each distinct string kept once (in
    ``one``): the split of a 9 MB text makes three million strings, 110 MB held at once.
    Each cut is made just after a whitespace character, which no word holds, so every
    word is whole; the gap a cut falls in is joined again, so the result is the same."""
    out: list[str] = []
    start = 0
    while start < len(norm):
        cut = len(norm)
        if cut - start > _SPLIT_SLICE:
            space = _SPACE_RE.search(norm, start + _SPLIT_SLICE)
            cut = len(norm) if space is None else space.end()
        parts = _SPLIT_RE.split(norm[start:cut])
        if out:  # the gap at the cut: the end of the last slice's and the start of this one's
            parts[0] = out.pop() + parts[0]
        out.extend(map(one.setdefault, parts, parts))
        start = cut
    return out


def _offsets(n: int) -> array:
    """An empty offset map for a text of ``n`` characters: a typed array (4 bytes an
    entry, not the 36 of a list of ints), so a long text's map stays small."""
    return array("I" if n < 2**32 else "q")


def _normalise(text: str) -> tuple[str, array | None]:
    """The text the analysis reads, and the map from its offsets to the original's (None
    when they are the same): a lone carriage return (old Mac line ends) reads as a line
    end, format characters ("John Smith\u200b said") are dropped, and the rest is
    NFC-normalised. Every offset a report gives is mapped back to the original text."""
    if "\r" in text:
        text = _LONE_CR_RE.sub("\n", text)  # one character for one: offsets unchanged
    mapping: array | None = None
    if not text.isascii() and _FORMAT_RE.search(text) is not None:  # isascii: O(1)
        kept: list[str] = []
        mapping = _offsets(len(text))
        pos = 0
        for m in _FORMAT_RE.finditer(text):
            kept.append(text[pos:m.start()])
            mapping.extend(range(pos, m.start()))
            pos = m.end()
        kept.append(text[pos:])
        mapping.extend(range(pos, len(text) + 1))  # the last entry: the end of the text
        text = "".join(kept)
    norm, nfc_map = _nfc(text)
    if nfc_map is None:
        return norm, mapping
    if mapping is None:
        return norm, nfc_map
    composed = _offsets(len(text))
    composed.extend(map(mapping.__getitem__, nfc_map))
    return norm, composed


def _nfc(text: str) -> tuple[str, array | None]:
    """NFC-normalise ``text``; return the map from normalised to original offsets, or None."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    mapping = _offsets(len(text))
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        mapping.extend([i] * len(piece))
        i = j
    mapping.append(n)
    return "".join(out), mapping


@dataclass(frozen=True)
class QuoteRegion:
    """A direct quotation: from its opening mark to its closing mark (both included).

    ``parts`` are the per-paragraph pieces of a quotation that runs over several
    paragraphs; ``balanced`` is False when no closing mark was found.
    """

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    balanced: bool
    single: bool = False

    @property
    def chars(self) -> int:
        return sum(e - s for s, e in self.parts)


class Document:
    """The analysed text. Build once per article; signals only read it."""

    __slots__ = (
        "text", "norm", "_map", "title", "paragraphs", "sentences",
        "_sent_starts", "starts", "ends", "words", "lower", "sent_tokens", "quotes",
        "_qpart_starts", "_qpart_ends", "_qpart_quote", "hard_wrapped", "unbalanced_marks",
        "gaps",
    )

    def __init__(self, text: str, title: str | None = None) -> None:
        self.text = text
        self.norm, self._map = _normalise(text)
        norm = self.norm
        self.paragraphs = _paragraphs(norm)
        self.hard_wrapped = _looks_hard_wrapped(norm, self.paragraphs)

        # One pass in C: split keeps the words at odd positions, offsets by accumulation.
        self._split(norm)
        starts = self.starts

        self.sentences = _sentences(norm, self.paragraphs, self.hard_wrapped, self)
        self._sent_starts = [s for s, _ in self.sentences]
        self.sent_tokens = [
            (bisect_left(starts, s), bisect_left(starts, e)) for s, e in self.sentences
        ]

        self.quotes, self.unbalanced_marks = _quotes(norm, self.paragraphs)
        parts = sorted(
            (s, e, qi) for qi, q in enumerate(self.quotes) for s, e in q.parts
        )
        self._qpart_starts = [p[0] for p in parts]
        self._qpart_ends = [p[1] for p in parts]
        self._qpart_quote = [p[2] for p in parts]

        self.title = None
        if title is not None:
            self.title = title.strip() or None
        elif len(self.paragraphs) > 1:
            ps, pe = self.paragraphs[0]
            head = norm[ps:pe]
            if "\n" not in head and _looks_like_title(head):
                self.title = head

    def _split(self, norm: str) -> None:
        """Words, gaps, offsets and lowercase words of the text: one C-speed split (gaps
        at even positions, words at odd ones), offsets by accumulation. A long text keeps
        them small: each distinct word, lowercase word and gap is one string object
        however often it occurs, and the offsets are typed arrays (4 bytes each, not a
        36-byte int and its pointer); the values are the same. A very long one is split a
        slice at a time (see :func:`_split_slices`), so that the millions of strings a
        split makes are never all held at once."""
        one: dict[str, str] = {}
        sliced = len(norm) > 2 * _SPLIT_SLICE
        parts = _split_slices(norm, one) if sliced else _SPLIT_RE.split(norm)
        long = len(parts) > 2 * LONG_TEXT_WORDS
        if long:
            if not sliced:  # a sliced split kept each distinct string once already
                parts = list(map(one.setdefault, parts, parts))
            bounds = _offsets(len(norm))
            bounds.extend(accumulate(map(len, parts)))
        else:
            bounds = list(accumulate(map(len, parts)))
        self.words = parts[1::2]
        self.gaps = parts[0::2]  # gaps[i]: the characters before token i (gap(i), kept)
        self.starts = bounds[0:-1:2]
        self.ends = bounds[1::2]
        # a tuple that keeps each lexicon's scan of it (see lexicons.LowerTokens)
        if long:  # each distinct word lowercased once
            lowered = {w: one.setdefault(w.lower(), w.lower()) for w in set(self.words)}
            self.lower = lexicons.LowerTokens(map(lowered.__getitem__, self.words))
        else:
            self.lower = lexicons.LowerTokens(map(str.lower, self.words))

    # -- offsets -------------------------------------------------------------------
    def orig(self, pos: int) -> int:
        """The offset in the original text of offset ``pos`` in ``norm``."""
        return pos if self._map is None else self._map[pos]

    def to_norm(self, pos: int) -> int:
        """The offset in ``norm`` of offset ``pos`` in the original text."""
        if self._map is None:
            return pos
        return bisect_left(self._map, pos)

    def original_span(self, start: int, end: int) -> tuple[int, int, str]:
        """Offsets ``start..end`` in ``norm`` as offsets in the original text, and its text
        there (``orig`` twice, inlined: every span of a report comes through here)."""
        m = self._map
        if m is not None:
            start, end = m[start], m[end]
        return start, end, self.text[start:end]

    # -- lookups -------------------------------------------------------------------
    @property
    def word_count(self) -> int:
        return len(self.words)

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence containing (or nearest before) offset ``pos``."""
        return max(0, bisect_right(self._sent_starts, pos) - 1)

    def quote_index(self, pos: int) -> int | None:
        """Index of the quotation containing offset ``pos``, or None."""
        k = bisect_right(self._qpart_starts, pos) - 1
        if k >= 0 and pos < self._qpart_ends[k]:
            return self._qpart_quote[k]
        return None

    def in_quote(self, pos: int) -> bool:
        return self.quote_index(pos) is not None

    def gap(self, i: int) -> str:
        """The characters between token ``i-1`` and token ``i`` (punctuation, spaces)."""
        return self.gaps[i] if i < len(self.starts) else ""

    def tokens_between(self, start: int, end: int) -> tuple[int, int]:
        """Token index range of the tokens lying inside ``[start, end)``."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)


# -- splitting ---------------------------------------------------------------------


def _paragraphs(norm: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARA_RE.finditer(norm):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(norm)))
    out = []
    for s, e in spans:
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _looks_hard_wrapped(norm: str, paragraphs: list[tuple[int, int]]) -> bool:
    """True when single newlines inside paragraphs mostly break sentences mid-way."""
    breaks = soft = 0
    for s, e in paragraphs:
        pos = norm.find("\n", s, e)
        while pos != -1:
            breaks += 1
            before = norm[pos - 1] if pos > 0 else ""
            after = norm[pos + 1 : pos + 2]
            if (before.isalpha() or before == ",") and after[:1].islower():
                soft += 1
            pos = norm.find("\n", pos + 1, e)
    return breaks >= 3 and soft >= 0.3 * breaks


def _openers() -> frozenset[str]:
    """Words that commonly open a sentence ("The", "He", "In"...): after an abbreviation.

    From the shipped function words, on purpose, never an extra lexicon: a Document is
    made from the text alone (``Document(text)``, before and without any settings), and
    where its sentences end must not depend on which word lists the signals are given.
    Kept by the shipped bundle, like every table built from the lists."""
    return lexicons.bundle().derived(_sentence_openers)


def _sentence_openers(lex: "lexicons.Lexicons") -> frozenset[str]:
    fw = lex.function_words
    return frozenset().union(
        *(fw.forms(c) for c in ("determiner", "pronoun", "preposition", "conjunction"))
    )


def _is_boundary(norm: str, m: re.Match, doc: "Document") -> bool:
    """Whether the terminal punctuation matched by ``m`` ends a sentence."""
    nxt = _NEXT_CHAR_RE.match(norm, m.end())
    if nxt is None:
        return False
    ch = nxt.group(1)
    if not (ch.isupper() or ch.isdigit() or ch in _LEAD_QUOTES):
        return False
    if norm[m.start()] != ".":
        return True
    k = bisect_left(doc.starts, m.start()) - 1
    if k < 0 or doc.ends[k] != m.start():
        return True
    word = doc.lower[k]
    if word in _TITLES:
        return False
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        following = doc.lower[k + 1] if k + 1 < len(doc.lower) else ""
        return following in _openers()
    return True


def _sentences(
    norm: str, paragraphs: list[tuple[int, int]], hard_wrapped: bool, doc: "Document"
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs:
        segments = (
            [(ps, pe)]
            if hard_wrapped or norm.find("\n", ps, pe) == -1
            else [m.span() for m in _LINE_RE.finditer(norm, ps, pe)]
        )
        for ss, se in segments:
            start = ss
            for m in _SENT_END_RE.finditer(norm, ss, se):
                if _is_boundary(norm, m, doc):
                    _add_span(norm, out, start, m.end())
                    start = m.end()
            _add_span(norm, out, start, se)
    return out


def _add_span(norm: str, out: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and norm[s].isspace():
        s += 1
    while e > s and norm[e - 1].isspace():
        e -= 1
    if s < e:
        out.append((s, e))


def _looks_like_title(line: str) -> bool:
    words = WORD_RE.findall(line)
    if not words or len(words) > 25:
        return False
    if line.rstrip()[-1:] not in ".:;,":
        return True
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.6 * len(words)


# -- quotations --------------------------------------------------------------------


def _find_all(text: str, mark: str) -> list[int]:
    """Offsets of ``mark`` in ``text``, left to right, not overlapping."""
    out = []
    k = text.find(mark)
    while k != -1:
        out.append(k)
        k = text.find(mark, k + len(mark))
    return out


def _double_marks(norm: str) -> list[tuple[int, str]]:
    """(offset, mark) of every double quotation mark, as a scan for ``''|["“”„«»]``
    finds them."""
    found = [(k, "''") for k in _find_all(norm, "''")]
    for mark in _DOUBLE_MARKS:
        found.extend((k, mark) for k in _find_all(norm, mark))
    found.sort()
    return found


def _in_range(items: list, keys: list[int], start: int, end: int) -> list:
    """The items whose key (``keys``, sorted, parallel to ``items``) is in [start, end)."""
    return items[bisect_left(keys, start):bisect_left(keys, end)]


def _is_opening(norm: str, pos: int, mark: str) -> bool:
    if mark in OPENING:
        return True
    if mark in CLOSING:
        return False
    before = norm[pos - 1] if pos > 0 else " "
    return before in _OPEN_CONTEXT or before in OPENING


def _quotes(
    norm: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[QuoteRegion], int]:
    """Pair quotation marks paragraph by paragraph; never raises on unbalanced marks."""
    quotes: list[QuoteRegion] = []
    unbalanced = 0
    open_start: int | None = None  # opening mark of the quotation still open
    parts: list[tuple[int, int]] = []
    part_start = 0
    all_marks = _double_marks(norm)
    positions = [pos for pos, _ in all_marks]
    for pi, (ps, pe) in enumerate(paragraphs):
        marks = _in_range(all_marks, positions, ps, pe)
        k = 0
        if open_start is not None:
            # a quotation left open continues only if this paragraph opens with a mark
            if marks and marks[0][0] == ps and _is_opening(norm, ps, marks[0][1]):
                part_start = ps
                k = 1
            else:
                quotes.append(QuoteRegion(open_start, parts[-1][1], tuple(parts), False))
                unbalanced += 1
                open_start, parts = None, []
        for pos, mark in marks[k:]:
            opening = _is_opening(norm, pos, mark)
            if open_start is None:
                if opening or mark in _AMBIGUOUS:
                    open_start = part_start = pos
                else:
                    unbalanced += 1  # a closing mark with nothing open
            elif opening and mark not in _AMBIGUOUS and pos > part_start:
                # a new opening mark while one is open: close the old one unbalanced
                parts.append((part_start, pos))
                quotes.append(QuoteRegion(open_start, pos, tuple(parts), False))
                unbalanced += 1
                open_start = part_start = pos
                parts = []
            else:
                end = pos + len(mark)
                parts.append((part_start, end))
                quotes.append(QuoteRegion(open_start, end, tuple(parts), True))
                open_start, parts = None, []
        if open_start is not None:
            parts.append((part_start, pe))
            if pi == len(paragraphs) - 1:
                quotes.append(QuoteRegion(open_start, pe, tuple(parts), False))
                unbalanced += 1
                open_start, parts = None, []
    quotes.extend(_single_quotes(norm, paragraphs, quotes))
    quotes.sort(key=lambda q: q.start)
    return quotes, unbalanced


def _single_quotes(
    norm: str, paragraphs: list[tuple[int, int]], doubles: list[QuoteRegion]
) -> list[QuoteRegion]:
    """Quotations in single marks ('...' or ‘...’) outside double-quoted text."""
    if "'" not in norm and "‘" not in norm:
        return []
    covered = sorted((s, e) for q in doubles for s, e in q.parts)
    starts = [s for s, _ in covered]

    def inside_double(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < covered[k][1]

    marks = sorted(k for mark in _SINGLE_MARKS for k in _find_all(norm, mark))
    found = []
    for ps, pe in paragraphs:
        open_pos = None
        for pos in _in_range(marks, marks, ps, pe):
            mark = norm[pos]
            before = norm[pos - 1] if pos > ps else " "
            after = norm[pos + 1] if pos + 1 < pe else " "
            if open_pos is None:
                if (
                    mark in "'‘"
                    and (before in _OPEN_CONTEXT or before in "\"“")
                    and after.isalpha()
                    and not inside_double(pos)
                ):
                    open_pos = pos
            elif mark in "'’" and not before.isspace() and not after.isalnum():
                if pos - open_pos <= 300:
                    found.append(
                        QuoteRegion(open_pos, pos + 1, ((open_pos, pos + 1),), True, True)
                    )
                open_pos = None
    return found
