"""Boltzmann machine: states, energies, exact distributions, Gibbs sampling, annealing.

The equations and conventions are in the docstring of :mod:`game.sim.boltzmann`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from game.sim import hopfield as hf

#: Largest network whose ``2^n`` states are enumerated (65 536 states, 1 MiB as int8).
MAX_EXACT_UNITS = 16

#: Fields with ``|h| <= ZERO_FIELD_TOL`` count as zero at ``T = 0`` (as in hopfield.py).
ZERO_FIELD_TOL = hf.ZERO_FIELD_TOL

# ----------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------

def _as_weights(W) -> np.ndarray:
    W = np.array(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (n, n), got shape {W.shape}")
    if not np.all(np.isfinite(W)):
        raise ValueError("W must be finite")
    scale = max(1.0, float(np.abs(W).max(initial=0.0)))
    if np.abs(W - W.T).max(initial=0.0) > 1e-9 * scale:
        raise ValueError("W must be symmetric (w_ij = w_ji)")
    if np.abs(np.diag(W)).max(initial=0.0) > 1e-9 * scale:
        raise ValueError("W must have a zero diagonal (no self-connections)")
    W = 0.5 * (W + W.T)
    np.fill_diagonal(W, 0.0)
    return W


def _as_bias(b, n: int) -> np.ndarray:
    if b is None:
        return np.zeros(n)
    v = np.asarray(b, dtype=float)
    v = np.full(n, float(v)) if v.ndim == 0 else v.ravel().copy()
    if v.size != n or not np.all(np.isfinite(v)):
        raise ValueError(f"b must be {n} finite numbers, got {np.asarray(b).shape}")
    return v


def _as_pm1(x, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.size and not np.all(np.abs(a) == 1.0):
        raise ValueError(f"{name} must contain only -1 and +1")
    return a


def _softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """``exp(x) / sum exp(x)`` along ``axis`` after subtracting the maximum (log-sum-exp), so
    nothing overflows; ``-inf`` entries get probability 0.  (scipy's logsumexp costs ~100 us
    a call, more than a whole exact epoch of a small net.)"""
    e = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _check_exact(n: int) -> None:
    if n > MAX_EXACT_UNITS:
        raise ValueError(f"exact enumeration needs n <= {MAX_EXACT_UNITS} units (2^n states), got n = {n}; "
                         "use gibbs() or method='sampled' for larger networks")


def _positive_T(T) -> float:
    t = float(T)
    if not np.isfinite(t) or t <= 0:
        raise ValueError(f"T must be a finite temperature > 0, got {T!r}")
    return t


def _as_clamp(clamp, n: int) -> np.ndarray:
    """``clamp``: None or n values in {-1, 0, +1}; 0 = free, ±1 = held at that value."""
    if clamp is None:
        return np.zeros(n)
    c = np.asarray(clamp, dtype=float).ravel()
    if c.size != n or not np.all(np.isin(c, (-1.0, 0.0, 1.0))):
        raise ValueError(f"clamp must be {n} values in {{-1, 0, +1}} (0 = free)")
    return c


# ----------------------------------------------------------------------------
# enumeration and exact distributions
# ----------------------------------------------------------------------------

@lru_cache(maxsize=MAX_EXACT_UNITS + 1)
def _states(n: int) -> np.ndarray:
    k = np.arange(2 ** n, dtype=np.int64)[:, None]
    bits = (k >> np.arange(n - 1, -1, -1, dtype=np.int64)) & 1   # unit 0 = most significant
    S = (2 * bits - 1).astype(np.int8)
    S.flags.writeable = False
    return S


@lru_cache(maxsize=4)
def _fstates(n: int) -> np.ndarray:
    S = _states(n).astype(float)
    S.flags.writeable = False
    return S


def states(n: int) -> np.ndarray:
    """All ``2^n`` states, in the order of ``itertools.product([-1, 1], repeat=n)``.

    Parameters
    ----------
    n : int
        Units, ``0 <= n <= MAX_EXACT_UNITS``.

    Returns
    -------
    ndarray of int8, shape (2^n, n)
        Read-only (cached); row ``k`` has ``s_i = +1`` where bit ``n-1-i`` of
        ``k`` is 1.

    Examples
    --------
    >>> states(2).tolist()
    [[-1, -1], [-1, 1], [1, -1], [1, 1]]
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    _check_exact(n)
    return _states(n)


def state_index(S) -> np.ndarray | int:
    """Index of each ±1 row of ``S`` in :func:`states` (the inverse of ``states(n)[k]``).

    Examples
    --------
    >>> state_index([1, -1, 1])
    5
    """
    a = _as_pm1(S, "S")
    n = a.shape[-1]
    w = 2 ** np.arange(n - 1, -1, -1, dtype=np.int64)
    idx = ((a > 0).astype(np.int64) * w).sum(axis=-1)
    return int(idx) if a.ndim == 1 else idx


def energies(W, b, S) -> np.ndarray:
    """Energy ``E(s) = -1/2 s^T W s - b^T s`` of each row of ``S``.

    Parameters
    ----------
    W : array_like, shape (n, n)
        Symmetric, zero diagonal.
    b : array_like, shape (n,) or None
    S : array_like, shape (..., n)
        States of ±1.

    Returns
    -------
    ndarray, shape S.shape[:-1]
    """
    W = _as_weights(W)
    return _energies(W, _as_bias(b, W.shape[0]), np.asarray(S, dtype=float))


def _energies(W: np.ndarray, b: np.ndarray, X: np.ndarray) -> np.ndarray:
    return -0.5 * np.einsum("...i,...i->...", X @ W, X) - X @ b


def exact_distribution(W, b=None, T: float = 1.0, clamp=None) -> np.ndarray:
    """Boltzmann distribution ``p(s) = exp(-E(s)/T) / Z`` over ``states(n)``.

    Parameters
    ----------
    W : array_like, shape (n, n)
        Symmetric, zero diagonal, ``n <= MAX_EXACT_UNITS``.
    b : array_like, shape (n,), optional
    T : float
        Temperature, ``> 0``.
    clamp : array_like of {-1, 0, +1}, shape (n,), optional
        Units held at ±1: the result is the distribution conditioned on them
        (zero on states that disagree).

    Returns
    -------
    ndarray, shape (2^n,)
        Sums to 1.  Computed as ``exp(-E/T - logsumexp(-E/T))`` (the largest
        term factored out), so large ``|W|/T`` cannot overflow.

    Examples
    --------
    >>> exact_distribution([[0.0, 1.0], [1.0, 0.0]], T=1.0).round(3).tolist()
    [0.44, 0.06, 0.06, 0.44]
    """
    W = _as_weights(W)
    n = W.shape[0]
    _check_exact(n)
    return _exact(W, _as_bias(b, n), _positive_T(T), _as_clamp(clamp, n))


def _exact(W: np.ndarray, b: np.ndarray, T: float, c: np.ndarray) -> np.ndarray:
    S = _fstates(W.shape[0])
    logits = -_energies(W, b, S) / T
    if np.any(c):
        fixed = c != 0
        logits = np.where(np.all(S[:, fixed] == c[fixed], axis=1), logits, -np.inf)
    return _softmax(logits)


def _states_for(p) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float).ravel()
    n = int(round(np.log2(p.size))) if p.size else -1
    if n < 0 or 2 ** n != p.size:
        raise ValueError(f"a distribution over states(n) has 2^n entries, got {p.size}")
    _check_exact(n)
    return p, _fstates(n)


def marginals(p) -> np.ndarray:
    """Means ``<s_i> = sum_s p(s) s_i`` of a distribution over ``states(n)``, shape (n,)."""
    p, S = _states_for(p)
    return p @ S


def correlations(p) -> np.ndarray:
    """Pairwise ``<s_i s_j> = sum_s p(s) s_i s_j`` over ``states(n)``, shape (n, n), diagonal 1."""
    p, S = _states_for(p)
    return S.T @ (p[:, None] * S)


def empirical_distribution(samples, n: int | None = None) -> np.ndarray:
    """Frequencies of the ±1 rows of ``samples`` (any leading shape) over ``states(n)``."""
    a = _as_pm1(samples, "samples")
    n = a.shape[-1] if n is None else int(n)
    _check_exact(n)
    idx = np.asarray(state_index(a.reshape(-1, n))).ravel()
    counts = np.bincount(idx, minlength=2 ** n).astype(float)
    return counts / max(1, idx.size)


def total_variation(p, q) -> float:
    """Total variation distance ``1/2 sum |p - q|`` in ``[0, 1]``."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q differ in shape: {p.shape} vs {q.shape}")
    return 0.5 * float(np.abs(p - q).sum())


def kl_divergence(p_data, q_model) -> float:
    """``KL(p || q) = sum_s p(s) ln(p(s) / q(s))`` in nats.

    Terms with ``p(s) = 0`` count 0 (``0 ln 0 = 0``, whatever ``q(s)``); a state
    with ``p(s) > 0`` and ``q(s) = 0`` makes the divergence ``+inf`` (the model
    calls impossible something the data contains).  Both arguments must be
    distributions over the same states (non-negative, summing to 1 within
    1e-6).

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5, 0.0, 0.0], [0.25] * 4), 6)  # ln 2
    0.693147
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    p, q = np.asarray(p_data, dtype=float), np.asarray(q_model, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q differ in shape: {p.shape} vs {q.shape}")
    for name, d in (("p_data", p), ("q_model", q)):
        if not np.all(np.isfinite(d)) or np.any(d < 0) or abs(d.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} must be a probability distribution (>= 0, sums to 1)")
    on = p > 0
    if np.any(q[on] == 0):
        return float("inf")
    return float(np.sum(p[on] * (np.log(p[on]) - np.log(q[on]))))


# ----------------------------------------------------------------------------
# Gibbs sampling, annealing, quenching
# ----------------------------------------------------------------------------

def _temperatures(T, n_sweeps: int) -> np.ndarray:
    t = np.asarray(T, dtype=float)
    temps = np.full(n_sweeps, float(t)) if t.ndim == 0 else t.ravel()
    if temps.size != n_sweeps:
        raise ValueError(f"a temperature schedule needs one entry per sweep ({n_sweeps}), got {temps.size}")
    if not np.all(np.isfinite(temps)) or np.any(temps < 0):
        raise ValueError("temperatures must be finite and >= 0")
    return temps


def _start(n: int, s0, n_chains, rng, clamp) -> tuple[np.ndarray, bool]:
    """Chains as a float array of shape (n, chains) (one contiguous row per unit)."""
    single = n_chains is None and (s0 is None or np.ndim(s0) == 1)
    if s0 is None:
        m = 1 if n_chains is None else int(n_chains)
        X = np.where(rng.random((n, m)) < 0.5, -1.0, 1.0)
    else:
        a = _as_pm1(s0, "s0")
        if a.shape[-1] != n:
            raise ValueError(f"s0 has {a.shape[-1]} units but W is {n}x{n}")
        m = (1 if n_chains is None else int(n_chains)) if a.ndim == 1 else a.shape[0]
        if n_chains is not None and int(n_chains) != m:
            raise ValueError(f"s0 has {m} chains but n_chains = {n_chains}")
        X = np.array(np.broadcast_to(a.reshape(-1, n), (m, n)).T, dtype=float)
    if m < 1:
        raise ValueError("need at least one chain")
    fixed = clamp != 0
    X[fixed] = clamp[fixed, None]
    return X, single


def _sweep(W, b, X, free, order, T: float, noise) -> int:
    """One sweep over the free units in ``order``, in place; returns the number of flips.

    ``T > 0``: ``s_i = sign(h_i - z_i)`` with ``z_i = (T/2) L``, ``L ~ Logistic(0, 1)``,
    the same law as ``P(s_i = +1) = 1 / (1 + exp(-2 h_i / T))`` (hopfield.py draws
    Glauber units the same way).  ``T = 0``: ``sign(h_i)``, keeping ``s_i`` at 0.
    """
    if X.shape[1] == 1:
        return _sweep_one(W, b, X, free, order, T, noise)
    flips = 0
    for i in order:
        if not free[i]:
            continue
        h = W[i] @ X + b[i]
        if T > 0:
            new = np.where(h > (0.5 * T) * noise[i], 1.0, -1.0)
        else:
            new = np.where(h > ZERO_FIELD_TOL, 1.0, np.where(h < -ZERO_FIELD_TOL, -1.0, X[i]))
        flips += int(np.count_nonzero(new != X[i]))
        X[i] = new
    return flips


def _sweep_one(W, b, X, free, order, T: float, noise) -> int:
    """:func:`_sweep` for a single chain with Python floats (numpy calls on one-element
    arrays cost more than the arithmetic).  The fields are kept and updated by one row of
    ``W`` per flip; the same random numbers give the same law."""
    x = X[:, 0]
    h = W @ x + b
    z = None if T == 0 else ((0.5 * T) * noise[:, 0]).tolist()
    flips = 0
    for i in (order.tolist() if isinstance(order, np.ndarray) else order):
        if not free[i]:
            continue
        hi, si = h.item(i), x.item(i)
        if z is not None:
            new = 1.0 if hi > z[i] else -1.0
        else:
            new = 1.0 if hi > ZERO_FIELD_TOL else (-1.0 if hi < -ZERO_FIELD_TOL else si)
        if new != si:
            x[i] = new
            h += (new - si) * W[i]          # W symmetric: row i is column i
            flips += 1
    return flips


def gibbs(W, b, T, n_sweeps: int, rng: np.random.Generator, s0=None, n_chains: int | None = None,
          clamp=None, order: str = "random") -> np.ndarray:
    """Gibbs sampling at temperature ``T`` (or along a schedule), vectorised over chains.

    Each sweep visits every free unit once and redraws it from
    ``P(s_i = +1 | rest) = 1 / (1 + exp(-2 h_i / T))``, ``h_i = sum_j w_ij s_j + b_i``.
    All chains share the visiting order of a sweep and are otherwise independent.

    Parameters
    ----------
    W : array_like, shape (n, n)
        Symmetric, zero diagonal.
    b : array_like, shape (n,) or None
    T : float or array_like, shape (n_sweeps,)
        Temperature ``>= 0``; an array gives one temperature per sweep
        (annealing, e.g. ``hopfield.anneal_schedule``).  ``T = 0`` sweeps are the
        deterministic Hopfield rule.
    n_sweeps : int
    rng : numpy.random.Generator
    s0 : array_like, shape (n,) or (chains, n), optional
        Start state(s); uniformly random when omitted.
    n_chains : int, optional
        Independent chains.  When omitted and ``s0`` is None or one state, one
        chain runs and the result has no chain axis.
    clamp : array_like of {-1, 0, +1}, shape (n,), optional
        Units held at ±1 (0 = free); they override ``s0``.
    order : {"random", "sequential"}
        A fresh random permutation per sweep, or units ``0..n-1`` in turn.

    Returns
    -------
    ndarray of int8, shape (n_sweeps, n) or (n_sweeps, chains, n)
        The state after each sweep.

    Examples
    --------
    >>> S = gibbs([[0.0, 2.0], [2.0, 0.0]], None, 0.5, 100, np.random.default_rng(0))
    >>> S.shape, bool(np.mean(S[:, 0] == S[:, 1]) > 0.9)   # strong coupling: units agree
    ((100, 2), True)
    """
    W = _as_weights(W)
    n = W.shape[0]
    b = _as_bias(b, n)
    n_sweeps = int(n_sweeps)
    if n_sweeps < 0:
        raise ValueError(f"n_sweeps must be >= 0, got {n_sweeps}")
    temps = _temperatures(T, n_sweeps)
    if order not in ("random", "sequential"):
        raise ValueError(f"order must be 'random' or 'sequential', got {order!r}")
    c = _as_clamp(clamp, n)
    X, single = _start(n, s0, n_chains, rng, c)
    free = c == 0
    out = np.empty((n_sweeps, X.shape[1], n), dtype=np.int8)
    for k, Tk in enumerate(temps):
        perm = rng.permutation(n) if order == "random" else range(n)
        noise = rng.logistic(0.0, 1.0, size=X.shape) if Tk > 0 else None
        _sweep(W, b, X, free, perm, float(Tk), noise)
        out[k] = X.T
    return out[:, 0, :] if single else out


class Settled(NamedTuple):
    """Result of :func:`anneal` / :func:`quench`."""

    states: np.ndarray    #: final state(s), int8, shape (n,) or (chains, n)
    energies: np.ndarray  #: their energies, shape () or (chains,)
    sweeps: int           #: sweeps run (schedule plus zero-temperature sweeps)
    settled: bool         #: every chain ended at a zero-temperature fixed point


def anneal(W, b, rng: np.random.Generator, schedule=None, s0=None, n_chains: int | None = None,
           clamp=None, max_quench_sweeps: int = 100) -> Settled:
    """Simulated annealing: Gibbs sweeps along ``schedule``, then quench to a fixed point.

    Parameters
    ----------
    W, b : array_like
        Weights (symmetric, zero diagonal) and biases.
    rng : numpy.random.Generator
    schedule : array_like of float, optional
        One temperature per sweep, e.g. ``hopfield.anneal_schedule(3.0, 0.05, 100)``;
        empty or None is a plain quench.
    s0, n_chains, clamp :
        As in :func:`gibbs`.
    max_quench_sweeps : int
        Cap on the zero-temperature sweeps after the schedule.

    Returns
    -------
    Settled(states, energies, sweeps, settled)
    """
    W = _as_weights(W)
    n = W.shape[0]
    b = _as_bias(b, n)
    temps = np.zeros(0) if schedule is None else np.asarray(schedule, dtype=float).ravel()
    temps = _temperatures(temps, temps.size)
    c = _as_clamp(clamp, n)
    X, single = _start(n, s0, n_chains, rng, c)
    free = c == 0
    for Tk in temps:
        noise = rng.logistic(0.0, 1.0, size=X.shape) if Tk > 0 else None
        _sweep(W, b, X, free, rng.permutation(n), float(Tk), noise)
    sweeps, settled = temps.size, False
    for _ in range(int(max_quench_sweeps)):
        sweeps += 1
        if _sweep(W, b, X, free, rng.permutation(n), 0.0, None) == 0:
            settled = True
            break
    S = X.T.astype(np.int8)
    E = energies(W, b, S)
    return Settled(S[0], E[0], sweeps, settled) if single else Settled(S, E, sweeps, settled)


def quench(W, b, rng: np.random.Generator, s0=None, n_chains: int | None = None, clamp=None,
           max_sweeps: int = 100) -> Settled:
    """Zero-temperature asynchronous dynamics until no unit changes (a local minimum of E).

    The same as :func:`anneal` with an empty schedule; from a random start when
    ``s0`` is omitted.
    """
    return anneal(W, b, rng, None, s0, n_chains, clamp, max_sweeps)


class GroundStates(NamedTuple):
    """Result of :func:`ground_states`."""

    states: np.ndarray   #: every state of minimum energy, int8, shape (k, n)
    energy: float        #: the minimum energy
    index: np.ndarray    #: their indices in ``states(n)``


def ground_states(W, b=None, tol: float = 1e-9) -> GroundStates:
    """All minimum-energy states by enumeration (``n <= MAX_EXACT_UNITS``).

    States within ``tol * max(1, |E_min|)`` of the minimum count as ground states
    (with ``b = 0``, ``s`` and ``-s`` always tie).

    Examples
    --------
    >>> g = ground_states([[0.0, -1.0], [-1.0, 0.0]])   # antiferromagnetic pair
    >>> g.states.tolist(), g.energy
    ([[-1, 1], [1, -1]], -1.0)
    """
    W = _as_weights(W)
    _check_exact(W.shape[0])
    S = states(W.shape[0])
    E = energies(W, b, S)
    e0 = float(E.min())
    idx = np.flatnonzero(E <= e0 + tol * max(1.0, abs(e0)))
    return GroundStates(S[idx], e0, idx)


# ----------------------------------------------------------------------------
# data sets
