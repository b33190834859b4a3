"""Scoring of the nonlinear lab: one scorer per goal type, and the measures they use.

The measures are pure functions of model results (points and trajectories
in model units, periods in model time: ms for Morris–Lecar), tested
directly at and around each threshold. Distances in windows whose axes have
different units (Morris–Lecar: V in mV, N in [0, 1]) are measured in
*window units*: each axis divided by the window's width on that axis, so
0.01 is one hundredth of the plot, whatever the units.

The scorers (``score_*``) read a
:class:`~game.labs.nonlinear.model.NonlinearModel` and return one number,
or None before there is anything to score; :data:`GOALS` maps each goal
type to its level-file schema, scorer, unit and HUD readout, and
``game.core.scoring`` turns the number into stars. :data:`JUDGES` says what
a finished launch did for the goal types that ask (it fired; it went to
rest or to the cycle), and :data:`SCORED_ON` when an attempt is recorded.
No pygame here.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from game.core.lab import GoalKind
from game.core.readout import fmt_value
from game.labs.common.quiz import quiz_score
from game.labs.nonlinear import schema

#: Score of an impossible attempt on a "lower is better" goal.
MISS = math.inf

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


# ------------------------------------------------------------------ scorers

def score_equilibria_visited(model, goal) -> float | None:
    if not model.launches:
        return None
    points = [e.point for e in model.home_equilibria()]
    return equilibria_visited([l.start for l in model.launches], points, model.home_bounds(), goal.radius)


def score_bifurcation_current(model, goal) -> float | None:
    return bifurcation_error(model.answers[-1], model.target_I) if model.answers else None


def _period(model) -> float | None:
    m = model.measurement
    return None if m is None or m.cycle is None else m.cycle.period


def score_onset_frequency(model, goal) -> float | None:
    return None if model.measurement is None else frequency_hz(_period(model))


def score_cycle_period(model, goal) -> float | None:
    return None if model.measurement is None else period_error(_period(model), goal.target)


def score_kick_threshold(model, goal) -> float | None:
    l = model.judged_launch()
    if l is None or l.fired is None:
        return None
    return kick_score(l.kick if l.kick is not None else MISS, l.fired)


def score_bistable_boundary(model, goal) -> float | None:
    done = model.done_launches()
    if not done:
        return None
    return boundary_gap([l.start for l in done], [l.outcome for l in done], model.home_bounds())


def score_quiz(model, goal) -> float | None:
    if len(model.quiz_answers) < len(model.quiz):
        return None
    truth = [q.kind for q in model.quiz_truths]
    return quiz_score(model.quiz_answers, truth, model.elapsed, goal.bonus_time_s)


# ------------------------------------------------------------------ what a launch did

def judge_kick(model, goal, launch) -> str:
    """A kick fired when its path passes x = ``goal.fire_x``; the note that says so."""
    launch.fired = fired(launch.fwd.xy, goal.fire_x)
    return "nonlinear.note.fired" if launch.fired else "nonlinear.note.no_fire"


def judge_outcome(model, goal, launch) -> str:
    """Where a start went in a bistable system (rest, the cycle, undecided); the note that says so."""
    rest = model.rest()
    launch.outcome = outcome(launch.fwd.t, launch.fwd.xy, None if rest is None else rest.point,
                             model.home_bounds())
    return f"nonlinear.note.{launch.outcome}"


#: Goal type -> judge(model, goal, launch) -> note key, run when a launch's paths arrive.
JUDGES = {"kick_threshold": judge_kick, "bistable_boundary": judge_outcome}

#: When the model records an attempt: a launch's paths arrived, a cycle was measured.
SCORED_ON = {
    "launch": frozenset({"equilibria_visited", "kick_threshold", "bistable_boundary"}),
    "measure": frozenset({"onset_frequency", "cycle_period"}),
}


# ------------------------------------------------------------------ readouts
# What the HUD line shows beside the score (game.core.readout): counts out of
# how many, the measured period, and why an attempt scored nothing. Cheap:
# they run every frame (home_equilibria is cached per field).

def readout_equilibria_visited(model, goal, score) -> dict:
    return {"of": len(model.home_equilibria())}


def readout_bifurcation_current(model, goal, score) -> dict:
    return {"left": max(0, goal.max_answers - len(model.answers))}


def readout_onset_frequency(model, goal, score) -> dict:
    if score is None or math.isfinite(score):
        return {}
    return {"variant": "rest" if model.measurement.at_rest else "none"}


def readout_cycle_period(model, goal, score) -> dict:
    period = _period(model)
    if period is None:
        return {"variant": "none"} if score is not None else {}
    unit = "ms" if model.is_ml() else ""
    return {"period": fmt_value(period, unit, 4), "target": fmt_value(goal.target, unit, 4)}


def readout_kick_threshold(model, goal, score) -> dict:
    return {"variant": "no_fire"} if score is not None and math.isinf(score) else {}


def readout_bistable_boundary(model, goal, score) -> dict:
    return {"variant": "one_kind"} if score is not None and math.isinf(score) else {}


def readout_quiz(model, goal, score) -> dict:
    """Right answers so far (the score adds a speed bonus below 1 once all are right)."""
    truth = [q.kind for q in model.quiz_truths]
    correct = sum(1 for a, b in zip(model.quiz_answers, truth) if a == b)
    bonus = 0.0 if score is None else max(0.0, score - correct)
    return {"value": correct, "of": len(truth), "bonus": round(bonus, 2)}


#: Goal type -> level-file schema, scorer, unit of its score and its HUD readout. Distances are
#: in window units (fractions of the plot), kicks and periods in the system's model units.
GOALS = {
    "equilibria_visited": GoalKind(schema.EquilibriaVisited, score_equilibria_visited, unit="",
                                   readout=readout_equilibria_visited),
    "bifurcation_current": GoalKind(schema.BifurcationCurrent, score_bifurcation_current, unit="µA/cm²",
                                    readout=readout_bifurcation_current),
    "onset_frequency": GoalKind(schema.OnsetFrequency, score_onset_frequency, unit="Hz",
                                readout=readout_onset_frequency),
    "bistable_boundary": GoalKind(schema.BistableBoundary, score_bistable_boundary, unit="",
                                  readout=readout_bistable_boundary),
    "kick_threshold": GoalKind(schema.KickThreshold, score_kick_threshold, unit="", readout=readout_kick_threshold),
    "cycle_period": GoalKind(schema.CyclePeriod, score_cycle_period, unit="", readout=readout_cycle_period),
    "quiz": GoalKind(schema.Quiz, score_quiz, unit="", readout=readout_quiz),
}
