"""Benchmark `scorer batch`: articles/s per core and peak memory. Not a test.

    python bench/bench_batch.py                       # fakehealth, 1 and 2 jobs, 10x corpus
    python bench/bench_batch.py --corpus other.jsonl --repeat 0
    python bench/bench_batch.py --nela-python /tmp/nela/bin/python   # nela-features beside
    python bench/bench_batch.py --jobs 1 --repeat 0 --loaded model   # the learnt loaded model

Each configuration runs `scorer batch CORPUS --out /dev/null -q` (and once with `--db`)
in a subprocess; memory is the peak of the summed resident set (RSS) of the whole
process tree (main process, workers, joblib's resource trackers), sampled every 50 ms
from /proc, and beside it the summed proportional set (PSS: pages shared between the
processes counted once). Speed is the batch's
own articles/s (from `--summary-json`, model load and worker start included) and, per
core, that figure divided by the jobs. Also prints the in-process time of each stage
(Document, each signal, model, JSON) per article for one process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "fakehealth-text" / "articles.jsonl"


def _tree_kb(pid: int) -> tuple[int, int]:
    """Summed RSS and PSS (shared pages split between the processes sharing them) of
    ``pid`` and all its descendants, in kB."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def run_batch(corpus: Path, jobs: int, db: Path | None = None, loaded: str = "list") -> dict:
    cmd = [sys.executable, "-m", "scorer", "batch", str(corpus), "--out", os.devnull, "-q",
           "-j", str(jobs), "--summary-json", "--loaded", loaded]
    if db is not None:
        cmd += ["--db", str(db)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    while proc.poll() is None:
        rss, pss = _tree_kb(proc.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.05)
    err = proc.stderr.read()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err[-500:]}")
    summary = json.loads(err[err.index("{"):])
    rate = summary["articles_per_second"]
    return {
        "corpus": corpus.name, "jobs": jobs, "db": db is not None,
        "articles": summary["scored"], "batch_seconds": summary["seconds"],
        "wall_seconds": round(wall, 2), "articles_per_second": rate,
        "articles_per_second_per_core": round(rate / jobs, 1),
        "peak_rss_mb": round(peak / 1024, 1), "peak_pss_mb": round(peak_pss / 1024, 1),
    }


def stages(corpus: Path, limit: int = 1000, loaded_signal: str = "list") -> dict:
    """Milliseconds per article for each step, in this process, after a warm-up (the
    loaded signal one article at a time: a batch scores a chunk at once)."""
    from scorer import lexicons
    from scorer.api import apply_model
    from scorer.batch import run_model
    from scorer.document import Document
    from scorer.pipeline import analyse, build_features, english_check, run_signals
    from scorer.settings import Settings
    from scorer.signals import hedging, loaded, quotes, readability, sources

    texts = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    s = Settings(_env_file=None, loaded_signal=loaded_signal)
    lex = lexicons.for_settings(s)
    from scorer.signals import Context
    model = run_model(s)  # the numpy form a batch worker scores with
    for t in texts[:50]:
        apply_model(analyse(t, s), s, model)
    acc: dict[str, float] = {}

    def tm(key, fn):
        t0 = time.perf_counter()
        out = fn()
        acc[key] = acc.get(key, 0.0) + time.perf_counter() - t0
        return out

    for t in texts:
        d = tm("document", lambda: Document(t))
        src = tm("sources", lambda: sources.extract(d, lex))
        hed = tm("hedging", lambda: hedging.extract(d, lex))
        tm("loaded", lambda: loaded.SIGNAL.run(Context(d, lex, s, (), {"hedging": hed})))
        tm("quotes", lambda: quotes.extract(d, src, 4))
        tm("readability", lambda: readability.extract(d))
        sig = run_signals(d, lex, s)
        tm("features", lambda: build_features(d, sig))
        tm("english_check", lambda: english_check(d, lex, s))
        rep = tm("full_report", lambda: analyse(t, s))
        rep = tm("model", lambda: apply_model(rep, s, model))
        tm("json", lambda: rep.model_dump_json())
    return {k: round(1000 * v / len(texts), 3) for k, v in acc.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=10,
                    help="also run the corpus repeated this many times (memory); 0: skip")
    ap.add_argument("--nela-python", help="a Python with nela_features installed")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--loaded", choices=("list", "model"), default="list",
                    help="what finds loaded terms (scorer batch --loaded)")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: not found")
    results = {"loaded": args.loaded,
               "stages_ms_per_article": stages(args.corpus, loaded_signal=args.loaded), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in args.jobs:
            results["runs"].append(run_batch(args.corpus, jobs, loaded=args.loaded))
        results["runs"].append(run_batch(args.corpus, max(args.jobs), db=Path(tmp) / "b.db",
                                         loaded=args.loaded))
        if args.repeat > 1:
            big = Path(tmp) / f"{args.corpus.stem}-x{args.repeat}.jsonl"
            data = args.corpus.read_bytes()
            with big.open("wb") as fh:
                for _ in range(args.repeat):
                    fh.write(data if data.endswith(b"\n") else data + b"\n")
            results["runs"].append(run_batch(big, max(args.jobs), loaded=args.loaded))
    if args.nela_python:
        out = subprocess.run([args.nela_python, str(ROOT / "bench" / "nela_lexicon.py"),
                              str(args.corpus)], capture_output=True, text=True)
        results["nela"] = json.loads(out.stdout) if out.returncode == 0 else out.stderr[-300:]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("per-article time in one process (ms):")
    for k, v in results["stages_ms_per_article"].items():
        print(f"  {k:14s} {v:7.3f}")
    print(f"{'corpus':32s} {'jobs':>4s} {'db':>3s} {'articles':>8s} {'art/s':>8s} "
          f"{'art/s/core':>10s} {'peak RSS MB':>11s} {'peak PSS MB':>11s}")
    for r in results["runs"]:
        print(f"{r['corpus']:32s} {r['jobs']:>4d} {'yes' if r['db'] else 'no':>3s} "
              f"{r['articles']:>8d} {r['articles_per_second']:>8.1f} "
              f"{r['articles_per_second_per_core']:>10.1f} {r['peak_rss_mb']:>11.1f} "
              f"{r['peak_pss_mb']:>11.1f}")
    if "nela" in results:
        print("nela-features:", results["nela"])


if __name__ == "__main__":
    main()
