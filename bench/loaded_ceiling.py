"""How far can any word list go on PTC and BASIL? An upper bound for the loaded-terms
signal, measured in place on the corpora. Not a test; nothing is written to disk.

    python bench/loaded_ceiling.py                     # both corpora
    python bench/loaded_ceiling.py --corpus ptc

A word list marks a word wherever it occurs, whatever the context. The best such list for
a corpus can be read off the corpus itself: for each word type, the share of its
occurrences that people marked as loaded; taking the types in order of that share, the
list that maximises token F1 is the best any context-free list can do. The script reports:

* **in-sample oracle**: that list chosen on the whole corpus and scored on the same
  articles, a bound no hand-written list can pass (it has seen the answers);
* **held-out oracle**: the list chosen on half the articles and scored on the other half,
  both ways round (BASIL is split by event, so one story's three tellings stay together):
  what a list learnt from this very kind of data would do on new articles;
* **scorer**: the shipped lexicon on the same tokens, for comparison.

Tokens are scorer's word tokens made of letters; a token is gold if it lies in a gold span
(PTC: Loaded_Language + Name_Calling, all voices; BASIL: lexical bias outside quotes,
tokens inside quotations left out). Span recall: a gold span counts when one of its
tokens is marked. Word lists are built in memory and never printed or saved: the corpora's
rules forbid copying word lists taken from them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from scorer import lexicons
from scorer.document import Document
from scorer.evaluation import basil_gold, overlaps, ptc_gold, read_jsonl
from scorer.settings import Settings
from scorer.signals import loaded

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CORPORA = {"ptc": DATA / "ptc-semeval2020-t11" / "articles.jsonl",
           "basil": DATA / "basil" / "articles.jsonl"}


def _article(row: dict, corpus: str, lex) -> tuple[list[str], list[int], list[list[int]], set[int]]:
    """(word types, gold flags, token indices of each gold span, tokens scorer marks) for
    the article's counted tokens."""
    doc = Document(row["text"])
    if corpus == "ptc":
        gold, keep = ptc_gold(row), None
    else:
        gold = [(s, e) for s, e, quoted in basil_gold(row) if not quoted]
        keep = "author"
    index = {}
    words, flags = [], []
    for k, (s, e) in enumerate(zip(doc.starts, doc.ends)):
        w = doc.lower[k]
        if not w.isalpha() or (keep and doc.in_quote(s)):
            continue
        index[k] = len(words)
        words.append(w)
        flags.append(overlaps((s, e), gold))
    spans = []
    for gs, ge in gold:
        a, b = doc.tokens_between(gs, ge)
        spans.append([index[k] for k in range(a, b) if k in index])
    marked = set()
    for span in loaded.extract(doc, lex).terms:
        a, b = doc.tokens_between(span.start, span.end)
        marked.update(index[k] for k in range(a, b) if k in index)
    return words, flags, spans, marked


def _score(articles, pick) -> dict[str, float]:
    """Token precision/recall/F1 and span recall of marking the tokens ``pick`` chooses."""
    tp = fp = gold = spans = spans_hit = 0
    for words, flags, gold_spans, marked in articles:
        chosen = pick(words, marked)
        for k, flag in enumerate(flags):
            gold += flag
            if k in chosen:
                tp += flag
                fp += not flag
        spans += len(gold_spans)
        spans_hit += sum(1 for s in gold_spans if any(k in chosen for k in s))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "span_recall": spans_hit / spans if spans else 0.0}


def best_list(articles) -> frozenset[str]:
    """The word types that, taken by their share of marked occurrences, maximise token F1."""
    marked, total = Counter(), Counter()
    gold = 0
    for words, flags, _, _ in articles:
        for w, flag in zip(words, flags):
            total[w] += 1
            marked[w] += flag
            gold += flag
    ranked = sorted((w for w in marked if marked[w]), key=lambda w: -marked[w] / total[w])
    tp = fp = 0
    best, cut = 0.0, 0
    for n, w in enumerate(ranked, 1):
        tp += marked[w]
        fp += total[w] - marked[w]
        p, r = tp / (tp + fp), tp / gold
        f = 2 * p * r / (p + r)
        if f > best:
            best, cut = f, n
    return frozenset(ranked[:cut])


def _by_list(words_list: frozenset[str]):
    return lambda words, _marked: {k for k, w in enumerate(words) if w in words_list}


def ceiling(corpus: str, path: Path) -> dict[str, dict[str, float]]:
    lex = lexicons.for_settings(Settings())
    rows = list(read_jsonl(path))
    articles = [_article(r, corpus, lex) for r in rows]
    out = {"scorer": _score(articles, lambda _w, marked: marked),
           "in-sample oracle": _score(articles, _by_list(best_list(articles)))}
    # two halves: by event for BASIL (a story's three tellings together), else by position
    key = (lambda r: r.get("triplet_uuid", "")) if corpus == "basil" else (lambda r: r["id"])
    groups = sorted({key(r) for r in rows})
    half = {g: n % 2 for n, g in enumerate(groups)}
    folds = [[a for a, r in zip(articles, rows) if half[key(r)] == f] for f in (0, 1)]
    pooled = []
    for train, test in ((folds[0], folds[1]), (folds[1], folds[0])):
        pooled.append((_score(test, _by_list(best_list(train))), len(test)))
    out["held-out oracle"] = {m: sum(s[m] * n for s, n in pooled) / sum(n for _, n in pooled)
                              for m in pooled[0][0]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    args = ap.parse_args()
    for corpus in args.corpus or ["ptc", "basil"]:
        result = ceiling(corpus, CORPORA[corpus])
        print(f"\n{corpus}: token precision / recall / F1, span recall")
        for name, m in result.items():
            print(f"  {name:17s} {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}   "
                  f"span recall {m['span_recall']:.3f}")


if __name__ == "__main__":
    main()
