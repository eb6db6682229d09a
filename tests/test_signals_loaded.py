from __future__ import annotations

from scorer.document import Document
from scorer.signals import loaded


def terms(lex, text):
    return [(s.text.lower(), s.voice, s.category) for s in loaded.extract(Document(text), lex).terms]


def test_author_voice_loaded_terms(lex):
    found = terms(lex, "The senator slammed the disastrous plan, a shocking power grab.")
    words = [t for t, _, _ in found]
    # a term's span runs on over the content words it applies to, up to the next term
    assert words == ["slammed", "disastrous plan", "shocking", "power grab"]
    assert all(v == "author" for _, v, _ in found)


def test_term_spans_stop_at_punctuation_names_and_quotes(lex):
    found = terms(lex, 'Critics called it a disgraceful, costly mess. The outrageous Smith plan '
                       'and a "brutal" cut stand.')
    words = [t for t, _, _ in found]
    assert "disgraceful" in words and "outrageous" in words and "brutal" in words


def test_loaded_terms_in_quotes_belong_to_the_speaker(lex):
    found = terms(lex, '"This is a disgraceful sham," said Nora Vance. The council voted 5-2.')
    assert found and all(v == "quoted" for _, v, _ in found)


def test_neutral_wire_copy_has_none(lex):
    text = ("The council voted 5-2 on Tuesday to approve the budget, which raises the sales "
            "tax by half a percentage point, the clerk said.")
    assert terms(lex, text) == []
