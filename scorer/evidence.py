"""The evidence models: spans, attributions, quotations and the sentences around them.

What a signal produces and a report carries (``Report.evidence``). Kept apart from
:mod:`scorer.report` so that the signals, which build these objects, sit below the
feature registry and the report, which read them (no import cycle).
"""

from __future__ import annotations

from typing import Any, Callable, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Voice = Literal["author", "quoted"]
SourceClass = Literal[
    "named_person", "named_organisation", "anonymous", "vague", "document", "unresolved"
]
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


class LoadedSpan(Span):
    """A loaded term: a phrase holding at least one word the loaded-language model (or the
    word list) flags. Added in 1.3."""

    probability: float | None = Field(
        None, description="The model's probability that the strongest flagged word is loaded "
        "language (calibrated by cross-validation; see models/LOADED.md); null when the "
        "word list found it (settings: loaded_signal = 'list').")
    reasons: list[str] = Field(
        default_factory=list, description="Why the model flagged that word: its 1-3 largest contributions, in "
        "words ('in VADER's sentiment lexicon', 'a rare word (wordfreq)'); the list's "
        "category for a word-list term.")
    word_start: int | None = Field(
        None, description="Offset of the strongest flagged word (inside the span); null only "
        "in reports written before 1.3.")
    word_end: int | None = Field(None, description="Offset just past it.")


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
        if f.alias or f.validation_alias or not (
            f.is_required() or f.default_factory is not None
            or isinstance(f.default, (type(None), bool, int, float, str))
        ):
            raise TypeError(f"{cls.__name__}.{name}: aliases and mutable defaults are not "
                            "supported (a default factory is)")
    required = frozenset(n for n, f in fields.items() if f.is_required())
    names = frozenset(fields)
    defaults = tuple((n, None if f.is_required() else f.default, f.default_factory)
                     for n, f in fields.items())
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
        kw = {n: kw[n] if n in kw else make() if make else d  # the model's order: JSON keeps it
              for n, d, make in defaults}
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
    loaded_probability: float | None = Field(
        None, description="The loaded-language model's probability that the sentence is "
        "biased, loaded language (learnt from BABE's expert labels; rank sentences by it); "
        "null when the word list is used (added in 1.3).")


class Evidence(_Model):
    """Every span behind every count in `features`."""

    sentences: list[SentenceRef] = Field(
        description="The sentences that hold at least one span, for context."
    )
    attributions: list[Attribution]
    hedges: list[Span]
    boosters: list[Span]
    loaded: list[LoadedSpan]
    loaded_sentences: list[Span] = Field(
        default_factory=list,
        description="Sentences in the author's voice counted as loaded: holding an "
        "author-voice loaded term and, with the model, a sentence probability (as shown, "
        "rounded) at or above its sentence threshold (added in 1.3; empty in older reports).")
    quotes: list[Quote]


new_loaded_span = constructor(LoadedSpan)
new_attribution = constructor(Attribution)
new_quote = constructor(Quote)
new_sentence_ref = constructor(SentenceRef)
new_evidence = constructor(Evidence)
