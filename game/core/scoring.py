"""Stars from a score: the one rule every goal type shares.

A goal has ``better`` ("higher" or "lower") and three thresholds; a score
earns star k when it reaches threshold k. Labs compute the score (pure
functions in each lab's ``goals`` module); this turns it into 0-3 stars.
"""

from __future__ import annotations

import math
from typing import Sequence


def stars_for(score: float | None, better: str, thresholds: Sequence[float]) -> int:
    """Number of stars (0-3) that ``score`` earns.

    >>> stars_for(0.2, "lower", [0.5, 0.25, 0.15])
    2
    >>> stars_for(4, "higher", [2, 3, 4])
    3
    """
    if score is None or not math.isfinite(score):
        return 0
    if better == "higher":
        return sum(1 for t in thresholds if score >= t)
    return sum(1 for t in thresholds if score <= t)


def fraction_to_next(score: float | None, better: str, thresholds: Sequence[float]) -> float:
    """Position of ``score`` on a 0..1 meter whose ticks are the thresholds.

    The three star ticks sit at thirds of the meter: the meter is piecewise
    linear through (t1, 1/3), (t2, 2/3) and (t3, 1). Below the first star it
    never stops moving (a student's first tries must show warmer or colder):
    at a distance ``d`` short of t1 it reads ``1/3 * g / (g + d)``, where the
    scale ``g`` is the larger of the first threshold's size ``|t1|`` and the
    gap between the first two thresholds; so ``g`` short of the first star is
    1/6 of the meter, ``10 g`` short 1/33, and only a miss (no score, or not
    finite) is 0.

    >>> fraction_to_next(0.5, "lower", [0.5, 0.25, 0.15])
    0.3333333333333333
    >>> round(fraction_to_next(1.0, "lower", [0.5, 0.25, 0.15]), 4)
    0.1667
    """
    if score is None or not math.isfinite(score):
        return 0.0
    t1, t2, t3 = thresholds
    sign = 1.0 if better == "higher" else -1.0
    s, a, b, c = (sign * x for x in (score, t1, t2, t3))
    gap = max(b - a, abs(t1), 1e-12)
    if s < a:
        return (1 / 3) * gap / (gap + (a - s))
    if s >= c:
        return 1.0
    pts = [(a, 1 / 3), (b, 2 / 3), (c, 1.0)]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if s <= x1:
            return y0 + (y1 - y0) * (s - x0) / max(x1 - x0, 1e-12)
    return 1.0


class Attempts:
    """The best score of this visit to a level, the last one, and how many attempts were scored.

    ``better`` is the goal's direction; a score that is None or not finite
    counts as an attempt (and is the ``last``) but never becomes the best.
    """

    def __init__(self, better: str | None) -> None:
        self.better = better
        self.best: float | None = None
        self.last: float | None = None
        self.count = 0

    def record(self, score: float | None) -> None:
        self.count += 1
        self.last = None if score is None else float(score)
        if self.better is None or score is None or not math.isfinite(score):
            return
        if self.best is None or (score > self.best if self.better == "higher" else score < self.best):
            self.best = float(score)

    def clear(self) -> None:
        self.best = None
        self.last = None
        self.count = 0
