"""One asynchronous sweep, flipping in place: the kernel of recall and the animator.

``sweep_inplace(W, s, h, order, z)`` visits the units in ``order`` once and
flips each unit whose field disagrees with its state (``s_i (h_i - z_i) < 0``;
``z`` is the sweep's logistic threshold noise at ``T > 0``, ``None`` at
``T = 0``), keeping the fields ``h = W s - theta`` up to date with one row of
``W`` per flip. Stable units are skipped by a vectorised search, which is
exact (see :mod:`game.sim.hopfield.dynamics`, "Speed"). Private to
:mod:`game.sim.hopfield`.
"""

from __future__ import annotations

import numpy as np

from game.sim.hopfield.observables import ZERO_FIELD_TOL


def sweep_inplace(W, s, h, order, z, tol=ZERO_FIELD_TOL):
    """Visit the units in ``order`` once, flipping in place (see the module docstring).

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
            return sweep_scalar(W, s, h, order, z, tol)
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


def sweep_scalar(W, s, h, order, z, tol=ZERO_FIELD_TOL):
    """:func:`sweep_inplace` one unit at a time in Python floats (faster when many flip).

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


def order_for(rng_or_order, n: int) -> np.ndarray:
    """The update order of one sweep: a fresh permutation from a generator, or the given indices."""
    if isinstance(rng_or_order, np.random.Generator):
        return rng_or_order.permutation(n)
    order = np.asarray(rng_or_order, dtype=np.intp).ravel()
    if order.size == 0 or order.min() < 0 or order.max() >= n:
        raise ValueError(f"order must index units 0..{n - 1}")
    return order


def logistic_thresholds(T: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Glauber noise of one sweep at temperature ``T``: ``z_i = (T/2) L_i``, ``L_i ~ Logistic(0, 1)``,
    so that ``P(h > z) = 1 / (1 + exp(-2h/T))``."""
    return (0.5 * T) * rng.logistic(0.0, 1.0, size=n)
