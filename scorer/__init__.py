"""scorer: how well a news article is sourced and how loaded its language is, with the
evidence for every number.

    >>> from scorer import score_text
    >>> report = score_text(open("article.txt").read())
    >>> report.features.unnamed_share, report.evidence.attributions[0].source.text
"""

from __future__ import annotations

from ._version import __version__  # noqa: E402

from .errors import InputError, LexiconError, ModelError, ScorerError  # noqa: E402
from .report import Report  # noqa: E402
from .settings import Settings  # noqa: E402
from .api import score_file, score_text  # noqa: E402

__all__ = [
    "__version__", "score_text", "score_file", "Report", "Settings",
    "ScorerError", "InputError", "ModelError", "LexiconError",
]
