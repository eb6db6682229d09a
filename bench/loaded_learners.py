"""Other token learners on the loaded-language model's features, folds and threshold rule:
is the linear learner or the feature set the limit? Not a test; nothing here is shipped.

    python bench/loaded_learners.py lr                      # the shipped learner
    python bench/loaded_learners.py inter                   # + pairwise interactions
    python bench/loaded_learners.py bins                    # + quintile bins of CONTINUOUS
    python bench/loaded_learners.py gbm:100:15:0.1:1.0      # HistGradientBoosting
                                    # (max_iter:max_leaf_nodes:learning_rate:l2[:min_leaf])
    python bench/loaded_learners.py article                 # + the article's means
    python bench/loaded_learners.py gated                   # + those, none in a lone sentence
    python bench/loaded_learners.py stack                   # + its sentence's other words'
                                                            #   first-stage probabilities

Everything is ``scorer.loaded.cv.cross_validate`` as ``scorer train-loaded`` runs it
(grouped folds by article, the threshold chosen on the training folds, the linear sentence
model over the token probabilities) with the token learner swapped. Reads the development
parts under ``../shared/data`` (``--data``); one core. The linear runs take about a
minute, the boosted ones 3-13 minutes.

``inter``: the shipped features plus products of two groups fixed before any result:
A, a word's own loaded evidence (valence, subjectivity, rarity, Empath count, our list),
and B, its context (voice, capitals and position, sentence, neighbours, repetition);
A x B (the same evidence may weigh differently quoted, in a headline, capitalised, in a
charged sentence) and A x A.

Context beyond the word and its sentence's lists (stop 26), fixed before any result:
``article``: 13 columns, each article's means over its candidates of vader_abs, pat_subj,
pat_abspol, zipf_lt35, emp_n, sent_excl, sent_question, in_quote, booster, hedge,
allcaps, cap and of a list match (how charged the whole text is; BABE's "article" is its
one sentence). ``gated``: the same, zero in a text of one sentence, with that as a 14th
column (a lone sentence is something the input shows). ``stack``: a two-stage model
(stacking): the first stage is the shipped model, fitted on the training part with
out-of-fold probabilities inside it (3 folds by article); the second adds five columns
from those probabilities, its sentence's other candidates' largest, mean and number at
or above 0.12, and the article's mean and share at or above 0.12.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

A = ["vader_abs", "vader_neg", "vader_strong", "pat_subj", "pat_abspol", "pat_intens",
     "zipf_lt35", "zipf_missing", "emp_n", "lex_emotive", "lex_pejorative",
     "lex_sensational", "lex_intensifier", "lex_partisan", "lex_phrase"]
B = ["in_quote", "in_short_quote", "in_title", "cap", "cap_mid", "sent_initial",
     "sent_lex_share", "sent_subj_mean", "sent_val_mean", "prev_lex", "next_lex",
     "lex_within2", "rep_log", "rep_once"]


def _expand(X: np.ndarray, cols: list[str]) -> np.ndarray:
    ia, ib = [cols.index(c) for c in A], [cols.index(c) for c in B]
    extra = [X[:, a] * X[:, b] for a in ia for b in ib]
    extra += [X[:, ia[i]] * X[:, ia[j]] for i in range(len(ia)) for j in range(i + 1, len(ia))]
    return np.hstack([X, np.column_stack(extra)])


#: continuous columns whose effect may not be linear (``bins``), chosen beforehand
CONTINUOUS = ["vader_abs", "pat_subj", "pat_abspol", "emp_n", "length", "sent_len",
              "rep_log", "sent_lex_share", "sent_val_mean", "sent_subj_mean", "prev_val",
              "next_val", "prev_subj", "next_subj"]


def _bin_edges(X: np.ndarray, cols: list[str]) -> dict[int, np.ndarray]:
    """Each CONTINUOUS column's quintile edges among its non-zero training values."""
    out = {}
    for c in CONTINUOUS:
        k = cols.index(c)
        nz = X[X[:, k] != 0, k]
        if len(nz):
            out[k] = np.unique(np.quantile(nz, [0.2, 0.4, 0.6, 0.8]))
    return out


def _binned(X: np.ndarray, edges: dict[int, np.ndarray]) -> np.ndarray:
    """X with one indicator column per non-zero bin of each CONTINUOUS column."""
    extra = []
    for k, e in edges.items():
        b = np.searchsorted(e, X[:, k], side="right")
        nz = X[:, k] != 0
        extra += [(nz & (b == j)).astype(float) for j in range(len(e) + 1)]
    return np.hstack([X, np.column_stack(extra)])


#: the columns whose article means ``article`` and ``gated`` add
ARTICLE = ["vader_abs", "pat_subj", "pat_abspol", "zipf_lt35", "emp_n", "sent_excl",
           "sent_question", "in_quote", "booster", "hedge", "allcaps", "cap"]


def _sentence_ids(corpora, data: Path) -> dict[str, np.ndarray]:
    """Each row's sentence, numbered across its corpus."""
    from scorer.document import Document
    from scorer.loaded import train
    from scorer.loaded.features import sentence_ids

    out = {}
    for n, c in corpora.items():
        sid, base = np.zeros(len(c.y), dtype=np.int64), 0
        for a, row in zip(c.articles, train._rows(data, n, None)):
            doc = Document(row["text"])
            sid[a.rows] = base + np.array(sentence_ids(doc), dtype=np.int64)[c.token[a.rows]]
            base += len(doc.sentences) + 1
        out[n] = sid
    return out


def _article_means(c, sid: np.ndarray | None) -> np.ndarray:
    """``article``'s columns for corpus ``c`` (``gated`` when ``sid`` is given)."""
    from scorer.loaded.features import ALL_COLUMNS, CATEGORIES

    which = [ALL_COLUMNS.index(n) for n in ARTICLE]
    listed = c.X[:, [ALL_COLUMNS.index(f"lex_{k}") for k in CATEGORIES]].sum(axis=1)
    E = np.zeros((len(c.y), len(ARTICLE) + 1 + (sid is not None)))
    for a in c.articles:
        r = a.rows
        if r.stop == r.start:
            continue
        if sid is not None and len(np.unique(sid[r])) == 1:
            E[r, -1] = 1.0
            continue
        E[r, :len(ARTICLE)] = c.X[r][:, which].mean(axis=0)
        E[r, len(ARTICLE)] = listed[r].mean()
    return E


def _group_runs(ids: np.ndarray):
    """(order that sorts ``ids``, each sorted row's group, the groups' first sorted rows)."""
    order = np.argsort(ids, kind="stable")
    s = ids[order]
    new = np.r_[True, s[1:] != s[:-1]]
    return order, np.cumsum(new) - 1, np.flatnonzero(new)


def _stage_two(p: np.ndarray, sid: np.ndarray, aid: np.ndarray, thr: float = 0.12) -> np.ndarray:
    """``stack``'s five columns from first-stage probabilities ``p``."""
    out = np.zeros((len(p), 5))
    order, g, starts = _group_runs(sid)
    ps = p[order]
    top = np.maximum.reduceat(ps, starts)
    is_top = ps == top[g]
    ties = np.add.reduceat(is_top.astype(float), starts)
    second = np.maximum(np.maximum.reduceat(np.where(is_top, -1.0, ps), starts), 0)
    second = np.where(ties > 1, top, second)
    count = np.diff(np.r_[starts, len(p)])
    over = ps >= thr
    out[order, 0] = np.where(is_top, second[g], top[g])
    out[order, 1] = (np.add.reduceat(ps, starts)[g] - ps) / np.maximum(count[g] - 1, 1)
    out[order, 2] = np.add.reduceat(over.astype(float), starts)[g] - over
    order, g, starts = _group_runs(aid)
    ps = p[order]
    count = np.diff(np.r_[starts, len(p)])
    out[order, 3] = (np.add.reduceat(ps, starts) / count)[g]
    out[order, 4] = (np.add.reduceat((ps >= thr).astype(float), starts) / count)[g]
    return out


def _stacked(C: float):
    """``stack``'s (fit, proba): X's last two columns are each row's sentence and article."""
    from scorer.loaded import cv

    def fit(X, y):
        sid, aid, X = X[:, -2].astype(np.int64), X[:, -1].astype(np.int64), X[:, :-2]
        first = np.zeros(len(y))
        fold = aid % 3
        for j in range(3):
            first[fold == j] = cv.proba(cv.fit(X[fold != j], y[fold != j], C), X[fold == j])
        return cv.fit(X, y, C), cv.fit(np.hstack([X, _stage_two(first, sid, aid)]), y, C)

    def proba(m, X):
        sid, aid, X = X[:, -2].astype(np.int64), X[:, -1].astype(np.int64), X[:, :-2]
        return cv.proba(m[1], np.hstack([X, _stage_two(cv.proba(m[0], X), sid, aid)]))

    return fit, proba


def widen(spec: str, corpora, pick: list[int], data: Path) -> list[int]:
    """For the context specs: append their columns to each corpus's X; the new ``pick``."""
    if spec not in ("article", "gated", "stack"):
        return pick
    sids = _sentence_ids(corpora, data)
    offset = 0
    for n, c in corpora.items():
        if spec == "stack":  # ids, numbered across the corpora
            E = np.column_stack([sids[n] + offset, c.article + offset])
            offset += int(max(sids[n].max(), c.article.max())) + 1
        else:
            E = _article_means(c, sids[n] if spec == "gated" else None)
        width = c.X.shape[1]
        c.X = np.hstack([c.X, E])
    return pick + list(range(width, width + E.shape[1]))


def learner(spec: str, cols: list[str], C: float):
    """(fit, proba) for ``spec``."""
    from scorer.loaded import cv

    if spec in ("lr", "article", "gated"):
        return None  # cross_validate's own
    if spec == "stack":
        return _stacked(C)
    if spec == "inter":
        return (lambda X, y: cv.fit(_expand(X, cols), y, C)), \
            (lambda m, X: cv.proba(m, _expand(X, cols)))
    if spec == "bins":
        def fit_bins(X, y):
            edges = _bin_edges(X, cols)
            return edges, cv.fit(_binned(X, edges), y, C)
        return fit_bins, (lambda m, X: cv.proba(m[1], _binned(X, m[0])))
    if spec.startswith("gbm:"):
        from sklearn.ensemble import HistGradientBoostingClassifier

        p = spec.split(":")[1:]
        kw = dict(max_iter=int(p[0]), max_leaf_nodes=int(p[1]), learning_rate=float(p[2]),
                  l2_regularization=float(p[3]), min_samples_leaf=int(p[4]) if len(p) > 4 else 20,
                  early_stopping=False, random_state=0)
        return (lambda X, y: HistGradientBoostingClassifier(**kw).fit(X, y)), \
            (lambda m, X: m.predict_proba(X)[:, 1])
    raise SystemExit(f"unknown learner {spec!r}: lr, inter, bins, article, gated, stack or "
                     "gbm:ITER:LEAVES:LR:L2[:MINLEAF]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("learner")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits

    from scorer.lexicons import for_settings
    from scorer.loaded import cv, train
    from scorer.loaded.features import ALL_COLUMNS, columns_of
    from scorer.settings import Settings

    cols = list(columns_of(train.DEFAULT_GROUPS))
    pick = [ALL_COLUMNS.index(c) for c in cols]
    lex, memo = for_settings(Settings(_env_file=None)), {}
    corpora = {n: train.build(n, train._rows(args.data, n, None), lex, memo)
               for n in train.CORPORA}
    pick = widen(args.learner, corpora, pick, args.data)
    t0 = time.perf_counter()
    with threadpool_limits(limits=1):
        figures, _ = cv.cross_validate(corpora, pick, train.C, train.SENTENCE_C,
                                       learner(args.learner, cols, train.C))
    figures["procedure"] = f"{args.learner}: {figures['procedure']}"
    print(cv.table(figures))
    print(f"cross-validation took {time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
