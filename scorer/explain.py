"""The reasons behind a score, written from the features' declarations.

The model gives numbers only: each feature's contribution to this article's log-odds of
"strong" sourcing, and the mean of each feature over the training articles. The words of
a reason (the feature's phrase) and the spans it shows come from the feature's
declaration in its signal (:mod:`scorer.signals.base`).
"""

from __future__ import annotations

from typing import Sequence

from .evidence import Evidence
from .features import FEATURES
from .report import Reason, new_reason

#: a reason past the third is given only when its contribution is at least this
MIN_CONTRIBUTION = 0.05
#: spans shown with a reason, at most
MAX_EVIDENCE = 5


def reasons(names: Sequence[str], values: Sequence[float], contributions: Sequence[float],
            means: Sequence[float], evidence: Evidence, n_reasons: int = 5) -> list[Reason]:
    """The features that moved the score most (3 to ``n_reasons`` of them), strongest
    first: each with its value, its contribution, a line a reader can act on, and the
    spans behind it. The four sequences are aligned with ``names``."""
    # strongest first; equal strengths keep the features' order (a stable sort, as the
    # model's numpy argsort gave)
    order = sorted(range(len(names)), key=lambda j: -abs(contributions[j]))[:n_reasons]
    out: list[Reason] = []
    for j in order:
        c = contributions[j]
        if len(out) >= 3 and abs(c) < MIN_CONTRIBUTION:
            break
        out.append(reason(names[j], values[j], c, means[j], evidence))
    return out


def reason(name: str, value: float, contribution: float, mean: float,
           evidence: Evidence) -> Reason:
    """One reason: "4 anonymous attributions, above the 1.20 typical of the training
    articles, lowers the score", with the spans behind the feature."""
    feature = FEATURES[name]
    direction = "raises" if contribution > 0 else "lowers"
    side = "above" if value > mean else "below"
    typical = f"{mean:.2f}" if mean < 10 else f"{mean:.0f}"
    return new_reason(
        feature=name, value=round(value, 4), contribution=round(contribution, 4),
        explanation=(f"{feature.phrase.format(v=value)}, {side} the {typical} typical of "
                     f"the training articles, {direction} the score"),
        evidence=feature.evidence(evidence)[:MAX_EVIDENCE],
    )
