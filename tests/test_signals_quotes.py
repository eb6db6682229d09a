from __future__ import annotations

from scorer.document import Document
from scorer.signals import quotes, sources


def run(lex, text):
    d = Document(text)
    return quotes.extract(d, sources.extract(d, lex))


def test_attributed_and_orphan_quotes(lex):
    q = run(lex, '"We will win," Nora Vance said. "Nobody can stop us."\n\n"This is the end."')
    real = q.of_kind("quote")
    assert [x.speaker for x in real] == ["Nora Vance", "Nora Vance", None]
    assert q.distinct_speakers == 1


def test_scare_quotes_counted_apart(lex):
    q = run(lex, 'The mayor called the audit a "witch hunt" and left. "No comment," she said.')
    assert [x.kind for x in q.quotes] == ["scare_quote", "quote"]


def test_multi_paragraph_quote_is_one_quote(lex):
    text = '"The first part goes on and on,\n\n"and the second part ends it," said Ana Ruiz.'
    q = run(lex, text)
    assert len(q.quotes) == 1 and q.quotes[0].paragraphs == 2
    assert q.quotes[0].speaker == "Ana Ruiz"


def test_unbalanced_marks_never_crash(lex):
    for text in ['"', '""', '“', '”', 'a " b " c "', '“open\n\n“still open\n\nend', "'''"]:
        run(lex, text + " word")


def test_quoted_share(lex):
    text = '"Ten chars." x x x x x x x x x x'
    q = run(lex, text)
    assert q.quoted_chars == len('"Ten chars."')
