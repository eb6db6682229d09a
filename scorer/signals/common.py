"""Helpers shared by the signals: building spans, rates and shares."""

from __future__ import annotations

from ..document import Document
from ..evidence import Span, new_span


def placed(doc: Document, start: int, end: int) -> tuple[int, int, str, int, str]:
    """Where ``norm[start:end]`` is, as a report says it: its start, end and text in the
    original text, its sentence and its voice."""
    s, e, text = doc.original_span(start, end)
    return s, e, text, doc.sentence_of(start), "quoted" if doc.in_quote(start) else "author"


def make_span(doc: Document, start: int, end: int, category: str) -> Span:
    """A report span for ``norm[start:end]``, mapped to the original text."""
    s, e, text, sentence, voice = placed(doc, start, end)
    return new_span(s, e, text, sentence, category, voice)


def per_1k(count: int, words: int) -> float:
    return round(1000.0 * count / words, 3) if words else 0.0


def share(part: int, other: int, empty: float = 0.5) -> float:
    total = part + other
    return round(part / total, 4) if total else empty
