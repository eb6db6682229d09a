"""Coreference: whom "Smith", "she", "they" and "the researchers" refer to.

:class:`Mentions` is built once per document, before any attribution is classified:

- **people named** anywhere: a title and a name ("Dr. Lena Okafor", "Mr. Smith") or a
  run of two to four capitalised words that is no organisation ("Karen J. Sherman");
  a person mentioned near a word of authorship ("lead author", "who led the study", "and
  colleagues") is an **author** of the study the article reports;
- then, as the attributions are classified in text order, **every speaker** (person,
  organisation, study team, document, group) is added.

The rules, each a method below:

- a bare surname ("Smith says") is the person named before with that surname
  (:meth:`Mentions.by_surname`);
- "he" / "she" is the nearest person named before, outside quotations, within 12
  sentences (:meth:`Mentions.person_before`);
- "they" is the nearest group that spoke before within 3 sentences (a study team, an
  organisation, patients, critics), else a study team mentioned just before
  (:meth:`Mentions.group_before`); "it" the nearest organisation or document;
- "the researchers", "the authors", "the study team" are the study's named authors when
  the article names one, anywhere (:meth:`Mentions.study_author`): a reader can tell who
  they are.
"""

from __future__ import annotations

from typing import NamedTuple
from itertools import compress
from operator import ne

from ...document import LONG_TEXT_WORDS
from .tokens import Tokens, positions

PRONOUN_REACH = 12  # sentences back to look for a person "he" or "she" refers to
GROUP_REACH = 3  # sentences back for "they" and "it"


class Person(NamedTuple):
    """A person named in the text: the name's tokens (title left out)."""

    start: int
    end: int
    name: str
    sentence: int
    quoted: bool
    titled: bool


class Spoken(NamedTuple):
    """A speaker already classified: which kind of source, where."""

    pos: int
    sentence: int
    kind: str  # person, organisation, researchers, participants, group, document
    source_class: str
    speaker: str | None
    span: tuple[int, int]


class Mentions:
    """The people named in a document and the speakers classified so far.

    People are found where a question needs them, not all at once: from the capitalised
    word a surname, a pronoun or a word of authorship points at, each run of capitals
    read once (most articles ask about a few)."""

    def __init__(self, tk: Tokens) -> None:
        self._tk = tk
        self._surnames: dict[str, list[Person]] = {}  # surname -> the people so named
        self._spoke: dict[str, list[Person]] = {}  # surname -> the named speakers so far
        self._word_set: set[str] | None = None
        self._places: dict[str, list[int]] | None = None  # word -> its positions (long texts)
        self._runs: dict[int, Person | None] = {}  # last token of a run -> the person, if any
        self.spoken: list[Spoken] = []  # text order
        self._author: Person | None | bool = False  # not looked for yet

    @classmethod
    def of(cls, tk: Tokens) -> "Mentions":
        return cls(tk)

    # -- people ---------------------------------------------------------------------------

    def person_ending(self, last: int) -> Person | None:
        """The person named by the run of capitalised words ending at token ``last``
        (None when the run goes on, or names no person)."""
        try:
            return self._runs[last]
        except KeyError:
            pass
        tk = self._tk
        words, lower = tk.words, tk.lower
        person = None
        if not (last + 1 < tk.n and words[last + 1] != lower[last + 1] and _joined(tk, last + 1)):
            start = last
            while start > 0 and words[start - 1] != lower[start - 1] and _joined(tk, start) \
                    and last - start < 6:
                start -= 1
            if last > start or (start > 0 and lower[start - 1] in tk.rules.titles):
                person = _as_person(tk, start, last + 1)
        self._runs[last] = person
        return person

    def people_between(self, lo: int, hi: int) -> list[Person]:
        """The people whose names end in tokens ``lo..hi``, in text order."""
        tk = self._tk
        out = []
        for c in compress(range(lo, hi), map(ne, tk.words[lo:hi], tk.lower[lo:hi])):
            p = self.person_ending(c)
            if p is not None:
                out.append(p)
        return out

    def by_surname(self, tk: Tokens, t: int) -> Person | None:
        """The person whose name ends with the word at ``t`` ("Stein" -> "Dr. Evan A.
        Stein"): the last one named before ``t``, else the first named after it."""
        word = _bare(tk.words[t])
        spoke = self._spoke.get(word)
        if spoke and spoke[-1].end <= t and all(p.name == spoke[-1].name for p in spoke):
            return spoke[-1]  # the one person of that name who spoke: nearly always
        named = self._surnames.get(word)
        if named is None:
            at = [k for w in (word, word + "'s", word + "’s") for k in self.places(w)]
            if len(at) < 2:
                self._surnames[word] = []
                return None  # written once: named nowhere else
            named = self._surnames[word] = [
                p for c in sorted(at)
                if (p := self.person_ending(c)) is not None and (p.end - p.start >= 2 or p.titled)]
        before = after = None
        for p in named:
            if p.end - 1 < t:
                before = p
            elif p.start > t and after is None:
                after = p
        return before or after

    def places(self, word: str) -> list[int]:
        """Where ``word`` (as written) stands in the text. In an article, found by C-speed
        searches of the word list; in a very long text (a book, a whole feed pasted in),
        from an index built once, so that looking up many names stays linear."""
        words = self._tk.words
        if self._places is not None:
            return self._places.get(word, [])
        if len(words) > LONG_TEXT_WORDS:
            self._places = {}
            for k, w in enumerate(words):
                self._places.setdefault(w, []).append(k)
            return self._places.get(word, [])
        if self._word_set is None:
            self._word_set = set(words)  # one pass at C speed, then each test costs nothing
        at: list[int] = []
        if word in self._word_set:
            k = words.index(word)
            while True:
                at.append(k)
                try:
                    k = words.index(word, k + 1)
                except ValueError:
                    break
        return at

    def person_before(self, tk: Tokens, t: int, sentence: int) -> Person | Spoken | None:
        """The person "he" or "she" at ``t`` refers to: the nearest person named or
        speaking before it, outside quotations."""
        named = None
        words, lower = tk.words, tk.lower
        for k in range(sentence, max(-1, sentence - PRONOUN_REACH - 1), -1):
            lo, hi = tk.sentence_bounds(k)
            hi = min(hi, t)
            caps = list(compress(range(lo, hi), map(ne, words[lo:hi], lower[lo:hi])))
            for c in reversed(caps):
                p = self.person_ending(c)
                if p is not None and not p.quoted and p.end <= t and self._is_person(tk, p):
                    named = p
                    break
            if named is not None:
                break
        spoke = next((s for s in reversed(self.spoken) if s.kind == "person" and s.pos < t
                      and s.source_class in ("named_person", "anonymous")), None)
        best: Person | Spoken | None = named
        if spoke is not None and (named is None or spoke.pos > named.start):
            best = spoke
        if best is None or sentence - best.sentence > PRONOUN_REACH:
            return None
        return best

    def _is_person(self, tk: Tokens, p: Person) -> bool:
        """Is there more than capitals to say ``p`` is a person (not "Copper Ridge")? A
        title, a surname used alone elsewhere, a description after a comma, a role."""
        if p.titled or p.end - p.start < 2:
            return p.titled
        surname = tk.words[p.end - 1]
        if _bare(surname) != surname or len(self.places(surname)) > 1:
            return True
        R, lower = tk.rules, tk.lower
        if p.end < tk.n and "," in tk.punct(p.end):
            w = lower[p.end]
            if w in R.determiners or w in R.relatives or w in R.titles or w in R.degrees \
                    or w in R.head_words or tk.is_number(p.end):
                return True
        return p.start > 0 and (lower[p.start - 1] in R.head_words or lower[p.start - 1] in R.verb_forms)

    def study_author(self) -> Person | None:
        """The first author of the study the article reports, when it names one: the
        first person named near a word of authorship ("lead author", "led", "and
        colleagues"), else the first named as a researcher ("Professor", "a researcher
        at the University of ...")."""
        if self._author is False:
            tk = self._tk
            R = tk.rules
            near = list(positions(tk.lower, R.author_or_research_words))  # one C-speed scan
            authors = [w for w in near if tk.lower[w] in R.author_words]
            self._author = self._first_near(tk, authors, 24, 10, _is_author) \
                or self._first_near(tk, near, 14, 8, _is_researcher)
        return self._author  # type: ignore[return-value]

    def _first_near(self, tk: Tokens, near: list[int], back: int, ahead: int,
                    test) -> Person | None:
        """The first person in the text named within ``back`` tokens before or ``ahead``
        after one of the tokens ``near`` in the same sentence, who passes ``test``."""
        best = None
        for w in near:
            if best is not None and best.start < w - back:
                break  # no later window reaches back before the person found
            lo, hi = tk.sentence_bounds(tk.sentence_at(w))
            for p in self.people_between(max(lo, w - back), min(hi, w + ahead)):
                if (best is None or p.start < best.start) and test(tk, p):
                    best = p
        return best

    # -- groups ---------------------------------------------------------------------------

    def group_before(self, tk: Tokens, t: int, sentence: int, kinds: tuple[str, ...]) -> Spoken | None:
        """The nearest speaker of one of ``kinds`` before ``t``, within 3 sentences."""
        for s in reversed(self.spoken):
            if s.pos >= t:
                continue
            if sentence - s.sentence > GROUP_REACH:
                return None
            if s.kind in kinds:
                return s
        return None

    def researchers_before(self, tk: Tokens, t: int, sentence: int) -> bool:
        """Were researchers or a study team mentioned within 3 sentences before ``t``?"""
        lo = tk.sentence_bounds(max(0, sentence - GROUP_REACH))[0]
        heads = tk.rules.researcher_heads
        return any(w in heads for w in tk.lower[lo:t])

    def note(self, person: Person) -> None:
        """Record a person who spoke, named in full (text order)."""
        self._spoke.setdefault(_bare(self._tk.words[person.end - 1]), []).append(person)

    def add(self, spoken: Spoken) -> None:
        """Record a classified speaker (attributions are classified in text order)."""
        self.spoken.append(spoken)


def _joined(tk: Tokens, t: int) -> bool:
    """Do tokens ``t - 1`` and ``t`` stand in one name: a space between them, or the dot
    of a title or an initial ("Dr. Evan A. Stein")?"""
    gap = tk.gaps[t]
    return gap == " " or (gap.strip() == "." and (len(tk.words[t - 1]) == 1
                                                  or tk.lower[t - 1] in tk.rules.titles_abbr))


def _as_person(tk: Tokens, start: int, end: int) -> Person | None:
    """The run of capitalised tokens ``start..end`` as a person, if it names one: two to
    four capitalised words after any title, no organisation word, acronym or source word
    among them ("Dr. Evan A Stein" -> "Evan A Stein")."""
    R, words, lower = tk.rules, tk.words, tk.lower
    titled = False
    # "Board President Lucinda Marsh", "Dean of the College of Arts Helen Marchetti": the
    # name follows the last title
    for t in range(end - 3, start - 1, -1):
        w = lower[t]
        if w in R.titles or w in R.head_words or w in R.not_person or w in R.org_words:
            start, titled = t + 1, titled or w in R.titles or w in R.head_words
            break
    while start < end and lower[start] in R.not_name_start:
        titled = titled or lower[start] in R.titles
        start += 1
    n = end - start
    if n <= 0 or n > 4 or (n < 2 and not titled):
        return None
    seg = lower[start:end]
    if not (R.org_words.isdisjoint(seg) and R.org_names.isdisjoint(seg) and R.not_person.isdisjoint(seg)):
        return None  # an organisation, a place, a law: "Copper Ridge", "Jobs Act"
    names = words[start:end]
    for k, w in enumerate(names):
        if not w[:1].isupper() or (len(w) > 1 and w.isupper()):
            return None  # a lowercase word, an acronym (WHO, CDC)
        if (k == 0 or len(w) > 1) and (seg[k] in R.function or seg[k] in R.source_words):
            return None  # (but "Evan A Stein": a middle initial)
    if n > 1 and R.org_phrases:
        padded = f" {' '.join(seg)} "
        if any(p in padded for p in R.org_phrases):
            return None  # "White House"
    return Person(start, end, " ".join(map(_bare, names)), tk.sentence_at(start),
                  tk.in_quote(start), titled)


def _bare(word: str) -> str:
    """A name without its possessive."""
    return word.removesuffix("'s").removesuffix("’s")


def _is_author(tk: Tokens, p: Person) -> bool:
    """Is the person ``p`` marked as an author of the study: "study author X", "lead
    author X", "X, who led the study", "X and colleagues"?"""
    start, end = p.start, p.end
    lo, hi = tk.sentence_bounds(p.sentence)
    roles = tk.rules.author_roles
    lower = tk.lower
    window = lower[max(lo, start - 6):start] + lower[end:min(hi, end + 20)]
    if not roles.isdisjoint(window):
        return True
    return not tk.rules.study_words.isdisjoint(lower[max(lo, start - 3):start])


def _is_researcher(tk: Tokens, p: Person) -> bool:
    """Is the person at ``p`` written as a researcher ("Professor Chris Brightling, from
    the University of Leicester", "Dr. X, a researcher at ...")? The next best guess at
    a study's author when none is marked as one."""
    lo, hi = tk.sentence_bounds(p.sentence)
    R, lower = tk.rules, tk.lower
    window = lower[max(lo, p.start - 4):p.start] + lower[p.end:min(hi, p.end + 12)]
    return not R.research_words.isdisjoint(window)
