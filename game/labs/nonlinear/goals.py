"""Pure scoring functions of the nonlinear lab's goal types.

Each takes model results (points and trajectories in model units, periods
in model time: ms for Morris–Lecar) and returns one number; ``game.scoring``
turns it into stars with the level's thresholds. Distances in windows whose
axes have different units (Morris–Lecar: V in mV, N in [0, 1]) are measured
in *window units*: each axis divided by the window's width on that axis, so
0.01 is one hundredth of the plot, whatever the units. No pygame here.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from game.labs.phaseplane.goals import MISS, quiz_score  # noqa: F401  (re-exported)

#: Outcomes of a launch in a bistable system.
REST, CYCLE, UNSETTLED = "rest", "cycle", "unsettled"


def window_distance(a, b, window) -> float:
    """Distance between points ``a`` and ``b`` in window units.

    ``window`` is (xmin, xmax, ymin, ymax); the result is
    hypot((ax - bx) / width, (ay - by) / height).
    """
    xmin, xmax, ymin, ymax = (float(v) for v in window)
    dx = (float(a[0]) - float(b[0])) / (xmax - xmin)
    dy = (float(a[1]) - float(b[1])) / (ymax - ymin)
    return math.hypot(dx, dy)


def equilibria_visited(starts: Iterable, points: Iterable, window, radius: float) -> float:
    """How many equilibria have a launch start within ``radius`` window units."""
    starts = list(starts)
    return float(sum(1 for p in points if any(window_distance(s, p, window) <= radius for s in starts)))


def bifurcation_error(I: float, target: float | None) -> float:
    """How far a locked-in current ``I`` is from the bifurcation current (uA/cm^2)."""
    if target is None or not math.isfinite(target) or not math.isfinite(I):
        return MISS
    return abs(float(I) - float(target))


def frequency_hz(period_ms: float | None) -> float:
    """Firing frequency in Hz of a cycle with period ``period_ms``; ``MISS`` at rest."""
    if period_ms is None or not math.isfinite(period_ms) or period_ms <= 0:
        return MISS
    return 1000.0 / float(period_ms)


def fired(xy: np.ndarray, fire_x: float) -> bool:
    """Whether the trajectory's first coordinate ever exceeds ``fire_x`` (a spike)."""
    xy = np.asarray(xy, dtype=float)
    return bool(xy.ndim == 2 and len(xy) and np.nanmax(xy[:, 0]) > fire_x)


def kick_score(kick: float, did_fire: bool) -> float:
    """Size of a kick that fired (lower is better); a kick that did not fire misses."""
    return abs(float(kick)) if did_fire and math.isfinite(kick) else MISS


def period_error(period: float | None, target: float) -> float:
    """Relative error |T - target| / target of a measured period (``MISS`` if none)."""
    if period is None or not math.isfinite(period) or period <= 0:
        return MISS
    return abs(float(period) - float(target)) / float(target)


def outcome(t: np.ndarray, xy: np.ndarray, rest, window, *, amplitude: float = 0.1,
            near: float = 0.01) -> str:
    """Where a forward trajectory ended up: ``REST``, ``CYCLE`` or ``UNSETTLED``.

    The last 40 % of the run is cut into two halves. A cycle keeps an
    x-range of at least ``amplitude`` window widths in both, without
    shrinking (a slowly decaying spiral shrinks); rest means the end lies
    within ``near`` window units of the stable equilibrium ``rest``.
    """
    t = np.abs(np.asarray(t, dtype=float))
    xy = np.asarray(xy, dtype=float)
    if xy.ndim != 2 or len(xy) < 4 or not np.all(np.isfinite(xy)):
        return UNSETTLED
    width = float(window[1]) - float(window[0])
    t_end = float(t[-1])
    a = xy[(t >= 0.6 * t_end) & (t < 0.8 * t_end), 0]
    b = xy[t >= 0.8 * t_end, 0]
    if len(a) > 1 and len(b) > 1:
        ra, rb = float(np.ptp(a)) / width, float(np.ptp(b)) / width
        if ra >= amplitude and rb >= amplitude and rb >= 0.9 * ra:
            return CYCLE
    if rest is not None and window_distance(xy[-1], rest, window) <= near:
        return REST
    return UNSETTLED


def boundary_gap(starts: Sequence, outcomes: Sequence[str], window) -> float:
    """Least distance (window units) between two starts that went to different attractors.

    Only starts that reached rest or the cycle count; two of them that
    disagree bracket the boundary between the basins (for Morris–Lecar in
    its bistable range, the unstable limit cycle). ``MISS`` if no such pair.
    """
    rest = [s for s, o in zip(starts, outcomes) if o == REST]
    cycle = [s for s, o in zip(starts, outcomes) if o == CYCLE]
    return min((window_distance(a, b, window) for a in rest for b in cycle), default=MISS)
