"""The feature registry: each signal's declarations are the only place a feature lives."""

from __future__ import annotations

import pytest

from scorer import score_text
from scorer.document import Document
from scorer.explain import reasons
from scorer.features import FEATURE_NAMES, FEATURES, MODEL_FEATURES, Features
from scorer.lexicons import for_settings
from scorer.pipeline import build_features, run_signals
from scorer.settings import Settings
from scorer.signals import SIGNALS, Feature, Signal

ARTICLE = (
    "Council Backs Budget\n\n"
    'Mayor Ana Ruiz said on Tuesday the budget was balanced. "It is fair," she said.\n\n'
    "Critics say the plan is a disastrous, shameful scheme. A senior official, who spoke "
    "on condition of anonymity, said the vote may slip. Clearly, the deal was a 'hoax', "
    "an aide said. Data from the Census Bureau show growth, according to a report by the "
    "city's auditor."
)


def test_the_features_model_is_the_registry_in_order():
    assert FEATURE_NAMES == tuple(f.name for s in SIGNALS for f in s.features)
    assert tuple(Features.model_fields) == FEATURE_NAMES
    for name, f in FEATURES.items():
        field = Features.model_fields[name]
        if f.since is None:
            assert field.annotation is f.type and field.description == f.description
        else:  # added later: nullable, for stored reports written before
            assert field.annotation == f.type | None and field.description.startswith(f.description)
    assert MODEL_FEATURES == tuple(n for n in FEATURE_NAMES if FEATURES[n].model)
    assert not {"flesch_reading_ease", "words_per_sentence"} & set(MODEL_FEATURES)


def test_every_phrase_formats_a_value():
    for f in FEATURES.values():
        text = f.phrase.format(v=3.0)
        assert "3" in text and "{" not in text, f.name


@pytest.fixture(scope="module")
def report():
    return score_text(ARTICLE)


def test_each_feature_is_computed_by_its_declaration(report):
    # a feature declared to count something has evidence of that size, where it is a count
    ev = report.evidence
    counts = {"anonymous", "vague", "named_person", "hedges_author", "boosters_author",
              "loaded_author", "quotes", "scare_quotes", "attributions"}
    for name in counts:
        value = getattr(report.features, name)
        assert len(FEATURES[name].evidence(ev)) == value, name
    assert report.features.anonymous >= 1 and report.features.loaded_author >= 1


def test_evidence_spans_point_into_the_text(report):
    for f in FEATURES.values():
        for s in f.evidence(report.evidence):
            assert ARTICLE[s.start:s.end] == s.text, f.name


def test_a_new_feature_is_one_declaration(monkeypatch):
    """A feature added to a signal's declarations is computed by the pipeline with no
    other edit (the model and report read the registry the same way)."""
    import scorer.pipeline as pipeline
    from scorer.signals import hedging

    extra = Feature("hedges_total", int, "Every hedge.", "{v:.0f} hedges",
                    lambda r, b: len(r.hedges), lambda ev: ev.hedges)
    patched = Signal(hedging.SIGNAL.name, hedging.SIGNAL.run,
                     hedging.SIGNAL.features + (extra,), hedging.SIGNAL.evidence)
    signals = tuple(patched if s.name == "hedging" else s for s in SIGNALS)
    monkeypatch.setattr(pipeline, "SIGNALS", signals)
    doc = Document(ARTICLE)
    found = pipeline.run_signals(doc, for_settings(Settings()), Settings())
    values = {f.name: f.value(found[s.name], pipeline.basis(doc, found))
              for s in signals for f in s.features}
    assert values["hedges_total"] == len(found["hedging"].hedges) >= 1


def test_reasons_are_worded_from_the_declarations(report):
    names = ("anonymous", "vague", "quotes", "loaded_author")
    values = [float(getattr(report.features, n)) for n in names]
    out = reasons(names, values, [-0.9, 0.0, 0.4, -0.01], [0.5, 2.0, 9.0, 20.0],
                  report.evidence)
    assert [r.feature for r in out] == ["anonymous", "quotes", "loaded_author"]  # |c| order,
    # and past the third only contributions of 0.05 or more
    assert out[0].explanation.startswith(f"{values[0]:.0f} anonymous attributions, above "
                                         "the 0.50 typical")
    assert out[0].explanation.endswith("lowers the score")
    assert out[1].explanation.endswith("raises the score") and "below the 9.00" in out[1].explanation
    assert out[0].evidence == FEATURES["anonymous"].evidence(report.evidence)[:5]


def test_build_features_matches_the_report(report):
    doc = Document(ARTICLE)
    found = run_signals(doc, for_settings(Settings()), Settings())
    assert build_features(doc, found) == report.features
