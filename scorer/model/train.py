"""Training: standardise, then multinomial logistic regression; the regularisation
strength is picked by cross-validation, probabilities are calibrated (sigmoid, 5-fold),
seeds are fixed. Metrics are *nested* cross-validated, so the figures in the model card
are not tuned on the folds they are reported on.

numpy and scikit-learn are imported inside the functions: scoring an article needs
neither module's import cost up front.
"""

from __future__ import annotations

import platform
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..errors import InputError
from ..features import MODEL_FEATURES
from .artifact import DEFAULT_MODEL, Model
from .data import LABELS, Example, data_hash

if TYPE_CHECKING:
    import numpy as np

RANDOM_STATE = 20261125
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def _pipeline(C: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline([
        ("scale", StandardScaler()),
        ("logreg", LogisticRegression(C=C, max_iter=5000, random_state=RANDOM_STATE)),
    ])


def _select_and_calibrate(X: np.ndarray, y: np.ndarray):
    """Pick C by 5-fold CV macro-F1, then calibrate that pipeline (sigmoid, 5-fold)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    folds = StratifiedKFold(5, shuffle=True, random_state=RANDOM_STATE)
    search = GridSearchCV(
        _pipeline(1.0), {"logreg__C": list(C_GRID)}, scoring="f1_macro", cv=folds
    )
    search.fit(X, y)
    best_c = search.best_params_["logreg__C"]
    calibrated = CalibratedClassifierCV(_pipeline(best_c), method="sigmoid", cv=folds)
    calibrated.fit(X, y)
    return calibrated, best_c


def metrics(y_true: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, ROC AUC (one-vs-rest, macro), per-class P/R, confusion matrix."""
    import numpy as np
    from sklearn.metrics import (
        accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support,
        roc_auc_score,
    )

    classes = list(classes)
    y_pred = [classes[i] for i in np.argmax(proba, axis=1)]
    order = [c for c in LABELS if c in classes]
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=order, zero_division=0)
    # roc_auc_score wants labels (and probability columns) in sorted order
    ordered = sorted(classes)
    cols = [classes.index(c) for c in ordered]
    try:
        auc = float(roc_auc_score(y_true, proba[:, cols], multi_class="ovr", average="macro",
                                  labels=ordered))
    except ValueError:  # a class missing from y_true
        auc = float("nan")
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=order, average="macro",
                                         zero_division=0)), 4),
        "roc_auc_ovr": round(auc, 4),
        "per_class": {
            c: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                "f1": round(float(f[k]), 4), "support": int(s[k])}
            for k, c in enumerate(order)
        },
        "confusion_matrix": {
            "labels": order,
            "rows_true_cols_pred": confusion_matrix(y_true, y_pred, labels=order).tolist(),
        },
    }


def nested_cv_metrics(X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Metrics of the whole procedure (C search + calibration) on held-out outer folds."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    outer = StratifiedKFold(5, shuffle=True, random_state=RANDOM_STATE + 1)
    proba = np.zeros((len(y), len(LABELS)))
    for train, test in outer.split(X, y):
        model, _ = _select_and_calibrate(X[train], y[train])
        cols = [list(model.classes_).index(c) for c in LABELS]
        proba[test] = model.predict_proba(X[test])[:, cols]
    out = metrics(list(y), proba, LABELS)
    out["procedure"] = "nested 5x5-fold stratified cross-validation (outer seed %d)" % (
        RANDOM_STATE + 1)
    return out


def train(examples: Sequence[Example], *, features: Iterable[Sequence[float]],
          name: str = DEFAULT_MODEL) -> Model:
    import numpy as np

    X = np.asarray(list(features), dtype=float)
    y = np.asarray([ex.label for ex in examples])
    counts = {c: int((y == c).sum()) for c in LABELS}
    if min(counts.values()) < 10:
        raise InputError(
            f"each label needs at least 10 examples to train and cross-validate; got {counts}"
        )
    import joblib
    import sklearn

    cv = nested_cv_metrics(X, y)
    estimator, best_c = _select_and_calibrate(X, y)
    meta = {
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "training_data_sha256": data_hash(examples),
        "n_examples": len(examples),
        "label_counts": counts,
        "chosen_C": best_c,
        "cv_metrics": cv,
        "versions": {
            "scorer": __import__("scorer").__version__,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "joblib": joblib.__version__,
            "python": platform.python_version(),
        },
        "score_formula": "100 * P(strong) + 50 * P(mixed)",
    }
    return Model(estimator, MODEL_FEATURES, meta, name=name, trusted=True)
