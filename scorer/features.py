"""The flat feature vector: every number a dashboard charts and the model reads.

Names, order and meaning are defined once, here, by the ``Features`` model; a saved model
stores ``FEATURE_NAMES`` and is refused when they differ from the code's.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

LOADED_CATEGORIES = ("emotive", "pejorative", "sensational", "intensifier", "partisan")


class Features(BaseModel):
    """Per-article numbers. Rates are per 1,000 words of the voice named."""

    model_config = ConfigDict(extra="forbid")

    # -- sources -------------------------------------------------------------------
    attributions: int = Field(description="Attributions found (all classes).")
    attributions_per_1k: float = Field(description="Attributions per 1,000 words.")
    named_person: int = Field(description="Attributions to a named person.")
    named_organisation: int = Field(description="Attributions to a named organisation.")
    anonymous: int = Field(description="Attributions to an unnamed or anonymous source.")
    vague: int = Field(description="Vague attributions (critics say, reportedly, it is believed).")
    document: int = Field(description="Attributions to a specific document or data set.")
    unresolved: int = Field(description="Pronoun speakers with no clear antecedent.")
    distinct_named_sources: int = Field(description="Distinct named people and organisations.")
    unnamed_share: float = Field(
        description="(anonymous + vague) / attributions; 0 when there are none."
    )
    anonymous_without_reason: int = Field(
        description="Anonymous attributions with no reason for anonymity given."
    )
    # -- hedging vs assertive --------------------------------------------------------
    hedges_author: int = Field(description="Hedges in the author's voice.")
    boosters_author: int = Field(description="Assertive words (boosters) in the author's voice.")
    hedges_quoted: int = Field(description="Hedges inside quotations.")
    boosters_quoted: int = Field(description="Boosters inside quotations.")
    hedges_per_1k_author: float = Field(description="Hedges per 1,000 author-voice words.")
    boosters_per_1k_author: float = Field(description="Boosters per 1,000 author-voice words.")
    hedge_share_author: float = Field(
        description="hedges / (hedges + boosters) in the author's voice; 0.5 when neither occurs."
    )
    hedge_share_quoted: float = Field(
        description="hedges / (hedges + boosters) inside quotations; 0.5 when neither occurs."
    )
    # -- loaded terms ----------------------------------------------------------------
    loaded_author: int = Field(description="Loaded terms in the author's voice.")
    loaded_quoted: int = Field(description="Loaded terms inside quotations.")
    loaded_per_1k_author: float = Field(description="Loaded terms per 1,000 author-voice words.")
    loaded_per_1k_quoted: float = Field(description="Loaded terms per 1,000 quoted words.")
    loaded_author_emotive: int = Field(description="Author-voice loaded terms: emotive.")
    loaded_author_pejorative: int = Field(description="Author-voice loaded terms: pejorative.")
    loaded_author_sensational: int = Field(description="Author-voice loaded terms: sensational.")
    loaded_author_intensifier: int = Field(description="Author-voice loaded terms: intensifiers.")
    loaded_author_partisan: int = Field(description="Author-voice loaded terms: partisan labels.")
    # -- quotes ----------------------------------------------------------------------
    quotes: int = Field(description="Direct quotations (scare quotes not included).")
    quoted_share: float = Field(description="Share of the text's characters inside quotations.")
    attributed_quotes: int = Field(description="Quotations linked to a speaker.")
    orphan_quotes: int = Field(description="Quotations with no speaker found.")
    distinct_quoted_speakers: int = Field(description="Distinct speakers of quotations.")
    scare_quotes: int = Field(description="Short quoted phrases (1-4 words), counted apart.")
    # -- readability -----------------------------------------------------------------
    flesch_reading_ease: float = Field(description="Flesch Reading Ease (higher is easier).")
    flesch_kincaid_grade: float = Field(description="Flesch-Kincaid US school grade level.")
    words_per_sentence: float = Field(description="Mean words per sentence.")


FEATURE_NAMES: tuple[str, ...] = tuple(Features.model_fields)

# What the sourcing model reads: everything about sources, stance, loaded wording and
# quotation, but not readability, which the rubric does not judge (on a small sample a
# model would otherwise learn how the sample happens to be written).
MODEL_FEATURES: tuple[str, ...] = tuple(
    n for n in FEATURE_NAMES
    if n not in ("flesch_reading_ease", "flesch_kincaid_grade", "words_per_sentence")
)


def model_vector(features: Features) -> list[float]:
    """The model's inputs as floats in ``MODEL_FEATURES`` order."""
    data = features.__dict__  # the field values, as model_dump gives them (all numbers)
    return [float(data[name]) for name in MODEL_FEATURES]


# -- the evidence behind each feature (for a model's reasons) --------------------------------

# how to say a feature's value in a reason line; {v} is the value
PHRASES: dict[str, str] = {
    "attributions": "{v:.0f} attributions",
    "attributions_per_1k": "{v:.1f} attributions per 1,000 words",
    "named_person": "{v:.0f} attributions to named people",
    "named_organisation": "{v:.0f} attributions to named organisations",
    "anonymous": "{v:.0f} anonymous attributions",
    "vague": "{v:.0f} vague attributions",
    "document": "{v:.0f} named documents or data sources",
    "unresolved": "{v:.0f} pronoun speakers with no clear antecedent",
    "distinct_named_sources": "{v:.0f} distinct named sources",
    "unnamed_share": "{v:.0%} of attributions anonymous or vague",
    "anonymous_without_reason": "{v:.0f} anonymous sources with no reason given",
    "hedges_author": "{v:.0f} hedges in the author's voice",
    "boosters_author": "{v:.0f} assertive words in the author's voice",
    "hedges_quoted": "{v:.0f} hedges inside quotes",
    "boosters_quoted": "{v:.0f} assertive words inside quotes",
    "hedges_per_1k_author": "{v:.1f} hedges per 1,000 author words",
    "boosters_per_1k_author": "{v:.1f} assertive words per 1,000 author words",
    "hedge_share_author": "hedge share {v:.2f} in the author's voice",
    "hedge_share_quoted": "hedge share {v:.2f} inside quotes",
    "loaded_author": "{v:.0f} loaded terms in the author's voice",
    "loaded_quoted": "{v:.0f} loaded terms inside quotes",
    "loaded_per_1k_author": "{v:.1f} loaded terms per 1,000 author words",
    "loaded_per_1k_quoted": "{v:.1f} loaded terms per 1,000 quoted words",
    "loaded_author_emotive": "{v:.0f} emotive terms in the author's voice",
    "loaded_author_pejorative": "{v:.0f} pejorative terms in the author's voice",
    "loaded_author_sensational": "{v:.0f} sensational terms in the author's voice",
    "loaded_author_intensifier": "{v:.0f} intensifiers in the author's voice",
    "loaded_author_partisan": "{v:.0f} partisan labels in the author's voice",
    "quotes": "{v:.0f} direct quotations",
    "quoted_share": "{v:.0%} of the text in quotation",
    "attributed_quotes": "{v:.0f} quotations with a speaker",
    "orphan_quotes": "{v:.0f} quotations with no speaker",
    "distinct_quoted_speakers": "{v:.0f} distinct quoted speakers",
    "scare_quotes": "{v:.0f} scare quotes",
    "flesch_reading_ease": "Flesch reading ease {v:.0f}",
    "flesch_kincaid_grade": "grade level {v:.1f}",
    "words_per_sentence": "{v:.0f} words per sentence",
}


def _sources(atts, classes, reason=None) -> list:
    return [a.source or a.cue for a in atts
            if a.source_class in classes and (reason is None or a.reason_given is reason)]


def _quotes(evidence, pred) -> list:
    from .report import new_span  # local: report imports this module

    return [new_span(q.start, q.end, q.text, q.sentence, q.kind, "quoted")
            for q in evidence.quotes if pred(q)]


def _is_quote(q) -> bool:
    return q.kind == "quote"


def _is_attributed_quote(q) -> bool:
    return q.kind == "quote" and bool(q.speaker)


def _cues(ev) -> list:
    return [a.cue for a in ev.attributions]


def _classes(*classes: str, reason: bool | None = None):
    return lambda ev: _sources(ev.attributions, classes, reason)


_EVIDENCE = {
    "attributions": _cues,
    "attributions_per_1k": _cues,
    **{c: _classes(c) for c in ("named_person", "named_organisation", "anonymous", "vague",
                                "document", "unresolved")},
    "distinct_named_sources": _classes("named_person", "named_organisation"),
    "unnamed_share": _classes("anonymous", "vague"),
    "anonymous_without_reason": _classes("anonymous", reason=False),
    "quotes": lambda ev: _quotes(ev, _is_quote),
    "quoted_share": lambda ev: _quotes(ev, _is_quote),
    "attributed_quotes": lambda ev: _quotes(ev, _is_attributed_quote),
    "orphan_quotes": lambda ev: _quotes(ev, lambda q: q.kind == "quote" and not q.speaker),
    "distinct_quoted_speakers": lambda ev: _quotes(ev, _is_attributed_quote),
    "scare_quotes": lambda ev: _quotes(ev, lambda q: q.kind == "scare_quote"),
}


def evidence_for(name: str, evidence) -> list:
    """The spans behind feature ``name`` in a report's ``evidence`` (report.Span objects)."""
    spans_of = _EVIDENCE.get(name)
    if spans_of is not None:
        return _unique(spans_of(evidence))
    if name.startswith(("hedges", "boosters", "hedge_share")):
        voice = "quoted" if name.endswith("quoted") else "author"
        spans = {"hedges": evidence.hedges, "boosters": evidence.boosters}.get(
            name.split("_")[0], evidence.hedges + evidence.boosters)
        return [s for s in spans if s.voice == voice]
    if name.startswith("loaded"):
        voice = "quoted" if "quoted" in name else "author"
        category = name.removeprefix("loaded_author_") if name.startswith("loaded_author_") else None
        return [s for s in evidence.loaded
                if s.voice == voice and (category is None or s.category == category)]
    return []  # readability: the whole text is the evidence


def _unique(spans: list) -> list:
    """Spans in order, each (start, end) once (one source can back two attributions)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for sp in spans:
        if (sp.start, sp.end) not in seen:
            seen.add((sp.start, sp.end))
            out.append(sp)
    return out
