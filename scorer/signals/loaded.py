"""Loaded terms: emotive, pejorative, sensational, intensifying and partisan wording,
counted in the author's voice apart from words inside quotations.

Each lexicon match is one term. Its span runs on over up to two following lowercase
content words in the same phrase ("brutal regime", "utterly reckless scheme",
"slammed lawmakers"), so the evidence shows what the loaded word is applied to; the
counts are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..document import Document
from ..evidence import Span
from ..lexicons import Entry, Lexicons
from .base import Feature, Signal, voiced
from .common import make_span, per_1k

MAX_EXTENSION = 2
#: a lexicon match: (first token, token past the last, the entry)
Match = tuple[int, int, Entry]

#: the categories a loaded term can have, each an author-voice feature: how its
#: description and its reasons name it
_CATEGORIES = {
    "emotive": ("emotive", "emotive terms"),
    "pejorative": ("pejorative", "pejorative terms"),
    "sensational": ("sensational", "sensational terms"),
    "intensifier": ("intensifiers", "intensifiers"),
    "partisan": ("partisan labels", "partisan labels"),
}
LOADED_CATEGORIES = tuple(_CATEGORIES)


@dataclass(frozen=True)
class Loaded:
    terms: list[Span]

    def count(self, voice: str, category: str | None = None) -> int:
        return sum(
            1
            for s in self.terms
            if s.voice == voice and (category is None or s.category == category)
        )


def run_on_ends(doc: Document, lex: Lexicons, matches: Sequence[Match]) -> list[int]:
    """Where each match's span ends after its run-on words: up to ``MAX_EXTENSION``
    lowercase content words joined by a single space (no punctuation, no line break, no
    quote mark), in the same voice, before the next match. The rule of the evidence
    spans, shared with the learnt model's features (:mod:`scorer.loaded.features`)."""
    function_words = lex.function_words.words
    lower, words, starts = doc.lower, doc.words, doc.starts
    n = len(lower)
    ends = []
    for m, (i, j, _) in enumerate(matches):
        stop = min(matches[m + 1][0] if m + 1 < len(matches) else n, j + MAX_EXTENSION)
        k, voice = j, doc.in_quote(starts[i])
        while (k < stop and lower[k] not in function_words and lower[k].isalpha()
               and not words[k][0].isupper() and doc.gap(k) == " "
               and doc.in_quote(starts[k]) == voice):
            k += 1
        ends.append(k)
    return ends


def extract(doc: Document, lex: Lexicons) -> Loaded:
    matches = list(lex.loaded.match(doc.lower))
    starts, ends = doc.starts, doc.ends
    return Loaded(terms=[make_span(doc, starts[i], ends[k - 1], entry.category)
                         for (i, _, entry), k in zip(matches, run_on_ends(doc, lex, matches))])


# -- the features this signal gives (see scorer.signals.base) --------------------------------


def _spans(voice: str, category: str | None = None):
    return lambda ev: voiced(ev.loaded, voice, category)


def _category(c: str, label: str, noun: str) -> Feature:
    return Feature(f"loaded_author_{c}", int, f"Author-voice loaded terms: {label}.",
                   f"{{v:.0f}} {noun} in the author's voice",
                   lambda r, b: r.count("author", c), _spans("author", c))


SIGNAL = Signal(
    name="loaded",
    run=lambda ctx: extract(ctx.doc, ctx.lex),
    evidence=lambda r: {"loaded": r.terms},
    features=(
        Feature("loaded_author", int, "Loaded terms in the author's voice.",
                "{v:.0f} loaded terms in the author's voice",
                lambda r, b: r.count("author"), _spans("author")),
        Feature("loaded_quoted", int, "Loaded terms inside quotations.",
                "{v:.0f} loaded terms inside quotes",
                lambda r, b: r.count("quoted"), _spans("quoted")),
        Feature("loaded_per_1k_author", float, "Loaded terms per 1,000 author-voice words.",
                "{v:.1f} loaded terms per 1,000 author words",
                lambda r, b: per_1k(r.count("author"), b.author_words), _spans("author")),
        Feature("loaded_per_1k_quoted", float, "Loaded terms per 1,000 quoted words.",
                "{v:.1f} loaded terms per 1,000 quoted words",
                lambda r, b: per_1k(r.count("quoted"), b.quoted_words), _spans("quoted")),
        *(_category(c, *words) for c, words in _CATEGORIES.items()),
    ),
)
