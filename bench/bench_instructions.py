"""Instructions a batch costs an article, counted by valgrind (callgrind): repeatable where
wall-clock time is not (on a shared machine it drifts by a fifth within minutes). Not a
test.

    python bench/bench_instructions.py                    # the word list and the model
    python bench/bench_instructions.py --loaded model --small 300 --large 600
    python bench/bench_instructions.py --warm             # every word seen before

Runs ``scorer batch FIRST_N.jsonl --out /dev/null -q -j 1 [--loaded ...]`` under
``valgrind --tool=callgrind`` for the first ``--small`` and the first ``--large`` articles
of the corpus, with BLAS threads at 1 and a fixed hash seed (without them the counts vary
by up to 15%), and prints the totals and their difference divided by the extra articles:
the cost of an article with start-up left out. Each run takes a minute or two (valgrind
runs Python about fifty times slower). Needs valgrind (Debian: ``apt-get install
valgrind``).

``--warm``: the cost of an article whose words were all seen before (every per-word memo
and the loaded model's form table already hold them): one process scores the first
``--small`` articles in chunks of 32 as a batch does (``scorer.pipeline.analyse_many``,
each report's JSON), once and then twice, and the difference is divided by ``--small``.
The cold figure less the warm one is what new words cost.
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


def instructions(corpus: Path, loaded: str, passes: int = 0) -> int:
    """Instructions of ``scorer batch corpus`` (``passes``: 0), or of scoring it in-process
    that many times over (see ``--warm``)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    run = (["-m", "scorer", "batch", str(corpus), "--out", os.devnull, "-q", "-j", "1",
            "--loaded", loaded] if not passes else
           [__file__, "--passes", str(passes), "--loaded", loaded, "--corpus", str(corpus)])
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
           *run]
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
    ap.add_argument("--warm", action="store_true",
                    help="an article whose words were all seen (the first --small, twice)")
    ap.add_argument("--passes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.passes:
        return score_passes(args.corpus, args.loaded[0], args.passes)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if not 0 < args.small < args.large:
        raise SystemExit("--small must be above 0 and below --large")
    lines = args.corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:args.large]
    if len(lines) < args.large:
        raise SystemExit(f"{args.corpus} holds fewer than {args.large} articles")
    results = []
    if args.warm:
        with tempfile.TemporaryDirectory() as tmp:
            first = Path(tmp) / f"first-{args.small}.jsonl"
            first.write_text("".join(lines[:args.small]), encoding="utf-8")
            for loaded in args.loaded:
                once, twice = (instructions(first, loaded, k) for k in (1, 2))
                results.append({"loaded": loaded, "once": once, "twice": twice,
                                "per_article": round((twice - once) / args.small)})
        if args.json:
            print(json.dumps(results, indent=2))
            return
        print(f"{'loaded':8s} {'once':>16s} {'twice':>16s} {'a warm article':>15s}")
        for r in results:
            print(f"{r['loaded']:8s} {r['once']:>16,d} {r['twice']:>16,d} {r['per_article']:>15,d}")
        return
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


def score_passes(corpus: Path, loaded: str, passes: int) -> None:
    """Score ``corpus`` ``passes`` times in this process, in chunks of 32 as a batch does."""
    sys.path.insert(0, str(ROOT))
    from scorer.pipeline import analyse_many
    from scorer.settings import Settings

    settings = Settings(_env_file=None, loaded_signal=loaded)
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    for _ in range(passes):
        for k in range(0, len(texts), 32):
            for report in analyse_many(texts[k:k + 32], settings):
                report.model_dump_json()


if __name__ == "__main__":
    main()
