r"""Patterns, probe states and learning rules of a Hopfield network.

Patterns ``xi^mu`` are rows of ``X`` (shape ``(P, N)``) with entries ``+1`` or
``-1``. Probe states are made from them by flipping a fraction of the units
(:func:`corrupt`) or hiding a region (:func:`occlude`). Every learning rule
returns symmetric weights with a zero diagonal:

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

References
----------
.. [1] J. J. Hopfield, PNAS 79, 2554-2558 (1982).
.. [2] D. J. Amit, H. Gutfreund, H. Sompolinsky, Phys. Rev. Lett. 55, 1530-1533 (1985).
.. [3] A. J. Storkey, ICANN'97, LNCS 1327, 451-456 (1997).
.. [4] L. Personnaz, I. Guyon, G. Dreyfus, J. Physique Lett. 46, L359 (1985).
"""

from __future__ import annotations

import numpy as np

from game.sim.hopfield._validate import as_patterns, as_state

__all__ = ["random_patterns", "corrupt", "occlude", "hebbian", "storkey", "pseudo_inverse", "RULES", "learn"]


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
    >>> import numpy as np
    >>> X = random_patterns(3, 100, np.random.default_rng(0))
    >>> X.shape
    (3, 100)
    """
    if P < 0 or N < 1:
        raise ValueError(f"need P >= 0 and N >= 1, got P={P}, N={N}")
    return np.where(rng.random((int(P), int(N))) < 0.5, -1.0, 1.0)


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
    s = as_state(xi, name="xi")
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
    s = as_state(xi, name="xi")
    m = np.asarray(mask, dtype=bool).ravel()
    if m.size != s.size:
        raise ValueError(f"mask has {m.size} entries but xi has {s.size}")
    if value not in (-1, 1):
        raise ValueError(f"value must be -1 or +1, got {value!r}")
    s[m] = float(value)
    return s


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
    X = as_patterns(patterns)
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
    X = as_patterns(patterns)
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
    X = as_patterns(patterns)
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
