"""Noun phrases: where a speaker's phrase starts and ends, its head, its apposition.

A source phrase must hold a name, a source word (``sources.txt``: official, study,
spokeswoman, ...) or be a pronoun; "the matter said" and "public comment" are no
sources. Phrases never cross punctuation, except the dot of a title or abbreviation
("Dr.", "U.S.").
"""

from __future__ import annotations

from .tokens import DASHES, Tokens


def phrase_start(tk: Tokens, last: int, lo: int, limit: int = 12) -> int | None:
    """First token of the source phrase ending at token ``last`` (not before ``lo``),
    or None when ``last`` ends no source phrase.

    >>> "Two senior officials| said"     -> "Two senior officials"
    >>> "people familiar with the matter| said" -> the whole phrase
    >>> "those close to him| said"        -> "those close to him"
    >>> "the matter| said"                -> None (no name, no source word)
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    w = lower[last]
    if tk.is_pronoun(last):
        return last
    if w in R.object_pronouns and last - 2 > lo and lower[last - 1] in R.phrase_prepositions:
        # "those close to him", "people familiar with it": through the preposition
        if lower[last - 2] not in R.anonymity_links:
            return None
        t = last - 2
        while t - 1 >= lo and not tk.punct(t) and (
            lower[t - 1] in R.determiners or lower[t - 1] in R.head_words
            or lower[t - 1] in R.modifiers
        ):
            t -= 1
        return t if t < last - 2 else None
    acronym = tk.is_acronym(last)
    # a capitalised function word mid-sentence is a name: "Theresa May", "Will Smith"
    as_word = words[last].islower() or last == lo
    if as_word and not acronym and w in R.function and w not in R.modifiers and w not in R.vague_groups:
        return None
    if not acronym and tk.is_verb_like(last):
        return None
    start = last
    t = last - 1
    while t >= lo and last - t < limit:
        gap = tk.punct(t + 1)
        if gap and not (gap == "." and lower[t] in R.titles_abbr):
            break
        wt = lower[t]
        if wt in R.determiners and wt not in R.modifiers:
            start = t
            # "people familiar with the matter": continue through a preposition
            if t - 1 >= lo and lower[t - 1] in R.phrase_prepositions and not tk.punct(t):
                t -= 1
                continue
            break
        if wt in R.phrase_prepositions:
            left = lower[t - 1] if t - 1 >= lo else ""
            if t - 1 >= lo and (
                tk.is_cap(t - 1) or left in R.source_words or left in R.anonymity_links
                or left in R.phrase_participles
            ):
                t -= 1
                continue
            break
        if wt == "and" and t - 1 >= lo and tk.is_cap(t - 1) and tk.is_cap(t + 1):
            t -= 1
            continue
        if wt in R.phrase_participles and t - 1 >= lo and lower[t - 1] in R.source_words:
            t -= 1
            continue
        if wt in R.function and wt not in R.modifiers:
            break
        if tk.is_verb_like(t):
            break
        if tk.is_cap(t) or wt in R.source_words or tk.is_number(t) or wt in R.anonymity_links:
            start = t
            t -= 1
            continue
        break
    while start < last and lower[start] in R.phrase_prepositions:
        start += 1
    if not any(
        (tk.is_cap(u) and lower[u] not in R.function) or lower[u] in R.head_words
        for u in range(start, last + 1)
    ):
        return None
    return start


def phrase_end(tk: Tokens, first: int, hi: int, limit: int = 12) -> int | None:
    """End (exclusive) of the source phrase starting at token ``first`` (not past
    ``hi``), or None when none starts there.

    >>> 'said |Dr. Lena Okafor, who leads'  -> "Dr. Lena Okafor"
    >>> 'according to |a report by the state auditor' -> the whole phrase
    >>> 'said |that the plan'                -> None
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    if first >= hi:
        return None
    w = lower[first]
    if tk.is_pronoun(first):
        return first + 1
    if not (tk.is_cap(first) or w in R.determiners or w in R.source_words):
        return None
    if w in ("that", "this", "it"):
        return None
    end = first
    u = first
    head_seen = False
    tentative = 0  # unknown lowercase words kept only if a head follows
    while u < hi and u - first < limit:
        if u > first:
            gap = tk.punct(u)
            if gap and not (gap == "." and lower[u - 1] in R.titles_abbr):
                break
        wu = lower[u]
        if u > first and wu in R.phrase_prepositions:
            if wu in ("for", "of", "at", "with", "from") and head_seen:
                u += 1
                continue
            break
        if wu in R.determiners and u > first and lower[u - 1] not in R.phrase_prepositions:
            break
        if wu in R.be_or_aux or (u > first and wu in R.verb_forms and words[u].islower()):
            break
        if wu in R.function and wu not in R.modifiers and wu not in R.determiners:
            break
        known = (tk.is_cap(u) or wu in R.source_words or wu in R.determiners
                 or tk.is_number(u) or wu.endswith("'s"))
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
        if tk.is_cap(u) or wu in R.source_words:
            head_seen = True
        u += 1
    if end == first or not head_seen:
        return None
    # trailing prepositions or determiners are not part of the phrase
    while end > first and lower[end - 1] in R.function and lower[end - 1] not in R.modifiers:
        end -= 1
    return end if end > first else None


def head_of(tk: Tokens, start: int, end: int) -> int:
    """The head token of a phrase: the last token before its first preposition, and
    before a participle ("a study [published] in JAMA" -> "study")."""
    R, lower = tk.rules, tk.lower
    for t in range(start + 1, end):
        if lower[t] in R.phrase_prepositions:
            h = t - 1
            while h > start and lower[h] in R.phrase_participles:
                h -= 1
            return h
    return end - 1


def apposition_before(tk: Tokens, verb: int, lo: int) -> tuple[int, int] | None:
    """For ``X, a critic, said`` (a comma or dash before the verb): the speaker X as
    (start, end), or None.

    >>> "Mr. Smith, a critic, said"          -> "Mr. Smith"
    >>> "Jane Doe -- a critic -- said"       -> "Jane Doe"
    >>> "A lawyer for the firm, Jane Doe, said" -> the whole phrase (so the name is seen)
    >>> "In Ohio, on Tuesday, said"          -> None
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    gap = tk.punct(verb)
    dash = any(d in gap for d in DASHES)
    t = verb - 1
    while t > lo and verb - t <= 40:
        before = tk.punct(t)
        if any(d in before for d in DASHES) if dash else ("," in before):
            break
        t -= 1
    else:
        return None
    if t <= lo:
        return None
    first = lower[t]
    np_end = t - 1
    np_start = phrase_start(tk, np_end, lo)
    if np_start is None:
        return None
    if first in R.relatives or first in ("whose", "where"):
        return np_start, np_end + 1
    if (first in R.determiners or tk.is_number(t) or first in R.titles
            or first in R.modifiers or first in R.source_words or dash
            or first in ("himself", "herself", "now", "then")):
        return np_start, np_end + 1
    if words[t][:1].isupper() and any(lower[u] in R.head_words for u in range(np_start, t)):
        return np_start, verb  # "A lawyer for the outlets, David Schulz, said"
    return None


def with_apposition(tk: Tokens, end: int, hi: int) -> int:
    """``end`` moved past ``, a spokesman for the agency`` or ``, who ...`` after a name
    (up to the next punctuation).

    >>> 'said John Doe|, a lawyer for the family.' -> past "family"
    >>> 'said John Doe|, and the case went on'     -> unchanged
    """
    R = tk.rules
    if end >= hi or "," not in tk.punct(end):
        return end
    w = tk.lower[end]
    if not (w in R.determiners or w in R.relatives or w in R.titles or w in R.modifiers):
        return end
    u = end + 1
    while u < hi and u - end < 15:
        if tk.punct(u):
            break
        u += 1
    return u


def sentence_subject(tk: Tokens, lo: int, cue: int) -> tuple[int, int] | None:
    """The noun phrase opening the sentence (after "But", "On Tuesday,"...), as the
    speaker of a participial or coordinated cue at token ``cue``.

    >>> "Nora Vance attacked the plan, saying"    -> "Nora Vance"
    >>> "After saying ..., Clinton left"          -> "Clinton"
    """
    R, lower = tk.rules, tk.lower
    t = lo
    while t < cue and lower[t] in R.sentence_openers:
        t += 1
    if t < cue and lower[t] in R.gerund_prepositions and t + 1 == cue:
        # "After saying ..., Clinton left": the subject follows the opening clause
        hi = tk.sentence_end(lo)
        u = cue + 1
        while u < hi and "," not in tk.punct(u):
            u += 1
        if u < hi:
            end = phrase_end(tk, u, hi)
            return (u, end) if end else None
        return None
    # skip a short introductory phrase ending in a comma: "On Tuesday, ..."
    for u in range(t + 1, min(cue, t + 6)):
        if "," in tk.punct(u):
            if lower[t] in R.phrase_prepositions or lower[t] in R.intro_prepositions:
                t = u
            break
    end = phrase_end(tk, t, cue)
    if end is None:
        return None
    return t, end


def skip_unauthorised(tk: Tokens, last: int, lo: int) -> int:
    """For "an official not authorized to speak publicly said" (``last``: the token
    before the verb): the token before "not", where the speaker's own phrase ends;
    ``last`` itself when there is no such clause."""
    R, lower = tk.rules, tk.lower
    for t in range(last, max(lo, last - 8) - 1, -1):
        if tk.punct(t + 1) and t != last:
            break
        if lower[t] in R.unauthorised and t - 1 > lo and lower[t - 1] in R.negations:
            return t - 2
    return last
