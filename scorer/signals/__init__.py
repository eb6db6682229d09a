"""The signals, one module each, and the registry that runs them.

Each module's ``SIGNAL`` declares how it runs and the features it gives (see
:mod:`.base`). :data:`SIGNALS` is their order: a signal may read the results of those
before it (``quotes`` links quotations to ``sources``' attributions); the features'
order in the report is this order, then each signal's own.
"""

from __future__ import annotations

from . import hedging, loaded, quotes, readability, sources
from .base import Basis, Context, Feature, Signal

SIGNALS: tuple[Signal, ...] = (
    sources.SIGNAL, hedging.SIGNAL, loaded.SIGNAL, quotes.SIGNAL, readability.SIGNAL,
)

__all__ = ["SIGNALS", "Basis", "Context", "Feature", "Signal"]
