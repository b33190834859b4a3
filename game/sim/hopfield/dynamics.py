r"""Dynamics of a Hopfield network: sweeps, Glauber units, annealing, recall.

Deterministic (zero-temperature) update of unit ``i``::

    h_i = sum_j w_ij s_j - theta_i
    s_i <- sign(h_i),   with sign(0) := s_i  (a unit with zero field keeps its state)

Flipping unit ``i`` changes the energy ``E = -1/2 s^T W s + theta^T s`` by
``dE = 2 s_i h_i - 2 w_ii`` (``s_i`` and ``h_i`` taken before the flip), so with
``w_ii = 0`` a unit flips only when ``s_i h_i < 0`` and every asynchronous flip
lowers ``E`` strictly (Hopfield 1982). Keeping the state at ``h_i = 0``
(instead of choosing +1) is what makes ``E`` non-increasing even when fields
vanish exactly (Hebbian weights are multiples of ``1/N``, so ``h_i = 0`` does
happen). Fields with ``|h_i| <= ZERO_FIELD_TOL`` count as zero, so that
round-off in the incrementally updated field cannot flip a unit back and forth.
Synchronous (parallel) updates may raise ``E`` and can end in a 2-cycle.

Stochastic (Glauber / Boltzmann-machine) units at temperature ``T > 0``::

    P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)) = (1 + tanh(h_i / T)) / 2

Sampling this is the same as ``s_i <- sign(h_i - z_i)`` with logistic noise
``z_i = (T/2) L``, ``L ~ Logistic(0, 1)``; the sweeps use that form so that the
deterministic and stochastic dynamics share one code path. Annealing lowers
``T`` sweep by sweep (:func:`anneal_schedule`), then quenches at ``T = 0``.

Speed
-----
``recall`` keeps the local fields ``h = W s - theta`` and, when unit ``i``
flips to ``s_i``, updates them with one column ``h += 2 s_i W[:, i]``
(``O(N)``).  A sweep in a given order is processed *exactly* like the
unit-by-unit loop, but without visiting stable units one at a time in Python:
a vectorised mask finds the next unit in the order whose field disagrees
with its state, that unit is flipped, the fields are updated, and the search
resumes after it.  Stable units cannot change, so skipping them is exact; a
sweep costs ``O(N (flips + 1))`` numpy work and only ``flips + 1`` Python
iterations.  Recall from 10 % noise at N = 1024 takes about 1-2 ms
(``benchmarks/bench_hopfield.py``).  Fields are recomputed exactly as
``W @ s`` at the start of a sweep once ``N`` incremental updates have
accumulated, so round-off stays far below ``ZERO_FIELD_TOL``; a typical
recall does a single matrix-vector product.

References
----------
.. [1] J. J. Hopfield, "Neural networks and physical systems with emergent
   collective computational abilities", PNAS 79, 2554-2558 (1982).
.. [2] R. J. Glauber, "Time-dependent statistics of the Ising model",
   J. Math. Phys. 4, 294 (1963).
.. [3] S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi, "Optimization by simulated
   annealing", Science 220, 671-680 (1983).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from game.sim.hopfield._validate import as_state, as_theta, as_weights, check_temperature
from game.sim.hopfield._sweeps import logistic_thresholds, order_for, sweep_inplace
from game.sim.hopfield.observables import ZERO_FIELD_TOL, energy as _energy, energy_from_field, is_fixed_point

__all__ = ["async_sweep", "sync_step", "UnitStep", "glauber_probability", "step_unit", "glauber_sweep",
           "anneal_schedule", "Recall", "recall"]


def async_sweep(W, s, rng_or_order, theta=None) -> np.ndarray:
    """One asynchronous zero-temperature sweep: every unit updated once, in turn.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Symmetric, zero diagonal.
    s : array_like, shape (N,)
        State of ``+1``/``-1`` (not modified).
    rng_or_order : numpy.random.Generator or array_like of int
        A generator draws a random permutation; an index array fixes the order
        (it may repeat or omit units).
    theta : array_like, optional
        Thresholds.

    Returns
    -------
    ndarray, shape (N,)
        The new state.  ``energy`` of it is never higher than of ``s``.
    """
    W = as_weights(W)
    n = W.shape[0]
    s = as_state(s, n)
    theta = as_theta(theta, n)
    h = W @ s - theta
    sweep_inplace(W, s, h, order_for(rng_or_order, n), None)
    return s


def sync_step(W, s, theta=None) -> np.ndarray:
    """Synchronous (parallel) update ``s <- sign(W s - theta)``, sign(0) keeping ``s_i``.

    All units update at once from the same old state.  The energy may rise,
    and the dynamics can end in a 2-cycle (``s -> s' -> s``) as well as in a
    fixed point.

    Returns
    -------
    ndarray, shape (N,)

    Examples
    --------
    Two units that excite each other, started apart, swap states forever:

    >>> W = [[0.0, 1.0], [1.0, 0.0]]
    >>> sync_step(W, [1.0, -1.0]).tolist(), sync_step(W, [-1.0, 1.0]).tolist()
    ([-1.0, 1.0], [1.0, -1.0])
    """
    W = as_weights(W)
    n = W.shape[0]
    s = as_state(s, n)
    h = W @ s - as_theta(theta, n)
    return np.where(s * h < -ZERO_FIELD_TOL, -s, s)


class UnitStep(NamedTuple):
    """Result of :func:`step_unit`: whether the unit flipped, and the energy after."""

    changed: bool
    energy: float


def glauber_probability(h, temperature: float):
    """``P(s_i = +1) = 1 / (1 + exp(-2 h / T))`` for field ``h`` at temperature ``T``.

    Written as ``(1 + tanh(h / T)) / 2`` so it never overflows.  ``T = 0``
    gives the deterministic limit (1, 0, or 0.5 at ``h = 0``).
    """
    T = check_temperature(temperature)
    h = np.asarray(h, dtype=float)
    if T == 0.0:
        p = np.where(h > 0, 1.0, np.where(h < 0, 0.0, 0.5))
    else:
        p = 0.5 * (1.0 + np.tanh(h / T))
    return float(p) if p.ndim == 0 else p


def step_unit(W, s, i: int, theta=None, temperature: float = 0.0,
              rng: np.random.Generator | None = None, *, h=None,
              energy: float | None = None) -> UnitStep:
    """Update one unit **in place** (for animation and the "step one neuron" button).

    Parameters
    ----------
    W : ndarray, shape (N, N)
        Symmetric weights.
    s : ndarray of float, shape (N,)
        State, modified in place.
    i : int
        Unit to update.
    theta : array_like, optional
        Thresholds.
    temperature : float, default 0
        ``0``: ``s_i <- sign(h_i)`` (sign(0) keeps ``s_i``).  ``T > 0``:
        ``s_i = +1`` with probability ``1 / (1 + exp(-2 h_i / T))``.
    rng : numpy.random.Generator, optional
        Required when ``temperature > 0``.
    h : ndarray, shape (N,), optional
        Current fields ``W s - theta``.  When given, ``h_i`` is read from it
        and it is updated in place on a flip (``O(N)``); otherwise ``h_i`` is
        computed from row ``i`` (``O(N)``).
    energy : float, optional
        Current energy.  When given the new energy is ``energy + dE``
        (``O(1)``); otherwise it is recomputed (``O(N^2)``).

    Returns
    -------
    UnitStep(changed, energy)
    """
    W = np.asarray(W)
    T = check_temperature(temperature)
    i = int(i)
    n = W.shape[0]
    th = 0.0 if theta is None else float(as_theta(theta, n)[i])
    hi = float(h[i]) if h is not None else float(W[i] @ s) - th
    si = float(s[i])
    if T == 0.0:
        flip = si * hi < -ZERO_FIELD_TOL
    else:
        if rng is None:
            raise ValueError("step_unit needs rng when temperature > 0")
        new = 1.0 if rng.random() < glauber_probability(hi, T) else -1.0
        flip = new != si
    if flip:
        dE = 2.0 * si * hi - 2.0 * float(W[i, i])
        s[i] = -si
        if h is not None:
            h += (-2.0 * si) * W[i]
    if energy is not None:
        E = float(energy) + (dE if flip else 0.0)
    else:
        E = _energy(W, s, theta)
    return UnitStep(bool(flip), E)


def glauber_sweep(W, s, temperature: float, rng: np.random.Generator, theta=None,
                  order=None) -> np.ndarray:
    """One asynchronous sweep of stochastic (Glauber) units at temperature ``T``.

    Each unit, in a random order (or ``order``, an index array), is set to
    ``+1`` with probability ``1 / (1 + exp(-2 h_i / T))`` using its current
    field.  ``T = 0`` is the deterministic :func:`async_sweep`.  The random
    numbers are drawn as logistic thresholds (module docstring), so one
    sweep costs about as much as a zero-temperature one with the same number
    of flips.

    Returns
    -------
    ndarray, shape (N,)
        The new state (``s`` is not modified).
    """
    W = as_weights(W)
    n = W.shape[0]
    s = as_state(s, n)
    T = check_temperature(temperature)
    h = W @ s - as_theta(theta, n)
    order = rng.permutation(n) if order is None else order_for(order, n)
    z = None if T == 0.0 else logistic_thresholds(T, n, rng)
    sweep_inplace(W, s, h, order, z)
    return s


def anneal_schedule(T0: float, T1: float, sweeps: int, kind: str = "geometric") -> np.ndarray:
    """Temperatures for an annealing run, one per sweep, from ``T0`` down to ``T1``.

    Parameters
    ----------
    T0, T1 : float
        Start and end temperatures, both ``> 0``.
    sweeps : int
        Number of sweeps (>= 1); ``sweeps == 1`` gives ``[T0]``.
    kind : {"geometric", "linear"}
        ``geometric``: ``T_k = T0 (T1/T0)^(k/(sweeps-1))`` (constant cooling
        ratio); ``linear``: evenly spaced.

    Returns
    -------
    ndarray, shape (sweeps,)

    Examples
    --------
    >>> anneal_schedule(1.0, 0.01, 3).tolist()
    [1.0, 0.1, 0.01]
    """
    for name, v in (("T0", T0), ("T1", T1)):
        if not np.isfinite(v) or v <= 0:
            raise ValueError(f"{name} must be a temperature > 0, got {v!r}")
    sweeps = int(sweeps)
    if sweeps < 1:
        raise ValueError(f"sweeps must be >= 1, got {sweeps}")
    if sweeps == 1:
        return np.array([float(T0)])
    if kind == "geometric":
        return np.geomspace(float(T0), float(T1), sweeps)
    if kind == "linear":
        return np.linspace(float(T0), float(T1), sweeps)
    raise ValueError(f"kind must be 'geometric' or 'linear', got {kind!r}")


@dataclass(frozen=True)
class Recall:
    """Outcome of :func:`recall`.

    Attributes
    ----------
    state : ndarray, shape (N,)
        Final state.
    energies : ndarray
        ``energies[0]`` is the energy of the start state; ``energies[k]`` the
        energy after the k-th unit update (async: ``1 + sweeps * N`` entries)
        or after the k-th parallel step (sync: ``1 + sweeps`` entries).
    sweeps : int
        Sweeps (async) or parallel steps (sync) performed, including the last
        one that found nothing to change.
    converged : bool
        The final state is a zero-temperature fixed point.
    cycle : bool
        Sync only: the run ended in a 2-cycle (``state`` is one of its two states).
    """

    state: np.ndarray
    energies: np.ndarray
    sweeps: int
    converged: bool
    cycle: bool = False


def recall(W, s0, rng: np.random.Generator | None = None, mode: str = "async",
           temperature: float = 0.0, max_sweeps: int = 50, theta=None,
           schedule=None, order=None) -> Recall:
    """Run the network from ``s0`` until it settles.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Symmetric weights, zero diagonal.
    s0 : array_like, shape (N,)
        Start state of ``+1``/``-1`` (not modified).
    rng : numpy.random.Generator, optional
        Random update order per sweep and Glauber noise.  May be omitted for
        ``mode="sync"`` at ``T = 0``, or async with a fixed ``order``.
    mode : {"async", "sync"}
        ``async``: units one at a time (energy never rises at ``T = 0``);
        ``sync``: all units at once (may 2-cycle, which is detected).
    temperature : float, default 0
        Constant temperature.  ``T > 0`` without ``schedule`` runs exactly
        ``max_sweeps`` Glauber sweeps (there is no convergence at ``T > 0``;
        ``converged`` then says whether the final state happens to be a
        zero-temperature fixed point).
    max_sweeps : int, default 50
        Cap on zero-temperature sweeps/steps (or the number of sweeps at
        constant ``T > 0``).
    theta : array_like, optional
        Thresholds.
    schedule : array_like of float, optional
        Annealing temperatures, one per sweep (see :func:`anneal_schedule`).
        After the schedule, zero-temperature sweeps run until a fixed point
        (at most ``max_sweeps`` more); ``temperature`` is then ignored.
    order : array_like of int, optional
        Fixed async update order used every sweep instead of a random one.

    Returns
    -------
    Recall(state, energies, sweeps, converged, cycle)

    Examples
    --------
    >>> import numpy as np
    >>> from game.sim.hopfield import corrupt, hebbian, overlap, random_patterns
    >>> rng = np.random.default_rng(1)
    >>> X = random_patterns(5, 200, rng)
    >>> r = recall(hebbian(X), corrupt(X[0], 0.1, rng), rng)
    >>> r.converged, overlap(r.state, X[0])
    (True, 1.0)
    """
    W = as_weights(W)
    n = W.shape[0]
    s = as_state(s0, n, "s0")
    theta = as_theta(theta, n)
    T = check_temperature(temperature)
    max_sweeps = int(max_sweeps)
    if max_sweeps < 1:
        raise ValueError(f"max_sweeps must be >= 1, got {max_sweeps}")
    temps = _recall_temperatures(schedule, T, max_sweeps)
    needs_rng = bool(np.any(temps > 0)) or (mode == "async" and order is None)
    if needs_rng and rng is None:
        raise ValueError("recall needs rng for a random update order or temperature > 0")
    quench = schedule is not None or T == 0.0
    if mode == "sync":
        return _recall_sync(W, s, theta, temps, max_sweeps, rng, quench)
    if mode != "async":
        raise ValueError(f"mode must be 'async' or 'sync', got {mode!r}")
    fixed_order = None if order is None else order_for(order, n)
    return _recall_async(W, s, theta, temps, max_sweeps, rng, fixed_order, quench)


def _recall_temperatures(schedule, T: float, max_sweeps: int) -> np.ndarray:
    """Temperatures of the sweeps before any quench: the schedule, ``max_sweeps`` times
    a constant ``T > 0``, or none."""
    if schedule is not None:
        temps = np.asarray(schedule, dtype=float).ravel()
        if temps.size == 0 or not np.all(np.isfinite(temps)) or np.any(temps < 0):
            raise ValueError("schedule must be a non-empty list of temperatures >= 0")
        return temps
    if T > 0:
        return np.full(max_sweeps, T)
    return np.zeros(0)


def _recall_async(W, s, theta, temps, max_sweeps, rng, fixed_order, quench) -> Recall:
    """Asynchronous recall: the sweeps at ``temps``, then (``quench``) zero-temperature sweeps
    until one changes nothing (at most ``max_sweeps``). ``s`` is updated in place."""
    n = W.shape[0]
    h = W @ s - theta
    E0 = energy_from_field(s, h, theta)
    sweep_flips: list[tuple[list[int], list[float]]] = []
    since_refresh = 0

    def one_sweep(Tk: float) -> int:
        nonlocal h, since_refresh
        if since_refresh >= n:
            # exact fields again after N incremental updates, so round-off cannot
            # pile up (each update adds ~1e-16 |w|; ZERO_FIELD_TOL is 1e-10)
            h = W @ s - theta
            since_refresh = 0
        ord_ = fixed_order if fixed_order is not None else rng.permutation(n)
        z = None if Tk == 0.0 else logistic_thresholds(Tk, n, rng)
        pos, dE = sweep_inplace(W, s, h, ord_, z)
        sweep_flips.append((pos, dE))
        since_refresh += len(pos)
        return len(pos)

    for Tk in temps:
        one_sweep(float(Tk))
    converged = False
    if quench:
        for _ in range(max_sweeps):
            if one_sweep(0.0) == 0:
                converged = True
                break
    else:
        converged = is_fixed_point(W, s, theta)
    return Recall(s, _energies_after_flips(E0, sweep_flips, n), len(sweep_flips), converged)


def _energies_after_flips(E0: float, sweep_flips, n: int) -> np.ndarray:
    """Energy after every unit update: ``E0``, then ``n`` entries per sweep (flat between flips)."""
    deltas = np.zeros(len(sweep_flips) * n)
    for k, (pos, dE) in enumerate(sweep_flips):
        if pos:
            deltas[k * n + np.asarray(pos)] = dE
    return np.concatenate(([E0], E0 + np.cumsum(deltas)))


def _recall_sync(W, s, theta, temps, max_sweeps, rng, quench) -> Recall:
    """Synchronous recall: parallel steps at ``temps`` (Little dynamics), then (``quench``)
    zero-temperature steps until a fixed point or a 2-cycle (at most ``max_sweeps``)."""
    energies = [energy_from_field(s, W @ s - theta, theta)]
    steps = 0
    # stochastic parallel steps (Little dynamics) first, if any
    for Tk in temps:
        h = W @ s - theta
        if Tk > 0:
            z = logistic_thresholds(float(Tk), s.size, rng)
            s = np.where(s * (h - z) < 0.0, -s, s)
        else:
            s = np.where(s * h < -ZERO_FIELD_TOL, -s, s)
        steps += 1
        energies.append(_energy(W, s, theta))
    if not quench:
        return Recall(s, np.asarray(energies), steps, is_fixed_point(W, s, theta))
    converged = cycle = False
    prev = None
    for _ in range(max_sweeps):
        h = W @ s - theta
        new = np.where(s * h < -ZERO_FIELD_TOL, -s, s)
        steps += 1
        if np.array_equal(new, s):
            energies.append(energies[-1])
            converged = True
            break
        if prev is not None and np.array_equal(new, prev):
            # s -> new == prev -> s: a 2-cycle; report the state we arrived at
            energies.append(_energy(W, new, theta))
            cycle = True
            s = new
            break
        prev, s = s, new
        energies.append(_energy(W, s, theta))
    return Recall(s, np.asarray(energies), steps, converged, cycle)
