from __future__ import annotations

import json

import pytest

from scorer import readers
from scorer.errors import InputError
from scorer.settings import Settings

S = Settings(_env_file=None)


def test_utf8(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Café owner said “yes”.", encoding="utf-8")
    t = readers.read_path(p, S)
    assert t.encoding == "utf-8" and t.text.startswith("Café") and not t.warnings


def test_cp1252_is_detected_with_a_warning(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("The caf\u00e9 owner said \u201cno\u201d to the council. ".encode("cp1252") * 20)
    t = readers.read_path(p, S)
    assert "café" in t.text and "\u201cno\u201d" in t.text
    assert t.warnings and t.warnings[0][0] == "not_utf8"


def test_utf16_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The mayor said yes.", encoding="utf-16")
    assert readers.read_path(p, S).text == "The mayor said yes."


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"   \n\n ", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary"),
     (b"!!! ??? ... ---", "no words")],
)
def test_refused(tmp_path, content, message):
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        readers.read_path(p, S)


def test_directory_and_missing(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        readers.read_path(tmp_path, S)
    with pytest.raises(InputError, match="no such file"):
        readers.read_path(tmp_path / "nope.txt", S)


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="over the .* limit"):
        readers.read_path(p, Settings(_env_file=None, max_bytes=1000))


def test_western_code_page_is_preferred_for_mostly_ascii_text(tmp_path):
    text = ("The caf\u00e9 owner said the r\u00e9sum\u00e9 was fine. " * 20) + "\u201cYes,\u201d she said."
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode("cp1252"))
    t = readers.read_path(p, S)
    assert t.text == text and t.encoding == "cp1252"
    assert t.warnings and t.warnings[0][0] == "not_utf8"


def test_an_input_is_checked_once(monkeypatch, tmp_path):
    """The article's text is checked once, whatever the file type (a JSON file's own
    text is not the article's)."""
    from scorer import readers as R
    from scorer.settings import Settings

    calls = []
    real = R.check_text
    monkeypatch.setattr(R, "check_text", lambda text, name: calls.append(text) or real(text, name))
    article = "The mayor said the budget was balanced."
    for suffix, data in ((".txt", article), (".json", json.dumps({"text": article, "id": "a"}))):
        path = tmp_path / f"a{suffix}"
        path.write_text(data, encoding="utf-8")
        calls.clear()
        assert R.read_path(path, Settings(_env_file=None)).text == article
        assert calls == [article], suffix
