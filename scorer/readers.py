"""bytes -> text: size limits, binary detection, encoding detection.

Every refusal is an :class:`InputError` whose message says what is wrong in one line.
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .document import WORD_RE
from .errors import InputError
from .settings import Settings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# bytes that never occur in text files (NUL and most C0 controls)
_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


@dataclass
class TextInput:
    """A decoded input, ready to analyse."""

    text: str
    name: str
    encoding: str
    title: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def read_path(path: str | Path, settings: Settings) -> TextInput:
    """Read and decode one file, or standard input for ``"-"``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        name = "-"
    else:
        p = Path(path)
        name = str(path)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a directory (use `scorer batch` for folders)")
        if not p.is_file():
            raise InputError(f"{name}: not a regular file")
        size = p.stat().st_size
        if size > settings.max_bytes:
            raise InputError(
                f"{name}: {_human(size)} is over the {_human(settings.max_bytes)} limit "
                "(set SCORER_MAX_BYTES to raise it)"
            )
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if len(data) > settings.max_bytes:
        raise InputError(
            f"{name}: input is over the {_human(settings.max_bytes)} limit "
            "(set SCORER_MAX_BYTES to raise it)"
        )
    return decode(data, name)


def decode(data: bytes, name: str) -> TextInput:
    """Decode bytes to text: BOM, then UTF-8, then charset detection; refuse binary."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    warnings: list[tuple[str, str]] = []
    encoding = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    if encoding is None:
        sample = data[:65536]
        if b"\x00" in sample or sum(b in _CONTROL for b in sample) > 0.01 * len(sample):
            raise InputError(f"{name}: looks binary, not text (NUL or control bytes)")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name)
            warnings.append(
                ("not_utf8", f"not UTF-8: decoded as {encoding}; check accents and quotation marks")
            )
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid {encoding} text ({exc.reason})") from exc
    text = text.lstrip("\ufeff")
    check_text(text, name)
    return TextInput(text=text, name=name, encoding=encoding, warnings=warnings)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not valid UTF-8 and no text encoding fits")
    return str(best), best.encoding


def check_text(text: str, name: str) -> None:
    """Refuse text that cannot be analysed: empty, binary, or without any words."""
    if not text.strip():
        raise InputError(f"{name}: empty text")
    if "\x00" in text:
        raise InputError(f"{name}: looks binary, not text (NUL characters)")
    if WORD_RE.search(text) is None:
        raise InputError(f"{name}: no words found")
