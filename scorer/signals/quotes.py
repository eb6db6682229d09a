"""Quotes: direct quotations, their share of the text, who said them, and scare quotes.

A quotation is linked to the attribution nearest to it in the same paragraph (or, for a
quotation over several paragraphs, in any of them); one with none is an orphan. Short
quoted phrases (1 to ``scare_quote_max_words`` words) are scare quotes, counted apart.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..document import Document
from ..evidence import Attribution, Quote, new_quote, new_span
from .base import Basis, Feature, Signal, unique
from .sources import Sources


@dataclass(frozen=True)
class Quotes:
    quotes: list[Quote]
    quoted_chars: int
    quoted_words: int

    def of_kind(self, kind: str) -> list[Quote]:
        return [q for q in self.quotes if q.kind == kind]

    @property
    def distinct_speakers(self) -> int:
        return len({q.speaker for q in self.quotes if q.kind == "quote" and q.speaker})


def _speaker_key(a: Attribution) -> str:
    if a.speaker:
        return a.speaker
    return f"{a.source_class}: {a.source.text.lower() if a.source else a.cue.text.lower()}"


def extract(doc: Document, sources: Sources, scare_max_words: int = 4) -> Quotes:
    # attributions carry offsets into the original text: compare in those
    para_starts = [doc.orig(s) for s, _ in doc.paragraphs]

    def para(pos: int) -> int:
        return bisect_right(para_starts, pos) - 1

    linked = [
        (i, a) for i, a in enumerate(sources.attributions)
        if a.pattern not in ("vague_adverb", "vague_phrase")
    ]
    by_para: dict[int, list[tuple[int, Attribution]]] = {}
    for i, a in linked:
        by_para.setdefault(para(a.cue.start), []).append((i, a))

    quotes: list[Quote] = []
    quoted_chars = quoted_words = 0
    for region in doc.quotes:
        words = sum(b - a for a, b in (doc.tokens_between(s, e) for s, e in region.parts))
        quoted_words += words
        paragraphs = sorted({para(doc.orig(s)) for s, _ in region.parts})
        # a short quoted phrase inside a sentence is a scare quote ("called it a 'hoax'");
        # a short quotation that opens its sentence is speech ("'No,' she said.")
        opens_sentence = region.start == doc.sentences[doc.sentence_of(region.start)][0]
        short = 0 < words <= scare_max_words and len(paragraphs) == 1
        kind = "scare_quote" if short and not opens_sentence else "quote"
        speaker = index = None
        q_start, q_end, text = doc.original_span(region.start, region.end)
        if kind == "quote":
            quoted_chars += region.chars
            best = None
            for p in paragraphs:
                for i, a in by_para.get(p, ()):
                    # distance from the quotation to the cue, in characters
                    dist = max(q_start - a.cue.end, a.cue.start - q_end, 0)
                    if best is None or dist < best[0]:
                        best = (dist, i, a)
            if best is not None:
                index = best[1]
                speaker = _speaker_key(best[2])
        quotes.append(
            new_quote(
                start=q_start, end=q_end, text=text, sentence=doc.sentence_of(region.start), kind=kind,
                words=words, paragraphs=len(paragraphs), balanced=region.balanced,
                speaker=speaker, attribution=index,
            )
        )
    return Quotes(quotes, quoted_chars, quoted_words)


# -- the features this signal gives (see scorer.signals.base) --------------------------------


def _spans(keep):
    """The quotations ``keep`` accepts, as spans (kind as category, quoted voice)."""
    return lambda ev: unique([new_span(q.start, q.end, q.text, q.sentence, q.kind, "quoted")
                              for q in ev.quotes if keep(q)])


def _is_quote(q) -> bool:
    return q.kind == "quote"


def _is_attributed(q) -> bool:
    return q.kind == "quote" and bool(q.speaker)


def _attributed(r: Quotes) -> int:
    return sum(1 for q in r.of_kind("quote") if q.attribution is not None)


def _quoted_share(r: Quotes, b: Basis) -> float:
    return round(r.quoted_chars / b.chars, 4) if b.chars else 0.0


SIGNAL = Signal(
    name="quotes",
    run=lambda ctx: extract(ctx.doc, ctx.found["sources"], ctx.settings.scare_quote_max_words),
    evidence=lambda r: {"quotes": r.quotes},
    features=(
        Feature("quotes", int, "Direct quotations (scare quotes not included).",
                "{v:.0f} direct quotations", lambda r, b: len(r.of_kind("quote")),
                _spans(_is_quote)),
        Feature("quoted_share", float, "Share of the text's characters inside quotations.",
                "{v:.0%} of the text in quotation", _quoted_share, _spans(_is_quote)),
        Feature("attributed_quotes", int, "Quotations linked to a speaker.",
                "{v:.0f} quotations with a speaker", lambda r, b: _attributed(r),
                _spans(_is_attributed)),
        Feature("orphan_quotes", int, "Quotations with no speaker found.",
                "{v:.0f} quotations with no speaker",
                lambda r, b: len(r.of_kind("quote")) - _attributed(r),
                _spans(lambda q: q.kind == "quote" and not q.speaker)),
        Feature("distinct_quoted_speakers", int, "Distinct speakers of quotations.",
                "{v:.0f} distinct quoted speakers", lambda r, b: r.distinct_speakers,
                _spans(_is_attributed)),
        Feature("scare_quotes", int, "Short quoted phrases (1-4 words), counted apart.",
                "{v:.0f} scare quotes", lambda r, b: len(r.of_kind("scare_quote")),
                _spans(lambda q: q.kind == "scare_quote")),
    ),
)
