"""Classify a source phrase: named person, named organisation, anonymous, vague,
document, or unresolved; with the canonical speaker name and, for a pronoun, a surname
or a study team, the mention it was resolved to.

The rules, in the order :func:`classify` applies them (``sources.txt`` gives the words):

1. a pronoun is resolved (:func:`pronoun`);
2. a document head ("study", "report", "findings") is a document when it is specific,
   vague when generic (:func:`document`);
3. a statement ("statement", "tweet") speaks for whoever issued it;
4. a spokesperson speaks for the organisation, unless named;
5. a personal name ("Jane Doe", "Mr. Smith", a surname named before) is a named person;
6. a study team ("the researchers", "the authors") is its named author, its institution,
   or vague (:func:`researchers`); people in a study ("patients", "12% of
   participants") are a vague group;
7. "the mayor" is a named person; anonymous heads ("official", "source") anonymous;
   generic groups ("critics", "experts") vague unless an organisation is named;
8. any other name is an organisation.
"""

from __future__ import annotations

from typing import NamedTuple

from .cues import Candidate
from .names import definite_org, is_org_run, name_tokens, org_name, person_name, person_run, runs
from .phrases import head_of
from .resolve import Mentions, Person, Spoken, _as_person
from .tokens import Tokens

_NO_DOCUMENT = ("reports", "rumors", "rumours")
_GENERIC = ("some", "many", "others", "most", "few")
# plural document heads that stand for the results of the study reported: "Results showed"
_RESULTS = ("results", "findings", "result")
_MASS = ("research", "data", "evidence")


class Verdict(NamedTuple):
    source_class: str
    speaker: str | None = None
    resolved_from: str | None = None  # the words resolved, as written: "she", "Smith"
    antecedent: tuple[int, int] | None = None  # tokens of the mention they refer to
    kind: str = "person"  # for the mentions registry: person, organisation, researchers, ...


def classify(tk: Tokens, c: Candidate, mentions: Mentions) -> Verdict:
    """The class and speaker of ``c``'s source phrase."""
    s, e = c.core or c.source
    R, lower = tk.rules, tk.lower
    if e - s == 1 and tk.is_pronoun(s):
        return pronoun(tk, s, c.sentence, mentions)

    head_t = head_of(tk, s, e)
    head = lower[head_t]
    names = name_tokens(tk, s, e)
    phrase = " ".join(lower[s:e])
    has_title = not R.titles.isdisjoint(lower[s:e])
    orgish: list[int] = []
    person_names: list[int] = []
    for run in runs(tk, names):
        if is_org_run(tk, run):
            orgish.extend(run)
        elif not _modifies(tk, run, e):
            person_names.extend(run)
    org_named = bool(orgish) or not R.org_names.isdisjoint(lower[s:e]) or (
        len(R.org_phrases) > 0 and not R.org_phrase_words.isdisjoint(lower[s:e])
        and any(p in f" {phrase} " for p in R.org_phrases))

    if head in R.document_heads or head in _NO_DOCUMENT:
        # its specifics may stand in the apposition: "research, published in the Journal"
        full = c.source[1] if c.source and c.source[0] == s else e
        return document(tk, s, full, head_t, names)
    # statements, posts: the voice of whoever issued them
    if head in R.voice_heads:
        if not names:
            # "the statement said", "a press release stated": nobody is left unnamed; the
            # text itself is the source a reader can look for
            return document(tk, s, e, head_t, names)
        if org_named or len(names) == 1 and mentions.by_surname(tk, names[0]) is None:
            return Verdict("named_organisation", org_name(tk, names), kind="organisation")
        return _person(tk, names, mentions)
    personal = bool(person_names) and (
        has_title or len(person_names) >= 2 or mentions.by_surname(tk, person_names[0]) is not None)
    # spokespeople: the organisation speaks on the record
    if head in R.spokes_heads and not personal:
        if names or "the" in lower[s:e] or any(lower[t].endswith("'s") for t in range(s, e)):
            return Verdict("named_organisation", org_name(tk, names) or definite_org(tk, s, e),
                           kind="organisation")
        return Verdict("anonymous", kind="group")
    # a personal name anywhere in the phrase: "Jane Doe", "Mr. Smith", "Smith, a critic"
    if personal:
        return _person(tk, person_names, mentions)
    if head in R.researcher_heads:
        return researchers(tk, s, e, names if org_named else [], mentions)
    if head in R.participant_heads or (_counted(tk, s, head_t) and not names):
        # patients in a study; "58 percent of the people", "more women than men"
        return Verdict("vague", kind="participants")
    if head in R.titles and lower[s] == "the" and head not in R.anonymous_heads:
        # "the mayor", "the senator": a specific person on the record, named earlier
        return Verdict("named_person", tk.text(s, e).lower())
    generic = lower[s] in R.generic_quantifiers or lower[s] in ("other", "others")
    if head in R.anonymous_heads:
        if generic and head not in R.insiders:
            return Verdict("vague", kind="group")  # "some parents", "many ranchers"
        # one unnamed person ("a nurse") is who a later "she" may be
        return Verdict("anonymous", kind="group" if head.endswith("s") else "person")
    if head in R.vague_groups:
        if org_named and head not in _GENERIC:
            return Verdict("named_organisation", org_name(tk, names), kind="organisation")
        return Verdict("vague", kind="group")
    if names:
        return Verdict("named_organisation", org_name(tk, names), kind="organisation")
    if head in R.org_words and head.endswith("s") and lower[s] not in R.definite:
        return Verdict("vague", kind="group")  # "conservation groups", "aid agencies"
    if head in R.org_words or head in R.org_names:
        # "the company", "the ministry": an organisation named earlier
        return Verdict("named_organisation", definite_org(tk, s, e), kind="organisation")
    if generic:
        return Verdict("vague", kind="group")  # "many installers", "some viewers"
    return Verdict("anonymous", kind="group")


def pronoun(tk: Tokens, t: int, sentence: int, mentions: Mentions) -> Verdict:
    """ "he" / "she": the nearest person before; "they": the nearest group that spoke
    (or a study team just mentioned); "it": the nearest organisation or document.

    >>> 'Nora Vance said the plan works. "It will pass," she said.' -> Nora Vance
    >>> 'The researchers ... . They found that ...' -> the study's named author
    >>> 'He said the plan would fail.' (no one before)               -> unresolved
    """
    p, written = tk.lower[t], tk.words[t]
    if p in ("he", "she"):
        person = mentions.person_before(tk, t, sentence)
        if isinstance(person, Person):
            return Verdict("named_person", person.name, written, (person.start, person.end))
        if person is not None:  # a speaker: "One nurse said ... she said" stays anonymous
            return Verdict(person.source_class, person.speaker, written, person.span, "person")
    elif p == "they":
        group = mentions.group_before(tk, t, sentence, ("researchers", "organisation",
                                                           "participants", "group"))
        if group is None and mentions.researchers_before(tk, t, sentence):
            return researchers(tk, t, t + 1, [], mentions, written)
        if group is not None:
            return Verdict(group.source_class, group.speaker, written, group.span, group.kind)
    elif p == "it":
        thing = mentions.group_before(tk, t, sentence, ("organisation", "document"))
        if thing is not None:
            return Verdict(thing.source_class, thing.speaker, written, thing.span, thing.kind)
    return Verdict("unresolved", None, written)


def document(tk: Tokens, s: int, e: int, head_t: int, names: list[int]) -> Verdict:
    """A document is a source a reader can find: one study ("a new study", "the
    review"), or one made specific by a name, a number, an issuer or its publication
    ("a report by the WHO", "data from 2019", "a study published in JAMA"). Generic
    plurals and mass nouns are vague ("studies show", "previous studies", "research
    suggests"), and so are "reports" and "rumors".

    >>> "A study published in JAMA found" -> document (JAMA)
    >>> "the findings showed"             -> document
    >>> "Previous studies have suggested" -> vague
    """
    R, lower = tk.rules, tk.lower
    head = lower[head_t]
    specific = (bool(names) or any(tk.is_number(t) or lower[t] in R.number_words for t in range(s, e))
                or _issued(tk, s, e))
    if head not in _NO_DOCUMENT and not specific:
        first = lower[s]
        definite = first in R.definite or any(lower[t].endswith(("'s", "’s")) for t in range(s, head_t))
        plural = head in _MASS or (head.endswith("s") and not head.endswith(("ss", "sis", "us")))
        generic = first in R.generic_quantifiers or first in R.quantities or first in (
            "other", "previous", "earlier", "prior", "past", "several", "numerous", "various")
        new = first in ("new", "latest", "current")  # "new research": the study reported
        # "court documents", "department figures": whose they are is said
        issued = any(lower[t] in R.org_words or lower[t] in R.titles or lower[t] in R.issuer_modifiers
                     for t in range(s, head_t))
        specific = not generic and (definite or new or issued or not plural or head in _RESULTS)
    if specific and head not in _NO_DOCUMENT:
        return Verdict("document", org_name(tk, names) or tk.text(s, e), kind="document")
    return Verdict("vague", kind="group")


def researchers(tk: Tokens, s: int, e: int, org: list[int], mentions: Mentions,
                written: str | None = None) -> Verdict:
    """A study team ("the researchers", "the authors", "they"): the study's first named
    author when the article names one (a reader can tell who they are); else the
    institution named in the phrase ("University of Utah researchers"); else vague.
    "Some researchers" and "other scientists" are a generic group."""
    lower = tk.lower
    if lower[s] in tk.rules.generic_quantifiers or lower[s] in ("other", "others"):
        return Verdict("vague", kind="group")
    author = mentions.study_author()
    said = written or tk.text(s, e)
    if author is not None:
        return Verdict("named_person", author.name, said, (author.start, author.end), "researchers")
    if org:
        return Verdict("named_organisation", org_name(tk, org), kind="researchers")
    return Verdict("vague", kind="researchers")


def _modifies(tk: Tokens, run: list[int], end: int) -> bool:
    """Is a name run a modifier of the head noun right after it ("A Boca Raton mother",
    "Merck researchers"), not the speaker's name? Not before a title or a spokesperson
    ("Acme spokeswoman Jane Doe")."""
    after = run[-1] + 1
    if after >= end or tk.punct(after) or not tk.words[after].islower():
        return False
    w = tk.lower[after]
    return w in tk.rules.head_words and w not in tk.rules.titles and w not in tk.rules.spokes_heads


def _counted(tk: Tokens, s: int, head_t: int) -> bool:
    """Does the phrase count people ("58 percent of the people", "more women than men",
    "twice as many patients")? Then they are a group reporting on themselves."""
    R, lower = tk.rules, tk.lower
    first = lower[s]
    if head_t == s or lower[head_t] not in R.anonymous_heads:
        return False
    # not "Two administration officials said", "one of the officials said": a count of
    # insiders, not of a study's people
    if lower[head_t] in R.insiders:
        return False
    if first in ("more", "most", "half", "twice"):
        return True
    for t in range(s + 1, head_t):
        if lower[t] == "of":
            before = lower[t - 1]
            return before in R.quantities and before not in R.number_words or (
                tk.is_number(t - 1) and "%" in tk.doc.gap(t)) or before in ("percent", "cent")
    return False


def _person(tk: Tokens, names: list[int], mentions: Mentions) -> Verdict:
    """A named person; a bare surname is linked to the full name given before."""
    name = person_name(tk, names)
    if " " not in name:
        full = mentions.by_surname(tk, names[-1])
        if full is not None and full.name != name:
            return Verdict("named_person", full.name, tk.words[names[-1]], (full.start, full.end))
    else:
        person = _as_person(tk, *person_run(tk, names))  # a name, not "United States Carson"
        if person is not None and person.name == name:
            mentions.note(person)
    return Verdict("named_person", name)


def _issued(tk: Tokens, s: int, e: int) -> bool:
    """ "a report by the state auditor", "data from the county health department", "a
    study published in JAMA": the issuer or the place of publication is given, so a
    reader can find the document."""
    R, lower = tk.rules, tk.lower
    for t in range(s, e - 1):
        if lower[t] in R.phrase_participles:
            return True
        if lower[t] in ("by", "from") and lower[t + 1] == "the":
            return any(lower[k] in R.titles or lower[k] in R.org_words for k in range(t + 2, e))
    return False


def spoken(c: Candidate, v: Verdict) -> Spoken:
    """The registry's record of a classified speaker."""
    kind = v.kind
    if v.source_class == "named_organisation":
        kind = "organisation" if kind == "person" else kind
    return Spoken(c.source[0], c.sentence, kind, v.source_class, v.speaker, v.antecedent or c.source)
