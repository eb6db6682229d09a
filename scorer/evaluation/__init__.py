"""Judge the signals against people: readers for annotated corpora and the metrics.

Corpora are read in place (nothing is copied). Five formats, one JSON object per line:

* ``polnear``: attributions as Source / Cue / Content character spans per annotator
  (``attributions[primary_annotator]``), ``split`` train | dev.
* ``ptc``: propaganda-technique spans (``spans``: technique, start, end); the loaded-terms
  signal is judged against ``Loaded_Language`` and ``Name_Calling,Labeling``.
* ``basil``: bias spans (``spans``: bias lexical | informational, quote yes | no); the
  loaded-terms signal is judged against ``bias == "lexical"``.
* ``babe``: news sentences labelled Biased / Non-biased, with the words marked as biased
  (``biased_words``: word, occurrences); the loaded-terms signal is judged at word and at
  sentence level.
* ``attributions``: attribution events annotated by ``../shared/ANNOTATION.md``, one per
  line (``cue``, ``cue_start``, ``speaker``, ``speaker_start``, ``resolved``, ``class``,
  ``direct_quote``, and ``id`` or ``file``), or the same events as offsets only
  (``cue_end``, ``speaker_end``, ``resolved_start``/``resolved_end``), as the project's
  own development set keeps them; the texts come from ``texts`` (a JSONL corpus by ``id``,
  or a folder for ``file``).

Matching rules, stated in every result:

* **overlap**: a predicted span counts if it shares at least one character with a gold
  span (recall over gold spans, precision over predicted spans);
* **exact**: the same, but the spans must be equal after trimming spaces and punctuation;
* **tokens**: precision/recall over word tokens (scorer's tokenisation) inside the spans.

The modules: :mod:`.corpora` (reading the corpora and their gold spans), :mod:`.metrics`
(counting matches), :mod:`.spans` (PolNeAR, PTC, BASIL), :mod:`.babe` (BABE),
:mod:`.attributions` (our own events). :func:`evaluate_signals`, here, is ``scorer evaluate-signals``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import lexicons
from ..errors import InputError
from ..settings import Settings
from .babe import babe_gold, evaluate_babe
from .attributions import (CLASSES, AnnotatedArticle, Event, attribution_agreement,
                           evaluate_attributions, read_attribution_events)
from .corpora import (PTC_LOADED, SPEECH_LEMMAS, GoldAttribution, basil_gold, is_speech_cue,
                      polnear_gold, ptc_gold, read_jsonl)
from .metrics import PR, Errors, overlaps, span_pr, token_pr
from .spans import evaluate_basil, evaluate_polnear, evaluate_ptc

FORMATS = ("polnear", "ptc", "basil", "babe", "attributions")


def evaluate_signals(path: str | Path, fmt: str, *, split: str | None = None,
                     errors: int = 0, settings: Settings | None = None,
                     texts: str | Path | None = None,
                     second: str | Path | None = None, signal: str = "list",
                     loaded_model: str | Path | None = None) -> dict[str, Any]:
    """Evaluate the matching signal on an annotated corpus in ``fmt``.

    ``attributions`` only: ``texts``, the articles the events' ids name; ``second``, a
    second annotator's events on some of the same articles, for the two annotators'
    agreement. ``ptc``, ``basil``, ``babe``: ``signal`` "list" judges the word list the
    report uses, "model" the learnt loaded-language model (``loaded_model``, default the
    shipped one; on the corpora's development parts, which it was trained on, its figures
    are in-sample: the cross-validated ones are what ``scorer train-loaded`` prints)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if signal not in ("list", "model") or (signal == "model" and fmt not in _LOADED_FORMATS):
        raise InputError(f"--signal {signal!r}: 'list', or 'model' with --format "
                         f"{', '.join(_LOADED_FORMATS)}")
    lex = lexicons.for_settings(settings or Settings())
    if fmt == "attributions":
        articles = read_attribution_events(path, texts)
        result = evaluate_attributions(articles, lex, split=None if split in (None, "all") else split,
                                       errors=errors)
        if second is not None:
            result["agreement"] = attribution_agreement(articles, read_attribution_events(second, texts))
        if not result["articles"]:
            raise InputError(f"{path}: no annotated events{f' in split {split!r}' if split else ''}")
        return result
    if texts is not None or second is not None:
        raise InputError("--texts and --second are for --format attributions")
    rows = read_jsonl(path)
    if fmt == "polnear":
        split = split or "dev"  # the headline split; "all" for train + dev
        result = evaluate_polnear(rows, lex, split=None if split == "all" else split,
                                  errors=errors)
    else:
        split = None if split == "all" else split
        run = {"ptc": evaluate_ptc, "basil": evaluate_basil, "babe": evaluate_babe}[fmt]
        model = None
        if signal == "model":
            from ..loaded.model import load_cached

            model = load_cached(loaded_model, trust=(settings or Settings()).trust_model)
        result = run(rows, lex, split=split, errors=errors, model=model)
        result["signal"] = signal
        if model is not None:
            result["model"] = {"name": model.name, "sha256": model.sha256,
                               "note": "in-sample on the development parts it was trained "
                                       "on; scorer train-loaded prints cross-validated figures"}
    if not result.get("articles"):
        raise InputError(f"{path}: no articles{f' in split {split!r}' if split else ''}")
    if _gold_total(result) == 0:
        raise InputError(f"{path}: no {fmt} annotations found in {result['articles']} "
                         "articles; is --format right for this corpus?")
    return result


_LOADED_FORMATS = ("ptc", "basil", "babe")


def _gold_total(result: dict[str, Any]) -> int:
    """Sum of every 'gold' count in the result (0 when the format did not match)."""
    total = 0
    stack = [result]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("gold"), int):
                total += node["gold"]
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(node)
    return total


__all__ = [
    "CLASSES", "FORMATS", "PR", "PTC_LOADED", "SPEECH_LEMMAS", "AnnotatedArticle", "Errors",
    "Event", "GoldAttribution", "attribution_agreement", "babe_gold", "basil_gold",
    "evaluate_attributions", "evaluate_babe", "evaluate_basil", "evaluate_polnear", "evaluate_ptc", "evaluate_signals", "is_speech_cue",
    "overlaps", "polnear_gold", "ptc_gold", "read_attribution_events", "read_jsonl",
    "span_pr", "token_pr",
]
