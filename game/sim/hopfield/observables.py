r"""What can be measured on a Hopfield network state: fields, energy, overlaps, stability.

For ``N`` units ``s_i = +-1``, symmetric weights ``W`` (zero diagonal) and
thresholds ``theta``, all dimensionless::

    h_i = sum_j w_ij s_j - theta_i                     local field
    E(s) = -1/2 s^T W s + theta^T s                     energy (a Lyapunov function)
    m_mu = (1/N) sum_i s_i xi_i^mu  in [-1, 1]          overlap with pattern mu

A state is a zero-temperature fixed point when no unit disagrees with its
field: ``s_i h_i >= 0`` for every ``i`` (``h_i = 0`` keeps the state, see
:data:`ZERO_FIELD_TOL`).

References
----------
.. [1] J. J. Hopfield, PNAS 79, 2554-2558 (1982).
"""

from __future__ import annotations

import numpy as np

from game.sim.hopfield._validate import as_theta, as_weights

#: ``energy_from_field`` is shared with the dynamics modules, not part of the package's face.
__all__ = ["ZERO_FIELD_TOL", "local_field", "energy", "overlap", "overlaps", "is_fixed_point"]

#: Fields with ``|h| <= ZERO_FIELD_TOL`` are treated as exactly zero (sign(0) keeps
#: the state).  Weights from the rules here are ``O(1/N)`` to ``O(1)``, so genuine
#: fields are many orders of magnitude larger than this.
ZERO_FIELD_TOL = 1e-10


def local_field(W, s, theta=None) -> np.ndarray:
    """Local fields ``h = W s - theta``, shape (N,)."""
    W = as_weights(W)
    s = np.asarray(s, dtype=float).ravel()
    return W @ s - as_theta(theta, W.shape[0])


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
    >>> import numpy as np
    >>> from game.sim.hopfield import hebbian
    >>> xi = np.array([1.0, -1.0, 1.0, 1.0])
    >>> energy(hebbian(xi), xi)  # -1/2 * (N - 1) for one stored pattern
    -1.5
    """
    W = as_weights(W)
    s = np.asarray(s, dtype=float).ravel()
    theta = as_theta(theta, W.shape[0])
    return float(-0.5 * (s @ (W @ s)) + theta @ s)


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


def is_fixed_point(W, s, theta=None) -> bool:
    """True when no unit would change under the zero-temperature update."""
    h = local_field(W, s, theta)
    s = np.asarray(s, dtype=float).ravel()
    return bool(np.all(s * h >= -ZERO_FIELD_TOL))


def energy_from_field(s: np.ndarray, h: np.ndarray, theta: np.ndarray) -> float:
    """Energy of ``s`` from its fields ``h = W s - theta`` in ``O(N)`` (no matrix product).

    ``W s = h + theta``, so ``E = -1/2 s.(h + theta) + theta.s = -1/2 s.h + 1/2 theta.s``.
    """
    return float(-0.5 * (s @ h) + 0.5 * (theta @ s))
