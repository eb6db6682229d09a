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


def vector(features: Features) -> list[float]:
    """The features as floats in ``FEATURE_NAMES`` order, for the model."""
    data = features.model_dump()
    return [float(data[name]) for name in FEATURE_NAMES]
