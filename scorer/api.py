"""The public entry points: score a text or a file."""

from __future__ import annotations

from pathlib import Path

from . import readers
from .pipeline import analyse
from .report import Report, Warning
from .settings import Settings


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
    return analyse(text, name=name, title=title, settings=settings)


def score_file(path: str | Path, *, settings: Settings | None = None) -> Report:
    """The report for one file (``"-"`` reads standard input)."""
    settings = settings or Settings()
    doc = readers.read_path(path, settings)
    warnings = [Warning(code=c, message=m) for c, m in doc.warnings]
    return analyse(
        doc.text, name=doc.name, title=doc.title, encoding=doc.encoding,
        settings=settings, extra_warnings=warnings,
    )
