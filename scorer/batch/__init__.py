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

The modules, in the order the data flows: :mod:`.inputs` (finding inputs), :mod:`.work`
(scoring, in the workers), :mod:`.sinks` (JSONL, CSV, HTML, output files),
:mod:`.store` (SQLite), :mod:`.runner` (the run; :func:`score_batch` is ``scorer
batch``). Their public names are imported here.
"""

from .inputs import Item, Skip, Stored, count_inputs, discover
from .runner import (BACKENDS, CHUNK_SIZE, Summary, check_jobs, check_options, run,
                     run_model, score_batch)
from .sinks import CsvSink, HtmlSink, JsonlSink, Output
from .store import Store, store_error
from .work import COLUMNS, Keep, Outcome, outcome, score_chunk, score_item, worker_chunk

__all__ = [
    "BACKENDS", "CHUNK_SIZE", "COLUMNS", "CsvSink", "HtmlSink", "Item", "JsonlSink", "Keep",
    "Outcome", "Output", "Skip", "Store", "Stored", "Summary", "check_jobs", "check_options",
    "count_inputs", "discover", "outcome", "run", "run_model", "score_batch", "score_chunk",
    "score_item", "store_error", "worker_chunk",
]
