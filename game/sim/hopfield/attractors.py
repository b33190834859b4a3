r"""What a Hopfield network settled on: a stored pattern, its inverse, a mixture, or spurious.

With overlaps ``m_mu = (1/N) sum_i s_i xi_i^mu``, a state is pattern ``mu``
when ``m_mu >= tol``, its inverse when ``m_mu <= -tol`` (``-xi`` has the same
energy as ``xi``), and otherwise spurious. Mixture states
``sign(sum_k +-xi^{mu_k})`` of an odd number of patterns are the classic
spurious attractors of the Hebbian network (Amit, Gutfreund & Sompolinsky).

References
----------
.. [1] D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of
   patterns in a spin-glass model of neural networks", Phys. Rev. Lett. 55,
   1530-1533 (1985); "Spin-glass models of neural networks", Phys. Rev. A 32,
   1007-1018 (1985) (mixture states and their temperatures).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from game.sim.hopfield._validate import as_patterns
from game.sim.hopfield.observables import overlap, overlaps

__all__ = ["classify_state", "mixture_state", "mixture_components", "is_mixture"]


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

    Examples
    --------
    >>> X = [[1, 1, 1, 1], [1, -1, 1, -1]]
    >>> classify_state([-1, -1, -1, -1], X), classify_state([1, 1, -1, -1], X)
    (('inverse', 0), ('spurious', None))
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
    X = as_patterns(patterns)
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
    X = as_patterns(patterns)
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
