"""Loaded language, learnt: a small model that marks loaded wording word by word, with a
probability, our lexicon's category where it gives one and the reasons a person can
read, and a probability for each sentence (``models/LOADED.md`` is its model card).

The report uses it when asked (``--loaded model``, ``SCORER_LOADED_SIGNAL=model``: see
:mod:`scorer.signals.loaded`); the default is still the word list, which costs less. One
module per concern, each under 500 lines:

* ``resources``: the published tables (VADER, Pattern, Empath; package data in
  ``scorer/lexicons/published/``) and wordfreq's list, read once per process;
* ``features``: the per-token features and the plain reference that computes them;
* ``fast``: the same numbers the fast way (a bounded per-form table, one numpy pass over
  a chunk of articles);
* ``model``: the JSON model file, loaded under the manifest rule;
* ``predict``: ``score(doc, lex, model)`` and ``score_many``: probabilities, terms with
  reasons, sentence probabilities;
* ``cv`` and ``train``: grouped cross-validation and ``scorer train-loaded``.

Importing this package loads numpy, not scikit-learn (only training needs it).
"""
