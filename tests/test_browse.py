"""Read-only browsing of the store: checked parameters, read-only connections, and
stores written before the text column."""

from __future__ import annotations

import sqlite3

import pytest

from scorer import batch, browse
from scorer.errors import InputError, UsageError

TEXT = ("Mayor Ana Ruiz said on Tuesday the budget was balanced. Critics say the plan is a "
        "disaster, officials said.")


@pytest.fixture
def store(tmp_path, settings):
    db = tmp_path / "s.db"
    item = batch.Item("a.txt", ".txt", TEXT.encode(), "key-a", origin="a.txt")
    s = batch.Store(db)
    s.write([batch.score_item(item, settings, keep=batch.Keep(text=True))])
    s.close()
    return db


@pytest.mark.parametrize("kw", [{"limit": 0}, {"limit": 501}, {"offset": -1},
                                {"sort": "score; DROP TABLE articles"}, {"order": "up"},
                                {"label": "great"}])
def test_bad_queries_are_refused(kw):
    with pytest.raises(UsageError):
        browse.Query(**kw)


def test_rows_and_article_with_its_text(store):
    page = browse.articles(store, browse.Query(sort="loaded_author", order="asc"))
    assert page.total == 1 and page.rows[0]["name"] == "a.txt"
    assert set(page.rows[0]) == set(browse.ROW_COLUMNS)
    found = browse.article(store, page.rows[0]["sha256"])
    assert found.text == TEXT and '"a.txt"' in found.report
    assert browse.article(store, "nope") is None
    assert browse.articles(store, browse.Query(label="unscored")).total == 0


def test_the_connection_is_read_only(store):
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        browse.connect(store).execute("DELETE FROM articles")


def test_a_missing_store_is_one_line(tmp_path):
    with pytest.raises(InputError, match="cannot read the store"):
        browse.connect(tmp_path / "none.db")


def test_an_older_store_gets_the_text_column(store):
    db = sqlite3.connect(store)
    db.execute("ALTER TABLE articles DROP COLUMN text")
    db.close()
    sha = browse.articles(store, browse.Query()).rows[0]["sha256"]
    assert browse.article(store, sha).text is None  # read as it is, never changed
    batch.Store(store).close()
    columns = [r[1] for r in sqlite3.connect(store).execute("PRAGMA table_info(articles)")]
    assert "text" in columns
