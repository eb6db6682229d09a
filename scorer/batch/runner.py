"""The run of a batch: inputs in chunks to the workers (joblib, or a Dask cluster), the
results back in input order to the sinks and the store, a summary at the end."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import sys
import time
import warnings
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from ..errors import OutputError, ScorerError, UsageError
from ..settings import Settings
from .inputs import Item, Skip, Stored, count_inputs, discover
from .sinks import CsvSink, HtmlSink, JsonlSink, Output
from .store import Store, store_error
from .work import Keep, Outcome, score_chunk, settle, worker_chunk

log = logging.getLogger(__name__)

CHUNK_SIZE = 32
BACKENDS = ("local", "dask")


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
           model=None, keep: Keep = Keep(), tune_gc: bool = False) -> Iterator[list[Outcome]]:
    if jobs == 1:
        for chunk in chunks:
            yield score_chunk(chunk, settings, model, keep)
            if tune_gc:
                settle()
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


def check_options(jobs: int, backend: str) -> int:
    """The number of worker processes (see :func:`check_jobs`), after refusing a backend
    that is not one of :data:`BACKENDS`: a :class:`UsageError` either way."""
    if backend not in BACKENDS:
        raise UsageError("--backend must be local or dask")
    return check_jobs(jobs)


def run_model(settings: Settings):
    """The model the run scores with, in numpy form when it has one (None: unscored)."""
    from .. import model as model_mod

    m = model_mod.load_scoring_cached(settings.model_path, trust=settings.trust_model)
    return (m.compiled() or m) if isinstance(m, model_mod.Model) else m


def run_loaded_model_sha256(settings: Settings) -> str | None:
    """The SHA-256 of the loaded-language model the run finds loaded terms with (None:
    the word list), loaded now so that a bad file stops the run before any work."""
    if settings.loaded_signal != "model":
        return None
    from ..loaded.model import load_cached

    return load_cached(settings.loaded_model_path, trust=settings.trust_model).sha256


def score_batch(
    target: str | Path,
    *,
    settings: Settings | None = None,
    out: str | Path | None = None,
    csv_path: str | Path | None = None,
    db: str | Path | None = None,
    html_dir: str | Path | None = None,
    jobs: int = -1,
    globs: Sequence[str] = (),
    backend: str = "local",
    scheduler: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
    tune_gc: bool = False,
) -> Summary:
    """What ``scorer batch`` does: score every article under ``target`` into the outputs
    named by path, and return the Summary.

    ``out``: the reports as JSONL (``"-"``: standard output); ``csv_path``: the flat
    features as CSV; ``db``: the resumable SQLite store; ``html_dir``: one page per
    scored article. The JSONL and CSV files are written aside and take their names when
    the run ends (interrupted included): a run that fails leaves an existing file as it
    was. ``progress``: see :func:`run`; ``total``, when given, is called once before the
    run with about how many inputs there are (:func:`count_inputs`: JSONL corpora are
    read once more to count their lines). ``tune_gc``: see :func:`run`.

    An :class:`OutputError` (or ``BrokenPipeError``) with ``errno.EPIPE`` while writing
    to standard output means its reader went away: the other outputs are kept."""
    check_options(jobs, backend)  # before any output file is created
    outputs: list[Output] = []
    try:
        jsonl = sys.stdout if out == "-" else (_open(out, outputs) if out else None)
        csv_out = _open(csv_path, outputs, newline="") if csv_path else None
        if total is not None:
            total(count_inputs(target, globs))
        summary = run(target, settings=settings, jobs=jobs, globs=globs, jsonl=jsonl,
                      csv_out=csv_out, db=db, backend=backend, scheduler=scheduler,
                      chunk_size=chunk_size, progress=progress, html_dir=html_dir,
                      tune_gc=tune_gc)
        if out == "-":
            sys.stdout.flush()
        _end(outputs, keep=True)
    except (OutputError, BrokenPipeError) as exc:
        _end(outputs, keep=out == "-" and exc.errno == errno.EPIPE)
        raise
    except BaseException:
        _end(outputs, keep=False)
        raise
    return summary


def _open(path: str | Path, outputs: list[Output], newline: str | None = None) -> TextIO:
    """An output file of the batch (written aside, named at the end), its handle."""
    o = Output(path, newline=newline)
    outputs.append(o)
    return o.fh


def _end(outputs: list[Output], keep: bool) -> None:
    """Give the batch's output files their names (``keep``), or drop them: an existing
    file keeps what it held."""
    for o in outputs:
        if keep:
            o.keep()
        else:
            o.discard()


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
    tune_gc: bool = False,
) -> Summary:
    """Score every article under ``target``; write reports to the sinks; return a Summary.

    ``progress`` is called with the number of inputs handled after each chunk;
    ``html_dir``: also write one HTML page per scored article there; ``tune_gc``: with
    one job, tune this process's garbage collector after the first chunk
    (:func:`scorer.batch.work.settle`, which worker processes always do): for a process
    that does nothing else, as ``scorer batch``'s.
    Ctrl-C stops cleanly: what was written stays written, and the Summary says so.
    """
    settings = settings or Settings()
    jobs = check_options(jobs, backend)
    sinks = [s for s in (JsonlSink(jsonl) if jsonl else None,
                         CsvSink(csv_out) if csv_out else None,
                         HtmlSink(html_dir) if html_dir else None) if s]
    keep = Keep(text=db is not None, page=html_dir is not None)
    model = run_model(settings)  # fail fast on a bad model, before any work
    model_hash = model.sha256 if model is not None else None
    loaded_hash = run_loaded_model_sha256(settings)
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
            elif store is not None and store.done(found.key, model_hash, loaded_hash):
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
                   else _local(chunks, settings, jobs, model, keep, tune_gc))
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
