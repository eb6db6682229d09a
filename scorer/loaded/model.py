"""The loaded-language model file: plain JSON numbers, loaded under the manifest rule.

A model is a logistic regression over raw feature values (the training standardisation
is folded into the weights), the training means (for the reasons), the token threshold,
and a second small logistic regression for the sentence probability; beside them the
cross-validated figures, the training data's and the resources' hashes. Loading it is
``json.loads``: no pickle, no scikit-learn. As for the sourcing model
(:mod:`scorer.model.artifact`), a file whose SHA-256 is not in
``models/MANIFEST.sha256`` is refused unless the caller trusts it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..cache import Memo
from ..errors import ModelError
from ..model.artifact import MANIFEST, MODELS_DIR, cached, read_checked
from .fast import FormTable
from .features import ALL_COLUMNS, POSITIONAL_COLUMNS, SENTENCE_FEATURES

FORMAT = "scorer-loaded-model/1"
DEFAULT_MODEL = "loaded-v1.json"
#: form tables kept per model, one per list of function words (extra lexicons may add some)
TABLES = 4


@dataclass(frozen=True)
class SentenceModel:
    """Biased-sentence probability from a sentence's token probabilities and counts."""

    coef: np.ndarray
    intercept: float
    threshold: float
    features: tuple[str, ...] = SENTENCE_FEATURES  #: what ``coef`` weighs, in order

    @cached_property
    def index(self) -> list[int] | None:
        """Where its features are among SENTENCE_FEATURES (None: all, in order)."""
        if self.features == SENTENCE_FEATURES:
            return None
        return [SENTENCE_FEATURES.index(f) for f in self.features]


@dataclass(eq=False)
class LoadedModel:
    columns: tuple[str, ...]
    coef: np.ndarray  #: one weight per column, over raw values
    intercept: float
    means: np.ndarray  #: the training mean of each column
    threshold: float  #: a candidate at or above it is a loaded term
    sentence: SentenceModel
    meta: dict[str, Any] = field(default_factory=dict)  #: training data, resources, figures
    name: str = ""
    sha256: str = ""
    trusted: bool = False
    _tables: Memo = field(default_factory=lambda: Memo(TABLES), repr=False)

    def __post_init__(self) -> None:
        self._at = {c: k for k, c in enumerate(self.columns)}
        #: the positional columns, their weights and means (the fast path's matrix)
        self.positional = tuple(c for c in self.columns if c in POSITIONAL_COLUMNS)
        self.positional_weights = np.array([self.weight(c) for c in self.positional])
        self._weights32 = self.positional_weights.astype(np.float32)  # the fast path's
        self.positional_means = np.array([self.mean(c) for c in self.positional])

    def column_index(self, name: str) -> int:
        return self._at.get(name, -1)

    def weight(self, name: str) -> float:
        k = self._at.get(name)
        return 0.0 if k is None else float(self.coef[k])

    def mean(self, name: str) -> float:
        k = self._at.get(name)
        return 0.0 if k is None else float(self.means[k])

    def table(self, function_words: frozenset[str]) -> FormTable:
        """The form table for this list of function words (made on first use)."""
        found = self._tables.get(function_words)
        if found is None:
            found = self._tables.put(function_words, FormTable(self, function_words))
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "columns": list(self.columns),
                "coef": [float(x) for x in self.coef], "intercept": float(self.intercept),
                "mean": [float(x) for x in self.means], "threshold": float(self.threshold),
                "sentence": {"features": list(self.sentence.features),
                             "coef": [float(x) for x in self.sentence.coef],
                             "intercept": float(self.sentence.intercept),
                             "threshold": float(self.sentence.threshold)},
                **self.meta}

    @classmethod
    def from_dict(cls, data: dict[str, Any], **info: Any) -> "LoadedModel":
        """The model in ``data``, checked: known columns, one number each, finite."""
        if data.get("format") != FORMAT:
            raise ModelError(f"not a scorer loaded-language model (format {data.get('format')!r})")
        columns = tuple(data["columns"])
        unknown = [c for c in columns if c not in ALL_COLUMNS]
        if unknown:
            raise ModelError(f"the model reads features this scorer does not compute: "
                             f"{', '.join(unknown[:5])}; retrain it with `scorer train-loaded`")
        sent = data["sentence"]
        sfeatures = tuple(sent["features"])
        if any(f not in SENTENCE_FEATURES for f in sfeatures) \
                or len(set(sfeatures)) != len(sfeatures):
            raise ModelError("the model's sentence features differ from this scorer's; "
                             "retrain it with `scorer train-loaded`")
        coef, means = _numbers(data["coef"], len(columns)), _numbers(data["mean"], len(columns))
        scoef = _numbers(sent["coef"], len(sfeatures))
        meta = {k: v for k, v in data.items()
                if k not in ("format", "columns", "coef", "intercept", "mean", "threshold",
                             "sentence")}
        return cls(columns, coef, _number(data["intercept"]), means, _number(data["threshold"]),
                   SentenceModel(scoef, _number(sent["intercept"]), _number(sent["threshold"]),
                                 sfeatures),
                   meta, **info)


def _number(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    return float(x)


def _numbers(xs: Any, n: int) -> np.ndarray:
    if not isinstance(xs, list) or len(xs) != n:
        raise ValueError(f"expected a list of {n} numbers")
    return np.array([_number(x) for x in xs])


def default_path() -> Path:
    return MODELS_DIR / DEFAULT_MODEL


def load(path: str | Path | None = None, *, trust: bool = False) -> LoadedModel:
    """A loaded-language model file, refused when its SHA-256 is not in the manifest
    unless ``trust`` is set, or when it is not a model this scorer can run."""
    p = Path(path) if path else default_path()
    if not p.exists():
        raise ModelError(f"loaded-language model file {p} not found")
    raw, digest, trusted = read_checked(p, trust, (
        f"{p} is not in the shipped model manifest (models/{MANIFEST}). Pass "
        "--trust-model (or set SCORER_TRUST_MODEL=true) only for a model you made or trust."))
    try:
        return LoadedModel.from_dict(json.loads(raw.decode("utf-8")), name=p.name,
                                     sha256=digest, trusted=trusted)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{p}: not a readable loaded-language model ({exc})") from None


def load_cached(path: str | Path | None = None, *, trust: bool = False) -> LoadedModel:
    """:func:`load`, once per process per file (among the latest few model files kept,
    :data:`scorer.model.artifact.CACHE_SIZE`)."""
    return cached(_load_file, path or default_path(), trust)


def _load_file(path: str | Path | None, *, trust: bool = False) -> LoadedModel:
    return load(path, trust=trust)  # its own name: the model cache is keyed by the loader's
