"""What a signal declares: how it runs, the features it gives, and the evidence behind each.

Every signal module ends with one ``SIGNAL = Signal(...)``; :data:`scorer.signals.SIGNALS`
lists them in the order they run. From those declarations alone

- :mod:`scorer.features` builds the ``Features`` model (field names, order, types and
  descriptions, hence the JSON Schema), ``FEATURE_NAMES`` and ``MODEL_FEATURES``;
- :mod:`scorer.pipeline` runs the signals and computes every feature;
- :mod:`scorer.explain` writes a model's reasons (the phrase, and the spans it shows).

So adding a feature is one ``Feature(...)`` in its signal's module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

if TYPE_CHECKING:
    from ..document import Document
    from ..evidence import Evidence
    from ..lexicons import Lexicons
    from ..readers import Link
    from ..settings import Settings


@dataclass(frozen=True)
class Context:
    """What a signal may read: the document, the word lists, the settings, an HTML
    page's outbound links, and the results of the signals that ran before it."""

    doc: Document
    lex: Lexicons
    settings: Settings
    links: Sequence[Link] = ()
    found: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Basis:
    """The word counts rates are taken over: rates are per 1,000 words of the voice named."""

    words: int  #: every word of the text
    author_words: int  #: words outside direct quotations
    quoted_words: int  #: words inside them
    chars: int  #: characters of the normalised text


def _no_evidence(evidence: Evidence) -> list:
    return []  # readability: the whole text is the evidence


@dataclass(frozen=True)
class Feature:
    """One number in ``Report.features``."""

    name: str
    type: type  #: int or float
    description: str  #: the JSON Schema's description
    phrase: str  #: how a reason says the value ``v``: "{v:.0f} anonymous attributions"
    value: Callable[[Any, Basis], int | float]  #: from the signal's result
    evidence: Callable[[Evidence], list] = _no_evidence  #: the report spans behind it
    model: bool = True  #: whether the sourcing model reads it
    #: the schema version that added it, when reports written before may lack it: then it
    #: is null there (and the field nullable), so a stored older report still validates
    since: str | None = None


@dataclass(frozen=True)
class Signal:
    """One signal: ``run`` gives its result; ``features`` are computed from that result;
    ``evidence`` names the ``Report.evidence`` lists it fills; ``sentence_values`` the
    fields of ``evidence.sentences`` it fills (a value per sentence of the document).
    ``run_many``, when given, runs it over several articles at once (a batch's chunk),
    with the same results as ``run`` on each; ``batched`` says whether that is worth it
    under the settings (else a chunk runs it an article at a time)."""

    name: str
    run: Callable[[Context], Any]
    features: tuple[Feature, ...]
    evidence: Callable[[Any], Mapping[str, list]] = lambda result: {}
    sentence_values: Callable[[Any], Mapping[str, Sequence[Any]]] = lambda result: {}
    run_many: Callable[[Sequence[Context]], list[Any]] | None = None
    batched: Callable[[Settings], bool] = lambda settings: True


def voiced(spans: list, voice: str, category: str | None = None) -> list:
    """The spans in ``voice`` (and of ``category``, when given), in order."""
    return [s for s in spans if s.voice == voice and (category is None or s.category == category)]


def unique(spans: list) -> list:
    """Spans in order, each (start, end) once (one source can back two attributions)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for sp in spans:
        if (sp.start, sp.end) not in seen:
            seen.add((sp.start, sp.end))
            out.append(sp)
    return out
