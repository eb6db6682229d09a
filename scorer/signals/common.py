"""Helpers shared by the signals: building spans and matching a lexicon over a Document."""

from __future__ import annotations

from ..document import Document
from ..lexicons import Lexicon
from ..report import Span


def make_span(doc: Document, start: int, end: int, category: str) -> Span:
    """A report span for ``norm[start:end]``, mapped to the original text."""
    s, e, text = doc.original_span(start, end)
    return Span.model_construct(
        start=s,
        end=e,
        text=text,
        sentence=doc.sentence_of(start),
        category=category,
        voice="quoted" if doc.in_quote(start) else "author",
    )


def lexicon_spans(doc: Document, lexicon: Lexicon) -> list[Span]:
    """One span per non-overlapping lexicon match, longest match first."""
    starts, ends = doc.starts, doc.ends
    return [
        make_span(doc, starts[i], ends[j - 1], entry.category)
        for i, j, entry in lexicon.match(doc.lower)
    ]


def per_1k(count: int, words: int) -> float:
    return round(1000.0 * count / words, 3) if words else 0.0


def share(part: int, other: int, empty: float = 0.5) -> float:
    total = part + other
    return round(part / total, 4) if total else empty
