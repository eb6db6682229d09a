from __future__ import annotations

import unicodedata

from scorer.document import Document


def sentences(text):
    d = Document(text)
    return [d.norm[s:e] for s, e in d.sentences]


def test_abbreviations_and_titles_do_not_split():
    assert sentences("Mr. Smith went to the U.S. Senate. The vote failed.") == [
        "Mr. Smith went to the U.S. Senate.", "The vote failed."]
    assert sentences("Gen. Ortiz and Dr. Lee met at 5 p.m. on Jan. 5 in Washington.") == [
        "Gen. Ortiz and Dr. Lee met at 5 p.m. on Jan. 5 in Washington."]


def test_abbreviation_before_a_sentence_opener_splits():
    assert sentences("He moved to the U.S. The move was hard.") == [
        "He moved to the U.S.", "The move was hard."]


def test_quotes_and_question_marks():
    assert sentences('"Why now?" she asked. "Because," he said.') == [
        '"Why now?" she asked.', '"Because," he said.']


def test_paragraphs_and_title():
    d = Document("Council Backs Budget\n\nThe council voted. It passed.\n\nMayor Ruiz spoke.")
    assert d.title == "Council Backs Budget"
    assert len(d.paragraphs) == 3
    assert len(d.sentences) == 4


def test_no_title_when_first_paragraph_is_a_sentence():
    d = Document("The council voted on Tuesday to approve the budget.\n\nIt passed.")
    assert d.title is None


def test_lines_are_sentences_unless_hard_wrapped():
    one_per_line = "Headline\n\nThe council voted on Tuesday\nThe mayor spoke next"
    assert len(Document(one_per_line).sentences) == 3
    wrapped = ("The council voted on Tuesday to approve a budget that\nraises taxes and "
               "cuts services, and the mayor\nsaid the plan was fair, and residents\n"
               "were not so sure about it, and many\nsaid so loudly.")
    assert len(Document(wrapped).sentences) == 1


def test_curly_and_straight_quotes():
    d = Document('He said “yes” and then "no" twice.')
    assert [d.norm[q.start:q.end] for q in d.quotes] == ["“yes”", '"no"']


def test_multi_paragraph_quote():
    text = '"This goes on\nfor a while.\n\n"And ends here," she said.'
    d = Document(text)
    assert len(d.quotes) == 1
    q = d.quotes[0]
    assert q.balanced and len(q.parts) == 2
    assert text[q.start:q.end].endswith('ends here,"')


def test_unbalanced_quote_is_closed_at_paragraph_end():
    d = Document('He said "this never closes.\n\nA new paragraph.')
    assert d.unbalanced_marks == 1
    assert d.quotes[0].balanced is False
    assert not d.in_quote(d.norm.index("A new"))


def test_single_quotes_and_apostrophes():
    d = Document("He called it a 'witch hunt' but didn't say why; the ‘plan’ failed in the '90s.")
    assert [d.norm[q.start:q.end] for q in d.quotes] == ["'witch hunt'", "‘plan’"]


def test_offsets_map_to_original_when_not_nfc():
    text = "Cafe\u0301 owner Jose\u0301 said \u201cyes.\u201d"
    d = Document(text)
    assert d.norm == unicodedata.normalize("NFC", text)
    i = d.words.index("said")
    s, e, t = d.original_span(d.starts[i], d.ends[i])
    assert t == "said" and text[s:e] == "said"


def test_nbsp_and_dashes_are_spaces_and_punctuation():
    d = Document("The\u00a0mayor\u2014who was late\u2014said so.")
    assert d.words == ["The", "mayor", "who", "was", "late", "said", "so"]


def test_doubled_apostrophes_are_a_double_mark():
    # LexisNexis-style archive text writes quotation marks as two apostrophes
    text = ("''We will not back down,'' the mayor said. ''Not now.''\n\n"
            "''The plan,'' she added, ''is sound.'' The council's vote is Monday.")
    doc = Document(text)
    got = [text[q.start:q.end] for q in doc.quotes]
    assert got == ["''We will not back down,''", "''Not now.''", "''The plan,''", "''is sound.''"]
    assert doc.unbalanced_marks == 0
    assert not doc.in_quote(text.index("the mayor said"))
    assert not doc.in_quote(text.index("council's"))


def test_word_tokens_keep_inner_marks_only_between_letters():
    # a hyphen, a dot or a dash with no letter after it is not part of the word
    # (a possessive regex gets this wrong on Python 3.11.0-3.11.4)
    assert Document("U.S. officials said the plan was well- received.").words == [
        "U.S", "officials", "said", "the", "plan", "was", "well", "received"]
    assert Document("a--b, don’t x-ray co-op A&P 3/4").words == [
        "a", "b", "don’t", "x-ray", "co-op", "A&P", "3/4"]
