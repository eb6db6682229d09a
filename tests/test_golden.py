"""Every sample article still gives its golden report (see tests/update_golden.py)."""

from __future__ import annotations

import json

import pytest

from update_golden import GOLDEN, SAMPLES, load, record


def test_every_sample_has_a_golden_report():
    assert {p.name for p in SAMPLES.glob("*.txt")} == set(load())


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_sample_matches_its_golden_report(name):
    got = json.loads(json.dumps(record(SAMPLES / name), sort_keys=True))
    want = load()[name]
    assert got == want, (
        f"{name} changed; if the change is intended, run `python tests/update_golden.py` "
        f"and commit {GOLDEN.relative_to(GOLDEN.parents[2])}")
