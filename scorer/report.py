"""The report: pydantic models that define the JSON output and its JSON Schema.

``SCHEMA_VERSION`` changes whenever a field is added, removed or changes meaning
(major: removed/renamed/retyped; minor: added). ``scorer schema`` prints the schema
generated from these models, so the two can never disagree.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .features import Features

SCHEMA_VERSION = "1.2.0"

Voice = Literal["author", "quoted"]
SourceClass = Literal[
    "named_person", "named_organisation", "anonymous", "vague", "document", "unresolved"
]
Label = Literal["strong", "mixed", "weak"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_M = TypeVar("_M", bound=_Model)


class Span(_Model):
    """A piece of the text that produced a count. ``text == input_text[start:end]``."""

    start: int = Field(description="Character offset of the first character in the input text.")
    end: int = Field(description="Character offset just past the last character.")
    text: str = Field(description="The input text between start and end.")
    sentence: int = Field(description="Index into evidence.sentences' `index` values.")
    category: str = Field(description="What the span is: a lexicon category or a role.")
    voice: Voice = Field(description="'quoted' inside a direct quotation, else 'author'.")


# Every field of a span is set: one fields-set object serves them all. A set of six
# names takes 728 bytes, more than the span itself, and a long text has 100,000 spans;
# pydantic only ever adds to it the name of a field assigned (already in it) and copies
# it for model_copy, so sharing it changes nothing.
_ALL_SPAN_FIELDS = set(Span.model_fields)
_new = object.__new__
_setattr = object.__setattr__


def new_span(start: int, end: int, text: str, sentence: int, category: str, voice: str) -> Span:
    """``Span.model_construct(...)`` with every field given, as a report builds dozens of
    them: the same object (it compares equal, and serialises the same), without
    model_construct's loop over the fields and their aliases (a fifth of the time of a
    report)."""
    return _build(Span, {"start": start, "end": end, "text": text, "sentence": sentence,
                         "category": category, "voice": voice}, _ALL_SPAN_FIELDS)


def _build(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """The object ``cls.model_construct`` would make from ``values`` (every field, in the
    model's order), without its per-field loop."""
    obj = _new(cls)
    _setattr(obj, "__dict__", values)
    _setattr(obj, "__pydantic_fields_set__", fields_set)
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


def constructor(cls: type[_M]) -> Callable[..., _M]:
    """A ``cls.model_construct`` for the report's hot paths: keyword fields, no
    validation, the same object (field order, defaults and ``model_fields_set`` as
    model_construct gives them), at a fifth of the cost. A missing required field or an
    unknown one is a TypeError, as it would be for a function."""
    fields = cls.model_fields
    # what model_construct does and this does not: refuse such models rather than build
    # them wrong without a word
    if cls.__private_attributes__ or cls.__pydantic_post_init__:
        raise TypeError(f"{cls.__name__}: private attributes or model_post_init")
    for name, f in fields.items():
        if f.alias or f.validation_alias or f.default_factory is not None or not (
            f.is_required() or isinstance(f.default, (type(None), bool, int, float, str))
        ):
            raise TypeError(f"{cls.__name__}.{name}: aliases, default factories and "
                            "mutable defaults are not supported")
    required = frozenset(n for n, f in fields.items() if f.is_required())
    names = frozenset(fields)
    defaults = tuple((n, None if f.is_required() else f.default) for n, f in fields.items())
    order = tuple(fields)
    every = set(order)  # shared by the objects given every field (see _ALL_SPAN_FIELDS)

    def construct(**kw: Any) -> _M:
        if tuple(kw) == order:  # the fast path: every field, in the model's order
            return _build(cls, kw, every)
        fields_set = set(kw)
        if not required <= fields_set <= names:
            missing, unknown = sorted(required - fields_set), sorted(fields_set - names)
            raise TypeError(f"{cls.__name__}: " + "; ".join(
                f"{what} {names}" for what, names in
                (("missing", missing), ("unknown", unknown)) if names))
        kw = {n: kw.get(n, d) for n, d in defaults}  # the model's order: JSON keeps it
        return _build(cls, kw, fields_set)

    construct.__doc__ = f"{cls.__name__}.model_construct(**fields), faster (see constructor)."
    return construct


class Attribution(_Model):
    """One attribution: who (source) said what, through which cue."""

    start: int = Field(description="Start of the attribution (its cue and source together).")
    end: int = Field(description="End of the attribution.")
    text: str = Field(description="The input text between start and end.")
    sentence: int = Field(description="Index of the sentence holding the cue.")
    pattern: str = Field(
        description="The shape found: 'source_cue' (X said), 'cue_source' (said X), "
        "'according_to', 'passive_by' (was told by X), 'vague_phrase' (it is believed), "
        "'vague_adverb' (reportedly), 'link' (an outbound hyperlink in an HTML page)."
    )
    cue: Span = Field(description="The reporting verb or phrase.")
    source: Span | None = Field(description="The speaker as written; null when there is none.")
    source_class: SourceClass = Field(
        description="named_person | named_organisation | anonymous | vague | document | "
        "unresolved (a pronoun with no clear antecedent)."
    )
    speaker: str | None = Field(
        description="Canonical speaker name (surnames, pronouns and study teams linked to the "
        "full name); null for anonymous, vague and unresolved sources."
    )
    resolved_from: str | None = Field(
        None, description="The words that were resolved to the speaker, as written: a pronoun "
        "('she'), a bare surname ('Smith') or a study team ('the researchers'); null when the "
        "source names the speaker itself."
    )
    antecedent: Span | None = Field(
        None, description="Where the speaker was named: the earlier mention ('Dr. Jane Smith') "
        "that resolved_from refers to (added in 1.2)."
    )
    channel: str | None = Field(
        None, description="How the source spoke: 'in a statement', 'in an interview', ..."
    )
    recipient: str | None = Field(None, description="Who was told (X told Reuters): 'Reuters'.")
    anonymity_reason: Span | None = Field(
        None, description="For anonymous sources: the words giving a reason for anonymity."
    )
    reason_given: bool | None = Field(
        None, description="For anonymous sources: whether a reason for anonymity is given."
    )
    url: str | None = Field(
        None, description="For 'link' attributions: the hyperlink's target (added in 1.1)."
    )


class Quote(_Model):
    """A direct quotation, from its opening to its closing mark."""

    start: int = Field(description="Offset of the opening quotation mark.")
    end: int = Field(description="Offset just past the closing mark (or the paragraph end).")
    text: str = Field(description="The input text between start and end.")
    sentence: int = Field(description="Index of the sentence where the quotation opens.")
    kind: Literal["quote", "scare_quote"] = Field(
        description="'scare_quote' for short quoted phrases (1 to scare_quote_max_words words)."
    )
    words: int = Field(description="Words inside the quotation.")
    paragraphs: int = Field(description="Paragraphs the quotation runs over.")
    balanced: bool = Field(description="False when no closing mark was found.")
    speaker: str | None = Field(description="Attributed speaker, null for an orphan quote.")
    attribution: int | None = Field(
        description="Index into evidence.attributions of the attribution linked to it."
    )


class SentenceRef(_Model):
    index: int = Field(description="Sentence number in the document, from 0.")
    start: int
    end: int
    text: str


class Evidence(_Model):
    """Every span behind every count in `features`."""

    sentences: list[SentenceRef] = Field(
        description="The sentences that hold at least one span, for context."
    )
    attributions: list[Attribution]
    hedges: list[Span]
    boosters: list[Span]
    loaded: list[Span]
    quotes: list[Quote]


new_attribution = constructor(Attribution)
new_quote = constructor(Quote)
new_sentence_ref = constructor(SentenceRef)
new_evidence = constructor(Evidence)


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
