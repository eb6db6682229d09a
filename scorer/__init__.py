"""scorer: how well a news article is sourced and how loaded its language is, with the
evidence for every number.

    >>> from scorer import score_text
    >>> report = score_text(open("article.txt").read())
    >>> report.features.unnamed_share, report.evidence.attributions[0].source.text

Every command of the CLI is one call here, with the same name (``scorer score FILE`` is
:func:`score_file`, ``scorer batch`` :func:`score_batch`, ``scorer train``
:func:`train`, ``scorer evaluate`` :func:`evaluate`, ``scorer evaluate-signals``
:func:`evaluate_signals`, ``scorer schema`` :func:`json_schema`, ``scorer serve``
:func:`serve`); the CLI only parses options, calls it, and turns a :class:`ScorerError`
into one line and an exit code.

The names are imported on first use, so ``import scorer`` (and ``scorer --help``) does
not pay for what a command does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (InputError, LexiconError, ModelError, OutputError, ScorerError,
                     StoreError, UsageError)

#: public name -> (module, name in it)
_LAZY = {
    "score_text": ("scorer.api", "score_text"),
    "score_file": ("scorer.api", "score_file"),
    "score_file_with_text": ("scorer.api", "score_file_with_text"),
    "score_batch": ("scorer.batch", "score_batch"),
    "check_batch_options": ("scorer.batch", "check_options"),
    "train": ("scorer.api", "train_model"),
    "train_loaded": ("scorer.loaded.train", "train_loaded"),
    "evaluate": ("scorer.api", "evaluate_model"),
    "evaluate_signals": ("scorer.evaluation", "evaluate_signals"),
    "SIGNAL_FORMATS": ("scorer.evaluation", "FORMATS"),
    "json_schema": ("scorer.report", "json_schema"),
    "json_schema_text": ("scorer.report", "json_schema_text"),
    "serve": ("scorer.server", "serve"),
    "Report": ("scorer.report", "Report"),
    "Settings": ("scorer.settings", "Settings"),
}

__all__ = [
    "__version__", *_LAZY,
    "ScorerError", "InputError", "ModelError", "LexiconError", "OutputError", "StoreError",
    "UsageError",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'scorer' has no attribute {name!r}") from None
    value = getattr(import_module(module), attr)
    globals()[name] = value  # the next lookup is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # what a type checker and an editor see
    from .api import evaluate_model as evaluate
    from .api import score_file, score_file_with_text, score_text
    from .api import train_model as train
    from .batch import check_options as check_batch_options
    from .batch import score_batch
    from .loaded.train import train_loaded
    from .evaluation import FORMATS as SIGNAL_FORMATS
    from .evaluation import evaluate_signals
    from .report import Report, json_schema, json_schema_text
    from .server import serve
    from .settings import Settings
