"""Regenerate the published word tables in ``scorer/lexicons/published/`` from the files
their packages ship. Not part of the installed package; run it by hand when a table's
source changes, then retrain the loaded-language model (``scorer train-loaded``).

    pip install vaderSentiment==3.3.2 textblob==0.20.1 empath==0.89
    python scripts/published_tables.py            # rewrite the three tables
    python scripts/published_tables.py --check    # exit 1 if a table would change

The packages are never imported (textblob imports NLTK, vaderSentiment and empath import
requests): their data files are found with ``importlib.util.find_spec`` and read as text.
Nothing here reads any annotated corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scorer" / "lexicons" / "published"
sys.path.insert(0, str(ROOT))

from scorer.loaded.resources import EMPATH_CATEGORIES  # noqa: E402  (the 46 chosen by name)

_VADER_WORD = re.compile(r"[a-z][a-z'\-]*")  # words; VADER's emoticons are left out


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed (pip install it to regenerate)")
    return Path(list(spec.submodule_search_locations)[0]) / name


def _source(package: str, name: str) -> tuple[Path, list[str]]:
    path = _package_file(package, name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    version = importlib.metadata.version(package)
    return path, [f"source: {package} {version}, file {package}/{name}", f"source sha256: {digest}"]


def vader(path: Path) -> list[str]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and _VADER_WORD.fullmatch(parts[0]):
            rows.append(f"{parts[0]}\t{float(parts[1]):g}")
    return rows


def pattern(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    if root.get("license") != "PDDL":  # the licence the header states is the file's own
        raise SystemExit(f"{path} now declares license={root.get('license')!r}: read it again")
    senses: dict[str, list[tuple[float, float, float]]] = {}
    for el in root.iter("word"):
        form = (el.get("form") or "").lower()
        if form and " " not in form:
            senses.setdefault(form, []).append((float(el.get("polarity", 0)),
                                                float(el.get("subjectivity", 0)),
                                                float(el.get("intensity", 1))))
    rows = []
    for form in sorted(senses):
        v = senses[form]
        pol = sum(p for p, _, _ in v) / len(v)
        subj = sum(s for _, s, _ in v) / len(v)
        rows.append(f"{form}\t{round(pol, 4):g}\t{round(subj, 4):g}\t{max(i for _, _, i in v):g}")
    return rows


def empath(path: Path) -> list[str]:
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0] in EMPATH_CATEGORIES:
            pairs.update((w.strip().lower(), parts[0]) for w in parts[1:]
                         if w.strip() and " " not in w.strip())
    return [f"{w}\t{c}" for c, w in sorted((c, w) for w, c in pairs)]


#: file -> (package, its file, how to derive the rows, the header: title, then what
#: follows the source lines)
TABLES = {
    "vader_valence.tsv": ("vaderSentiment", "vader_lexicon.txt", vader, [
        "VADER valence: word<TAB>mean valence (-4 most negative .. +4 most positive)",
        "licence: MIT, Copyright (c) 2016 C.J. Hutto (full notice in LICENSES.md)",
        "cite: C.J. Hutto and E. Gilbert, VADER: A Parsimonious Rule-based Model for Sentiment",
        "  Analysis of Social Media Text, ICWSM 2014",
        "derived: the word entries (lowercase letters, hyphens, apostrophes) and their mean",
        "  rating; emoticons, the standard deviations and the raw ratings are left out"]),
    "pattern_subjectivity.tsv": ("textblob", "en/en-sentiment.xml", pattern, [
        "Pattern subjectivity: word<TAB>polarity<TAB>subjectivity<TAB>intensity",
        'licence: the file declares license="PDDL" (Open Data Commons Public',
        "  Domain Dedication and License; author Tom De Smedt, Walter Daelemans); it ships",
        "  inside TextBlob (MIT, Copyright Steven Loria and contributors)",
        "cite: T. De Smedt and W. Daelemans, Pattern for Python, JMLR 13, 2012",
        "derived: single-word forms, lowercased; polarity (-1..1) and subjectivity (0..1) are",
        "  the means over the form's senses (4 decimals), intensity the largest"]),
    "empath_categories.tsv": ("empath", "data/categories.tsv", empath, [
        "Empath categories: word<TAB>category (46 of Empath's 194 categories)",
        "licence: MIT, Copyright (c) 2016 Ethan Fast (repository Ejhfast/empath-client,",
        "  LICENSE.txt; full notice in LICENSES.md)",
        "cite: E. Fast, B. Chen and M.S. Bernstein, Empath: Understanding Topic Signals in",
        "  Large-Scale Text, CHI 2016",
        "derived: the single words of the categories in scorer.loaded.resources.EMPATH_CATEGORIES",
        "  (chosen by their names before any result: affect, conflict, moral and power words,",
        "  and politics, law, government and religion), lowercased, one word and category a line"]),
}


def table(name: str) -> str:
    """The text of table ``name``: its header, then its rows."""
    package, file, derive, (title, *notes) = TABLES[name]
    path, src = _source(package, file)
    header = "\n".join(f"# {ln}" if ln else "#" for ln in [title, "", *src, *notes])
    header += "\n# regenerate: python scripts/published_tables.py (see LICENSES.md)\n"
    return header + "\n".join(derive(path)) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only say whether a table would change")
    args = ap.parse_args(argv)
    changed = []
    for name in TABLES:
        text = table(name)
        path = OUT / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{name}: {text.count(chr(10)) - text.count(chr(10) + '#') - 1} entries"
              f"{' (changed)' if name in changed else ''}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
