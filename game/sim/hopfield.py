r"""Hopfield network: content-addressable memory, energy, Glauber dynamics.

A network of :math:`N` binary units :math:`s_i = \pm 1` with symmetric
weights :math:`w_{ij} = w_{ji}`, :math:`w_{ii} = 0`, and thresholds
:math:`\theta_i` (Hopfield 1982).  All quantities are dimensionless.

Local field and deterministic (zero-temperature) update::

    h_i = sum_j w_ij s_j - theta_i
    s_i <- sign(h_i),   with sign(0) := s_i  (a unit with zero field keeps its state)

Energy (a Lyapunov function of the asynchronous dynamics)::

    E(s) = -1/2 sum_ij w_ij s_i s_j + sum_i theta_i s_i = -1/2 s^T W s + theta^T s

Flipping unit ``i`` changes the energy by ``dE = 2 s_i h_i - 2 w_ii`` (``s_i``
and ``h_i`` taken before the flip), so with ``w_ii = 0`` a unit flips only
when ``s_i h_i < 0`` and every asynchronous flip lowers ``E`` strictly.
Keeping the state at ``h_i = 0`` (instead of choosing +1) is what makes
``E`` non-increasing even when fields vanish exactly (Hebbian weights are
multiples of ``1/N``, so ``h_i = 0`` does happen).  Fields with
``|h_i| <= ZERO_FIELD_TOL`` count as zero, so that round-off in the
incrementally updated field cannot flip a unit back and forth.

Stochastic (Glauber / Boltzmann-machine) units at temperature ``T > 0``::

    P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)) = (1 + tanh(h_i / T)) / 2

Sampling this is the same as ``s_i <- sign(h_i - z_i)`` with logistic noise
``z_i = (T/2) L``, ``L ~ Logistic(0, 1)``; the sweeps use that form so that the
deterministic and stochastic dynamics share one code path.

Learning rules, for ``P`` patterns ``xi^mu`` stacked as the rows of ``X``
(shape ``(P, N)``), all with the diagonal set to zero:

* Hebbian:  ``W = (1/N) sum_mu xi^mu xi^mu^T``.  Random patterns are
  retrieved up to a load ``alpha = P/N ~ 0.138`` (Amit, Gutfreund &
  Sompolinsky 1985); beyond it the retrieval states disappear.
* Storkey (1997): ``w_ij += (xi_i xi_j - xi_i h_ji - h_ij xi_j) / N`` with
  ``h_ij = sum_{k != i, j} w_ik xi_k``, one pattern at a time; local,
  incremental and of higher capacity than Hebbian.
* Pseudo-inverse (projection rule, Personnaz, Guyon & Dreyfus 1985;
  Kanter & Sompolinsky 1987): ``W = X^+ X``, the orthogonal projector on
  the span of the patterns; every pattern is a fixed point for ``P < N``
  even when patterns are correlated (letters!).

Overlap (order parameter) ``m_mu = (1/N) sum_i s_i xi_i^mu`` in ``[-1, 1]``.

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
.. [2] D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of
   patterns in a spin-glass model of neural networks", Phys. Rev. Lett. 55,
   1530-1533 (1985); "Spin-glass models of neural networks", Phys. Rev. A 32,
   1007-1018 (1985) (mixture states and their temperatures).
.. [3] A. J. Storkey, "Increasing the capacity of a Hopfield network without
   sacrificing functionality", ICANN'97, LNCS 1327, 451-456 (1997).
.. [4] L. Personnaz, I. Guyon, G. Dreyfus, "Information storage and retrieval
   in spin-glass like neural networks", J. Physique Lett. 46, L359 (1985).
.. [5] R. J. Glauber, "Time-dependent statistics of the Ising model",
   J. Math. Phys. 4, 294 (1963).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple, Sequence

import numpy as np

__all__ = [
    "CRITICAL_LOAD",
    "ZERO_FIELD_TOL",
    "Recall",
    "UnitStep",
    "UnitUpdate",
    "Chunk",
    "CapacityCurve",
    "RecallAnimator",
    "random_patterns",
    "hebbian",
    "storkey",
    "pseudo_inverse",
    "RULES",
    "learn",
    "local_field",
    "energy",
    "overlap",
    "overlaps",
    "corrupt",
    "occlude",
    "is_fixed_point",
    "async_sweep",
    "sync_step",
    "step_unit",
    "glauber_probability",
    "glauber_sweep",
    "anneal_schedule",
    "recall",
    "classify_state",
    "mixture_state",
    "mixture_components",
    "is_mixture",
    "capacity_curve",
]

#: Storage capacity of the Hebbian rule for random patterns, ``P/N`` (AGS 1985).
CRITICAL_LOAD = 0.138

#: Fields with ``|h| <= ZERO_FIELD_TOL`` are treated as exactly zero (sign(0) keeps
#: the state).  Weights from the rules here are ``O(1/N)`` to ``O(1)``, so genuine
#: fields are many orders of magnitude larger than this.
ZERO_FIELD_TOL = 1e-10


# ----------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------

def _as_patterns(patterns) -> np.ndarray:
    X = np.asarray(patterns, dtype=float)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"patterns must have shape (P, N) with N >= 1, got {X.shape}")
    if not np.all(np.abs(X) == 1.0):
        raise ValueError("patterns must contain only -1 and +1")
    return X


def _as_state(s, n: int | None = None, name: str = "s") -> np.ndarray:
    x = np.array(s, dtype=float).ravel()  # always a copy
    if n is not None and x.size != n:
        raise ValueError(f"{name} has {x.size} units but W is {n}x{n}")
    if not np.all(np.abs(x) == 1.0):
        raise ValueError(f"{name} must contain only -1 and +1")
    return x


def _as_weights(W) -> np.ndarray:
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (N, N), got shape {W.shape}")
    return W


def _as_theta(theta, n: int) -> np.ndarray:
    if theta is None:
        return np.zeros(n)
    t = np.asarray(theta, dtype=float)
    if t.ndim == 0:
        return np.full(n, float(t))
    t = t.ravel()
    if t.size != n:
        raise ValueError(f"theta has {t.size} entries but the network has {n} units")
    return t


def _check_temperature(temperature: float, name: str = "temperature") -> float:
    T = float(temperature)
    if not np.isfinite(T) or T < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {temperature!r}")
    return T


def _energy_from_field(s: np.ndarray, h: np.ndarray, theta: np.ndarray) -> float:
    # W s = h + theta  =>  E = -1/2 s.(h + theta) + theta.s = -1/2 s.h + 1/2 theta.s
    return float(-0.5 * (s @ h) + 0.5 * (theta @ s))


# ----------------------------------------------------------------------------
# patterns and learning rules
# ----------------------------------------------------------------------------

def random_patterns(P: int, N: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``P`` independent unbiased random patterns of ``N`` units.

    Parameters
    ----------
    P, N : int
        Number of patterns and of units.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (P, N), float
        Entries ``+1`` or ``-1`` with probability 1/2 each.

    Examples
    --------
    >>> X = random_patterns(3, 100, np.random.default_rng(0))
    >>> X.shape
    (3, 100)
    """
    if P < 0 or N < 1:
        raise ValueError(f"need P >= 0 and N >= 1, got P={P}, N={N}")
    return np.where(rng.random((int(P), int(N))) < 0.5, -1.0, 1.0)


def hebbian(patterns) -> np.ndarray:
    """Hebbian (outer-product) weights ``W = (1/N) sum_mu xi xi^T``, zero diagonal.

    Parameters
    ----------
    patterns : array_like, shape (P, N) or (N,)
        Patterns of ``+1``/``-1``.

    Returns
    -------
    W : ndarray, shape (N, N), float
        Symmetric, ``w_ii = 0``, entries multiples of ``1/N``.

    References
    ----------
    Hopfield (1982); capacity ``P/N ~ 0.138`` for random patterns (Amit,
    Gutfreund & Sompolinsky 1985).

    Examples
    --------
    >>> W = hebbian([[1, -1, 1]])
    >>> float(W[0, 1]), float(W[0, 0])
    (-0.3333333333333333, 0.0)
    """
    X = _as_patterns(patterns)
    N = X.shape[1]
    W = (X.T @ X) / N
    np.fill_diagonal(W, 0.0)
    return W


def storkey(patterns) -> np.ndarray:
    """Storkey (1997) incremental learning rule, zero diagonal.

    For each pattern ``xi`` in turn::

        h_ij = sum_{k != i, j} w_ik xi_k
        w_ij += (xi_i xi_j - xi_i h_ji - h_ij xi_j) / N

    The diagonal is kept at zero throughout (the usual Hopfield convention).

    Parameters
    ----------
    patterns : array_like, shape (P, N)
        Patterns of ``+1``/``-1``, learned in row order.

    Returns
    -------
    W : ndarray, shape (N, N)
        Symmetric, zero diagonal.

    References
    ----------
    A. J. Storkey, ICANN'97 (1997).  Capacity grows like ``N / sqrt(2 ln N)``
    rather than Hebbian's ``N / (2 ln N)`` for perfect recall.
    """
    X = _as_patterns(patterns)
    N = X.shape[1]
    W = np.zeros((N, N))
    for xi in X:
        net = W @ xi  # sum_k w_ik xi_k; k = i drops out since w_ii = 0
        # h_ij = net_i - w_ij xi_j, and xi_j^2 = 1, so the rule is the rank-2 update
        # w_ij += (xi_i xi_j - xi_i net_j - net_i xi_j + 2 w_ij) / N
        W *= 1.0 + 2.0 / N
        W += (np.outer(xi, xi - net) - np.outer(net, xi)) / N
        np.fill_diagonal(W, 0.0)
    return 0.5 * (W + W.T)


def pseudo_inverse(patterns) -> np.ndarray:
    """Pseudo-inverse (projection) rule ``W = X^+ X``, zero diagonal.

    ``X^+ X`` is the orthogonal projector on the span of the patterns, so
    ``W xi = xi`` for every stored pattern; removing the diagonal scales unit
    ``i``'s field by ``1 - C_ii > 0`` (``C_ii ~ P/N``), which keeps every pattern a
    fixed point for ``P < N``.  Basins shrink as ``P/N -> 1``; in practice
    recall from small noise works up to about ``P/N ~ 0.5``.  Correlated
    patterns (letters, digits) are handled as well as random ones.

    Parameters
    ----------
    patterns : array_like, shape (P, N)

    Returns
    -------
    W : ndarray, shape (N, N)
        Symmetric, zero diagonal.

    References
    ----------
    Personnaz, Guyon & Dreyfus (1985); Kanter & Sompolinsky, Phys. Rev. A 35,
    380 (1987).
    """
    X = _as_patterns(patterns)
    W = np.linalg.pinv(X) @ X
    W = 0.5 * (W + W.T)
    np.fill_diagonal(W, 0.0)
    return W


#: Learning rules by name, for level files and ``capacity_curve``.
RULES = {"hebbian": hebbian, "storkey": storkey, "pseudo_inverse": pseudo_inverse}


def learn(patterns, rule: str = "hebbian") -> np.ndarray:
    """Weights from ``patterns`` with the rule named ``rule`` (a key of :data:`RULES`)."""
    try:
        fn = RULES[rule]
    except KeyError:
        raise ValueError(f"unknown learning rule {rule!r}; choose one of {sorted(RULES)}") from None
    return fn(patterns)


# ----------------------------------------------------------------------------
# observables
# ----------------------------------------------------------------------------

def local_field(W, s, theta=None) -> np.ndarray:
    """Local fields ``h = W s - theta``, shape (N,)."""
    W = _as_weights(W)
    s = np.asarray(s, dtype=float).ravel()
    return W @ s - _as_theta(theta, W.shape[0])


def energy(W, s, theta=None) -> float:
    """Hopfield energy ``E = -1/2 s^T W s + theta^T s`` (dimensionless).

    Parameters
    ----------
    W : array_like, shape (N, N)
    s : array_like, shape (N,)
        State of ``+1``/``-1`` (any real vector is accepted).
    theta : array_like, shape (N,) or float, optional
        Thresholds; zero when omitted.

    Returns
    -------
    float

    Examples
    --------
    >>> xi = np.array([1.0, -1.0, 1.0, 1.0])
    >>> energy(hebbian(xi), xi)  # -1/2 * (N - 1) for one stored pattern
    -1.5
    """
    W = _as_weights(W)
    s = np.asarray(s, dtype=float).ravel()
    theta = _as_theta(theta, W.shape[0])
    return float(-0.5 * (s @ (W @ s)) + theta @ s)


_energy = energy  # step_unit's ``energy`` argument shadows the function


def overlap(s, xi) -> float:
    """Overlap ``m = (1/N) sum_i s_i xi_i`` in ``[-1, 1]`` (1: identical, -1: inverse)."""
    s = np.asarray(s, dtype=float).ravel()
    xi = np.asarray(xi, dtype=float).ravel()
    if s.size != xi.size:
        raise ValueError(f"s has {s.size} units but xi has {xi.size}")
    return float(s @ xi) / s.size


def overlaps(s, patterns) -> np.ndarray:
    """Overlaps ``m_mu`` of state ``s`` with each row of ``patterns``, shape (P,)."""
    X = np.atleast_2d(np.asarray(patterns, dtype=float))
    s = np.asarray(s, dtype=float).ravel()
    if X.shape[1] != s.size:
        raise ValueError(f"s has {s.size} units but patterns have {X.shape[1]}")
    return (X @ s) / s.size


def corrupt(xi, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Copy of ``xi`` with exactly ``round(fraction * N)`` units flipped.

    Parameters
    ----------
    xi : array_like, shape (N,)
        Pattern of ``+1``/``-1``.
    fraction : float
        Fraction of units to flip, in ``[0, 1]``; the count is Python's
        ``round(fraction * N)`` (ties to even).
    rng : numpy.random.Generator
        Chooses which units flip (without replacement).

    Returns
    -------
    ndarray, shape (N,), float
        ``overlap(result, xi) == 1 - 2 * round(fraction * N) / N``.
    """
    s = _as_state(xi, name="xi")
    fraction = float(fraction)
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be in [0, 1], got {fraction}")
    k = int(round(fraction * s.size))
    idx = rng.choice(s.size, size=k, replace=False)
    s[idx] *= -1.0
    return s


def occlude(xi, mask, value: float = -1) -> np.ndarray:
    """Copy of ``xi`` with the units under ``mask`` set to ``value``.

    Parameters
    ----------
    xi : array_like, shape (N,)
    mask : array_like of bool, shape (N,) or any shape with N elements
        (e.g. the (h, w) grid); ``True`` marks occluded units.
    value : {-1, +1}
        What occluded units show (``-1`` is the background colour).

    Returns
    -------
    ndarray, shape (N,), float
    """
    s = _as_state(xi, name="xi")
    m = np.asarray(mask, dtype=bool).ravel()
    if m.size != s.size:
        raise ValueError(f"mask has {m.size} entries but xi has {s.size}")
    if value not in (-1, 1):
        raise ValueError(f"value must be -1 or +1, got {value!r}")
    s[m] = float(value)
    return s


def is_fixed_point(W, s, theta=None) -> bool:
    """True when no unit would change under the zero-temperature update."""
    h = local_field(W, s, theta)
    s = np.asarray(s, dtype=float).ravel()
    return bool(np.all(s * h >= -ZERO_FIELD_TOL))


# ----------------------------------------------------------------------------
# dynamics
# ----------------------------------------------------------------------------

def _sweep_inplace(W, s, h, order, z, tol=ZERO_FIELD_TOL):
    """Visit the units in ``order`` once, flipping in place (see module docstring).

    ``s`` and ``h`` (= W s - theta) are updated in place.  ``z`` is the per-unit
    threshold noise for this sweep (``None`` at zero temperature).  Returns the
    positions in ``order`` at which units flipped and the energy change of each
    flip.
    """
    n = order.size
    if n >= 64:
        # many flips: a scalar pass over the units costs ~0.4 us a unit and ~2.5 us a
        # flip, the vectorised search below ~10 us a flip; same arithmetic, same result
        if z is None:
            likely = np.count_nonzero((s * h < -tol)[order])
        else:
            likely = np.count_nonzero((s * (h - z) < 0.0)[order])
        if likely * 16 > n:
            return _sweep_scalar(W, s, h, order, z, tol)
    pos = 0
    positions: list[int] = []
    changes: list[float] = []
    while pos < n:
        rest = order[pos:]
        if z is None:
            unstable = (s * h < -tol)[rest]
        else:
            unstable = (s * (h - z) < 0.0)[rest]
        k = int(unstable.argmax())
        if not unstable[k]:
            break
        p = pos + k
        i = int(order[p])
        si = s[i]
        changes.append(2.0 * si * h[i] - 2.0 * W[i, i])
        s[i] = -si
        # W symmetric: row i is column i, and rows are contiguous in memory.
        h += (-2.0 * si) * W[i]
        positions.append(p)
        pos = p + 1
    return positions, changes


def _sweep_scalar(W, s, h, order, z, tol=ZERO_FIELD_TOL):
    """:func:`_sweep_inplace` one unit at a time in Python floats (faster when many flip).

    The tests and the updates are the same floating-point operations as the
    vectorised version (``h += (-2 s_i) W_i`` row by row), so the two agree
    bit for bit.
    """
    positions: list[int] = []
    changes: list[float] = []
    h_item, s_item = h.item, s.item
    row = np.empty_like(h)
    mul = np.multiply
    zl = None if z is None else z.tolist()
    for p, i in enumerate(order.tolist()):
        si = s_item(i)
        hi = h_item(i)
        if (si * hi < -tol) if zl is None else (si * (hi - zl[i]) < 0.0):
            changes.append(2.0 * si * hi - 2.0 * W[i, i])
            s[i] = -si
            mul(W[i], -2.0 * si, out=row)
            h += row
            positions.append(p)
    return positions, changes


def _order_for(rng_or_order, n: int) -> np.ndarray:
    if isinstance(rng_or_order, np.random.Generator):
        return rng_or_order.permutation(n)
    order = np.asarray(rng_or_order, dtype=np.intp).ravel()
    if order.size == 0 or order.min() < 0 or order.max() >= n:
        raise ValueError(f"order must index units 0..{n - 1}")
    return order


def _logistic_thresholds(T: float, n: int, rng: np.random.Generator) -> np.ndarray:
    # P(h > (T/2) L) = 1 / (1 + exp(-2h/T)) for L ~ Logistic(0, 1)
    return (0.5 * T) * rng.logistic(0.0, 1.0, size=n)


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
    W = _as_weights(W)
    n = W.shape[0]
    s = _as_state(s, n)
    theta = _as_theta(theta, n)
    h = W @ s - theta
    _sweep_inplace(W, s, h, _order_for(rng_or_order, n), None)
    return s


def sync_step(W, s, theta=None) -> np.ndarray:
    """Synchronous (parallel) update ``s <- sign(W s - theta)``, sign(0) keeping ``s_i``.

    All units update at once from the same old state.  The energy may rise,
    and the dynamics can end in a 2-cycle (``s -> s' -> s``) as well as in a
    fixed point.

    Returns
    -------
    ndarray, shape (N,)
    """
    W = _as_weights(W)
    n = W.shape[0]
    s = _as_state(s, n)
    h = W @ s - _as_theta(theta, n)
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
    T = _check_temperature(temperature)
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
    T = _check_temperature(temperature)
    i = int(i)
    n = W.shape[0]
    th = 0.0 if theta is None else float(_as_theta(theta, n)[i])
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
    W = _as_weights(W)
    n = W.shape[0]
    s = _as_state(s, n)
    T = _check_temperature(temperature)
    h = W @ s - _as_theta(theta, n)
    order = rng.permutation(n) if order is None else _order_for(order, n)
    z = None if T == 0.0 else _logistic_thresholds(T, n, rng)
    _sweep_inplace(W, s, h, order, z)
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
    >>> rng = np.random.default_rng(1)
    >>> X = random_patterns(5, 200, rng)
    >>> r = recall(hebbian(X), corrupt(X[0], 0.1, rng), rng)
    >>> r.converged, overlap(r.state, X[0])
    (True, 1.0)
    """
    W = _as_weights(W)
    n = W.shape[0]
    s = _as_state(s0, n, "s0")
    theta = _as_theta(theta, n)
    T = _check_temperature(temperature)
    max_sweeps = int(max_sweeps)
    if max_sweeps < 1:
        raise ValueError(f"max_sweeps must be >= 1, got {max_sweeps}")
    if schedule is not None:
        temps = np.asarray(schedule, dtype=float).ravel()
        if temps.size == 0 or not np.all(np.isfinite(temps)) or np.any(temps < 0):
            raise ValueError("schedule must be a non-empty list of temperatures >= 0")
    elif T > 0:
        temps = np.full(max_sweeps, T)
    else:
        temps = np.zeros(0)
    needs_rng = bool(np.any(temps > 0)) or (mode == "async" and order is None)
    if needs_rng and rng is None:
        raise ValueError("recall needs rng for a random update order or temperature > 0")
    if mode == "sync":
        return _recall_sync(W, s, theta, temps, max_sweeps, rng,
                            quench=schedule is not None or T == 0.0)
    if mode != "async":
        raise ValueError(f"mode must be 'async' or 'sync', got {mode!r}")

    fixed_order = None if order is None else _order_for(order, n)
    h = W @ s - theta
    E0 = _energy_from_field(s, h, theta)
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
        z = None if Tk == 0.0 else _logistic_thresholds(Tk, n, rng)
        pos, dE = _sweep_inplace(W, s, h, ord_, z)
        sweep_flips.append((pos, dE))
        since_refresh += len(pos)
        return len(pos)

    for Tk in temps:
        one_sweep(float(Tk))
    converged = False
    if schedule is not None or T == 0.0:
        for _ in range(max_sweeps):
            if one_sweep(0.0) == 0:
                converged = True
                break
    else:
        converged = is_fixed_point(W, s, theta)

    n_sweeps = len(sweep_flips)
    deltas = np.zeros(n_sweeps * n)
    for k, (pos, dE) in enumerate(sweep_flips):
        if pos:
            deltas[k * n + np.asarray(pos)] = dE
    energies = np.concatenate(([E0], E0 + np.cumsum(deltas)))
    return Recall(s, energies, n_sweeps, converged)


def _recall_sync(W, s, theta, temps, max_sweeps, rng, quench) -> Recall:
    energies = [_energy_from_field(s, W @ s - theta, theta)]
    steps = 0
    # stochastic parallel steps (Little dynamics) first, if any
    for Tk in temps:
        h = W @ s - theta
        if Tk > 0:
            z = _logistic_thresholds(float(Tk), s.size, rng)
            s = np.where(s * (h - z) < 0.0, -s, s)
        else:
            s = np.where(s * h < -ZERO_FIELD_TOL, -s, s)
        steps += 1
        energies.append(energy(W, s, theta))
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
            energies.append(energy(W, new, theta))
            cycle = True
            s = new
            break
        prev, s = s, new
        energies.append(energy(W, s, theta))
    return Recall(s, np.asarray(energies), steps, converged, cycle)


# ----------------------------------------------------------------------------
# unit-by-unit animation
# ----------------------------------------------------------------------------

class UnitUpdate(NamedTuple):
    """One unit visited by :class:`RecallAnimator`: which, whether it flipped, energy after."""

    index: int
    flipped: bool
    energy: float


class Chunk(NamedTuple):
    """Several consecutive unit updates from :meth:`RecallAnimator.advance`.

    ``units[k]`` was visited k-th, ``flipped[k]`` says whether it changed and
    ``energies[k]`` is the energy right after (all arrays of equal length).
    """

    units: np.ndarray
    flipped: np.ndarray
    energies: np.ndarray


class RecallAnimator:
    """Asynchronous recall that advances one unit (or a few) at a time, for the view.

    It runs the same dynamics as :func:`recall` (same sweep code, same random
    stream use per sweep), but can stop anywhere inside a sweep so the view
    can highlight :attr:`current_unit`, draw the energy falling update by
    update, and offer "step one neuron" / "step sweep" buttons.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Symmetric weights, zero diagonal.
    s0 : array_like, shape (N,)
        Start state (copied).
    rng : numpy.random.Generator, optional
        Random order per sweep and Glauber noise; required unless ``order``
        is given and the temperature stays 0.
    temperature : float, default 0
        Constant temperature (settable between frames through
        :attr:`temperature`; takes effect for the rest of the current sweep).
    theta : array_like, optional
        Thresholds.
    schedule : array_like of float, optional
        Annealing temperatures, one per sweep; afterwards ``T = 0``.
    order : array_like of int, optional
        Fixed update order (length N) used for every sweep.

    Attributes
    ----------
    state : ndarray, shape (N,)
        Current state (the view reads it; do not modify).
    field : ndarray, shape (N,)
        Current local fields ``W s - theta``.
    energy : float
        Current energy.
    sweeps : int
        Completed sweeps.
    position : int
        Units already visited in the current sweep.
    converged : bool
        A whole zero-temperature sweep changed nothing.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = random_patterns(3, 64, rng)
    >>> anim = RecallAnimator(hebbian(X), corrupt(X[1], 0.2, rng), rng)
    >>> first = anim.step()          # one neuron: UnitUpdate(index, flipped, energy)
    >>> updates = list(anim)         # ... or iterate to convergence
    >>> anim.converged, overlap(anim.state, X[1])
    (True, 1.0)
    """

    def __init__(self, W, s0, rng: np.random.Generator | None = None, *,
                 temperature: float = 0.0, theta=None, schedule=None, order=None):
        self.W = _as_weights(W)
        n = self.W.shape[0]
        self.n = n
        self.theta = _as_theta(theta, n)
        self.state = _as_state(s0, n, "s0")
        self._T = _check_temperature(temperature)
        self.schedule = None if schedule is None else np.asarray(schedule, dtype=float).ravel()
        if self.schedule is not None and (np.any(self.schedule < 0) or not np.all(np.isfinite(self.schedule))):
            raise ValueError("schedule temperatures must be finite and >= 0")
        self._fixed_order = None if order is None else _order_for(order, n)
        if self._fixed_order is not None and self._fixed_order.size != n:
            raise ValueError(f"order must have {n} entries, got {self._fixed_order.size}")
        if rng is None and (self._fixed_order is None or self._T > 0 or
                            (self.schedule is not None and np.any(self.schedule > 0))):
            raise ValueError("RecallAnimator needs rng for a random order or temperature > 0")
        self.rng = rng
        self.sweeps = 0
        self.position = 0
        self.converged = False
        self._flips_this_sweep = 0
        self._since_refresh = 0
        self.field: np.ndarray | None = None
        self.energy = 0.0
        self._start_sweep()

    # -- temperature -----------------------------------------------------
    def sweep_temperature(self, k: int | None = None) -> float:
        """Temperature of sweep ``k`` (default: the current one)."""
        k = self.sweeps if k is None else k
        if self.schedule is not None:
            return float(self.schedule[k]) if k < self.schedule.size else 0.0
        return self._T

    @property
    def temperature(self) -> float:
        """Temperature of the current sweep (setting it only acts without a schedule)."""
        return self._sweep_T

    @temperature.setter
    def temperature(self, value: float) -> None:
        self._T = _check_temperature(value)
        if self.schedule is None:
            self._sweep_T = self._T
            self._z = None if self._T == 0 else _logistic_thresholds(self._T, self.n, self._need_rng())
            if self._T > 0:
                self.converged = False

    def _need_rng(self) -> np.random.Generator:
        if self.rng is None:
            raise ValueError("temperature > 0 needs an rng")
        return self.rng

    # -- stepping --------------------------------------------------------
    @property
    def current_unit(self) -> int:
        """Index of the unit the next :meth:`step` will update (highlight it)."""
        return int(self._order[self.position])

    def _start_sweep(self) -> None:
        if self.field is None or self._since_refresh >= self.n:
            # exact fields after N incremental updates: round-off cannot pile up
            self.field = self.W @ self.state - self.theta
            self.energy = _energy_from_field(self.state, self.field, self.theta)
            self._since_refresh = 0
        self._order = (self._fixed_order if self._fixed_order is not None
                       else self._need_rng().permutation(self.n))
        self._sweep_T = self.sweep_temperature()
        self._z = None if self._sweep_T == 0 else _logistic_thresholds(self._sweep_T, self.n, self.rng)
        self._flips_this_sweep = 0

    def advance(self, n_units: int) -> Chunk:
        """Update the next ``n_units`` units (crossing sweep boundaries as needed)."""
        units, flipped, energies = [], [], []
        left = int(n_units)
        while left > 0:
            m = min(left, self.n - self.position)
            seg = self._order[self.position:self.position + m]
            pos, dE = _sweep_inplace(self.W, self.state, self.field, seg, self._z)
            fl = np.zeros(m, dtype=bool)
            d = np.zeros(m)
            if pos:
                fl[pos] = True
                d[pos] = dE
            e = self.energy + np.cumsum(d)
            if pos:
                self.energy = float(e[-1])
            units.append(seg)
            flipped.append(fl)
            energies.append(e)
            self._flips_this_sweep += len(pos)
            self._since_refresh += len(pos)
            self.position += m
            left -= m
            if self.position == self.n:
                if self._sweep_T == 0 and self._flips_this_sweep == 0:
                    self.converged = True
                self.sweeps += 1
                self.position = 0
                self._start_sweep()
        if not units:
            return Chunk(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool), np.zeros(0))
        return Chunk(np.concatenate(units), np.concatenate(flipped), np.concatenate(energies))

    def step(self) -> UnitUpdate:
        """Update one unit ("step one neuron")."""
        c = self.advance(1)
        return UnitUpdate(int(c.units[0]), bool(c.flipped[0]), float(c.energies[0]))

    def sweep(self) -> Chunk:
        """Finish the current sweep ("step sweep"; a whole sweep if at its start)."""
        return self.advance(self.n - self.position)

    def __iter__(self) -> Iterator[UnitUpdate]:
        """Yield :class:`UnitUpdate` one unit at a time until :attr:`converged`.

        At a constant temperature > 0 this never ends; take as many as needed.
        """
        while not self.converged:
            yield self.step()


# ----------------------------------------------------------------------------
# what did it settle on?
# ----------------------------------------------------------------------------

def classify_state(s, patterns, tol: float = 0.95) -> tuple[str, int | None]:
    """Name the state: a stored pattern, the inverse of one, or spurious.

    Parameters
    ----------
    s : array_like, shape (N,)
    patterns : array_like, shape (P, N)
    tol : float, default 0.95
        Overlap needed to count as (the inverse of) a pattern.

    Returns
    -------
    ("pattern", k) if ``m_k >= tol``; ("inverse", k) if ``m_k <= -tol``
    (``-xi`` has the same energy as ``xi``, so it is remembered too);
    otherwise ("spurious", None).  ``k`` maximises ``|m_k|``.
    """
    m = overlaps(s, patterns)
    k = int(np.argmax(np.abs(m)))
    if m[k] >= tol:
        return ("pattern", k)
    if m[k] <= -tol:
        return ("inverse", k)
    return ("spurious", None)


def mixture_state(patterns, indices: Sequence[int], signs: Sequence[int] | None = None) -> np.ndarray:
    """Mixture ``sign(sum_k sign_k xi^{indices_k})`` of an odd number of patterns.

    The symmetric 3-mixture has overlap about 1/2 with each component and is a
    stable spurious state of the Hebbian network at low load and temperature
    (below ``T ~ 0.46``; Amit, Gutfreund & Sompolinsky 1985).

    Returns
    -------
    ndarray, shape (N,)
    """
    X = _as_patterns(patterns)
    idx = list(indices)
    if len(idx) % 2 == 0:
        raise ValueError("a mixture needs an odd number of patterns (even sums have ties)")
    sg = np.ones(len(idx)) if signs is None else np.asarray(signs, dtype=float)
    return np.sign(sg @ X[idx])


def mixture_components(s, patterns, tol: float = 0.95, min_overlap: float = 0.2,
                       agreement: float = 0.9, max_order: int = 7) -> tuple[int, ...] | None:
    """Patterns that ``s`` is a mixture of, or ``None``.

    ``s`` counts as a mixture of the ``k`` (odd, ``3 <= k <= max_order``)
    patterns it overlaps most with when it matches none of them (all
    ``|m| < tol``), each of those overlaps is at least ``min_overlap``, and
    ``s`` agrees with ``sign(sum sign(m_mu) xi^mu)`` over them on an overlap of
    at least ``agreement``.

    Returns
    -------
    tuple of int (sorted pattern indices) or None
    """
    X = _as_patterns(patterns)
    m = overlaps(s, X)
    a = np.abs(m)
    if a.max() >= tol:
        return None
    ranked = np.argsort(-a, kind="stable")
    strong = ranked[a[ranked] >= min_overlap]
    for k in range(3, min(len(strong), max_order) + 1, 2):
        comp = strong[:k]
        mix = np.sign(np.sign(m[comp]) @ X[comp])
        if overlap(s, mix) >= agreement:
            return tuple(sorted(int(c) for c in comp))
    return None


def is_mixture(s, patterns, **kwargs) -> bool:
    """True when ``s`` is a mixture state (see :func:`mixture_components`)."""
    return mixture_components(s, patterns, **kwargs) is not None


# ----------------------------------------------------------------------------
# capacity
# ----------------------------------------------------------------------------

class CapacityCurve(NamedTuple):
    """Result of :func:`capacity_curve`; arrays have one entry per load."""

    loads: np.ndarray           #: requested P/N
    P: np.ndarray               #: patterns stored, round(load * N) (at least 1)
    mean_overlap: np.ndarray    #: mean final overlap with the probed pattern
    recalled: np.ndarray        #: fraction of probes ending with overlap >= tol
    bit_stability: np.ndarray   #: fraction of stored bits with xi_i h_i > 0


def capacity_curve(N: int, loads, rng: np.random.Generator, trials: int = 10,
                   rule: str = "hebbian", noise: float = 0.1, probes: int = 1,
                   max_sweeps: int = 30, tol: float = 0.95) -> CapacityCurve:
    """Recall quality against load ``P/N`` for random patterns, for plotting.

    For each load, ``trials`` networks are built from fresh random patterns;
    in each, the first ``probes`` patterns are corrupted by ``noise`` and
    recalled asynchronously at ``T = 0``.

    Parameters
    ----------
    N : int
        Units.
    loads : array_like of float
        Loads ``alpha = P/N``.
    rng : numpy.random.Generator
    trials : int
        Networks per load.
    rule : {"hebbian", "storkey", "pseudo_inverse"}
    noise : float
        Fraction of units flipped in the start state.
    probes : int
        Patterns recalled per network.
    max_sweeps : int
    tol : float
        Overlap counted as a successful recall.

    Returns
    -------
    CapacityCurve(loads, P, mean_overlap, recalled, bit_stability)
        For Hebbian the recalled fraction collapses near ``alpha = 0.138``.
    """
    loads = np.asarray(loads, dtype=float).ravel()
    Ps = np.maximum(1, np.round(loads * N)).astype(int)
    mean_m = np.zeros(loads.size)
    ok = np.zeros(loads.size)
    stab = np.zeros(loads.size)
    for a, P in enumerate(Ps):
        ms, st = [], []
        for _ in range(int(trials)):
            X = random_patterns(P, N, rng)
            W = learn(X, rule)
            st.append(float(np.mean(X * (X @ W) > 0)))
            for mu in range(min(int(probes), P)):
                r = recall(W, corrupt(X[mu], noise, rng), rng, max_sweeps=max_sweeps)
                ms.append(overlap(r.state, X[mu]))
        ms = np.asarray(ms)
        mean_m[a] = ms.mean()
        ok[a] = np.mean(ms >= tol)
        stab[a] = np.mean(st)
    return CapacityCurve(loads, Ps, mean_m, ok, stab)
