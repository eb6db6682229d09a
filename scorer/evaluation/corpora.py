"""Reading the annotated corpora: JSONL rows, and the gold spans of PolNeAR (attributions),
PTC (propaganda techniques) and BASIL (lexical bias) in each row."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from .metrics import _TRIM

PTC_LOADED = ("Loaded_Language", "Name_Calling,Labeling")

# The speech-cue subset: reporting verbs of saying and writing, in any inflection.
SPEECH_LEMMAS = (
    "say said says saying tell told tells telling write wrote written writes writing add "
    "added adds adding state stated states stating ask asked asks asking claim claimed claims "
    "claiming note noted notes noting warn warned warns warning argue argued argues arguing "
    "insist insisted insists insisting confirm confirmed confirms confirming deny denied "
    "denies denying announce announced announces announcing explain explained explains "
    "explaining acknowledge acknowledged acknowledges acknowledging tweet tweeted tweets "
    "tweeting report reported reports reporting reply replied replies respond responded "
    "responds testify testified testifies declare declared declares"
).split()
_SPEECH = frozenset(SPEECH_LEMMAS)


def is_speech_cue(text: str) -> bool:
    words = text.lower().split()
    if not words:
        return False
    if words[:2] == ["according", "to"]:
        return True
    return words[0].strip(_TRIM) in _SPEECH


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL corpus: the file, or a folder's ``articles.jsonl`` (BABE's
    folder holds ``sentences.jsonl`` instead)."""
    p = Path(path)
    if p.is_dir():
        p = next((p / n for n in ("articles.jsonl", "sentences.jsonl") if (p / n).exists()),
                 p / "articles.jsonl")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{p}:{n}: not JSON ({exc.msg})") from None


@dataclass
class GoldAttribution:
    cue: list[tuple[int, int]]
    cue_text: str
    source: list[tuple[int, int]] | None


def polnear_gold(row: dict[str, Any]) -> list[GoldAttribution]:
    """The primary annotator's attributions of one PolNeAR article."""
    anns = row.get("attributions") or {}
    primary = row.get("primary_annotator")
    items = anns.get(primary) if primary in anns else next(iter(anns.values()), [])
    out = []
    for a in items or []:
        src = a.get("source") if a.get("has_source", True) else None
        out.append(GoldAttribution(
            cue=[tuple(s) for s in a.get("cue") or []],
            cue_text=a.get("cue_text") or "",
            source=[tuple(s) for s in src] if src else None,
        ))
    return out


def ptc_gold(row: dict[str, Any]) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in row.get("spans", []) if s["technique"] in PTC_LOADED]


def basil_gold(row: dict[str, Any]) -> list[tuple[int, int, bool]]:
    """(start, end, inside a quotation) of each lexical-bias span."""
    return [(s["start"], s["end"], s.get("quote") == "yes")
            for s in row.get("spans", []) if s.get("bias") == "lexical"]
