"""The loaded-terms signal against BABE: news sentences that five experts labelled Biased
or Non-biased, with the words they marked as biased (Spinde et al., Findings of EMNLP
2021).

Two levels:

* **words**: the marked words' occurrences against the signal's loaded spans, over word
  tokens (as for PTC and BASIL) and as spans (overlap);
* **sentences**: a sentence is predicted biased when the signal finds at least one
  loaded term in it; precision, recall and F1 of the Biased class over the sentences
  with a majority label (those labelled "No agreement" are left out).

BABE's sentences come without their article, so the voice is not judged.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..document import Document
from .metrics import PR, Errors, span_pr, token_pr
from .spans import _judge_articles, _loaded_pred, _result, _spans_of

LABELS = ("Biased", "Non-biased")


def babe_gold(row: dict[str, Any]) -> list[tuple[int, int]]:
    """The located occurrences of the words the annotators marked as biased."""
    return sorted((int(s), int(e)) for w in row.get("biased_words") or ()
                  for s, e in w.get("occurrences") or ())


def evaluate_babe(rows: Iterable[dict[str, Any]], lex, split: str | None = None,
                  errors: int = 0, model=None) -> dict[str, Any]:
    """Loaded terms against BABE's marked words and its sentence labels; with ``model``
    (the learnt loaded-language model) its flagged words, and a sentence is predicted
    Biased when its probability reaches the model's sentence threshold."""
    words = {"tokens": PR(), "spans": PR()}
    sentences = PR()
    labels = {"Biased": 0, "Non-biased": 0, "left out": 0}
    err = Errors()

    def judge(row: dict[str, Any], doc: Document) -> None:
        text = row["text"]
        gold = babe_gold(row)
        if model is None:
            pred = _loaded_pred(doc, lex)
            flagged = bool(pred)
        else:
            from ..loaded.predict import score

            found = score(doc, lex, model)
            pred = _spans_of(doc, found, model)
            flagged = max(found.sentence_probabilities, default=0.0) >= found.sentence_threshold
        p = [(s, e) for s, e, _, _ in pred]
        words["tokens"].add(token_pr(doc, gold, p))
        words["spans"].add(span_pr(gold, p, text))
        label = row.get("label_bias")
        if label in LABELS:
            labels[label] += 1
            biased = label == "Biased"
            sentences.add(PR(int(biased), int(biased and flagged),
                             int(flagged), int(biased and flagged)))
        else:
            labels["left out"] += 1
        if errors:
            err.note(text, gold, [(s, e, t) for s, e, _, t in pred])

    n = _judge_articles(rows, split, judge)
    return _result("babe", split, n, {
        "gold": "words: the marked words' located occurrences; sentences: label_bias "
                "Biased (against Non-biased; 'No agreement' left out)",
        "matching": "tokens: precision/recall over word tokens inside the spans; spans: a span "
                    "counts if it shares a character with one on the other side; sentences: "
                    + ("a sentence is predicted Biased when it holds at least one loaded term."
                       if model is None else "a sentence is predicted Biased when the model's "
                       "sentence probability reaches its threshold."),
        "levels": {"words": {m: v.as_dict() for m, v in words.items()},
                   "sentences": {"biased": sentences.as_dict()}},
        "sentence_labels": labels,
    }, err, errors)
