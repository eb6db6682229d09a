"""Scoring a batch's items: what runs in the worker processes (joblib or Dask). Every
function sent to a worker is a top-level function here, so it pickles by name."""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .. import readers
from ..errors import InputError, ScorerError
from ..features import FEATURE_NAMES
from ..render_html import render_html
from ..settings import Settings
from .inputs import Item, _reason

log = logging.getLogger(__name__)

#: the flat columns of a scored article, in order: the CSV's header, the store's row
COLUMNS = ["name", "sha256", "title", "url", "words", "score", "label", "probability",
           "model_sha256", "loaded_model_sha256", "warnings", *FEATURE_NAMES]


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
        "loaded_model_sha256": report.loaded_model.sha256 if report.loaded_model else None,
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
    return score_chunk([item], settings, model, keep)[0]


def _guard(item: Item, step: Callable[[], Any]) -> Any:
    """``step()`` for one item: a refused input skips the item with its reason, a model
    or lexicon problem stops the whole batch (every item would fail), and any other
    failure skips the item (a bug on one odd input must not stop a million-article run)."""
    try:
        return step()
    except InputError as exc:
        return Outcome(item.name, item.key, error=_reason(str(exc), item.name), item=item.name)
    except ScorerError:
        raise
    except Exception as exc:
        log.error("scoring %s failed", item.name, exc_info=exc)
        return Outcome(item.name, item.key, item=item.name,
                       error=f"internal error ({type(exc).__name__}: {exc}); please report it")


def _read(item: Item) -> readers.TextInput | Outcome:
    """The item's input, or the Outcome saying why it cannot be read."""
    if item.kind == "jsonl":
        return _guard(item, lambda: readers.from_json_line(item.data, item.name))
    return _guard(item, lambda: readers.from_bytes(item.data, item.name, item.kind))


def _finish(item: Item, doc: readers.TextInput, report, settings: Settings, model,
            keep: Keep) -> Outcome:
    """The item's outcome from its report: scored by the sourcing model, its page."""
    from ..api import apply_model

    def finish() -> Outcome:
        scored = apply_model(report, settings, model)
        page = render_html(scored, doc.text) if keep.page else None
        return outcome(scored, doc.text if keep.text else None, item.key, item.name,
                       item.origin, page)

    return _guard(item, finish)


def outcome(report, text: str | None, key: str, item: str, origin: str | None = None,
            page: str | None = None) -> Outcome:
    """A scored input as the store and the outputs take it (``key``: its source key)."""
    return Outcome(report.input.name, key, sha256=report.input.sha256,
                   report=report.model_dump_json(), row=_row(report), item=item,
                   origin=origin, text=text, page=page)


def score_chunk(items: Sequence[Item], settings: Settings, model=None,
                keep: Keep = Keep()) -> list[Outcome]:
    """Score ``items``. When a signal scores several articles at once under the settings
    (the loaded-language model), the chunk's signals run together
    (:func:`scorer.pipeline.analyse_many`); else, or should that fail, each item is
    read and scored on its own (one article's data held at a time), so that one bad
    input loses only itself."""
    from ..pipeline import analyse_many, batches

    if not batches(settings):
        return [_alone(it, _read(it), settings, model, keep) for it in items]
    read = [_read(it) for it in items]
    good = [(k, doc) for k, doc in enumerate(read) if not isinstance(doc, Outcome)]
    try:
        reports = analyse_many([doc for _, doc in good], settings)
    except ScorerError as exc:
        if not isinstance(exc, InputError):
            raise  # a model or lexicon problem: every item would fail
        reports = None  # one item's: alone, each says which
    except Exception:
        log.warning("scoring a chunk of %d together failed; scoring each alone", len(good),
                    exc_info=True)
        reports = None
    if reports is None:
        return [_alone(it, doc, settings, model, keep) for it, doc in zip(items, read)]
    out: list[Outcome] = list(read)  # type: ignore[arg-type]
    for (k, doc), report in zip(good, reports):
        out[k] = _finish(items[k], doc, report, settings, model, keep)
    return out


def _alone(item: Item, doc: readers.TextInput | Outcome, settings: Settings, model,
           keep: Keep) -> Outcome:
    """One item scored on its own (``doc``: as read, or why it could not be)."""
    from ..pipeline import analyse

    if isinstance(doc, Outcome):
        return doc
    report = _guard(item, lambda: analyse(doc, settings))
    return report if isinstance(report, Outcome) else _finish(item, doc, report, settings,
                                                              model, keep)


def worker_chunk(items: Sequence[Item], settings: Settings, model, parent: int,
                 keep: Keep = Keep()) -> list[Outcome]:
    """:func:`score_chunk` in a worker process, which ends itself if the batch that
    started it (process ``parent``) dies without stopping it (kill -9)."""
    _watch_parent(parent)
    out = score_chunk(items, settings, model, keep)
    settle()
    return out


#: the collector's first threshold in a process that scores a batch (Python's: 700)
GC_THRESHOLD = 20_000
_SETTLED: list[int] = []


def settle() -> None:
    """Once per process that scores a batch, after its first chunk: what is loaded by
    then (lexicons, models, published tables, the first words' memos) stays, so the
    garbage collector stops looking at it (``gc.freeze``; the ``scorer`` command freezes
    what start-up built, :func:`scorer.cli.collect_garbage`, but the models load
    later), and it looks at new objects after every 20,000 rather than 700 (a chunk's
    Documents and spans, alive while it is scored, were walked again and again). 600
    fakehealth articles with ``--loaded model``, one job: 16.26 G instructions without,
    15.90 G with (-2.3%; callgrind, BLAS threads 1, hash seed 0); what the collector
    keeps waiting is a chunk's garbage at most."""
    if _SETTLED and _SETTLED[0] == os.getpid():
        return
    _SETTLED[:] = [os.getpid()]
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


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
