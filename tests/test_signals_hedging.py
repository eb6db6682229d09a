from __future__ import annotations

from scorer.document import Document
from scorer.signals import hedging


def found(lex, text):
    h = hedging.extract(Document(text), lex)
    return [(s.text, s.voice) for s in h.hedges], [(s.text, s.voice) for s in h.boosters]


def test_hedges_across_inflections(lex):
    hedges, boosters = found(lex, "The drug may help and appears to work; results suggested a benefit.")
    texts = [t for t, _ in hedges]
    assert "may" in texts and "appears" in texts and "suggested" in texts
    assert boosters == []


def test_boosters(lex):
    _, boosters = found(lex, "The data clearly proves the point and reveals a scandal.")
    texts = {t for t, _ in boosters}
    assert {"clearly", "proves", "reveals"} <= texts


def test_quoted_hedges_are_counted_apart(lex):
    hedges, _ = found(lex, '"It might work," she said. The trial may end soon.')
    assert ("might", "quoted") in hedges and ("may", "author") in hedges


def test_the_month_of_may_is_not_a_hedge(lex):
    hedges, _ = found(lex, "The vote was held in May. On May 5 it passed. May 2024 was wet.")
    assert hedges == []
