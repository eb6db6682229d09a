"""Sources: every attribution (who said what, through which cue), each source classified
as a named person, a named organisation, anonymous, vague, a document, or unresolved.

Shapes found (all tenses of the reporting verbs in ``reporting_verbs.txt``):
``X said`` / ``X has said`` / ``X, a critic, said`` / ``X, who ..., said`` (source_cue),
``"...," said X`` (cue_source), ``according to X``, ``was told by X`` (passive_by),
``it is believed`` / ``critics say`` (vague_phrase), ``reportedly`` (vague_adverb).
A cue inside a quotation is the quoted speaker's, not the article's, and is skipped.

The rules work on the Document's single tokenisation with set lookups; every word list
they use is compiled once per process (:func:`_rules`).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress
from typing import Sequence

from ..document import Document
from ..lexicons import Lexicon, Lexicons
from ..report import Attribution, Span, new_attribution
from .common import make_span

_BE = frozenset("is are was were be been being 's".split())
_AUX = frozenset("has have had will would did does do could may might must should 've 'd".split())
_RELATIVE = frozenset({"who", "that", "which"})
_PREPS_IN_NP = frozenset({"of", "for", "at", "with", "from", "in", "on", "to", "about", "by"})
_DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "overnight".split()
)
_TIME_NOUNS = frozenset("week month year weekend night morning spring summer fall autumn winter".split())
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_CLOSE_MARKS = "\"”’'»"
_PERSON_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person"}
_NUMBER_RE = re.compile(r"^\d[\d,.]*$")
# reporting verbs that, right after a comma or closing quote, open an inverted "said X"
_INVERTING = frozenset(
    "said says say added adds asked asks told wrote writes explained explains noted notes "
    "continued continues recalled recalls replied replies warned warns insisted insists "
    "argued argues stated states declared declares acknowledged acknowledges "
    "concluded concludes quipped quips responded responds observed observes".split()
)


@dataclass(frozen=True, eq=False)
class _Rules:
    verbs: Lexicon
    belief: frozenset[str]
    finding: frozenset[str]
    write: frozenset[str]
    anon_head: frozenset[str]
    spokes_head: frozenset[str]
    vague_group: frozenset[str]
    document_head: frozenset[str]
    voice_head: frozenset[str]
    titles: frozenset[str]
    org_word: frozenset[str]
    org_name: frozenset[str]
    org_phrases: tuple[str, ...]  # org names of several words, padded: " white house "
    not_source: frozenset[str]
    pronouns: frozenset[str]
    modifiers: frozenset[str]
    determiners: frozenset[str]
    function: frozenset[str]
    adverbs: frozenset[str]
    anon_marker: Lexicon
    anon_reason: Lexicon
    vague: Lexicon
    channel: Lexicon
    source_words: frozenset[str] = frozenset()  # every word that can stand in a source phrase
    head_words: frozenset[str] = frozenset()  # source words that can head one (not modifiers)
    titles_abbr: frozenset[str] = frozenset()  # titles and abbreviations written with a dot


@functools.lru_cache(maxsize=8)
def _rules(lex: Lexicons) -> _Rules:
    s, fw, rv = lex.sources, lex.function_words, lex.reporting_verbs
    function = frozenset().union(*(fw.forms(c) for c in fw.categories()))
    head_words = frozenset().union(*(
        s.forms(c) for c in ("anonymous_head", "spokes_head", "vague_group", "document_head",
                             "voice_head", "title", "org_word")
    ))
    return _Rules(
        source_words=head_words | s.forms("modifier"),
        head_words=head_words,
        titles_abbr=s.forms("title") | _ABBR_LIKE,
        verbs=rv,
        belief=rv.forms("belief"),
        finding=rv.forms("finding"),
        write=rv.forms("write"),
        anon_head=s.forms("anonymous_head"),
        spokes_head=s.forms("spokes_head"),
        vague_group=s.forms("vague_group"),
        document_head=s.forms("document_head"),
        voice_head=s.forms("voice_head"),
        titles=s.forms("title"),
        org_word=s.forms("org_word"),
        org_name=s.forms("org_name"),
        org_phrases=tuple(f" {n} " for n in sorted(s.forms("org_name")) if " " in n),
        not_source=s.forms("not_source"),
        pronouns=s.forms("pronoun"),
        modifiers=s.forms("modifier"),
        determiners=fw.forms("determiner"),
        function=function,
        adverbs=fw.forms("adverb") | _DAYS,
        anon_marker=lex.cues.subset("anon_marker"),
        anon_reason=lex.cues.subset("anon_reason"),
        vague=lex.cues.subset("vague_phrase", "vague_adverb"),
        channel=lex.cues.subset("channel"),
    )


@dataclass
class _Candidate:
    pattern: str
    cue: tuple[int, int]  # token range
    source: tuple[int, int] | None  # token range of the whole source phrase
    core: tuple[int, int] | None = None  # token range of the name/head part
    recipient: tuple[int, int] | None = None
    sentence: int = 0


@dataclass(frozen=True)
class Sources:
    attributions: list[Attribution] = field(default_factory=list)

    def count(self, source_class: str) -> int:
        return sum(1 for a in self.attributions if a.source_class == source_class)

    @property
    def distinct_named(self) -> int:
        return len(
            {
                a.speaker
                for a in self.attributions
                if a.speaker and a.source_class in ("named_person", "named_organisation")
            }
        )


# -- token helpers -------------------------------------------------------------------


def _punct_before(doc: Document, t: int) -> str:
    """Punctuation (not spaces) between token t-1 and token t."""
    gap = doc.gap(t)
    return "" if gap == " " else "".join(gap.split())  # most gaps are one space


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and len(word) == 4)


def _is_pronoun(doc: Document, R: _Rules, t: int) -> bool:
    word = doc.words[t]
    return doc.lower[t] in R.pronouns and not (word.isupper() and len(word) > 1)


def _np_back(doc: Document, R: _Rules, q: int, a: int, limit: int = 12) -> int | None:
    """Start token of the noun phrase ending at token ``q`` (None if q ends no source
    phrase). The phrase must hold a name, a source word, or be a pronoun."""
    lower, words = doc.lower, doc.words
    w = lower[q]
    if _is_pronoun(doc, R, q):
        return q
    if w in _OBJECT_PRONOUNS and q - 2 > a and lower[q - 1] in _PREPS_IN_NP:
        # "those close to him", "people familiar with it": through the preposition
        if lower[q - 2] not in _ANON_LINK:
            return None
        t = q - 2
        while t - 1 >= a and not _punct_before(doc, t) and (
            lower[t - 1] in R.determiners or lower[t - 1] in R.head_words
            or lower[t - 1] in R.modifiers
        ):
            t -= 1
        return t if t < q - 2 else None
    acronym = words[q].isupper() and len(words[q]) > 1
    # a capitalised function word mid-sentence is a name: "Theresa May", "Will Smith"
    as_word = words[q].islower() or q == a
    if as_word and not acronym and w in R.function and w not in R.modifiers and w not in R.vague_group:
        return None
    if not acronym and words[q].islower() and (w in _BE or w in _AUX or w in R.verbs.words):
        return None
    start = q
    t = q - 1
    while t >= a and q - t < limit:
        gap = _punct_before(doc, t + 1)
        if gap and not (gap == "." and lower[t] in R.titles_abbr):
            break
        wt, word = lower[t], words[t]
        if wt in R.determiners and wt not in R.modifiers:
            start = t
            # "people familiar with the matter": continue through a preposition
            if t - 1 >= a and lower[t - 1] in _PREPS_IN_NP and not _punct_before(doc, t):
                t -= 1
                continue
            break
        if wt in _PREPS_IN_NP:
            left = lower[t - 1] if t - 1 >= a else ""
            if t - 1 >= a and (
                _is_cap(words[t - 1]) or left in R.source_words or left in _ANON_LINK
                or left in _NP_PARTICIPLES
            ):
                t -= 1
                continue
            break
        if wt == "and" and t - 1 >= a and _is_cap(words[t - 1]) and _is_cap(words[t + 1]):
            t -= 1
            continue
        if wt in _NP_PARTICIPLES and t - 1 >= a and lower[t - 1] in R.source_words:
            t -= 1
            continue
        if wt in R.function and wt not in R.modifiers:
            break
        if word.islower() and (wt in _BE or wt in _AUX or wt in R.verbs.words):
            break
        if _is_cap(word) or wt in R.source_words or _NUMBER_RE.match(wt) or wt in _ANON_LINK:
            start = t
            t -= 1
            continue
        break
    while start < q and lower[start] in _PREPS_IN_NP:
        start += 1
    # the phrase must name someone or hold a source noun: "the matter said" and
    # "public comment" are no sources
    if not any(
        (_is_cap(words[u]) and lower[u] not in R.function) or lower[u] in R.head_words
        for u in range(start, q + 1)
    ):
        return None
    return start


_ABBR_LIKE = frozenset("u.s inc corp co ltd jr sr st".split())
# participles that stay inside a source phrase after its head: "a study published in JAMA"
_NP_PARTICIPLES = frozenset(
    "published released issued conducted led funded commissioned obtained seen reviewed "
    "filed posted presented authored written prepared compiled cited made carried".split()
)
_OBJECT_PRONOUNS = frozenset(("him", "her", "them", "us", "me", "it"))
_ANON_LINK = frozenset(("familiar", "close", "knowledgeable", "briefed", "not", "authorized", "authorised"))


def _np_fwd(doc: Document, R: _Rules, t: int, b: int, limit: int = 12) -> int | None:
    """End token (exclusive) of a noun phrase starting at token ``t`` (None if none)."""
    lower, words = doc.lower, doc.words
    if t >= b:
        return None
    w = lower[t]
    if _is_pronoun(doc, R, t):
        return t + 1
    if not (_is_cap(words[t]) or w in R.determiners or w in R.source_words):
        return None
    if w in ("that", "this", "it"):
        return None
    end = t
    u = t
    head_seen = False
    tentative = 0  # unknown lowercase words kept only if a head follows
    while u < b and u - t < limit:
        if u > t:
            gap = _punct_before(doc, u)
            if gap and not (gap == "." and lower[u - 1] in R.titles_abbr):
                break
        wu = lower[u]
        if u > t and wu in _PREPS_IN_NP:
            if wu in ("for", "of", "at", "with", "from") and head_seen:
                u += 1
                continue
            break
        if wu in R.determiners and u > t and lower[u - 1] not in _PREPS_IN_NP:
            break
        if wu in _BE or wu in _AUX or (u > t and wu in R.verbs.words and words[u].islower()):
            break
        if wu in R.function and wu not in R.modifiers and wu not in R.determiners:
            break
        known = (_is_cap(words[u]) or wu in R.source_words or wu in R.determiners
                 or _NUMBER_RE.match(wu) or wu.endswith("'s"))
        if not known:
            if head_seen:
                break
            tentative += 1
            if tentative > 3:
                break
            u += 1
            continue
        tentative = 0
        end = u + 1
        if _is_cap(words[u]) or wu in R.source_words:
            head_seen = True
        u += 1
    if end == t or not head_seen:
        return None
    # trailing prepositions or determiners are not part of the phrase
    while end > t and lower[end - 1] in R.function and lower[end - 1] not in R.modifiers:
        end -= 1
    return end if end > t else None


def _appositive_back(doc: Document, R: _Rules, verb: int, a: int) -> tuple[int, int] | None:
    """For ``X, a critic, said`` (comma before the verb): the (start, core_end) of X.

    Also ``X -- a critic -- said`` and ``A lawyer for the firm, Jane Doe, said`` (then the
    whole phrase is the core, so the name is seen)."""
    lower, words = doc.lower, doc.words
    gap = _punct_before(doc, verb)
    dash = "—" in gap or "--" in gap or "–" in gap
    t = verb - 1
    while t > a and verb - t <= 40:
        before = _punct_before(doc, t)
        if ("—" in before or "--" in before or "–" in before) if dash else ("," in before):
            break
        t -= 1
    else:
        return None
    if t <= a:
        return None
    first = lower[t]
    np_end = t - 1
    np_start = _np_back(doc, R, np_end, a)
    if np_start is None:
        return None
    if first in _RELATIVE or first in ("whose", "where"):
        return np_start, np_end + 1
    if (first in R.determiners or _NUMBER_RE.match(first) or first in R.titles
            or first in R.modifiers or first in R.source_words or dash
            or first in ("himself", "herself", "now", "then")):
        return np_start, np_end + 1
    if words[t][:1].isupper() and any(lower[u] in R.head_words for u in range(np_start, t)):
        return np_start, verb  # "A lawyer for the outlets, David Schulz, said"
    return None


# -- finding candidates ---------------------------------------------------------------


def _title_case(doc: Document, a: int, b: int) -> bool:
    """A headline written in title case ("Obama Says Museum Will Open")."""
    if b - a < 3:
        return False
    caps = sum(1 for w in doc.words[a:b] if w[:1].isupper() or not w[:1].isalpha())
    return caps >= 0.8 * (b - a)


def _verb_candidate(doc: Document, R: _Rules, i: int, j: int, sent: int) -> _Candidate | None:
    lower, words = doc.lower, doc.words
    a, b = doc.sent_tokens[sent]
    verb = lower[i]
    nxt = lower[j] if j < b and not _punct_before(doc, j) else None
    # actions, not words: "responded by easing sanctions", "responded with force",
    # "added 255,000 jobs"
    if nxt is not None and (
        (verb.startswith("respond") and nxt in ("by", "with"))
        or (verb.startswith("add") and _NUMBER_RE.match(nxt))
        or (verb.startswith("contend") and nxt == "with")  # "must contend with"
    ):
        return None
    if words[i][:1].isupper() and not _title_case(doc, a, b):
        # "United States", "Theresa May": a capitalised word mid-sentence is a name;
        # at the sentence start only the inverted "Said Ellis:" counts
        if i == a and verb in _INVERTING:
            end = _np_fwd(doc, R, j, b, limit=5)
            if end is not None:
                return _Candidate("cue_source", (i, j), (j, end), (j, end), sentence=sent)
        return None
    prev = lower[i - 1] if i - 1 >= a else None
    gap_before = _punct_before(doc, i) if i > a else ""
    # participial and coordinated cues: "X attacked Y, saying ...", "X ... and said"
    if (verb in _GERUNDS and ("," in gap_before or (prev in _GERUND_PREPS and not gap_before))
            or prev in ("and", "but") and not gap_before):
        subj = _sentence_subject(doc, R, a, i)
        if subj is not None:
            return _Candidate("source_cue", (i, j), subj, subj, sentence=sent)
        return None
    # "Rep. Jason Chaffetz (R-Utah) said": step over the parenthesis
    if ")" in gap_before and "," not in gap_before:
        k = i - 1
        while k > a and "(" not in _punct_before(doc, k) and i - k < 8:
            k -= 1
        if k > a and "(" in _punct_before(doc, k):
            np_start = _np_back(doc, R, k - 1, a)
            if np_start is not None:
                return _Candidate("source_cue", (i, j), (np_start, i), (np_start, k),
                                  sentence=sent)
        return None

    # noun uses: "the claims", "his statement", "1,000 confirmed cases"
    if not gap_before and prev is not None and (
        prev in R.determiners and prev not in ("that", "some", "many", "most", "few", "all")
        or (_NUMBER_RE.match(prev) and not (_YEAR_RE.match(prev) and i - 2 >= a
                                             and lower[i - 2] in ("in", "since")))
        or prev.endswith(("'s", "’s"))  # "North Korea's claims"
    ):
        return None
    if prev == "that" and i - 1 == a:  # "That said, ..."
        return None
    # passive: "was told by X"; other passives ("is said to") are vague phrases
    if prev in _BE and not gap_before:
        if j < b and lower[j] == "by":
            end = _np_fwd(doc, R, j + 1, b)
            if end:
                return _Candidate("passive_by", (i, j), (j + 1, end), sentence=sent)
        return None

    # reduced passive: "a figure confirmed by a ridership report", "the plan, announced
    # by the mayor, ...": the source follows "by" (not "said by phone": -ed forms only)
    if (j < b and lower[j] == "by" and verb.endswith("ed") and not _punct_before(doc, j)
            and prev not in _BE):
        end = _np_fwd(doc, R, j + 1, b)
        if end:
            # "a report by the state auditor", "data from the county": one source
            if end + 1 < b and lower[end] in ("by", "from", "of") and not _punct_before(doc, end):
                end = _np_fwd(doc, R, end + 1, b) or end
            return _Candidate("passive_by", (i, j), (j + 1, end), sentence=sent)

    # inverted "...," said X
    if gap_before and (set(gap_before) & set(_CLOSE_MARKS + ",:—–")) and verb in _INVERTING:
        quote_close = any(c in _CLOSE_MARKS for c in gap_before)
        apposition = None if quote_close else _appositive_back(doc, R, i, a)
        if apposition is None:
            end = _np_fwd(doc, R, j, b)
            if end is not None:
                core_end = end
                end = _extend_appositive(doc, R, end, b)
                return _Candidate("cue_source", (i, j), (j, end), (j, core_end), sentence=sent)
    if gap_before:
        if "," in gap_before or "—" in gap_before or "--" in gap_before or "–" in gap_before:
            app = _appositive_back(doc, R, i, a)
            if app is not None:
                # "X, a critic, said": the source is X with its apposition;
                # "X, who ..., said": X alone (the clause is about X, not X's name)
                relative = doc.lower[app[1]] in _RELATIVE
                src = app if relative else (app[0], i)
                return _Candidate("source_cue", (i, j), src, app, sentence=sent)
        return None

    # "X said", skipping "also", "has", "on Tuesday" between X and the verb
    q = i - 1
    while q >= a and not _punct_before(doc, q + 1):
        w = lower[q]
        if words[q].islower() and (w in R.adverbs or w in _AUX):
            q -= 1
        elif w in _DAYS and q - 1 >= a and lower[q - 1] in ("on", "last", "this", "next"):
            q -= 2  # "on Tuesday", "last Friday"
        elif w in _TIME_NOUNS and q - 1 >= a and lower[q - 1] in ("last", "this", "next"):
            q -= 2  # "last week"
        elif _YEAR_RE.match(w) and q - 1 >= a and lower[q - 1] in ("in", "since"):
            q -= 2  # "who in 2010 said"
        else:
            break
    if q < a or _punct_before(doc, q + 1):
        return None
    q_end = q + 1
    skipped = _skip_unauthorised(doc, q, a)
    if skipped != q:
        # the source runs up to the verb: "an official not authorized to speak publicly"
        q_end = i
        while q_end - 1 > q and (lower[q_end - 1] in _AUX or lower[q_end - 1] in _DAYS):
            q_end -= 1
        q = skipped
    antecedent = _relative_antecedent(doc, R, q, a) if skipped == q and not verb.endswith("ing") else None
    if antecedent is not None:
        # "a senior official who spoke on condition of anonymity said": the official,
        # with the clause, speaks (not "anonymity", the nearest noun)
        np_start, r = antecedent
        if nxt == "by" and verb.endswith("ed"):
            return None  # "the men who had cancer indicated by the test": a reduced passive
        if verb in ("continued", "went") and nxt == "to":
            # "women who received it continued to receive" (elsewhere "X continued to
            # question" stays a cue: PolNeAR counts it as one)
            return None
        if not _agrees(doc, R, np_start, r, q, i):
            return None  # "a hacker who exposed private email gets", "others ... similar doubts"
        # q is the clause's last word: the "on Tuesday", "also" skipped after it stay out
        return _Candidate("source_cue", (i, j), (np_start, q + 1), (np_start, r), sentence=sent)
    if lower[q] in _RELATIVE and words[q].islower():
        # "Smith, who said" / "a report that said": the antecedent speaks
        if q - 1 < a:
            return None
        np_start = _np_back(doc, R, q - 1, a)
        if np_start is None:
            return None
        return _Candidate("source_cue", (i, j), (np_start, q), (np_start, q), sentence=sent)
    np_start = _np_back(doc, R, q, a)
    if np_start is None:
        return None
    core = (np_start, q + 1)
    rec = None
    if verb == "told" and j < b:
        rec_end = _np_fwd(doc, R, j, b, limit=5)
        if rec_end:
            rec = (j, rec_end)
    return _Candidate("source_cue", (i, j), (np_start, q_end), core, rec, sent)


_GERUND_PREPS = frozenset(("after", "before", "from", "by", "without", "while", "in", "on", "of"))
_GERUNDS = frozenset(
    "saying adding noting arguing warning claiming insisting writing telling explaining "
    "stating declaring asserting acknowledging admitting calling".split()
)


def b_of(doc: Document, a: int) -> int:
    """End token of the sentence starting at token ``a``."""
    return doc.sent_tokens[doc.sentence_of(doc.starts[a])][1]


def _sentence_subject(doc: Document, R: _Rules, a: int, i: int) -> tuple[int, int] | None:
    """The noun phrase opening the sentence (after "But", "On Tuesday,"...), as the
    speaker of a participial or coordinated cue."""
    lower = doc.lower
    t = a
    while t < i and (lower[t] in ("but", "and", "so", "then", "later", "meanwhile", "also")):
        t += 1
    if t < i and lower[t] in _GERUND_PREPS and t + 1 == i:
        # "After saying ..., Clinton left": the subject follows the opening clause
        u = i + 1
        while u < b_of(doc, a) and "," not in _punct_before(doc, u):
            u += 1
        if u < b_of(doc, a):
            end = _np_fwd(doc, R, u, b_of(doc, a))
            return (u, end) if end else None
        return None
    # skip a short introductory phrase ending in a comma: "On Tuesday, ..."
    for u in range(t + 1, min(i, t + 6)):
        if "," in _punct_before(doc, u):
            if lower[t] in _PREPS_IN_NP or lower[t] in ("after", "before", "during", "when", "while"):
                t = u
            break
    end = _np_fwd(doc, R, t, i)
    if end is None:
        return None
    return t, end


_UNAUTHORISED = frozenset(("authorized", "authorised", "permitted", "allowed", "cleared"))


def _skip_unauthorised(doc: Document, q: int, a: int) -> int:
    """For "an official not authorized to speak publicly said": the token before "not"."""
    lower = doc.lower
    for t in range(q, max(a, q - 8) - 1, -1):
        if _punct_before(doc, t + 1) and t != q:
            break
        if lower[t] in _UNAUTHORISED and t - 1 > a and lower[t - 1] in ("not", "n't"):
            return t - 2
    return q


_COORDINATORS = frozenset(("and", "but", "or"))
# words that open a reported clause right after a verb: "said [her] clients", "told [them]"
_CLAUSE_STARTS = frozenset("that he she they we i it her his their its our my".split())


def _new_clause(doc: Document, R: _Rules, s: int, q: int) -> bool:
    """True when tokens ``s..q`` (after "who", up to a verb) hold the verb's own subject
    rather than a relative clause: "who Smith said", "who lives here and they'll tell",
    "who worked with them said her clients reported"."""
    lower = doc.lower
    subject = _np_back(doc, R, q, s)
    if subject is not None and (subject == s or lower[subject - 1] in R.verbs.words
                                or lower[subject - 1] == "that"):
        return True  # "who Smith said", "who chairs X said the study shows"
    if _is_pronoun(doc, R, q):
        return True
    for t in range(s, q + 1):
        if lower[t] in _COORDINATORS:
            return True
        if t < q and lower[t] in R.verbs.words and lower[t + 1] in _CLAUSE_STARTS:
            return True
    return False


_PASSIVE_GLUE = frozenset("either neither not n't also often never still then sometimes".split())
_PLURAL_HEADS = frozenset("people men women children police staff some others many those few "
                          "several both all".split())
_EITHER_NUMBER = frozenset("percent per cent majority minority half third quarter number rest "
                           "most none".split())
_PAST_NO_ED = frozenset("wrote thought felt forecast went spoke".split())


def _is_filler(doc: Document, R: _Rules, t: int) -> bool:
    """An adverb or auxiliary between a subject and its verb ("has", "also", "typically")."""
    w = doc.lower[t]
    return doc.words[t].islower() and (
        w in R.adverbs or w in _AUX or w in _PASSIVE_GLUE or (w.endswith("ly") and len(w) > 4))


def _agrees(doc: Document, R: _Rules, s: int, r: int, q: int, i: int) -> bool:
    """Does the verb at ``i`` agree in number with the head of ``s..r`` (no modal between
    the clause and the verb)? "Others who ... expressed similar doubts" and "a hacker who
    exposed private email gets" fail: "doubts", "email" are nouns there."""
    lower = doc.lower
    verb = lower[i]
    if any(lower[t] in _AUX for t in range(q + 1, i)):
        return True  # "could say", "will tell"
    head = lower[_head(doc, R, s, r)]
    if head in _EITHER_NUMBER or _NUMBER_RE.match(head):
        return True
    plural = head in _PLURAL_HEADS or (
        head.endswith("s") and not head.endswith(("ss", "'s", "’s", "us", "is")))
    if verb.endswith("s"):
        return not plural
    if verb.endswith("d") or verb in _PAST_NO_ED:
        return True
    return plural


def _relative_antecedent(doc: Document, R: _Rules, q: int, a: int,
                         limit: int = 15) -> tuple[int, int] | None:
    """For "people who attended the meeting said" (``q``: the token before the verb): the
    start of the phrase "who" refers to and the position of "who", when an unpunctuated
    "who" clause runs up to the verb. None when the words before the verb are a subject
    of their own: "the man who Smith said", "anyone who lives here and they'll tell",
    "a coach who worked with them said her clients reported"; and when the verb is no
    verb of a clause: "is also asked" (a passive), "urging everyone who cares to show",
    "the people who lived here are done waiting for answers"."""
    lower, words = doc.lower, doc.words
    w = lower[q]
    if w in _BE or (w in R.function and w not in _OBJECT_PRONOUNS):
        return None
    if "who" not in lower[max(a, q - limit) + 1:q]:
        return None  # nearly always: one C-speed test
    # "patients who test positive are typically either told": a passive
    t = q
    while t > a and _is_filler(doc, R, t):
        t -= 1
    if lower[t] in _BE:
        return None
    for r in range(q - 1, max(a, q - limit), -1):
        if _punct_before(doc, r + 1):
            return None
        if lower[r] == "who" and words[r].islower():
            if _punct_before(doc, r):
                return None  # "X, who ...," is an apposition (handled with the commas)
            if _new_clause(doc, R, r + 1, q) or all(
                lower[t] in _BE or _is_filler(doc, R, t) for t in range(r + 1, q + 1)
            ):
                return None  # "who has successfully argued": the verb is the clause's own
            start = _np_back(doc, R, r - 1, a)
            if start is None:
                return None
            before = lower[start - 1] if start > a and not _punct_before(doc, start) else ""
            if before in _PREPS_IN_NP or before in R.verbs.words or (
                    before.endswith("ed") and words[start - 1].islower()):
                return None  # an object ("dismissed critics who ...", "of X who ...")
            if (start == r - 1 and start > a and "," in _punct_before(doc, start)
                    and _is_cap(words[start - 1]) and _is_cap(words[start])):
                return None  # "residents in Jupiter, Florida who ...": a place
            return start, r
    return None


def _extend_appositive(doc: Document, R: _Rules, end: int, b: int) -> int:
    """Include ``, a spokesman for the agency`` / ``, who ...`` after a name."""
    if end >= b or "," not in _punct_before(doc, end):
        return end
    w = doc.lower[end]
    if not (w in R.determiners or w in _RELATIVE or w in R.titles or w in R.modifiers):
        return end
    u = end + 1
    while u < b and u - end < 15:
        if _punct_before(doc, u):
            break
        u += 1
    return u


def _positions(tokens: Sequence[str], words: frozenset[str]):
    """Where any of ``words`` occurs in ``tokens``, in order, found at C speed."""
    return compress(range(len(tokens)), map(words.__contains__, tokens))


_ACCORDING = frozenset(("according",))


def _according_candidates(doc: Document, R: _Rules) -> list[_Candidate]:
    lower = doc.lower
    out = []
    for i in _positions(lower, _ACCORDING):
        if i + 2 >= len(lower) or lower[i + 1] != "to":
            continue
        if doc.in_quote(doc.starts[i]):
            continue
        sent = doc.sentence_of(doc.starts[i])
        a, b = doc.sent_tokens[sent]
        end = _np_fwd(doc, R, i + 2, b, limit=14)
        if end is None:
            continue
        head = _head(doc, R, i + 2, end)
        if lower[head] in R.not_source:
            continue
        core_end = end
        end = _extend_appositive(doc, R, end, b)
        out.append(_Candidate("according_to", (i, i + 2), (i + 2, end), (i + 2, core_end),
                              sentence=sent))
    return out


# -- classification ---------------------------------------------------------------------


def _head(doc: Document, R: _Rules, s: int, e: int) -> int:
    """The head token of a phrase: the last token before its first preposition
    (and before a participle: "a study [published] in JAMA")."""
    for t in range(s + 1, e):
        if doc.lower[t] in _PREPS_IN_NP:
            h = t - 1
            while h > s and doc.lower[h] in _NP_PARTICIPLES:
                h -= 1
            return h
    return e - 1


def _name_tokens(doc: Document, R: _Rules, s: int, e: int) -> list[int]:
    """Capitalised tokens that can be part of a name (not titles, not the sentence's
    capitalised first word when that is an ordinary word)."""
    out = []
    for t in range(s, e):
        word, w = doc.words[t], doc.lower[t]
        if not word[:1].isupper():
            continue
        if word.isupper() and len(word) > 1 and w not in R.titles:
            out.append(t)  # an acronym: WHO, CDC, NATO
            continue
        sentence_start = doc.starts[t] == doc.sentences[doc.sentence_of(doc.starts[t])][0]
        if w in R.titles or ((w in R.function or w in R.determiners) and sentence_start):
            continue
        if (sentence_start and t + 1 < len(doc.lower) and doc.lower[t + 1] == "who"
                and not _punct_before(doc, t + 1)
                and (w in R.head_words or w in doc.words
                     or (w.endswith("s") and not w.endswith(("ss", "'s", "’s"))))):
            continue  # "Landowners who signed": after a name, "who" follows a comma
        if w in R.source_words and not word.isupper():
            # "Officials", "Critics", "Police" capitalised at a sentence start
            if sentence_start or w in R.org_word:
                if w not in R.org_word:
                    continue
        out.append(t)
    return out


@dataclass
class _Registry:
    """Names seen so far, to link "Smith" and "he" to "John Smith"."""

    surnames: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_person_sentence: int = -100
    last_person_pos: int = -1
    # people mentioned with a title ("Mr. Smith disagreed."), as (token, name), in order
    mentions: list[tuple[int, str]] = field(default_factory=list)
    last_org: str | None = None
    last_org_sentence: int = -100


def _classify(doc: Document, R: _Rules, c: _Candidate, reg: _Registry) -> tuple[str, str | None, str | None]:
    """(source_class, canonical speaker, pronoun resolved from)."""
    s, e = c.core or c.source
    lower, words = doc.lower, doc.words
    if e - s == 1 and _is_pronoun(doc, R, s):
        p = lower[s]
        if p in ("he", "she"):
            person, sent = reg.last_person, reg.last_person_sentence
            mention = _last_mention(reg, s)
            if mention is not None and mention[0] > reg.last_person_pos:
                person, sent = mention[1], doc.sentence_of(doc.starts[mention[0]])
            if person and c.sentence - sent <= 12:
                return "named_person", reg.surnames.get(person.split()[-1].lower(), person), words[s]
            return "unresolved", None, words[s]
        if p in ("it", "they") and reg.last_org and c.sentence - reg.last_org_sentence <= 3:
            return "named_organisation", reg.last_org, words[s]
        if p == "who":
            return "unresolved", None, words[s]
        return "unresolved", None, words[s]

    head_t = _head(doc, R, s, e)
    head = lower[head_t]
    names = _name_tokens(doc, R, s, e)
    phrase = " ".join(lower[s:e])
    has_title = any(lower[t] in R.titles for t in range(s, e))
    orgish: list[int] = []
    person_names: list[int] = []
    for run in _runs(doc, names):
        # a run is an organisation's name if a word in it says so ("Department"), it is
        # an acronym, or it holds a well-known name of several words ("White House")
        if any(lower[t] in R.org_word or lower[t] in R.org_name
               or (words[t].isupper() and len(words[t]) > 1) for t in run) or (
                len(run) > 1 and _holds_org_phrase(R, [lower[t] for t in run])):
            orgish.extend(run)
        else:
            person_names.extend(run)
    org_named = bool(orgish) or any(n in phrase for n in R.org_name)

    # documents: "a report by the WHO", "data from the Census Bureau", "a 2019 study"
    if head in R.document_head or (head in R.vague_group and head in ("studies", "research", "polls", "reports")):
        specific = (bool(names) or any(_NUMBER_RE.match(lower[t]) for t in range(s, e))
                    or _definite_issuer(lower, R, s, e))
        if specific and head not in ("reports", "rumors", "rumours"):
            return "document", _org_name(doc, R, names) or doc.norm[doc.starts[s]:doc.ends[e - 1]], None
        return "vague", None, None
    # statements, posts: the voice of whoever issued them
    if head in R.voice_head:
        if names:
            return ("named_organisation", _org_name(doc, R, names), None) if org_named or len(names) == 1 and not reg.surnames.get(lower[names[0]]) else ("named_person", _person_name(doc, R, names, reg), None)
        return "anonymous", None, None
    # spokespeople: the organisation speaks on the record
    if head in R.spokes_head and not (person_names and _is_personal_name(doc, R, person_names, reg, has_title)):
        if names or "the" in lower[s:e] or any(lower[t].endswith("'s") for t in range(s, e)):
            org = _org_name(doc, R, names) or _definite_org(doc, R, s, e)
            return "named_organisation", org, None
        return "anonymous", None, None
    # a personal name anywhere in the phrase: "Jane Doe", "Mr. Smith", "Smith, a critic"
    if person_names and _is_personal_name(doc, R, person_names, reg, has_title):
        return "named_person", _person_name(doc, R, person_names, reg), None
    if head in R.titles and lower[s] == "the" and head not in R.anon_head:
        # "the mayor", "the senator": a specific person on the record, named earlier
        return "named_person", doc.norm[doc.starts[s]:doc.ends[e - 1]].lower(), None
    if head in R.anon_head:
        return "anonymous", None, None
    if head in R.vague_group:
        if org_named and head not in ("some", "many", "others", "most", "few"):
            return "named_organisation", _org_name(doc, R, names), None
        return "vague", None, None
    if names:
        return "named_organisation", _org_name(doc, R, names), None
    if head in R.org_word or head in R.org_name:
        # "the company", "the ministry": an organisation named earlier
        return "named_organisation", _definite_org(doc, R, s, e), None
    return "anonymous", None, None


def _holds_org_phrase(R: _Rules, tokens: list[str]) -> bool:
    padded = f" {' '.join(tokens)} "
    return any(p in padded for p in R.org_phrases)


def _runs(doc: Document, names: list[int]) -> list[list[int]]:
    """Group name tokens into names: consecutive, or joined by of/for/and/the/de."""
    runs: list[list[int]] = []
    for t in names:
        if runs and (
            t == runs[-1][-1] + 1
            or (t == runs[-1][-1] + 2 and doc.lower[t - 1] in ("of", "for", "and", "the", "de", "on"))
        ):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _is_personal_name(doc: Document, R: _Rules, names: list[int], reg: _Registry, has_title: bool) -> bool:
    if has_title or len(names) >= 2:
        return True
    return doc.lower[names[0]].removesuffix("'s") in reg.surnames


def _person_name(doc: Document, R: _Rules, names: list[int], reg: _Registry) -> str:
    # the last run of consecutive name tokens: "Acme spokeswoman Jane Doe" -> "Jane Doe"
    run = [names[-1]]
    for t in reversed(names[:-1]):
        if t == run[0] - 1:
            run.insert(0, t)
        else:
            break
    parts = [doc.words[t].removesuffix("'s").removesuffix("’s") for t in run]
    if len(parts) == 1:
        return reg.surnames.get(parts[0].lower(), parts[0])
    return " ".join(parts)


def _org_name(doc: Document, R: _Rules, names: list[int]) -> str | None:
    if not names:
        return None
    first, last = names[0], names[-1]
    # keep inner lowercase joiners: "Department of Health"
    return doc.norm[doc.starts[first]:doc.ends[last]].removesuffix("'s").removesuffix("’s")


def _definite_org(doc: Document, R: _Rules, s: int, e: int) -> str:
    for t in range(s, e):
        if doc.lower[t] in R.org_word:
            return doc.lower[t].removesuffix("'s")
    return " ".join(doc.lower[s:e])


def _last_mention(reg: _Registry, before: int) -> tuple[int, str] | None:
    k = bisect_left(reg.mentions, (before, "")) - 1
    return reg.mentions[k] if k >= 0 else None


def _titled_mentions(doc: Document, R: _Rules) -> list[tuple[int, str]]:
    """People written with a title ("Mr. Smith", "Sen. Maria Lopez"), in text order."""
    out = []
    words, lower = doc.words, doc.lower
    n = len(words)
    for t in _positions(lower, _PERSON_TITLES):
        if t + 1 < n and words[t + 1][:1].isupper():
            u = t + 1
            while u < n and u - t <= 3 and words[u][:1].isupper() and (
                u == t + 1 or not _punct_before(doc, u)
            ):
                u += 1
            out.append((t, " ".join(words[t + 1 : u]).removesuffix("'s")))
    return out


_PERSON_TITLES = frozenset("mr mrs ms dr sen rep gov gen prof president mayor judge".split())


def _register(doc: Document, reg: _Registry, cls: str, speaker: str | None, sent: int,
              pos: int = -1) -> None:
    if cls == "named_person" and speaker:
        parts = speaker.split()
        if len(parts) >= 2:
            reg.surnames[parts[-1].lower()] = speaker
        reg.last_person, reg.last_person_sentence = speaker, sent
        reg.last_person_pos = pos
    elif cls == "named_organisation" and speaker:
        reg.last_org, reg.last_org_sentence = speaker, sent


def _reason(doc: Document, R: _Rules, sent: int) -> tuple[int, int] | None:
    """The clause giving a reason for anonymity: from its cue to the next punctuation."""
    a, b = doc.sent_tokens[sent]
    for i, j, _ in R.anon_reason.match(doc.lower, a, b):
        stop = min(b, i + 10)
        while j < stop and not _punct_before(doc, j) and doc.lower[j] not in R.verbs.words:
            j += 1
        return i, j
    return None


def _has_marker(doc: Document, R: _Rules, sent: int) -> bool:
    a, b = doc.sent_tokens[sent]
    return next(R.anon_marker.match(doc.lower, a, b), None) is not None


def _channel(doc: Document, R: _Rules, sent: int) -> str | None:
    a, b = doc.sent_tokens[sent]
    for i, j, entry in R.channel.match(doc.lower, a, b):
        return entry.term
    return None


# -- the signal ----------------------------------------------------------------------------


def extract(doc: Document, lex: Lexicons) -> Sources:
    R = _rules(lex)
    candidates: list[_Candidate] = []
    used: set[int] = set()
    # "who asked not to be named": a verb inside an anonymity marker is no attribution
    in_marker = {t for i, j, _ in R.anon_marker.match(doc.lower) for t in range(i, j)}
    for i, j, entry in R.verbs.match(doc.lower):
        if doc.in_quote(doc.starts[i]) or i in in_marker:
            continue
        sent = doc.sentence_of(doc.starts[i])
        c = _verb_candidate(doc, R, i, j, sent)
        if c is None:
            continue
        if entry.category in ("belief", "finding"):
            # beliefs count only after a generic group ("some believe", "many fear"),
            # findings only after a document or a group ("data show", "studies found")
            s, e = c.core or c.source
            head = doc.lower[_head(doc, R, s, e)]
            if head not in R.vague_group and not (
                entry.category == "finding" and head in R.document_head
            ):
                continue
        candidates.append(c)
        used.update(range(*c.cue))
    for c in _according_candidates(doc, R):
        candidates.append(c)
        used.update(range(*c.cue))
    for i, j, entry in R.vague.match(doc.lower):
        if used.intersection(range(i, j)) or doc.in_quote(doc.starts[i]):
            continue
        pattern = "vague_adverb" if entry.category == "vague_adverb" else "vague_phrase"
        candidates.append(_Candidate(pattern, (i, j), None, sentence=doc.sentence_of(doc.starts[i])))
    candidates.sort(key=lambda c: c.cue[0])

    reg = _Registry(mentions=_titled_mentions(doc, R))
    out: list[Attribution] = []
    starts, ends = doc.starts, doc.ends
    for c in candidates:
        if c.source is None:
            cls, speaker, resolved = "vague", None, None
        else:
            cls, speaker, resolved = _classify(doc, R, c, reg)
            if cls not in ("named_person", "named_organisation") and _has_marker(doc, R, c.sentence):
                cls = "anonymous"
            _register(doc, reg, cls, speaker, c.sentence, c.source[0])
        cue = make_span(doc, starts[c.cue[0]], ends[c.cue[1] - 1], "cue")
        source = (
            make_span(doc, starts[c.source[0]], ends[c.source[1] - 1], cls)
            if c.source else None
        )
        lo = min(starts[c.cue[0]], starts[c.source[0]] if c.source else starts[c.cue[0]])
        hi = max(ends[c.cue[1] - 1], ends[c.source[1] - 1] if c.source else 0)
        s0, e0, text = doc.original_span(lo, hi)
        reason_span = None
        reason_given = None
        if cls == "anonymous":
            r = _reason(doc, R, c.sentence)
            reason_given = r is not None
            if r:
                reason_span = make_span(doc, starts[r[0]], ends[r[1] - 1], "anonymity_reason")
        out.append(
            new_attribution(
                start=s0, end=e0, text=text, sentence=c.sentence, pattern=c.pattern,
                cue=cue, source=source, source_class=cls, speaker=speaker,
                resolved_from=resolved, channel=_channel(doc, R, c.sentence),
                recipient=(
                    doc.norm[starts[c.recipient[0]]:ends[c.recipient[1] - 1]]
                    if c.recipient else None
                ),
                anonymity_reason=reason_span, reason_given=reason_given,
            )
        )
    return Sources(out)


def _definite_issuer(lower: Sequence[str], R: _Rules, s: int, e: int) -> bool:
    """ "a report by the state auditor", "data from the county health department": the
    issuer is a definite office or body, so a reader can find the document."""
    for t in range(s, e - 2):
        if lower[t] in ("by", "from") and lower[t + 1] == "the":
            return any(lower[k] in R.titles or lower[k] in R.org_word for k in range(t + 2, e))
    return False


def add_links(doc: Document, found: Sources, links) -> None:
    """Count outbound hyperlinks (HTML input) as cited documents: one attribution each,
    its span the anchor text. A link on words that already form an attribution ("according
    to [a Reuters report](...)") adds its URL to that one instead of counting twice.
    Offsets are into the text given to the Document."""
    added = []
    for link in links:
        s, e = doc.to_norm(link.start), doc.to_norm(link.end)
        if not 0 <= s < e <= len(doc.norm):
            continue
        span = make_span(doc, s, e, "document")
        same = next((a for a in found.attributions
                     if a.start < span.end and span.start < a.end), None)
        if same is not None:
            if same.url is None:
                same.url = link.url
                # "according to [the minutes](...)": a linked source is one a reader can
                # open, so it is a cited document, not a vague one
                if same.source_class in ("vague", "unresolved"):
                    same.source_class = "document"
                    if same.source is not None:
                        same.source.category = "document"
            continue
        cue = make_span(doc, s, e, "link")
        added.append(new_attribution(
            start=span.start, end=span.end, text=span.text, sentence=span.sentence,
            pattern="link", cue=cue, source=span, source_class="document", speaker=None,
            resolved_from=None, channel="hyperlink", recipient=None, anonymity_reason=None,
            reason_given=None, url=link.url,
        ))
    found.attributions.extend(added)
    found.attributions.sort(key=lambda a: (a.start, a.end))
