"""The learnt loaded-language model (scorer/loaded/): the fast path against the plain
reference, the model file and its trust, the bounded form table, the shipped file's
contents, and train-loaded on a small slice of the corpora."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from conftest import SHARED
from typer.testing import CliRunner

from scorer.cli import app
from scorer.document import Document
from scorer.errors import ModelError
from scorer.loaded import cv, fast, features as F, model as M, predict as P, resources as R
from scorer.loaded import train as T

TEXTS = [
    "Officials Defend Plan\n\nThe brutal regime slammed \"so-called experts\" yesterday! "
    "Protesters were furious, and the pseudo-scientists lied. Really?",
    'He said "a total disgrace" and left.\n\nAnother “brutal, vile” regime! Is it? (Yes!)',
    "'Scare' quotes — the so-called 'experts' lied. The radical left-wing mob's hysteria "
    "grows. Mr. Smith said the study was “very, very flawed,” adding: “They clearly lied.”",
    "A plain report. The council met on Tuesday and approved the budget of $3.2 million.",
    "Hi",
    "",
    "Démocrates’ “extreme” agenda — the Dems' shameful, disastrous failure!!!\n\n"
    "Utterly reckless. Absolutely terrifying. ‘Fake’ news? The crisis deepens.",
]


@pytest.fixture(scope="module")
def shipped() -> M.LoadedModel:
    return M.load()


def _random_model(seed: int = 0) -> M.LoadedModel:
    rng = np.random.default_rng(seed)
    n = len(F.ALL_COLUMNS)
    return M.LoadedModel(F.ALL_COLUMNS, rng.normal(size=n), -2.0, rng.uniform(size=n), 0.3,
                         M.SentenceModel(rng.normal(size=len(F.SENTENCE_FEATURES)), 0.1, 0.4))


@pytest.mark.parametrize("which", ["shipped", "random"])
def test_fast_path_equals_the_reference(which, shipped, lex):
    m = shipped if which == "shipped" else _random_model()
    for text in TEXTS:
        doc = Document(text)
        cand, X = F.matrix(doc, lex, m.columns)
        z, _, Xp, chunk = P.logits([doc], lex, m)
        assert np.array_equal(cand, chunk.cand), text
        # the fast path keeps its numbers in float32 (half the memory to move): equal to
        # about 1e-7; training and the reference use float64
        assert np.allclose(z, X @ m.coef + m.intercept, rtol=0, atol=1e-5), text
        idx = [m.columns.index(c) for c in m.positional]
        assert np.allclose(Xp, X[:, idx], rtol=0, atol=1e-6), text


def test_a_chunk_scores_as_its_articles_do(shipped, lex):
    docs = [Document(t) for t in TEXTS]
    for one, many in zip([P.score(d, lex, shipped) for d in docs], P.score_many(docs, lex, shipped)):
        assert np.array_equal(one.candidates, many.candidates)
        assert np.allclose(one.probabilities, many.probabilities, rtol=0, atol=1e-12)
        assert np.allclose(one.sentence_probabilities, many.sentence_probabilities, rtol=0, atol=1e-12)
        assert [t._replace(probability=0) for t in one.terms] == \
            [t._replace(probability=0) for t in many.terms]


def test_a_sentence_model_reads_the_features_it_names(lex):
    """A file written before the booster and hedge counts names twelve sentence features
    and scores as a model of all of them with zero weight on the two; the counts are the
    lists' matches in each sentence."""
    m = _random_model()
    k = F.SENTENCE_FEATURES.index("boosters")
    assert F.SENTENCE_FEATURES[k:] == ("boosters", "hedges")
    old = M.LoadedModel(m.columns, m.coef, m.intercept, m.means, m.threshold,
                        M.SentenceModel(m.sentence.coef[:k], 0.1, 0.4, F.SENTENCE_FEATURES[:k]))
    zero = M.LoadedModel(m.columns, m.coef, m.intercept, m.means, m.threshold,
                         M.SentenceModel(np.r_[m.sentence.coef[:k], 0.0, 0.0], 0.1, 0.4))
    again = M.LoadedModel.from_dict(json.loads(json.dumps(old.to_dict())))
    assert again.sentence.features == F.SENTENCE_FEATURES[:k]
    docs = [Document(t) for t in TEXTS]
    for a, b, c in zip(*(P.score_many(docs, lex, x) for x in (old, zero, again))):
        assert np.allclose(a.sentence_probabilities, b.sentence_probabilities, rtol=0, atol=1e-12)
        assert a.sentence_probabilities == c.sentence_probabilities
    booster = M.LoadedModel(m.columns, m.coef, m.intercept, m.means, m.threshold,
                            M.SentenceModel(np.eye(len(F.SENTENCE_FEATURES))[k] * 50, -25.0, 0.5))
    doc = Document("It is clearly and obviously true. It may perhaps be true.")
    found = P._found(doc, lex)
    assert found[1] and found[2]  # the lists hold these words
    first, second = P.score(doc, lex, booster).sentence_probabilities
    assert first > 0.99 and second < 0.01


def test_the_block_layout_is_the_positional_columns():
    assert F.POSITIONAL_COLUMNS == ("sent_initial", "cap_mid", *fast._Q[:9], *F.GROUPS["neighbour"],
                                   *F.GROUPS["voice"], *F.GROUPS["sentence"],
                                   *F.GROUPS["repetition"])


def test_prediction_terms_reasons_and_sentences(shipped, lex):
    doc = Document(TEXTS[0])
    pred = P.score(doc, lex, shipped)
    assert len(pred.sentence_probabilities) == len(doc.sentences)
    assert all(0.0 <= p <= 1.0 for p in pred.sentence_probabilities)
    words = {t.text: t for t in pred.terms}
    assert {"brutal", "slammed", "furious"} <= set(words)
    assert words["brutal"].category == "pejorative" and words["brutal"].voice == "author"
    assert words["so-called"].voice == "quoted"
    for t in pred.terms:
        assert doc.text[t.start:t.end] == t.text
        assert t.span_start <= t.start < t.end <= t.span_end
        assert 1 <= len(t.reasons) <= 3 and all(r in P._PHRASES.values() for r in t.reasons)
        assert t.probability >= shipped.threshold
    assert "in scorer's pejorative list" in words["brutal"].reasons
    assert pred.count("author") + pred.count("quoted") == len(pred.terms)
    plain = P.score(Document(TEXTS[3]), lex, shipped)
    assert plain.terms == [] and max(plain.sentence_probabilities) < 0.7 < pred.sentence_probabilities[1]


def test_offsets_are_into_the_original_text(shipped, lex):
    text = "The cafe\u0301’s brutal, so\u200b-called “reform” is a disgrace."
    doc = Document(text)
    for t in P.score(doc, lex, shipped).terms:
        assert text[t.start:t.end] == t.text


def test_the_json_loads_without_pickle_and_an_edited_file_is_refused(shipped, tmp_path,
                                                                     monkeypatch):
    import pickle

    def no_pickle(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "loads", no_pickle)
    monkeypatch.setattr(pickle, "load", no_pickle)
    m = M.load()
    assert m.trusted and m.sha256 in (M.MODELS_DIR / M.MANIFEST).read_text()
    data = json.loads(M.default_path().read_text())
    data["coef"][0] += 1.0
    edited = tmp_path / "loaded-v1.json"
    edited.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="not in the shipped model manifest"):
        M.load(edited)
    assert not M.load(edited, trust=True).trusted
    edited.write_text(json.dumps({**data, "columns": ["word_is_dems", *data["columns"][1:]]}))
    with pytest.raises(ModelError, match="does not compute"):
        M.load(edited, trust=True)
    edited.write_text(json.dumps({**data, "coef": ["1"] * len(data["coef"])}))
    with pytest.raises(ModelError, match="not a readable"):
        M.load(edited, trust=True)


def test_the_form_table_stays_within_its_bound(shipped, lex):
    small = fast.FormTable(shipped, lex.function_words.keys, limit=40)
    big = fast.FormTable(shipped, lex.function_words.keys)
    for text in TEXTS * 2:
        words = Document(text).words
        same = [k for k in range(fast.WIDTH) if k != fast.LOWER]  # a table numbers its own words
        assert np.allclose(small.rows(words)[same], big.rows(words)[same], rtol=0, atol=1e-6)
        assert len(small) <= 40
    assert len(big) > 40
    assert fast.MAX_FORMS and shipped.table(lex.function_words.keys) is \
        shipped.table(lex.function_words.keys)
    assert shipped._tables.limit == M.TABLES


def _strings(x, key=False):
    if isinstance(x, dict):
        for k, v in x.items():
            yield k, True
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)
    elif isinstance(x, str):
        yield x, key


#: every key a model file may hold
KEYS = {
    "format", "columns", "coef", "intercept", "mean", "threshold", "sentence", "features",
    "name", "kind", "training", "groups", "C", "sentence_C", "data", "corpus", "file_sha256",
    "articles", "candidate_tokens", "positive_tokens", "labels", "grouped_by", "cite",
    "licence", "limit", "resources", "cv", "procedure", "folds", "thresholds", "ptc", "babe",
    "basil", "words", "phrase", "author", "author_span_recall", "spearman", "calibration",
    "list", "precision", "recall", "f1", "model", "ece", "mean_p", "positive_rate", "bins",
    "sentences", "wordfreq version",
    *(f"scorer/lexicons/published/{t}" for t in R.TABLES), f"wordfreq/data/{R.WORDFREQ_LIST}",
}


def test_the_shipped_file_holds_numbers_feature_names_and_metadata_only():
    """No word list from the corpora: every string is a feature name, a known key or a
    piece of metadata the code itself writes (corpus names, citations, hashes)."""
    data = json.loads(M.default_path().read_text())
    allowed = set(F.ALL_COLUMNS) | set(F.SENTENCE_FEATURES) | set(F.GROUPS) | {
        M.FORMAT, T.KIND, cv.PROCEDURE, M.default_path().stem}
    allowed |= {v for c in T.CORPORA.values() for k, v in c.items() if k != "file"}
    for s, is_key in _strings(data):
        if is_key:
            assert s in KEYS, s
        else:
            assert s in allowed or re.fullmatch(r"[0-9a-f]{64}|\d+(\.\d+)+", s), s
    assert data["columns"] == [c for c in F.ALL_COLUMNS if c in data["columns"]]
    assert data["training"]["resources"] == R.resource_hashes()  # trained on these tables


def test_published_tables_and_inflected_forms():
    res = R.published()
    assert res.valence["disgrace"] < 0 and res.valence["disgracing"] == res.valence["disgrace"]
    assert res.subjectivity["terrible"][1] > 0.5 and "terribly" in res.subjectivity
    assert R.EMPATH_CATEGORIES.index("hate") in res.empath["hatred"]
    assert res.centibels("the") < res.centibels("disgrace") < (res.centibels("obfuscation") or 999)
    assert res.centibels("well-known") == max(res.centibels("well"), res.centibels("known"))


def test_scoring_with_the_word_list_loads_none_of_it(tmp_path):
    code = ("import sys, scorer; scorer.score_text('The brutal regime lied. ' * 20); "
            "print(sorted(m for m in sys.modules if m.startswith(('scorer.loaded', 'msgpack', "
            "'wordfreq', 'sklearn'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(not (SHARED / "babe").is_dir(), reason="the shared corpora are not here")
def test_train_loaded_on_a_small_slice_writes_a_loadable_model(tmp_path, lex):
    out = tmp_path / "m.json"
    r = CliRunner().invoke(app, ["train-loaded", str(SHARED), "--out", str(out),
                                 "--limit", "6", "--json"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["sha256"] and {"ptc", "babe", "basil"} <= set(result["cv"])
    with pytest.raises(ModelError):
        M.load(out)  # not in the manifest
    m = M.load(out, trust=True)
    assert m.meta["training"]["limit"] == 6 and m.columns == F.ALL_COLUMNS
    pred = P.score(Document(TEXTS[0]), lex, m)
    assert len(pred.probabilities) == len(pred.candidates) > 0


def test_train_loaded_says_what_is_missing(tmp_path):
    r = CliRunner().invoke(app, ["train-loaded", str(tmp_path), "--out", str(tmp_path / "m.json")])
    assert r.exit_code == 1 and "not found" in r.output


# -- the model in the report (loaded_signal = "model") ---------------------------------------


def _report(text: str, how: str = "model"):
    from scorer.pipeline import analyse
    from scorer.settings import Settings

    return analyse(text, Settings(_env_file=None, loaded_signal=how))


def test_the_report_carries_the_models_terms_and_sentences(shipped, lex):
    text = TEXTS[2] + "\n\n" + TEXTS[0]
    r = _report(text)
    ev, f = r.evidence, r.features
    assert r.loaded_model.name == shipped.name and r.loaded_model.sha256 == shipped.sha256
    assert ev.loaded and f.loaded_author + f.loaded_quoted == len(ev.loaded)
    pred = P.score(Document(text), lex, shipped)
    for s in ev.loaded:
        assert text[s.start:s.end] == s.text and s.start <= s.word_start < s.word_end <= s.end
        assert s.probability >= shipped.threshold and s.reasons
        # the strongest flagged word of the phrase gives the probability and the reasons
        inside = [t for t in pred.terms if s.start <= t.start and t.end <= s.end]
        best = max(inside, key=lambda t: t.probability)
        assert (best.start, best.end, round(best.probability, 4)) == \
            (s.word_start, s.word_end, s.probability)
        assert s.category in (*F.CATEGORIES, "unlisted")
    assert "furious" in {s.text for s in ev.loaded}
    assert any("brutal regime" in s.text for s in ev.loaded)
    # every sentence in the evidence carries its probability, as the model gave it
    for ref in ev.sentences:
        assert ref.loaded_probability == round(pred.sentence_probabilities[ref.index], 4)
    # a loaded sentence is in the author's voice, at or above the threshold, with a term
    held = {s.sentence for s in ev.loaded if s.voice == "author"}
    probs = {ref.index: ref.loaded_probability for ref in ev.sentences}
    assert ev.loaded_sentences
    for s in ev.loaded_sentences:
        assert s.sentence in held and probs[s.sentence] >= shipped.sentence.threshold
        assert text[s.start:s.end] == s.text
    assert 0 < f.loaded_sentence_share_author <= 1


def test_the_word_list_report_has_no_probabilities():
    r = _report(TEXTS[0], "list")
    assert r.loaded_model is None and r.evidence.loaded
    assert all(s.probability is None and s.reasons == [f"in scorer's {s.category} list"]
               for s in r.evidence.loaded)
    assert all(ref.loaded_probability is None for ref in r.evidence.sentences)


def test_a_chunk_of_reports_equals_its_reports_one_at_a_time():
    from scorer.pipeline import analyse, analyse_many
    from scorer.settings import Settings

    settings = Settings(_env_file=None, loaded_signal="model")
    texts = [t for t in TEXTS if t.strip()]
    many = analyse_many(texts, settings)
    assert [r.model_dump() for r in many] == [analyse(t, settings).model_dump() for t in texts]


def test_scoring_with_the_model_names_it_in_the_cli(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXTS[2] * 5)
    r = CliRunner().invoke(app, ["score", str(path), "--json", "--loaded", "model"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["loaded_model"]["name"] == "loaded-v1.json"
    assert all(s["probability"] is not None for s in report["evidence"]["loaded"])
    bad = CliRunner().invoke(app, ["score", str(path), "--loaded", "words"])
    assert bad.exit_code == 2 and "SCORER_LOADED_SIGNAL" in bad.output


def test_every_sample_s_model_report_keeps_the_span_rules():
    """On every sample article, with the model: each span is its text, its strongest
    word inside it, its sentence among the evidence sentences (with a probability), and
    the loaded sentences a share of at most 1 that is 0 exactly when there are none."""
    from pathlib import Path

    from scorer.pipeline import analyse_many
    from scorer.readers import TextInput
    from scorer.settings import Settings

    paths = sorted((Path(__file__).parent.parent / "samples" / "articles").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    reports = analyse_many([TextInput(text=t, name=p.name, encoding=None)
                            for t, p in zip(texts, paths)],
                           Settings(_env_file=None, loaded_signal="model"))
    for text, r in zip(texts, reports):
        ev, f = r.evidence, r.features
        refs = {s.index: s for s in ev.sentences}
        assert all(s.loaded_probability is not None for s in ev.sentences)
        for s in [*ev.loaded, *ev.loaded_sentences]:
            assert text[s.start:s.end] == s.text and s.sentence in refs
        for s in ev.loaded:
            assert s.start <= s.word_start < s.word_end <= s.end and s.reasons
        assert 0.0 <= f.loaded_sentence_share_author <= 1.0
        assert (f.loaded_sentence_share_author == 0) == (not ev.loaded_sentences)
        assert f.loaded_author + f.loaded_quoted == len(ev.loaded)
