"""The saved model and the trust around it.

* ``save`` / ``load``: a joblib file holding the pipeline plus feature names and order,
  a hash of the training data, library versions and the cross-validated metrics. joblib
  files are pickle, i.e. code: a file is loaded only if its SHA-256 is in
  ``models/MANIFEST.sha256`` or the caller trusts it explicitly.
* Beside each joblib file, its numpy form (:class:`~scorer.model.predict.Compiled`) as
  plain JSON: ``load_scoring`` prefers it (no pickle, no scikit-learn), under the same
  manifest rule.
* ``load_cached`` / ``load_scoring_cached``: each loaded once per process, the latest
  few files kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import ModelError
from ..features import MODEL_FEATURES
from .data import LABELS
from .predict import Compiled

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


def _models_dir() -> Path:
    # models/ installs as the package scorer.models (see pyproject.toml)
    try:
        import scorer.models as shipped

        return Path(shipped.__file__).resolve().parent
    except ImportError:  # running from a source tree that was never installed
        return Path(__file__).resolve().parents[2] / "models"


MODELS_DIR = _models_dir()
DEFAULT_MODEL = "sourcing-v1.joblib"
MANIFEST = "MANIFEST.sha256"


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
        import numpy as np

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
        import numpy as np

        return np.mean([cc.estimator.named_steps["scale"].mean_
                        for cc in self.estimator.calibrated_classifiers_], axis=0)

    def compiled(self) -> "Compiled | None":
        """The numpy form (sklearn's per-call input checks cost about 5 ms an article, five
        times the rest of the report); built once and used only after it agrees with
        ``predict_proba`` on probe inputs, else None and sklearn is called."""
        if self._compiled is None:
            self._compiled = _compile(self) or False
        return self._compiled or None


def _check_feature_names(names: Sequence[str], model_name: str) -> None:
    """Refuse a model whose feature names or order differ from this scorer's."""
    if tuple(names) != MODEL_FEATURES:
        diff = sorted(set(MODEL_FEATURES) ^ set(names)) or ["(same names, different order)"]
        raise ModelError(
            f"model {model_name} was trained on other features than this scorer computes "
            f"({', '.join(diff[:6])}); retrain it with `scorer train`"
        )


def read_checked(path: Path, trust: bool, refusal: str) -> tuple[bytes, str, bool]:
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
    import numpy as np

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
    raw, digest, trusted = read_checked(side, trust, (
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
    raw, digest, trusted = read_checked(p, trust, (
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


_CACHE: dict[tuple[str, str, bool], Any] = {}
#: models kept loaded at most (a process scores with one or two; a long-running one that
#: is handed many model files keeps the latest few)
CACHE_SIZE = 4


def cached(loader, path: str | Path | None, trust: bool):
    key = (loader.__name__, str(Path(path).resolve()) if path else str(default_model_path()),
           trust)
    if key not in _CACHE:
        while len(_CACHE) >= CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]  # the one loaded first
        _CACHE[key] = loader(path, trust=trust)
    return _CACHE[key]


def load_cached(path: str | Path | None = None, *, trust: bool = False) -> Model:
    """``load``, once per process per file."""
    return cached(load, path, trust)


def load_scoring_cached(path: str | Path | None = None, *, trust: bool = False):
    """``load_scoring``, once per process per file; None when no path is given and no
    model is shipped (the report stays unscored)."""
    if path is None and not default_model_path().exists():
        return None
    return cached(load_scoring, path, trust)


def add_to_manifest(path: Path, digest: str, models_dir: Path | None = None) -> None:
    """Record ``digest`` for ``path`` in the manifest (replacing the file's old entry)."""
    p = (models_dir or MODELS_DIR) / MANIFEST
    lines = [ln for ln in (p.read_text().splitlines() if p.exists() else [])
             if not ln.endswith(f" {path.name}")]
    if not any(ln.startswith("#") for ln in lines):
        lines.insert(0, "# SHA-256 of the model files scorer loads without --trust-model")
    lines.append(f"{digest}  {path.name}")
    p.write_text("\n".join(lines) + "\n")
