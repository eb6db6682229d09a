"""Readers and metrics of `scorer evaluate-signals`, on tiny fixtures written by us."""

from __future__ import annotations

import json

import pytest
from pathlib import Path

from typer.testing import CliRunner

from scorer.cli import app
from scorer.errors import InputError
from scorer.evaluation import PR, evaluate_signals, is_speech_cue, span_pr

FIX = Path(__file__).parent / "fixtures"


def test_speech_cue_subset():
    assert is_speech_cue("said") and is_speech_cue("According to") and is_speech_cue("told")
    assert not is_speech_cue("think") and not is_speech_cue("wants")


def test_pr_arithmetic():
    pr = span_pr([(0, 5), (10, 15)], [(3, 4), (20, 25)], "x" * 30)
    assert (pr.gold, pr.gold_hit, pr.pred, pr.pred_hit) == (2, 1, 2, 1)
    assert PR(4, 2, 2, 2).as_dict()["f1"] == round(2 * 1.0 * 0.5 / 1.5, 4)


def test_polnear_reader_and_figures():
    r = evaluate_signals(FIX / "polnear_tiny.jsonl", "polnear")
    assert r["articles"] == 1  # dev only by default
    speech = r["subsets"]["speech"]
    assert speech["cue"]["gold"] == 2 and speech["cue"]["recall"] == 1.0
    assert speech["source"]["recall"] == 1.0 and speech["source_exact"]["recall"] == 1.0
    everything = r["subsets"]["all"]
    assert everything["cue"]["gold"] == 3  # the belief cue "think" is in PolNeAR's count
    assert everything["cue"]["recall"] < 1.0
    assert evaluate_signals(FIX / "polnear_tiny.jsonl", "polnear", split="all")["articles"] == 2


def test_ptc_reader_uses_loaded_and_name_calling_only():
    r = evaluate_signals(FIX / "ptc_tiny.jsonl", "ptc")
    assert r["voices"]["all"]["spans"]["gold"] == 3
    assert r["voices"]["author"]["spans"]["gold"] == 2
    assert r["voices"]["quoted"]["spans"]["gold"] == 1
    assert r["voices"]["author"]["spans"]["recall"] == 1.0


def test_basil_reader_and_quote_leak():
    r = evaluate_signals(FIX / "basil_tiny.jsonl", "basil", errors=5)
    assert r["voices"]["author"]["spans"]["gold"] == 1
    assert r["voices"]["author"]["spans"]["recall"] == 1.0
    assert r["quoted_gold_counted_as_author"] == {"spans": 0, "of": 1, "share": 0.0}
    assert set(r["errors"]) == {"misses", "false_alarms"}


def test_babe_words_and_sentences():
    r = evaluate_signals(FIX / "babe_tiny.jsonl", "babe", errors=5)
    words, sentences = r["levels"]["words"], r["levels"]["sentences"]["biased"]
    assert words["spans"]["gold"] == 4 and words["spans"]["gold_matched"] == 2  # slammed, disastrous
    assert words["tokens"]["gold"] == 4
    # "No agreement" sentences are left out of the sentence figures (not of the words')
    assert r["sentence_labels"] == {"Biased": 2, "Non-biased": 2, "left out": 1}
    assert (sentences["gold"], sentences["predicted"], sentences["gold_matched"]) == (2, 1, 1)
    assert [m for m, _ in r["errors"]["misses"]] == ["hijacked", "antics"]


def test_spearman_and_density():
    from scorer.evaluation.metrics import spearman

    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == 0.9487  # ties take their mean rank
    from scipy.stats import spearmanr

    x, y = [3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]
    assert spearman(x, y) == round(spearmanr(x, y).statistic, 4)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0  # a constant side ranks nothing
    r = evaluate_signals(FIX / "ptc_tiny.jsonl", "ptc")
    assert r["density"]["articles"] == 1 and r["density"]["spearman_tokens"] == 0.0
    b = evaluate_signals(FIX / "basil_tiny.jsonl", "basil")
    assert b["density"]["voice"] == "author"


def test_the_learnt_model_is_judged_the_same_way():
    for fmt in ("ptc", "basil", "babe"):
        r = evaluate_signals(FIX / f"{fmt}_tiny.jsonl", fmt, signal="model")
        assert r["signal"] == "model" and r["model"]["sha256"]
        assert "in-sample" in r["model"]["note"]
    r = evaluate_signals(FIX / "babe_tiny.jsonl", "babe", signal="model")
    assert r["levels"]["sentences"]["biased"]["gold"] == 2
    assert "sentence probability" in r["matching"]
    assert evaluate_signals(FIX / "ptc_tiny.jsonl", "ptc")["signal"] == "list"
    with pytest.raises(InputError, match="--signal"):
        evaluate_signals(FIX / "polnear_tiny.jsonl", "polnear", signal="model")
    with pytest.raises(InputError, match="--signal"):
        evaluate_signals(FIX / "ptc_tiny.jsonl", "ptc", signal="nope")


def test_cli_json():
    res = CliRunner().invoke(app, ["evaluate-signals", str(FIX / "ptc_tiny.jsonl"), "--format",
                                   "ptc", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["corpus"] == "ptc"
    bad = CliRunner().invoke(app, ["evaluate-signals", str(FIX), "--format", "nope"])
    assert bad.exit_code == 2


ATT = FIX / "attributions_tiny"


def test_attribution_events_found_and_classes():
    r = evaluate_signals(ATT / "events.jsonl", "attributions")  # texts beside the file
    ev = r["events"]
    assert (r["articles"], ev["gold"], ev["found"]) == (1, 3, 3)
    assert ev["class_agreement"] == 1.0 and ev["precision"] == 1.0
    assert r["confusion"]["document"] == {"document": 1}
    assert r["source_overlap"]["recall"] == 1.0


def test_attribution_offsets_and_a_corpus_of_texts_read_the_same():
    by_file = evaluate_signals(ATT / "events.jsonl", "attributions")
    by_id = evaluate_signals(ATT / "offsets.jsonl", "attributions", texts=ATT / "corpus.jsonl")
    assert by_id["events"] == by_file["events"] and by_id["confusion"] == by_file["confusion"]
    assert evaluate_signals(ATT / "offsets.jsonl", "attributions", texts=ATT / "corpus.jsonl",
                            split="tune")["events"]["gold"] == 3


def test_two_annotators_agreement():
    r = evaluate_signals(ATT / "events.jsonl", "attributions", second=ATT / "second.jsonl")
    a = r["agreement"]
    assert a["events_found_by_the_other"] == {"first_by_second": 1.0, "second_by_first": 1.0}
    assert a["pairs"] == 3 and a["class_agreement"] == round(2 / 3, 4)


def test_attribution_events_that_do_not_match_their_text_are_refused(tmp_path):
    from scorer.errors import InputError
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"file": str(ATT / "story.txt"), "cue": "told", "cue_start": 3,
                               "speaker": "", "speaker_start": -1, "class": "vague"}) + "\n")
    with pytest.raises(InputError, match="not 'told'"):
        evaluate_signals(bad, "attributions")
    res = CliRunner().invoke(app, ["evaluate-signals", str(ATT / "offsets.jsonl"), "--format",
                                   "attributions"])
    assert res.exit_code == 1 and "--texts" in res.output
