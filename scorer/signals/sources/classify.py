"""Classify a source phrase: named person, named organisation, anonymous, vague,
document, or unresolved; with the canonical speaker name.

The head noun decides first (``sources.txt``): a document head ("report", "study") is a
document when it is specific, a statement ("statement", "tweet") speaks for whoever
issued it, a spokesperson for the organisation; then names ("Jane Doe", "Mr. Smith");
then titles ("the mayor"), anonymous heads ("official", "source") and generic groups
("critics", "experts").
"""

from __future__ import annotations

from typing import NamedTuple

from .cues import Candidate
from .names import definite_org, is_org_run, name_tokens, org_name, person_name, runs
from .phrases import head_of
from .resolve import Mentions
from .tokens import Tokens

_PLURAL_DOCUMENT_GROUPS = ("studies", "research", "polls", "reports")
_NO_DOCUMENT = ("reports", "rumors", "rumours")
_GENERIC = ("some", "many", "others", "most", "few")


class Verdict(NamedTuple):
    source_class: str
    speaker: str | None = None
    resolved_from: str | None = None  # the pronoun resolved, as written


def classify(tk: Tokens, c: Candidate, mentions: Mentions) -> Verdict:
    """The class and speaker of ``c``'s source phrase."""
    s, e = c.core or c.source
    R, lower = tk.rules, tk.lower
    if e - s == 1 and tk.is_pronoun(s):
        return _pronoun(tk, s, c.sentence, mentions)

    head = lower[head_of(tk, s, e)]
    names = name_tokens(tk, s, e)
    phrase = " ".join(lower[s:e])
    has_title = any(lower[t] in R.titles for t in range(s, e))
    orgish: list[int] = []
    person_names: list[int] = []
    for run in runs(tk, names):
        (orgish if is_org_run(tk, run) else person_names).extend(run)
    org_named = bool(orgish) or any(n in phrase for n in R.org_names)

    # documents: "a report by the WHO", "data from the Census Bureau", "a 2019 study"
    if head in R.document_heads or (head in R.vague_groups and head in _PLURAL_DOCUMENT_GROUPS):
        specific = (bool(names) or any(tk.is_number(t) for t in range(s, e))
                    or _definite_issuer(tk, s, e))
        if specific and head not in _NO_DOCUMENT:
            return Verdict("document", org_name(tk, names) or tk.text(s, e))
        return Verdict("vague")
    # statements, posts: the voice of whoever issued them
    if head in R.voice_heads:
        if not names:
            return Verdict("anonymous")
        if org_named or len(names) == 1 and not mentions.is_known_surname(lower[names[0]]):
            return Verdict("named_organisation", org_name(tk, names))
        return Verdict("named_person", mentions.full_name(person_name(tk, names)))
    personal = bool(person_names) and _is_personal_name(tk, person_names, mentions, has_title)
    # spokespeople: the organisation speaks on the record
    if head in R.spokes_heads and not personal:
        if names or "the" in lower[s:e] or any(lower[t].endswith("'s") for t in range(s, e)):
            return Verdict("named_organisation", org_name(tk, names) or definite_org(tk, s, e))
        return Verdict("anonymous")
    # a personal name anywhere in the phrase: "Jane Doe", "Mr. Smith", "Smith, a critic"
    if personal:
        return Verdict("named_person", mentions.full_name(person_name(tk, person_names)))
    if head in R.titles and lower[s] == "the" and head not in R.anonymous_heads:
        # "the mayor", "the senator": a specific person on the record, named earlier
        return Verdict("named_person", tk.text(s, e).lower())
    if head in R.anonymous_heads:
        return Verdict("anonymous")
    if head in R.vague_groups:
        if org_named and head not in _GENERIC:
            return Verdict("named_organisation", org_name(tk, names))
        return Verdict("vague")
    if names:
        return Verdict("named_organisation", org_name(tk, names))
    if head in R.org_words or head in R.org_names:
        # "the company", "the ministry": an organisation named earlier
        return Verdict("named_organisation", definite_org(tk, s, e))
    return Verdict("anonymous")


def _pronoun(tk: Tokens, t: int, sentence: int, mentions: Mentions) -> Verdict:
    p, written = tk.lower[t], tk.words[t]
    if p in ("he", "she"):
        person = mentions.person_before(tk, t, sentence)
        if person:
            return Verdict("named_person", person, written)
    elif p in ("it", "they"):
        org = mentions.org_before(sentence)
        if org:
            return Verdict("named_organisation", org, written)
    return Verdict("unresolved", None, written)


def _is_personal_name(tk: Tokens, names: list[int], mentions: Mentions, has_title: bool) -> bool:
    if has_title or len(names) >= 2:
        return True
    return mentions.is_known_surname(tk.lower[names[0]].removesuffix("'s"))


def _definite_issuer(tk: Tokens, s: int, e: int) -> bool:
    """ "a report by the state auditor", "data from the county health department": the
    issuer is a definite office or body, so a reader can find the document."""
    R, lower = tk.rules, tk.lower
    for t in range(s, e - 2):
        if lower[t] in ("by", "from") and lower[t + 1] == "the":
            return any(lower[k] in R.titles or lower[k] in R.org_words for k in range(t + 2, e))
    return False
