"""The property tests of tests/test_properties.py with many more generated texts than CI
runs (exact spans, determinism, invisible characters changing nothing). Not a test.

    python bench/fuzz.py            # 50x the CI counts: about 35,000 texts
    python bench/fuzz.py --scale 5
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=50.0, help="times the CI example counts")
    args = ap.parse_args()
    env = {**os.environ, "SCORER_FUZZ_EXAMPLES": str(args.scale)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "--hypothesis-show-statistics", str(ROOT / "tests" / "test_properties.py")]
    return subprocess.call(cmd, env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
