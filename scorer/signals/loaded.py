"""Loaded terms: emotive, pejorative, sensational, intensifying and partisan wording,
counted in the author's voice apart from words inside quotations.

By default the hand-written word list finds them: each match is one term. With
``loaded_signal = "model"`` (settings; ``--loaded model``) the learnt loaded-language
model does (:mod:`scorer.loaded`, trained on annotated news: ``models/LOADED.md``):
every candidate word gets a probability, and a term is a phrase holding a word at or
above the model's threshold, with that word's probability and the reasons behind it;
every sentence gets a probability too. Either way the span shows what the loaded word is
applied to: a list term's runs on over up to two following lowercase content words in
the same phrase ("brutal regime", "utterly reckless scheme"), a model term is the phrase
the model grows around its word (:func:`scorer.loaded.predict.phrase_tokens`); and a
term keeps our lexicon's category where the lexicon gives one ("unlisted" where only the
model flags it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..document import Document
from ..evidence import LoadedSpan, Span, new_loaded_span, new_span
from ..lexicons import Entry, Lexicons
from .base import Context, Feature, Signal, voiced
from .common import per_1k, placed

if TYPE_CHECKING:
    from ..loaded.model import LoadedModel
    from ..loaded.predict import LoadedPrediction

MAX_EXTENSION = 2
#: a lexicon match: (first token, token past the last, the entry)
Match = tuple[int, int, Entry]
#: a term's category where our lexicon gives none (the model flagged the word alone)
UNLISTED = "unlisted"

#: the categories a loaded term can have, each an author-voice feature: how its
#: description and its reasons name it
_CATEGORIES = {
    "emotive": ("emotive", "emotive terms"),
    "pejorative": ("pejorative", "pejorative terms"),
    "sensational": ("sensational", "sensational terms"),
    "intensifier": ("intensifiers", "intensifiers"),
    "partisan": ("partisan labels", "partisan labels"),
}
LOADED_CATEGORIES = tuple(_CATEGORIES)


@dataclass(frozen=True)
class Loaded:
    terms: list[LoadedSpan]
    #: author-voice sentences found loaded, as spans (see :func:`quoted_sentences`)
    sentences: list[Span]
    #: sentences in the author's voice that hold words (0 when no term is in the
    #: author's voice: the share is 0 then)
    author_sentences: int
    #: the model's probability of each of ``doc.sentences``; None with the word list
    sentence_probabilities: list[float] | None = None
    #: the model that found them (name, sha256, trusted); None with the word list
    model: tuple[str, str, bool] | None = None

    def count(self, voice: str, category: str | None = None) -> int:
        return sum(
            1
            for s in self.terms
            if s.voice == voice and (category is None or s.category == category)
        )

    def sentence_share(self) -> float:
        return round(len(self.sentences) / self.author_sentences, 4) if self.author_sentences else 0.0


def run_on_ends(doc: Document, lex: Lexicons, matches: Sequence[Match]) -> list[int]:
    """Where each match's span ends after its run-on words: up to ``MAX_EXTENSION``
    lowercase content words joined by a single space (no punctuation, no line break, no
    quote mark), in the same voice, before the next match. The rule of the evidence
    spans, shared with the learnt model's features (:mod:`scorer.loaded.features`)."""
    function_words = lex.function_words.words
    lower, words, starts = doc.lower, doc.words, doc.starts
    n = len(lower)
    ends = []
    for m, (i, j, _) in enumerate(matches):
        stop = min(matches[m + 1][0] if m + 1 < len(matches) else n, j + MAX_EXTENSION)
        k, voice = j, doc.in_quote(starts[i])
        while (k < stop and lower[k] not in function_words and lower[k].isalpha()
               and not words[k][0].isupper() and doc.gap(k) == " "
               and doc.in_quote(starts[k]) == voice):
            k += 1
        ends.append(k)
    return ends


def quoted_sentences(doc: Document) -> set[int]:
    """The sentences of ``doc`` at least half of whose characters are inside direct
    quotations: the others that hold words are in the author's voice."""
    sentences = doc.sentences
    quoted: dict[int, int] = {}
    for q in doc.quotes:
        for s, e in q.parts:
            k = doc.sentence_of(s)
            while k < len(sentences) and sentences[k][0] < e:
                a, b = sentences[k]
                quoted[k] = quoted.get(k, 0) + max(0, min(b, e) - max(a, s))
                k += 1
    return {k for k, n in quoted.items() if 2 * n >= sentences[k][1] - sentences[k][0]}


def _author_sentences(doc: Document, quoted: set[int]) -> int:
    """How many sentences hold words and are in the author's voice."""
    return sum(1 for k, (a, b) in enumerate(doc.sent_tokens) if a < b and k not in quoted)


def _sentence_span(doc: Document, k: int) -> Span:
    s, e, text = doc.original_span(*doc.sentences[k])
    return new_span(s, e, text, k, "loaded_sentence", "author")


def extract(doc: Document, lex: Lexicons) -> Loaded:
    """The word list's terms: each match one term."""
    matches = list(lex.loaded.match(doc.lower))
    starts, ends = doc.starts, doc.ends
    terms = []
    for (i, j, entry), k in zip(matches, run_on_ends(doc, lex, matches)):
        s, e, text, sentence, voice = placed(doc, starts[i], ends[k - 1])
        ws, we, _ = doc.original_span(starts[i], ends[j - 1])
        terms.append(new_loaded_span(
            start=s, end=e, text=text, sentence=sentence, category=entry.category,
            voice=voice, probability=None, reasons=[f"in scorer's {entry.category} list"],
            word_start=ws, word_end=we))
    held = {t.sentence for t in terms if t.voice == "author"}
    if not held:  # no loaded sentence: the share is 0 whatever the count
        return Loaded(terms, [], 0)
    quoted = quoted_sentences(doc)
    return Loaded(terms, [_sentence_span(doc, k) for k in sorted(held) if k not in quoted],
                  _author_sentences(doc, quoted))


def from_prediction(doc: Document, pred: LoadedPrediction, model: LoadedModel) -> Loaded:
    """The model's terms: one a phrase (the strongest flagged word's probability and
    reasons), and its loaded sentences: in the author's voice, at or above the sentence
    threshold, and holding an author-voice term (a sentence is not called loaded without
    a word a person can see)."""
    phrases: dict[tuple[int, int], Any] = {}  # its strongest word
    categories: dict[tuple[int, int], str] = {}  # its first listed category
    for t in pred.terms:
        key = (t.span_start, t.span_end)
        best = phrases.get(key)
        if best is None or t.probability > best.probability:
            phrases[key] = t
        if t.category is not None:
            categories.setdefault(key, t.category)
    terms = [new_loaded_span(
        start=a, end=b, text=doc.text[a:b], sentence=t.sentence,
        category=categories.get((a, b), UNLISTED), voice=t.voice,
        probability=round(t.probability, 4), reasons=list(t.reasons),
        word_start=t.start, word_end=t.end) for (a, b), t in sorted(phrases.items())]
    probs = pred.sentence_probabilities
    held = {t.sentence for t in terms if t.voice == "author"}
    quoted = quoted_sentences(doc)
    shown = [round(p, 4) for p in probs]  # as the report shows them: a reader can re-check
    sentences = [_sentence_span(doc, k) for k in sorted(held)
                 if k not in quoted and shown[k] >= pred.sentence_threshold]
    return Loaded(terms, sentences, _author_sentences(doc, quoted), shown,
                  (model.name, model.sha256, model.trusted))


def _model(ctx: Context) -> LoadedModel | None:
    if ctx.settings.loaded_signal == "list":
        return None
    from ..loaded.model import load_cached

    return load_cached(ctx.settings.loaded_model_path, trust=ctx.settings.trust_model)


def run_many(ctxs: Sequence[Context]) -> list[Loaded]:
    """The signal over several articles: the model scores them together (a batch's
    chunk pays numpy's per-call overhead once)."""
    if not ctxs:
        return []
    model = _model(ctxs[0])
    if model is None:
        return [extract(c.doc, c.lex) for c in ctxs]
    from ..loaded.predict import score_many

    lex = ctxs[0].lex
    docs = [c.doc for c in ctxs]
    found = [(list(lex.loaded.match(c.doc.lower)), *c.found["hedging"].matches) for c in ctxs]
    preds = score_many(docs, lex, model, found)
    return [from_prediction(d, p, model) for d, p in zip(docs, preds)]


# -- the features this signal gives (see scorer.signals.base) --------------------------------


def _spans(voice: str, category: str | None = None):
    return lambda ev: voiced(ev.loaded, voice, category)


def _category(c: str, label: str, noun: str) -> Feature:
    return Feature(f"loaded_author_{c}", int, f"Author-voice loaded terms: {label}.",
                   f"{{v:.0f}} {noun} in the author's voice",
                   lambda r, b: r.count("author", c), _spans("author", c))


SIGNAL = Signal(
    name="loaded",
    run=lambda ctx: run_many([ctx])[0],
    run_many=run_many,
    batched=lambda settings: settings.loaded_signal == "model",
    evidence=lambda r: {"loaded": r.terms, "loaded_sentences": r.sentences},
    sentence_values=lambda r: {} if r.sentence_probabilities is None
    else {"loaded_probability": r.sentence_probabilities},
    features=(
        Feature("loaded_author", int, "Loaded terms in the author's voice.",
                "{v:.0f} loaded terms in the author's voice",
                lambda r, b: r.count("author"), _spans("author")),
        Feature("loaded_quoted", int, "Loaded terms inside quotations.",
                "{v:.0f} loaded terms inside quotes",
                lambda r, b: r.count("quoted"), _spans("quoted")),
        Feature("loaded_per_1k_author", float, "Loaded terms per 1,000 author-voice words.",
                "{v:.1f} loaded terms per 1,000 author words",
                lambda r, b: per_1k(r.count("author"), b.author_words), _spans("author")),
        Feature("loaded_per_1k_quoted", float, "Loaded terms per 1,000 quoted words.",
                "{v:.1f} loaded terms per 1,000 quoted words",
                lambda r, b: per_1k(r.count("quoted"), b.quoted_words), _spans("quoted")),
        *(_category(c, *words) for c, words in _CATEGORIES.items()),
        Feature("loaded_sentence_share_author", float,
                "Share of the author-voice sentences that are loaded: holding an "
                "author-voice loaded term and, with the model, a sentence probability at or "
                "above its threshold.",
                "{v:.0%} of the author's sentences loaded",
                lambda r, b: r.sentence_share(), lambda ev: ev.loaded_sentences, model=False,
                since="1.3.0"),
    ),
)
