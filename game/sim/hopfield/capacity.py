r"""Storage capacity: recall quality against the load ``alpha = P/N`` for random patterns.

The Hebbian network retrieves random patterns up to ``alpha_c ~ 0.138``
(:data:`CRITICAL_LOAD`); beyond it the retrieval states disappear and the
recalled fraction collapses (Amit, Gutfreund & Sompolinsky 1985).

References
----------
.. [1] D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of
   patterns in a spin-glass model of neural networks", Phys. Rev. Lett. 55,
   1530-1533 (1985).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from game.sim.hopfield.dynamics import recall
from game.sim.hopfield.learning import corrupt, learn, random_patterns
from game.sim.hopfield.observables import overlap

__all__ = ["CRITICAL_LOAD", "CapacityCurve", "capacity_curve"]

#: Storage capacity of the Hebbian rule for random patterns, ``P/N`` (AGS 1985).
CRITICAL_LOAD = 0.138


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

    Examples
    --------
    >>> import numpy as np
    >>> c = capacity_curve(200, [0.02, 0.3], np.random.default_rng(0), trials=3)
    >>> c.P.tolist(), c.recalled.tolist()
    ([4, 60], [1.0, 0.0])
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
