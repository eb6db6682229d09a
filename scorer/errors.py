"""The errors the library raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


def where_not_utf8(exc: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8, for a one-line error: "byte 0xff at offset 19"."""
    return f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"


class ScorerError(Exception):
    """Base class: a problem a user can act on (never a bug in scorer)."""


class InputError(ScorerError):
    """The input cannot be read or is refused (empty, binary, too large, not text...)."""


class ModelError(ScorerError):
    """A model file is missing, untrusted, or does not match this version's features."""


class LexiconError(ScorerError):
    """A lexicon file is malformed."""


class StoreError(ScorerError):
    """The results database cannot be written (locked by another writer, disk full)."""


class OutputError(ScorerError):
    """An output (a file, standard output) cannot be written: disk full, closed.
    ``errno`` is the system's error number (``errno.EPIPE``: the reader went away)."""

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class UsageError(ScorerError):
    """An argument out of range (``jobs=0``): the CLI's usage-error exit code, 2."""
