"""Score a Document with the loaded-language model: a probability for every candidate
token, the loaded terms (those at or above the model's threshold) with their voice,
our lexicon's category where it gives one and the reasons a person can read, and a
probability for every sentence.

    >>> from scorer.document import Document
    >>> from scorer.lexicons import bundle
    >>> from scorer.loaded import predict, model
    >>> pred = predict.score(Document(text), bundle(), model.load_cached())
    >>> [(t.text, round(t.probability, 2), t.reasons) for t in pred.terms]

:func:`score_many` scores a chunk of articles at once (a batch's chunk), with the same
results: numpy's per-call overhead, most of an article's cost, is then paid once a chunk.

Each flagged word comes with its phrase (``span_start``/``span_end``, see
:func:`phrase_tokens`), because PTC marks phrases and BABE single words; the report
counts one term per phrase (:func:`scorer.signals.loaded.from_prediction`; see
``models/LOADED.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple, Sequence

import numpy as np

from .fast import CAND, LOGIT, SUBJ, TOP, VAL, Chunk, FormTable, positional
from .features import CATEGORIES, EMPATH_CATEGORIES, PREFIXES, SUFFIXES, Match, sentence_matrix

if TYPE_CHECKING:
    from ..document import Document
    from ..lexicons import Lexicons
    from .model import LoadedModel

#: a reason is given for a contribution to the log-odds of at least this much
MIN_REASON = 0.05
#: the words a phrase keeps before its flagged word (see :func:`phrase_tokens`)
DETERMINERS = frozenset(("a", "an", "the"))


class LoadedTerm(NamedTuple):
    """One word the model flags. Offsets are into the original text."""

    token: int
    start: int
    end: int
    text: str
    span_start: int  #: the phrase this word belongs to (the evidence span)
    span_end: int
    probability: float
    voice: str  #: "author" or "quoted"
    category: str | None  #: our lexicon's category, None where it gives none
    reasons: tuple[str, ...]  #: the 1-3 largest contributions, in words
    sentence: int  #: index into ``doc.sentences``


@dataclass(frozen=True)
class LoadedPrediction:
    candidates: np.ndarray  #: candidate token indices
    probabilities: np.ndarray  #: P(loaded) of each candidate
    terms: list[LoadedTerm]
    sentence_probabilities: list[float]  #: one per ``doc.sentences`` (0.0: no tokens)
    threshold: float
    sentence_threshold: float

    def count(self, voice: str | None = None) -> int:
        return sum(1 for t in self.terms if voice is None or t.voice == voice)

    def expected(self) -> float:
        """The expected number of loaded words: the sum of the candidates' probabilities."""
        return float(self.probabilities.sum())


Found = tuple[Sequence[Match], Sequence[Match], Sequence[Match]]


def _found(doc: Document, lex: Lexicons) -> Found:
    lower = doc.lower
    return (list(lex.loaded.match(lower)), list(lex.boosters.match(lower)),
            list(lex.hedges.match(lower)))


def logits(docs: Sequence[Document], lex: Lexicons, model: LoadedModel,
           found: Sequence[Found] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, Chunk]:
    """(log-odds of each candidate of ``docs``, the form-table numbers of every token, the
    positional features of each candidate (``model.positional``), where things are): the
    fast path, over the articles' tokens one after another. ``found``: each article's
    (loaded, booster, hedge) matches, when the signals have them already."""
    if found is None:
        found = [_found(d, lex) for d in docs]
    words = docs[0].words if len(docs) == 1 else list(chain.from_iterable(d.words for d in docs))
    T = model.table(lex.function_words.keys).rows(words)
    X, chunk = positional(docs, lex, T, model.positional, found)
    # X is the transpose of a feature-a-row array: weigh that one, in its own type
    z = T[LOGIT, chunk.cand] + weigh(model._weights32, X.T) + model.intercept
    return z, T, X, chunk


def score(doc: Document, lex: Lexicons, model: LoadedModel,
          matches: Sequence[Match] | None = None, boosters: Sequence[Match] | None = None,
          hedges: Sequence[Match] | None = None) -> LoadedPrediction:
    """The model's prediction for ``doc``. ``matches``, ``boosters``, ``hedges``: the
    word lists' matches when the signals found them already (else matched here)."""
    given = (matches, boosters, hedges)
    found = tuple(x if x is not None else y for x, y in zip(given, _found(doc, lex))) \
        if None in given else given
    return score_many([doc], lex, model, [found])[0]


def score_many(docs: Sequence[Document], lex: Lexicons, model: LoadedModel,
               found: Sequence[Found] | None = None) -> list[LoadedPrediction]:
    """:func:`score` for each of ``docs``, computed together: a batch chunk pays the numpy
    calls' overhead once, not once an article (the same numbers either way)."""
    if found is None:
        found = [_found(d, lex) for d in docs]
    z, T, X, ch = logits(docs, lex, model, found)
    p = 1.0 / (1.0 + np.exp(-z))
    sentence_p = _sentences(docs, model, found, T, ch, p)
    flagged = np.flatnonzero(p >= model.threshold)
    if len(flagged):
        words = [docs[0].words] if len(docs) == 1 else [d.words for d in docs]
        d_of = np.searchsorted(ch.doc_tokens, ch.cand[flagged], side="right") - 1
        at = ch.cand[flagged] - ch.doc_tokens[d_of]
        reasons = _reasons(model, model.table(lex.function_words.keys),
                           [words[d][t] for d, t in zip(d_of.tolist(), at.tolist())], X[flagged])
    else:
        reasons = []
    where = np.searchsorted(flagged, ch.doc_cands).tolist()
    ptok = np.zeros(T.shape[1])
    ptok[ch.cand] = p
    low = GROW * model.threshold
    out = []
    for d, doc in enumerate(docs):
        a, b = ch.doc_cands[d], ch.doc_cands[d + 1]
        f0, f1 = where[d], where[d + 1]
        terms = _terms(doc, d, found[d][0], T, ch, p, ptok, low, flagged[f0:f1], reasons[f0:f1]) \
            if f1 > f0 else []
        s0, s1 = ch.doc_sents[d], ch.doc_sents[d + 1]
        sp = sentence_p[s0:s1]
        if len(sp) != len(doc.sentences):  # sentences without tokens: 0.0
            full = [0.0] * len(doc.sentences)
            for k, prob in zip(ch.sentences[s0:s1], sp):
                full[k] = prob
            sp = full
        out.append(LoadedPrediction(ch.cand[a:b] - ch.doc_tokens[d], p[a:b], terms, sp,
                                    model.threshold, model.sentence.threshold))
    return out


def _sentences(docs, model: LoadedModel, found, T: np.ndarray, ch: Chunk,
               p: np.ndarray) -> list[float]:
    """The sentence probability of each of the chunk's sentences."""
    G = len(ch.bounds)
    offs = ch.doc_tokens.tolist()

    def per_sentence(k: int) -> np.ndarray:  # found[.][k]'s matches in each sentence
        starts = [off + i for off, f in zip(offs, found) for i, _, _ in f[k]]
        return np.bincount(np.searchsorted(ch.bounds, starts, side="right") - 1,
                           minlength=G) if starts else np.zeros(G)

    c = ch.cand
    S = sentence_matrix(p, ch.sid, G, model.threshold, T[VAL, c], T[SUBJ, c],
                        ch.in_quote[c], ch.tokens, per_sentence(0), per_sentence(1),
                        per_sentence(2))
    s = model.sentence
    if s.index is not None:
        S = S[:, s.index]
    return (1.0 / (1.0 + np.exp(-(weigh(s.coef, np.ascontiguousarray(S.T)) + s.intercept)))
            ).tolist()


def weigh(weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``weights @ rows`` (``rows``: a feature a row, C order), summed feature by feature
    (einsum's order) rather than by BLAS, whose order of summation depends on how many
    columns there are: an article scores the same alone and in a chunk (with numpy 2.4
    the two differed in the 7th digit)."""
    return np.einsum("j,jn->n", weights, rows)


def _terms(doc: Document, d: int, matches, T: np.ndarray, ch: Chunk, p: np.ndarray,
           ptok: np.ndarray, low: float, flagged: np.ndarray,
           reasons: list[tuple[str, ...]]) -> list[LoadedTerm]:
    off = int(ch.doc_tokens[d])
    tokens = (ch.cand[flagged] - off).tolist()
    category: dict[int, str] = {}
    for i, j, entry in matches:  # any list's category, an extra lexicon's too
        category.update(dict.fromkeys(range(i, j), entry.category))
    phrases = _phrases(doc, off, T, ch, tokens, ptok, low)
    starts, ends, inq = doc.starts, doc.ends, ch.in_quote
    out = []
    for t, k, why in zip(tokens, flagged.tolist(), reasons):
        s, e, text = doc.original_span(starts[t], ends[t])
        a, b = phrases[t]
        ps, pe, _ = doc.original_span(starts[a], ends[b - 1])
        out.append(LoadedTerm(t, s, e, text, ps, pe, float(p[k]),
                              "quoted" if inq[off + t] else "author", category.get(t), why,
                              doc.sentence_of(starts[t])))
    return out


#: a candidate next to a flagged word joins its phrase when the model gives it at least
#: this share of the threshold (it half-believes it)
GROW = 0.5


def phrase_tokens(on: Sequence[int], joins, determiner, candidate, believed) -> set[int]:
    """The tokens of the phrases around the flagged tokens ``on`` (in order): each grows
    through the joined candidates on either side that the model half-believes
    (``believed``: probability at least ``GROW`` times the threshold); phrases joined by
    up to two tokens between them that are no candidates merge; a/an/the before a
    phrase's word is kept. ``joins(t)``: token ``t`` continues the phrase of token
    ``t - 1`` (one space between, same sentence and voice); ``determiner(t)``,
    ``candidate(t)``, ``believed(t)``: what token ``t`` is. (Chosen over "the next
    candidate, always": PTC phrase F1 equal at higher precision, 0.267 against 0.263;
    BABE's and BASIL's phrase F1 0.005 higher; spans hold no word the model does not
    half-believe.)"""
    keep = set(on)
    for i in on:
        j = i - 1
        while j >= 0 and joins(j + 1) and believed(j):
            keep.add(j)
            j -= 1
        j = i + 1
        while joins(j) and believed(j):
            keep.add(j)
            j += 1
    grown = sorted(keep)
    for i, j in zip(grown, grown[1:]):
        if 1 < j - i <= 3 and all(map(joins, range(i + 1, j + 1))) \
                and not any(map(candidate, range(i + 1, j))):
            keep.update(range(i + 1, j))
    for i in grown:
        if i > 0 and determiner(i - 1) and joins(i):
            keep.add(i - 1)
    return keep


def _phrases(doc: Document, off: int, T: np.ndarray, ch: Chunk, on: list[int],
             ptok: np.ndarray, low: float) -> dict[int, tuple[int, int]]:
    """Each flagged token's phrase (see :func:`phrase_tokens`), as a token range; ``off``:
    where the article's tokens start in the chunk; ``ptok``: each chunk token's
    probability (0 for no candidate); ``low``: what a neighbour needs to join."""
    n = len(doc.words)
    opens, inq, cand, gaps, lower = ch.first, ch.in_quote, T[CAND], doc.gaps, doc.lower

    def joins(t: int) -> bool:
        return 0 < t < n and not opens[off + t] and gaps[t] == " " \
            and inq[off + t] == inq[off + t - 1]

    def candidate(t: int) -> bool:
        return t < n and cand[off + t] > 0

    def believed(t: int) -> bool:
        return t < n and ptok[off + t] >= low

    keep = phrase_tokens(on, joins, lambda t: lower[t] in DETERMINERS, candidate, believed)
    out = {}
    for i in on:
        a, b = i, i + 1
        while a - 1 in keep and joins(a):
            a -= 1
        while b in keep and joins(b):
            b += 1
        out[i] = (a, b)
    return out


def _reasons(model: LoadedModel, table: FormTable, words: list[str],
             X: np.ndarray) -> list[tuple[str, ...]]:
    """The 1-3 largest contributions of each flagged word (``words``, with ``X`` their
    positional features), as phrases: a feature the word has, weighted, over the same
    feature's training mean."""
    contrib = np.where(X != 0, (X - model.positional_means) * model.positional_weights, 0.0)
    names = model.positional
    top = np.argsort(-contrib, axis=1)[:, :TOP]
    out = []
    for k, word in enumerate(words):
        pairs = table.reasons(word) + [(contrib[k, j], names[j]) for j in top[k].tolist()]
        pairs.sort(reverse=True)
        said: list[str] = []
        for value, name in pairs:
            phrase = _PHRASES[name]
            if value > 0 and (value >= MIN_REASON or not said) and phrase not in said:
                said.append(phrase)
        out.append(tuple(said[:3]))
    return out


_PHRASES = {
    "vader_has": "in VADER's sentiment lexicon", "vader_abs": "strong sentiment (VADER)",
    "vader_neg": "negative sentiment (VADER)", "vader_pos": "positive sentiment (VADER)",
    "vader_strong": "strong sentiment (VADER)", "pat_has": "in Pattern's subjectivity lexicon",
    "pat_subj": "subjective (Pattern)", "pat_abspol": "polar (Pattern)",
    "pat_intens": "an intensifier (Pattern)", "zipf_lt35": "a rare word (wordfreq)",
    "zipf_35_45": "an uncommon word (wordfreq)", "zipf_45_55": "a fairly common word (wordfreq)",
    "zipf_missing": "not among wordfreq's common words", "emp_n": "in several Empath categories",
    "cap": "capitalised", "allcaps": "in capitals", "hyphen": "hyphenated",
    "apos": "has an apostrophe", "length": "a long word", "sent_initial": "opens its sentence",
    "cap_mid": "capitalised mid-sentence", "lex_phrase": "part of a phrase in scorer's list",
    "lex_ext": "what a listed loaded word is applied to", "booster": "an assertive word",
    "hedge": "a hedge", "prev_lex": "after a loaded word", "next_lex": "before a loaded word",
    "lex_within2": "near a loaded word", "prev_val": "after a word with strong sentiment",
    "next_val": "before a word with strong sentiment", "prev_subj": "after a subjective word",
    "next_subj": "before a subjective word", "in_quote": "inside a quotation",
    "in_short_quote": "in a short quotation (a scare quote)", "in_title": "in the headline",
    "sent_lex_share": "its sentence has other loaded words",
    "sent_val_mean": "its sentence is emotionally charged",
    "sent_subj_mean": "its sentence is subjective", "sent_len": "a long sentence",
    "sent_excl": "its sentence ends with '!'", "sent_question": "its sentence is a question",
    "sent_has_quote": "its sentence quotes someone", "rep_log": "repeated in the article",
    "rep_once": "used once in the article", "rep_first": "its first use in the article",
    "in_title_type": "a word from the headline",
    **{f"lex_{c}": f"in scorer's {c} list" for c in CATEGORIES},
    **{f"emp_{c}": f"in Empath's '{c.replace('_', ' ')}' category" for c in EMPATH_CATEGORIES},
    **{f"suf_{s}": f"ends in -{s}" for s in SUFFIXES},
    **{f"pre_{p}": f"begins with {p}-" for p in PREFIXES},
}


def reason(feature: str) -> str:
    """How a reason names ``feature``."""
    return _PHRASES.get(feature, feature)
