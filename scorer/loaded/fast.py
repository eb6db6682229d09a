"""The scoring path: what :mod:`scorer.loaded.features` defines, computed the fast way.

* Per surface form, one row of numbers, computed once and kept in a bounded
  :class:`FormTable`: the type and surface part of the logit (already weighted), the
  valence and subjectivity its neighbours and sentence read, whether it is a candidate,
  capitalised, and a number for its lowercase form. A lowercase word's row is made once
  and is the row of its forms without capitals; its type part is each resource's part,
  looked up by the word's entry there (a few hundred distinct valences, subjectivity
  triples, frequencies and Empath sets), plus its affixes: 3.3-4.1 µs a new word,
  against 4.3-5.7 for summing :func:`features.type_items` (``timeit`` over the first
  1,000 fakehealth articles' lowercase words, runs in stop 25). A warm article costs one lookup a
  token. The numbers are float32: half the memory to move, and the same as the
  float64 reference to about 1e-7. The reasons of a word the model flags are worked out
  when it is flagged (:meth:`FormTable.reasons`).
* The positional features are computed over the whole article with a few numpy
  operations (:func:`positional`), from the lists' matches the signals found already.

``tests/test_loaded_model.py`` checks both against the reference, :func:`features.matrix`.

Where a warm article's time goes, in chunks of 32 (``bench/bench_loaded.py``, 500
fakehealth articles, 0.25-0.30 ms an article in all): the per-form lookups about 50 µs
(one dict lookup a token), the positional features about 145 µs (the per-article Python
over sentences, matches and quotations, and the numpy passes), the terms with their
phrases and reasons and the sentence probabilities about 55 µs. Scored one article at a
time the numpy passes cost about twice as much.
"""

from __future__ import annotations

import threading
from itertools import repeat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .features import (_PREFIX_LENGTHS, _SUFFIX_LENGTHS, CATEGORIES, POSITIONAL_COLUMNS,
                       SHORT_QUOTE, SURFACE_COLUMNS, TYPE_COLUMNS, Match, empath_items,
                       is_candidate, rarity_items, run_on_ends, sentence_end,
                       subjectivity_items, surface_values, type_items, valence_items)
from .resources import published

if TYPE_CHECKING:
    from ..document import Document
    from ..lexicons import Lexicons
    from .model import LoadedModel

# the table's columns (valence and subjectivity, and both again times "is a candidate":
# what its sentence's means add up)
LOGIT, VAL, SUBJ, CAND, VALC, SUBJC, CAP, LOWER = range(8)
WIDTH = LOWER + 1
TOP = 3  #: reasons given at most for a word
#: surface forms kept at most by one table; when full it starts again (fakehealth's 2,098
#: articles hold about 60,000)
MAX_FORMS = 200_000
_LOGS = np.log(np.maximum(np.arange(4096), 1))


class FormTable:
    """Surface form -> its numbers (see the module's docstring), for one model and one list
    of function words; at most ``limit`` forms, after which it starts again. Reads and
    writes take a lock: the server scores in threads."""

    def __init__(self, model: LoadedModel, function_words, limit: int = MAX_FORMS) -> None:
        self.model, self.function_words, self.limit = model, function_words, limit
        names = TYPE_COLUMNS + SURFACE_COLUMNS
        self._names = names
        self._w = [model.weight(c) for c in names]
        self._mean = [model.mean(c) for c in names]
        self._surface_w = self._w[len(TYPE_COLUMNS):]
        #: the length feature's weight times its value, by length (min(length, 20))
        self._by_length = [self._surface_w[4] * (n / 10) for n in range(21)]
        #: features' suffix and prefix tables (:func:`features.affix_items` walks them)
        #: with each column's weight in place of the column
        w = self._w
        self._affixes = [[(n, shortest, {a: w[k] for a, k in table.items()})
                          for n, shortest, table in tables]
                         for tables in (_SUFFIX_LENGTHS, _PREFIX_LENGTHS)]
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._index: dict[str, int] = {}
        #: lowercase word -> the row of its forms written in lowercase (its number at LOWER)
        self._lower: dict[str, tuple[float, ...]] = {}
        self._reasons: dict[str, list[tuple[float, str]]] = {}
        self._typed: dict[str, float] = {}  #: lowercase word -> its type features' weighted sum
        # each resource's part of that sum, by the word's entry there (a few hundred
        # valences, subjectivity triples, frequencies and Empath sets among all words)
        self._parts: tuple[dict, dict, dict, dict] = ({}, {}, {}, {})
        self._table = np.zeros((WIDTH, 1024), dtype=np.float32)  # a column a row: what an article reads is contiguous

    def __len__(self) -> int:
        return len(self._index)

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """The numbers of ``words``, one column a word (a copy), computing the forms not
        seen before."""
        with self._lock:
            ids = np.fromiter(map(self._index.get, words, repeat(-1)), np.intp, len(words))
            missing = np.flatnonzero(ids < 0)
            if len(missing):
                alone = self._add(words, ids, missing)
                if alone is not None:
                    return alone
            return self._table.take(ids, axis=1)

    def _add(self, words: Sequence[str], ids: np.ndarray,
             missing: np.ndarray) -> np.ndarray | None:
        """Compute the forms at ``missing`` and write their places into ``ids`` (or, for
        a text with more forms than the table holds, return its numbers: not kept)."""
        absent = [words[k] for k in missing.tolist()]
        new = list(dict.fromkeys(absent))
        if len(self._index) + len(new) > self.limit:
            self._reset()
            absent = list(words)
            missing = np.arange(len(words))
            new = list(dict.fromkeys(words))
            if len(new) > self.limit:  # one text with more forms than a table holds: not kept
                where = {w: k for k, w in enumerate(new)}
                return self._make(new, {})[[where[w] for w in words]].T
        start = len(self._index)
        need = start + len(new)
        if need > self._table.shape[1]:
            grown = np.zeros((WIDTH, max(need, 2 * self._table.shape[1])), dtype=np.float32)
            grown[:, :start] = self._table[:, :start]
            self._table = grown
        self._table[:, start:need] = self._make(new, self._lower).T
        self._index.update(zip(new, range(start, need)))
        ids[missing] = list(map(self._index.__getitem__, absent))
        return None

    def _make(self, forms: list[str], lower_rows: dict[str, tuple[float, ...]]) -> np.ndarray:
        """The rows of ``forms``. Only a candidate's logit and capital are ever read (a
        word that is no candidate is never scored). A lowercase word's row is made once
        (``lower_rows``: those made before) and is the row of its forms written without
        capitals; a form with capitals (The, THE) takes it with its own surface part."""
        res = published()
        typed = self._typed
        rows = []
        for f in forms:
            lw = f.lower()
            r = lower_rows.get(lw)
            if r is None:
                r = lower_rows[lw] = self._lower_row(lw, res, len(lower_rows))
            if r[CAND] and not f.islower():
                part, cap = self._surface(f)
                r = (typed[lw] + part, r[1], r[2], r[3], r[4], r[5], cap, r[7])
            rows.append(r)
        return np.array(rows, dtype=float).reshape(len(forms), WIDTH)

    def _lower_row(self, lw: str, res, number: int) -> tuple[float, ...]:
        """The row of lowercase word ``lw`` (``number``: its number at LOWER): the row of
        each of its forms that has no capitals."""
        val = abs(res.valence.get(lw, 0.0)) / 4
        found = res.subjectivity.get(lw)
        subj = found[1] if found is not None else 0.0
        if not is_candidate(lw, self.function_words):
            return (0.0, val, subj, 0.0, 0.0, 0.0, 0.0, number)
        t = self._typed[lw] = self._type_logit(lw, res)
        part, cap = self._surface(lw)
        return (t + part, val, subj, 1.0, val, subj, cap, number)

    def _surface(self, form: str) -> tuple[float, float]:
        """(the weighted sum of ``form``'s SURFACE_COLUMNS, its ``cap``). A form without
        capitals has none of the capital columns: the rest are summed without building
        :func:`surface_values` (most forms, and the same numbers)."""
        ws = self._surface_w
        if form.islower():
            return (self._by_length[min(len(form), 20)] + ("-" in form and ws[2])
                    + (("'" in form or "’" in form) and ws[3])), 0.0
        s = surface_values(form)
        return ws[0] * s[0] + ws[1] * s[1] + ws[2] * s[2] + ws[3] * s[3] + ws[4] * s[4], s[0]

    def _type_logit(self, word: str, res) -> float:
        """The weighted sum of lowercase ``word``'s TYPE_COLUMNS (:func:`type_items`):
        each resource's part looked up by the word's entry there, then its affixes'."""
        part = self._part
        total = (part(0, res.valence.get(word), valence_items)
                 + part(1, res.subjectivity.get(word), subjectivity_items)
                 + part(2, res.centibels(word), rarity_items)
                 + part(3, res.empath.get(word), empath_items))
        n = len(word)  # the walk of features.affix_items, adding weights (no list built)
        suffixes, prefixes = self._affixes
        for length, shortest, table in suffixes:
            if n < shortest:
                break
            total += table.get(word[-length:], 0.0)
        for length, shortest, table in prefixes:
            if n < shortest:
                break
            total += table.get(word[:length], 0.0)
        return total

    def _part(self, k: int, entry, items) -> float:
        """The weighted sum of ``items(entry)``, resource ``k``'s columns of a word whose
        entry there is ``entry``, kept by entry."""
        memo = self._parts[k]
        found = memo.get(entry)
        if found is None:
            w = self._w
            found = memo[entry] = sum([w[j] * x for j, x in items(entry)])
        return found

    def reasons(self, word: str) -> list[tuple[float, str]]:
        """(contribution, feature) of the type and surface features ``word`` has, the
        largest :data:`TOP`: what each adds to the log-odds over its training mean. Kept
        with the forms (flagged words recur)."""
        found = self._reasons.get(word)
        if found is None:
            found = self._reasons[word] = self._reasons_of(word)
        return list(found)

    def _reasons_of(self, word: str) -> list[tuple[float, str]]:
        n = len(TYPE_COLUMNS)
        items = type_items(word.lower()) + [(n + k, x) for k, x in enumerate(surface_values(word)) if x]
        w, mean, names = self._w, self._mean, self._names
        return sorted(((x - mean[k]) * w[k], names[k]) for k, x in items)[::-1][:TOP]


@dataclass
class Chunk:
    """Where things are in a chunk of articles whose tokens are taken one after another,
    and what the reasons and the sentence model read besides the features."""

    cand: np.ndarray  #: candidate token indices (in the chunk)
    sid: np.ndarray  #: each candidate's sentence (among the chunk's sentences that hold tokens)
    doc_tokens: np.ndarray  #: article d holds tokens doc_tokens[d] .. doc_tokens[d + 1]
    doc_cands: np.ndarray  #: its candidates are cand[doc_cands[d]:doc_cands[d + 1]]
    doc_sents: np.ndarray  #: its sentences are doc_sents[d] .. doc_sents[d + 1]
    sentences: list[int]  #: each sentence's index in its article's ``doc.sentences``
    bounds: np.ndarray  #: each sentence's first token
    tokens: np.ndarray  #: each sentence's number of tokens
    first: np.ndarray  #: per token (and one past the last): it opens a sentence
    in_quote: np.ndarray  #: per token


def positional(docs: Sequence[Document], lex: Lexicons, T: np.ndarray, columns: Sequence[str],
               found: Sequence[tuple[Sequence[Match], Sequence[Match], Sequence[Match]]]
               ) -> tuple[np.ndarray, Chunk]:
    """The positional ``columns`` of every candidate of ``docs`` (see
    :func:`features.matrix`), from the form-table numbers ``T`` of their tokens one after
    another (one column a token) and each article's (loaded, booster, hedge) matches.

    Written for few numpy calls (their overhead, not the arithmetic, is what an article
    costs), and for many articles at once, so that a batch pays that overhead once a
    chunk: what each token contributes is one row of a matrix ``Q``; the candidates',
    their neighbours' and their sentences' rows are then a few gathers of it, and every
    POSITIONAL_COLUMNS feature a slice or an operation on them. An article's first token
    opens a sentence, so nothing reaches across from one article to the next."""
    N = T.shape[1]
    offsets, firsts, sentences, doc_sents, ends = [0], [], [], [0], []
    # Q: what each token contributes, one row a quantity (in _Q's order), one column a
    # token and one past the last (zeros): every row numpy reads is contiguous
    Q = np.zeros((len(_Q), N + 1), dtype=np.float32)
    for doc, (matches, boosters, hedges) in zip(docs, found):
        off, n = offsets[-1], len(doc.words)
        offsets.append(off + n)
        kept = [k for k, (a, b) in enumerate(doc.sent_tokens) if a < b] if n else []
        if n and not kept:  # cannot happen: sentences cover every token
            kept = [0]
        firsts += [off + (doc.sent_tokens[k][0] if r else 0) for r, k in enumerate(kept)]
        sentences += kept
        doc_sents.append(len(sentences))
        ends.append(_ends(doc, kept) if "!" in doc.norm or "?" in doc.norm else " " * len(kept))
        for (i, j, entry), k in zip(matches, run_on_ends(doc, lex, matches)):
            if entry.category in CATEGORIES:
                Q[CATEGORIES.index(entry.category), off + i:off + j] = 1.0
            if j - i > 1:
                Q[5, off + i:off + j] = 1.0
            Q[6, off + j:off + k] = 1.0
            Q[_LEXICAL, off + i:off + k] = 1.0
        for kind, items in ((7, boosters), (8, hedges)):
            for i, j, _ in items:
                Q[kind, off + i:off + j] = 1.0
        for q in doc.quotes:
            parts = [doc.tokens_between(s, e) for s, e in q.parts]
            short = sum(b - a for a, b in parts) <= SHORT_QUOTE
            for a, b in parts:
                Q[_QUOTE, off + a:off + b] = 1.0
                Q[_QUOTE + 1, off + a:off + b] = short
        if doc.title is not None and doc.paragraphs:
            a, b = doc.tokens_between(*doc.paragraphs[0])
            Q[_QUOTE + 2, off + a:off + b] = 1.0
    c = np.flatnonzero(T[CAND])
    doc_tokens = np.array(offsets, dtype=np.intp)
    bounds = np.array(firsts, dtype=np.intp)
    slen = np.diff(bounds, append=N) if len(bounds) else bounds
    first = np.zeros(N + 1, dtype=bool)
    first[bounds] = True
    first[N] = True
    chunk = Chunk(c, np.repeat(np.arange(len(bounds)), slen)[c], doc_tokens,
                  np.searchsorted(c, doc_tokens), np.array(doc_sents, dtype=np.intp),
                  sentences, bounds, slen, first, Q[_QUOTE, :N] > 0)
    X = np.empty((len(POSITIONAL_COLUMNS), len(c)), dtype=np.float32)  # one row a feature: written contiguously
    if not len(c):
        return X[:len(columns)].T, chunk
    sc = chunk.sid
    Q[_LEXICAL + 1:_LEXICAL + 6, :N] = T[VAL:SUBJC + 1]  # val, subj, cand, valc, subjc
    Qc = Q[:, c]
    not_first = ~first[c]
    X[0] = first[c]
    X[1] = T[CAP, c] * not_first
    X[2:11] = Qc[:9]
    X[11:14] = Q[_LEXICAL:_LEXICAL + 3, c - 1] * not_first
    X[14:17] = Q[_LEXICAL:_LEXICAL + 3, c + 1] * ~first[c + 1]
    # a loaded word within two tokens, in the same article
    doc_of = np.repeat(np.arange(len(docs)), np.diff(doc_tokens))[c]
    cs = np.concatenate(([0.0], np.cumsum(Q[_LEXICAL, :N])))
    X[17] = (cs[np.minimum(c + 3, doc_tokens[doc_of + 1])] - cs[np.maximum(c - 2, doc_tokens[doc_of])]
             - Qc[_LEXICAL]) > 0
    X[18:21] = Qc[_QUOTE:_QUOTE + 3]
    # the sentence around it: sums over each sentence's tokens (lexical, valence and
    # subjectivity of candidates, candidates, quoted), less the token's own
    S = np.add.reduceat(Q[_SUMS, :N], bounds, axis=1)[:, sc]
    X[21] = (S[0] - Qc[_LEXICAL]) / np.maximum(slen[sc] - 1, 1)
    X[22:24] = (S[1:3] - Qc[_LEXICAL + 1:_LEXICAL + 3]) / np.maximum(S[3] - 1, 1)
    X[24] = np.minimum(slen[sc], 80) / 40
    end = np.frombuffer("".join(ends).encode("utf-32-le"), np.uint32)[sc]
    X[25] = end == ord("!")
    X[26] = end == ord("?")
    X[27] = S[4] > 0
    # how often its word recurs in its article (every use of a candidate's word is a
    # candidate: being one depends on the word alone)
    word = T[LOWER, c].astype(np.int64) + (doc_of.astype(np.int64) << 32)
    count, first_use, title_word = _repetition(word, Qc[_QUOTE + 2] > 0)
    X[28] = _LOGS[count] if count.max() < len(_LOGS) else np.log(count)
    X[29] = count == 1
    X[30] = first_use
    X[31] = title_word
    if tuple(columns) != POSITIONAL_COLUMNS:
        X = X[[POSITIONAL_COLUMNS.index(name) for name in columns]]
    return X.T, chunk


#: the columns of Q: our lexicon's marks, then per token whether it is lexical (in a
#: match or run on from one), its valence, subjectivity, candidacy, valence and
#: subjectivity of a candidate, then in a quotation, a short one, the headline
_Q = (*(f"lex_{x}" for x in CATEGORIES), "lex_phrase", "lex_ext", "booster", "hedge",
      "lexical", "val", "subj", "cand", "valc", "subjc", "in_quote", "in_short_quote", "in_title")
_LEXICAL, _QUOTE = _Q.index("lexical"), _Q.index("in_quote")
_SUMS = [_LEXICAL, _LEXICAL + 4, _LEXICAL + 5, _LEXICAL + 3, _QUOTE]  # lexical, valc, subjc, cand, quoted
# (the block above writes POSITIONAL_COLUMNS by position: tests/test_loaded_model.py checks
# the order it assumes)


def _repetition(ids: np.ndarray,
                inside: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate (``ids``: its word's number, ``inside``: it is in the headline):
    how many candidates share its word, whether it is the word's first use, whether the
    word is used in the headline and it is not there itself."""
    order = np.argsort(ids, kind="stable")
    ranked = ids[order]
    new = np.empty(len(ids), dtype=bool)
    new[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    group = np.cumsum(new) - 1
    count = np.empty(len(ids), dtype=np.intp)
    count[order] = np.bincount(group)[group]
    first_use = np.zeros(len(ids), dtype=bool)
    first_use[order[new]] = True  # the stable sort keeps each word's uses in text order
    in_title = np.zeros(len(ranked), dtype=bool)
    in_title[group[inside[order]]] = True
    title_word = np.empty(len(ids), dtype=bool)
    title_word[order] = in_title[group]
    return count, first_use, title_word & ~inside


def _ends(doc: Document, kept: list[int]) -> str:
    """The last character of each sentence before closing quotes and brackets."""
    norm, sentences = doc.norm, doc.sentences
    ends = [norm[sentences[k][1] - 1] for k in kept]
    for i, ch in enumerate(ends):
        if ch in _CLOSING:  # look again at those sentences
            ends[i] = sentence_end(doc, kept[i]) or " "
    return "".join(ends)


_CLOSING = "\"'”’)]"
