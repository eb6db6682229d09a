"""The scoring path: what :mod:`scorer.loaded.features` defines, computed the fast way.

* Per surface form, one row of numbers, computed once and kept in a bounded
  :class:`FormTable`: the type and surface part of the logit (already weighted), the
  valence and subjectivity its neighbours and sentence read, whether it is a candidate,
  capitalised, a number for its lowercase form, and its three largest type reasons. A
  warm article costs one dict lookup a token.
* The positional features are computed over the whole article with a few numpy
  operations (:func:`positional`), from the lists' matches the signals found already.

``tests/test_loaded_model.py`` checks both against the reference, :func:`features.matrix`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .features import (CATEGORIES, POSITIONAL_COLUMNS, SHORT_QUOTE, SURFACE_COLUMNS,
                       TYPE_COLUMNS, Match, is_candidate, run_on_ends, sentence_end,
                       surface_values, type_values)
from .resources import published

if TYPE_CHECKING:
    from ..document import Document
    from ..lexicons import Lexicons
    from .model import LoadedModel

# the table's columns (valence and subjectivity, and both again times "is a candidate":
# what its sentence's means add up)
LOGIT, VAL, SUBJ, CAND, VALC, SUBJC, CAP, LOWER = range(8)
TOP = 3  # type reasons kept per form: (feature index, contribution) pairs after LOWER
WIDTH = LOWER + 1 + 2 * TOP
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
        self._w = np.array([model.weight(c) for c in names])
        self._mean = np.array([model.mean(c) for c in names])
        self._column = np.array([model.column_index(c) for c in names])
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._index: dict[str, int] = {}
        self._lower: dict[str, int] = {}
        self._table = np.zeros((WIDTH, 1024))  # a column a row: what an article reads is contiguous

    def __len__(self) -> int:
        return len(self._index)

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """The numbers of ``words``, one column a word (a copy), computing the forms not
        seen before."""
        with self._lock:
            try:
                ids = np.fromiter(map(self._index.__getitem__, words), np.intp, len(words))
            except KeyError:
                return self._add(words)
            return self._table.take(ids, axis=1)

    def _add(self, words: Sequence[str]) -> np.ndarray:
        new = [w for w in dict.fromkeys(words) if w not in self._index]
        if len(self._index) + len(new) > self.limit:
            self._reset()
            new = list(dict.fromkeys(words))
            if len(new) > self.limit:  # one text with more forms than a table holds: not kept
                where = {w: k for k, w in enumerate(new)}
                return self._make(new, {})[[where[w] for w in words]].T
        start = len(self._index)
        need = start + len(new)
        if need > self._table.shape[1]:
            grown = np.zeros((WIDTH, max(need, 2 * self._table.shape[1])))
            grown[:, :start] = self._table[:, :start]
            self._table = grown
        self._table[:, start:need] = self._make(new, self._lower).T
        self._index.update(zip(new, range(start, need)))
        return self._table.take(np.fromiter(map(self._index.__getitem__, words), np.intp, len(words)), axis=1)

    def _make(self, forms: list[str], lower_ids: dict[str, int]) -> np.ndarray:
        res = published()
        out = np.zeros((len(forms), WIDTH))
        if not forms:
            return out
        lowers = [f.lower() for f in forms]
        V = np.array([type_values(lw, res) + surface_values(f) for f, lw in zip(forms, lowers)])
        out[:, LOGIT] = V @ self._w
        out[:, VAL] = [abs(res.valence.get(lw, 0.0)) / 4 for lw in lowers]
        out[:, SUBJ] = [res.subjectivity.get(lw, (0.0, 0.0, 0.0))[1] for lw in lowers]
        out[:, CAND] = [is_candidate(lw, self.function_words) for lw in lowers]
        out[:, VALC] = out[:, VAL] * out[:, CAND]
        out[:, SUBJC] = out[:, SUBJ] * out[:, CAND]
        out[:, CAP] = V[:, len(TYPE_COLUMNS)]
        out[:, LOWER] = [lower_ids.setdefault(lw, len(lower_ids)) for lw in lowers]
        # reasons: the largest contributions over the mean of features the word has
        contrib = np.where(V != 0, (V - self._mean) * self._w, 0.0)
        top = np.argsort(-contrib, axis=1)[:, :TOP]
        out[:, LOWER + 1::2] = self._column[top]
        out[:, LOWER + 2::2] = np.take_along_axis(contrib, top, axis=1)
        return out


@dataclass
class Context:
    """What the positional features were computed from, kept for the reasons and the
    sentence model."""

    cand: np.ndarray  #: candidate token indices
    sid: np.ndarray  #: each candidate's sentence (among sentences that hold tokens)
    sentences: list[int]  #: the index in ``doc.sentences`` of each of those sentences
    bounds: np.ndarray  #: each of those sentences' first token
    tokens: np.ndarray  #: and its number of tokens
    first: np.ndarray  #: per token (and one past the last): it opens a sentence
    in_quote: np.ndarray  #: per token


def positional(doc: Document, lex: Lexicons, T: np.ndarray, columns: Sequence[str],
               matches: Sequence[Match], boosters: Sequence[Match],
               hedges: Sequence[Match]) -> tuple[np.ndarray, Context]:
    """The positional ``columns`` of every candidate (see :func:`features.matrix`), from
    the article's form-table numbers ``T`` (one column a token) and the lists' matches.

    Written for few numpy calls (their overhead, not the arithmetic, is what an article
    costs): what each token contributes is one row of a matrix ``Q``; the candidates',
    their neighbours' and their sentences' rows are then a few gathers of it, and every
    POSITIONAL_COLUMNS feature a slice or an operation on them."""
    n = T.shape[1]
    c = np.flatnonzero(T[CAND])
    st = doc.sent_tokens
    kept = [k for k, (a, b) in enumerate(st) if a < b]  # sentences tile the tokens
    if not n or not kept:
        none = np.zeros(0, np.intp)
        return (np.zeros((len(c), len(columns))),
                Context(c, none, [], none, none, np.ones(n + 1, bool), np.zeros(n, bool)))
    edges = np.array([st[k][0] for k in kept] + [n], dtype=np.intp)
    edges[0] = 0
    bounds, slen = edges[:-1], edges[1:] - edges[:-1]
    first = np.zeros(n + 1, dtype=bool)
    first[bounds] = True
    first[n] = True
    sc = np.repeat(np.arange(len(bounds)), slen)[c]
    # Q: per token (and a row of zeros past the end), in _Q's order
    Q = np.zeros((n + 1, len(_Q)))
    for (i, j, entry), k in zip(matches, run_on_ends(doc, lex, matches)):
        if entry.category in CATEGORIES:
            Q[i:j, CATEGORIES.index(entry.category)] = 1.0
        if j - i > 1:
            Q[i:j, 5] = 1.0
        Q[j:k, 6] = 1.0
        Q[i:k, _LEXICAL] = 1.0
    for kind, found in ((7, boosters), (8, hedges)):
        for i, j, _ in found:
            Q[i:j, kind] = 1.0
    Q[:n, _LEXICAL + 1:_LEXICAL + 6] = T[VAL:SUBJC + 1].T  # val, subj, cand, valc, subjc
    for q in doc.quotes:
        parts = [doc.tokens_between(s, e) for s, e in q.parts]
        short = sum(b - a for a, b in parts) <= SHORT_QUOTE
        for a, b in parts:
            Q[a:b, _QUOTE] = 1.0
            Q[a:b, _QUOTE + 1] = short
    title = range(0)
    if doc.title is not None and doc.paragraphs:
        title = range(*doc.tokens_between(*doc.paragraphs[0]))
        Q[title.start:title.stop, _QUOTE + 2] = 1.0
    Qc = Q[c]
    not_first = ~first[c]
    X = np.empty((len(c), len(POSITIONAL_COLUMNS)))
    X[:, 0] = first[c]
    X[:, 1] = T[CAP, c] * not_first
    X[:, 2:11] = Qc[:, :9]
    X[:, 11:14] = Q[c - 1, _LEXICAL:_LEXICAL + 3] * not_first[:, None]
    X[:, 14:17] = Q[c + 1, _LEXICAL:_LEXICAL + 3] * ~first[c + 1][:, None]
    lexical = Q[:n, _LEXICAL]
    cs = np.concatenate(([0.0], np.cumsum(lexical)))
    X[:, 17] = (cs[np.minimum(c + 3, n)] - cs[np.maximum(c - 2, 0)] - Qc[:, _LEXICAL]) > 0
    X[:, 18:21] = Qc[:, _QUOTE:_QUOTE + 3]
    # the sentence around it: sums over each sentence's tokens, less the token's own
    S = np.add.reduceat(Q[:n], bounds, axis=0)[sc]
    X[:, 21] = (S[:, _LEXICAL] - Qc[:, _LEXICAL]) / np.maximum(slen[sc] - 1, 1)
    X[:, 22:24] = ((S[:, _LEXICAL + 4:_LEXICAL + 6] - Qc[:, _LEXICAL + 1:_LEXICAL + 3])
                   / np.maximum(S[:, _LEXICAL + 3] - 1, 1)[:, None])
    X[:, 24] = np.minimum(slen[sc], 80) / 40
    X[:, 25:27] = 0.0
    if "!" in doc.norm or "?" in doc.norm:
        ends = np.frombuffer(_ends(doc, kept).encode("utf-32-le"), np.uint32)[sc]
        X[:, 25] = ends == ord("!")
        X[:, 26] = ends == ord("?")
    X[:, 27] = S[:, _QUOTE] > 0
    # how often its word recurs in the article (every use of a candidate's word is a
    # candidate: being one depends on the word alone)
    count, first_use, title_word = _repetition(T[LOWER, c].astype(np.intp), c, title)
    X[:, 28] = _LOGS[count] if count.max() < len(_LOGS) else np.log(count)
    X[:, 29] = count == 1
    X[:, 30] = first_use
    X[:, 31] = 0.0 if title_word is None else title_word
    if tuple(columns) != POSITIONAL_COLUMNS:
        X = X[:, [POSITIONAL_COLUMNS.index(name) for name in columns]]
    return X, Context(c, sc, kept, bounds, slen, first, Q[:n, _QUOTE] > 0)


#: the columns of Q: our lexicon's marks, then per token whether it is lexical (in a
#: match or run on from one), its valence, subjectivity, candidacy, valence and
#: subjectivity of a candidate, then in a quotation, a short one, the headline
_Q = (*(f"lex_{x}" for x in CATEGORIES), "lex_phrase", "lex_ext", "booster", "hedge",
      "lexical", "val", "subj", "cand", "valc", "subjc", "in_quote", "in_short_quote", "in_title")
_LEXICAL, _QUOTE = _Q.index("lexical"), _Q.index("in_quote")
# (the block above writes POSITIONAL_COLUMNS by position: tests/test_loaded_model.py checks
# the order it assumes)


def _repetition(ids: np.ndarray, c: np.ndarray,
                title: range) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """For each candidate (``ids``: its word's number): how many candidates share its
    word, whether it is the word's first use, whether the word is used in the headline
    (and it is not there itself)."""
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
    title_word = None
    if title:
        inside = (c >= title.start) & (c < title.stop)
        in_title = np.zeros(len(ranked), dtype=bool)
        in_title[group[inside[order]]] = True
        title_word = np.empty(len(ids), dtype=bool)
        title_word[order] = in_title[group]
        title_word &= ~inside
    return count, first_use, title_word


def _ends(doc: Document, kept: list[int]) -> str:
    """The last character of each sentence before closing quotes and brackets."""
    norm, sentences = doc.norm, doc.sentences
    ends = [norm[sentences[k][1] - 1] for k in kept]
    for i, ch in enumerate(ends):
        if ch in _CLOSING:  # look again at those sentences
            ends[i] = sentence_end(doc, kept[i]) or " "
    return "".join(ends)


_CLOSING = "\"'”’)]"
