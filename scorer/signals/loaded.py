"""Loaded terms: emotive, pejorative, sensational, intensifying and partisan wording,
counted in the author's voice apart from words inside quotations."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..lexicons import Lexicons
from ..report import Span
from .common import lexicon_spans


@dataclass(frozen=True)
class Loaded:
    terms: list[Span]

    def count(self, voice: str, category: str | None = None) -> int:
        return sum(
            1
            for s in self.terms
            if s.voice == voice and (category is None or s.category == category)
        )


def extract(doc: Document, lex: Lexicons) -> Loaded:
    return Loaded(terms=lexicon_spans(doc, lex.loaded))
