"""bytes -> text: size limits, binary detection, encoding detection, HTML main text,
JSON records.

Every refusal is an :class:`InputError` whose message says what is wrong in one line.
The same readers serve ``scorer score`` (one file) and ``scorer batch`` (many).
"""

from __future__ import annotations

import codecs
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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


HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl")


@dataclass(frozen=True)
class Link:
    """An outbound hyperlink in extracted HTML text: its anchor text's offsets and target."""

    start: int
    end: int
    url: str


@dataclass
class TextInput:
    """A decoded input, ready to analyse."""

    text: str
    name: str
    encoding: str | None
    title: str | None = None
    url: str | None = None
    links: list[Link] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    extracted: bool = False  # the text was extracted (HTML): the report carries it


def human_bytes(n: int) -> str:
    """A byte count for a message: "12.0 MB"."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def read_path(path: str | Path, settings: Settings) -> TextInput:
    """Read and decode one file (text, Markdown, HTML or a JSON article), or standard
    input for ``"-"``."""
    if str(path) == "-":
        if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
            raise InputError("-: standard input is closed; give a file, or pipe the text in")
        try:
            data = sys.stdin.buffer.read(settings.max_bytes + 1)
        except OSError as exc:
            raise InputError(f"-: cannot read standard input: {exc.strerror}") from None
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
        data = read_bytes(p, name, settings)
    if len(data) > settings.max_bytes:
        raise over_limit(name, settings)
    return from_bytes(data, name, Path(name).suffix.lower())


def over_limit(name: str, settings: Settings, size: int | None = None) -> InputError:
    """The refusal of an input larger than ``settings.max_bytes`` (of ``size`` bytes,
    when known before reading)."""
    what = "input" if size is None else human_bytes(size)
    return InputError(f"{name}: {what} is over the {human_bytes(settings.max_bytes)} limit "
                      "(set SCORER_MAX_BYTES to raise it)")


def read_bytes(path: Path, name: str, settings: Settings) -> bytes:
    """A file's bytes, refused (before reading) when over the size limit."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise over_limit(name, settings, size)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc


def from_bytes(data: bytes, name: str, suffix: str) -> TextInput:
    """Decode one input by its file type (``suffix`` as ``.html``, ``.json``, ...)."""
    if suffix in HTML_SUFFIXES:
        return from_html(data, name)
    if suffix == ".json":
        record = parse_json(decode(data, name, check=False).text, name)
        if isinstance(record, list):
            n = len(record)
            raise InputError(f"{name}: holds {n} article{'' if n == 1 else 's'}; a list of "
                             "articles is read by `scorer batch`")
        return from_record(record, name)
    if suffix == ".jsonl":
        raise InputError(f"{name}: a JSONL corpus holds many articles; use `scorer batch`")
    return decode(data, name)


def parse_json(data: str | bytes, name: str):
    """A JSON value from text or UTF-8 bytes; a refusal says why in one line."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        what = exc.msg.removesuffix(" at")  # "Invalid control character at"
        raise InputError(f"{name}: invalid JSON ({what} at line {exc.lineno}, column "
                         f"{exc.colno})") from None
    except UnicodeDecodeError:
        raise InputError(f"{name}: invalid JSON (not UTF-8)") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None


def from_record(record: object, name: str) -> TextInput:
    """An article given as a JSON object: ``text`` required; ``id``, ``title``, ``url``
    optional (``id`` becomes the report's name)."""
    if not isinstance(record, dict):
        raise InputError(f"{name}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{name}: no 'text' string in the record")
    rid = record.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int, float))
                            or isinstance(rid, float) and not math.isfinite(rid)):
        raise InputError(f"{name}: 'id' must be a string or a finite number")
    title, url = record.get("title"), record.get("url")
    name = (rid if isinstance(rid, str) else json.dumps(rid)) if rid is not None else name
    check_text(text, name)
    for value in (name, title, url):
        if isinstance(value, str) and not _encodable(value):
            raise InputError(f"{name!a}: 'id', 'title' or 'url' holds invalid Unicode "
                             "(a lone surrogate)")
    return TextInput(
        text=text, name=name, encoding=None,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
    )


def from_json_line(line: bytes, name: str) -> TextInput:
    """One line of a JSONL corpus."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: line is not UTF-8") from None
    return from_record(parse_json(text, name), name)


# [anchor](https://target) as trafilatura writes links inside the extracted text; the
# anchor may hold escaped brackets ([\[1\]](...)), and a target with spaces or
# parentheses is written in angle brackets ([x](<https://w.org/Budget_(finance)>))
_MD_LINK_RE = re.compile(
    r"\[((?:\\.|[^\]\\\n])*)\]\((?:<([^<>\n]+)>|([^()\s]+(?:\([^()\s]*\)[^()\s]*)*))\)"
)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|])")


def from_html(data: bytes, name: str) -> TextInput:
    """The main text of an HTML page (trafilatura drops navigation, ads and footers);
    links in the main text that leave the page's own site are kept as cited documents."""
    import trafilatura

    if not data.strip():
        raise InputError(f"{name}: empty file")
    try:
        extracted = trafilatura.bare_extraction(
            data, include_links=True, with_metadata=True, include_comments=False,
            include_tables=False,
        )
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        raise InputError(f"{name}: cannot parse HTML ({type(exc).__name__})") from None
    raw = getattr(extracted, "text", None) if extracted is not None else None
    if not raw or not raw.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    title = (extracted.title or "").strip() or None
    raw = unicodedata.normalize("NFC", raw)
    lines = [ln.strip() for ln in raw.split("\n")]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    raw = "\n\n".join(ln for ln in lines if ln)
    own = _host(getattr(extracted, "url", None) or getattr(extracted, "hostname", None) or "")
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    length = 0
    for m in _MD_LINK_RE.finditer(raw):
        out.append(raw[pos:m.start()])
        length += m.start() - pos
        anchor = _MD_ESCAPE_RE.sub(r"\1", m.group(1))
        target = m.group(2) or m.group(3)
        host = _host(target)
        if anchor.strip() and urlsplit(target).scheme in ("http", "https") and host and host != own:
            links.append(Link(length, length + len(anchor), target))
        out.append(anchor)
        length += len(anchor)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    check_text(text, name)
    url = getattr(extracted, "url", None)
    return TextInput(text=text, name=name, encoding="html", title=title, url=url, links=links,
                     extracted=True)


def _host(url: str) -> str:
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def decode(data: bytes, name: str, check: bool = True) -> TextInput:
    """Decode bytes to text: BOM, then UTF-8, then charset detection; refuse binary.
    ``check``: refuse text that cannot be analysed (not for a JSON file, whose article's
    text is checked once it is read from the record)."""
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
            text, encoding, note = _detect(data, name)
            warnings.append(
                ("not_utf8", f"not UTF-8: decoded as {encoding}{note}; check accents and "
                 "quotation marks")
            )
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid {encoding} text ({exc.reason})") from exc
    text = text.lstrip("\ufeff")
    if check:
        check_text(text, name)
    return TextInput(text=text, name=name, encoding=encoding, warnings=warnings)


#: the five bytes Windows-1252 leaves undefined
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _detect(data: bytes, name: str) -> tuple[str, str, str]:
    """The text, its encoding and a note for the warning (undefined bytes replaced)."""
    # English news that is not UTF-8 is nearly always Windows-1252 (or Latin-1, its
    # subset): mostly ASCII with a few accents and curly quotes. Statistical detection
    # on so few non-ASCII bytes often guesses a Central European code page instead,
    # above all when a stray byte Windows-1252 does not define (0x81) is in the file:
    # then a few such bytes are replaced (U+FFFD) and the warning says how many.
    ascii_share = sum(b < 128 for b in data[:65536]) / max(1, len(data[:65536]))
    if ascii_share >= 0.9:
        try:
            return data.decode("cp1252"), "cp1252", ""
        except UnicodeDecodeError:
            odd = sum(map(_CP1252_UNDEFINED.__contains__, data))
            if odd <= max(3, len(data) // 10_000):
                return (data.decode("cp1252", errors="replace"), "cp1252",
                        f" with {odd} undefined byte{'s' if odd > 1 else ''} replaced (\ufffd)")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not valid UTF-8 and no text encoding fits")
    return str(best), best.encoding, ""


def check_text(text: str, name: str) -> None:
    """Refuse text that cannot be analysed: empty, binary, or without any words."""
    if not text.strip():
        raise InputError(f"{name}: empty text")
    if "\x00" in text:
        raise InputError(f"{name}: looks binary, not text (NUL characters)")
    if not _encodable(text):
        raise InputError(f"{name}: text holds invalid Unicode (a lone surrogate)")
    if WORD_RE.search(text) is None:
        raise InputError(f"{name}: no words found")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
