"""A small slice of the real corpora in ../shared/data (read in place, never copied).

The full evaluation lives in `scorer evaluate-signals` / bench; these tests only guard
against regressions with floors well below the measured figures.
"""

from __future__ import annotations

import json
import re
import statistics

import pytest

from scorer import score_text
from scorer.document import Document
from scorer.signals import sources

from .conftest import SHARED

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")

SPEECH = re.compile(
    r"^(said|says|say|told|tells|according to|wrote|writes|added|adds|stated|claimed|noted|"
    r"warned|argued|insisted|confirmed|denied|announced|explained|acknowledged|tweeted)$", re.I)


def _rows(corpus, n, pred=lambda r: True):
    out = []
    with open(SHARED / corpus / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if pred(r):
                out.append(r)
                if len(out) == n:
                    break
    return out


def test_polnear_dev_slice_speech_attributions(lex):
    rows = _rows("polnear", 20, lambda r: r["split"] == "dev")
    gold_n = cue_hits = src_hits = src_n = 0
    for r in rows:
        pred = sources.extract(Document(r["text"]), lex).attributions
        for g in r["attributions"][r["primary_annotator"]]:
            if not SPEECH.match(g["cue_text"].strip()):
                continue
            gold_n += 1
            hit = next((p for p in pred if any(p.cue.start < e and s < p.cue.end
                                                 for s, e in g["cue"])), None)
            if hit is None:
                continue
            cue_hits += 1
            if g["source"]:
                src_n += 1
                if hit.source and any(hit.source.start < e and s < hit.source.end
                                      for s, e in g["source"]):
                    src_hits += 1
    assert gold_n > 100
    assert cue_hits / gold_n >= 0.85
    assert src_hits / src_n >= 0.90


def test_fakehealth_slice_is_robust():
    for r in _rows("fakehealth-text", 40):
        report = score_text(r["text"], name=r["id"])
        for a in report.evidence.attributions:
            assert r["text"][a.start:a.end] == a.text


def test_propaganda_has_more_author_voice_loaded_terms_than_wire_copy():
    wire = _rows("polnear", 40, lambda r: r["wire"].lower() in ("ap", "upi", "reuters", "afp"))
    ptc = _rows("ptc-semeval2020-t11", 40)
    wire_rate = statistics.mean(score_text(r["text"]).features.loaded_per_1k_author for r in wire)
    ptc_rate = statistics.mean(score_text(r["text"]).features.loaded_per_1k_author for r in ptc)
    assert ptc_rate > 1.5 * wire_rate


def test_babe_slice_words_and_sentences(lex, tmp_path):
    """The first 200 BABE sentences, read in place: the list finds some marked words and
    flags biased sentences more often than unbiased ones (floors well below the figures
    on the whole development part: word-token F1 0.336, sentence F1 0.663)."""
    from scorer.evaluation.babe import evaluate_babe

    rows = []
    with open(SHARED / "babe" / "sentences.jsonl", encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == 200:
                break
    r = evaluate_babe(rows, lex)
    words, sent = r["levels"]["words"]["tokens"], r["levels"]["sentences"]["biased"]
    assert words["f1"] > 0.2 and sent["f1"] > 0.5 and sent["precision"] > 0.55
