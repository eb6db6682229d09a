"""Names inside a source phrase: which capitalised words form a name, and whose.

A run of name tokens is an organisation's name when a word in it says so
("Department", ``org_word`` in ``sources.txt``), when it is an acronym (WHO, CDC), or
when it holds a well-known name of several words ("White House", ``org_name``);
otherwise it is a person's name.
"""

from __future__ import annotations

from itertools import compress
from operator import ne

from .tokens import Tokens


def name_tokens(tk: Tokens, start: int, end: int) -> list[int]:
    """Capitalised tokens of ``start..end`` that can be part of a name: not titles, not
    the sentence's capitalised first word when that is an ordinary word.

    >>> "Acme spokeswoman Jane Doe"  -> Acme, Jane, Doe
    >>> "Officials" (sentence start) -> none
    >>> "Landowners who signed"      -> none
    """
    R, words, lower = tk.rules, tk.words, tk.lower
    out: list[int] = []
    first = None  # the phrase's sentence's first token, looked up once
    # only the words with a capital letter, picked out at C speed
    for t in compress(range(start, end), map(ne, words[start:end], lower[start:end])):
        word, w = words[t], lower[t]
        if not word[:1].isupper():
            continue
        if len(word) > 1 and word.isupper() and w not in R.titles:
            out.append(t)  # an acronym: WHO, CDC, NATO
            continue
        if first is None:
            first = tk.sentence_bounds(tk.sentence_at(start))[0]
        sentence_start = t == first
        if w in R.titles and not (out and out[-1] == t - 2 and lower[t - 1] in _JOINERS):
            continue  # a title before a name; but "Institute of General Medical Sciences"
        if (w in R.function or w in R.determiners or w in R.number_words) and sentence_start:
            continue  # "The", "Thirty children who ..."
        if sentence_start and t + 1 < end and tk.words[t + 1].islower() and lower[t + 1] in R.head_words:
            continue  # "Physical therapists say", "Smaller studies": an adjective
        if (sentence_start and t + 1 < len(lower) and lower[t + 1] == "who"
                and not tk.punct(t + 1)
                and (w in R.head_words or w in words
                     or (w.endswith("s") and not w.endswith(("ss", "'s", "’s"))))):
            continue  # "Landowners who signed": after a name, "who" follows a comma
        if w in R.source_words and not word.isupper():
            # "Officials", "Critics", "Police" capitalised at a sentence start
            if sentence_start or w in R.org_words:
                if w not in R.org_words:
                    continue
        out.append(t)
    return out


_JOINERS = frozenset(("of", "for", "and", "the", "de", "on"))


def runs(tk: Tokens, names: list[int]) -> list[list[int]]:
    """Name tokens grouped into names: consecutive, or joined by of/for/and/the/de/on
    ("Department of Health", "Bank of America"); a person's name before "of" stays apart
    ("Emmanuel Mignot | of Stanford University")."""
    out: list[list[int]] = []
    org_words = tk.rules.org_words
    for t in names:
        if out and (
            t == out[-1][-1] + 1
            or (t == out[-1][-1] + 2 and tk.lower[t - 1] in _JOINERS and (
                tk.lower[t - 1] in ("and", "the") or len(out[-1]) == 1
                or any(tk.lower[u] in org_words for u in out[-1])))
        ):
            out[-1].append(t)
        else:
            out.append([t])
    return out


def is_org_run(tk: Tokens, run: list[int]) -> bool:
    """Does this run of name tokens name an organisation?"""
    R, lower = tk.rules, tk.lower
    tokens = [lower[t] for t in run]
    if not (R.org_words.isdisjoint(tokens) and R.org_names.isdisjoint(tokens)) or any(
            tk.is_acronym(t) for t in run):
        return True
    if len(run) > 1 and R.org_phrases:
        padded = f" {' '.join(tokens)} "
        return any(p in padded for p in R.org_phrases)
    return False


def person_run(tk: Tokens, names: list[int]) -> tuple[int, int]:
    """The tokens of the person's name: the last run of consecutive name tokens, not
    across a comma, of two words or more if there is one ("Acme spokeswoman Jane Doe"
    -> "Jane Doe"; "Dr. Corinne Abasi, Veridane's chief medical officer" -> "Corinne
    Abasi")."""
    groups: list[list[int]] = []
    for t in names:
        if groups and t == groups[-1][-1] + 1 and "," not in tk.punct(t):
            groups[-1].append(t)
        else:
            groups.append([t])
    run = next((g for g in reversed(groups) if len(g) > 1), groups[-1])
    return run[0], run[-1] + 1


def person_name(tk: Tokens, names: list[int]) -> str:
    """The person's name (see :func:`person_run`), without a possessive."""
    return " ".join(tk.words[t].removesuffix("'s").removesuffix("’s") for t in range(*person_run(tk, names)))


def org_name(tk: Tokens, names: list[int]) -> str | None:
    """From the first to the last name token, inner joiners kept ("Department of
    Health"), without a possessive."""
    if not names:
        return None
    return tk.text(names[0], names[-1] + 1).removesuffix("'s").removesuffix("’s")


def definite_org(tk: Tokens, start: int, end: int) -> str:
    """ "the company", "the ministry": the organisation word, or the whole phrase."""
    for t in range(start, end):
        if tk.lower[t] in tk.rules.org_words:
            return tk.lower[t].removesuffix("'s")
    return " ".join(tk.lower[start:end])
