"""Hedging vs assertive language: hedges (may, reportedly, appears) against boosters
(clearly, proves, reveals), in the author's voice and inside quotations separately."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..lexicons import Lexicon, Lexicons
from ..report import Span
from .common import make_span


@dataclass(frozen=True)
class Hedging:
    hedges: list[Span]
    boosters: list[Span]

    def count(self, kind: str, voice: str) -> int:
        return sum(1 for s in getattr(self, kind) if s.voice == voice)


def _spans(doc: Document, lexicon: Lexicon) -> list[Span]:
    out = []
    words, starts, ends = doc.words, doc.starts, doc.ends
    for i, j, entry in lexicon.match(doc.lower):
        # "May" with a capital is the month ("in May", "May 5"), except a sentence-opening
        # modal that is not followed by a number.
        if words[i] == "May" and (
            starts[i] != doc.sentences[doc.sentence_of(starts[i])][0]
            or (i + 1 < len(words) and words[i + 1][:1].isdigit())
        ):
            continue
        out.append(make_span(doc, starts[i], ends[j - 1], entry.category))
    return out


def extract(doc: Document, lex: Lexicons) -> Hedging:
    return Hedging(hedges=_spans(doc, lex.hedges), boosters=_spans(doc, lex.boosters))
