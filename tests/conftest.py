from __future__ import annotations

import pytest

from scorer import lexicons
from scorer.document import Document
from scorer.settings import Settings

SHARED = __import__("pathlib").Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def lex() -> lexicons.Lexicons:
    return lexicons.bundle()


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    # isolate from a developer's .env and SCORER_* variables
    monkeypatch.chdir(tmp_path)
    return Settings(_env_file=None)


def doc(text: str) -> Document:
    return Document(text)


# CI runs hypothesis derandomised so a red build can be reproduced
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, print_blob=True)
if __import__("os").environ.get("CI"):
    _hsettings.load_profile("ci")
