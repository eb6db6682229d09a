"""The public entry points: score a text or a file."""

from __future__ import annotations

from pathlib import Path

from . import model as model_mod
from . import readers
from .pipeline import analyse
from .report import ModelInfo, Report, Warning
from .settings import Settings


def apply_model(report: Report, settings: Settings, model=None) -> Report:
    """Fill score, label, probability and reasons from ``model`` (a loaded
    :class:`~scorer.model.Model` or its :class:`~scorer.model.Compiled` form) or else
    the configured one.

    With no model configured and none shipped, the report stays unscored and says so.
    """
    m = model or model_mod.load_scoring_cached(settings.model_path, trust=settings.trust_model)
    if m is None:
        report.warnings.append(Warning(code="unscored", message=(
            "no model file: score, label and reasons are left empty (train one with "
            "`scorer train`)")))
        return report
    pred = model_mod.predict(m, report.features, report.evidence)
    report.score, report.label = pred.score, pred.label
    report.probability, report.reasons = pred.probability, pred.reasons
    report.model = ModelInfo(name=m.name, sha256=m.sha256, trusted=m.trusted)
    return report


def score_text(
    text: str,
    *,
    name: str = "<text>",
    title: str | None = None,
    settings: Settings | None = None,
) -> Report:
    """The report for one article's text."""
    settings = settings or Settings()
    readers.check_text(text, name)
    source = readers.TextInput(text=text, name=name, encoding=None, title=title)
    return apply_model(analyse(source, settings), settings)


def score_file(path: str | Path, *, settings: Settings | None = None) -> Report:
    """The report for one file (``"-"`` reads standard input)."""
    return score_file_with_text(path, settings=settings)[0]


def score_file_with_text(path: str | Path, *,
                         settings: Settings | None = None) -> tuple[Report, str]:
    """The report for one file and the text it was scored on, which its offsets index
    into (what :func:`scorer.render_html.render_html` needs)."""
    settings = settings or Settings()
    doc = readers.read_path(path, settings)
    return score_input(doc, settings), doc.text


def score_input(doc: readers.TextInput, settings: Settings, model=None) -> Report:
    """The report for an input already read by :mod:`scorer.readers` (``model``: see
    :func:`apply_model`)."""
    return apply_model(analyse(doc, settings), settings, model)


def feature_rows(examples, settings: Settings) -> list[list[float]]:
    """The feature vector of each labelled example's text."""
    from .features import model_vector

    return [model_vector(analyse(readers.TextInput(text=ex.text, name=ex.name, encoding=None),
                                 settings).features)
            for ex in examples]


def train_model(data: str | Path, out: str | Path, *, settings: Settings | None = None,
                add_to_manifest: bool = False) -> tuple[model_mod.Model, str]:
    """Train on labelled data (folder with labels.csv, CSV or JSONL) and save to ``out``.

    Returns the model and its SHA-256; ``add_to_manifest`` records the hash in
    ``models/MANIFEST.sha256`` so the file loads without --trust-model (for maintainers
    rebuilding the shipped model).
    """
    settings = settings or Settings()
    examples = model_mod.load_labelled(data)
    m = model_mod.train(examples, features=feature_rows(examples, settings), name=Path(out).name)
    digest = model_mod.save(m, out)
    m.sha256 = digest
    if add_to_manifest:
        model_mod.add_to_manifest(Path(out), digest)
        side = model_mod.companion(Path(out))
        if side is not None and side.exists():
            model_mod.add_to_manifest(side, model_mod.file_sha256(side))
    return m, digest


def evaluate_model(data: str | Path, *, settings: Settings | None = None) -> dict:
    """Metrics of the configured model on labelled data."""
    import numpy as np

    settings = settings or Settings()
    examples = model_mod.load_labelled(data)
    m = model_mod.load_cached(settings.model_path, trust=settings.trust_model)
    X = np.asarray(feature_rows(examples, settings), dtype=float)
    out = model_mod.metrics([ex.label for ex in examples], m.proba(X), model_mod.LABELS)
    out["model"] = {"name": m.name, "sha256": m.sha256}
    out["data"] = str(data)
    return out
