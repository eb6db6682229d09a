"""scorer batch: mixed inputs, sinks that agree, resume after a killed run, Dask = local."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorer import batch
from scorer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "articles").glob("*.txt"))

HTML = """<!doctype html><html><head><title>Council passes budget | Example Times</title>
<link rel="canonical" href="https://times.example.com/council-budget"></head><body>
<nav><a href="/">Home</a> <a href="https://facebook.com/example">Share</a></nav>
<article><h1>Council passes budget</h1>
<p>The city council voted 5-2 on Tuesday to pass a $40 million budget, according to
<a href="https://city.example.gov/budget-2027.pdf">the adopted budget document</a>.
"It is a fair plan for a hard year," said Mayor Ana Ruiz after the vote.</p>
<p>A report by the <a href="https://auditor.example.gov/report-17">state auditor</a> found
last year that the city had overspent on overtime. Council member Dev Patel, who voted
against the plan, said the cuts to the library fell hardest on families without
internet at home. See also <a href="/related-story">our earlier story</a>.</p>
<p>The budget takes effect on July 1. The council will hold a public hearing on the
library hours in March, the city clerk said in a statement on Wednesday.</p>
</article><footer><a href="https://twitter.com/example">Follow us</a></footer></body></html>
"""


def S(**kw) -> Settings:
    return Settings(_env_file=None, **kw)


def _record(k: int) -> dict:
    text = SAMPLES[k % len(SAMPLES)].read_text(encoding="utf-8")
    return {"id": f"rec-{k}", "title": f"Record {k}", "url": f"https://example.org/{k}",
            "text": f"{text}\n\nArchive copy {k}."}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for k in range(3):
        (d / f"good{k}.txt").write_text(SAMPLES[k].read_text(encoding="utf-8"), encoding="utf-8")
    (d / "sub" / "notes.md").write_text(SAMPLES[3].read_text(encoding="utf-8"), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 20)
    latin1 = SAMPLES[4].read_text(encoding="utf-8").replace("e", "é", 3)
    (d / "latin1.txt").write_bytes(latin1.encode("latin-1", "replace"))
    (d / "big.txt").write_text("The council met. " * 4000, encoding="utf-8")  # 68 KB
    (d / "page.html").write_text(HTML, encoding="utf-8")
    with (d / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for k in range(5, 8):
            fh.write(json.dumps(_record(k)) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "no-text"}) + "\n")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink(d, d / "sub" / "loop")
    return d


def test_mixed_folder_scores_good_inputs_and_says_why_it_skipped_the_rest(mixed, tmp_path):
    out, table = io.StringIO(), io.StringIO()
    summary = batch.run(mixed, settings=S(max_bytes=50_000), jobs=1, jsonl=out,
                        csv_out=table, db=tmp_path / "r.db")
    reports = [json.loads(line) for line in out.getvalue().splitlines()]
    names = [r["input"]["name"] for r in reports]
    # 3 .txt + latin-1 .txt + .md + .html + 3 JSONL records
    assert summary.scored == len(reports) == 9
    assert {"rec-5", "rec-6", "rec-7"} <= set(names)
    assert any(n.endswith("page.html") for n in names)
    reasons = {Path(s.name).name: s.reason for s in summary.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "limit" in reasons["big.txt"]
    assert "unsupported file type" in reasons["image.png"]
    assert "loop" in reasons["loop"]
    assert "invalid JSON" in reasons["corpus.jsonl:4"]
    assert "'text'" in reasons["corpus.jsonl:5"]
    latin = next(r for r in reports if r["input"]["name"].endswith("latin1.txt"))
    assert "not_utf8" in {w["code"] for w in latin["warnings"]}
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert [r["name"] for r in rows] == names


def test_html_main_text_and_outbound_links(mixed):
    out = io.StringIO()
    batch.run(mixed / "page.html", settings=S(), jobs=1, jsonl=out)
    report = json.loads(out.getvalue())
    assert report["input"]["title"].startswith("Council passes budget")
    assert report["input"]["url"] == "https://times.example.com/council-budget"
    links = [a for a in report["evidence"]["attributions"] if a["url"]]
    # the budget document and the auditor's report; not the site's own link, not the
    # share buttons in the navigation or the footer
    assert sorted(a["url"] for a in links) == [
        "https://auditor.example.gov/report-17", "https://city.example.gov/budget-2027.pdf"]
    text_len = report["input"]["chars"]
    for a in links:
        assert 0 <= a["start"] < a["end"] <= text_len
        assert a["source_class"] == "document"
    # "according to [the adopted budget document]" is one attribution, not two
    assert sum("budget document" in a["text"] for a in report["evidence"]["attributions"]) == 1
    assert report["features"]["document"] >= 2
    assert "Follow us" not in json.dumps(report["evidence"]["sentences"])


def test_sqlite_rows_equal_the_jsonl_and_a_rerun_skips_everything(mixed, tmp_path):
    db = tmp_path / "r.db"
    out = io.StringIO()
    first = batch.run(mixed, settings=S(max_bytes=50_000), jobs=2, jsonl=out, db=db)
    reports = {json.loads(line)["input"]["sha256"]: line for line in out.getvalue().splitlines()}
    with sqlite3.connect(db) as con:
        rows = dict(con.execute("SELECT sha256, report FROM articles").fetchall())
        feats = con.execute("SELECT name, quotes, attributions FROM articles").fetchall()
        skipped = {r[0] for r in con.execute("SELECT name FROM skipped")}
    assert rows == reports
    for name, quotes, attributions in feats:
        rep = next(json.loads(v) for v in rows.values() if json.loads(v)["input"]["name"] == name)
        assert (quotes, attributions) == (rep["features"]["quotes"], rep["features"]["attributions"])
    assert len(skipped) == len(first.skipped)
    again = io.StringIO()
    second = batch.run(mixed, settings=S(max_bytes=50_000), jobs=1, jsonl=again, db=db)
    assert second.scored == 0 and second.already == first.scored
    # the outputs of a re-run hold every input's report, from the store
    assert again.getvalue() == out.getvalue()


def test_output_order_is_the_input_order_whatever_the_jobs(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(_record(k)) + "\n" for k in range(40)), encoding="utf-8")
    one, two = io.StringIO(), io.StringIO()
    batch.run(corpus, settings=S(), jobs=1, jsonl=one, chunk_size=3)
    batch.run(corpus, settings=S(), jobs=2, jsonl=two, chunk_size=3)
    assert one.getvalue() == two.getvalue()
    assert [json.loads(x)["input"]["name"] for x in one.getvalue().splitlines()] == [
        f"rec-{k}" for k in range(40)]


def test_a_changed_file_replaces_its_row(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    f = d / "a.txt"
    f.write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "r.db"
    batch.run(d, settings=S(), jobs=1, db=db)
    f.write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    s = batch.run(d, settings=S(), jobs=1, db=db)
    assert s.scored == 1
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_resume_after_a_killed_run_loses_and_duplicates_nothing(tmp_path):
    n = 800
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(_record(k)) + "\n" for k in range(n)), encoding="utf-8")
    db = tmp_path / "r.db"
    cmd = [sys.executable, "-m", "scorer", "batch", str(corpus), "--db", str(db), "-j", "1",
           "--chunk-size", "4", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db) as con:
                    done = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if done >= 8:
                break
    assert proc.poll() is None, "the batch finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < partial < n
    out = subprocess.run(cmd + ["--summary-json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    with sqlite3.connect(db) as con:
        names = [r[0] for r in con.execute("SELECT name FROM articles")]
    assert sorted(names) == sorted(f"rec-{k}" for k in range(n))
    summary = json.loads(out.stderr)
    assert summary["already_in_database"] == partial
    assert summary["scored"] == n - partial


def test_dask_backend_equals_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(_record(k)) + "\n" for k in range(12)), encoding="utf-8")
    local = io.StringIO()
    batch.run(corpus, settings=S(), jobs=1, jsonl=local, chunk_size=5)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = io.StringIO()
        batch.run(corpus, settings=S(), jsonl=remote, backend="dask",
                  scheduler=cluster.scheduler_address, chunk_size=5)
    assert remote.getvalue() == local.getvalue()
    assert len(local.getvalue().splitlines()) == 12


def test_cli_batch_summary_and_exit_codes(mixed, tmp_path):
    from typer.testing import CliRunner

    from scorer.cli import app

    r = CliRunner().invoke(app, ["batch", str(mixed), "-q", "-j", "1", "--out",
                                 str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.output
    assert "skipped" in r.output and "empty file" in r.output
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) >= 8
    r = CliRunner().invoke(app, ["batch", str(mixed), "-q", "-j", "1", "--strict", "--out",
                                 str(tmp_path / "o.jsonl")])
    assert r.exit_code == 1
    r = CliRunner().invoke(app, ["batch", str(tmp_path / "nothing-here")])
    assert r.exit_code == 1 and "no such file" in r.output


def test_odd_inputs_are_skipped_with_reasons_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    (d / "real").mkdir(parents=True)
    good = SAMPLES[0].read_text(encoding="utf-8")
    (d / "real" / "a.txt").write_text(good, encoding="utf-8")
    os.symlink(d / "real", d / "alias")  # a second path to a folder: read once, no skip
    (d / "nested.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    (d / "surrogate.json").write_text('[{"text": "bad \\ud800 text here"}]', encoding="utf-8")
    body = json.dumps({"id": "bom", "text": SAMPLES[1].read_text(encoding="utf-8")})
    (d / "c.jsonl").write_bytes(
        b"\xef\xbb\xbf" + body.encode("utf-8") + b"\n"
        + b'{"id": "lone", "text": "A text \\ud800 with a lone surrogate."}\n'
        + json.dumps({"id": True, "text": good}).encode("utf-8") + b"\n")
    (d / "same.txt").write_text(good, encoding="utf-8")  # same text as real/a.txt
    out = io.StringIO()
    db = tmp_path / "r.db"
    s = batch.run(d, settings=S(), jobs=1, jsonl=out, db=db, chunk_size=64)
    names = [json.loads(x)["input"]["name"] for x in out.getvalue().splitlines()]
    reasons = {Path(k.name).name: k.reason for k in s.skipped}
    assert "bom" in names, reasons
    assert not any("loop" in r for r in reasons.values()), reasons
    assert "nested" in reasons["nested.json"]
    assert "Unicode" in reasons["surrogate.json[0]"]
    assert "surrogate" in reasons["c.jsonl:2"]
    assert "'id'" in reasons["c.jsonl:3"]
    assert s.duplicates == 1 and len(names) == 2  # same.txt is the same text as a.txt
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert con.execute("SELECT status FROM runs").fetchone()[0] == "finished"


def test_an_inserted_jsonl_line_deletes_nothing(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(_record(k)) + "\n" for k in (1, 2)), encoding="utf-8")
    db = tmp_path / "r.db"
    batch.run(corpus, settings=S(), jobs=1, db=db)
    corpus.write_text("".join(json.dumps(_record(k)) + "\n" for k in (0, 1, 2)),
                      encoding="utf-8")
    s = batch.run(corpus, settings=S(), jobs=1, db=db)
    assert s.scored == 1 and s.already == 2
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_html_report_carries_the_text_its_offsets_point_into(mixed):
    out = io.StringIO()
    batch.run(mixed / "page.html", settings=S(), jobs=1, jsonl=out)
    report = json.loads(out.getvalue())
    text = report["input"]["text"]
    assert text and report["input"]["words"] > 50
    for a in report["evidence"]["attributions"]:
        assert text[a["start"]:a["end"]] == a["text"]
    for s in report["evidence"]["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]


def test_score_batch_writes_the_outputs_it_is_named_and_counts_first(tmp_path):
    """The library call behind `scorer batch`: paths in, a Summary out; `total` hears the
    count before the run, `progress` every input."""
    d = tmp_path / "in"
    d.mkdir()
    for k in range(3):
        (d / f"a{k}.txt").write_text(SAMPLES[k].read_text(encoding="utf-8"), encoding="utf-8")
    totals: list[int] = []
    done: list[int] = []
    s = batch.score_batch(d, settings=S(), out=tmp_path / "o.jsonl",
                          csv_path=tmp_path / "o.csv", jobs=1, progress=done.append,
                          total=totals.append)
    assert s.scored == 3 and totals == [3] and sum(done) == 3
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 3
    with (tmp_path / "o.csv").open(newline="") as fh:
        assert [r["name"] for r in csv.DictReader(fh)] == [str(d / f"a{k}.txt") for k in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "o.csv", "o.jsonl"]


def test_score_batch_refuses_before_it_writes_and_a_failed_run_keeps_old_files(tmp_path):
    from scorer.errors import InputError, UsageError

    out = tmp_path / "o.jsonl"
    out.write_text("before\n")
    with pytest.raises(UsageError, match="--backend"):
        batch.score_batch(tmp_path, settings=S(), out=out, backend="spark")
    with pytest.raises(UsageError, match="--jobs"):
        batch.score_batch(tmp_path, settings=S(), out=out, jobs=0)
    with pytest.raises(InputError, match="no such file"):
        batch.score_batch(tmp_path / "nothing-here", settings=S(), out=out, jobs=1)
    assert out.read_text() == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.jsonl"]


def test_a_store_written_before_a_feature_was_added_gains_its_column(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "r.db"
    batch.run(d, settings=S(), jobs=1, db=db)
    with sqlite3.connect(db) as con:  # as a store of schema 1.2.0 was
        con.execute('ALTER TABLE articles DROP COLUMN "loaded_sentence_share_author"')
    (d / "b.txt").write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    s = batch.run(d, settings=S(), jobs=1, db=db)
    assert s.scored == 1 and s.already == 1
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT name, loaded_sentence_share_author FROM articles "
                           "ORDER BY name").fetchall()
    assert rows[0][1] is None and rows[1][1] is not None  # the old row: NULL


def test_chunks_score_as_single_articles_and_one_failure_loses_only_itself(tmp_path,
                                                                          monkeypatch):
    import dataclasses

    from scorer import pipeline

    corpus = tmp_path / "c.jsonl"
    records = [_record(k) for k in range(7)]
    records[3]["text"] += " BOOM"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    settings = S(loaded_signal="model")
    one, many = io.StringIO(), io.StringIO()
    batch.run(corpus, settings=settings, jobs=1, jsonl=one, chunk_size=1)
    batch.run(corpus, settings=settings, jobs=1, jsonl=many, chunk_size=7)
    assert one.getvalue() == many.getvalue()  # the model scores a chunk at once
    assert all(s["probability"] is not None
               for line in one.getvalue().splitlines() for s in json.loads(line)["evidence"]["loaded"])

    def boom(ctx):
        if "BOOM" in ctx.doc.text:
            raise RuntimeError("a bug on one odd input")
        return quotes.run(ctx)

    quotes = next(s for s in pipeline.SIGNALS if s.name == "quotes")
    monkeypatch.setattr(pipeline, "SIGNALS", tuple(
        dataclasses.replace(s, run=boom) if s is quotes else s for s in pipeline.SIGNALS))
    out = io.StringIO()
    summary = batch.run(corpus, settings=settings, jobs=1, jsonl=out, chunk_size=7)
    assert summary.scored == 6 and len(summary.skipped) == 1
    assert "internal error" in str(summary.skipped)
    assert [json.loads(x)["input"]["name"] for x in out.getvalue().splitlines()] == [
        f"rec-{k}" for k in range(7) if k != 3]


def test_a_store_knows_which_loaded_signal_scored_each_article(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for k in range(2):
        (d / f"a{k}.txt").write_text(SAMPLES[k].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "r.db"
    assert batch.run(d, settings=S(), jobs=1, db=db).scored == 2
    out = io.StringIO()
    s = batch.run(d, settings=S(loaded_signal="model"), jobs=1, db=db, jsonl=out)
    assert s.scored == 2 and s.already == 0  # the list's reports are not the model's
    assert all(json.loads(x)["loaded_model"] for x in out.getvalue().splitlines())
    assert batch.run(d, settings=S(loaded_signal="model"), jobs=1, db=db).already == 2
    assert batch.run(d, settings=S(), jobs=1, db=db).scored == 2
    with sqlite3.connect(db) as con:
        assert {r[0] for r in con.execute("SELECT loaded_model_sha256 FROM articles")} == {None}


def test_a_batch_process_settles_its_collector_once_after_its_first_chunk():
    # in a process of its own: settle() changes the process's collector
    code = ("import gc; from scorer.batch.work import settle, GC_THRESHOLD; "
            "before = gc.get_threshold()[0]; settle(); frozen = gc.get_freeze_count(); "
            "settle(); print(before, gc.get_threshold()[0] == GC_THRESHOLD, frozen > 0, "
            "gc.get_freeze_count() == frozen)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["700", "True", "True", "True"]
