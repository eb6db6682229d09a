"""Finding a batch's inputs: the files under a folder (or one file), each file, JSONL
line or JSON list record as an :class:`Item` with its raw bytes and its source key (the
SHA-256 of those bytes, the resume key), and what cannot be read as a :class:`Skip`.
Nothing here decodes or scores: that happens in the workers (:mod:`.work`)."""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from .. import readers
from ..errors import InputError
from ..settings import Settings


@dataclass(frozen=True)
class Item:
    """One article to score: where it came from and its raw bytes."""

    name: str
    kind: str  # a file suffix (".txt", ".html", ...) or "jsonl" for one corpus line
    data: bytes
    key: str  # SHA-256 of the raw bytes: the resume key
    origin: str | None = None  # the file, when the item is a whole file (its identity)


@dataclass(frozen=True)
class Stored:
    """An input the store already holds, scored by the same model: on a resumed run its
    stored report goes to the JSONL and CSV outputs in its place, so that they hold one
    report per input, as if the run had never stopped."""

    key: str


@dataclass(frozen=True)
class Skip:
    """An input that was not scored, and why."""

    name: str
    reason: str


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reason(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _file_item(path: Path, name: str, settings: Settings) -> Iterator[Item | Skip]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_items(path, name, settings)
        return
    try:
        data = readers.read_bytes(path, name, settings)
    except InputError as exc:
        yield Skip(name, _reason(str(exc), name))
        return
    if suffix == ".json" and data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"[":
        # a list of articles is split here; one article is parsed by the worker
        try:
            value = readers.parse_json(data, name)
        except InputError as exc:
            yield Skip(name, _reason(str(exc), name))
            return
        for k, rec in enumerate(value):
            try:
                raw = json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8")
            except (UnicodeEncodeError, RecursionError, ValueError):
                yield Skip(f"{name}[{k}]", "record holds invalid Unicode or is nested "
                           "too deeply")
                continue
            yield Item(f"{name}[{k}]", "jsonl", raw, _key(raw))
        return
    yield Item(name, suffix, data, _key(data), origin=name)


def _jsonl_items(path: Path, name: str, settings: Settings) -> Iterator[Item | Skip]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(name, f"cannot read ({exc.strerror})")
        return
    limit = settings.max_bytes
    with fh:
        number = 0
        while True:
            # read at most limit + 1 bytes, so one huge line cannot fill the memory
            line = fh.readline(limit + 1)
            if not line:
                break
            number += 1
            where = f"{name}:{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line)
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                    size += len(line)
                yield Skip(where, f"line of {size:,} bytes is over the {limit:,}-byte limit")
                continue
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if not line.strip():
                continue
            yield Item(where, "jsonl", line, _key(line))


def _walk(root: Path) -> Iterator[Path | Skip]:
    """Files under ``root`` in a stable order, following symlinks but not loops."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path, ancestors: frozenset = frozenset()) -> Iterator[Path | Skip]:
        try:
            st = d.stat()
        except OSError as exc:
            yield Skip(str(d), f"cannot open folder ({exc.strerror})")
            return
        ident = (st.st_dev, st.st_ino)
        if ident in ancestors:
            yield Skip(str(d), "symlink loop: links back to a folder above it")
            return
        if ident in seen:
            return  # a second path (a symlink) to a folder already read: read it once
        seen.add(ident)
        ancestors = ancestors | {ident}
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            yield Skip(str(d), f"cannot list folder ({exc.strerror})")
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from visit(p, ancestors)
                elif entry.is_file():
                    yield p
                elif entry.is_symlink():
                    yield Skip(str(p), "broken or looping symlink")
            except OSError as exc:  # ELOOP on a self-referencing link
                yield Skip(str(p), f"cannot follow ({exc.strerror})")

    yield from visit(root)


def _files(target: str | Path, globs: Sequence[str] = ()) -> Iterator[Path | Skip]:
    """The files to read under ``target`` (a folder, or one file), without reading them;
    files of other types are Skips."""
    root = Path(target)
    if not root.exists():
        raise InputError(f"{target}: no such file or folder")
    if root.is_file():
        yield root
        return
    if not root.is_dir():
        raise InputError(f"{target}: not a file or folder")
    for found in _walk(root):
        if isinstance(found, Skip):
            yield found
            continue
        rel = found.relative_to(root).as_posix()
        if globs and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(found.name, g)
                             for g in globs):
            continue
        if found.suffix.lower() not in readers.SUFFIXES:
            if not globs and found.name.startswith("."):
                continue  # .DS_Store, .gitignore: not articles, not worth a line
            yield Skip(str(found), f"unsupported file type {found.suffix or '(none)'!r}; "
                       f"scorer reads {', '.join(readers.SUFFIXES)}")
            continue
        yield found


def discover(target: str | Path, settings: Settings, globs: Sequence[str] = ()) -> Iterator[Item | Skip]:
    """Every article under ``target`` (a folder, a JSONL/JSON corpus, or one file), lazily."""
    single = Path(target).is_file()
    for found in _files(target, globs):
        if isinstance(found, Skip):
            yield found
        else:
            yield from _file_item(found, str(target) if single else str(found), settings)


def count_inputs(target: str | Path, globs: Sequence[str] = ()) -> int:
    """About how many inputs ``target`` holds, for a progress bar's ETA: JSONL lines are
    counted, other files are not read (a .json list counts as one)."""
    n = 0
    for found in _files(target, globs):
        if isinstance(found, Path) and found.suffix.lower() == ".jsonl":
            try:
                with found.open("rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n

