"""Start-up: how long `scorer score FILE` takes for one article, and where the time goes.

    python bench/startup.py [--runs 15] [--file samples/articles/p1-001.txt] [--json]

1. The whole command, ``scorer score FILE --json > /dev/null``, run ``--runs`` times in
   fresh processes (wall time: min, median, max), beside ``python -c pass`` on the same
   machine for the interpreter's own start.
2. In one fresh process, the steps a plain score takes: importing the CLI, reading the
   settings, loading the word lists, the first article's report (which builds the
   syllable and hyphenation tables on first use), the model's load and prediction.

Wall time on a shared machine is noisy: compare runs of the same session, and read the
min and the median, not one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEPS = r"""
import json, sys, time
t0 = time.perf_counter()
marks = {}
def mark(name):
    global t0
    t = time.perf_counter()
    marks[name] = round(1000 * (t - t0), 1)
    t0 = t
import scorer.cli
mark("import scorer.cli")
from scorer.settings import Settings
settings = Settings()
mark("settings")
from scorer import lexicons
lexicons.for_settings(settings)
mark("word lists")
from scorer import readers
from scorer.pipeline import analyse
doc = readers.read_path(sys.argv[1], settings)
report = analyse(doc, settings)
mark("first report (tables built on first use)")
from scorer.api import apply_model
apply_model(report, settings)
mark("model: load and predict")
report.to_json_bytes()
mark("JSON")
print(json.dumps(marks))
"""


def _wall(cmd: list[str], runs: int) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return {"min_s": round(min(times), 3), "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3), "runs": runs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--file", default="samples/articles/p1-001.txt")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    scorer_cmd = [sys.executable, "-m", "scorer", "score", args.file, "--json"]
    out = {
        "python -c pass": _wall([sys.executable, "-c", "pass"], args.runs),
        "scorer score FILE --json": _wall(scorer_cmd, args.runs),
    }
    steps = [json.loads(subprocess.run([sys.executable, "-c", STEPS, args.file], check=True,
                                       capture_output=True, text=True, cwd=ROOT).stdout)
             for _ in range(min(args.runs, 5))]
    out["steps_ms_median_of_5"] = {k: statistics.median(s[k] for s in steps) for k in steps[0]}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, r in out.items():
        if name.startswith("steps"):
            continue
        print(f"{name:28s} min {r['min_s']:.3f} s, median {r['median_s']:.3f} s, "
              f"max {r['max_s']:.3f} s ({r['runs']} runs)")
    print("in one process (median of 5 runs, ms):")
    for k, v in out["steps_ms_median_of_5"].items():
        print(f"  {k:42s} {v:7.1f}")


if __name__ == "__main__":
    main()
