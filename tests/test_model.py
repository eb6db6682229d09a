"""Train -> save -> load (manifest / trust) -> predict -> evaluate, on a small synthetic set."""

from __future__ import annotations

import json
import random

import joblib
import pytest

from scorer import model as M
from scorer.api import evaluate_model, train_model
from scorer.errors import InputError, ModelError
from scorer.settings import Settings

NAMES = ["Ana Ruiz", "Tom Reyes", "Lena Okafor", "Marta Quill", "Olu Bello", "Nora Vance",
         "Ivo Petrov", "June Park", "Sam Adeyemi", "Kai Moreno"]
FILLER = ("The council met on Tuesday to discuss the budget for the coming year, which "
          "includes money for roads, parks and the library. ")


def _article(label: str, rng: random.Random) -> str:
    parts = ["Council Budget Vote\n"]
    if label == "strong":
        for name in rng.sample(NAMES, 4):
            parts.append(f'"The numbers add up," {name}, a member of the finance committee, said. ')
        parts.append("A report by the state auditor released Monday found the plan balanced. ")
    elif label == "mixed":
        parts.append(f"{rng.choice(NAMES)} said the plan was fair. ")
        parts.append("A senior official said the vote may slip. Critics say it is a mistake. ")
    else:
        parts.append("Critics say the disastrous plan is a shameful power grab. ")
        parts.append("It is believed the corrupt scheme will fail. Officials reportedly panicked. ")
    parts += [FILLER] * rng.randint(4, 8)
    return "".join(parts)


def _dataset(tmp_path, n_per_label=12, seed=1):
    rng = random.Random(seed)
    rows = [{"text": _article(label, rng), "label": label}
            for label in M.LABELS for _ in range(n_per_label)]
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("model")
    data = _dataset(tmp)
    out = tmp / "m.joblib"
    m, digest = train_model(data, out, settings=Settings(_env_file=None))
    return data, out, m, digest


def test_training_saves_metadata(trained):
    _, out, m, digest = trained
    meta = m.meta
    assert meta["n_examples"] == 36 and meta["label_counts"] == {"weak": 12, "mixed": 12, "strong": 12}
    assert len(meta["training_data_sha256"]) == 64
    assert {"scikit-learn", "numpy", "scorer"} <= set(meta["versions"])
    assert 0 <= meta["cv_metrics"]["macro_f1"] <= 1
    blob = joblib.load(out)
    assert tuple(blob["feature_names"]) == M.MODEL_FEATURES


def test_untrusted_file_is_refused_then_loaded_with_trust(trained):
    _, out, _, digest = trained
    with pytest.raises(ModelError, match="trust-model"):
        M.load(out)
    m = M.load(out, trust=True)
    assert m.sha256 == digest and m.trusted is False


def test_manifest_makes_a_file_trusted(trained, tmp_path, monkeypatch):
    _, out, _, digest = trained
    monkeypatch.setattr("scorer.model.artifact.MODELS_DIR", tmp_path)  # where manifest() reads it
    M.add_to_manifest(out, digest, tmp_path)
    assert M.manifest(tmp_path) == {digest: out.name}
    assert M.load(out).trusted is True


def test_feature_mismatch_is_refused(trained, tmp_path):
    _, out, _, _ = trained
    blob = joblib.load(out)
    blob["feature_names"] = list(reversed(blob["feature_names"]))
    bad = tmp_path / "bad.joblib"
    joblib.dump(blob, bad)
    with pytest.raises(ModelError, match="other features"):
        M.load(bad, trust=True)


def test_predictions_order_articles_and_give_reasons(trained):
    from scorer import score_text

    _, out, _, _ = trained
    s = Settings(_env_file=None, model_path=out, trust_model=True)
    rng = random.Random(99)
    strong = score_text(_article("strong", rng), settings=s)
    weak = score_text(_article("weak", rng), settings=s)
    assert strong.score > weak.score
    assert strong.label == "strong" and weak.label == "weak"
    assert 3 <= len(weak.reasons) <= 5
    assert any(r.evidence for r in weak.reasons)
    for r in weak.reasons:
        assert r.feature in M.MODEL_FEATURES
    assert weak.model.sha256 and weak.model.trusted is False


def test_evaluate(trained):
    data, out, _, _ = trained
    result = evaluate_model(data, settings=Settings(_env_file=None, model_path=out, trust_model=True))
    assert set(result) >= {"accuracy", "macro_f1", "roc_auc_ovr", "per_class", "confusion_matrix"}
    assert sum(map(sum, result["confusion_matrix"]["rows_true_cols_pred"])) == 36


def test_labelled_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said yes.")
    (tmp_path / "labels.csv").write_text("file,label,score,reason\na.txt,strong,80,ok\n")
    ex = M.load_labelled(tmp_path)
    assert ex[0].text == "The mayor said yes." and ex[0].label == "strong" and ex[0].score == 80
    (tmp_path / "bad.csv").write_text("path,label\na.txt,excellent\n")
    with pytest.raises(InputError, match="not one of"):
        M.load_labelled(tmp_path / "bad.csv")


def test_too_few_examples(tmp_path):
    data = _dataset(tmp_path, n_per_label=3)
    with pytest.raises(InputError, match="at least 10"):
        train_model(data, tmp_path / "m.joblib", settings=Settings(_env_file=None))


def test_json_form_scores_like_the_joblib_file(trained):
    import numpy as np

    _, out, _, _ = trained
    side = M.companion(out)
    assert side.exists() and json.loads(side.read_text())["format"] == "scorer-linear/1"
    with pytest.raises(ModelError, match="trust-model"):
        M.load_scoring(out)
    fast = M.load_scoring(out, trust=True)
    assert isinstance(fast, M.Compiled) and fast.trusted is False
    slow = M.load(out, trust=True)
    slow._compiled = False  # force the scikit-learn path
    X = np.random.default_rng(1).exponential(2.0, size=(20, len(M.MODEL_FEATURES)))
    assert np.allclose(fast.proba(X), slow.proba(X), atol=1e-9)
    assert np.allclose(fast.contributions(X[3]), slow.contributions(X[3]), atol=1e-9)


def test_a_stale_json_form_is_ignored(trained, tmp_path):
    import shutil

    _, out, _, _ = trained
    copy = tmp_path / "m.joblib"
    shutil.copy(out, copy)
    shutil.copy(M.companion(out), M.companion(copy))
    blob = joblib.load(copy)
    blob["meta"]["note"] = "retrained by hand"
    joblib.dump(blob, copy)
    assert isinstance(M.load_scoring(copy, trust=True), M.Model)


def test_plain_python_scores_like_numpy():
    """One article is scored in plain Python (no numpy import); the numbers are numpy's
    to the last bit but for exp's (at most a few units in the last place)."""
    import numpy as np

    m = M.load_scoring_cached()
    assert isinstance(m, M.Compiled)
    X = np.vstack([np.zeros(len(M.MODEL_FEATURES)),
                   np.random.default_rng(7).exponential(3.0, size=(200, len(M.MODEL_FEATURES)))])
    P = m.proba(X)
    for x, p in zip(X, P):
        probs, contrib, means = m.score_one(x.tolist())
        assert np.allclose(probs, p, rtol=1e-14, atol=1e-15)
        assert contrib == m.contributions(x).tolist()  # no exp: bit for bit
    assert means == m.feature_means().tolist()
    # extreme inputs overflow exp: a probability of 0, as numpy's inf gives
    probs, _, _ = m.score_one([1e6] * len(M.MODEL_FEATURES))
    assert np.allclose(probs, m.proba(np.full((1, len(M.MODEL_FEATURES)), 1e6))[0])


def test_scoring_a_text_does_not_import_numpy():
    import subprocess
    import sys

    code = ("import sys; from scorer import score_text; "
            "r = score_text('The mayor said the budget was balanced, officials said.'); "
            "assert r.score is not None; print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
