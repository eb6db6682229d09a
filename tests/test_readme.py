"""The README stays true: every feature and warning code is documented there."""

from __future__ import annotations

from pathlib import Path

from scorer.features import FEATURE_NAMES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_feature_is_in_the_readme():
    missing = [n for n in FEATURE_NAMES if f"`{n}`" not in README]
    assert not missing


def test_install_and_test_commands_match_ci():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "python -m pip install -e \".[test]\"" in README and "python -m pip install -e \".[test]\"" in ci
    assert "python -m pytest" in README and "python -m pytest" in ci


def test_the_sample_the_readme_scores_exists():
    import re

    root = Path(__file__).resolve().parents[1]
    for path in re.findall(r"scorer score (samples/\S+)", README):
        assert (root / path).is_file(), path


def test_every_batch_option_is_documented():
    for opt in ("--glob", "--out", "--csv", "--db", "--jobs", "--backend", "--scheduler",
                "--quiet", "--summary-json", "--strict"):
        assert opt in README, opt
