from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from scorer.cli import app
from scorer.report import json_schema

runner = CliRunner()
ARTICLE = (
    "Council Backs Budget\n\n"
    'Mayor Ana Ruiz said on Tuesday the budget was balanced. "It is fair," she said. '
    "Critics say the plan is a disaster.\n"
)


def test_score_json(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    r = runner.invoke(app, ["score", str(p), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, json_schema())
    assert data["input"]["name"] == str(p)


def test_score_terminal_view_and_output_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["score", str(p), "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert "Sources" in r.stdout and "Ana Ruiz" in r.stdout
    assert json.loads(out.read_text())["features"]["named_person"] >= 1


def test_stdin():
    r = runner.invoke(app, ["score", "-", "--json"], input=ARTICLE)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["input"]["name"] == "-"


def test_schema_command():
    r = runner.invoke(app, ["schema"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["title"] == "Report"


def _run(*args, input=None):
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True,
                          text=True, input=input, timeout=120)


def test_exit_codes_and_one_line_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(50_000_000)  # 50 MB, refused by size before it is read
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    for path, message in [(empty, "empty"), (big, "limit"), (binary, "binary"),
                          (tmp_path, "directory"), (tmp_path / "missing.txt", "no such file")]:
        r = _run("score", str(path))
        assert r.returncode == 1, (path, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    usage = _run("score", "--no-such-flag")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_bad_setting_is_a_usage_error(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    import os
    r = subprocess.run([sys.executable, "-m", "scorer", "score", str(p)], capture_output=True,
                       text=True, env=dict(os.environ, SCORER_MAX_BYTES="lots"), timeout=120)
    assert r.returncode == 2 and "SCORER_MAX_BYTES" in r.stderr and "Traceback" not in r.stderr


def test_usage_errors_exit_2(tmp_path, monkeypatch):
    r = runner.invoke(app, ["batch", str(tmp_path), "--jobs", "0"])
    assert r.exit_code == 2 and "--jobs" in r.output
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    monkeypatch.setenv("SCORER_MIN_WORDS", "-5")
    r = runner.invoke(app, ["score", str(p)])
    assert r.exit_code == 2 and "SCORER_MIN_WORDS" in r.output
    monkeypatch.delenv("SCORER_MIN_WORDS")
    monkeypatch.setenv("SCORER_EXTRA_LEXICONS", '{"bogus": []}')
    r = runner.invoke(app, ["score", str(p)])
    assert r.exit_code == 2 and "unknown lexicon" in r.output
    monkeypatch.setenv("SCORER_EXTRA_LEXICONS", "loaded.txt")  # not JSON at all
    r = runner.invoke(app, ["score", str(p)])
    assert r.exit_code == 2 and "extra_lexicons" in r.output


def test_evaluate_signals_with_the_wrong_format_says_so(tmp_path):
    fixtures = Path(__file__).parent / "fixtures"
    r = runner.invoke(app, ["evaluate-signals", str(fixtures / "polnear_tiny.jsonl"),
                            "--format", "ptc"])
    assert r.exit_code == 1 and "--format" in r.output


def test_the_command_starts_with_the_collector_off_and_long_commands_turn_it_on():
    import gc
    import subprocess
    import sys

    from scorer.cli import collect_garbage

    code = ("import gc, sys; import scorer.__main__ as m; gc.disable(); "
            "from scorer.cli import collect_garbage; collect_garbage(); print(gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    # in-process (tests, an embedding program) the collector is left as it is
    assert gc.isenabled()
    collect_garbage()
    assert gc.isenabled()
    # `python -m scorer` (the `scorer` command's entry) scores with it off
    code = ("import gc, sys, runpy; sys.argv = ['scorer', 'schema']; "
            "import scorer.cli as c; c.app.registered_commands and None; "
            "from scorer.__main__ import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(gc.isenabled(), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().endswith("False") and '"$schema"' in out.stdout
