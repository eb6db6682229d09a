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
from ...evidence import Attribution, new_attribution
from ...lexicons import Lexicons
from ..base import Basis, Feature, Signal, unique
from ..common import make_span, per_1k
from . import links as _links
from .classify import classify, spoken
from .cues import Candidate, find
from .resolve import Mentions
from .rules import rules
from .tokens import Tokens

if TYPE_CHECKING:
    from ...readers import Link

__all__ = ["SIGNAL", "Sources", "extract"]


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


# -- the features this signal gives (see scorer.signals.base) --------------------------------


def _n(source_class: str):
    return lambda r, b: r.count(source_class)


def _cues(ev) -> list:
    return unique([a.cue for a in ev.attributions])


def _of(*classes: str, reason: bool | None = None):
    """The evidence of attributions of ``classes``: each one's source (its cue when it
    has none); ``reason``: only anonymous ones with (True) or without (False) a reason."""
    return lambda ev: unique([
        a.source or a.cue for a in ev.attributions
        if a.source_class in classes and (reason is None or a.reason_given is reason)])


def _unnamed_share(r: Sources, b: Basis) -> float:
    n = len(r.attributions)
    return round((r.count("anonymous") + r.count("vague")) / n, 4) if n else 0.0


SIGNAL = Signal(
    name="sources",
    run=lambda ctx: extract(ctx.doc, ctx.lex, ctx.links),
    evidence=lambda r: {"attributions": list(r.attributions)},
    features=(
        Feature("attributions", int, "Attributions found (all classes).",
                "{v:.0f} attributions", lambda r, b: len(r.attributions), _cues),
        Feature("attributions_per_1k", float, "Attributions per 1,000 words.",
                "{v:.1f} attributions per 1,000 words",
                lambda r, b: per_1k(len(r.attributions), b.words), _cues),
        Feature("named_person", int, "Attributions to a named person.",
                "{v:.0f} attributions to named people", _n("named_person"), _of("named_person")),
        Feature("named_organisation", int, "Attributions to a named organisation.",
                "{v:.0f} attributions to named organisations", _n("named_organisation"),
                _of("named_organisation")),
        Feature("anonymous", int, "Attributions to an unnamed or anonymous source.",
                "{v:.0f} anonymous attributions", _n("anonymous"), _of("anonymous")),
        Feature("vague", int, "Vague attributions (critics say, reportedly, it is believed).",
                "{v:.0f} vague attributions", _n("vague"), _of("vague")),
        Feature("document", int, "Attributions to a specific document or data set.",
                "{v:.0f} named documents or data sources", _n("document"), _of("document")),
        Feature("unresolved", int, "Pronoun speakers with no clear antecedent.",
                "{v:.0f} pronoun speakers with no clear antecedent", _n("unresolved"),
                _of("unresolved")),
        Feature("distinct_named_sources", int, "Distinct named people and organisations.",
                "{v:.0f} distinct named sources", lambda r, b: r.distinct_named,
                _of("named_person", "named_organisation")),
        Feature("unnamed_share", float,
                "(anonymous + vague) / attributions; 0 when there are none.",
                "{v:.0%} of attributions anonymous or vague", _unnamed_share,
                _of("anonymous", "vague")),
        Feature("anonymous_without_reason", int,
                "Anonymous attributions with no reason for anonymity given.",
                "{v:.0f} anonymous sources with no reason given",
                lambda r, b: sum(1 for a in r.attributions
                                 if a.source_class == "anonymous" and not a.reason_given),
                _of("anonymous", reason=False)),
    ),
)
