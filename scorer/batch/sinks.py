"""Where a batch writes its reports: JSONL, CSV and HTML pages (the SQLite store is
:mod:`.store`), and :class:`Output`, a file written aside and named when the run ends."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Sequence, TextIO

from ..errors import OutputError
from .work import COLUMNS, Outcome


class JsonlSink:
    """One report per line."""

    what = "JSONL"

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh

    def write(self, outcomes: Sequence[Outcome]) -> None:
        self.fh.write("".join(o.report + "\n" for o in outcomes if o.report))
        self.fh.flush()


class CsvSink:
    """The flat features, one row per article."""

    what = "CSV"

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, outcomes: Sequence[Outcome]) -> None:
        self.writer.writerows(o.row for o in outcomes if o.row)
        self.fh.flush()


class HtmlSink:
    """One page per article in a folder, named from the input's name and its text's
    SHA-256 (two inputs of the same name never share a file)."""

    what = "HTML"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.written: set[str] = set()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.folder}: {exc.strerror}", exc.errno) from None

    def write(self, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            if o.page is None:  # stored by an earlier run: its text is not at hand
                continue
            path = self.folder / self._file_name(o.name, o.sha256 or "")
            try:
                path.write_text(o.page, encoding="utf-8")
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}", exc.errno) from None

    def _file_name(self, name: str, sha256: str) -> str:
        """``NAME-SHA256PREFIX.html``, with NAME made safe; numbered when the same name and
        text come twice in one run (one folder's copy of another's file)."""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._")[:80] or "article"
        base = f"{stem}-{sha256[:12]}"
        file, n = f"{base}.html", 1
        while file in self.written:
            n += 1
            file = f"{base}-{n}.html"
        self.written.add(file)
        return file


class Output:
    """An output file of a batch, written through a temporary file beside it that takes
    its name only when the run has ended (:meth:`keep`): a run that fails before that
    (a missing input, a refused model, a full disk) leaves an existing file as it was.
    A path that is not a regular file (``/dev/stdout``, a named pipe) is written
    directly."""

    def __init__(self, path: str | Path, newline: str | None = None) -> None:
        self.path = Path(path)
        direct = self.path.exists() and not self.path.is_file()
        self.tmp = None if direct else self.path.with_name(
            f".{self.path.name}.{os.getpid()}.partial")
        try:
            self.fh: TextIO = (self.tmp or self.path).open("w", encoding="utf-8", newline=newline)
        except OSError as exc:
            raise self._error(exc) from None

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"cannot write {self.path}: {exc.strerror}", exc.errno)

    def keep(self) -> None:
        """Close the file and give it its name."""
        try:
            self.fh.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise self._error(exc) from None

    def discard(self) -> None:
        """Close and remove the temporary file: the path keeps what it held before."""
        try:
            self.fh.close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                self.tmp.unlink()
            except OSError:
                pass
