"""Where a plain `scorer score FILE` spends its start-up, step by step, in a fresh process.
Not a test.

    python bench/startup_steps.py                       # samples/articles/p1-001.txt
    python bench/startup_steps.py --file other.txt

Each step is timed on its own, in the order a score meets them: the CLI's imports, the
lexicon bundle (with the source rules built from it), the syllable table, the
hyphenation patterns, the model, then the score itself with everything loaded. Wall
and CPU milliseconds; this shared machine's load moves the wall figures, so compare
runs made one after another (and `python -X importtime -c "import scorer.cli"` for the
imports one by one).
"""

from __future__ import annotations

import time

T0, C0 = time.perf_counter(), time.process_time()

import argparse  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=ROOT / "samples" / "articles" / "p1-001.txt")
    args = ap.parse_args()
    last = [T0, C0]

    def step(label: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        print(f"  {label:34s} {1000 * (wall - last[0]):7.1f} {1000 * (cpu - last[1]):7.1f}")
        last[:] = [wall, cpu]

    print(f"  {'step':34s} {'wall ms':>7s} {'CPU ms':>7s}")
    import scorer.cli  # noqa: F401

    step("import scorer.cli")
    from scorer import lexicons
    from scorer.settings import Settings
    from scorer.signals import readability
    from scorer.signals.sources.rules import rules

    settings = Settings()
    rules(lexicons.for_settings(settings))
    step("lexicon bundle and source rules")
    readability._table()
    step("syllable table (CMUdict)")
    readability._hyphenation()
    step("hyphenation patterns (Pyphen's)")
    from scorer import model

    model.load_scoring_cached(settings.model_path, trust=settings.trust_model)
    step("model")
    from scorer.api import score_file

    score_file(args.file, settings=settings)
    step("score the file (tables loaded)")
    print(f"  {'total':34s} {1000 * (time.perf_counter() - T0):7.1f} "
          f"{1000 * (time.process_time() - C0):7.1f}")


if __name__ == "__main__":
    main()
