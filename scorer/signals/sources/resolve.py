"""Coreference: link "Smith" and "he" to "John Smith" named before.

A :class:`Mentions` registry is filled as the attributions are classified in text order:
people named with a title anywhere ("Mr. Smith") and every named speaker.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .names import titled_mentions
from .tokens import Tokens


@dataclass
class Mentions:
    """Names seen so far in a document."""

    surnames: dict[str, str] = field(default_factory=dict)  # "smith" -> "John Smith"
    last_person: str | None = None
    last_person_sentence: int = -100
    last_person_pos: int = -1
    # people mentioned with a title ("Mr. Smith disagreed."), as (token, name), in order
    titled: list[tuple[int, str]] = field(default_factory=list)
    last_org: str | None = None
    last_org_sentence: int = -100

    @classmethod
    def of(cls, tk: Tokens) -> "Mentions":
        return cls(titled=titled_mentions(tk))

    def full_name(self, name: str) -> str:
        """The full name a bare surname stands for ("Ruiz" -> "Ana Ruiz"), or the name."""
        return name if " " in name else self.surnames.get(name.lower(), name)

    def is_known_surname(self, word: str) -> bool:
        return word in self.surnames

    def person_before(self, tk: Tokens, t: int, sentence: int) -> str | None:
        """The person "he" or "she" at token ``t`` refers to: the last named speaker, or
        a person written with a title since; None when there is none within 12
        sentences."""
        person, sent = self.last_person, self.last_person_sentence
        k = bisect_left(self.titled, (t, "")) - 1
        if k >= 0 and self.titled[k][0] > self.last_person_pos:
            person, sent = self.titled[k][1], tk.sentence_at(self.titled[k][0])
        if person and sentence - sent <= 12:
            return self.surnames.get(person.split()[-1].lower(), person)
        return None

    def org_before(self, sentence: int) -> str | None:
        """The organisation "it" or "they" refers to: the last named one, within 3
        sentences."""
        if self.last_org and sentence - self.last_org_sentence <= 3:
            return self.last_org
        return None

    def add(self, cls: str, speaker: str | None, sentence: int, pos: int = -1) -> None:
        """Record a classified speaker."""
        if cls == "named_person" and speaker:
            parts = speaker.split()
            if len(parts) >= 2:
                self.surnames[parts[-1].lower()] = speaker
            self.last_person, self.last_person_sentence = speaker, sentence
            self.last_person_pos = pos
        elif cls == "named_organisation" and speaker:
            self.last_org, self.last_org_sentence = speaker, sentence
