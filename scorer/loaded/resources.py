"""The published word resources the loaded-language model reads, once per process.

* VADER valence, Pattern subjectivity and 46 Empath categories: small tables derived from
  the files their packages ship, kept as package data in ``scorer/lexicons/published/``
  (origin, licence, citation and derivation in each file's header and in ``LICENSES.md``
  there; ``scripts/published_tables.py`` regenerates them).
* Word rarity: wordfreq's small English list (``wordfreq/data/small_en.msgpack.gz``),
  read from the installed ``wordfreq`` package's own file, without importing wordfreq
  (its import pulls in regex, ftfy and langcodes: 16 MB). wordfreq is a dependency, so
  its data (CC BY-SA 4.0) is installed by pip from its own wheel; scorer redistributes
  none of it, and nothing is downloaded at run time.

A word form that a table lacks is looked up by its base: regular inflections (scorer's
own :func:`scorer.lexicons.inflections`) and -ly adverbs map to their entry. Read on
first use (about 0.2 s), one :class:`Published` per process (:func:`published`).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.metadata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, TypeVar

from ..errors import ModelError
from ..lexicons import inflections, installed_file
from ..model.artifact import file_sha256

V = TypeVar("V")

#: Empath's categories the model reads, chosen by their names before any result: affect,
#: conflict, moral and power words, and a few topics news uses neutrally (politics, law)
EMPATH_CATEGORIES = (
    "hate", "aggression", "envy", "crime", "dispute", "weakness", "horror", "swearing_terms",
    "suffering", "kill", "ridicule", "stealing", "fear", "irritability", "exasperation",
    "death", "violence", "dominant_heirarchical", "neglect", "deception", "fight",
    "dominant_personality", "war", "disgust", "injury", "rage", "ugliness", "shame",
    "torment", "anger", "power", "terrorism", "disappointment", "pain", "negative_emotion",
    "positive_emotion", "monster", "weapon", "sadness", "heroic", "pride", "childish",
    "politics", "law", "government", "religion",
)

TABLES = ("vader_valence.tsv", "pattern_subjectivity.tsv", "empath_categories.tsv")
WORDFREQ_LIST = "small_en.msgpack.gz"


@dataclass(frozen=True)
class Published:
    """Lowercase word -> its entry in each resource (inflected forms included)."""

    valence: dict[str, float]  #: VADER mean valence, -4 .. 4
    subjectivity: dict[str, tuple[float, float, float]]  #: Pattern (polarity, subjectivity, intensity)
    empath: dict[str, frozenset[int]]  #: indices into EMPATH_CATEGORIES
    rarity: dict[str, int]  #: wordfreq's frequency in -centibels (Zipf = 9 - value / 100)

    def centibels(self, word: str) -> int | None:
        """-cB frequency of ``word``; a hyphenated or apostrophe word that wordfreq lacks
        takes its rarest part, when every part is listed."""
        found = self.rarity.get(word)
        if found is None and ("-" in word or "'" in word or "’" in word):
            word = word.replace("’", "'")
            found = self.rarity.get(word)
            if found is None:
                parts = [p for p in word.replace("'", "-").split("-") if p]
                values = [self.rarity.get(p) for p in parts]
                if parts and None not in values:
                    found = max(values)  # type: ignore[type-var]
        return found


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("scorer.lexicons").joinpath("published", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _adverbs(adjective: str) -> set[str]:
    """-ly forms of an adjective (terrible -> terribly, angry -> angrily)."""
    out = {adjective + "ly"}
    if adjective.endswith("y") and len(adjective) > 3:
        out.add(adjective[:-1] + "ily")
    if adjective.endswith("le") and len(adjective) > 3:
        out.add(adjective[:-1] + "y")
    if adjective.endswith("ic"):
        out.add(adjective + "ally")
    return out


def _with_forms(table: dict[str, V]) -> dict[str, V]:
    """``table`` plus each entry's inflections and -ly adverbs that are not entries
    themselves (the first entry in file order wins a form two entries make)."""
    out = dict(table)
    for base, value in table.items():
        if base.isalpha():
            for form in inflections(base) | _adverbs(base):
                if form not in table:
                    out.setdefault(form, value)
    return out


def wordfreq_file() -> Path:
    """wordfreq's small English list, found without importing wordfreq."""
    path = installed_file("wordfreq", "data", WORDFREQ_LIST)
    if path is not None:
        return path
    raise ModelError("the loaded-language model needs the wordfreq package "
                     "(pip install 'wordfreq>=3.1'); it is not installed")


def _rarity() -> dict[str, int]:
    import msgpack

    pack = msgpack.unpackb(gzip.decompress(wordfreq_file().read_bytes()), raw=False)
    if not pack or pack[0].get("format") != "cB":
        raise ModelError(f"{wordfreq_file()}: not a wordfreq cBpack list")
    return {w: index for index, bucket in enumerate(pack[1:]) for w in bucket}


@functools.cache
def published() -> Published:
    """The resources, read on first use, once per process."""
    empath: dict[str, set[int]] = {}
    for word, category in _rows("empath_categories.tsv"):
        empath.setdefault(word, set()).add(EMPATH_CATEGORIES.index(category))
    return Published(
        valence=_with_forms({w: float(v) for w, v in _rows("vader_valence.tsv")}),
        subjectivity=_with_forms({w: (float(p), float(s), float(i))
                                  for w, p, s, i in _rows("pattern_subjectivity.tsv")}),
        empath=_with_forms({w: frozenset(c) for w, c in empath.items()}),
        rarity=_rarity(),
    )


def resource_hashes() -> dict[str, str]:
    """SHA-256 of every resource file the features read (and wordfreq's version): what a
    trained model records, so that a changed resource is noticed."""
    out = {}
    for name in TABLES:
        raw = resources.files("scorer.lexicons").joinpath("published", name).read_bytes()
        out[f"scorer/lexicons/published/{name}"] = hashlib.sha256(raw).hexdigest()
    out[f"wordfreq/data/{WORDFREQ_LIST}"] = file_sha256(wordfreq_file())
    out["wordfreq version"] = importlib.metadata.version("wordfreq")
    return out
