"""Train the loaded-language model: ``scorer train-loaded DATA_DIR`` is :func:`train_loaded`.

It reads the development parts of three annotated corpora in place (nothing is copied,
and no word of them is kept: the model holds numbers over features that are no word's
identity), cross-validates by article (:mod:`scorer.loaded.cv`), fits on everything
and writes the JSON model with its cross-validated figures, the training data's and the
resources' hashes:

* ``ptc-semeval2020-t11/articles.jsonl``: PTC, spans of Loaded_Language and
  Name_Calling,Labeling; grouped by article;
* ``babe/sentences.jsonl``: BABE, the words marked biased, and Biased / Non-biased for
  the sentence model; grouped by the source article's URL;
* ``basil/articles.jsonl``: BASIL, lexical-bias spans; grouped by event, so one story
  told by three outlets never sits on both sides of a fold.

A candidate token is positive when it lies inside a gold span (as ``evaluate-signals``
counts tokens).
"""

from __future__ import annotations

import json
import logging
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..document import Document
from ..errors import InputError
from ..evaluation.corpora import basil_gold, ptc_gold, read_jsonl
from ..lexicons import Lexicons, for_settings
from ..model.artifact import add_to_manifest as _add_to_manifest
from ..model.artifact import file_sha256
from ..settings import Settings
from ..signals import loaded as loaded_signal
from . import cv
from .features import ALL_COLUMNS, GROUPS, SENTENCE_FEATURES, columns_of, matrix, sentence_ids
from .model import LoadedModel, SentenceModel
from .predict import DETERMINERS
from .resources import resource_hashes

log = logging.getLogger(__name__)

#: the feature groups of the shipped model (all of them; see models/LOADED.md)
DEFAULT_GROUPS = tuple(GROUPS)
KIND = "scorer loaded-language token model"
C = 0.1  #: inverse L2 strength, on standardised features (0.01 to 1 moved nothing)
SENTENCE_C = 1.0

#: the corpora: folder and file in DATA_DIR, what is gold, how articles are grouped
CORPORA = {
    "ptc": {"file": "ptc-semeval2020-t11/articles.jsonl",
            "corpus": "ptc-semeval2020-t11 (development part)",
            "labels": "Loaded_Language and Name_Calling,Labeling spans",
            "groups": "article",
            "cite": "G. Da San Martino, S. Yu, A. Barron-Cedeno, R. Petrov and P. Nakov. "
                    "Fine-Grained Analysis of Propaganda in News Articles. EMNLP 2019",
            "licence": "none stated; research use after registration"},
    "babe": {"file": "babe/sentences.jsonl", "corpus": "babe (development part)",
             "labels": "words marked biased; Biased / Non-biased sentences",
             "groups": "source article URL",
             "cite": "T. Spinde, M. Plank, J.-D. Krieger, T. Ruas, B. Gipp and A. Aizawa. "
                     "Neural Media Bias Detection Using Distant Supervision With BABE. "
                     "Findings of EMNLP 2021",
             "licence": "the repository is GNU AGPL-3.0 (no separate data licence)"},
    "basil": {"file": "basil/articles.jsonl", "corpus": "basil (development part)",
              "labels": "bias == lexical spans", "groups": "event (triplet)",
              "cite": "L. Fan, M. White, E. Sharma, R. Su, P.K. Choubey, R. Huang and L. Wang. "
                      "In Plain Sight: Media Bias Through the Lens of Factual Reporting. "
                      "EMNLP 2019",
              "licence": "none stated; research use"},
}


@dataclass
class Article:
    """One article (a BABE sentence) as the evaluation needs it; token sets by index."""

    group: str
    rows: slice  #: its candidates' rows in the corpus matrix
    n_tokens: int
    author_tokens: int
    gold: set[int]
    gold_author: set[int]
    gold_author_spans: list[tuple[int, int]]
    list_tokens: set[int]  #: inside the word list's spans (today's signal)
    list_author: set[int]
    list_author_spans: list[tuple[int, int]]
    list_terms: int
    joins: np.ndarray  #: token t continues the phrase of t - 1
    determiner: np.ndarray
    boosters: int = 0  #: the booster list's matches
    hedges: int = 0  #: the hedge list's matches
    label: int | None = None  #: BABE: 1 Biased, 0 Non-biased, None no agreement


@dataclass
class Corpus:
    name: str
    X: np.ndarray  #: candidate rows, ALL_COLUMNS
    y: np.ndarray
    token: np.ndarray  #: each row's token index in its article
    article: np.ndarray  #: each row's article index
    author: np.ndarray  #: each row in the author's voice
    articles: list[Article] = field(default_factory=list)


def _rows(data: Path, name: str, limit: int | None) -> Iterator[dict[str, Any]]:
    path = data / CORPORA[name]["file"]
    if not path.exists():
        raise InputError(f"{path}: not found (DATA_DIR must hold {', '.join(c['file'] for c in CORPORA.values())})")
    for k, row in enumerate(read_jsonl(path)):
        if limit is not None and k >= limit:
            return
        if name == "ptc":
            yield {"group": row["id"], "text": row["text"], "gold": ptc_gold(row), "quoted": None}
        elif name == "basil":
            gold = basil_gold(row)
            yield {"group": row["triplet_uuid"], "text": row["text"],
                   "gold": [(s, e) for s, e, _ in gold], "quoted": [q for _, _, q in gold]}
        else:
            yield {"group": row.get("news_link") or row["id"], "text": row["text"],
                   "gold": [tuple(o) for w in row["biased_words"] for o in w["occurrences"]],
                   "quoted": None,
                   "label": {"Biased": 1, "Non-biased": 0}.get(row.get("label_bias"))}


def _tokens(doc: Document, spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(*doc.tokens_between(doc.to_norm(s), doc.to_norm(e))))
    return out


def _token_range(doc: Document, s: int, e: int) -> tuple[int, int]:
    """The tokens sharing a character with original offsets [s, e)."""
    s, e = doc.to_norm(s), doc.to_norm(e)
    return bisect_right(doc.ends, s), bisect_left(doc.starts, e)


def build(name: str, rows, lex: Lexicons, memo: dict[str, list[float]]) -> Corpus:
    """A corpus's candidate rows (every feature), labels and articles."""
    X, y, tok, art, auth = [], [], [], [], []
    arts: list[Article] = []
    n_rows = 0
    for row in rows:
        doc = Document(row["text"])
        cand, x = matrix(doc, lex, type_memo=memo)
        quoted = np.fromiter((doc.in_quote(s) for s in doc.starts), bool, len(doc.starts))
        if row["quoted"] is None:  # voice by scorer's quotation detection
            author_spans = [(s, e) for s, e in row["gold"] if not doc.in_quote(doc.to_norm(s))]
        else:  # BASIL's own quote field
            author_spans = [g for g, q in zip(row["gold"], row["quoted"]) if not q]
        terms = loaded_signal.extract(doc, lex).terms
        list_author = [(t.start, t.end) for t in terms if t.voice == "author"]
        gold = _tokens(doc, row["gold"])
        n = len(doc.words)
        sent = sentence_ids(doc)
        joins = np.array([t > 0 and doc.gaps[t] == " " and sent[t] == sent[t - 1]
                          and quoted[t] == quoted[t - 1] for t in range(n)], dtype=bool)
        arts.append(Article(
            group=row["group"], rows=slice(n_rows, n_rows + len(cand)), n_tokens=n,
            author_tokens=int(n - quoted.sum()), gold=gold,
            gold_author=_tokens(doc, author_spans),
            gold_author_spans=[_token_range(doc, s, e) for s, e in author_spans],
            list_tokens=_tokens(doc, [(t.start, t.end) for t in terms]),
            list_author=_tokens(doc, list_author),
            list_author_spans=[_token_range(doc, s, e) for s, e in list_author],
            list_terms=len(terms), joins=joins,
            determiner=np.array([w in DETERMINERS for w in doc.lower], dtype=bool),
            boosters=sum(1 for _ in lex.boosters.match(doc.lower)),
            hedges=sum(1 for _ in lex.hedges.match(doc.lower)),
            label=row.get("label")))
        X.append(x)
        y.append(np.fromiter((i in gold for i in cand), bool, len(cand)))
        tok.append(cand)
        art.append(np.full(len(cand), len(arts) - 1))
        auth.append(~quoted[cand])
        n_rows += len(cand)
    if not arts:
        raise InputError(f"{name}: no articles read")
    return Corpus(name, np.vstack(X), np.concatenate(y), np.concatenate(tok),
                  np.concatenate(art), np.concatenate(auth), arts)


@dataclass
class TrainResult:
    model: LoadedModel
    path: Path
    sha256: str
    seconds: float

    @property
    def cv(self) -> dict[str, Any]:
        return self.model.meta["cv"]

    def table(self) -> str:
        """The cross-validated figures, as the command prints them."""
        return cv.table(self.cv)


def train_loaded(data: str | Path, out: str | Path, *, settings: Settings | None = None,
                 add_to_manifest: bool = False, groups: tuple[str, ...] | None = None,
                 limit: int | None = None) -> TrainResult:
    """Cross-validate, fit and write the loaded-language model (``scorer train-loaded``).

    ``data``: the folder holding the three corpora (``../shared/data``); ``limit``: read
    only the first N articles (BABE sentences: 10 N) of each, a quick check and not a
    model to ship; ``add_to_manifest``: record the new file's SHA-256 in
    ``models/MANIFEST.sha256`` (maintainers rebuilding the shipped model)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # one core: training shares the machine
        return _train(Path(data), Path(out), settings, add_to_manifest, groups, limit)


def _train(data: Path, out: Path, settings: Settings | None, add_to_manifest: bool,
           groups: tuple[str, ...] | None, limit: int | None) -> TrainResult:
    t0 = time.perf_counter()
    lex = for_settings(settings or Settings())
    groups = tuple(groups or DEFAULT_GROUPS)
    cols = columns_of(groups)
    pick = [ALL_COLUMNS.index(c) for c in cols]
    memo: dict[str, list[float]] = {}
    corpora = {}
    for name in CORPORA:
        n = None if limit is None else limit * (10 if name == "babe" else 1)
        corpora[name] = build(name, _rows(data, name, n), lex, memo)
        log.info("%s: %d articles, %d candidates", name, len(corpora[name].articles),
                 len(corpora[name].y))
    figures, oof = cv.cross_validate(corpora, pick, C, SENTENCE_C)
    X = np.vstack([c.X[:, pick] for c in corpora.values()])
    y = np.concatenate([c.y for c in corpora.values()])
    coef, intercept, means = cv.fit(X, y, C)
    babe = corpora["babe"]
    threshold = figures["threshold"]
    S, labels = cv.sentence_rows(babe, oof["babe"], threshold)
    scoef, sintercept, _ = cv.fit(S, labels, SENTENCE_C)
    meta = {"name": out.stem, "kind": KIND,
            "training": {"groups": list(groups), "C": C, "sentence_C": SENTENCE_C,
                         "data": [_data_entry(data, k, corpora[k]) for k in CORPORA],
                         "limit": limit, "resources": resource_hashes()},
            "cv": figures}
    model = LoadedModel(cols, coef, intercept, means, threshold,
                        SentenceModel(scoef, sintercept, figures["babe"]["sentence"]["threshold"],
                                      SENTENCE_FEATURES),
                        meta, name=out.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    digest = file_sha256(out)
    model.sha256 = digest
    if add_to_manifest:
        _add_to_manifest(out, digest)
    return TrainResult(model, out, digest, time.perf_counter() - t0)


def _data_entry(data: Path, name: str, corpus: Corpus) -> dict[str, Any]:
    info = CORPORA[name]
    return {"corpus": info["corpus"], "file_sha256": file_sha256(data / info["file"]),
            "articles": len(corpus.articles), "candidate_tokens": int(len(corpus.y)),
            "positive_tokens": int(corpus.y.sum()), "labels": info["labels"],
            "grouped_by": info["groups"], "cite": info["cite"], "licence": info["licence"]}

