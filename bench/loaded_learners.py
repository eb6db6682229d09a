"""Other token learners on the loaded-language model's features, folds and threshold rule:
is the linear learner or the feature set the limit? Not a test; nothing here is shipped.

    python bench/loaded_learners.py lr                      # the shipped learner
    python bench/loaded_learners.py inter                   # + pairwise interactions
    python bench/loaded_learners.py bins                    # + quintile bins of CONTINUOUS
    python bench/loaded_learners.py gbm:100:15:0.1:1.0      # HistGradientBoosting
                                    # (max_iter:max_leaf_nodes:learning_rate:l2[:min_leaf])

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


def learner(spec: str, cols: list[str], C: float):
    """(fit, proba) for ``spec``."""
    from scorer.loaded import cv

    if spec == "lr":
        return None  # cross_validate's own
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
    raise SystemExit(f"unknown learner {spec!r}: lr, inter, bins or gbm:ITER:LEAVES:LR:L2[:MINLEAF]")


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
    t0 = time.perf_counter()
    with threadpool_limits(limits=1):
        figures, _ = cv.cross_validate(corpora, pick, train.C, train.SENTENCE_C,
                                       learner(args.learner, cols, train.C))
    figures["procedure"] = f"{args.learner}: {figures['procedure']}"
    print(cv.table(figures))
    print(f"cross-validation took {time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
