"""Scoring one article: the fitted model as plain numbers (:class:`Compiled`, read from
the JSON file beside a joblib model), and :func:`predict`: score 0-100 = 100 x P(strong)
+ 50 x P(mixed); label = the most probable class; reasons = the features with the
largest signed contribution to this article's log-odds of "strong" sourcing, each linked
to its evidence spans.

numpy is imported where it is used, not with the module, and scoring one article does
not use it (:meth:`Compiled.score_one`, plain Python): ``scorer score FILE`` does not pay
for its import. The plain sums repeat numpy's bit for bit; ``math.exp`` can differ from
numpy's own exp in the last bit (on CPUs with AVX-512), a probability by at most 2e-16,
far below the 4 decimals a report keeps (the batch outputs of 2,253 articles are
byte-identical; a test compares the two forms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import explain
from ..features import MODEL_FEATURES, model_vector
from .data import LABELS

if TYPE_CHECKING:
    import numpy as np


@dataclass
class Compiled:
    """The fitted model as plain numpy arrays: the same probabilities and contributions
    as the scikit-learn pipeline, without importing scikit-learn. Batch workers receive
    this (a few KB, picklable) instead of loading the joblib file each (about 70 MB)."""

    name: str
    sha256: str
    trusted: bool
    feature_names: tuple[str, ...]
    parts: list  # per calibration fold: mean, scale, coef.T, intercept, a, b, label order
    contrib: list  # per fold: coef(strong) - coef(weak), over the fold's scaled features

    _stacked: Any = field(default=None, repr=False, compare=False)
    _plain_form: Any = field(default=None, repr=False, compare=False)

    def _plain(self):
        """The same folded map as :meth:`_stack`, as plain Python floats: one article is
        scored with a few hundred multiply-adds, in less time than numpy takes to be
        imported (``scorer score FILE`` does not import it). Sums run left to right, as
        numpy's do over these short axes."""
        if self._plain_form is None:
            folds = []
            n_folds = len(self.parts)
            for mean, sd, coef_t, icept, a, b, order in self.parts:
                mean, sd = [float(v) for v in mean], [float(v) for v in sd]
                coef = [[float(v) for v in row] for row in coef_t]  # features x classes
                k = len(coef[0])
                scaled = [[c / s for c in row] for row, s in zip(coef, sd)]
                ms = [m / s for m, s in zip(mean, sd)]
                offset = []
                for j in range(k):
                    acc = 0.0
                    for d in range(len(ms)):
                        acc += ms[d] * coef[d][j]
                    offset.append(float(icept[j]) - acc)
                folds.append((scaled, offset, [float(v) for v in a], [float(v) for v in b],
                              [int(v) for v in order]))
            n = len(self.feature_names)
            sds = [[float(v) for v in p[1]] for p in self.parts]
            means = [[float(v) for v in p[0]] for p in self.parts]
            contrib = [[float(v) for v in c] for c in self.contrib]
            w, c0, fm = [], [], []
            for d in range(n):
                sw = sc = sm = 0.0
                for f in range(n_folds):
                    sw += contrib[f][d] / sds[f][d]
                    sc += contrib[f][d] * means[f][d] / sds[f][d]
                    sm += means[f][d]
                w.append(sw / n_folds)
                c0.append(sc / n_folds)
                fm.append(sm / n_folds)
            self._plain_form = (folds, w, c0, fm)
        return self._plain_form

    def score_one(self, x: list[float]) -> tuple[list[float], list[float], list[float]]:
        """One article's probabilities (LABELS order), each feature's contribution and the
        training means, in plain Python: the numbers :meth:`proba`,
        :meth:`contributions` and :meth:`feature_means` give, without numpy."""
        folds, w, c0, fm = self._plain()
        total = None
        for scaled, offset, a, b, order in folds:
            k = len(offset)
            p = []
            for j in range(k):
                dec = 0.0
                for d, v in enumerate(x):
                    dec += v * scaled[d][j]
                try:
                    p.append(1.0 / (1.0 + math.exp(a[j] * (dec + offset[j]) + b[j])))
                except OverflowError:  # numpy's exp gives inf there: p = 0
                    p.append(0.0)
            denom = sum(p)
            p = [q / denom for q in p] if denom != 0 else [1.0 / k] * k
            p = [p[o] for o in order]
            total = p if total is None else [t + q for t, q in zip(total, p)]
        probs = [t / len(folds) for t in total]
        return probs, [v * wd - c for v, wd, c in zip(x, w, c0)], fm

    def _stack(self):
        """The folds' arrays stacked, and the contributions folded into one linear map
        (mean over folds of coef * (x - mean) / sd  ==  x @ w - c): a few numpy calls an
        article instead of a few per fold."""
        if self._stacked is None:
            import numpy as np

            stack = lambda i: np.stack([np.asarray(p[i], dtype=float) for p in self.parts])  # noqa: E731
            means, sds, coef_t = stack(0), stack(1), stack(2)
            icept, a, b = stack(3)[:, None, :], stack(4)[:, None, :], stack(5)[:, None, :]
            order = np.stack([np.asarray(p[6]) for p in self.parts])
            # fold each fold's scaler into its coefficients: ((x - m) / s) @ C = x @ (C / s) - (m / s) @ C
            scaled = coef_t / sds[:, :, None]
            offset = icept - np.einsum("fd,fdk->fk", means / sds, coef_t)[:, None, :]
            contrib = np.stack([np.asarray(c, dtype=float) for c in self.contrib])
            w = np.mean(contrib / sds, axis=0)
            c0 = np.mean(contrib * means / sds, axis=0)
            self._stacked = (scaled, offset, a, b, order, w, c0, means.mean(axis=0))
        return self._stacked

    def proba(self, X: np.ndarray) -> np.ndarray:
        import numpy as np

        scaled, offset, a, b, order, *_ = self._stack()
        X = np.asarray(X, dtype=float)
        dec = np.einsum("nd,fdk->fnk", X, scaled) + offset
        # np.exp, not math.exp: on CPUs with AVX-512 numpy has an exp of its own that
        # differs from the C library's (math.exp) in the last bit for about 1 argument in
        # 20, and the probabilities are kept bit for bit as they were
        with np.errstate(over="ignore"):  # exp overflows to inf on extreme inputs: p = 0
            p = 1.0 / (1.0 + np.exp(a * dec + b))
        denom = p.sum(axis=2, keepdims=True)
        p = np.divide(p, denom, out=np.full_like(p, 1.0 / p.shape[2]), where=denom != 0)
        p = np.take_along_axis(p, order[:, None, :], axis=2)
        return p.mean(axis=0)

    def contributions(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        *_, w, c0, _ = self._stack()
        return np.asarray(x, dtype=float) * w - c0

    def feature_means(self) -> np.ndarray:
        """Mean of each feature over the training articles (averaged over the folds)."""
        return self._stack()[-1]

    def to_dict(self, *, source_sha256: str, meta: dict) -> dict:
        keep = ("created", "chosen_C", "n_examples", "label_counts", "training_data_sha256",
                "cv_metrics", "versions")
        return {
            "format": "scorer-linear/1", "labels": list(LABELS),
            "feature_names": list(self.feature_names), "source_sha256": source_sha256,
            "folds": [
                {"mean": _tolist(m), "scale": _tolist(sd), "coef_t": _tolist(c),
                 "intercept": _tolist(i), "a": _tolist(a), "b": _tolist(b), "order": list(o)}
                for m, sd, c, i, a, b, o in self.parts
            ],
            "contrib": [_tolist(c) for c in self.contrib],
            "meta": {k: meta[k] for k in keep if k in meta},
        }

    @classmethod
    def from_dict(cls, data: dict, *, name: str, sha256: str, trusted: bool) -> "Compiled":
        """From the JSON form: plain lists of floats (numpy arrays only when a matrix is
        scored, see :meth:`_stack`)."""
        if data.get("format") != "scorer-linear/1" or list(data["labels"]) != list(LABELS):
            raise ValueError("unknown format")
        floats = lambda v: [float(x) for x in v]  # noqa: E731
        parts, contrib = [], []
        for f, c in zip(data["folds"], data["contrib"], strict=True):
            parts.append((floats(f["mean"]), floats(f["scale"]),
                          [floats(row) for row in f["coef_t"]], floats(f["intercept"]),
                          floats(f["a"]), floats(f["b"]), [int(k) for k in f["order"]]))
            contrib.append(floats(c))
        return cls(name, sha256, trusted, tuple(data["feature_names"]), parts, contrib)


def _tolist(v) -> list:
    return v.tolist() if hasattr(v, "tolist") else [_tolist(x) if isinstance(x, list) else x
                                                     for x in v]


@dataclass(frozen=True)
class Prediction:
    score: float
    label: str
    probability: float
    reasons: list


def predict(model, features, evidence, n_reasons: int = 5) -> Prediction:
    """Score, label, probability and the 3-5 features that moved this article's score (the
    model gives each feature's contribution; :mod:`scorer.explain` words the reasons).

    ``model`` is a :class:`Compiled` or a :class:`~scorer.model.artifact.Model`: anything
    with ``proba``, ``contributions`` and ``feature_means``."""
    x = model_vector(features)
    fast = model if isinstance(model, Compiled) else model.compiled()
    if fast is not None:
        p, contributions, means = fast.score_one(x)
    else:  # scikit-learn itself (a model whose numpy form disagreed with it)
        import numpy as np

        xa = np.asarray(x, dtype=float)
        p = model.proba(xa.reshape(1, -1))[0].tolist()
        contributions = model.contributions(xa).tolist()
        means = model.feature_means().tolist()
    k = max(range(len(p)), key=p.__getitem__)  # the first of equals, as np.argmax
    reasons = explain.reasons(MODEL_FEATURES, x, contributions, means, evidence, n_reasons)
    return Prediction(
        score=round(100 * p[2] + 50 * p[1], 1), label=LABELS[k],
        probability=round(p[k], 4), reasons=reasons,
    )

