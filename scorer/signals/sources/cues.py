"""Cues: where an attribution is, and which words are its speaker.

Every reporting verb (``reporting_verbs.txt``) outside a quotation is judged by the
shapes below, **in the order of** :data:`VERB_SHAPES`; the first that recognises the
verb decides: it returns a :class:`Candidate`, or :data:`NOT_A_CUE` when the verb is
there but attributes nothing ("responded by easing sanctions", "the claims"). A shape
that does not apply returns None and the next one is tried.

Then, over the whole document: "according to X" (:func:`according_to`) and impersonal
phrases with no speaker ("it is believed", "reportedly": :func:`impersonal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from .clauses import agrees, relative_antecedent
from .phrases import (apposition_before, head_of, phrase_end, phrase_start, sentence_subject,
                      skip_unauthorised, with_apposition)
from .tokens import CLOSE_MARKS, DASHES, YEAR_RE, Tokens, positions, title_case


@dataclass
class Candidate:
    """An attribution found, before its source is classified (token ranges)."""

    pattern: str  # source_cue, cue_source, according_to, passive_by, vague_phrase, vague_adverb
    cue: tuple[int, int]
    source: tuple[int, int] | None  # the whole source phrase as written
    core: tuple[int, int] | None = None  # the name or head part of it
    recipient: tuple[int, int] | None = None  # "told [Reuters]"
    sentence: int = 0


class _NotACue:
    def __repr__(self) -> str:
        return "NOT_A_CUE"


NOT_A_CUE = _NotACue()
Verdict = Union[Candidate, _NotACue, None]


class Verb:
    """A reporting verb being judged, with what stands around it."""

    __slots__ = ("start", "end", "sentence", "lo", "hi", "word", "prev", "punct_before", "next",
                 "_subject_last")

    def __init__(self, tk: Tokens, start: int, end: int) -> None:
        self.start = start  # its first token
        self.end = end  # past its last token ("point out": two)
        self.sentence = sentence = tk.sentence_at(start)
        self.lo, self.hi = lo, hi = tk.sentence_bounds(sentence)  # the sentence's tokens
        self.word = tk.lower[start]  # its first token, lowercase
        # the token before it in the sentence, and the punctuation between them
        self.prev = tk.lower[start - 1] if start - 1 >= lo else None
        self.punct_before = tk.punct(start) if start > lo else ""
        # the token after it, when no punctuation comes between
        self.next = tk.lower[end] if end < hi and not tk.punct(end) else None
        self._subject_last: int | None | bool = False  # not looked for yet

    def subject_last(self, tk: Tokens) -> int | None:
        """The last token of the subject before the verb (see :func:`_subject_last`)."""
        if self._subject_last is False:
            self._subject_last = _subject_last(tk, self)
        return self._subject_last  # type: ignore[return-value]

    def candidate(self, pattern: str, source: tuple[int, int] | None,
                  core: tuple[int, int] | None = None,
                  recipient: tuple[int, int] | None = None) -> Candidate:
        return Candidate(pattern, (self.start, self.end), source, core, recipient, self.sentence)


# -- the shapes of a verb, in order --------------------------------------------------------


def action_not_speech(tk: Tokens, v: Verb) -> Verdict:
    """Verbs used for actions, not words.

    Not a cue: "responded by easing sanctions", "responded with force", "added 255,000
    jobs", "must contend with side effects". (Not this shape: "responded that ...".)
    """
    if v.next is not None and (
        (v.word.startswith("respond") and v.next in ("by", "with"))
        or (v.word.startswith("add") and tk.is_number(v.end))
        or (v.word.startswith("contend") and v.next == "with")
    ):
        return NOT_A_CUE
    return None


def capitalised_verb(tk: Tokens, v: Verb) -> Verdict:
    """A capitalised verb form mid-sentence is a name ("United States", "Theresa May");
    at the sentence start only the inverted "Said Ellis: ..." counts.

    Found: "Said Ellis: the plan is dead." Not a cue: "The United States and Canada
    signed". Headlines in title case ("Obama Says Museum Will Open") are not names.
    """
    if not tk.words[v.start][:1].isupper() or title_case(tk, v.lo, v.hi):
        return None
    if v.start == v.lo and v.word in tk.rules.inverting:
        end = phrase_end(tk, v.end, v.hi, limit=5)
        if end is not None:
            return v.candidate("cue_source", (v.end, end), (v.end, end))
    return NOT_A_CUE


def participial(tk: Tokens, v: Verb) -> Verdict:
    """A participle after a comma or a preposition, or a verb after "and"/"but": the
    sentence's subject speaks.

    Found: "Nora Vance attacked the plan, saying it was unfair." (Nora Vance), "The mayor
    bemoaned the unrest and said a curfew would continue." (The mayor), "After saying
    ..., Clinton left". Not a cue: the same shapes with no subject phrase ("Before
    saying anything, ...": no speaker found).
    """
    R = tk.rules
    gerund = v.word in R.gerund_cues and (
        "," in v.punct_before or (v.prev in R.gerund_prepositions and not v.punct_before))
    coordinated = v.prev in ("and", "but") and not v.punct_before
    if not (gerund or coordinated):
        return None
    subject = sentence_subject(tk, v.lo, v.start)
    return v.candidate("source_cue", subject, subject) if subject is not None else NOT_A_CUE


def parenthetical(tk: Tokens, v: Verb) -> Verdict:
    """A speaker with a parenthesis before the verb.

    Found: "Rep. Gwen Hale (D-Ore.) said" (Rep. Gwen Hale). Not a cue: "(see below)
    said" with no phrase before the parenthesis.
    """
    if ")" not in v.punct_before or "," in v.punct_before:
        return None
    k = v.start - 1
    while k > v.lo and "(" not in tk.punct(k) and v.start - k < 8:
        k -= 1
    if k > v.lo and "(" in tk.punct(k):
        start = phrase_start(tk, k - 1, v.lo)
        if start is not None:
            return v.candidate("source_cue", (start, v.start), (start, k))
    return NOT_A_CUE


def noun_use(tk: Tokens, v: Verb) -> Verdict:
    """The verb's form used as a noun or adjective.

    Not a cue: "the claims", "his statement", "1,000 confirmed cases", "North Korea's
    claims", "That said, ...". (Still cues: "some believe", "many fear", "who in 2010
    said".)
    """
    R, prev = tk.rules, v.prev
    if v.punct_before or prev is None:
        return None
    if prev == "that" and v.start - 1 == v.lo:
        return NOT_A_CUE  # "That said, ..."
    if (prev in R.determiners and prev not in R.generic_quantifiers) or prev.endswith(("'s", "’s")):
        return NOT_A_CUE
    if tk.is_number(v.start - 1) and not (
            YEAR_RE.match(prev) and v.start - 2 >= v.lo and tk.lower[v.start - 2] in R.year_prefixes):
        return NOT_A_CUE
    return None


def passive_by(tk: Tokens, v: Verb) -> Verdict:
    """A passive after "be": the source follows "by".

    Found: "was told by Nora Vance" (Nora Vance). Not a cue: "The team was told to
    wait." (other passives such as "is said to" are impersonal phrases).
    """
    if v.prev not in tk.rules.be or v.punct_before:
        return None
    if v.end < v.hi and tk.lower[v.end] == "by":
        end = phrase_end(tk, v.end + 1, v.hi)
        if end:
            return v.candidate("passive_by", (v.end + 1, end))
    return NOT_A_CUE


def reduced_passive(tk: Tokens, v: Verb) -> Verdict:
    """An -ed form followed by "by", without "be".

    Found: "a figure confirmed by a report by the state auditor", "the plan, announced
    by the mayor, ...". Not this shape: "said by phone" (not an -ed form).
    """
    lower = tk.lower
    if not (v.end < v.hi and lower[v.end] == "by" and v.word.endswith("ed") and not tk.punct(v.end)):
        return None
    end = phrase_end(tk, v.end + 1, v.hi)
    if not end:
        return None
    # "a report by the state auditor", "data from the county": one source
    if end + 1 < v.hi and lower[end] in ("by", "from", "of") and not tk.punct(end):
        end = phrase_end(tk, end + 1, v.hi) or end
    return v.candidate("passive_by", (v.end + 1, end))


def inverted(tk: Tokens, v: Verb) -> Verdict:
    """The speaker after the verb, after a comma, colon, dash or closing quote.

    Found: '"We will appeal," said John Doe, a lawyer for the family.' (the source runs
    over the apposition). Not this shape: "Mr. Smith, a critic, said" (an apposition
    before the verb: :func:`apposition`).
    """
    pb = v.punct_before
    if not pb or v.word not in tk.rules.inverting or not (set(pb) & set(CLOSE_MARKS + ",:—–")):
        return None
    quote_close = any(c in CLOSE_MARKS for c in pb)
    if not quote_close and apposition_before(tk, v.start, v.lo) is not None:
        return None
    end = phrase_end(tk, v.end, v.hi)
    if end is None:
        return None
    return v.candidate("cue_source", (v.end, with_apposition(tk, end, v.hi)), (v.end, end))


def apposition(tk: Tokens, v: Verb) -> Verdict:
    """The speaker before a comma or dash before the verb; any other punctuation right
    before a verb leaves it without a speaker.

    Found: "Mr. Smith, a critic, said" (Mr. Smith, a critic), "Jane Doe, who has led
    the agency since 2010, said" (Jane Doe: the clause is about her, not her name). Not
    a cue: "In Ohio; said".
    """
    pb = v.punct_before
    if not pb:
        return None
    if "," in pb or any(d in pb for d in DASHES):
        app = apposition_before(tk, v.start, v.lo)
        if app is not None:
            relative = tk.lower[app[1]] in tk.rules.relatives
            return v.candidate("source_cue", app if relative else (app[0], v.start), app)
    return NOT_A_CUE


def _subject_last(tk: Tokens, v: Verb) -> int | None:
    """The last token of the subject before the verb, skipping "also", "has", "on
    Tuesday", "last week", "in 2010" between them; None when punctuation comes first."""
    R, lower, words = tk.rules, tk.lower, tk.words
    q = v.start - 1
    while q >= v.lo and not tk.punct(q + 1):
        w = lower[q]
        if words[q].islower() and (w in R.adverbs or w in R.auxiliaries):
            q -= 1
        elif w in R.days and q - 1 >= v.lo and lower[q - 1] in R.time_prefixes:
            q -= 2  # "on Tuesday", "last Friday"
        elif w in R.time_nouns and q - 1 >= v.lo and lower[q - 1] in R.time_prefixes - {"on"}:
            q -= 2  # "last week"
        elif YEAR_RE.match(w) and q - 1 >= v.lo and lower[q - 1] in R.year_prefixes:
            q -= 2  # "who in 2010 said"
        else:
            break
    if q < v.lo or tk.punct(q + 1):
        return None
    return q


def unauthorised(tk: Tokens, v: Verb) -> Verdict:
    """A speaker followed by a "not authorized to" clause: the source runs up to the verb.

    Found: "An official not authorized to speak publicly said" (the whole phrase). Not
    this shape: "An official said".
    """
    q = v.subject_last(tk)
    if q is None:
        return None
    last = skip_unauthorised(tk, q, v.lo)
    if last == q:
        return None
    end = v.start
    while end - 1 > q and (tk.lower[end - 1] in tk.rules.auxiliaries or tk.lower[end - 1] in tk.rules.days):
        end -= 1
    start = phrase_start(tk, last, v.lo)
    return v.candidate("source_cue", (start, end), (start, last + 1)) if start is not None else NOT_A_CUE


def who_clause(tk: Tokens, v: Verb) -> Verdict:
    """An unpunctuated "who" clause between the speaker and the verb: the speaker is the
    phrase "who" refers to, with its clause (not the nearest noun).

    Found: "A senior official who spoke on condition of anonymity said" (the official
    and the clause), "Officials who spoke to the Post said" (not the Post). Not a cue:
    "the men who had cancer indicated by the test" (a reduced passive), "women who
    received it continued to receive", "a hacker who exposed private email gets" (the
    verb disagrees with "hacker": "email" is a noun). Not this shape: "the man who
    Smith said" (Smith speaks).
    """
    if v.word.endswith("ing"):
        return None
    q = v.subject_last(tk)
    if q is None:
        return None
    antecedent = relative_antecedent(tk, q, v.lo)
    if antecedent is None:
        return None
    start, who = antecedent
    if v.next == "by" and v.word.endswith("ed"):
        return NOT_A_CUE
    if v.word in ("continued", "went") and v.next == "to":
        # (elsewhere "X continued to question" stays a cue: PolNeAR counts it as one)
        return NOT_A_CUE
    if not agrees(tk, start, who, q, v.start):
        return NOT_A_CUE
    # q is the clause's last word: the "on Tuesday", "also" skipped after it stay out
    return v.candidate("source_cue", (start, q + 1), (start, who))


def relative_subject(tk: Tokens, v: Verb) -> Verdict:
    """A relative pronoun right before the verb: its antecedent speaks.

    Found: "Smith, who said" (Smith), "a report that said" (a report). Not a cue: "who
    said" at the start of a sentence.
    """
    q = v.subject_last(tk)
    if q is None or tk.lower[q] not in tk.rules.relatives or not tk.words[q].islower():
        return None
    if q - 1 < v.lo:
        return NOT_A_CUE
    start = phrase_start(tk, q - 1, v.lo)
    return v.candidate("source_cue", (start, q), (start, q)) if start is not None else NOT_A_CUE


def subject(tk: Tokens, v: Verb) -> Verdict:
    """The plain "X said": the phrase right before the verb (after "also", "has", "on
    Tuesday").

    Found: "Mayor Ana Ruiz said", "Tom Reyes has repeatedly denied", "Marta Quill told
    Reuters" (recipient: Reuters). Not a cue: "the matter said" (no name, no source
    word).
    """
    q = v.subject_last(tk)
    if q is None:
        return NOT_A_CUE
    start = phrase_start(tk, q, v.lo)
    if start is None:
        return NOT_A_CUE
    recipient = None
    if v.word == "told" and v.end < v.hi:
        end = phrase_end(tk, v.end, v.hi, limit=5)
        if end:
            recipient = (v.end, end)
    return v.candidate("source_cue", (start, q + 1), (start, q + 1), recipient)


Shape = Callable[[Tokens, Verb], Verdict]

#: The order the shapes of a verb are tried in: refusals that need only the verb's
#: neighbours first, then shapes with the speaker after the verb, then before it.
VERB_SHAPES: tuple[Shape, ...] = (
    action_not_speech,
    capitalised_verb,
    participial,
    parenthetical,
    noun_use,
    passive_by,
    reduced_passive,
    inverted,
    apposition,
    unauthorised,
    who_clause,
    relative_subject,
    subject,
)


def judge_verb(tk: Tokens, start: int, end: int) -> Candidate | None:
    """The attribution a reporting verb at ``start..end`` makes, if any."""
    v = Verb(tk, start, end)
    for shape in VERB_SHAPES:
        verdict = shape(tk, v)
        if verdict is not None:
            return verdict if isinstance(verdict, Candidate) else None
    return None


# -- the other cues --------------------------------------------------------------------


_ACCORDING = frozenset(("according",))


def according_to(tk: Tokens) -> list[Candidate]:
    """ "according to X" outside quotations.

    Found: "According to the World Health Organization, cases rose." Not a cue: "The
    work went according to plan.", "According to the schedule, ..." (``not_source``).
    """
    R, lower = tk.rules, tk.lower
    out = []
    for i in positions(lower, _ACCORDING):
        if i + 2 >= len(lower) or lower[i + 1] != "to" or tk.in_quote(i):
            continue
        sentence = tk.sentence_at(i)
        _, hi = tk.sentence_bounds(sentence)
        end = phrase_end(tk, i + 2, hi, limit=14)
        if end is None or lower[head_of(tk, i + 2, end)] in R.not_source:
            continue
        out.append(Candidate("according_to", (i, i + 2), (i + 2, with_apposition(tk, end, hi)),
                             (i + 2, end), sentence=sentence))
    return out


def impersonal(tk: Tokens, taken: set[int]) -> list[Candidate]:
    """Phrases that attribute to nobody in particular (``cues.txt``: vague_phrase,
    vague_adverb), outside quotations and outside cues already found.

    Found: "It is believed that ...", "The minister reportedly plans ...". Not a cue:
    "reportedly" inside a quotation.
    """
    out = []
    for i, j, entry in tk.rules.vague.match(tk.lower):
        if taken.intersection(range(i, j)) or tk.in_quote(i):
            continue
        pattern = "vague_adverb" if entry.category == "vague_adverb" else "vague_phrase"
        out.append(Candidate(pattern, (i, j), None, sentence=tk.sentence_at(i)))
    return out


def find(tk: Tokens) -> list[Candidate]:
    """Every candidate attribution of the document, in text order."""
    R, lower = tk.rules, tk.lower
    found: list[Candidate] = []
    taken: set[int] = set()
    # "who asked not to be named": a verb inside an anonymity marker is no attribution
    in_marker = {t for i, j, _ in R.anon_marker.match(lower) for t in range(i, j)}
    for i, j, entry in R.verbs.match(lower):
        if tk.in_quote(i) or i in in_marker:
            continue
        c = judge_verb(tk, i, j)
        if c is None:
            continue
        if entry.category in ("belief", "finding"):
            # beliefs count only after a generic group ("some believe", "many fear"),
            # findings only after a document or a group ("data show", "studies found")
            s, e = c.core or c.source
            head = lower[head_of(tk, s, e)]
            if head not in R.vague_groups and not (
                entry.category == "finding" and head in R.document_heads
            ):
                continue
        found.append(c)
        taken.update(range(*c.cue))
    for c in according_to(tk):
        found.append(c)
        taken.update(range(*c.cue))
    found.extend(impersonal(tk, taken))
    found.sort(key=lambda c: c.cue[0])
    return found
