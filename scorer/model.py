"""The sourcing-quality model: a scikit-learn Pipeline over the feature vector.

* ``train``: standardise, then multinomial logistic regression; the regularisation
  strength is picked by cross-validation, probabilities are calibrated (sigmoid, 5-fold),
  seeds are fixed. Metrics are *nested* cross-validated, so the figures in the model
  card are not tuned on the folds they are reported on.
* ``save`` / ``load``: a joblib file holding the pipeline plus feature names and order,
  a hash of the training data, library versions and the cross-validated metrics. joblib
  files are pickle, i.e. code: a file is loaded only if its SHA-256 is in
  ``models/MANIFEST.sha256`` or the caller trusts it explicitly.
* ``predict``: score 0-100 = 100 x P(strong) + 50 x P(mixed); label = the most probable
  class; reasons = the features with the largest signed contribution to this article's
  log-odds of "strong" sourcing, each linked to its evidence spans.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import platform
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import InputError, ModelError
from . import explain
from .features import MODEL_FEATURES, model_vector

log = logging.getLogger(__name__)

LABELS = ("weak", "mixed", "strong")
RANDOM_STATE = 20261125


def _models_dir() -> Path:
    # models/ installs as the package scorer.models (see pyproject.toml)
    try:
        import scorer.models as shipped

        return Path(shipped.__file__).resolve().parent
    except ImportError:  # running from a source tree that was never installed
        return Path(__file__).resolve().parent.parent / "models"


MODELS_DIR = _models_dir()
DEFAULT_MODEL = "sourcing-v1.joblib"
MANIFEST = "MANIFEST.sha256"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


# -- labelled data ------------------------------------------------------------------------


@dataclass
class Example:
    name: str
    text: str
    label: str
    score: float | None = None


def _check_label(label: str, where: str) -> str:
    label = label.strip().lower()
    if label not in LABELS:
        raise InputError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
    return label


def load_labelled(path: str | Path) -> list[Example]:
    """Labelled articles from a folder with ``labels.csv``, a CSV, or a JSONL file.

    CSV/JSONL rows need ``label`` and either ``text`` or ``path``/``file`` (relative to
    the file's folder); ``score`` is optional.
    """
    p = Path(path)
    if p.is_dir():
        labels = p / "labels.csv"
        if not labels.exists():
            raise InputError(f"{p}: no labels.csv in this folder")
        p = labels
    if not p.exists():
        raise InputError(f"{p}: no such file")
    base = p.parent
    if p.suffix.lower() == ".jsonl":
        rows = []
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append((f"{p}:{n}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{p}:{n}: not JSON ({exc.msg})") from None
    elif p.suffix.lower() in (".csv", ".tsv"):
        with p.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t" if p.suffix.lower() == ".tsv" else ",")
            rows = [(f"{p}:{n}", row) for n, row in enumerate(reader, 2)]
    else:
        raise InputError(f"{p}: expected a folder with labels.csv, a .csv or a .jsonl file")
    out = []
    for where, row in rows:
        if "label" not in row:
            raise InputError(f"{where}: no 'label' field")
        label = _check_label(str(row["label"]), where)
        text = row.get("text")
        name = str(row.get("id") or row.get("file") or row.get("path") or where)
        if not text:
            rel = row.get("path") or row.get("file")
            if not rel:
                raise InputError(f"{where}: needs 'text' or 'path'")
            fp = (base / rel) if not Path(rel).is_absolute() else Path(rel)
            try:
                text = fp.read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{where}: cannot read {fp} ({exc.strerror})") from None
        score = row.get("score")
        out.append(Example(name, text, label, float(score) if score not in (None, "") else None))
    if not out:
        raise InputError(f"{p}: no labelled rows")
    return out


def data_hash(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for ex in sorted(examples, key=lambda e: e.name):
        h.update(ex.label.encode())
        h.update(hashlib.sha256(ex.text.encode("utf-8")).digest())
    return h.hexdigest()


# -- the estimator ---------------------------------------------------------------------------


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


# -- the saved model -------------------------------------------------------------------------


@dataclass
class Model:
    estimator: Any
    feature_names: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    sha256: str = ""
    trusted: bool = False

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.estimator.classes_]

    def check_features(self) -> None:
        _check_feature_names(self.feature_names, self.name)

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities in LABELS order."""
        fast = self.compiled()
        return fast.proba(X) if fast is not None else self._sklearn_proba(X)

    def _sklearn_proba(self, X: np.ndarray) -> np.ndarray:
        p = self.estimator.predict_proba(X)
        cols = [self.classes.index(c) for c in LABELS]
        return p[:, cols]

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature signed contribution to the log-odds of 'strong' against 'weak',
        averaged over the calibration folds' pipelines (standardised value x coefficient)."""
        fast = self.compiled()
        if fast is not None:
            return fast.contributions(x)
        rows = []
        for cc in self.estimator.calibrated_classifiers_:
            pipe = cc.estimator
            z = pipe.named_steps["scale"].transform(np.asarray(x).reshape(1, -1))[0]
            lr = pipe.named_steps["logreg"]
            classes = list(lr.classes_)
            rows.append((lr.coef_[classes.index("strong")] - lr.coef_[classes.index("weak")]) * z)
        return np.mean(rows, axis=0)

    _compiled: Any = field(default=None, repr=False, compare=False)

    def feature_means(self) -> np.ndarray:
        fast = self.compiled()
        if fast is not None:
            return fast.feature_means()
        return np.mean([cc.estimator.named_steps["scale"].mean_
                        for cc in self.estimator.calibrated_classifiers_], axis=0)

    def compiled(self) -> "Compiled | None":
        """The numpy form (sklearn's per-call input checks cost about 5 ms an article, five
        times the rest of the report); built once and used only after it agrees with
        ``predict_proba`` on probe inputs, else None and sklearn is called."""
        if self._compiled is None:
            self._compiled = _compile(self) or False
        return self._compiled or None


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
        scaled, offset, a, b, order, *_ = self._stack()
        X = np.asarray(X, dtype=float)
        dec = np.einsum("nd,fdk->fnk", X, scaled) + offset
        with np.errstate(over="ignore"):  # exp overflows to inf on extreme inputs: p = 0
            p = 1.0 / (1.0 + np.exp(a * dec + b))
        denom = p.sum(axis=2, keepdims=True)
        p = np.divide(p, denom, out=np.full_like(p, 1.0 / p.shape[2]), where=denom != 0)
        p = np.take_along_axis(p, order[:, None, :], axis=2)
        return p.mean(axis=0)

    def contributions(self, x: np.ndarray) -> np.ndarray:
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


def _check_feature_names(names: Sequence[str], model_name: str) -> None:
    """Refuse a model whose feature names or order differ from this scorer's."""
    if tuple(names) != MODEL_FEATURES:
        diff = sorted(set(MODEL_FEATURES) ^ set(names)) or ["(same names, different order)"]
        raise ModelError(
            f"model {model_name} was trained on other features than this scorer computes "
            f"({', '.join(diff[:6])}); retrain it with `scorer train`"
        )


def _read_checked(path: Path, trust: bool, refusal: str) -> tuple[bytes, str, bool]:
    """A model file's bytes, read once (the bytes hashed are the bytes loaded), its SHA-256
    and whether the manifest lists it; a file it does not list is refused with
    ``refusal`` unless ``trust`` is set."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {path} ({exc.strerror})") from None
    digest = hashlib.sha256(raw).hexdigest()
    trusted = digest in manifest()
    if not trusted and not trust:
        raise ModelError(refusal)
    return raw, digest, trusted


def _compile(model: Model) -> Compiled | None:
    try:
        parts, contrib = [], []
        for cc in model.estimator.calibrated_classifiers_:
            pipe = cc.estimator
            scale, lr = pipe.named_steps["scale"], pipe.named_steps["logreg"]
            classes = [str(c) for c in lr.classes_]
            if [str(c) for c in cc.classes] != classes or len(classes) < 3:
                return None
            a = np.array([c.a_ for c in cc.calibrators], dtype=float)
            b = np.array([c.b_ for c in cc.calibrators], dtype=float)
            order = [classes.index(c) for c in LABELS]
            mean = np.asarray(scale.mean_, float)
            sd = np.asarray(scale.scale_, float)
            parts.append((mean, sd, np.asarray(lr.coef_, float).T,
                          np.asarray(lr.intercept_, float), a, b, order))
            contrib.append(lr.coef_[classes.index("strong")] - lr.coef_[classes.index("weak")])
    except (AttributeError, KeyError, ValueError):
        return None
    compiled = Compiled(model.name, model.sha256, model.trusted, tuple(model.feature_names),
                        parts, contrib)
    rng = np.random.default_rng(0)
    n = len(model.feature_names)
    probes = np.vstack([np.zeros(n), rng.exponential(3.0, size=(16, n))])
    if not np.allclose(compiled.proba(probes), model._sklearn_proba(probes), atol=1e-9):
        log.warning("numpy form of %s disagrees with scikit-learn; using scikit-learn", model.name)
        return None
    return compiled


def train(examples: Sequence[Example], *, features: Iterable[Sequence[float]],
          name: str = DEFAULT_MODEL) -> Model:
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


def save(model: Model, path: str | Path) -> str:
    """Write the model, and beside it (same name, ``.json``) its numpy form as plain JSON;
    returns the joblib file's SHA-256 (add it to the manifest to ship it)."""
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {"format": "scorer-model/1", "estimator": model.estimator,
         "feature_names": list(model.feature_names), "meta": model.meta},
        path, compress=3,
    )
    digest = file_sha256(path)
    compiled = model.compiled()
    side = companion(path)
    if compiled is not None and side is not None:
        side.write_text(json.dumps(compiled.to_dict(source_sha256=digest, meta=model.meta),
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return digest


def companion(path: Path) -> Path | None:
    """The JSON file holding a joblib model's numpy form (``x.joblib`` -> ``x.json``)."""
    return path.with_suffix(".json") if path.suffix == ".joblib" else None


def load_scoring(path: str | Path | None = None, *, trust: bool = False) -> "Compiled | Model":
    """The model to score with. Prefers the JSON numpy form beside a joblib file: plain
    data (loading it runs no code) that needs neither pickle nor scikit-learn, which
    keeps every batch worker about 70 MB smaller. Falls back to the joblib file. The
    manifest rule is the same for both: a file whose hash is not listed needs ``trust``."""
    p = Path(path) if path else default_model_path()
    side = companion(p)
    if side is None or not side.exists() or not p.exists():
        return load(p, trust=trust)
    raw, digest, trusted = _read_checked(side, trust, (
        f"{p} (read through its JSON form {side.name}) is not in the shipped model "
        f"manifest (models/{MANIFEST}). Pass --trust-model (or set "
        "SCORER_TRUST_MODEL=true) only for a model you made or trust."))
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("source_sha256") != file_sha256(p):
            log.info("%s does not match %s; loading the joblib file", side.name, p.name)
            return load(p, trust=trust)
        compiled = Compiled.from_dict(data, name=p.name, sha256=digest, trusted=trusted)
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{side}: not a readable scorer model ({exc})") from None
    _check_feature_names(compiled.feature_names, p.name)
    return compiled


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest(models_dir: Path | None = None) -> dict[str, str]:
    """sha256 -> file name, from ``models/MANIFEST.sha256`` (sha256sum format)."""
    p = (models_dir or MODELS_DIR) / MANIFEST
    out = {}
    if p.exists():
        for line in p.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                out[parts[0]] = parts[1].lstrip("*")
    return out


def default_model_path() -> Path:
    return MODELS_DIR / DEFAULT_MODEL


def load(path: str | Path | None = None, *, trust: bool = False) -> Model:
    """Load a model file, refusing files that are not in the shipped hash manifest unless
    ``trust`` is set, and models whose features do not match this version's."""
    p = Path(path) if path else default_model_path()
    if not p.exists():
        raise ModelError(f"model file {p} not found")
    raw, digest, trusted = _read_checked(p, trust, (
        f"{p} is not in the shipped model manifest (models/{MANIFEST}). joblib files "
        "are pickle: loading one runs its code. Pass --trust-model (or set "
        "SCORER_TRUST_MODEL=true) only for a file you made or trust."))
    import joblib

    try:
        blob = joblib.load(io.BytesIO(raw))
    except Exception as exc:  # a corrupt or foreign pickle: say so, in one line
        raise ModelError(f"{p}: not a readable scorer model ({type(exc).__name__})") from None
    if not isinstance(blob, dict) or blob.get("format") != "scorer-model/1":
        raise ModelError(f"{p}: not a scorer model file")
    estimator, names, meta = blob.get("estimator"), blob.get("feature_names"), blob.get("meta", {})
    if not hasattr(estimator, "predict_proba") or not hasattr(estimator, "classes_"):
        raise ModelError(f"{p}: not a scorer model file (no fitted estimator in it)")
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)) \
            or not all(isinstance(n, str) for n in names) or not isinstance(meta, dict):
        raise ModelError(f"{p}: not a scorer model file (its feature names or metadata "
                         "are not lists and tables)")
    model = Model(estimator, tuple(names), meta, name=p.name, sha256=digest, trusted=trusted)
    model.check_features()
    return model


# -- scoring one article ------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    score: float
    label: str
    probability: float
    reasons: list


def predict(model: Model, features, evidence, n_reasons: int = 5) -> Prediction:
    """Score, label, probability and the 3-5 features that moved this article's score (the
    model gives their contributions; :mod:`scorer.explain` words them)."""
    x = np.asarray(model_vector(features), dtype=float)
    p = model.proba(x.reshape(1, -1))[0].tolist()
    k = max(range(len(p)), key=p.__getitem__)  # the first of equals, as np.argmax
    reasons = explain.reasons(MODEL_FEATURES, x.tolist(), model.contributions(x).tolist(),
                              model.feature_means().tolist(), evidence, n_reasons)
    return Prediction(
        score=round(100 * p[2] + 50 * p[1], 1), label=LABELS[k],
        probability=round(p[k], 4), reasons=reasons,
    )


_CACHE: dict[tuple[str, str, bool], Any] = {}
#: models kept loaded at most (a process scores with one or two; a long-running one that
#: is handed many model files keeps the latest few)
CACHE_SIZE = 4


def _cached(loader, path: str | Path | None, trust: bool):
    key = (loader.__name__, str(Path(path).resolve()) if path else str(default_model_path()),
           trust)
    if key not in _CACHE:
        while len(_CACHE) >= CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]  # the one loaded first
        _CACHE[key] = loader(path, trust=trust)
    return _CACHE[key]


def load_cached(path: str | Path | None = None, *, trust: bool = False) -> Model:
    """``load``, once per process per file."""
    return _cached(load, path, trust)


def load_scoring_cached(path: str | Path | None = None, *, trust: bool = False):
    """``load_scoring``, once per process per file; None when no path is given and no
    model is shipped (the report stays unscored)."""
    if path is None and not default_model_path().exists():
        return None
    return _cached(load_scoring, path, trust)


def add_to_manifest(path: Path, digest: str, models_dir: Path | None = None) -> None:
    """Record ``digest`` for ``path`` in the manifest (replacing the file's old entry)."""
    p = (models_dir or MODELS_DIR) / MANIFEST
    lines = [ln for ln in (p.read_text().splitlines() if p.exists() else [])
             if not ln.endswith(f" {path.name}")]
    if not any(ln.startswith("#") for ln in lines):
        lines.insert(0, "# SHA-256 of the model files scorer loads without --trust-model")
    lines.append(f"{digest}  {path.name}")
    p.write_text("\n".join(lines) + "\n")
