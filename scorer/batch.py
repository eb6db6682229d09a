"""Batch scoring: find inputs, score them in parallel, stream the reports to sinks
(JSONL, CSV, SQLite), resume an interrupted run.

The main process walks the inputs and reads their bytes (cheap); worker processes
(joblib, or a Dask cluster) decode, extract and score them in chunks and send back the
report as JSON text, so the main process only writes. Results come back in input order,
and at most a few chunks are in flight at once, so memory stays flat whatever the size
of the corpus.

Resuming: every input has a *source key*, the SHA-256 of its raw bytes (a file, or one
JSONL line). The SQLite store records it beside the text's own SHA-256 (the table's
primary key); a re-run skips inputs whose key is already stored with the same model.
Each chunk is written in one transaction, so a killed run leaves whole rows only.
"""

from __future__ import annotations

import codecs
import csv
import errno
import fnmatch
import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import threading
import time
import warnings
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from . import readers
from .errors import InputError, OutputError, ScorerError, StoreError, UsageError
from .features import FEATURE_NAMES, Features
from .render_html import render_html
from .settings import Settings

log = logging.getLogger(__name__)

CHUNK_SIZE = 32
#: seconds a write waits for another writer's lock on the database before giving up
BUSY_TIMEOUT = 30.0


# -- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One article to score: where it came from and its raw bytes."""

    name: str
    kind: str  # a file suffix (".txt", ".html", ...) or "jsonl" for one corpus line
    data: bytes
    key: str  # SHA-256 of the raw bytes: the resume key
    origin: str | None = None  # the file, when the item is a whole file (its identity)


@dataclass(frozen=True)
class Stored:
    """An input the store already holds, scored by the same model: on a resumed run its
    stored report goes to the JSONL and CSV outputs in its place, so that they hold one
    report per input, as if the run had never stopped."""

    key: str


@dataclass(frozen=True)
class Skip:
    """An input that was not scored, and why."""

    name: str
    reason: str


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_item(path: Path, name: str, settings: Settings) -> Iterator[Item | Skip]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_items(path, name, settings)
        return
    try:
        data = readers.read_bytes(path, name, settings)
    except InputError as exc:
        yield Skip(name, _reason(str(exc), name))
        return
    if suffix == ".json" and data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"[":
        # a list of articles is split here; one article is parsed by the worker
        try:
            value = readers.parse_json(data, name)
        except InputError as exc:
            yield Skip(name, _reason(str(exc), name))
            return
        for k, rec in enumerate(value):
            try:
                raw = json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8")
            except (UnicodeEncodeError, RecursionError, ValueError):
                yield Skip(f"{name}[{k}]", "record holds invalid Unicode or is nested "
                           "too deeply")
                continue
            yield Item(f"{name}[{k}]", "jsonl", raw, _key(raw))
        return
    yield Item(name, suffix, data, _key(data), origin=name)


def _jsonl_items(path: Path, name: str, settings: Settings) -> Iterator[Item | Skip]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(name, f"cannot read ({exc.strerror})")
        return
    limit = settings.max_bytes
    with fh:
        number = 0
        while True:
            # read at most limit + 1 bytes, so one huge line cannot fill the memory
            line = fh.readline(limit + 1)
            if not line:
                break
            number += 1
            where = f"{name}:{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line)
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                    size += len(line)
                yield Skip(where, f"line of {size:,} bytes is over the {limit:,}-byte limit")
                continue
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if not line.strip():
                continue
            yield Item(where, "jsonl", line, _key(line))


def _walk(root: Path) -> Iterator[Path | Skip]:
    """Files under ``root`` in a stable order, following symlinks but not loops."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path, ancestors: frozenset = frozenset()) -> Iterator[Path | Skip]:
        try:
            st = d.stat()
        except OSError as exc:
            yield Skip(str(d), f"cannot open folder ({exc.strerror})")
            return
        ident = (st.st_dev, st.st_ino)
        if ident in ancestors:
            yield Skip(str(d), "symlink loop: links back to a folder above it")
            return
        if ident in seen:
            return  # a second path (a symlink) to a folder already read: read it once
        seen.add(ident)
        ancestors = ancestors | {ident}
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            yield Skip(str(d), f"cannot list folder ({exc.strerror})")
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from visit(p, ancestors)
                elif entry.is_file():
                    yield p
                elif entry.is_symlink():
                    yield Skip(str(p), "broken or looping symlink")
            except OSError as exc:  # ELOOP on a self-referencing link
                yield Skip(str(p), f"cannot follow ({exc.strerror})")

    yield from visit(root)


def _files(target: str | Path, globs: Sequence[str] = ()) -> Iterator[Path | Skip]:
    """The files to read under ``target`` (a folder, or one file), without reading them;
    files of other types are Skips."""
    root = Path(target)
    if not root.exists():
        raise InputError(f"{target}: no such file or folder")
    if root.is_file():
        yield root
        return
    if not root.is_dir():
        raise InputError(f"{target}: not a file or folder")
    for found in _walk(root):
        if isinstance(found, Skip):
            yield found
            continue
        rel = found.relative_to(root).as_posix()
        if globs and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(found.name, g)
                             for g in globs):
            continue
        if found.suffix.lower() not in readers.SUFFIXES:
            if not globs and found.name.startswith("."):
                continue  # .DS_Store, .gitignore: not articles, not worth a line
            yield Skip(str(found), f"unsupported file type {found.suffix or '(none)'!r}; "
                       f"scorer reads {', '.join(readers.SUFFIXES)}")
            continue
        yield found


def discover(target: str | Path, settings: Settings, globs: Sequence[str] = ()) -> Iterator[Item | Skip]:
    """Every article under ``target`` (a folder, a JSONL/JSON corpus, or one file), lazily."""
    single = Path(target).is_file()
    for found in _files(target, globs):
        if isinstance(found, Skip):
            yield found
        else:
            yield from _file_item(found, str(target) if single else str(found), settings)


# -- scoring (runs in the workers) --------------------------------------------------------


@dataclass
class Outcome:
    """What scoring one item produced: a report (as JSON) or the reason it was skipped."""

    name: str
    key: str
    sha256: str | None = None
    report: str | None = None  # the Report as compact JSON
    row: dict | None = None  # flat columns for CSV / SQLite
    error: str | None = None
    item: str = ""  # the input's own name (a file, or file:line), for the skipped table
    origin: str | None = None  # see Item.origin
    text: str | None = None  # the analysed text, for the store's article pages (see Keep)
    page: str | None = None  # the HTML page, when the run writes pages (see Keep)


def _row(report) -> dict:
    row = {
        "name": report.input.name,
        "sha256": report.input.sha256,
        "title": report.input.title,
        "url": report.input.url,
        "words": report.input.words,
        "score": report.score,
        "label": report.label,
        "probability": report.probability,
        "model_sha256": report.model.sha256 if report.model else None,
        "warnings": ",".join(w.code for w in report.warnings),
    }
    row.update(report.features.model_dump())
    return row


@dataclass(frozen=True)
class Keep:
    """What scoring an item sends back beside its report: the text (a run with a store
    keeps it, for the article's page later) and the HTML page (a run writing pages
    renders them in the worker, where the text is). Neither by default: a worker's
    results cross a process boundary."""

    text: bool = False
    page: bool = False


def score_item(item: Item, settings: Settings, model=None, keep: Keep = Keep()) -> Outcome:
    """Decode, extract and score one item; every refusal becomes an Outcome with a reason.
    ``model``: the run's model in numpy form (see :class:`scorer.model.Compiled`)."""
    from .api import score_input

    try:
        if item.kind == "jsonl":
            doc = readers.from_json_line(item.data, item.name)
        else:
            doc = readers.from_bytes(item.data, item.name, item.kind)
        report = score_input(doc, settings, model)
        page = render_html(report, doc.text) if keep.page else None
        scored = outcome(report, doc.text if keep.text else None, item.key, item.name,
                         item.origin, page)
    except InputError as exc:
        return Outcome(item.name, item.key, error=_reason(str(exc), item.name), item=item.name)
    except ScorerError:
        raise  # a model or lexicon problem stops the whole batch: every item would fail
    except Exception as exc:  # a bug on one odd input must not stop a million-article run
        log.exception("scoring %s failed", item.name)
        return Outcome(item.name, item.key, item=item.name,
                       error=f"internal error ({type(exc).__name__}: {exc}); please report it")
    return scored


def outcome(report, text: str | None, key: str, item: str, origin: str | None = None,
            page: str | None = None) -> Outcome:
    """A scored input as the store and the outputs take it (``key``: its source key)."""
    return Outcome(report.input.name, key, sha256=report.input.sha256,
                   report=report.model_dump_json(), row=_row(report), item=item,
                   origin=origin, text=text, page=page)


def _reason(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def score_chunk(items: Sequence[Item], settings: Settings, model=None,
                keep: Keep = Keep()) -> list[Outcome]:
    return [score_item(it, settings, model, keep) for it in items]


def worker_chunk(items: Sequence[Item], settings: Settings, model, parent: int,
                 keep: Keep = Keep()) -> list[Outcome]:
    """:func:`score_chunk` in a worker process, which ends itself if the batch that
    started it (process ``parent``) dies without stopping it (kill -9)."""
    _watch_parent(parent)
    return score_chunk(items, settings, model, keep)


_WATCHING: set[int] = set()


def _watch_parent(parent: int) -> None:
    """Once per worker: a daemon thread that ends the process within a second of its
    parent's death (the worker is then adopted, and its parent id changes). Without it, a
    killed batch's workers and their resource trackers stay alive until joblib's idle
    timeout, holding their memory."""
    if parent in _WATCHING or os.getpid() == parent:
        return
    _WATCHING.add(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="scorer-parent-watch", daemon=True).start()


# -- sinks -------------------------------------------------------------------------------

COLUMNS = ["name", "sha256", "title", "url", "words", "score", "label", "probability",
           "model_sha256", "warnings", *FEATURE_NAMES]


class JsonlSink:
    """One report per line."""

    what = "JSONL"

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh

    def write(self, outcomes: Sequence[Outcome]) -> None:
        self.fh.write("".join(o.report + "\n" for o in outcomes if o.report))
        self.fh.flush()


class CsvSink:
    """The flat features, one row per article."""

    what = "CSV"

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, outcomes: Sequence[Outcome]) -> None:
        self.writer.writerows(o.row for o in outcomes if o.row)
        self.fh.flush()


class HtmlSink:
    """One page per article in a folder, named from the input's name and its text's
    SHA-256 (two inputs of the same name never share a file)."""

    what = "HTML"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.written: set[str] = set()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.folder}: {exc.strerror}", exc.errno) from None

    def write(self, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            if o.page is None:  # stored by an earlier run: its text is not at hand
                continue
            path = self.folder / self._file_name(o.name, o.sha256 or "")
            try:
                path.write_text(o.page, encoding="utf-8")
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}", exc.errno) from None

    def _file_name(self, name: str, sha256: str) -> str:
        """``NAME-SHA256PREFIX.html``, with NAME made safe; numbered when the same name and
        text come twice in one run (one folder's copy of another's file)."""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._")[:80] or "article"
        base = f"{stem}-{sha256[:12]}"
        file, n = f"{base}.html", 1
        while file in self.written:
            n += 1
            file = f"{base}-{n}.html"
        self.written.add(file)
        return file


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
        # a store made before the text was kept gets the column (NULL in its old rows)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        if "text" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN text TEXT")

    def start(self, target: str) -> None:
        cur = self.db.execute("INSERT INTO runs(target, started, status) VALUES (?, ?, 'running')",
                              (target, _now()))
        self.run_id = cur.lastrowid

    def done(self, key: str, model_sha256: str | None) -> bool:
        """True when the input with this source key is stored, scored by the same model."""
        with self.lock:
            row = self.db.execute("SELECT model_sha256 FROM articles WHERE source_key = ?",
                                  (key,)).fetchone()
        return row is not None and row[0] == model_sha256

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


class Output:
    """An output file of a batch, written through a temporary file beside it that takes
    its name only when the run has ended (:meth:`keep`): a run that fails before that
    (a missing input, a refused model, a full disk) leaves an existing file as it was.
    A path that is not a regular file (``/dev/stdout``, a named pipe) is written
    directly."""

    def __init__(self, path: str | Path, newline: str | None = None) -> None:
        self.path = Path(path)
        direct = self.path.exists() and not self.path.is_file()
        self.tmp = None if direct else self.path.with_name(
            f".{self.path.name}.{os.getpid()}.partial")
        try:
            self.fh: TextIO = (self.tmp or self.path).open("w", encoding="utf-8", newline=newline)
        except OSError as exc:
            raise self._error(exc) from None

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write {self.path}: {exc.strerror}", exc.errno)

    def keep(self) -> None:
        """Close the file and give it its name."""
        try:
            self.fh.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise self._error(exc) from None

    def discard(self) -> None:
        """Close and remove the temporary file: the path keeps what it held before."""
        try:
            self.fh.close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                self.tmp.unlink()
            except OSError:
                pass


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


# -- the run ------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a batch did: counts by label, what it skipped and why, and its speed."""

    scored: int = 0
    already: int = 0  # found in the database from an earlier run
    duplicates: int = 0  # same text as another input
    labels: Counter = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        return self.scored / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {
            "scored": self.scored, "already_in_database": self.already,
            "duplicates": self.duplicates, "labels": dict(self.labels),
            "skipped": [{"name": s.name, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
        }


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _local(chunks: Iterator[list[Item]], settings: Settings, jobs: int,
           model=None, keep: Keep = Keep()) -> Iterator[list[Outcome]]:
    if jobs == 1:
        for chunk in chunks:
            yield score_chunk(chunk, settings, model, keep)
        return
    from joblib import Parallel, delayed

    # workers start as `python -m ...`, which puts the working folder first on their
    # path: a file there named like a module they import (concurrent.py) would replace it
    os.environ["PYTHONSAFEPATH"] = "1"
    # return_as="generator" keeps input order and pulls chunks lazily (pre_dispatch)
    par = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs", batch_size=1)
    parent = os.getpid()
    yield from par(delayed(worker_chunk)(chunk, settings, model, parent, keep)
                   for chunk in chunks)


def _dask(chunks: Iterator[list[Item]], settings: Settings, scheduler: str | None,
          model=None, keep: Keep = Keep(), window: int | None = None) -> Iterator[list[Outcome]]:
    try:
        from distributed import Client
    except ImportError:
        raise ScorerError("the Dask backend needs `pip install 'scorer[dask]'`") from None
    try:
        client = Client(scheduler) if scheduler else Client(processes=True)
    except (OSError, TimeoutError) as exc:
        raise ScorerError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        window = window or 2 * workers
        pending: deque = deque()
        for chunk in chunks:
            pending.append(client.submit(score_chunk, chunk, settings, model, keep, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()


def check_jobs(jobs: int) -> int:
    """The number of worker processes ``jobs`` asks for (-1: one per core)."""
    if jobs == 0 or jobs < -1:
        raise UsageError("--jobs must be a positive number, or -1 for all cores")
    return (os.cpu_count() or 1) if jobs == -1 else jobs


def run_model(settings: Settings):
    """The model the run scores with, in numpy form when it has one (None: unscored)."""
    from . import model as model_mod

    m = model_mod.load_scoring_cached(settings.model_path, trust=settings.trust_model)
    return (m.compiled() or m) if isinstance(m, model_mod.Model) else m


def run(
    target: str | Path,
    *,
    settings: Settings | None = None,
    jobs: int = -1,
    globs: Sequence[str] = (),
    jsonl: TextIO | None = None,
    csv_out: TextIO | None = None,
    db: str | Path | None = None,
    backend: str = "local",
    scheduler: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    html_dir: str | Path | None = None,
) -> Summary:
    """Score every article under ``target``; write reports to the sinks; return a Summary.

    ``progress`` is called with the number of inputs handled after each chunk;
    ``html_dir``: also write one HTML page per scored article there.
    Ctrl-C stops cleanly: what was written stays written, and the Summary says so.
    """
    settings = settings or Settings()
    jobs = check_jobs(jobs)
    sinks = [s for s in (JsonlSink(jsonl) if jsonl else None,
                         CsvSink(csv_out) if csv_out else None,
                         HtmlSink(html_dir) if html_dir else None) if s]
    keep = Keep(text=db is not None, page=html_dir is not None)
    model = run_model(settings)  # fail fast on a bad model, before any work
    model_hash = model.sha256 if model is not None else None
    store = Store(db) if db else None
    summary = Summary()
    pending_skips: deque[Skip] = deque()  # appended by joblib's dispatcher thread

    def inputs() -> Iterator[Item]:
        for found in discover(target, settings, globs):
            if isinstance(found, Skip):
                summary.skipped.append(found)
                pending_skips.append(found)
                if progress:
                    progress(1)
            elif store is not None and store.done(found.key, model_hash):
                summary.already += 1
                if progress:
                    progress(1)
                if sinks:
                    yield Stored(found.key)
            else:
                yield found

    # each chunk as read, stored inputs in their places; the workers get its items only.
    # joblib pulls chunks from its own thread, in order: a deque keeps them for the loop
    layouts: deque[list[Item | Stored]] = deque()

    def work() -> Iterator[list[Item]]:
        for chunk in _chunks(inputs(), chunk_size):
            layouts.append(chunk)
            yield [x for x in chunk if isinstance(x, Item)]

    if store:
        try:
            store.start(str(target))
        except sqlite3.Error as exc:
            store.close()
            raise store_error(store.path, exc) from None
    t0 = time.perf_counter()
    status = "finished"
    results = None
    try:
        chunks = work()
        results = (_dask(chunks, settings, scheduler, model, keep) if backend == "dask"
                   else _local(chunks, settings, jobs, model, keep))
        for outcomes in results:
            good: list[Outcome] = []
            bad: list[Skip | Outcome] = []
            while pending_skips:
                bad.append(pending_skips.popleft())
            texts: set[str] = set()
            for o in outcomes:
                if o.error is not None:
                    summary.skipped.append(Skip(o.name, o.error))
                    bad.append(o)
                elif store is not None and (o.sha256 in texts or store.has_text(o.sha256, o.key)):
                    summary.duplicates += 1  # the same text under another name
                else:
                    texts.add(o.sha256)
                    good.append(o)
            if store:
                store.write(good, bad)
            # counted as soon as stored: a Ctrl-C or SIGTERM during the writes below
            # leaves the run's record agreeing with its rows
            summary.scored += len(good)
            summary.labels.update(o.row["label"] or "unscored" for o in good)
            out = _in_place(layouts.popleft(), outcomes, good, store)
            for sink in sinks:
                try:
                    sink.write(out)
                except OSError as exc:  # a full disk, a closed pipe
                    raise OutputError(f"cannot write the {sink.what} output: "
                                      f"{exc.strerror or exc}", exc.errno) from None
            if progress:
                progress(len(outcomes))
    except KeyboardInterrupt:
        summary.interrupted = True
        status = "interrupted"
    except OutputError as exc:
        status = "output_closed" if exc.errno == errno.EPIPE else "failed"
        raise
    except sqlite3.Error as exc:  # only the store raises these
        status = "failed"
        raise store_error(store.path, exc) from None  # type: ignore[union-attr]
    except BaseException:
        status = "failed"
        raise
    finally:
        if results is not None:
            with warnings.catch_warnings():  # joblib's note on the chunks it cancelled
                warnings.simplefilter("ignore", UserWarning)
                results.close()  # stop joblib's dispatcher before the database closes
        summary.seconds = time.perf_counter() - t0
        if store:
            _close_store(store, summary, status, list(pending_skips))
    return summary


def _in_place(layout: list[Item | Stored], outcomes: list[Outcome], good: list[Outcome],
              store: Store | None) -> list[Outcome]:
    """The chunk's reports for the outputs, in input order: the new ones that were kept
    (not skipped, not a duplicate) and, in their places, the stored ones (there are
    some only with a store)."""
    if store is None or not any(isinstance(x, Stored) for x in layout):
        return good
    kept = {id(o) for o in good}
    scored = iter(outcomes)
    out = []
    for x in layout:
        if isinstance(x, Stored):
            o = store.stored(x.key)
        else:
            o = next(scored)
            o = o if id(o) in kept else None
        if o is not None:
            out.append(o)
    return out


def _close_store(store: Store, summary: Summary, status: str, skips: list[Skip]) -> None:
    """Record the run's end (and skips not yet stored) and close the database. When that
    fails after the run failed, the run's first error is the one reported; after a run
    that went well, the failure is."""
    try:
        if skips:
            store.write([], skips)
        store.finish(summary, status)
    except sqlite3.Error as exc:
        if status != "failed":
            raise store_error(store.path, exc) from None
        log.warning("%s: could not record the run's end: %s", store.path, exc)
    finally:
        store.close()


def count_inputs(target: str | Path, globs: Sequence[str] = ()) -> int:
    """About how many inputs ``target`` holds, for a progress bar's ETA: JSONL lines are
    counted, other files are not read (a .json list counts as one)."""
    n = 0
    for found in _files(target, globs):
        if isinstance(found, Path) and found.suffix.lower() == ".jsonl":
            try:
                with found.open("rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n
