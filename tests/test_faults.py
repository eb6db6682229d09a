"""Faults injected on purpose: a full disk, a closed standard input or output, undecodable
settings and lexicons, a database locked by another writer, a model file of the wrong
shape, a run that fails over an existing output. Each must end in one line and an exit
code, never a traceback, and lose nothing that was there before."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorer import batch
from scorer.cli import app
from scorer.errors import StoreError
from scorer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "samples" / "articles" / "p1-001.txt"
runner = CliRunner()
full_disk = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def _scorer(*args, cwd=None, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env, **kw)


def _one_line_error(r, code: int, words: str) -> None:
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert words in r.stderr, r.stderr


@full_disk
@pytest.mark.parametrize("view", [["--json"], []])
def test_score_to_a_full_disk_is_one_line(view):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "scorer", "score", str(ARTICLE), *view],
                           stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    _one_line_error(r, 1, "No space left on device")


@full_disk
@pytest.mark.parametrize("where", ["--out", "--csv"])
def test_batch_to_a_full_disk_is_one_line(tmp_path, where):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE.read_text())
    r = _scorer("batch", str(src), "-q", "--jobs", "1", where, "/dev/full")
    _one_line_error(r, 1, "No space left on device")


def test_closed_standard_input():
    r = _scorer("score", "-", "--json", stdin=None, preexec_fn=lambda: os.close(0))
    _one_line_error(r, 1, "standard input is closed")


def test_undecodable_env_file(tmp_path):
    (tmp_path / ".env").write_bytes(b"SCORER_MIN_WORDS=5\n\xff\xfe\n")
    r = _scorer("score", str(ARTICLE), "--json", cwd=tmp_path)
    _one_line_error(r, 2, ".env: it is not UTF-8")


def test_binary_extra_lexicon(tmp_path):
    (tmp_path / "random.bin").write_bytes(bytes(range(128, 256)) * 4)
    env = {**os.environ, "SCORER_EXTRA_LEXICONS": json.dumps({"loaded": ["random.bin"]})}
    r = _scorer("score", str(ARTICLE), "--json", cwd=tmp_path, env=env)
    _one_line_error(r, 2, "random.bin is not UTF-8")


@pytest.mark.parametrize("blob", [
    {"format": "scorer-model/1"},
    {"format": "scorer-model/1", "estimator": None, "feature_names": 5, "meta": {}},
])
def test_model_file_of_the_wrong_shape(tmp_path, blob):
    import joblib

    if "feature_names" in blob:
        from sklearn.dummy import DummyClassifier

        blob = {**blob, "estimator": DummyClassifier().fit([[0], [1]], ["weak", "strong"])}
    path = tmp_path / "odd.joblib"
    joblib.dump(blob, path)
    r = _scorer("score", str(ARTICLE), "--json", "--model", str(path), "--trust-model")
    _one_line_error(r, 1, "not a scorer model file")


def test_closed_pipe_is_a_normal_end(tmp_path):
    """`scorer batch ... | head -1`: the reader stops after one line; exit 0, quietly."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "scorer", "batch", str(ROOT / "samples" / "articles"), "-q",
         "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert json.loads(first)["schema_version"]
    assert stderr == ""


def test_a_failed_run_leaves_an_existing_output_as_it_was(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"kept": true}\n')
    r = runner.invoke(app, ["batch", str(tmp_path / "nosuch.jsonl"), "--out", str(out), "-q"])
    assert r.exit_code == 1
    assert out.read_text() == '{"kept": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no partial file left


def test_a_finished_run_replaces_the_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE.read_text())
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "-q", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["input"]["name"] for line in out.read_text().splitlines()] \
        == [str(src / "a.txt")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


def _locked(db: Path) -> sqlite3.Connection:
    """Another writer holding the database's write lock."""
    other = sqlite3.connect(str(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO runs(target, status) VALUES ('other', 'running')")
    return other


def test_database_locked_at_the_start(tmp_path, monkeypatch):
    monkeypatch.setattr(batch.store, "BUSY_TIMEOUT", 0.2)
    db = tmp_path / "x.db"
    batch.Store(db).close()
    other = _locked(db)
    try:
        r = runner.invoke(app, ["batch", str(ROOT / "samples" / "articles"), "--db", str(db),
                                "-q", "--jobs", "1"])
    finally:
        other.rollback()
        other.close()
    assert r.exit_code == 1
    assert "locked by another writer" in r.output and "Traceback" not in r.output


def test_database_locked_mid_run_is_one_error_and_keeps_what_was_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(batch.store, "BUSY_TIMEOUT", 0.2)
    db = tmp_path / "x.db"
    holder: list[sqlite3.Connection] = []

    def lock_after_first_chunk(n: int) -> None:
        if not holder:
            holder.append(_locked(db))

    with pytest.raises(StoreError, match="locked by another writer"):
        batch.run(ROOT / "samples" / "articles", settings=Settings(_env_file=None), jobs=1,
                  db=db, chunk_size=8, progress=lock_after_first_chunk)
    holder[0].rollback()
    holder[0].close()
    with sqlite3.connect(str(db)) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 8


def test_an_empty_model_path_means_the_shipped_model(monkeypatch):
    monkeypatch.setenv("SCORER_MODEL_PATH", "")
    assert Settings(_env_file=None).model_path is None
    r = runner.invoke(app, ["score", str(ARTICLE), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["model"]["name"] == "sourcing-v1.joblib"


def test_a_decimal_id_names_the_report_and_json_errors_read_right(tmp_path):
    from scorer.errors import InputError
    from scorer.readers import from_record, parse_json

    assert from_record({"id": 3.5, "text": "Officials said so."}, "x").name == "3.5"
    with pytest.raises(InputError, match="finite number"):
        from_record({"id": float("nan"), "text": "Officials said so."}, "x")
    with pytest.raises(InputError) as e:
        parse_json('{"text": "a\x01b"}', "x.json")
    assert "at at" not in str(e.value) and "Invalid control character at line 1" in str(e.value)


def test_extreme_features_give_probabilities_without_an_overflow_warning():
    import warnings

    import numpy as np

    m = batch.run_model(Settings(_env_file=None))
    X = np.full((1, len(m.feature_names)), 1e6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = m.proba(X)
    assert np.isfinite(p).all() and abs(p.sum() - 1) < 1e-9


@pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH and -P are 3.11+")
def test_workers_do_not_import_from_the_working_folder(tmp_path):
    """A file in the working folder named like a module the workers import."""
    (tmp_path / "concurrent.py").write_text('raise SystemExit("shadowed")\n')
    src = tmp_path / "in"
    src.mkdir()
    for k in range(3):
        (src / f"a{k}.txt").write_text(ARTICLE.read_text() + f"\n\nNote {k}.\n")
    code = ("import sys; sys.argv = ['scorer', 'batch', 'in', '-q', '--jobs', '2', '--out', "
            "'o.jsonl']; from scorer.cli import run; run()")
    # as the console script runs: the working folder is not on the main process's path
    r = subprocess.run([sys.executable, "-P", "-c", code], cwd=tmp_path, capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 3


def _curly(text: str) -> str:
    """Straight double quotes made curly, opening and closing in turn."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _sourcing(report):
    return report.label, [(a.source_class, a.speaker) for a in report.evidence.attributions]


def test_windows_1252_with_an_undefined_byte_reads_as_windows_1252(tmp_path):
    from scorer.api import score_file

    text = _curly(ARTICLE.read_text(encoding="utf-8"))
    assert "“" in text
    data = text.encode("cp1252")
    k = data.index(b". ") + 1
    (tmp_path / "a.txt").write_bytes(data[:k] + b"\x81" + data[k:])
    report = score_file(tmp_path / "a.txt", settings=Settings(_env_file=None))
    assert report.input.encoding == "cp1252"
    assert "1 undefined byte replaced" in report.warnings[0].message
    plain = score_file(ARTICLE, settings=Settings(_env_file=None))
    assert _sourcing(report)[1] == _sourcing(plain)[1]
    # the curly quotes read as quotation marks, not as letters of another code page
    assert [q.words for q in report.evidence.quotes] == [q.words for q in plain.evidence.quotes]


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_old_line_endings_keep_the_paragraphs(ending):
    from scorer.api import score_text

    text = ARTICLE.read_text(encoding="utf-8")
    plain = score_text(text)
    other_text = text.replace("\n", ending)
    other = score_text(other_text)
    assert other.input.paragraphs == plain.input.paragraphs > 5
    assert _sourcing(other) == _sourcing(plain)
    for a in other.evidence.attributions:
        assert other_text[a.start:a.end] == a.text


@pytest.mark.parametrize("mark", ["\u200b", "\u200f", "\u00ad"])
def test_format_characters_change_nothing(mark):
    from scorer.api import score_text

    text = ARTICLE.read_text(encoding="utf-8")
    plain = score_text(text)
    marked_text = text.replace(" ", " " + mark)
    marked = score_text(marked_text)
    assert _sourcing(marked) == _sourcing(plain) and marked.score == plain.score
    for a in marked.evidence.attributions:
        assert marked_text[a.start:a.end] == a.text


def _corpus(tmp_path: Path, copies: int = 10) -> Path:
    """The samples, ``copies`` times over (each copy a different text), as JSONL: a run
    long enough to be stopped halfway."""
    lines = [json.dumps({"id": f"{k}-{p.name}", "text": p.read_text() + f"\n\nCopy {k}.\n"})
             for k in range(copies) for p in sorted((ROOT / "samples" / "articles").glob("*.txt"))]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def _start_batch(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    """A two-worker batch into a database, once its workers are up."""
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "scorer", "batch", str(_corpus(tmp_path)), "--jobs", "2",
         "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "x.jsonl"), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(_children(proc.pid)) >= 2 and _stored(tmp_path / "x.db") > 0:
            return proc, _children(proc.pid)  # some chunks scored and stored
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the batch's workers did not start")


def _gone(pids: list[int], within: float) -> list[int]:
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and "(Z)" not in Path(f"/proc/{p}/stat").read_text()[:64]]
        if not alive:
            return []
        time.sleep(0.2)
    return alive


linux_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")


@linux_proc
def test_sigterm_stops_a_batch_as_ctrl_c_does(tmp_path):
    import signal

    proc, kids = _start_batch(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    with sqlite3.connect(str(tmp_path / "x.db")) as con:
        status, scored = con.execute("SELECT status, scored FROM runs").fetchone()
        stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert status == "interrupted" and 0 < scored == stored < 1550
    assert _gone(kids, within=10) == []


@linux_proc
def test_a_killed_batch_leaves_no_process_behind(tmp_path):
    proc, kids = _start_batch(tmp_path)
    assert kids
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(kids, within=10) == []


def test_a_resumed_run_writes_one_report_per_input(tmp_path):
    """The first run stored three articles (then stopped); the second finds them in the
    store and scores the rest: its outputs hold all five, in input order, none twice."""
    src = tmp_path / "in"
    src.mkdir()
    texts = {f"a{k}.txt": ARTICLE.read_text() + f"\n\nNote {k}.\n" for k in range(5)}
    for name in list(texts)[:3]:
        (src / name).write_text(texts[name])
    db = tmp_path / "x.db"
    r = runner.invoke(app, ["batch", str(src), "--db", str(db), "-q", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    for name in list(texts)[3:]:
        (src / name).write_text(texts[name])
    out, csv_path = tmp_path / "x.jsonl", tmp_path / "x.csv"
    r = runner.invoke(app, ["batch", str(src), "--db", str(db), "--out", str(out), "--csv",
                            str(csv_path), "-q", "--jobs", "1", "--chunk-size", "2"])
    assert r.exit_code == 0, r.output
    names = [json.loads(line)["input"]["name"] for line in out.read_text().splitlines()]
    assert names == [str(src / n) for n in texts]
    rows = csv_path.read_text().splitlines()
    assert len(rows) == 6 and [row.split(",")[0] for row in rows[1:]] == names
