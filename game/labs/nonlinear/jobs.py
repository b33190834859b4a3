"""What the nonlinear model's background lanes compute: trajectories, cycles, the manifold, the I sweep.

Each function takes the running :class:`game.core.jobs.Job` first and
evaluates fields only through ``job.polite`` (a thread that yields the GIL,
pauses while a frame is computed, and can be cancelled). No pygame here.

The bifurcation sweep is ``planar.ml_bifurcation`` with the fields wrapped
by ``job.polite``: the equilibrium branch, Hopf and fold points directly
(exact, ~25 ms), then the stable limit cycles followed from the highest
current downwards, each run starting where the previous cycle ended, so
the branch of stable cycles is tracked into the bistable range of the Hopf
set. Finished sweeps and branches are kept in bounded memos (pure
functions of their parameters): reopening the sandbox shows its sweep at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Mapping, NamedTuple

import numpy as np

from game.sim import planar

#: Largest number of samples kept per trajectory.
MAX_POINTS = 2500


class LaunchResult(NamedTuple):
    fwd: planar.Trajectory
    bwd: planar.Trajectory | None


def launch(job, f, start, t_max: float, bounds, backward: bool = True) -> LaunchResult:
    """Forward (and backward) trajectory from ``start`` (model units and time)."""
    g = job.polite(f)
    fwd = planar.trajectory(g, start, t_max, bounds=bounds, max_points=MAX_POINTS)
    job.report(0.5)
    bwd = planar.trajectory(g, start, t_max, backward=True, bounds=bounds,
                            max_points=MAX_POINTS) if backward else None
    return LaunchResult(fwd, bwd)


def manifold(job, f, xlim, ylim, t_max: float) -> planar.SlowManifold | None:
    """The repelling slow manifold of ``f`` beside its x-nullcline's middle branch (home window)."""
    return planar.repelling_slow_manifold(job.polite(f), xlim, ylim, t_max, max_points=MAX_POINTS)


class Measurement(NamedTuple):
    """A limit-cycle measurement: the cycle (or None) and whether it settled."""

    cycle: planar.LimitCycle | None
    at_rest: bool


def measure_cycle(job, f, start, t_transient: float, t_observe: float, t_longest: float) -> Measurement:
    """The attracting cycle reached from ``start``, doubling the observation time.

    Near a SNIC the period grows without bound (about 1 s at I = 40.0 on
    ``ML_SNIC``), so an observation window too short for three periods is
    doubled up to ``t_longest``. A run that comes to rest stops the search.
    """
    g = job.polite(f)
    t_obs = float(t_observe)
    while True:
        cycle = planar.limit_cycle(g, start, t_transient, t_obs, rtol=1e-6, atol=1e-8)
        if cycle is not None:
            # one period again with dense output: fast jumps (relaxation) stay smooth when drawn
            loop = planar.trajectory(g, cycle.orbit[0], cycle.period, max_points=MAX_POINTS)
            if len(loop.xy) > len(cycle.orbit) and loop.reason == "t_max":
                cycle = cycle._replace(orbit=loop.xy)
            return Measurement(cycle, False)
        probe = planar.trajectory(g, start, t_transient + t_obs, max_points=200)
        if probe.reason in ("equilibrium", "blew_up", "undefined"):
            return Measurement(None, probe.reason == "equilibrium")
        xy = probe.xy[len(probe.xy) // 2:]
        if len(xy) > 2 and np.ptp(xy[:, 0]) <= 1e-6 * max(1.0, float(np.max(np.abs(xy[:, 0])))):
            return Measurement(None, True)
        if t_obs >= t_longest:
            return Measurement(None, False)
        t_obs = min(2 * t_obs, t_longest)
        job.report(t_obs / t_longest)


# ---------------------------------------------------------------- bifurcation
#: Finished sweeps kept (a bounded memo of a pure function of (parameter set, current range);
#: each holds a few dozen numbers and the 2001-point branch).
SWEEPS_KEPT = 4
_SWEEPS: OrderedDict[tuple, planar.MLBifurcation] = OrderedDict()
_SWEEPS_LOCK = threading.Lock()        # sweeps finish on the model's thread lane


def sweep_key(params: Mapping[str, float], lo: float, hi: float) -> tuple:
    return (tuple(sorted(params.items())), round(float(lo), 6), round(float(hi), 6))


def cached_sweep(key: tuple) -> planar.MLBifurcation | None:
    """A finished sweep for ``key``, if one is kept."""
    with _SWEEPS_LOCK:
        hit = _SWEEPS.get(key)
        if hit is not None:
            _SWEEPS.move_to_end(key)
        return hit


def _keep_sweep(key: tuple, result: planar.MLBifurcation) -> None:
    with _SWEEPS_LOCK:
        _SWEEPS[key] = result
        _SWEEPS.move_to_end(key)
        while len(_SWEEPS) > SWEEPS_KEPT:
            _SWEEPS.popitem(last=False)


@lru_cache(maxsize=8)
def _branch(items: tuple) -> planar.MLBifurcation:
    return planar.ml_bifurcation(dict(items), cycles=False)


def branch(params: Mapping[str, float]) -> planar.MLBifurcation:
    """The equilibrium branch alone (no cycles; ~25 ms; a bounded memo per parameter set)."""
    return _branch(tuple(sorted(params.items())))


def bifurcation_current(params: Mapping[str, float], which: str, lo: float = -np.inf,
                        hi: float = np.inf) -> float | None:
    """The Hopf (``which="hopf"``) or SNIC fold current (µA/cm²) of a Morris-Lecar parameter set,
    the largest in [lo, hi] (a slider's range); None when the range holds none."""
    base = branch(params)
    pts = base.hopf_I if which == "hopf" else base.fold_I
    inside = [float(v) for v in pts if lo <= v <= hi]
    return max(inside) if inside else None


def sweep_currents(base: planar.MLBifurcation, lo: float, hi: float, n: int = 13) -> tuple[np.ndarray, np.ndarray]:
    """Currents for the cycle sweep and the observation time (ms) for each.

    An even grid plus points near the onsets: just above a fold (SNIC) the
    frequency rises like sqrt(I - I_c) from zero, so two points there show
    the curve leaving zero (their periods approach a second, hence a longer
    observation); below a Hopf point the tracked cycles show the bistable
    range.
    """
    currents = {round(float(v), 4): 1500.0 for v in np.linspace(lo, hi, n)}
    for fold in base.fold_I:
        for d in (0.3, 1.5):
            if lo <= fold + d <= hi:
                currents[round(float(fold + d), 4)] = 4000.0
    for hopf in base.hopf_I:
        for d in (2.0, 4.0):
            if lo <= hopf - d <= hi:
                currents[round(float(hopf - d), 4)] = 1500.0
    I = np.array(sorted(currents))
    return I, np.array([currents[v] for v in I])


def bifurcation(job, params: Mapping[str, float], lo: float, hi: float) -> planar.MLBifurcation:
    """Equilibrium branch and stable cycles of Morris–Lecar for I in [lo, hi] (µA/cm²)."""
    key = sweep_key(params, lo, hi)
    hit = cached_sweep(key)
    if hit is not None:
        return hit
    I_values, t_observe = sweep_currents(branch(params), lo, hi)
    # a run that continues from the previous current's cycle needs a shorter transient
    result = planar.ml_bifurcation(params, I_values, t_transient=1000.0, t_continue=300.0, t_observe=t_observe,
                                   progress=job.report, wrap=job.polite)
    _keep_sweep(key, result)
    return result
