"""How the shipped model orders real articles it was never trained on. Not a test.

    python bench/model_on_corpora.py            # ../shared/data, every corpus found
    python bench/model_on_corpora.py --json

None of these corpora is labelled for sourcing quality, so this does not measure
accuracy. It checks the ordering an expert would expect between groups: wire reports
(PolNeAR articles credited to AP, Reuters, AFP or UPI) against the same outlets' own
copy, mainstream publishers against hyper-partisan ones, and both against the
propaganda-heavy articles of PTC (SemEval-2020 task 11). For each group: articles,
mean and median score, share labelled weak / mixed / strong, and mean per-1,000-word
rates of unnamed attributions and author-voice loaded terms.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
WIRES = {"ap", "reuters", "afp", "upi"}


def groups(data: Path):
    """(group name, text) pairs from whichever corpora are present."""
    pn = data / "polnear" / "articles.jsonl"
    if pn.exists():
        for line in pn.open(encoding="utf-8"):
            r = json.loads(line)
            if str(r.get("wire", "")).lower() in WIRES:
                yield "PolNeAR wire copy (AP/Reuters/AFP/UPI)", r["text"]
                # briefs apart: the rubric counts sources in absolute terms
                short = len(r["text"].split()) < 300
                yield f"  wire copy {'under' if short else 'of'} 300 words{'' if short else ' or more'}", r["text"]
            else:
                yield f"PolNeAR {r['publisher']} own copy", r["text"]
    ptc = data / "ptc-semeval2020-t11" / "articles.jsonl"
    if ptc.exists():
        for line in ptc.open(encoding="utf-8"):
            yield "PTC propaganda-annotated articles", json.loads(line)["text"]
    basil = data / "basil" / "articles.jsonl"
    if basil.exists():
        for line in basil.open(encoding="utf-8"):
            r = json.loads(line)
            yield f"BASIL {r['source']}", r["text"]
    fh = data / "fakehealth-text" / "articles.jsonl"
    if fh.exists():
        for line in fh.open(encoding="utf-8"):
            r = json.loads(line)
            yield f"FakeHealth {r['collection']}", r["text"]


def main() -> None:
    from scorer import score_text
    from scorer.errors import InputError

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows: dict[str, list] = defaultdict(list)
    for group, text in groups(args.data):
        try:
            r = score_text(text)
        except InputError:
            continue
        f = r.features
        unnamed = 1000.0 * (f.anonymous + f.vague) / max(r.input.words, 1)
        rows[group].append((r.score, r.label, unnamed, f.loaded_per_1k_author))
    out = []
    for group, vals in sorted(rows.items(), key=lambda kv: -statistics.mean(v[0] for v in kv[1])):
        n = len(vals)
        out.append({
            "group": group, "articles": n,
            "mean_score": round(statistics.mean(v[0] for v in vals), 1),
            "median_score": round(statistics.median(v[0] for v in vals), 1),
            **{f"share_{lab}": round(sum(v[1] == lab for v in vals) / n, 3)
               for lab in ("weak", "mixed", "strong")},
            "unnamed_per_1k": round(statistics.mean(v[2] for v in vals), 2),
            "loaded_author_per_1k": round(statistics.mean(v[3] for v in vals), 2),
        })
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{'group':44s} {'n':>5s} {'mean':>6s} {'median':>6s} {'weak':>5s} {'mixed':>5s} "
          f"{'strong':>6s} {'unnamed/1k':>10s} {'loaded/1k':>9s}")
    for g in out:
        print(f"{g['group']:44s} {g['articles']:>5d} {g['mean_score']:>6.1f} "
              f"{g['median_score']:>6.1f} {g['share_weak']:>5.2f} {g['share_mixed']:>5.2f} "
              f"{g['share_strong']:>6.2f} {g['unnamed_per_1k']:>10.2f} "
              f"{g['loaded_author_per_1k']:>9.2f}")


if __name__ == "__main__":
    main()
