"""The command line. Parses arguments, calls the library, maps errors to exit codes:
0 ok, 1 unreadable or rejected input (or another scorer error, or output that cannot be
written), 2 usage error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). A closed pipe (``scorer batch ... | head``) is a
normal end. Nothing here analyses text."""

from __future__ import annotations

import errno
import functools
import gc
import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError

import scorer

from .errors import LexiconError, OutputError, ScorerError, UsageError, where_not_utf8
from .settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="How well is a news article sourced, and how loaded is its language? "
    "Every number comes with the text that produced it.",
)


@functools.cache
def _err() -> "Console":
    """The console on standard error (made on first use: rich is not imported by a
    command that prints nothing there, ``scorer score FILE --json``)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _console() -> "Console":
    from rich.console import Console

    return Console()


def _code(exc: ScorerError) -> int:
    """Exit code for a library error: a bad extra lexicon (a bad setting) or an argument
    out of range is a usage error (2)."""
    return 2 if isinstance(exc, (LexiconError, UsageError)) else 1


@contextmanager
def _library_errors():
    """The CLI's one edge: an error the library raises becomes one line on stderr and
    its exit code (see :func:`_code`)."""
    try:
        yield
    except ScorerError as exc:
        raise _fail(str(exc), _code(exc)) from None


def collect_garbage() -> None:
    """A long-running command turns the garbage collector back on (``scorer`` starts
    with it off, see :mod:`scorer.__main__`), after moving what start-up built out of its
    sight. Nothing to do where it is on (the CLI called in-process, by tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _fail(message: str, code: int = 1) -> typer.Exit:
    _err().print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _stdout():
    """Writing to standard output: a reader that stopped reading (``| head -1``) ends
    the command quietly, exit 0; a full disk or a closed output is one line, exit 1."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        raise typer.Exit(_output_failed(exc, "the standard output")) from None


def _output_failed(exc: OSError | OutputError, what: str) -> int:
    """Standard output could not be written: the exit code, after one line saying so. A
    reader that went away (EPIPE) is a normal end, 0, quietly. Standard output is pointed
    at /dev/null, so that the interpreter's last flush raises nothing more."""
    _detach_stdout()
    if exc.errno == errno.EPIPE:
        return 0
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    _err().print(f"[bold red]error:[/] cannot write {what}: {reason}", markup=True, soft_wrap=True)
    return 1


def _write(path: Path, data: str | bytes, end: bytes = b"") -> None:
    """Write an output file (text as UTF-8), then ``end``; one line and exit 1 when it
    cannot be written."""
    try:
        with path.open("wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.write(end)
    except OSError as exc:
        raise _fail(f"cannot write {path}: {exc.strerror or exc}") from None


def _settings(**overrides) -> Settings:
    overrides = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _fail(f"bad setting SCORER_{where.upper()}: {first['msg']}", 2) from None
    except SettingsError as exc:  # a value that is not even JSON, e.g. SCORER_EXTRA_LEXICONS
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        raise _fail(f"bad setting: {exc}{cause}", 2) from None
    except UnicodeDecodeError as exc:  # the .env file
        raise _fail(f"cannot read the settings file .env: it is not UTF-8 text "
                    f"({where_not_utf8(exc)})", 2) from None


def _version(value: bool) -> None:
    if value:
        print(f"scorer {scorer.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """scorer: a sourcing-quality and loaded-language report for news articles."""


MODEL_OPTION = typer.Option(
    None, "--model", help="Model file to score with (default: the shipped model)."
)
LOADED_OPTION = typer.Option(
    None, "--loaded", metavar="list|model",
    help="What finds loaded terms: 'list', the word list (the default), or 'model', the "
    "learnt loaded-language model (probabilities and reasons for terms and sentences).",
)
TRUST_OPTION = typer.Option(
    None, "--trust-model/--no-trust-model",
    help="Load a model file that is not in the shipped hash manifest (joblib is pickle: "
    "loading it runs code).",
)


@app.command()
def score(
    path: str = typer.Argument(..., metavar="PATH", help="Article file (.txt, .md, .html, "
                               ".json), or - for standard input."),
    json_out: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Also write the JSON report to this file."
    ),
    html: Optional[Path] = typer.Option(
        None, "--html", help="Also write a page to read: the article with its evidence "
        "highlighted (one self-contained HTML file)."),
    model: Optional[Path] = MODEL_OPTION,
    trust_model: Optional[bool] = TRUST_OPTION,
    loaded: Optional[str] = LOADED_OPTION,
) -> None:
    """Score one article: sources, hedging, loaded terms, quotes, readability."""
    settings = _settings(model_path=model, trust_model=trust_model, loaded_signal=loaded)
    with _library_errors():
        report, text = scorer.score_file_with_text(path, settings=settings)
    data = report.to_json_bytes()  # bytes: a large report is not copied again as text
    if output is not None:
        _write(output, data, b"\n")
    if html is not None:
        from .render_html import render_html

        _write(html, render_html(report, text))
    with _stdout():
        if json_out:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.write(b"\n")
        else:
            from . import render

            render.terminal(report, _console())


@app.command()
def train(
    data: Path = typer.Argument(..., help="Folder with labels.csv, or a CSV/JSONL of "
                                "text-or-path plus label."),
    out: Path = typer.Option(Path("models") / "sourcing-v1.joblib", "--out",
                             help="Where to save the model."),
    add_to_manifest: bool = typer.Option(
        False, "--add-to-manifest", help="Record the new file's hash in models/MANIFEST.sha256 "
        "(maintainers rebuilding the shipped model)."),
    json_out: bool = typer.Option(False, "--json", help="Print the model's metadata as JSON."),
) -> None:
    """Train the sourcing-quality model on labelled articles."""
    collect_garbage()
    settings = _settings()
    with _library_errors():
        m, digest = scorer.train(data, out, settings=settings, add_to_manifest=add_to_manifest)
    with _stdout():
        if json_out:
            sys.stdout.write(json.dumps({"path": str(out), "sha256": digest, **m.meta},
                                        indent=2) + "\n")
            return
        cv = m.meta["cv_metrics"]
        console = _console()
        console.print(f"trained on {m.meta['n_examples']} articles {m.meta['label_counts']}; "
                      f"C={m.meta['chosen_C']}")
        console.print(f"{cv['procedure']}: accuracy {cv['accuracy']:.3f}, macro-F1 "
                      f"{cv['macro_f1']:.3f}, ROC AUC {cv['roc_auc_ovr']:.3f}")
        console.print(f"saved {out} (sha256 {digest})")
        if not add_to_manifest:
            console.print("not in the manifest: score with --model", out, "--trust-model")


@app.command("train-loaded")
def train_loaded(
    data: Path = typer.Argument(..., metavar="DATA_DIR", help="Folder holding the corpora "
                                "ptc-semeval2020-t11/, babe/ and basil/ (their development parts)."),
    out: Path = typer.Option(Path("models") / "loaded-v1.json", "--out",
                             help="Where to write the model (JSON)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N "
                                        "articles of each corpus: a quick check, not a model to ship."),
    add_to_manifest: bool = typer.Option(False, "--add-to-manifest", help="Record its SHA-256 in "
                                         "models/MANIFEST.sha256 (it then loads without --trust-model)."),
    json_out: bool = typer.Option(False, "--json", help="Print the cross-validated figures as JSON."),
) -> None:
    """Train the loaded-language model on annotated corpora, cross-validated by article."""
    collect_garbage()
    with _library_errors():
        result = scorer.train_loaded(data, out, settings=_settings(), limit=limit,
                                     add_to_manifest=add_to_manifest)
    with _stdout():
        if json_out:
            sys.stdout.write(json.dumps({"path": str(out), "sha256": result.sha256,
                                         "cv": result.cv}, indent=2) + "\n")
            return
        sys.stdout.write(f"{result.table()}\nsaved {out} (sha256 {result.sha256}, "
                         f"{result.seconds:.0f} s)\n")
        if not add_to_manifest:
            sys.stdout.write("not in the manifest: load it with trust (--trust-model)\n")


@app.command()
def evaluate(
    data: Path = typer.Argument(..., help="Folder with labels.csv, or a labelled CSV/JSONL."),
    model: Optional[Path] = MODEL_OPTION,
    trust_model: Optional[bool] = TRUST_OPTION,
    json_out: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Accuracy, macro-F1, ROC AUC, per-class precision/recall and the confusion matrix."""
    collect_garbage()
    settings = _settings(model_path=model, trust_model=trust_model)
    with _library_errors():
        result = scorer.evaluate(data, settings=settings)
    with _stdout():
        if json_out:
            sys.stdout.write(json.dumps(result, indent=2) + "\n")
        else:
            from . import render

            render.metrics(result, _console())


@app.command("evaluate-signals")
def evaluate_signals_cmd(
    corpus: Path = typer.Argument(..., help="Annotated corpus: a JSONL file or a folder "
                                  "holding articles.jsonl."),
    fmt: str = typer.Option(..., "--format", help="polnear | ptc | basil | babe | attributions"),
    split: Optional[str] = typer.Option(
        None, "--split", help="Only articles of this split (PolNeAR: dev by default; "
        "'all' for every split)."),
    errors: int = typer.Option(0, "--errors", help="Also list the N commonest misses and "
                               "false alarms."),
    json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    texts: Optional[Path] = typer.Option(None, "--texts", help="attributions: the articles "
                                         "(a JSONL corpus by id, or a folder for 'file')."),
    second: Optional[Path] = typer.Option(None, "--second", help="attributions: a second "
                                          "annotator's events, for the agreement of the two."),
    signal: str = typer.Option("list", "--signal", help="ptc, basil, babe: 'list' (the word "
                               "list the report uses) or 'model' (the learnt loaded-language "
                               "model)."),
    loaded_model: Optional[Path] = typer.Option(None, "--loaded-model", help="With --signal "
                                                "model: a model file (default: the shipped one)."),
    trust_model: Optional[bool] = TRUST_OPTION,
) -> None:
    """Precision, recall and F1 of the signals against people's annotations."""
    collect_garbage()
    if fmt not in scorer.SIGNAL_FORMATS:
        raise _fail(f"--format must be one of {', '.join(scorer.SIGNAL_FORMATS)}", 2)
    with _library_errors():
        result = scorer.evaluate_signals(
            corpus, fmt, split=split, errors=errors, settings=_settings(trust_model=trust_model),
            texts=texts, second=second, signal=signal, loaded_model=loaded_model)
    with _stdout():
        if json_out:
            sys.stdout.write(json.dumps(result, indent=2) + "\n")
        else:
            from . import render

            render.signal_metrics(result, _console())


@app.command()
def batch(
    target: Path = typer.Argument(..., metavar="TARGET", help="Folder (searched recursively), JSONL corpus "
                                  "(one article per line: text, optional id/title/url), or file."),
    glob: list[str] = typer.Option([], "--glob", help="Only files matching this pattern "
                                   "(repeatable), e.g. --glob '*.html'."),
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Write the reports as JSONL "
                                      "to this file ('-' for standard output)."),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="Write the flat features as CSV."),
    db: Optional[Path] = typer.Option(None, "--db", help="Store results in this SQLite "
                                      "database; a re-run skips articles already in it."),
    jobs: int = typer.Option(-1, "--jobs", "-j", help="Worker processes (-1: all cores)."),
    backend: str = typer.Option("local", "--backend", help="local | dask"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler "
                                            "address, e.g. tcp://10.0.0.5:8786."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    summary_json: bool = typer.Option(False, "--summary-json", help="Print the end summary "
                                      "as JSON on standard error."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any input was skipped."),
    chunk_size: int = typer.Option(32, "--chunk-size", min=1, help="Articles per task sent "
                                   "to a worker (and per database transaction)."),
    html_dir: Optional[Path] = typer.Option(
        None, "--html-dir", help="Also write one page to read per scored article into this "
        "folder (NAME-SHA256PREFIX.html; articles already in --db are not rendered again)."),
    model: Optional[Path] = MODEL_OPTION,
    trust_model: Optional[bool] = TRUST_OPTION,
    loaded: Optional[str] = LOADED_OPTION,
) -> None:
    """Score many articles in parallel: JSONL, CSV and a resumable SQLite store."""
    collect_garbage()
    with _library_errors():  # before the settings are read: a bad option is named first
        scorer.check_batch_options(jobs, backend)
    settings = _settings(model_path=model, trust_model=trust_model, loaded_signal=loaded)
    if out is None and csv_path is None and db is None and html_dir is None:
        out = "-"
    terminated = _stop_on_sigterm()
    show = not quiet and _err().is_terminal
    from . import render

    with _library_errors():
        try:
            with render.batch_progress(_err(), show) as bar:
                summary = scorer.score_batch(
                    target, settings=settings, out=out, csv_path=csv_path, db=db,
                    html_dir=html_dir, jobs=jobs, globs=glob, backend=backend,
                    scheduler=scheduler, chunk_size=chunk_size, progress=bar.advance,
                    total=bar.total if show else None, tune_gc=True,
                )
        except (OutputError, BrokenPipeError) as exc:
            if out == "-" and exc.errno == errno.EPIPE:  # `| head`: the reader has what it wanted
                raise typer.Exit(_output_failed(exc, "the standard output")) from None
            raise _fail(str(exc)) from None
    if summary_json:
        _err().print_json(json.dumps(summary.to_dict()))
    else:
        render.batch_summary(summary, _err())
    if summary.interrupted:
        raise typer.Exit(143 if terminated else 130)
    if strict and summary.skipped:
        raise typer.Exit(1)


def _stop_on_sigterm() -> list[int]:
    """SIGTERM (``kill``, a scheduler's stop) stops a batch as Ctrl-C does: what was
    written stays written, the run is recorded as interrupted, the workers end, the
    summary is printed; the list it returns is filled when that happened (exit 143). A
    second SIGTERM during that clean-up is ignored."""
    received: list[int] = []

    def on_term(signum, frame) -> None:
        received.append(signum)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (an embedding program): leave it alone
        pass
    return received


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; any other "
                             "than loopback needs SCORER_API_TOKEN."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite store to browse (read-only) "
                                      "and to write with POST /v1/score?store=1."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes, each with "
                                "its own copy of the model."),
    log_level: str = typer.Option("info", "--log-level", help="critical | error | warning | "
                                  "info | debug"),
    model: Optional[Path] = MODEL_OPTION,
    trust_model: Optional[bool] = TRUST_OPTION,
    loaded: Optional[str] = LOADED_OPTION,
) -> None:
    """A local web app and JSON API: score, browse the store, see the evidence."""
    collect_garbage()
    settings = _settings(model_path=model, trust_model=trust_model, loaded_signal=loaded)
    with _library_errors():
        scorer.serve(settings, host=host, port=port, db=db, workers=workers,
                   log_level=log_level)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report."""
    with _stdout():
        sys.stdout.write(scorer.json_schema_text() + "\n")


def run() -> None:
    """The console entry point: the app, with its output's failures said in one line. A
    full disk or a closed standard output is exit 1 with a message; a reader that stopped
    reading (``| head -1``) is a normal end, exit 0, quietly."""
    code: int | str | None = 0
    try:
        try:
            app(prog_name="scorer")
        except SystemExit as exc:
            code = exc.code
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:  # written outside the commands: --version, --help
        code = _output_failed(exc, "the output")
    sys.exit(code)


def _detach_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what
    could not be written raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    run()
