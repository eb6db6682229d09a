"""Noun phrases: where a speaker's phrase starts and ends, its head, its apposition.

A source phrase must hold a name, a source word (``sources.txt``: official, study,
spokeswoman, ...) or be a pronoun; "the matter said" and "public comment" are no
sources. Phrases never cross punctuation, except the dot of a title or abbreviation
("Dr.", "U.S.").
"""

from __future__ import annotations

from .tokens import CLOSE_MARKS, DASHES, Tokens


def _dotted(tk: Tokens, t: int) -> bool:
    """Is the dot after token ``t`` part of a name: a title, an abbreviation, an
    initial ("Dr.", "U.S.", "Steven M. Ekovich", "J.J. MacNab")?"""
    w = tk.words[t]
    return tk.lower[t] in tk.rules.titles_abbr or (w.isupper() and len(w.replace(".", "")) <= 2)


def _role_after_name(tk: Tokens, t: int, lo: int) -> bool:
    """Is the lowercase word at ``t`` (before a name) a role after a capitalised word,
    ("Presidential candidate Donald Trump")?"""
    R, lower, words = tk.rules, tk.lower, tk.words
    for k in range(t, max(lo, t - 3) - 1, -1):
        if tk.punct(k + 1):
            return False
        if words[k][:1].isupper():
            return k < t and lower[k] not in R.function
        if lower[k] in R.function or tk.is_verb_like(k) or lower[k].endswith("ed"):
            return False
    return False


def _role_before_name(tk: Tokens, u: int, hi: int) -> bool:
    """Do lowercase words at ``u`` describe a person whose name follows ("Republican
    [candidate] Lindsey Graham", "New York Times [columnist] David Brooks")?"""
    R, lower, words = tk.rules, tk.lower, tk.words
    for k in range(u, min(hi, u + 3)):
        if k > u and tk.punct(k):
            return False
        if words[k][:1].isupper():
            return k > u and k + 1 < hi and words[k + 1][:1].isupper() and not tk.punct(k + 1)
        if lower[k] in R.function or tk.is_verb_like(k) or lower[k].endswith("ed"):
            return False
    return False


def phrase_start(tk: Tokens, last: int, lo: int, limit: int = 12) -> int | None:
    """First token of the source phrase ending at token ``last`` (not before ``lo``),
    or None when ``last`` ends no source phrase.

    >>> "Two senior officials| said"     -> "Two senior officials"
    >>> "people familiar with the matter| said" -> the whole phrase
    >>> "those close to him| said"        -> "those close to him"
    >>> "the matter| said"                -> None (no name, no source word)
    >>> "to release| stress"              -> None (a verb after "to")
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
        if gap and not (gap == "." and _dotted(tk, t)):
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
                or left in R.phrase_participles or tk.is_number(t - 1) or left in R.quantities
            ):
                t -= 1
                continue
            break
        if wt == "and" and t - 1 >= lo and tk.is_cap(t - 1) and (
                tk.is_cap(t + 1) or lower[t + 1] in R.author_roles):
            t -= 1  # "Young and Fong", "Choe and colleagues"
            continue
        if wt in R.phrase_participles and t - 1 >= lo and lower[t - 1] in R.source_words:
            t -= 1
            continue
        if wt in R.function and wt not in R.modifiers and not tk.is_acronym(t):
            break  # (an acronym spelt like one is a name: "WHO officials", "US diplomats")
        if tk.is_verb_like(t):
            break
        if tk.is_cap(t) or wt in R.source_words or tk.is_number(t) or wt in R.anonymity_links:
            start = t
            t -= 1
            continue
        if start < last and tk.is_cap(start) and tk.is_cap(start + 1) and _role_after_name(tk, t, lo):
            t -= 1  # "Presidential [candidate] Donald Trump", "New York Times [columnist] David Brooks"
            continue
        break
    while start < last and lower[start] in R.phrase_prepositions:
        start += 1
    if start == last and start - 1 >= lo and lower[start - 1] == "to" and words[last].islower() \
            and not tk.punct(start) and (w in R.voice_heads or w in R.document_heads) \
            and not w.endswith("s"):
        return None  # "to release stress", "to study": a verb after "to", no source
    if R.head_words.isdisjoint(lower[start:last + 1]) and not any(
        tk.is_cap(u) and lower[u] not in R.function for u in range(start, last + 1)
    ):
        return None
    return start


def phrase_end(tk: Tokens, first: int, hi: int, limit: int = 12) -> int | None:
    """End (exclusive) of the source phrase starting at token ``first`` (not past
    ``hi``), or None when none starts there.

    >>> 'said |Dr. Lena Okafor, who leads'  -> "Dr. Lena Okafor"
    >>> 'according to |a report by the state auditor' -> the whole phrase
    >>> 'according to |a cost estimate released Monday by the Congressional Budget Office'
    ...                                        -> the whole phrase
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
    participle = 0  # words since "published", "released" after the head
    tentative = 0  # unknown lowercase words kept only if a head follows
    while u < hi and u - first < limit:
        if u > first:
            gap = tk.punct(u)
            if gap and not (gap == "." and _dotted(tk, u - 1)):
                break
        wu = lower[u]
        if head_seen and not participle and wu in R.phrase_participles and words[u].islower():
            participle = 1  # "a study published in JAMA", "an estimate released Monday by"
            limit += 8
            u += 1
            continue
        if participle and words[u].islower() and not tk.is_verb_like(u) and (
                wu in R.phrase_prepositions or wu in R.days or wu in R.time_nouns
                or wu in R.time_prefixes or wu in ("online", "earlier", "later", "recently")):
            participle += 1
            u += 1
            continue
        if u > first and wu in R.phrase_prepositions:
            if wu in ("for", "of", "at", "with", "from") and head_seen:
                u += 1
                continue
            break
        initial = len(words[u]) == 1 and words[u].isupper() and u > first and tk.is_cap(u - 1)
        if wu in R.determiners and u > first and lower[u - 1] not in R.phrase_prepositions \
                and not initial:
            break
        if wu in R.be_or_aux or (u > first and tk.is_verb_like(u)):
            break
        if wu in R.function and wu not in R.modifiers and wu not in R.determiners:
            break
        known = (tk.is_cap(u) or wu in R.source_words or wu in R.determiners
                 or tk.is_number(u) or wu.endswith("'s"))
        if not known:
            if head_seen and not _role_before_name(tk, u, hi):
                break
            tentative += 1
            if tentative > 3:
                break
            u += 1
            continue
        tentative = 0
        end = u + 1
        if tk.is_cap(u) or wu in R.head_words:
            head_seen = True  # (not a modifier alone: "said retired neurosurgeon Ben Carson")
        u += 1
    if end == first or not head_seen:
        return None
    # trailing prepositions or determiners are not part of the phrase
    while end > first and lower[end - 1] in R.function and lower[end - 1] not in R.modifiers:
        end -= 1
    return end if end > first else None


def head_of(tk: Tokens, start: int, end: int) -> int:
    """The head token of a phrase: the last token before what modifies it after it (a
    preposition, a participle, a relative pronoun); after a quantity and "of", the head
    of what follows ("12% of [patients]", "half of the [researchers]").

    >>> "a study published in JAMA" -> "study"
    >>> "More than 80% of the participants in the group" -> "participants"
    """
    R, lower = tk.rules, tk.lower
    for t in range(start + 1, end):
        w = lower[t]
        if w in R.phrase_prepositions or w in R.phrase_participles or (
                w in R.relatives and tk.words[t].islower()) or (
                w.endswith("ing") and lower[t - 1] in R.head_words):  # "patients taking"
            h = t - 1
            while h > start and lower[h] in R.phrase_participles:
                h -= 1
            if w == "of" and t + 1 < end and (tk.is_number(h) or lower[h] in R.quantities
                                              or lower[h] in R.number_words):
                k = t + 1
                while k < end - 1 and (lower[k] in R.determiners or lower[k] in R.quantity_modifiers):
                    k += 1
                return head_of(tk, k, end)
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
    if any(c in gap for c in CLOSE_MARKS):
        return None  # the comma closes a quotation: what stands before it is quoted
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
    # "Kevin Choe, MD, a radiation oncologist, said": a degree belongs to the name
    while lower[np_end] in R.degrees and np_end > lo and "," in tk.punct(np_end):
        np_end -= 1
    if ")" in tk.punct(t) and np_end > lo:
        # "Sen. Johnny Isakson (R-Ga.), one of ..., said": the name before the parenthesis
        k = np_end
        while k > lo and "(" not in tk.punct(k) and np_end - k < 6:
            k -= 1
        if "(" in tk.punct(k):
            np_end = k - 1
    np_start = phrase_start(tk, np_end, lo)
    if np_start is None:
        return None
    # "Mark Holden, chairman of the board, the network's arm, said": one more apposition
    if (np_start - 1 > lo and "," in tk.punct(np_start) and not any(c in tk.punct(np_start) for c in CLOSE_MARKS)
            and (lower[np_start] in R.determiners or lower[np_start] in R.titles
                 or lower[np_start] in R.head_words)):
        before = phrase_start(tk, np_start - 1, lo)
        if before is not None and any(tk.is_cap(u) for u in range(before, np_start)):
            np_start = before
    if first in R.relatives or first in ("whose", "where"):
        return np_start, np_end + 1
    if first in R.abbreviations:
        return np_start, np_end + 1  # "Acme Pharmaceuticals, Inc. said"
    if (first in ("from", "of", "at", "with", "in") or first in R.phrase_participles or (
            first.endswith("ed") and words[t].islower())) and not any(
            lower[u] in R.verb_forms or lower[u] in R.be_or_aux for u in range(t, verb)):
        # "Dr. Arne Astrup, from the University, said", "the findings, published in
        # JAMA, suggest", "a study, co-authored by X, showed"
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
    >>> 'said Misha Shah|, 32, of Chicago, an account executive' -> past "executive"
    >>> 'said the lead author|, Karen J. Sherman, a' -> past "Sherman"
    >>> 'according to ProPublica|, Clinton praised her' -> unchanged
    >>> 'said John Doe|, and the case went on'     -> unchanged
    """
    R, lower = tk.rules, tk.lower
    # "the lead author, Karen J. Sherman": a person's role, then the person's name
    role = lower[end - 1] in R.titles or lower[end - 1] in R.researcher_heads or (
        lower[end - 1] in R.spokes_heads)
    start = end
    while end < hi and "," in tk.punct(end) and end - start < 30:
        w = lower[end]
        age = tk.is_number(end) and end + 1 < hi and "," in tk.punct(end + 1)  # "Ramos, 58,"
        name = role and end + 1 < hi and tk.is_cap(end) and tk.is_cap(end + 1) and w not in R.function
        relative = w in R.relatives or w in ("whose", "where")
        if not (w in R.determiners or relative or w in R.titles or w in R.modifiers
                or w in R.degrees or age or name or w in ("of", "from", "at")):
            break
        u = end + 1
        while u < hi and u - end < 20:
            gap = tk.punct(u)
            if gap and not (gap in (".", ".)") and _dotted(tk, u - 1)) and not (
                    "(" in gap or ")" in gap):
                break
            u += 1
        if not relative and any(tk.is_verb_like(k) or lower[k] in R.auxiliaries for k in range(end, u)):
            break  # "according to Human Rights Watch, state forces have killed ...": the clause
        end = u
        role = False
    return end


def clause_subject(tk: Tokens, last: int, lo: int, limit: int = 25) -> int | None:
    """First token of a clause's whole subject ending at ``last``, when it is a source
    phrase with modifiers after its head, or None.

    The subject runs back to punctuation or a word that ends it on the left ("that",
    "because", a verb); its head is the first source word in it (the head of an English
    noun phrase comes before its modifiers), and only determiners, numbers, adjectives
    and names may stand before that.

    >>> "A study of 50 people with drug-resistant epilepsy| found" -> "A study ..."
    >>> "Researchers in Denmark and the U.S.| found"               -> "Researchers ..."
    >>> "More than 400 million people worldwide| report"           -> "More than ..."
    >>> "larger than the company| has disclosed"                    -> "the company"
    >>> "the matter| said"                                          -> None
    """
    R, lower, words = tk.rules, tk.lower, tk.words
    start = last
    crossed = False
    while start - 1 >= lo and last - start < limit and not tk.punct(start):
        w = lower[start - 1]
        if w == "be" and start - 3 >= lo and lower[start - 2] == "to" and \
                lower[start - 3] in R.reduced_impersonal:
            start -= 3  # "A study believed to be the largest of its kind"
            continue
        if w in R.coordinators and not crossed and not any(
                lower[t] in R.head_words for t in range(start, last + 1)):
            crossed = True  # "rats and monkeys": no head yet, so the "and" joins nouns
            start -= 1
            continue
        if (tk.is_verb_like(start - 1) and w not in R.phrase_participles) or (
                w in R.subject_boundaries):
            break  # ("And Iowa biofuels advocates": "And" stays out)
        if w == "than" and start - 2 >= lo and lower[start - 2] not in R.head_words:
            counted = tk.is_number(start) or lower[start] in R.number_words or lower[start] in R.quantities
            if not (counted and lower[start - 2] in R.quantity_modifiers):
                break  # "larger than [the company] has disclosed"; not "More than 400 people"
        start -= 1
    if lower[last] in R.function or lower[last].endswith("ed"):
        return None  # "The people in", "The Department referred": no subject ends so
    for h in range(start, last + 1):
        w = lower[h]
        if w in R.head_words and words[h].islower() or (w in R.head_words and h == start):
            # what follows the head modifies it: "study [of] 50 people", "patients [taking]"
            if h < last and not (lower[h + 1] in R.phrase_prepositions or lower[h + 1] in R.phrase_participles
                                 or lower[h + 1] in R.coordinators or lower[h + 1].endswith(("ing", "wide"))
                                 or lower[h + 1] == "than"
                                 or lower[h + 1] in R.head_words):
                return None
            break
        if w == "of" and h > start and (tk.is_number(h - 1) or lower[h - 1] in R.quantities):
            continue  # "About 40% of patients"
        if not (w in R.determiners or w in R.modifiers or w in R.quantity_modifiers
                or w in R.number_words or tk.is_number(h) or tk.is_cap(h)
                or (words[h].islower() and w not in R.function and not tk.is_verb_like(h))):
            return None
    else:
        return None
    if lower[start] == "to":
        return None  # "ordered the office to release| emails": an infinitive, no subject
    return start if start < last else None


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
    if R.negations.isdisjoint(lower[max(lo, last - 9):last + 1]):
        return last  # no "not" before the verb: nearly always, one C-speed test
    for t in range(last, max(lo, last - 8) - 1, -1):
        if tk.punct(t + 1) and t != last:
            break
        if lower[t] in R.unauthorised and t - 1 > lo and lower[t - 1] in R.negations:
            return t - 2
    return last
