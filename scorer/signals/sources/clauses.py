"""Relative clauses between a speaker and its verb: "people who attended the meeting said".

The speaker of such a verb is the phrase "who" refers to, with its clause, unless the
words after "who" hold a subject of their own, or the verb belongs to the clause.
"""

from __future__ import annotations

from .phrases import head_of, phrase_start
from .tokens import Tokens


def is_filler(tk: Tokens, t: int) -> bool:
    """An adverb or auxiliary between a subject and its verb ("has", "also", "typically")."""
    R, w = tk.rules, tk.lower[t]
    return tk.words[t].islower() and (
        w in R.adverbs or w in R.auxiliaries or w in R.passive_glue or (w.endswith("ly") and len(w) > 4))


def new_clause(tk: Tokens, first: int, last: int) -> bool:
    """True when tokens ``first..last`` (after "who", up to a verb) hold the verb's own
    subject rather than a relative clause.

    >>> "the man who |Smith| said"                      -> True
    >>> "anyone who |lives here and they'll| tell"      -> True
    >>> "a coach who |worked with them said her clients| reported" -> True
    >>> "people who |attended the meeting| said"         -> False
    """
    R, lower = tk.rules, tk.lower
    subject = phrase_start(tk, last, first)
    if subject is not None and (subject == first or lower[subject - 1] in R.verb_forms
                                or lower[subject - 1] == "that"):
        return True  # "who Smith said", "who chairs X said the study shows"
    if tk.is_pronoun(last):
        return True
    for t in range(first, last + 1):
        if lower[t] in R.coordinators:
            return True
        if t < last and lower[t] in R.verb_forms and lower[t + 1] in R.clause_starts:
            return True
    return False


def agrees(tk: Tokens, start: int, who: int, last: int, verb: int) -> bool:
    """Does the verb at ``verb`` agree in number with the head of ``start..who`` (no
    modal between the clause's end ``last`` and the verb)?

    >>> "officials who spoke ... say"                    -> True
    >>> "a hacker who exposed private email gets"        -> False ("email" is a noun there)
    """
    R, lower = tk.rules, tk.lower
    v = lower[verb]
    if any(lower[t] in R.auxiliaries for t in range(last + 1, verb)):
        return True  # "could say", "will tell"
    head = lower[head_of(tk, start, who)]
    if head in R.either_number or tk.is_number(head_of(tk, start, who)):
        return True
    plural = head in R.plural_heads or (
        head.endswith("s") and not head.endswith(("ss", "'s", "’s", "us", "is")))
    if v.endswith("s"):
        return not plural
    if v.endswith("d") or v in R.past_without_ed:
        return True
    return plural


def relative_antecedent(tk: Tokens, last: int, lo: int, limit: int = 15) -> tuple[int, int] | None:
    """For "people who attended the meeting said" (``last``: the token before the verb):
    (start of the phrase "who" refers to, position of "who"), when an unpunctuated "who"
    clause runs up to the verb; else None.

    None when the words before the verb are a subject of their own ("the man who Smith
    said", "anyone who lives here and they'll tell"); when the verb is no verb of a
    clause: "is also asked" (a passive), "the people who lived here are done waiting";
    when the antecedent is an object ("dismissed critics who", "of X who") or a place
    ("residents in Jupiter, Florida who").
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    w = lower[last]
    if w in R.be or (w in R.function and w not in R.object_pronouns):
        return None
    if "who" not in lower[max(lo, last - limit) + 1:last]:
        return None  # nearly always: one C-speed test
    # "patients who test positive are typically either told": a passive
    t = last
    while t > lo and is_filler(tk, t):
        t -= 1
    if lower[t] in R.be:
        return None
    for r in range(last - 1, max(lo, last - limit), -1):
        if tk.punct(r + 1):
            return None
        if lower[r] == "who" and words[r].islower():
            if tk.punct(r):
                return None  # "X, who ...," is an apposition (handled with the commas)
            if new_clause(tk, r + 1, last) or all(
                lower[t] in R.be or is_filler(tk, t) for t in range(r + 1, last + 1)
            ):
                return None  # "who has successfully argued": the verb is the clause's own
            start = phrase_start(tk, r - 1, lo)
            if start is None:
                return None
            before = lower[start - 1] if start > lo and not tk.punct(start) else ""
            if before in R.phrase_prepositions or before in R.verb_forms or (
                    before.endswith("ed") and words[start - 1].islower()):
                return None  # an object ("dismissed critics who ...", "of X who ...")
            if (start == r - 1 and start > lo and "," in tk.punct(start)
                    and tk.is_cap(start - 1) and tk.is_cap(start)):
                return None  # "residents in Jupiter, Florida who ...": a place
            return start, r
    return None
