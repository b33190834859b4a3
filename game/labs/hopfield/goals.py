"""Pure scoring functions of the hopfield lab's goal types.

Each takes states (flat arrays of +-1, one entry per unit) and returns one
number; ``game.scoring`` turns it into stars with the level's thresholds.
No pygame here, so they are tested directly at and around each threshold.

Distances are in % of units (``100 * mean(a != b)``), overlaps are
``m = (1/N) sum_i s_i xi_i`` in [-1, 1].
"""

from __future__ import annotations

import math

import numpy as np

from game.sim import hopfield as hf

#: Score of a failed attempt on a "lower is better" goal.
MISS = math.inf


def distance_pct(a, b) -> float:
    """Percentage of units in which states ``a`` and ``b`` differ (0-100)."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.size != b.size or a.size == 0:
        raise ValueError(f"states have {a.size} and {b.size} units")
    return 100.0 * float(np.mean(a != b))


def cells_changed(a, b) -> int:
    """Number of units in which ``a`` and ``b`` differ (the flips a player made)."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    return int(np.count_nonzero(a != b))


def recall_score(start, final, target, min_noise_pct: float = 0.0) -> float:
    """Overlap of the settled state with the target.

    A start closer to the target than ``min_noise_pct`` % scores 0: recalling a
    pattern you were already shown proves nothing.  The bar is counted in
    cells as "Corrupt" counts them, ``round(min_noise_pct / 100 * N)``.
    """
    if not noisy_enough(start, target, min_noise_pct):
        return 0.0
    return hf.overlap(final, target)


def noisy_enough(start, target, min_noise_pct: float) -> bool:
    """At least ``round(min_noise_pct / 100 * N)`` units of ``start`` differ from ``target``."""
    n = np.asarray(target).size
    return cells_changed(start, target) >= round(min_noise_pct / 100.0 * n)


def basin_score(start, final, target, tol: float = 0.95) -> float:
    """Distance (%) of the start from the target when the target is recalled, else 0.

    The larger it is, the wider the basin of attraction the player has shown.
    """
    return distance_pct(start, target) if hf.overlap(final, target) >= tol else 0.0


def crowded_score(n_stored: int, target_stored: bool, final, target, tol: float = 0.95) -> float:
    """Number of stored patterns when the (stored) target is recalled, else 0."""
    if not target_stored or hf.overlap(final, target) < tol:
        return 0.0
    return float(n_stored)


def flips_score(start, given, final, target, tol: float = 0.95) -> float:
    """Cells the player changed from the ``given`` start if the run recalled the target.

    ``start`` is the state the run began from; a run that does not reach the
    target scores :data:`MISS` (no stars on a "lower" goal).
    """
    if hf.overlap(final, target) < tol:
        return MISS
    return float(cells_changed(start, given))


def escape_score(final, stored) -> float:
    """Largest |overlap| of the settled state with any stored pattern.

    About 0.5 in a symmetric 3-mixture (a spurious state), 1 at a stored
    pattern or its inverse; 0 when nothing is stored.
    """
    X = np.atleast_2d(np.asarray(stored, dtype=float))
    if X.size == 0:
        return 0.0
    return float(np.max(np.abs(hf.overlaps(final, X))))


def inverse_score(start, final, target, tol: float = 0.95) -> float:
    """Distance (%) of the start from the target when the run settles on ``-target``.

    Lower is better: the closer to the target a start can be and still fall
    to the inverse, the nearer the player found the basin boundary (50 %
    for a single stored pattern). Other outcomes score :data:`MISS`.
    """
    if hf.overlap(final, target) > -tol:
        return MISS
    return distance_pct(start, target)


def cycle_score(state, partner) -> float:
    """Units that blink in a synchronous 2-cycle ``state <-> partner`` (0 if none)."""
    if partner is None:
        return 0.0
    return float(cells_changed(state, partner))
