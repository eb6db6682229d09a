"""The report: pydantic models that define the JSON output and its JSON Schema.

``SCHEMA_VERSION`` changes whenever a field is added, removed or changes meaning
(major: removed/renamed/retyped; minor: added). ``scorer schema`` prints the schema
generated from these models, so the two can never disagree. The evidence models (spans,
attributions, quotations) are in :mod:`scorer.evidence`; the feature block is built from
the signal registry in :mod:`scorer.features`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field

from .evidence import (Attribution, Evidence, LoadedSpan, Quote, SentenceRef, SourceClass, Span, Voice,
                       _Model, constructor, new_attribution, new_evidence, new_quote,
                       new_sentence_ref, new_span)
from .features import Features

SCHEMA_VERSION = "1.3.0"

Label = Literal["strong", "mixed", "weak"]

__all__ = [
    "SCHEMA_VERSION", "Attribution", "EnglishCheck", "Evidence", "Features", "InputInfo",
    "Label", "LoadedSpan", "ModelInfo", "Quote", "Reason", "Report", "SentenceRef", "SourceClass", "Span",
    "Voice", "Warning", "constructor", "json_schema", "json_schema_text", "new_attribution",
    "new_evidence", "new_quote", "new_reason", "new_sentence_ref", "new_span",
]


class EnglishCheck(_Model):
    is_english: bool = Field(description="False when the text looks like it is not English.")
    function_word_ratio: float = Field(
        description="Share of words that are common English function words (English news: ~0.4)."
    )
    latin_letter_ratio: float = Field(description="Share of letters in the Latin script.")


class InputInfo(_Model):
    name: str = Field(description="File name, '-' for standard input, or a record id.")
    sha256: str = Field(description="SHA-256 of the text (UTF-8), the key for re-runs.")
    title: str | None = Field(description="Headline, given or detected as a short first line.")
    url: str | None = Field(None, description="The article's address, when the input gave one.")
    text: str | None = Field(
        None, description="The analysed text when scorer extracted it (HTML input), so that "
        "every span's offsets can be checked against it; null when the input was the text.")
    encoding: str | None = Field(description="Encoding the bytes were decoded from.")
    chars: int
    words: int
    sentences: int
    paragraphs: int
    english: EnglishCheck


class Reason(_Model):
    """A feature that moved this article's score, with its evidence."""

    feature: str = Field(description="Feature name (see `features`).")
    value: float = Field(description="The article's value of the feature.")
    contribution: float = Field(
        description="Signed contribution to the model's log-odds of 'strong' sourcing."
    )
    explanation: str = Field(description="One line a reader can act on.")
    evidence: list[Span] = Field(description="Spans behind the feature (at most 5).")


new_reason = constructor(Reason)


class ModelInfo(_Model):
    name: str
    sha256: str
    trusted: bool = Field(description="True when the file's hash is in the shipped manifest.")


class Warning(_Model):
    code: str = Field(description="Stable machine-readable code, e.g. 'too_short'.")
    message: str


class Report(_Model):
    """The sourcing-quality report for one article."""

    schema_version: str = Field(SCHEMA_VERSION, description="Version of this report format.")
    scorer_version: str
    input: InputInfo
    features: Features
    evidence: Evidence
    score: float | None = Field(
        None, description="0-100 sourcing-quality score from the model; null when unscored."
    )
    label: Label | None = Field(None, description="strong | mixed | weak; null when unscored.")
    probability: float | None = Field(
        None, description="The model's probability for the predicted label."
    )
    reasons: list[Reason] = Field(default_factory=list)
    model: ModelInfo | None = None
    loaded_model: ModelInfo | None = Field(
        None, description="The loaded-language model that found the loaded terms and "
        "scored the sentences; null when the word list did (added in 1.3).")
    warnings: list[Warning] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_json_bytes(self, indent: int | None = 2) -> bytes:
        """:meth:`to_json` encoded as UTF-8, as the serializer makes it: a large report is
        written without a second copy as text."""
        return self.__pydantic_serializer__.to_json(self, indent=indent)


def json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://github.com/scorer/scorer/report-{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2)
