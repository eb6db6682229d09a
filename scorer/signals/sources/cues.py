"""Cues: where an attribution is, and which words are its speaker.

Every reporting verb (``reporting_verbs.txt``) outside a quotation is judged by the
shapes below, **in the order of** :data:`VERB_SHAPES`; the first that recognises the
verb decides: it returns a :class:`Candidate`, or :data:`NOT_A_CUE` when the verb is
there but attributes nothing ("responded by easing sanctions", "the claims"). A shape
that does not apply returns None and the next one is tried.

Then, over the whole document: "according to X" (:func:`according_to`), impersonal
phrases with no speaker ("it is believed", "reportedly": :func:`impersonal`) and
agentless passives of finding or belief ("has been shown to": :func:`impersonal_passive`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from .clauses import agrees, relative_antecedent
from .phrases import (apposition_before, clause_subject, head_of, phrase_end, phrase_start,
                      sentence_subject, skip_unauthorised, with_apposition)
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
        self.sentence = sentence = tk.sentence_of_token[start]
        self.lo, self.hi = lo, hi = tk.doc.sent_tokens[sentence]  # the sentence's tokens
        lower = tk.lower
        self.word = lower[start]  # its first token, lowercase
        # the token before it in the sentence, and the punctuation between them
        self.prev = lower[start - 1] if start - 1 >= lo else None
        self.punct_before = tk.punct(start) if start > lo else ""
        # the token after it, when no punctuation comes between
        self.next = lower[end] if end < hi and not tk.punct(end) else None
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
    sentence's subject speaks. After "with X" the speaker is X; after a report or a
    statement, whoever made it (the sentence's subject).

    Found: "Nora Vance attacked the plan, saying it was unfair." (Nora Vance), "The mayor
    bemoaned the unrest and said a curfew would continue." (The mayor), "After saying
    ..., Clinton left", "the current study found ..., suggesting" (the current study),
    "with former minister Ana Ruiz labeling it a 'hoax'" (former minister Ana Ruiz),
    "Smith produced a report accusing the board" (Smith). Not a cue: the same shapes
    with no subject phrase ("Before saying anything, ...": no speaker found).
    """
    R = tk.rules
    if v.word in R.gerund_cues and not v.punct_before and v.prev is not None:
        start = phrase_start(tk, v.start - 1, v.lo)
        if start is not None and start > v.lo and tk.lower[start - 1] == "with" and not tk.punct(start):
            return v.candidate("source_cue", (start, v.start), (start, v.start))
        if tk.lower[v.start - 1] in R.document_heads or tk.lower[v.start - 1] in R.voice_heads:
            subject = sentence_subject(tk, v.lo, v.start)
            if subject is not None and subject[1] <= v.start - 1:
                return v.candidate("source_cue", subject, subject)
    gerund = v.word in R.gerund_cues and (
        "," in v.punct_before or (v.prev in R.gerund_prepositions and not v.punct_before))
    coordinated = v.prev in ("and", "but") and not v.punct_before
    if not (gerund or coordinated):
        return None
    lo = v.lo
    while lo < v.start and tk.in_quote(lo):
        lo += 1  # '"It is great," Trump said, adding': not a word of the quotation
    subject = sentence_subject(tk, lo, v.start)
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
    claims", "That said, ...", "news reports say" ("reports" before a verb), "seeking
    comment". (Still cues: "some believe", "many fear", "who in 2010 said".)
    """
    R, prev = tk.rules, v.prev
    if v.next is not None and v.word.endswith("s") and v.next in R.verb_forms:
        return NOT_A_CUE  # "news reports say": the verb's form is a plural noun
    if v.punct_before or prev is None:
        return None
    if prev == "that" and v.start - 1 == v.lo:
        return NOT_A_CUE  # "That said, ..."
    if (prev in R.determiners and prev not in R.generic_quantifiers) or prev.endswith(("'s", "’s")):
        return NOT_A_CUE
    if prev in R.request_words and tk.words[v.start - 1].islower():
        return NOT_A_CUE  # "messages seeking comment", "a request for comment"
    if v.word.endswith("s") and prev.endswith("ing") and prev not in R.gerund_cues \
            and tk.words[v.start - 1].islower():
        return NOT_A_CUE  # "sparking fears", "citing reports": the object of a participle
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
    first = v.end
    if first + 1 < v.hi and tk.lower[first] in ("that", "this") and not tk.punct(first + 1) and (
            tk.lower[first + 1].endswith(("'s", "’s")) or tk.lower[first + 1] in tk.rules.head_words):
        first += 1  # "said that study's leader, Dr. Paul Goss": the determiner stays out
    end = phrase_end(tk, first, v.hi)
    if end is None:
        return None
    whole = with_apposition(tk, end, v.hi)
    core_end = end
    if whole > end and tk.is_cap(end) and not any(tk.is_cap(t) and tk.lower[t] not in tk.rules.titles
                                                  for t in range(first, end) if not tk.lower[t].endswith(("'s", "’s"))):
        core_end = whole  # "said Estrelia's president, Karl Mattson": the name is the speaker
    return v.candidate("cue_source", (v.end, whole), (first, core_end))


def apposition(tk: Tokens, v: Verb) -> Verdict:
    """The speaker before a comma or dash before the verb; any other punctuation right
    before a verb leaves it without a speaker.

    Found: "Mr. Smith, a critic, said" (Mr. Smith, a critic), "Jane Doe, who has led
    the agency since 2010, said" (the name and its clause; the name is the core),
    "Rabin, who was not involved, did add" (Rabin), "In a statement, the department
    confirmed a fire, said ..." (the department). Not a cue: "In Ohio; said".
    """
    R, at, pb = tk.rules, v.start, v.punct_before
    if not pb:
        # "Rabin, who was not involved, did add": back over auxiliaries to the comma
        while at - 1 > v.lo and not tk.punct(at) and tk.words[at - 1].islower() and (
                tk.lower[at - 1] in R.auxiliaries or tk.lower[at - 1] in R.adverbs):
            at -= 1
        pb = tk.punct(at) if at < v.start else ""
        if "," not in pb:
            return None
    if "," in pb or any(d in pb for d in DASHES):
        app = apposition_before(tk, at, v.lo)
        if app is not None and tk.lower[app[1]] in R.determiners:
            k = _clause_verb(tk, app[1], at)
            if k is not None:
                # "In a statement, the department confirmed ..., said ...": no
                # apposition but a clause; its subject says both
                return v.candidate("source_cue", (app[1], k), (app[1], k))
        if app is not None:
            # the source runs over the apposition or the clause; the name is its core
            # (but "X, in a statement on Tuesday, said": the channel is no part of it)
            channel = tk.lower[app[1]] in ("in", "on", "during")
            return v.candidate("source_cue", app if channel else (app[0], at), app)
    return NOT_A_CUE


def _clause_verb(tk: Tokens, first: int, end: int) -> int | None:
    """The first finite cue verb in tokens ``first..end`` when they are a clause of their
    own ("the department confirmed a disturbance"), not an apposition with a relative
    clause or a participle in it ("a critic who said", "the study published in JAMA")."""
    R, lower, words = tk.rules, tk.lower, tk.words
    for u in range(first + 1, end):
        w = lower[u]
        if w in R.relatives or w == "that" or tk.punct(u):
            return None
        if w in R.verb_forms and words[u].islower() and (
                w.endswith(("ed", "s")) or w in R.past_without_ed) \
                and w not in R.phrase_participles and w not in R.participle_only:
            # a finite verb right after its whole subject ("the department confirmed"),
            # not a noun or an adjective inside the phrase ("a noted architect",
            # "the author of two reports")
            before = lower[u - 1]
            if (tk.is_cap(u - 1) or before in R.head_words) and not before.endswith(("'s", "’s")) \
                    and phrase_start(tk, u - 1, first) == first:
                return u
            return None
    return None


def not_finite(tk: Tokens, v: Verb) -> Verdict:
    """A participle with no comma, preposition or "be" before it, or an infinitive, is
    no cue of its own.

    Not a cue: "The most promising", "they report feeling drunk", "The experiment,
    written up in", "declined to comment", "agency staff plan to answer questions",
    "minutes posted on the website" (a participle after its noun). (Cues with a
    participle are found by :func:`participial` and :func:`passive_by`, which come
    first; "studies have shown" is finite.)
    """
    R = tk.rules
    if v.word.endswith("ing") or (v.word in R.participle_only and v.prev not in R.auxiliaries):
        return NOT_A_CUE
    if v.prev == "to" and not v.punct_before:
        return NOT_A_CUE
    if v.word in R.phrase_participles and not v.punct_before and (
            v.prev in R.document_heads or v.prev in R.voice_heads):
        return NOT_A_CUE
    return None


def _subject_last(tk: Tokens, v: Verb) -> int | None:
    """The last token of the subject before the verb, skipping "also", "has", "on
    Tuesday", "last week", "in 2010" between them; None when punctuation comes first."""
    R, lower, words = tk.rules, tk.lower, tk.words
    q = v.start - 1
    while q >= v.lo and not tk.punct(q + 1):
        w = lower[q]
        if words[q].islower() and (w in R.adverbs or w in R.auxiliaries or (
                w.endswith("ly") and len(w) > 4 and w not in R.source_words and q - 1 >= v.lo
                and lower[q - 1] not in R.auxiliaries and lower[q - 1] not in R.relatives)):
            q -= 1  # "has also said", "Experts generally recommend" (not "who has ... argued")
        elif w in R.days and q - 1 >= v.lo and lower[q - 1] in R.time_prefixes:
            q -= 2  # "on Tuesday", "last Friday"
        elif w in R.time_nouns and q - 1 >= v.lo and lower[q - 1] in R.time_prefixes - {"on"}:
            q -= 2  # "last week"
        elif YEAR_RE.match(w) and q - 1 >= v.lo and lower[q - 1] in R.year_prefixes:
            q -= 2  # "who in 2010 said"
        else:
            break
    if q < v.lo:
        return None
    gap = tk.punct(q + 1)
    if gap and not (gap == "." and lower[q] in R.titles_abbr):  # "Acme Inc. today said"
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
    Reuters" (recipient: Reuters), "A study of 50 people with epilepsy found" (the whole
    subject, see :func:`clause_subject`). Not a cue: "the matter said" (no name, no
    source word).
    """
    q = v.subject_last(tk)
    if q is None:
        return NOT_A_CUE
    start = phrase_start(tk, q, v.lo)
    if start is None or (start > v.lo and not tk.punct(start)):  # it may run on to the left
        whole = clause_subject(tk, q, v.lo)
        if whole is not None and (start is None or whole < start):
            start = whole  # "Twice as many patients in the yoga and stretching groups"
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
    not_finite,
    unauthorised,
    who_clause,
    relative_subject,
    subject,
)


#: The same, for a verb with no punctuation right before it (the shapes that need
#: some are left out: it is most verbs, and each shape is a call)
_UNPUNCTUATED = tuple(s for s in VERB_SHAPES if s not in (parenthetical, inverted))


def judge_verb(tk: Tokens, start: int, end: int) -> Candidate | None:
    """The attribution a reporting verb at ``start..end`` makes, if any."""
    v = Verb(tk, start, end)
    for shape in (VERB_SHAPES if v.punct_before else _UNPUNCTUATED):
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


def impersonal_passive(tk: Tokens, taken: set[int]) -> list[Candidate]:
    """An agentless passive of finding or belief (``cues.txt``: impersonal_passive): a
    claim with no source, vague. With "by" after it, the source follows "by".

    Found: "CBT has been shown to help", "No side effects have been reported.", "It has
    been estimated that ...", "a chemical thought to cause", "considered the safest
    dose by the Institute of Medicine" (the Institute speaks), "It has been associated
    with". Not a cue: "29 tumors were found in the samples", "is known as", "the film was
    shown on television", "Smith said to reporters", "should be considered", "is not
    expected to", "was associated with" (a statistical result).
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    out = []
    for t, _, entry in R.impersonal.match(lower):
        if t in taken or tk.in_quote(t):
            continue
        sentence = tk.sentence_at(t)
        lo, hi = tk.sentence_bounds(sentence)
        nxt = lower[t + 1] if t + 1 < hi and not tk.punct(t + 1) else None
        # back over "widely", "long", "also" to a form of "be" ("has long been known")
        b = t - 1
        while b >= lo and not tk.punct(b + 1) and words[b].islower() and (
                lower[b] in R.adverbs or lower[b] in R.passive_glue or lower[b].endswith("ly")):
            b -= 1
        passive = b >= lo and not tk.punct(b + 1) and lower[b] in R.be
        if not passive:
            if lower[t] in R.reduced_impersonal and nxt == "to" and t - 1 >= lo and not tk.punct(t) \
                    and (words[t - 1].islower() or t - 1 == lo) and not tk.is_pronoun(t - 1) \
                    and lower[t - 1] not in R.be_or_aux:
                out.append(Candidate("vague_phrase", (t, t + 1), None, sentence=sentence))
            continue
        if entry.category != "impersonal_passive" and nxt not in R.impersonal_complement:
            continue
        if nxt == "for":
            continue  # "was considered for the post": a candidate, not a claim
        if any(lower[k] in R.negations for k in range(b + 1, t)):
            continue  # "is not expected": nothing is claimed
        if lower[b] in R.modals or (lower[b] == "be" and b - 1 >= lo and lower[b - 1] in R.modals):
            continue  # "should be considered", "being considered": no claim made
        while b - 1 >= lo and not tk.punct(b) and lower[b - 1] in R.be_or_aux:
            b -= 1  # "has been", "will be"
        if entry.category == "impersonal_perfect" and not (
                lower[b] in ("has", "have", "had") and lower[b + 1] == "been"):
            continue  # "has been associated with", not the statistical "was associated with"
        if nxt == "by":
            end = phrase_end(tk, t + 2, hi)
            if end:
                out.append(Candidate("passive_by", (b, t + 1), (t + 2, end), sentence=sentence))
                continue
        out.append(Candidate("vague_phrase", (b, t + 1), None, sentence=sentence))
    return out


def _counts(tk: Tokens, c: Candidate, category: str) -> bool:
    """Does a belief or finding verb attribute anything here? After a group, a study
    team or a document always ("some believe", "the researchers found", "data show");
    after a person, an organisation or a pronoun only with what is believed or found
    after it ("She believes the drug works", "Smith found that", "they found 64
    percent"), not "expects to charge", "believes in", "found a body", "felt pain"."""
    R, lower = tk.rules, tk.lower
    s, e = c.core or c.source
    head = lower[head_of(tk, s, e)]
    after = c.cue[1]
    if after < tk.n and lower[after] == "to" and not tk.punct(after):
        return False  # "expects to charge", "a study believed to be": no claim of its own
    if (head in R.vague_groups or head in R.document_heads or head in R.researcher_heads
            or head in R.participant_heads):
        return True
    if after >= tk.n or tk.punct(after) or tk.sentence_at(after) != c.sentence:
        return False
    w = lower[after]
    if w == "that":
        return True
    if category == "finding":
        return w in R.finding_complement or tk.is_number(after)
    if w in R.not_complement or lower[c.cue[0]] in ("feel", "feels", "felt", "feeling"):
        return False
    return (w in R.clause_starts or w in R.determiners or w in R.be_or_aux
            or tk.is_cap(after) or tk.is_number(after))


def _reported(found: list[Candidate], c: Candidate) -> bool:
    """Is a belief or a finding part of what someone was just said to say ("Moreau
    said she believes ...", "Soderholm said the figures showed ...")? Then it is the
    content of that attribution, not one of its own."""
    return bool(found) and found[-1].sentence == c.sentence and found[-1].cue[0] < c.cue[0] \
        and found[-1].pattern in ("source_cue", "according_to")


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
        if entry.category in ("belief", "finding") and (
                not _counts(tk, c, entry.category) or _reported(found, c)):
            continue
        found.append(c)
        taken.update(range(*c.cue))
    for c in according_to(tk):
        found.append(c)
        taken.update(range(*c.cue))
    for c in impersonal(tk, taken):
        found.append(c)
        taken.update(range(*c.cue))
    # "Police said no injuries were reported": the passive is what the police said
    attributed = {c.sentence for c in found if c.source is not None}
    found.extend(c for c in impersonal_passive(tk, taken) if c.source is not None
                 or c.sentence not in attributed)
    found.sort(key=lambda c: c.cue[0])
    return found
