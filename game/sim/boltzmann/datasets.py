"""Standard environments for Boltzmann machines: parity, the encoder, two memories, a spin glass."""

from __future__ import annotations

import numpy as np

from game.sim.boltzmann.core import states

# ----------------------------------------------------------------------------

def parity_data(n: int = 3, parity: str = "even") -> np.ndarray:
    """The ``2^(n-1)`` patterns of ``n`` units with an even (or odd) number of units on.

    "On" is ``+1``.  For ``n = 3`` and even parity these are 000, 011, 101, 110
    in 0/1 notation — the third unit is the exclusive-or of the other two —
    the classic environment that needs hidden units (Ackley, Hinton &
    Sejnowski 1985): every unit is on half the time and every pair is on
    together a quarter of the time, exactly as in the uniform distribution
    over all 8 patterns, so no network without hidden units can tell them
    apart.  In ±1 terms the even set has ``s1 s2 s3 = -1``.

    Returns
    -------
    ndarray of int8, shape (2^(n-1), n), in the order of :func:`states`

    Examples
    --------
    >>> parity_data().tolist()
    [[-1, -1, -1], [-1, 1, 1], [1, -1, 1], [1, 1, -1]]
    """
    if parity not in ("even", "odd"):
        raise ValueError(f"parity must be 'even' or 'odd', got {parity!r}")
    S = states(int(n))
    ones = (S > 0).sum(axis=1)
    return S[ones % 2 == (0 if parity == "even" else 1)].copy()


def encoder_data(v: int = 4) -> np.ndarray:
    """The v-h-v encoder patterns (Ackley, Hinton & Sejnowski 1985): V1 one-of-v, V2 a copy.

    Units ``0..v-1`` are the group V1, ``v..2v-1`` the group V2; pattern ``k``
    has unit ``k`` of each group on (+1) and every other unit off (-1).

    Returns
    -------
    ndarray of int8, shape (v, 2v)
    """
    v = int(v)
    if v < 2:
        raise ValueError(f"an encoder needs v >= 2 units per group, got {v}")
    one = np.where(np.eye(v, dtype=bool), 1, -1).astype(np.int8)
    return np.hstack([one, one])


def encoder_mask(v: int = 4, h: int = 2) -> np.ndarray:
    """Connectivity of the v-h-v encoder network of Ackley, Hinton & Sejnowski (1985).

    Units: V1 = ``0..v-1``, V2 = ``v..2v-1``, hidden = ``2v..2v+h-1``.  Every
    unit of V1 is connected to every other unit of V1, V2 likewise, every
    visible unit to every hidden unit and the hidden units to each other;
    there are no connections between V1 and V2, so whatever V2 learns about
    V1 must pass through the ``h`` hidden units.

    Returns
    -------
    ndarray of bool, shape (2v+h, 2v+h)
        Symmetric, ``False`` on the diagonal.
    """
    v, h = int(v), int(h)
    n = 2 * v + h
    M = np.ones((n, n), dtype=bool)
    M[:v, v:2 * v] = False
    M[v:2 * v, :v] = False
    np.fill_diagonal(M, False)
    return M


def two_memories(n: int = 8) -> np.ndarray:
    """Two orthogonal memories of ``n`` units (``n`` divisible by 4) for pattern completion.

    ``A`` is the first half on, the second off; ``B`` alternates on/off.  Their
    overlap ``A.B / n`` is 0.

    Examples
    --------
    >>> two_memories(4).tolist()
    [[1, 1, -1, -1], [1, -1, 1, -1]]
    """
    n = int(n)
    if n < 4 or n % 4:
        raise ValueError(f"n must be a positive multiple of 4, got {n}")
    a = np.repeat([1, -1], n // 2)
    bb = np.tile([1, -1], n // 2)
    return np.vstack([a, bb]).astype(np.int8)


def spin_glass(n: int, rng: np.random.Generator) -> np.ndarray:
    """Sherrington-Kirkpatrick couplings: ``w_ij ~ N(0, 1/n)``, symmetric, zero diagonal.

    Random signs make the network *frustrated* (no state satisfies every
    coupling), so its energy landscape has many local minima.
    """
    n = int(n)
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    J = np.triu(rng.standard_normal((n, n)), 1) / np.sqrt(n)
    return J + J.T
