"""Labelled articles: the label set, reading a labelled folder, CSV or JSONL file, and
the hash of a training set recorded in a model's metadata."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError

LABELS = ("weak", "mixed", "strong")


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
