"""The sourcing-quality model: a scikit-learn Pipeline over the feature vector.

One module per concern, each usable on its own:

* ``data``: the labels, labelled articles (``load_labelled``), the training-data hash;
* ``train``: the pipeline, its C search and calibration, nested cross-validated metrics;
* ``artifact``: the saved model (``Model``), the hash manifest and trust, ``save`` and
  ``load``, the JSON numpy form beside a joblib file, the per-process cache;
* ``predict``: the numpy form (``Compiled``) and ``predict``: score, label, probability
  and reasons for one article.

numpy and scikit-learn are imported only where they are used, so ``import scorer.model``
does not load them. The names below are the ones the rest of scorer uses
(``from scorer import model``; ``model.load_scoring_cached(...)``).
"""

from ..features import MODEL_FEATURES
from .artifact import (
    CACHE_SIZE, DEFAULT_MODEL, MANIFEST, MODELS_DIR, Model, add_to_manifest, companion,
    default_model_path, file_sha256, load, load_cached, load_scoring, load_scoring_cached,
    manifest, save,
)
from .data import LABELS, Example, data_hash, load_labelled
from .predict import Compiled, Prediction, predict
from .train import C_GRID, RANDOM_STATE, metrics, nested_cv_metrics, train

__all__ = [
    "MODEL_FEATURES",
    "CACHE_SIZE", "DEFAULT_MODEL", "MANIFEST", "MODELS_DIR", "Model", "add_to_manifest",
    "companion", "default_model_path", "file_sha256", "load", "load_cached", "load_scoring",
    "load_scoring_cached", "manifest", "save",
    "LABELS", "Example", "data_hash", "load_labelled",
    "Compiled", "Prediction", "predict",
    "C_GRID", "RANDOM_STATE", "metrics", "nested_cv_metrics", "train",
]
