from __future__ import annotations

import json

import jsonschema

from scorer import score_text
from scorer.features import FEATURE_NAMES, Features
from scorer.report import SCHEMA_VERSION, Report, json_schema

ARTICLE = (
    "Council Backs Budget\n\n"
    'Mayor Ana Ruiz said on Tuesday the budget was balanced. "It is fair," she said.\n\n'
    "Critics say the plan is a disaster. A senior official, who was not authorized to "
    "speak publicly, said the vote may slip. Data from the Census Bureau show growth."
)


def test_report_validates_against_schema():
    report = score_text(ARTICLE)
    data = json.loads(report.to_json())
    jsonschema.validate(data, json_schema())
    assert data["schema_version"] == SCHEMA_VERSION


def test_every_feature_is_documented_in_the_schema():
    props = json_schema()["$defs"]["Features"]["properties"]
    assert list(props) == list(FEATURE_NAMES)
    assert all(p.get("description") for p in props.values())


def test_every_span_points_into_the_text():
    report = score_text(ARTICLE)
    ev = report.evidence
    spans = [*ev.hedges, *ev.boosters, *ev.loaded]
    for a in ev.attributions:
        spans += [a.cue] + ([a.source] if a.source else [])
    for s in spans:
        assert ARTICLE[s.start:s.end] == s.text
    for q in ev.quotes:
        assert ARTICLE[q.start:q.end] == q.text
    referenced = {s.sentence for s in spans}
    assert referenced <= {s.index for s in ev.sentences}
    for s in ev.sentences:
        assert ARTICLE[s.start:s.end] == s.text


def test_counts_match_evidence():
    report = score_text(ARTICLE)
    f, ev = report.features, report.evidence
    assert f.attributions == len(ev.attributions)
    assert f.loaded_author + f.loaded_quoted == len(ev.loaded)
    assert f.hedges_author + f.hedges_quoted == len(ev.hedges)
    by_class = {c: sum(a.source_class == c for a in ev.attributions)
                for c in ("named_person", "named_organisation", "anonymous", "vague", "document")}
    assert by_class == {c: getattr(f, c) for c in by_class}
    assert f.vague >= 1 and f.anonymous >= 1 and f.document >= 1 and f.named_person >= 2


def test_the_shipped_model_scores_with_reasons_and_evidence():
    report = score_text(ARTICLE)
    assert 0 <= report.score <= 100 and report.label in ("strong", "mixed", "weak")
    assert report.model is not None and report.model.trusted
    assert 3 <= len(report.reasons) <= 5
    assert any(r.evidence for r in report.reasons)
    for r in report.reasons:
        for s in r.evidence:
            assert ARTICLE[s.start:s.end] == s.text


def test_unscored_without_a_model(monkeypatch, tmp_path):
    # where load_scoring_cached looks it up
    monkeypatch.setattr("scorer.model.artifact.default_model_path",
                        lambda: tmp_path / "none.joblib")
    report = score_text(ARTICLE)
    assert report.score is None and report.label is None and report.reasons == []
    assert "unscored" in {w.code for w in report.warnings}


def test_warnings():
    codes = {w.code for w in score_text("Short text here.").warnings}
    assert {"too_short", "no_attributions"} <= codes
    german = ("Der Bürgermeister sagte am Dienstag, dass der Haushalt ausgeglichen sei und "
              "die Steuern nicht steigen würden, weil die Stadt genug Geld habe. ") * 5
    assert "non_english" in {w.code for w in score_text(german).warnings}


def test_features_model_is_flat_numbers():
    from scorer.features import FEATURES

    for name, field in Features.model_fields.items():
        if FEATURES[name].since is None:
            assert field.annotation in (int, float), name
        else:  # added later: null in a stored report written before
            assert field.annotation in (int | None, float | None) and field.default is None, name


def test_a_stored_report_of_schema_1_2_0_still_reads():
    """The server shows stored reports: one written before 1.3.0 lacks its additions."""
    text = "The brutal regime's shameful scheme, critics say, is a disgrace. " * 5
    data = json.loads(score_text(text).to_json())
    data["schema_version"] = "1.2.0"
    for key in ("loaded_model",):
        data.pop(key)
    data["features"].pop("loaded_sentence_share_author")
    data["evidence"].pop("loaded_sentences")
    for s in data["evidence"]["loaded"]:
        for key in ("probability", "reasons", "word_start", "word_end"):
            s.pop(key)
    for s in data["evidence"]["sentences"]:
        s.pop("loaded_probability")
    assert data["evidence"]["loaded"]
    old = Report.model_validate_json(json.dumps(data))
    assert old.features.loaded_sentence_share_author is None
    assert old.evidence.loaded_sentences == [] and old.evidence.loaded[0].reasons == []


def test_the_shipped_model_is_read_from_its_json_form():
    import hashlib

    from scorer import model as model_mod

    side = model_mod.companion(model_mod.default_model_path())
    assert side is not None and side.exists()
    report = score_text(ARTICLE)
    assert report.model.sha256 == hashlib.sha256(side.read_bytes()).hexdigest()
    assert isinstance(model_mod.load_scoring_cached(), model_mod.Compiled)


def test_new_span_is_the_same_object_pydantic_would_build():
    from scorer.report import Span, new_span

    fields = dict(start=3, end=9, text="slams", sentence=0, category="sensational",
                  voice="author")
    fast = new_span(**fields)
    checked = Span.model_validate(fields)
    assert fast == checked and fast.model_fields_set == checked.model_fields_set
    assert fast.model_dump_json() == checked.model_dump_json()
    assert new_span(**{**fields, "voice": "quoted"}) != checked


def test_new_span_sets_every_span_field():
    import inspect

    from scorer.report import Span, new_span

    assert list(inspect.signature(new_span).parameters) == list(Span.model_fields)


def _fields_of_a_real_report():
    """Field values of every model the pipeline builds with a fast constructor, taken
    from a real report (validated models, so the values have the right types)."""
    from scorer.report import Attribution, Evidence, Quote, Reason, SentenceRef

    report = score_text(ARTICLE)
    ev = report.evidence
    assert ev.attributions and ev.quotes and ev.sentences and report.reasons
    return [
        (Attribution, ev.attributions[0].__dict__),
        (Quote, ev.quotes[0].__dict__),
        (SentenceRef, ev.sentences[0].__dict__),
        (Evidence, ev.__dict__),
        (Reason, report.reasons[0].__dict__),
    ]


def test_fast_constructors_build_what_pydantic_builds():
    from scorer.report import constructor

    for cls, fields in _fields_of_a_real_report():
        make = constructor(cls)
        checked = cls.model_validate(dict(fields))
        for order in (list(fields), list(reversed(list(fields)))):
            fast = make(**{k: fields[k] for k in order})
            assert fast == checked and fast.model_fields_set == checked.model_fields_set
            # the JSON keys keep the model's order whatever order the fields came in
            assert fast.model_dump_json() == checked.model_dump_json(), cls.__name__
            assert list(fast.__dict__) == list(cls.model_fields)


def test_fast_constructors_refuse_missing_and_unknown_fields_and_fill_defaults():
    import pytest

    from scorer.report import Attribution, new_attribution

    fields = dict(_fields_of_a_real_report()[0][1])
    fields.pop("url")  # a field with a default: filled in, and not "set"
    fast = new_attribution(**fields)
    built = Attribution.model_construct(**fields)
    assert fast.url is None and fast.model_fields_set == built.model_fields_set
    assert fast.model_dump_json() == built.model_dump_json()
    with pytest.raises(TypeError, match=r"^Attribution: missing \['cue'\]$"):
        new_attribution(**{k: v for k, v in fields.items() if k != "cue"})
    with pytest.raises(TypeError, match=r"^Attribution: unknown \['speakr'\]$"):
        new_attribution(**fields, speakr="typo")


def test_fast_constructors_refuse_models_they_would_build_wrong():
    import pytest
    from pydantic import Field, PrivateAttr

    from scorer.report import _Model, constructor

    class Aliased(_Model):
        a: int = Field(alias="b")

    class Private(_Model):
        a: int
        _cache: dict = PrivateAttr(default_factory=dict)

    class Mutable(_Model):
        a: list = Field(default=[])

    class Fine(_Model):
        a: int
        b: str | None = None

    for cls in (Aliased, Private, Mutable):
        with pytest.raises(TypeError):
            constructor(cls)
    assert constructor(Fine)(a=1).model_dump() == {"a": 1, "b": None}
