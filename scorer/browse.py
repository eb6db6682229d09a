"""Read-only views of the SQLite store that ``scorer batch --db`` (or ``scorer serve``
with ``?store=1``) writes: a sorted, filtered page of articles, and one article.

The file is opened with SQLite's ``mode=ro``, so browsing can never change it. Column
names in a query come only from :data:`SORTABLE` (checked before use); every value a user
gives is a bound parameter.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote

from .errors import InputError, UsageError
from .features import FEATURE_NAMES
from .report import Label

#: the columns of a listed row, as the JSON API returns them
ROW_COLUMNS = ("sha256", "name", "title", "url", "score", "label", "probability", "words",
               "scored_at", *FEATURE_NAMES)
#: the columns a listing can be sorted by
SORTABLE = frozenset(ROW_COLUMNS) - {"sha256", "url"}
#: the values of the label filter: the model's labels, and "unscored" for none
LABELS = (*get_args(Label), "unscored")
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Query:
    """One page of a listing: which rows, in which order."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = "scored_at"
    order: str = "desc"
    label: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise UsageError("offset must be 0 or more")
        if self.sort not in SORTABLE:
            raise UsageError(f"sort must be one of: {', '.join(sorted(SORTABLE))}")
        if self.order not in ("asc", "desc"):
            raise UsageError("order must be asc or desc")
        if self.label is not None and self.label not in LABELS:
            raise UsageError(f"label must be one of: {', '.join(LABELS)}")


@dataclass(frozen=True)
class Page:
    """A page of rows and the number of rows the filter matches in all."""

    rows: list[dict[str, Any]]
    total: int
    query: Query


@dataclass(frozen=True)
class Article:
    """One stored article: its report (JSON text) and its text (None when the store was
    written before texts were kept)."""

    report: str
    text: str | None


def connect(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the store at ``path``."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=5.0)
        db.execute("SELECT 1 FROM articles LIMIT 1")
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot read the store ({exc})") from None
    return db


def _where(label: str | None) -> tuple[str, tuple]:
    if label is None:
        return "", ()
    if label == "unscored":
        return " WHERE label IS NULL", ()
    return " WHERE label = ?", (label,)


def articles(path: str | Path, query: Query) -> Page:
    """The rows ``query`` asks for, and how many match."""
    where, params = _where(query.label)
    columns = ", ".join(f'"{c}"' for c in ROW_COLUMNS)
    # the sort column is checked against SORTABLE; sha256 breaks ties, so that pages
    # neither repeat nor skip rows
    order = f'"{query.sort}" {query.order.upper()} NULLS LAST, sha256'
    sql = f"SELECT {columns} FROM articles{where} ORDER BY {order} LIMIT ? OFFSET ?"
    with closing(connect(path)) as db:
        total = db.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]
        rows = db.execute(sql, (*params, query.limit, query.offset)).fetchall()
    return Page([dict(zip(ROW_COLUMNS, r)) for r in rows], total, query)


def article(path: str | Path, sha256: str) -> Article | None:
    """The stored article whose text has this SHA-256, or None."""
    with closing(connect(path)) as db:
        has_text = any(r[1] == "text" for r in db.execute("PRAGMA table_info(articles)"))
        text = "text" if has_text else "NULL"
        row = db.execute(f"SELECT report, {text} FROM articles WHERE sha256 = ?",
                         (sha256,)).fetchone()
    return None if row is None else Article(row[0], row[1])
