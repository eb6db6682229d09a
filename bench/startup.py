"""Start-up: how long `scorer score FILE` takes for one article, and where the time goes.

    python bench/startup.py [--runs 15] [--file samples/articles/p1-001.txt] [--json]

The whole command, ``scorer score FILE --json > /dev/null`` (``python -m scorer``, the
``scorer`` command's own entry), run ``--runs`` times in fresh processes (wall time: min,
median, max), beside ``python -c pass`` on the same machine for the interpreter's own
start. ``python bench/startup_steps.py`` times the steps inside one such process.

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
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, r in out.items():
        print(f"{name:28s} min {r['min_s']:.3f} s, median {r['median_s']:.3f} s, "
              f"max {r['max_s']:.3f} s ({r['runs']} runs)")


if __name__ == "__main__":
    main()
