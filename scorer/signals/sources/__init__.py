"""Sources: every attribution (who said what, through which cue), each source classified
as a named person, a named organisation, anonymous, vague, a document, or unresolved.

The signal runs in stages, one module each:

1. :mod:`.cues` finds the attributions: reporting verbs in their shapes (``X said``,
   ``"...," said X``, ``X, who ..., said``, ``was told by X``, ``X ..., saying``),
   "according to X", and impersonal phrases ("it is believed", "reportedly"). A cue
   inside a quotation is the quoted speaker's, not the article's, and is skipped.
2. :mod:`.phrases` and :mod:`.clauses` find where each speaker's phrase starts and
   ends; :mod:`.names` which of its words are a name.
3. :mod:`.classify` gives each phrase its class and speaker, with :mod:`.resolve`
   linking surnames and pronouns to people named before.
4. :mod:`.links` adds an HTML page's outbound links as cited documents.

Every word the rules test is read from the lexicon files once per process
(:mod:`.rules`). :func:`extract` builds the result once; it is not changed afterwards,
so indexes into it (a quotation's ``attribution``) stay right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ...document import Document
from ...lexicons import Lexicons
from ...report import Attribution, new_attribution
from ..common import make_span
from . import links as _links
from .classify import classify, spoken
from .cues import Candidate, find
from .resolve import Mentions
from .rules import rules
from .tokens import Tokens

if TYPE_CHECKING:
    from ...readers import Link

__all__ = ["Sources", "extract"]


@dataclass(frozen=True)
class Sources:
    attributions: tuple[Attribution, ...] = ()

    def count(self, source_class: str) -> int:
        return sum(1 for a in self.attributions if a.source_class == source_class)

    @property
    def distinct_named(self) -> int:
        return len({
            a.speaker for a in self.attributions
            if a.speaker and a.source_class in ("named_person", "named_organisation")
        })


def extract(doc: Document, lex: Lexicons, links: Sequence["Link"] = ()) -> Sources:
    """Every attribution in ``doc``; ``links``: an HTML page's outbound hyperlinks
    (offsets into the text given to the Document), each a cited document."""
    tk = Tokens(doc, rules(lex))
    mentions = Mentions.of(tk)
    held = _Held(tk)
    found = [_attribution(tk, c, mentions, held) for c in find(tk)]
    if links:
        found = _links.attach(doc, found, links)
    return Sources(tuple(found))


class _Held:
    """Which sentences hold an anonymity marker, a reason for anonymity, a channel ("in
    a statement"): each list matched once over the document, not once per attribution."""

    def __init__(self, tk: Tokens) -> None:
        self.tk = tk
        self._markers: set[int] | None = None
        self._reasons: dict[int, tuple[int, int]] | None = None
        self._channels: dict[int, str] | None = None

    def marker(self, sentence: int) -> bool:
        if self._markers is None:
            tk = self.tk
            self._markers = {tk.sentence_at(i) for i, _, _ in tk.rules.anon_marker.match(tk.lower)}
        return sentence in self._markers

    def channel(self, sentence: int) -> str | None:
        if self._channels is None:
            tk, self._channels = self.tk, {}
            for i, _, entry in tk.rules.channel.match(tk.lower):
                self._channels.setdefault(tk.sentence_at(i), entry.term)
        return self._channels.get(sentence)

    def reason(self, sentence: int) -> tuple[int, int] | None:
        """The clause giving a reason for anonymity: from its cue to the next
        punctuation (at most ten words, not past a verb of saying)."""
        if self._reasons is None:
            tk, self._reasons = self.tk, {}
            R = tk.rules
            for i, j, _ in R.anon_reason.match(tk.lower):
                k = tk.sentence_at(i)
                if k in self._reasons:
                    continue
                b = tk.sentence_bounds(k)[1]
                stop = min(b, i + 10)
                while j < stop and not tk.punct(j) and tk.lower[j] not in R.verb_forms:
                    j += 1
                self._reasons[k] = (i, j)
        return self._reasons.get(sentence)


def _attribution(tk: Tokens, c: Candidate, mentions: Mentions, held: _Held) -> Attribution:
    doc = tk.doc
    starts, ends = doc.starts, doc.ends
    antecedent = None
    if c.source is None:
        cls, speaker, resolved = "vague", None, None
    else:
        verdict = classify(tk, c, mentions)
        cls, speaker, resolved = verdict.source_class, verdict.speaker, verdict.resolved_from
        if cls not in ("named_person", "named_organisation") and held.marker(c.sentence):
            cls = "anonymous"
            verdict = verdict._replace(source_class=cls, kind="group")
        mentions.add(spoken(c, verdict))
        if verdict.antecedent is not None:
            a0, a1 = verdict.antecedent
            antecedent = make_span(doc, starts[a0], ends[a1 - 1], "antecedent")
    # a cue and its source stand in the cue's sentence
    cue = tk.span(*c.cue, c.sentence, "cue")
    source = tk.span(*c.source, c.sentence, cls) if c.source else None
    lo = min(starts[c.cue[0]], starts[c.source[0]] if c.source else starts[c.cue[0]])
    hi = max(ends[c.cue[1] - 1], ends[c.source[1] - 1] if c.source else 0)
    s0, e0, text = doc.original_span(lo, hi)
    reason_span = reason_given = None
    if cls == "anonymous":
        r = held.reason(c.sentence)
        reason_given = r is not None
        if r:
            reason_span = make_span(doc, starts[r[0]], ends[r[1] - 1], "anonymity_reason")
    return new_attribution(
        start=s0, end=e0, text=text, sentence=c.sentence, pattern=c.pattern,
        cue=cue, source=source, source_class=cls, speaker=speaker,
        resolved_from=resolved, antecedent=antecedent, channel=held.channel(c.sentence),
        recipient=tk.text(*c.recipient) if c.recipient else None,
        anonymity_reason=reason_span, reason_given=reason_given,
        url=None,  # every field, in the model's order: the constructor's fast path
    )
