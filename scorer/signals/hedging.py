"""Hedging vs assertive language: hedges (may, reportedly, appears) against boosters
(clearly, proves, reveals), in the author's voice and inside quotations separately."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..document import Document
from ..lexicons import Lexicons
from ..evidence import Span
from .base import Feature, Signal, voiced
from .common import make_span, per_1k, share


@dataclass(frozen=True)
class Hedging:
    hedges: list[Span]
    boosters: list[Span]
    #: the lists' matches as found, (boosters, hedges): the loaded-language model reads them
    matches: tuple[Sequence, Sequence] = ((), ())

    def count(self, kind: str, voice: str) -> int:
        return sum(1 for s in getattr(self, kind) if s.voice == voice)


def _spans(doc: Document, matches: list) -> list[Span]:
    out = []
    words, starts, ends = doc.words, doc.starts, doc.ends
    for i, j, entry in matches:
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
    hedges, boosters = list(lex.hedges.match(doc.lower)), list(lex.boosters.match(doc.lower))
    return Hedging(hedges=_spans(doc, hedges), boosters=_spans(doc, boosters),
                   matches=(boosters, hedges))


# -- the features this signal gives (see scorer.signals.base) --------------------------------


def _count(kind: str, voice: str):
    return lambda r, b: r.count(kind, voice)


def _of(kind: str, voice: str):
    return lambda ev: voiced(getattr(ev, kind), voice)


def _share(voice: str):
    return lambda r, b: share(r.count("hedges", voice), r.count("boosters", voice))


def _both(voice: str):
    return lambda ev: voiced(ev.hedges + ev.boosters, voice)


SIGNAL = Signal(
    name="hedging",
    run=lambda ctx: extract(ctx.doc, ctx.lex),
    evidence=lambda r: {"hedges": r.hedges, "boosters": r.boosters},
    features=(
        Feature("hedges_author", int, "Hedges in the author's voice.",
                "{v:.0f} hedges in the author's voice",
                _count("hedges", "author"), _of("hedges", "author")),
        Feature("boosters_author", int, "Assertive words (boosters) in the author's voice.",
                "{v:.0f} assertive words in the author's voice",
                _count("boosters", "author"), _of("boosters", "author")),
        Feature("hedges_quoted", int, "Hedges inside quotations.",
                "{v:.0f} hedges inside quotes",
                _count("hedges", "quoted"), _of("hedges", "quoted")),
        Feature("boosters_quoted", int, "Boosters inside quotations.",
                "{v:.0f} assertive words inside quotes",
                _count("boosters", "quoted"), _of("boosters", "quoted")),
        Feature("hedges_per_1k_author", float, "Hedges per 1,000 author-voice words.",
                "{v:.1f} hedges per 1,000 author words",
                lambda r, b: per_1k(r.count("hedges", "author"), b.author_words),
                _of("hedges", "author")),
        Feature("boosters_per_1k_author", float, "Boosters per 1,000 author-voice words.",
                "{v:.1f} assertive words per 1,000 author words",
                lambda r, b: per_1k(r.count("boosters", "author"), b.author_words),
                _of("boosters", "author")),
        Feature("hedge_share_author", float,
                "hedges / (hedges + boosters) in the author's voice; 0.5 when neither occurs.",
                "hedge share {v:.2f} in the author's voice", _share("author"), _both("author")),
        Feature("hedge_share_quoted", float,
                "hedges / (hedges + boosters) inside quotations; 0.5 when neither occurs.",
                "hedge share {v:.2f} inside quotes", _share("quoted"), _both("quoted")),
    ),
)
