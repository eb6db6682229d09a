from __future__ import annotations

import pytest

from scorer import lexicons
from scorer.errors import LexiconError
from scorer.lexicons import Lexicon, inflections
from scorer.settings import Settings


def _brute_match(lex: Lexicon, toks: list[str]) -> list[tuple[int, int, str]]:
    """The matching rule written out the slow way: from the left, the longest phrase or
    word at each position, then on after it."""
    out, i = [], 0
    longest = max((len(seq) for seq in lex.phrase_map), default=1)
    while i < len(toks):
        for n in range(min(longest, len(toks) - i), 0, -1):
            entry = (lex.phrase_map.get(tuple(toks[i:i + n])) if n > 1
                     else lex.words.get(toks[i]))
            if entry is not None:
                out.append((i, i + n, entry.term))
                i += n
                break
        else:
            i += 1
    return out


def test_match_agrees_with_the_rule_in_every_window_and_subset():
    lex = Lexicon("t")
    for term, cat in [("a dig at", "p"), ("the lie", "p"), ("lie", "p"), ("at the", "x"),
                      ("to some extent", "h"), ("some", "h"), ("dig", "x"),
                      ("witch hunt", "p"), ("hunt", "x"), ("the dems", "p")]:
        lex.add(term, cat)
    lex.finish()
    sub = lex.subset("p")
    toks = ("it was a dig at the lie and to some extent the dems at the witch hunts "
            "the lie a dig").split()
    for lx in (lex, sub):
        assert [(i, j, e.term) for i, j, e in lx.match(toks)] == _brute_match(lx, toks)
        for a in range(len(toks)):
            for b in range(a, len(toks) + 1):
                window = [(i - a, j - a, e.term) for i, j, e in lx.match(toks, a, b)]
                assert window == _brute_match(lx, toks[a:b]), (lx.name, a, b)


def test_inflections():
    assert {"slams", "slammed", "slamming"} <= inflections("slam")
    assert {"denies", "denied", "denying"} <= inflections("deny")
    assert {"argues", "argued", "arguing"} <= inflections("argue")
    assert {"reveals", "revealed", "revealing"} <= inflections("reveal")


def test_verb_lists_have_no_agent_nouns():
    # "-er" of a verb is a noun ("writer", "contender", "poster"): never a cue
    assert "crueler" in inflections("cruel") and "crueler" not in inflections("cruel", False)
    assert {"writes", "writing"} <= inflections("write", False)
    verbs = lexicons.load("reporting_verbs")
    assert {"contends", "posted", "writes"} <= verbs.keys
    assert not {"contender", "poster", "writer", "blogger"} & verbs.keys
    assert not verbs.subset("write").comparatives
    assert lexicons.load("loaded").comparatives  # adjectives keep "crueler", "nastiest"


def test_exact_entries_are_not_inflected():
    lex = Lexicon("t")
    lex.add("may=", "modal")
    lex.finish()
    assert "mays" not in lex.words and "may" in lex.words


def test_phrases_match_longest_first_and_inflect_first_word():
    lex = Lexicon("t")
    lex.add("show that", "verb")
    lex.add("witch hunt", "pejorative")
    lex.add("witch", "pejorative")
    lex.finish()
    toks = "it showed that a witch hunt began".split()
    assert [(i, j, e.term) for i, j, e in lex.match(toks)] == [
        (1, 3, "show that"), (4, 6, "witch hunt")]


def test_shipped_lists_load_with_headers_and_categories():
    for name in lexicons.SHIPPED:
        lex = lexicons.load(name)
        assert lex.entries, name
    cats = {e.category for e in lexicons.load("loaded").entries}
    assert cats == {"emotive", "pejorative", "sensational", "intensifier", "partisan"}


def test_malformed_line_is_reported_with_its_place(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("# header\nno tab here\n")
    with pytest.raises(LexiconError, match="bad.txt:2"):
        lexicons.load("loaded", (bad,))


def test_extra_lexicon_through_settings(tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("# my newsroom's list\nflibbertigibbet\tpejorative\n")
    lex = lexicons.for_settings(Settings(_env_file=None, extra_lexicons={"loaded": [extra]}))
    assert lex.loaded.words["flibbertigibbet"].category == "pejorative"
    assert "flibbertigibbet" not in lexicons.bundle().loaded.words


def test_unknown_extra_lexicon_name(tmp_path):
    with pytest.raises(LexiconError, match="unknown lexicon"):
        lexicons.for_settings(Settings(_env_file=None, extra_lexicons={"nope": [tmp_path]}))


def test_every_entry_can_match_the_tokeniser(lex):
    # an entry the Document can never produce as tokens ("old boys' network": the
    # tokeniser drops a word-final apostrophe) would silently never match
    from scorer.document import Document
    from scorer.lexicons import SHIPPED

    bad = []
    for name in SHIPPED:
        for e in getattr(lex, name).entries:
            if e.term.endswith("."):
                continue  # "sen.": an abbreviation spelling beside its "sen" entry
            if list(Document(e.term).lower) != e.term.split():
                bad.append((name, e.term))
    assert not bad, bad[:20]


def test_bundled_lists_share_one_scan_and_each_bundle_owns_its_lists(tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("flibbertigibbet\tadverb\n")
    lex = lexicons.for_settings(Settings(_env_file=None, extra_lexicons={"hedges": [extra]}))
    union = lex.hedges.parent
    assert union is lex.boosters.parent is lex.loaded.parent is lex.cues.parent
    assert lex.hedges.keys <= union.keys and lex.loaded.keys <= union.keys
    assert lex.function_words.parent is None  # half of all tokens: not in the union
    tokens = ("we", "zzqx", "it", "flibbertigibbet")
    assert [e.term for *_, e in lex.hedges.match(tokens)] == ["flibbertigibbet"]
    # building this bundle changed nothing in the shipped one: no list is shared
    shipped = lexicons.bundle()
    assert all(getattr(lex, n) is not getattr(shipped, n) for n in lexicons.SHIPPED)
    assert shipped.loaded.parent is shipped.hedges.parent is not union
    assert "flibbertigibbet" not in shipped.hedges.parent.keys


def test_a_list_given_keys_its_parent_lacks_scans_on_its_own():
    hedges = lexicons.load("hedges")
    sub = hedges.subset("adverb")
    assert sub.parent is hedges
    sub.add("zzqx", "adverb")
    sub.finish()
    assert sub.parent is None
    assert [e.term for *_, e in sub.match(("we", "zzqx", "possibly"))] == ["zzqx", "possibly"]


def test_a_documents_scans_are_kept_by_its_tokens_not_by_the_lists(lex):
    from scorer.document import Document

    a, b = Document("Perhaps it may rain."), Document("It will surely rain.")
    for _ in range(2):  # asked again and in turn: each document keeps its own answer
        assert [e.term for *_, e in lex.hedges.match(a.lower)] == ["perhaps", "may"]
        assert [e.term for *_, e in lex.boosters.match(b.lower)] == ["surely"]
    assert lex.hedges.keys in a.lower.scans and lex.hedges.parent.keys in a.lower.scans
    assert lex.boosters.keys in b.lower.scans and lex.hedges.keys not in b.lower.scans
    assert not any(k.startswith("_scan") for k in vars(lex.hedges))


def test_bundles_are_kept_in_a_bounded_cache():
    assert lexicons.bundle.cache_info().maxsize == lexicons.BUNDLES
    assert lexicons.bundle() is lexicons.bundle()


def test_a_derived_table_is_built_once_per_bundle_even_from_many_threads():
    import threading
    import time

    calls = []

    def build(lex):
        calls.append(lex)
        time.sleep(0.01)  # long enough for every thread to miss the first lookup
        return object()

    shipped = lexicons.bundle()
    got = []
    threads = [threading.Thread(target=lambda: got.append(shipped.derived(build)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(x) for x in got}) == 1
