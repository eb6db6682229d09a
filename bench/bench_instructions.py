"""Instructions a batch costs an article, counted by valgrind (callgrind): repeatable where
wall-clock time is not (on a shared machine it drifts by a fifth within minutes). Not a
test.

    python bench/bench_instructions.py                    # the word list and the model
    python bench/bench_instructions.py --loaded model --small 300 --large 600

Runs ``scorer batch FIRST_N.jsonl --out /dev/null -q -j 1 [--loaded ...]`` under
``valgrind --tool=callgrind`` for the first ``--small`` and the first ``--large`` articles
of the corpus, with BLAS threads at 1 and a fixed hash seed (without them the counts vary
by up to 15%), and prints the totals and their difference divided by the extra articles:
the cost of an article with start-up left out. Each run takes a minute or two (valgrind
runs Python about fifty times slower). Needs valgrind (Debian: ``apt-get install
valgrind``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "fakehealth-text" / "articles.jsonl"
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(corpus: Path, loaded: str) -> int:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
           "-m", "scorer", "batch", str(corpus), "--out", os.devnull, "-q", "-j", "1",
           "--loaded", loaded]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    found = _COLLECTED.search(out.stderr)
    if out.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed ({out.returncode}): {out.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--loaded", choices=("list", "model"), nargs="+", default=["list", "model"])
    ap.add_argument("--small", type=int, default=300)
    ap.add_argument("--large", type=int, default=600)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if not 0 < args.small < args.large:
        raise SystemExit("--small must be above 0 and below --large")
    lines = args.corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:args.large]
    if len(lines) < args.large:
        raise SystemExit(f"{args.corpus} holds fewer than {args.large} articles")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (args.small, args.large):
            files[n] = Path(tmp) / f"first-{n}.jsonl"
            files[n].write_text("".join(lines[:n]), encoding="utf-8")
        for loaded in args.loaded:
            small, large = (instructions(files[n], loaded) for n in (args.small, args.large))
            per = (large - small) / (args.large - args.small)
            results.append({"loaded": loaded, "small": small, "large": large,
                            "per_article": round(per), "start_up": round(small - per * args.small)})
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'loaded':8s} {f'first {args.small}':>16s} {f'first {args.large}':>16s} "
          f"{'an article':>12s} {'start-up':>14s}")
    for r in results:
        print(f"{r['loaded']:8s} {r['small']:>16,d} {r['large']:>16,d} {r['per_article']:>12,d} "
              f"{r['start_up']:>14,d}")


if __name__ == "__main__":
    main()
