"""Scoring of the phaseplane lab: one scorer per goal type, and the measures they use.

The measures are pure functions of model results (trajectories as (n, 2)
arrays in model units, times in model time units), tested directly at and
around each threshold. The scorers (``score_*``) read a
:class:`~game.labs.phaseplane.model.PhasePlaneModel` and return one number,
or None before there is anything to score; :data:`GOALS` maps each goal type
to its level-file schema, scorer and unit, and ``game.core.scoring`` turns
the number into stars. No pygame here.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from game.core.lab import GoalKind
from game.core.readout import Say
from game.labs.phaseplane import schema
from game.sim import lyapunov, planar

#: Score of an impossible attempt on a "lower is better" goal.
MISS = math.inf

#: The six regions of the trace-determinant plane the tour asks for.
TD_REGIONS = ("saddle", "stable_node", "stable_focus", "center", "unstable_focus", "unstable_node")


def _segment_distance(xy: np.ndarray, point) -> float:
    """Least distance from ``point`` to the polyline ``xy`` (segments, not just vertices)."""
    xy = np.asarray(xy, dtype=float)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) == 0:
        return MISS
    p = np.asarray(point, dtype=float)
    if len(xy) == 1:
        return float(np.hypot(*(xy[0] - p)))
    a, b = xy[:-1], xy[1:]
    ab = b - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.where(denom > 0, np.einsum("ij,ij->i", p - a, ab) / np.where(denom > 0, denom, 1), 0.0)
    t = np.clip(t, 0.0, 1.0)
    closest = a + t[:, None] * ab
    return float(np.min(np.hypot(*(closest - p).T)))


def closest_approach(paths: Iterable[np.ndarray], point) -> float:
    """Least distance from ``point`` over all launched trajectories."""
    return min((_segment_distance(xy, point) for xy in paths), default=MISS)


def orbit_through(A, start, points: Sequence, n: int = 720) -> float:
    """How far the closed orbit of a centre through ``start`` misses ``points``.

    Returns the largest of the misses (so every point must be hit), or
    ``MISS`` when the origin is not a centre (the orbit would not close).
    """
    A = np.asarray(A, dtype=float)
    if planar.classify(A) != "center":
        return MISS
    q = float(np.linalg.det(A))
    period = 2 * math.pi / math.sqrt(max(q, 1e-12))
    t = np.linspace(0.0, period, n)
    orbit = planar.linear_flow(A, np.asarray(start, dtype=float), t)
    return max(_segment_distance(orbit, p) for p in points)


def reach_disc(t: np.ndarray, xy: np.ndarray, radius: float, window) -> float:
    """First time |x| < radius, or ``MISS`` if the path leaves ``window`` first.

    ``window`` is (xmin, xmax, ymin, ymax).
    """
    xy = np.asarray(xy, dtype=float)
    t = np.abs(np.asarray(t, dtype=float))
    r = np.hypot(xy[:, 0], xy[:, 1])
    xmin, xmax, ymin, ymax = window
    outside = (xy[:, 0] < xmin) | (xy[:, 0] > xmax) | (xy[:, 1] < ymin) | (xy[:, 1] > ymax)
    inside_idx = np.flatnonzero(r < radius)
    if len(inside_idx) == 0:
        return MISS
    first = int(inside_idx[0])
    if outside[:first + 1].any():
        return MISS
    if first == 0:
        return 0.0
    # interpolate the crossing between the last sample outside and the first inside
    r0, r1 = r[first - 1], r[first]
    frac = (r0 - radius) / (r0 - r1) if r0 != r1 else 1.0
    return float(t[first - 1] + frac * (t[first] - t[first - 1]))


def td_region(p: float, q: float) -> str | None:
    """Which of the six tour regions (p, q) lies in, or None on a boundary."""
    A = np.array([[p / 2, 1.0], [p * p / 4 - q, p / 2]])
    kind = planar.classify(A)
    return kind if kind in TD_REGIONS else None


def regions_visited(visited: Iterable[str]) -> float:
    """Number of distinct tour regions in ``visited``."""
    return float(len(set(visited) & set(TD_REGIONS)))


def gates_in_order(xy: np.ndarray, gates: Sequence[Sequence[float]]) -> float:
    """How many gates (x, y, r) the path passes, counting in order from the first."""
    xy = np.asarray(xy, dtype=float)
    if xy.ndim != 2 or len(xy) == 0:
        return 0.0
    # densify so that fast segments cannot jump over a small gate
    seg = np.hypot(*np.diff(xy, axis=0).T) if len(xy) > 1 else np.zeros(0)
    rmin = min(g[2] for g in gates)
    if len(seg) and seg.max() > rmin / 2:
        k = int(min(50, math.ceil(seg.max() / (rmin / 2))))
        s = np.linspace(0, len(xy) - 1, (len(xy) - 1) * k + 1)
        xy = np.stack([np.interp(s, np.arange(len(xy)), xy[:, 0]),
                       np.interp(s, np.arange(len(xy)), xy[:, 1])], axis=1)
    idx = 0
    passed = 0
    for gx, gy, gr in gates:
        d = np.hypot(xy[idx:, 0] - gx, xy[idx:, 1] - gy)
        hit = np.flatnonzero(d <= gr)
        if len(hit) == 0:
            break
        idx += int(hit[0])
        passed += 1
    return float(passed)


def settling(m: float, mu: float, k: float, start, tol: float, t_max: float = 200.0) -> float:
    """Settling time of the damped oscillator from ``start`` (model time)."""
    value = planar.settling_time(m, mu, k, np.asarray(start, dtype=float), tol=tol, t_max=t_max)
    return MISS if value is None or not math.isfinite(value) else float(value)


def quiz_score(answers: Sequence[str], truth: Sequence[str], elapsed_s: float, bonus_time_s: float) -> float:
    """Correct answers plus a speed bonus in [0, 1) that shrinks with time."""
    correct = sum(1 for a, b in zip(answers, truth) if a == b)
    bonus = max(0.0, 1.0 - elapsed_s / bonus_time_s) * 0.99 if correct == len(truth) else 0.0
    return float(correct) + bonus


def lyapunov_percent(A, P, window, strict: bool) -> float:
    """Percent of the window's cells where V = x'Px is a Lyapunov function of x' = Ax.

    ``window`` is ((xmin, xmax), (ymin, ymax)), cut into
    ``lyapunov.GRID_N`` cells per side (the origin's cell left out); a cell
    counts when dV/dt <= 0 on all of it (< 0 when ``strict``); 0 when V is
    not positive definite (:func:`game.sim.lyapunov.grid_shares`).
    """
    (x0, x1), (y0, y1) = window
    return 100.0 * lyapunov.grid_shares(A, P, (x0, x1), (y0, y1)).share(strict)


# ------------------------------------------------------------------ scorers

def score_closest_approach(model, goal) -> float | None:
    """Closest approach of the last launch to ``goal.point``; a start too close to it misses."""
    if not model.launches:
        return None
    last = model.launches[-1]
    if math.dist(last.start, goal.point) < goal.min_start_distance:
        return MISS
    return closest_approach([last.fwd.xy], goal.point)


def score_orbit_through(model, goal) -> float | None:
    start = model.start_point()
    return None if start is None else orbit_through(model.A(), start, goal.points)


def score_reach_disc(model, goal) -> float | None:
    if not model.launches:
        return None
    if goal.require and model.kind() != goal.require:
        return MISS
    f = model.launches[-1].fwd
    (x0, x1), (y0, y1) = model.window.home
    return reach_disc(f.t, f.xy, goal.radius, (x0, x1, y0, y1))


def score_regions_visited(model, goal) -> float | None:
    return regions_visited(model.visited)


def score_gates(model, goal) -> float | None:
    if not model.launches:
        return None
    return gates_in_order(model.launches[-1].fwd.xy, goal.gates)


def score_settling_time(model, goal) -> float | None:
    start = model.start_point() or (1.0, 0.0)
    m, mu, k = model.oscillator()
    if goal.no_overshoot and planar.damping_regime(m, mu, k) in ("underdamped", "undamped"):
        return MISS
    return settling(m, mu, k, start, goal.tol)


def score_quiz(model, goal) -> float | None:
    if not model.quiz_answers:
        return None
    return quiz_score(model.quiz_answers, model.quiz_truth, model.elapsed, goal.bonus_time_s)


def score_lyapunov(model, goal) -> float | None:
    """Percent of the level's window where the player's V proves (asymptotic) stability."""
    return 100.0 * model.v_shares().share(goal.strict)


# ------------------------------------------------------------------ readouts
# What the HUD line shows beside the score (game.core.readout): counts out of
# how many, and why an attempt scored nothing. Cheap: they run every frame.

def readout_closest_approach(model, goal, score) -> dict:
    if score is not None and math.isinf(score) and model.launches and goal.min_start_distance > 0 \
            and math.dist(model.launches[-1].start, goal.point) < goal.min_start_distance:
        return {"variant": "too_close", "min_start": goal.min_start_distance}
    return {}


def readout_orbit_through(model, goal, score) -> dict:
    return {"variant": "not_centre"} if score is not None and math.isinf(score) else {}


def readout_reach_disc(model, goal, score) -> dict:
    if score is None or math.isfinite(score):
        return {}
    if goal.require and model.kind() != goal.require:
        return {"variant": "wrong_type", "need": Say(f"phaseplane.kind.{goal.require}")}
    return {"variant": "miss"}


def readout_regions_visited(model, goal, score) -> dict:
    return {"of": len(TD_REGIONS)}


def readout_gates(model, goal, score) -> dict:
    return {"of": len(goal.gates)}


def readout_settling_time(model, goal, score) -> dict:
    return {"variant": "overshoot"} if score is not None and math.isinf(score) else {}


def readout_quiz(model, goal, score) -> dict:
    """Right answers so far (the score adds a speed bonus below 1 once all are right)."""
    correct = sum(1 for a, b in zip(model.quiz_answers, model.quiz_truth) if a == b)
    bonus = 0.0 if score is None else max(0.0, score - correct)
    return {"value": correct, "of": len(model.quiz_truth), "bonus": round(bonus, 2)}


def readout_lyapunov(model, goal, score) -> dict:
    """Why the candidate scores nothing (not positive definite), or which inequality is counted."""
    if not model.v_shares().positive_definite:
        return {"variant": "not_pd"}
    return {"variant": "strict"} if goal.strict else {}


#: Goal type -> level-file schema, scorer, unit of its score and its HUD readout. Distances
#: and times are in the plane's model units (no unit shown); counts have none; the
#: lyapunov share is a percent of 1680 cells, shown to 4 digits so that one failing cell
#: (0.06 %) never reads as 100 %.
GOALS = {
    "closest_approach": GoalKind(schema.ClosestApproach, score_closest_approach, unit="",
                                 readout=readout_closest_approach),
    "orbit_through": GoalKind(schema.OrbitThrough, score_orbit_through, unit="", readout=readout_orbit_through),
    "reach_disc": GoalKind(schema.ReachDisc, score_reach_disc, unit="", readout=readout_reach_disc),
    "regions_visited": GoalKind(schema.RegionsVisited, score_regions_visited, unit="",
                                readout=readout_regions_visited),
    "gates": GoalKind(schema.Gates, score_gates, unit="", readout=readout_gates),
    "settling_time": GoalKind(schema.SettlingTime, score_settling_time, unit="", readout=readout_settling_time),
    "quiz": GoalKind(schema.Quiz, score_quiz, unit="", readout=readout_quiz),
    "lyapunov": GoalKind(schema.Lyapunov, score_lyapunov, unit="%", digits=4, readout=readout_lyapunov),
}
