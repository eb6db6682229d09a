"""Golden reports: the compact result of every sample article, kept in
tests/golden/samples.jsonl so that any change in what scorer finds shows up in a test.

After a change that is meant to alter results (a lexicon entry, a rule, a retrained
model), look at what moved and then rewrite the file on purpose:

    python tests/update_golden.py            # rewrite tests/golden/samples.jsonl
    python tests/update_golden.py --diff     # only list the samples that changed
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "articles"
GOLDEN = Path(__file__).resolve().parent / "golden" / "samples.jsonl"


def record(path: Path) -> dict:
    """What a golden line holds for one sample: features, label, score, and every span;
    and the loaded terms the learnt model finds (``--loaded model``), with their
    probabilities, and its sentence share."""
    from scorer import score_file
    from scorer.pipeline import analyse
    from scorer.settings import Settings

    r = score_file(path)
    ev = r.evidence
    m = analyse(path.read_text(encoding="utf-8"), Settings(_env_file=None, loaded_signal="model"))
    return {
        "file": path.name,
        "label": r.label,
        "score": r.score,
        "features": r.features.model_dump(),
        "attributions": [[a.start, a.end, a.pattern, a.source_class] for a in ev.attributions],
        "hedges": [[s.start, s.end] for s in ev.hedges],
        "boosters": [[s.start, s.end] for s in ev.boosters],
        "loaded": [[s.start, s.end, s.category] for s in ev.loaded],
        "quotes": [[q.start, q.end, q.kind] for q in ev.quotes],
        "loaded_model": [[s.start, s.end, s.category, s.probability] for s in m.evidence.loaded],
        "loaded_model_sentence_share": m.features.loaded_sentence_share_author,
    }


def current() -> list[dict]:
    return [record(p) for p in sorted(SAMPLES.glob("*.txt"))]


def load() -> dict[str, dict]:
    with GOLDEN.open(encoding="utf-8") as fh:
        return {d["file"]: d for d in map(json.loads, fh)}


def main() -> None:
    now = current()
    if "--diff" in sys.argv:
        old = load()
        changed = [d["file"] for d in now if old.get(d["file"]) != d]
        print("\n".join(changed) or "no changes")
        return
    GOLDEN.parent.mkdir(exist_ok=True)
    with GOLDEN.open("w", encoding="utf-8") as fh:
        for d in now:
            fh.write(json.dumps(d, sort_keys=True) + "\n")
    print(f"wrote {len(now)} golden reports to {GOLDEN}")


if __name__ == "__main__":
    main()
