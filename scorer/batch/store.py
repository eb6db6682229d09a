"""The SQLite store of a batch: one row per distinct text, what was skipped, and each
run; it is what makes a run resumable (see :meth:`Store.done`)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, StoreError
from ..features import FEATURE_NAMES, Features
from .inputs import Skip
from .work import COLUMNS, Outcome

if TYPE_CHECKING:
    from .runner import Summary

#: seconds a write waits for another writer's lock on the database before giving up
BUSY_TIMEOUT = 30.0


def _sql_type(name: str) -> str:
    ann = Features.model_fields[name].annotation
    return "INTEGER" if ann is int else "REAL"


class Store:
    """The SQLite database: table ``articles`` (one row per distinct text, keyed by its
    SHA-256, features as columns, the full report as JSON), ``skipped`` and ``runs``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            # joblib pulls the inputs (and so calls `done`) from its dispatcher thread;
            # every use of the connection holds self.lock
            self.db = sqlite3.connect(str(self.path), isolation_level=None,
                                      check_same_thread=False, timeout=BUSY_TIMEOUT)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._create()
        except sqlite3.OperationalError as exc:
            raise store_error(self.path, exc) from None
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: not a usable SQLite database ({exc})") from None
        self.run_id: int | None = None
        self.lock = threading.RLock()

    def _create(self) -> None:
        feats = ",\n  ".join(f'"{n}" {_sql_type(n)}' for n in FEATURE_NAMES)
        self.db.executescript(f"""
CREATE TABLE IF NOT EXISTS articles (
  sha256 TEXT PRIMARY KEY,
  source_key TEXT NOT NULL,
  origin TEXT,
  name TEXT NOT NULL,
  title TEXT,
  url TEXT,
  words INTEGER,
  score REAL,
  label TEXT,
  probability REAL,
  model_sha256 TEXT,
  loaded_model_sha256 TEXT,
  warnings TEXT,
  {feats},
  report TEXT NOT NULL,
  run_id INTEGER,
  scored_at TEXT NOT NULL,
  text TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_source_key ON articles(source_key);
CREATE INDEX IF NOT EXISTS articles_label ON articles(label);
CREATE INDEX IF NOT EXISTS articles_origin ON articles(origin);
CREATE TABLE IF NOT EXISTS skipped (
  name TEXT PRIMARY KEY,
  source_key TEXT,
  reason TEXT NOT NULL,
  run_id INTEGER,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target TEXT, started TEXT, finished TEXT, status TEXT,
  scored INTEGER, already INTEGER, skipped INTEGER, duplicates INTEGER
);
""")
        # a store made before the text was kept, or before a column was added (schema
        # 1.3.0: loaded_model_sha256, loaded_sentence_share_author), gets the column (NULL
        # in its old rows: those were scored with the word list)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        for name, kind in [*((n, _sql_type(n)) for n in FEATURE_NAMES), ("text", "TEXT"),
                           ("loaded_model_sha256", "TEXT")]:
            if name not in columns:
                self.db.execute(f'ALTER TABLE articles ADD COLUMN "{name}" {kind}')

    def start(self, target: str) -> None:
        cur = self.db.execute("INSERT INTO runs(target, started, status) VALUES (?, ?, 'running')",
                              (target, _now()))
        self.run_id = cur.lastrowid

    def done(self, key: str, model_sha256: str | None,
             loaded_model_sha256: str | None = None) -> bool:
        """True when the input with this source key is stored, scored by the same model
        and with the same loaded-language model (None: the word list)."""
        with self.lock:
            row = self.db.execute("SELECT model_sha256, loaded_model_sha256 FROM articles "
                                  "WHERE source_key = ?",
                                  (key,)).fetchone()
        return row is not None and row[0] == model_sha256 and row[1] == loaded_model_sha256

    _SELECT_STORED = "SELECT {}, report FROM articles WHERE source_key = ?".format(
        ", ".join(f'"{c}"' for c in COLUMNS))

    def stored(self, key: str) -> Outcome | None:
        """The stored report and row of the input with this source key."""
        with self.lock:
            row = self.db.execute(self._SELECT_STORED, (key,)).fetchone()
        if row is None:
            return None
        values = dict(zip(COLUMNS, row))
        return Outcome(values["name"], key, values["sha256"], report=row[-1], row=values)

    def has_text(self, sha256: str, key: str) -> bool:
        """True when the same text is stored under another input (a duplicate)."""
        with self.lock:
            row = self.db.execute("SELECT source_key FROM articles WHERE sha256 = ?",
                                  (sha256,)).fetchone()
        return row is not None and row[0] != key

    _ROW_COLS = [c for c in COLUMNS if c != "sha256"]
    _INSERT = "INSERT OR REPLACE INTO articles ({}) VALUES ({})".format(
        ", ".join(f'"{c}"' for c in ["sha256", "source_key", "origin", *_ROW_COLS, "report",
                                     "run_id", "scored_at", "text"]),
        ", ".join("?" for _ in range(len(_ROW_COLS) + 7)))

    def write(self, outcomes: Sequence[Outcome], skips: Sequence[Skip | Outcome] = ()) -> None:
        """Store a chunk's rows and skips in one transaction."""
        now = _now()
        with self.lock:
            self._transaction(outcomes, skips, now)

    def _transaction(self, outcomes, skips, now) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for o in outcomes:
                # a new model replaces the input's row; so does a changed file (same
                # path, new bytes). Records of a corpus have no stable identity but
                # their bytes: an edited record is a new row, the old one stays.
                self.db.execute("DELETE FROM articles WHERE source_key = ? AND sha256 != ?",
                                (o.key, o.sha256))
                if o.origin is not None:
                    self.db.execute("DELETE FROM articles WHERE origin = ? AND source_key != ?",
                                    (o.origin, o.key))
                self.db.execute(
                    self._INSERT,
                    (o.sha256, o.key, o.origin, *[o.row.get(c) for c in self._ROW_COLS],
                     o.report, self.run_id, now, o.text),
                )
                self.db.execute("DELETE FROM skipped WHERE name = ?", (o.item,))
            for s in skips:
                reason = s.reason if isinstance(s, Skip) else s.error
                key = None if isinstance(s, Skip) else s.key
                name = s.name if isinstance(s, Skip) else (s.item or s.name)
                self.db.execute(
                    "INSERT OR REPLACE INTO skipped (name, source_key, reason, run_id, at) "
                    "VALUES (?, ?, ?, ?, ?)", (name, key, reason, self.run_id, now))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def finish(self, summary: "Summary", status: str) -> None:
        with self.lock:
            self.db.execute(
                "UPDATE runs SET finished = ?, status = ?, scored = ?, already = ?, "
                "skipped = ?, duplicates = ? WHERE id = ?",
                (_now(), status, summary.scored, summary.already, len(summary.skipped),
                 summary.duplicates, self.run_id))

    def close(self) -> None:
        with self.lock:
            self.db.close()


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """One line for a database that cannot be written: locked by another writer longer
    than the busy timeout, a full disk, a read-only file."""
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(f"{path}: the database is locked by another writer (waited "
                          f"{BUSY_TIMEOUT:.0f} s); what was stored stays stored: run again "
                          "when the other writer is done, and it resumes")
    return StoreError(f"{path}: cannot write the database ({exc}); what was stored stays "
                      "stored: run again to resume")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
