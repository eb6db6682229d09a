"""Benchmark the loaded-language model (scorer/loaded/): its cost per article, cold and
warm, beside the full report's. Not a test.

    python bench/bench_loaded.py                 # 500 fakehealth articles
    python bench/bench_loaded.py --n 200 --corpus other.jsonl

* one-time: reading the published tables and wordfreq's list, and the model file;
* cold: the first pass, which computes every new surface form's numbers (the form
  table fills);
* warm: the best of three more passes over the same articles (every form known), split
  into the token probabilities alone (``logits``) and the whole prediction (terms with
  their phrases and reasons, sentence probabilities), one article at a time and in
  chunks of 32 (``score_many``, as a batch's worker would call it);
* for scale, in the same process: the word-list signal, and the full report
  (``scorer.api.score_text``) with the word list, the default (``--loaded model`` puts
  the model in the report instead; ``bench/bench_batch.py --loaded model`` times that).

The lists' matches are computed before timing, as the report's signals hand them over.
The budget for making the model the default is 10% of the report.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "fakehealth-text" / "articles.jsonl"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(passes: int, run) -> float:
    best = float("inf")
    for _ in range(passes):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

    from scorer.api import score_text
    from scorer.document import Document
    from scorer.evaluation import read_jsonl
    from scorer.lexicons import bundle
    from scorer.signals import loaded

    lex = bundle()
    texts = [r["text"] for _, r in zip(range(args.n), read_jsonl(args.corpus))]
    docs = [Document(t) for t in texts]
    found = [(list(lex.loaded.match(d.lower)), list(lex.boosters.match(d.lower)),
              list(lex.hedges.match(d.lower))) for d in docs]
    words = sum(len(d.words) for d in docs) / len(docs)
    rss0 = _rss_mb()
    t = time.perf_counter()
    from scorer.loaded import model as loaded_model
    from scorer.loaded import predict
    from scorer.loaded.resources import published

    published()
    model = loaded_model.load()
    load_s = time.perf_counter() - t
    rss1 = _rss_mb()

    def score_all() -> None:
        for d, (m, b, h) in zip(docs, found):
            predict.score(d, lex, model, m, b, h)

    def logits_all() -> None:
        for d, f in zip(docs, found):
            predict.logits([d], lex, model, [f])

    def chunks(run, size: int = 32):
        def go() -> None:
            for k in range(0, len(docs), size):
                run(docs[k:k + size], lex, model, found[k:k + size])
        return go

    from scorer.pipeline import run_signals
    from scorer.settings import Settings

    settings = Settings(_env_file=None)

    def fresh(size: int) -> float:
        """Model seconds over Documents made anew, as a run meets them: the signals run on
        each chunk of ``size`` articles first (outside the timer), then the model scores
        the chunk (timed), so what a Document builds on first use is not already built
        and the signals' work has been through the processor's caches in between. Best
        of 3 passes."""
        best = float("inf")
        for _ in range(3):
            spent = 0.0
            for k in range(0, len(texts), size):
                ds = [Document(t) for t in texts[k:k + size]]
                fs = []
                for d in ds:
                    run_signals(d, lex, settings)
                    fs.append((list(lex.loaded.match(d.lower)), list(lex.boosters.match(d.lower)),
                               list(lex.hedges.match(d.lower))))
                t0 = time.perf_counter()
                if size == 1:
                    predict.score(ds[0], lex, model, *fs[0])
                else:
                    predict.score_many(ds, lex, model, fs)
                spent += time.perf_counter() - t0
            best = min(best, spent)
        return best

    cold = _best(1, score_all)
    table = model.table(lex.function_words.keys)
    warm = _best(3, score_all)
    warm_logits = _best(3, logits_all)
    chunk_logits = _best(3, chunks(predict.logits))
    chunk = _best(3, chunks(predict.score_many))
    terms = sum(len(predict.score(d, lex, model, *f).terms) for d, f in zip(docs, found))
    fresh_whole = fresh(1)
    fresh_chunk = fresh(32)
    list_signal = _best(3, lambda: [loaded.extract(d, lex) for d in docs])
    report = _best(1, lambda: [score_text(t) for t in texts])
    per = 1000 / len(docs)
    print(f"{len(docs)} articles of {args.corpus.name}, {words:.0f} words each on average; "
          f"{terms / len(docs):.1f} loaded terms an article")
    print(f"one-time: resources and model loaded in {load_s:.2f} s, "
          f"+{rss1 - rss0:.0f} MB peak RSS")
    print(f"cold (form table filling, {len(table)} forms after): {cold * per:.3f} ms/article")
    print(f"warm, token probabilities only: {warm_logits * per:.3f} ms/article")
    print(f"warm, whole prediction (terms, reasons, sentences): {warm * per:.3f} ms/article")
    print(f"warm, in chunks of 32 articles (score_many, as a batch's chunk): token "
          f"probabilities only {chunk_logits * per:.3f}, whole prediction {chunk * per:.3f} "
          f"ms/article")
    print(f"warm form table, fresh Documents after the signals (as in a run): whole prediction "
          f"{fresh_whole * per:.3f} ms/article, in chunks of 32 {fresh_chunk * per:.3f}")
    print(f"the word-list signal, for scale: {list_signal * per:.3f} ms/article")
    print(f"the full report (scorer.api.score_text, the word list): {report * per:.3f} "
          f"ms/article; the whole prediction would add {100 * fresh_whole / report:.0f}% "
          f"({100 * fresh_chunk / report:.0f}% in chunks) on fresh Documents, "
          f"{100 * warm / report:.0f}% ({100 * chunk / report:.0f}%) on Documents "
          "scored before")
    return 0


if __name__ == "__main__":
    sys.exit(main())
