"""Scoring one article: the fitted model as plain numbers (:class:`Compiled`, read from
the JSON file beside a joblib model), and :func:`predict`: score 0-100 = 100 x P(strong)
+ 50 x P(mixed); label = the most probable class; reasons = the features with the
largest signed contribution to this article's log-odds of "strong" sourcing, each linked
to its evidence spans.

numpy is imported where it is used, not with the module: ``import scorer`` (``scorer
--help``, ``scorer schema``, a batch's parent process) does not pay for it. Scoring
itself still uses it: the sums below are easy to repeat in plain Python bit for bit, but
numpy's ``exp`` is not (see ``Compiled.proba``).
"""

from __future__ import annotations

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

    def _stack(self):
        """The folds' arrays stacked, and the contributions folded into one linear map
        (mean over folds of coef * (x - mean) / sd  ==  x @ w - c): a few numpy calls an
        article instead of a few per fold."""
        if self._stacked is None:
            import numpy as np

            means = np.stack([p[0] for p in self.parts])
            sds = np.stack([p[1] for p in self.parts])
            coef_t = np.stack([p[2] for p in self.parts])
            icept = np.stack([p[3] for p in self.parts])[:, None, :]
            a = np.stack([p[4] for p in self.parts])[:, None, :]
            b = np.stack([p[5] for p in self.parts])[:, None, :]
            order = np.stack([np.asarray(p[6]) for p in self.parts])
            # fold each fold's scaler into its coefficients: ((x - m) / s) @ C = x @ (C / s) - (m / s) @ C
            scaled = coef_t / sds[:, :, None]
            offset = icept - np.einsum("fd,fdk->fk", means / sds, coef_t)[:, None, :]
            w = np.mean(np.stack(self.contrib) / sds, axis=0)
            c0 = np.mean(np.stack(self.contrib) * means / sds, axis=0)
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
                {"mean": m.tolist(), "scale": sd.tolist(), "coef_t": c.tolist(),
                 "intercept": i.tolist(), "a": a.tolist(), "b": b.tolist(), "order": list(o)}
                for m, sd, c, i, a, b, o in self.parts
            ],
            "contrib": [c.tolist() for c in self.contrib],
            "meta": {k: meta[k] for k in keep if k in meta},
        }

    @classmethod
    def from_dict(cls, data: dict, *, name: str, sha256: str, trusted: bool) -> "Compiled":
        import numpy as np

        if data.get("format") != "scorer-linear/1" or list(data["labels"]) != list(LABELS):
            raise ValueError("unknown format")
        arr = lambda v: np.asarray(v, dtype=float)  # noqa: E731
        parts, contrib = [], []
        for f, c in zip(data["folds"], data["contrib"], strict=True):
            mean, sd = arr(f["mean"]), arr(f["scale"])
            parts.append((mean, sd, arr(f["coef_t"]), arr(f["intercept"]), arr(f["a"]),
                          arr(f["b"]), [int(k) for k in f["order"]]))
            contrib.append(arr(c))
        return cls(name, sha256, trusted, tuple(data["feature_names"]), parts, contrib)


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
    import numpy as np

    x = np.asarray(model_vector(features), dtype=float)
    p = model.proba(x.reshape(1, -1))[0].tolist()
    k = max(range(len(p)), key=p.__getitem__)  # the first of equals, as np.argmax
    reasons = explain.reasons(MODEL_FEATURES, x.tolist(), model.contributions(x).tolist(),
                              model.feature_means().tolist(), evidence, n_reasons)
    return Prediction(
        score=round(100 * p[2] + 50 * p[1], 1), label=LABELS[k],
        probability=round(p[k], 4), reasons=reasons,
    )

