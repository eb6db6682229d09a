"""The loaded-language model's per-token features, and the plain reference that computes
them one token at a time.

Only *candidates* are scored: word tokens of two or more characters that start with a
letter and are not function words (scorer's ``function_words`` list). No feature is a
word's identity. Three kinds, by what they depend on:

* **type** features depend on the lowercase word alone (:func:`type_values`): VADER
  valence, Pattern subjectivity, wordfreq rarity, Empath categories, hand-written
  suffixes and prefixes of general English morphology;
* **surface** features on the word as written (:func:`surface_values`): capitals,
  hyphen, apostrophe, length;
* **positional** features on where the token stands: our lexicon's match and its
  category, boosters and hedges, neighbours, quotation and headline, its sentence, how
  often its word recurs in the article.

:func:`matrix` is the reference: obvious code, used to train and to check the fast path
(:mod:`scorer.loaded.fast`, which must give the same numbers) and the reasons.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from ..signals.loaded import LOADED_CATEGORIES as CATEGORIES
from ..signals.loaded import Match, run_on_ends
from .resources import EMPATH_CATEGORIES, Published, published

if TYPE_CHECKING:
    import numpy as np

    from ..document import Document
    from ..lexicons import Lexicons

# our lexicon's categories (CATEGORIES), each a feature (``lex_<category>``)
# affixes of general English morphology, written by hand (not taken from any corpus)
SUFFIXES = ("ous", "ive", "ful", "less", "ist", "ists", "ism", "ic", "ical", "ish", "ly",
            "ate", "ize", "ise", "ed", "ing", "er", "est", "ness", "ity", "tion", "ment",
            "able", "ible", "al", "y", "s", "ee", "ard", "ster", "phobe", "phobic",
            "gate", "cracy", "crat")
PREFIXES = ("un", "anti", "pro", "dis", "mis", "over", "ultra", "super", "neo", "pseudo",
            "non", "far", "self", "counter", "mega", "hyper")
# wordfreq bins, in -centibels (Zipf = 9 - cB / 100): Zipf < 3.5, 3.5-4.5, 4.5-5.5
_RARE, _UNCOMMON, _COMMON = 550, 450, 350

GROUPS: dict[str, tuple[str, ...]] = {
    "valence": ("vader_has", "vader_abs", "vader_neg", "vader_pos", "vader_strong"),
    "subjectivity": ("pat_has", "pat_subj", "pat_abspol", "pat_intens"),
    "rarity": ("zipf_lt35", "zipf_35_45", "zipf_45_55", "zipf_missing"),
    "empath": (*(f"emp_{c}" for c in EMPATH_CATEGORIES), "emp_n"),
    "affix": (*(f"suf_{s}" for s in SUFFIXES), *(f"pre_{p}" for p in PREFIXES)),
    "shape": ("cap", "allcaps", "hyphen", "apos", "length", "sent_initial", "cap_mid"),
    "lexicon": (*(f"lex_{c}" for c in CATEGORIES), "lex_phrase", "lex_ext", "booster", "hedge"),
    "neighbour": ("prev_lex", "prev_val", "prev_subj", "next_lex", "next_val", "next_subj",
                  "lex_within2"),
    "voice": ("in_quote", "in_short_quote", "in_title"),
    "sentence": ("sent_lex_share", "sent_val_mean", "sent_subj_mean", "sent_len",
                 "sent_excl", "sent_question", "sent_has_quote"),
    "repetition": ("rep_log", "rep_once", "rep_first", "in_title_type"),
}
TYPE_GROUPS = ("valence", "subjectivity", "rarity", "empath", "affix")
TYPE_COLUMNS = tuple(c for g in TYPE_GROUPS for c in GROUPS[g])
SURFACE_COLUMNS = ("cap", "allcaps", "hyphen", "apos", "length")
ALL_COLUMNS = tuple(c for g in GROUPS.values() for c in g)
POSITIONAL_COLUMNS = tuple(c for c in ALL_COLUMNS
                           if c not in TYPE_COLUMNS and c not in SURFACE_COLUMNS)
#: a quotation of at most this many words is "short" (a scare quote, a label)
SHORT_QUOTE = 4
_CLOSERS = " \"'”’)]"


def columns_of(groups: Iterable[str]) -> tuple[str, ...]:
    """The columns of ``groups``, in ALL_COLUMNS order."""
    chosen = {c for g in groups for c in GROUPS[g]}
    return tuple(c for c in ALL_COLUMNS if c in chosen)


def is_candidate(lower: str, function_words) -> bool:
    return len(lower) > 1 and lower[0].isalpha() and lower not in function_words


# where each group of TYPE_COLUMNS starts
_VAL, _SUBJ, _RARITY = 0, 5, 9
_EMP = 13
_EMP_N = _EMP + len(EMPATH_CATEGORIES)
_SUF = _EMP_N + 1
_PRE = _SUF + len(SUFFIXES)
#: (length, shortest word, affix -> column) for suffixes (a word longer than the suffix by
#: three or more) and prefixes (by four or more)
_SUFFIX_LENGTHS = [(n, n + 3, {a: _SUF + k for k, a in enumerate(SUFFIXES) if len(a) == n})
                   for n in sorted({len(a) for a in SUFFIXES})]
_PREFIX_LENGTHS = [(n, n + 4, {a: _PRE + k for k, a in enumerate(PREFIXES) if len(a) == n})
                   for n in sorted({len(a) for a in PREFIXES})]


def type_items(word: str, res: Published | None = None) -> list[tuple[int, float]]:
    """The TYPE_COLUMNS of lowercase ``word`` that are not zero, as (index into
    TYPE_COLUMNS, value) pairs. Each group's items depend only on the word's entry in its
    resource (:func:`valence_items` and the others), which the scoring path memoises by
    entry; the affixes on the word itself (:func:`affix_items`)."""
    res = res or published()
    return [*valence_items(res.valence.get(word)),
            *subjectivity_items(res.subjectivity.get(word)), *rarity_items(res.centibels(word)),
            *empath_items(res.empath.get(word)), *affix_items(word)]


def valence_items(v: float | None) -> list[tuple[int, float]]:
    """The valence columns of a word whose VADER valence is ``v`` (None: not listed)."""
    if v:
        out = [(_VAL, 1.0), (_VAL + 1, abs(v) / 4), (_VAL + 2, -v / 4) if v < 0 else (_VAL + 3, v / 4)]
        if abs(v) >= 2:
            out.append((_VAL + 4, 1.0))
        return out
    return [] if v is None else [(_VAL, 1.0)]


def subjectivity_items(p: tuple[float, float, float] | None) -> list[tuple[int, float]]:
    """The subjectivity columns of a word whose Pattern entry is ``p``."""
    if p is None:
        return []
    return [(k, x) for k, x in ((_SUBJ, 1.0), (_SUBJ + 1, p[1]), (_SUBJ + 2, abs(p[0])),
                                (_SUBJ + 3, float(p[2] > 1.0))) if x]


def rarity_items(cb: int | None) -> list[tuple[int, float]]:
    """The rarity column of a word of wordfreq frequency ``cb`` (-centibels; None: not
    among wordfreq's words)."""
    if cb is None:
        return [(_RARITY + 3, 1.0)]
    if cb > _COMMON:
        return [(_RARITY + (0 if cb > _RARE else 1 if cb > _UNCOMMON else 2), 1.0)]
    return []


def empath_items(cats: frozenset[int] | None) -> list[tuple[int, float]]:
    """The Empath columns of a word in Empath's categories ``cats``."""
    if not cats:
        return []
    return [*((_EMP + k, 1.0) for k in sorted(cats)), (_EMP_N, min(len(cats), 5) / 5)]


def affix_items(word: str) -> list[tuple[int, float]]:
    """The suffix and prefix columns of lowercase ``word``."""
    out = []
    n = len(word)
    for length, shortest, table in _SUFFIX_LENGTHS:  # (a cache of these per word ending
        if n < shortest:                              # missed on most new words: slower)
            break
        k = table.get(word[-length:])
        if k is not None:
            out.append((k, 1.0))
    for length, shortest, table in _PREFIX_LENGTHS:
        if n < shortest:
            break
        k = table.get(word[:length])
        if k is not None:
            out.append((k, 1.0))
    return out


def type_values(word: str, res: Published | None = None) -> list[float]:
    """The TYPE_COLUMNS of lowercase ``word`` (:func:`type_items`, every column)."""
    out = [0.0] * len(TYPE_COLUMNS)
    for k, x in type_items(word, res):
        out[k] = x
    return out


def surface_values(word: str) -> list[float]:
    """The SURFACE_COLUMNS of ``word`` as written."""
    upper = word.isupper()
    return [float(word[0].isupper() and not upper), float(upper and len(word) > 1),
            float("-" in word), float("'" in word or "’" in word), min(len(word), 20) / 10]


# -- what the positional features read --------------------------------------------------------


@dataclass
class Marks:
    """Per token: our lexicon's category (None: no match or a category of an extra list),
    whether it is in a match, a multi-word match, a run-on word after a match (as the
    loaded signal extends its spans), a booster, a hedge."""

    category: list[str | None]
    in_match: list[bool]
    phrase: list[bool]
    run_on: list[bool]
    booster: list[bool]
    hedge: list[bool]

    @property
    def lexical(self) -> list[bool]:
        return [a or b for a, b in zip(self.in_match, self.run_on)]


def marks(doc: Document, lex: Lexicons, matches: Sequence[Match] | None = None,
          boosters: Iterable[Match] | None = None,
          hedges: Iterable[Match] | None = None) -> Marks:
    """The lexicon marks of every token; ``matches``, ``boosters``, ``hedges``: the
    lists' matches when the signals found them already."""
    n = len(doc.lower)
    if matches is None:
        matches = list(lex.loaded.match(doc.lower))
    out = Marks([None] * n, [False] * n, [False] * n, [False] * n, [False] * n, [False] * n)
    for (i, j, entry), k in zip(matches, run_on_ends(doc, lex, matches)):
        for t in range(i, j):
            out.category[t] = entry.category if entry.category in CATEGORIES else None
            out.in_match[t] = True
            out.phrase[t] = j - i > 1
        for t in range(j, k):
            out.run_on[t] = True
    for flags, found, lexicon in ((out.booster, boosters, lex.boosters),
                                  (out.hedge, hedges, lex.hedges)):
        for i, j, _ in lexicon.match(doc.lower) if found is None else found:
            flags[i:j] = [True] * (j - i)
    return out


def sentence_ids(doc: Document) -> list[int]:
    """Each token's sentence: the last sentence that starts at or before it (sentences
    tile the tokens; one without tokens holds none)."""
    firsts = [a for a, b in doc.sent_tokens if a < b]
    return [max(0, bisect_right(firsts, i) - 1) for i in range(len(doc.lower))]


def sentence_end(doc: Document, k: int) -> str:
    """The last character of sentence ``k`` before closing quotes and brackets."""
    s, e = doc.sentences[k]
    return doc.norm[s:e].rstrip(_CLOSERS)[-1:]


def quote_words(doc: Document) -> list[int | None]:
    """Per token: the word count of the quotation it is in, or None."""
    sizes = [sum(b - a for a, b in (doc.tokens_between(s, e) for s, e in q.parts))
             for q in doc.quotes]
    out: list[int | None] = []
    for start in doc.starts:
        q = doc.quote_index(start)
        out.append(None if q is None else sizes[q])
    return out


def title_tokens(doc: Document) -> range:
    if doc.title is None or not doc.paragraphs:
        return range(0)
    return range(*doc.tokens_between(*doc.paragraphs[0]))


# -- the reference ---------------------------------------------------------------------------


def matrix(doc: Document, lex: Lexicons, columns: Sequence[str] = ALL_COLUMNS,
           res: Published | None = None,
           type_memo: dict[str, list[float]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(candidate token indices, their features in ``columns``): one token at a time.
    ``type_memo``: a dict to keep each word's type features in (a training run's)."""
    import numpy as np

    res = res or published()
    memo = {} if type_memo is None else type_memo
    lower, words = doc.lower, doc.words
    n = len(lower)
    fw = lex.function_words.words
    cand = [i for i in range(n) if is_candidate(lower[i], fw)]
    mk = marks(doc, lex)
    lexical = mk.lexical
    sid = sentence_ids(doc)
    val = [abs(res.valence.get(w, 0.0)) / 4 for w in lower]
    subj = [res.subjectivity.get(w, (0.0, 0.0, 0.0))[1] for w in lower]
    qwords = quote_words(doc)
    title = title_tokens(doc)
    title_words = {lower[t] for t in title}
    counts: dict[str, int] = {}
    for w in lower:
        counts[w] = counts.get(w, 0) + 1
    firsts = {}
    for i in reversed(range(n)):
        firsts[lower[i]] = i
    ends = [sentence_end(doc, k) for k, (a, b) in enumerate(doc.sent_tokens) if a < b]
    per_sentence: dict[int, list[int]] = {}
    for i in range(n):
        per_sentence.setdefault(sid[i], []).append(i)
    is_cand = set(cand)
    rows = []
    for i in cand:
        same_prev = i > 0 and sid[i - 1] == sid[i]
        same_next = i < n - 1 and sid[i + 1] == sid[i]
        first = sid[i] != sid[i - 1] if i > 0 else True
        members = per_sentence[sid[i]]
        others = [t for t in members if t != i]
        cand_others = [t for t in others if t in is_cand]
        tv = memo.get(lower[i])
        if tv is None:
            tv = memo[lower[i]] = type_values(lower[i], res)
        x = dict(zip(TYPE_COLUMNS, tv))
        x.update(zip(SURFACE_COLUMNS, surface_values(words[i])))
        x.update({f"lex_{c}": float(mk.category[i] == c) for c in CATEGORIES})
        x.update(
            sent_initial=float(first), cap_mid=x["cap"] * (not first),
            lex_phrase=float(mk.phrase[i]), lex_ext=float(mk.run_on[i]),
            booster=float(mk.booster[i]), hedge=float(mk.hedge[i]),
            prev_lex=float(same_prev and lexical[i - 1]),
            next_lex=float(same_next and lexical[i + 1]),
            lex_within2=float(any(lexical[t] for t in range(max(0, i - 2), min(n, i + 3)) if t != i)),
            prev_val=val[i - 1] if same_prev else 0.0, next_val=val[i + 1] if same_next else 0.0,
            prev_subj=subj[i - 1] if same_prev else 0.0, next_subj=subj[i + 1] if same_next else 0.0,
            in_quote=float(qwords[i] is not None),
            in_short_quote=float(qwords[i] is not None and qwords[i] <= SHORT_QUOTE),
            in_title=float(i in title),
            sent_lex_share=sum(lexical[t] for t in others) / max(len(others), 1),
            sent_val_mean=sum(val[t] for t in cand_others) / max(len(cand_others), 1),
            sent_subj_mean=sum(subj[t] for t in cand_others) / max(len(cand_others), 1),
            sent_len=min(len(members), 80) / 40,
            sent_excl=float(ends[sid[i]] == "!"), sent_question=float(ends[sid[i]] == "?"),
            sent_has_quote=float(any(qwords[t] is not None for t in members)),
            rep_log=math.log(counts[lower[i]]), rep_once=float(counts[lower[i]] == 1),
            rep_first=float(firsts[lower[i]] == i),
            in_title_type=float(lower[i] in title_words and i not in title),
        )
        rows.append([x[c] for c in columns])
    return np.array(cand, dtype=np.intp), np.array(rows, dtype=float).reshape(len(cand), len(columns))



# -- the sentence model's features ------------------------------------------------------------

#: what the sentence probability reads: its candidates' probabilities (the largest, the mean
#: of the two largest, noisy-or, sum, how many reach the token threshold), log1p of its
#: candidates and tokens, the word list's terms and their share of tokens, over its
#: candidates the mean valence, subjectivity and share inside quotations, and the booster
#: and hedge lists' matches in it (assertive or tentative framing, which a sentence can
#: carry without a loaded word). A model names the features it reads (files written
#: before the last two read the first twelve).
SENTENCE_FEATURES = ("max_p", "top2_mean", "noisy_or", "sum_p", "n_over_thr", "n_cand",
                     "n_tokens", "list_terms", "list_share", "val_mean", "subj_mean", "quote",
                     "boosters", "hedges")
#: the counts are read as at least these (BABE's sentences, which the sentence model learns
#: from, hold fewer in one case of twenty): a headline of three words is not extrapolated to
#: (unclipped, "A plain report." came out 0.87)
MIN_CANDIDATES, MIN_TOKENS = 6, 12


def sentence_matrix(p: np.ndarray, group: np.ndarray, n_groups: int, threshold: float,
                    val: np.ndarray, subj: np.ndarray, quote: np.ndarray,
                    tokens: np.ndarray, list_terms: np.ndarray, boosters: np.ndarray,
                    hedges: np.ndarray) -> np.ndarray:
    """SENTENCE_FEATURES of each of ``n_groups`` sentences: ``p``, ``group``, ``val``,
    ``subj``, ``quote`` per candidate (``group`` in order), ``tokens``, ``list_terms``,
    ``boosters`` and ``hedges`` (the lists' matches) per sentence."""
    import numpy as np

    X = np.zeros((n_groups, len(SENTENCE_FEATURES)))
    X[:, 5] = np.log1p(MIN_CANDIDATES)
    X[:, 6] = np.log1p(np.maximum(tokens, MIN_TOKENS))
    X[:, 7] = list_terms
    X[:, 8] = list_terms / np.maximum(tokens, MIN_TOKENS)
    X[:, 12] = boosters
    X[:, 13] = hedges
    if not len(p):
        return X
    new = np.empty(len(p), dtype=bool)  # a candidate that opens its sentence's run
    new[0] = True
    np.not_equal(group[1:], group[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    M = np.empty((len(p), 7))
    M[:, 0] = p
    M[:, 1] = np.log1p(-np.minimum(p, 1 - 1e-12))
    M[:, 2] = p >= threshold
    M[:, 3] = val
    M[:, 4] = subj
    M[:, 5] = quote
    top = np.maximum.reduceat(p, starts)
    M[:, 6] = p == top[np.cumsum(new) - 1]  # the sentence's largest (ties: each)
    sums = np.add.reduceat(M, starts, axis=0)
    second = np.maximum.reduceat(np.where(M[:, 6] > 0, -1.0, p), starts)
    second = np.where((sums[:, 6] > 1) | (second < 0), top, second)
    count = np.diff(starts, append=len(p))
    at = group[starts]
    X[at, 0] = top
    X[at, 1] = (top + second) / 2
    X[at, 2] = 1.0 - np.exp(sums[:, 1])
    X[at, 3] = sums[:, 0]
    X[at, 4] = sums[:, 2]
    X[at, 5] = np.log1p(np.maximum(count, MIN_CANDIDATES))
    X[at, 9:12] = sums[:, 3:6] / count[:, None]
    return X
