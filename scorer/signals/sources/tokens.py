"""The view every stage reads: a Document's tokens with the rules, and small token tests.

Token positions are indexes into ``doc.words`` / ``doc.lower``; a token range
``(start, end)`` is half-open. Sentence bounds are token ranges too.
"""

from __future__ import annotations

import re
from itertools import chain, compress, repeat, starmap
from typing import Iterable, Sequence

from ...document import Document
from ...evidence import Span, new_span
from .rules import Rules

NUMBER_RE = re.compile(r"^\d[\d,.]*$")
YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
CLOSE_MARKS = "\"”’'»"
DASHES = ("—", "--", "–")


class Tokens:
    """A Document's tokens and the rules, with the tests the stages share."""

    __slots__ = ("doc", "rules", "words", "lower", "starts", "ends", "norm", "n", "gaps", "_punct",
                 "sentence_of_token", "quoted")

    def __init__(self, doc: Document, rules: Rules) -> None:
        self.doc = doc
        self.rules = rules
        self.words = doc.words
        self.lower = doc.lower
        self.starts = doc.starts
        self.ends = doc.ends
        self.norm = doc.norm
        self.n = len(doc.words)
        self.gaps = doc.gaps
        self._punct: dict[int, str] = {}
        # the sentence of every token, and the tokens inside quotations, laid out once
        # (a few slice assignments) rather than looked up by bisection each time
        bounds = doc.sent_tokens
        of = list(chain.from_iterable(map(repeat, range(len(bounds)), starmap(_length, bounds))))
        if len(of) != self.n or (bounds and bounds[0][0]):  # tokens outside every sentence
            of = [0] * self.n
            for k, (a, b) in enumerate(bounds):
                of[a:b] = [k] * (b - a)
        self.sentence_of_token = of
        quoted: set[int] = set()
        for q in doc.quotes:
            for s, e in q.parts:
                quoted.update(range(*doc.tokens_between(s, e)))
        self.quoted = quoted

    def punct(self, t: int) -> str:
        """The punctuation (not spaces) between token ``t - 1`` and token ``t``: the
        Document's ``gap`` without spaces, kept once worked out (the rules ask about the
        same few hundred gaps of an article again and again)."""
        if t < self.n:
            gap = self.gaps[t]
            if gap == " ":
                return ""  # most gaps are one space
        try:
            return self._punct[t]
        except KeyError:
            pass
        if not 0 < t < self.n:
            p = "" if t >= self.n else "".join(self.gaps[0].split())
        else:
            if gap == "," and self.words[t][:1].isdigit() and self.words[t - 1][-1:].isdigit():
                p = ""  # "16,600 people": a thousands separator
            else:
                # "12% of patients": a per cent sign is part of the number, not punctuation
                p = "".join(gap.split()).replace("%", "")
        self._punct[t] = p
        return p

    def span(self, first: int, end: int, sentence: int, category: str) -> Span:
        """The report span of tokens ``first..end`` (exclusive) in ``sentence``."""
        s, e, text = self.doc.original_span(self.starts[first], self.ends[end - 1])
        return new_span(s, e, text, sentence, category, "quoted" if first in self.quoted else "author")

    def sentence_bounds(self, sentence: int) -> tuple[int, int]:
        return self.doc.sent_tokens[sentence]

    def sentence_at(self, t: int) -> int:
        """The sentence holding token ``t``."""
        return self.sentence_of_token[t]

    def sentence_end(self, t: int) -> int:
        """The token just past the sentence holding token ``t``."""
        return self.doc.sent_tokens[self.sentence_at(t)][1]

    def in_quote(self, t: int) -> bool:
        return t in self.quoted

    def is_cap(self, t: int) -> bool:
        """Capitalised, or a four-digit number (a year may stand in a name)."""
        return is_cap(self.words[t])

    def is_acronym(self, t: int) -> bool:
        word = self.words[t]
        return word.isupper() and len(word) > 1

    def is_pronoun(self, t: int) -> bool:
        """A pronoun speaker ("he", "they"), not an acronym spelt like one ("WHO", "IT")."""
        return self.lower[t] in self.rules.pronouns and not self.is_acronym(t)

    def is_number(self, t: int) -> bool:
        return NUMBER_RE.match(self.lower[t]) is not None

    def is_verb_like(self, t: int) -> bool:
        """A lowercase form of "be", an auxiliary or a cue verb (not one that is also a
        source noun: "report", "tweets"): no part of a speaker's phrase."""
        return self.lower[t] in self.rules.verb_like and self.words[t].islower()

    def text(self, start: int, end: int) -> str:
        """The normalised text of tokens ``start..end`` (exclusive), inner gaps included."""
        return self.doc.norm[self.starts[start]:self.ends[end - 1]]


def _length(a: int, b: int) -> int:
    return b - a


def is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and len(word) == 4)


def positions(tokens: Sequence[str], words: frozenset[str] | set[str]) -> Iterable[int]:
    """Where any of ``words`` occurs in ``tokens``, in order, found at C speed."""
    return compress(range(len(tokens)), map(words.__contains__, tokens))


def title_case(tk: Tokens, start: int, end: int) -> bool:
    """A headline written in title case ("Obama Says Museum Will Open")."""
    if end - start < 3:
        return False
    caps = sum(1 for w in tk.words[start:end] if w[:1].isupper() or not w[:1].isalpha())
    return caps >= 0.8 * (end - start)
