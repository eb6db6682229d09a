"""The flat feature vector: every number a dashboard charts and the model reads.

Nothing about a feature is written here: each signal declares its own (name, type,
description, reason phrase, whether the model reads it, how it is computed and which
evidence backs it; see :mod:`scorer.signals.base`). This module gathers them, in the
registry's order, into the ``Features`` pydantic model (hence the report's JSON Schema),
``FEATURE_NAMES`` and ``MODEL_FEATURES``. A saved model stores ``MODEL_FEATURES`` and is
refused when they differ from the code's.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model

from .signals import SIGNALS, Feature
from .signals.loaded import LOADED_CATEGORIES

#: every feature's declaration, by name, in the report's order
FEATURES: dict[str, Feature] = {f.name: f for s in SIGNALS for f in s.features}
if len(FEATURES) != sum(len(s.features) for s in SIGNALS):
    raise RuntimeError("two signals declare a feature of the same name")

Features: type[BaseModel] = create_model(
    "Features",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Per-article numbers. Rates are per 1,000 words of the voice named.",
    __module__=__name__,
    **{f.name: (f.type, Field(description=f.description)) if f.since is None else
       (f.type | None, Field(None, description=f"{f.description} Null in reports written "
                                               f"before {f.since}."))
       for f in FEATURES.values()},
)

FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)

#: what the sourcing model reads (each feature's ``model`` flag)
MODEL_FEATURES: tuple[str, ...] = tuple(f.name for f in FEATURES.values() if f.model)

__all__ = ["FEATURES", "FEATURE_NAMES", "LOADED_CATEGORIES", "MODEL_FEATURES", "Features",
           "model_vector"]


def model_vector(features: BaseModel) -> list[float]:
    """The model's inputs as floats in ``MODEL_FEATURES`` order."""
    data = features.__dict__  # the field values, as model_dump gives them (all numbers)
    return [float(data[name]) for name in MODEL_FEATURES]

