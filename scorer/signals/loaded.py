"""Loaded terms: emotive, pejorative, sensational, intensifying and partisan wording,
counted in the author's voice apart from words inside quotations.

Each lexicon match is one term. Its span runs on over up to two following lowercase
content words in the same phrase ("brutal regime", "utterly reckless scheme",
"slammed lawmakers"), so the evidence shows what the loaded word is applied to; the
counts are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..lexicons import Lexicons
from ..report import Span
from .common import make_span

MAX_EXTENSION = 2


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
    function_words = lex.function_words.words
    starts, ends, lower, words = doc.starts, doc.ends, doc.lower, doc.words
    n = len(lower)
    terms = []
    matches = list(lex.loaded.match(lower))
    for m, (i, j, entry) in enumerate(matches):
        k = j
        stop = min(n, matches[m + 1][0]) if m + 1 < len(matches) else n  # the next term
        # a single space between the words: no punctuation, no line break, no quote mark
        while (k < stop and k - j < MAX_EXTENSION and lower[k] not in function_words
               and lower[k].isalpha() and not words[k][0].isupper()
               and doc.gap(k) == " "
               and doc.in_quote(starts[k]) == doc.in_quote(starts[i])):
            k += 1
        terms.append(make_span(doc, starts[i], ends[k - 1], entry.category))
    return Loaded(terms=terms)
