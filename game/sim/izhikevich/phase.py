r"""The (v, u) phase plane of the Izhikevich neuron: nullclines, equilibria, bifurcation currents.

Between spikes the model is the planar system ``v' = 0.04 v^2 + 5 v + 140 - u + I``,
``u' = a (b v - u)`` (other coefficients through
:class:`~game.sim.izhikevich.neuron.Equations`).  Its nullclines, its
equilibria with their type, the input where rest loses stability (the
Andronov-Hopf current :func:`hopf_current`) and where rest and threshold
merge (the saddle-node current :func:`saddle_node_current`), the vector
field for direction plots, and the rheobase measured by simulation.

>>> [e.kind for e in equilibria(0.02, 0.2, 0.0)]
['stable_node', 'saddle']
>>> round(hopf_current(0.02, 0.2), 4), saddle_node_current(0.2)
(3.7975, 4.0)

References
----------
.. [1] E. M. Izhikevich, "Dynamical Systems in Neuroscience," MIT Press,
   2007, ch. 8.1.4 (the simple model's bifurcations).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from game.sim.izhikevich.neuron import _K, DEFAULT_DT_MS, STANDARD, simulate

__all__ = ["Equilibrium", "v_nullcline", "u_nullcline", "saddle_node_current", "hopf_current", "resting_state",
           "equilibria", "field", "rheobase"]


class Equilibrium(NamedTuple):
    """A fixed point of the subthreshold dynamics (no reset involved).

    Attributes
    ----------
    v, u : float
        Position (mV, model units).
    kind : str
        Classification of the Jacobian, with the names of
        ``game.sim.planar.classify`` ("saddle", "stable_node", ...).
    eigenvalues : ndarray of complex, shape (2,)
    """

    v: float
    u: float
    kind: str
    eigenvalues: np.ndarray


# Equilibria and their stability (Izhikevich 2007, "Dynamical Systems in
# Neuroscience", ch. 8.1.4).  With u = b v on the u-nullcline the equilibria
# solve 0.04 v^2 + (5 - b) v + 140 + I = 0: two (rest and threshold) below
# I_sn = (5 - b)^2 / 0.16 - 140, none above.  The Jacobian
# J = [[0.08 v + 5, -1], [a b, -a]] has trace 0.08 v + 5 - a and
# determinant a (b - 0.08 v - 5).  The trace vanishes at v_H = (a - 5) / 0.08,
# where det = a (b - a): for a > 0 and b > a (every preset) that is an
# Andronov-Hopf bifurcation of rest at I_H = I_sn - (b - a)^2 / 0.16 < I_sn,
# so rest is a stable node or focus only for I < I_H, an unstable focus (then
# node) for I_H < I < I_sn.  For b < a rest stays stable up to the
# saddle-node at I_sn.


def v_nullcline(v, I, eqs=STANDARD):
    """u on the v-nullcline: ``u = 0.04 v^2 + 5 v + 140 + I`` (``k1 v + k0`` for other ``eqs``).

    Parameters
    ----------
    v : array_like
        Membrane potential (mV).
    I : float
        Input.
    eqs : Equations, optional

    Returns
    -------
    ndarray
    """
    v = np.asarray(v, dtype=float)
    return (_K * v + eqs.k1) * v + eqs.k0 + I


def u_nullcline(v, b, eqs=STANDARD):
    """u on the u-nullcline: ``u = b v`` (``b (v - v_u) / leak`` for other ``eqs``).

    With ``eqs.leak = 0`` (Fig. 1 R) the u-nullcline is the vertical line
    ``v = eqs.v_u``, which is no function of v: NaN is returned.

    Parameters
    ----------
    v : array_like
        Membrane potential (mV).
    b : float
    eqs : Equations, optional

    Returns
    -------
    ndarray
    """
    v = np.asarray(v, dtype=float)
    if eqs.leak == 0.0:
        return np.full(v.shape, np.nan)
    return b / eqs.leak * (v - eqs.v_u)


def saddle_node_current(b, eqs=STANDARD) -> float:
    """Input at which rest and threshold merge and vanish (saddle-node): ``(5 - b)^2 / 0.16 - 140``.

    Above it there is no equilibrium and the neuron fires tonically.  Rest is
    stable right up to this merger only when ``b < a``; for ``b > a`` (every
    preset) it loses stability earlier, at :func:`hopf_current`.

    Parameters
    ----------
    b : float
    eqs : Equations, optional
        Other coefficients: ``(k1 - b')^2 / 0.16 - k0 - b' v_u`` with
        ``b' = b / leak``; NaN for ``leak = 0`` (a single equilibrium for every I).

    Returns
    -------
    float
        4.0 for b = 0.2.

    Examples
    --------
    >>> saddle_node_current(0.2)
    4.0
    """
    if eqs.leak == 0.0:
        return math.nan
    m = b / eqs.leak
    return (eqs.k1 - m) ** 2 / (4.0 * _K) - eqs.k0 - m * eqs.v_u


def hopf_current(a, b, eqs=STANDARD) -> float:
    """Input of the Andronov-Hopf bifurcation of rest: ``I_H = I_sn - (b - a)^2 / 0.16``.

    At ``I_H`` the trace of the Jacobian vanishes at the equilibrium
    ``v_H = (a - 5) / 0.08`` with determinant ``a (b - a) > 0``: the
    eigenvalues cross the imaginary axis.  For ``a > 0`` this needs ``b > a``;
    then ``I_H < I_sn`` and rest is stable only below ``I_H``.  For ``a < 0``
    (Fig. 1 S, T) it needs ``b < a``, and rest (then the upper equilibrium) is
    stable only *above* ``I_H``: lowering the input destabilises it
    (inhibition-induced spiking).

    Parameters
    ----------
    a, b : float
    eqs : Equations, optional
        Other coefficients (``v_H = (a leak - k1) / 0.08``, ``det = a (b - a leak^2)``).

    Returns
    -------
    float
        NaN when there is no Hopf bifurcation: ``b <= a`` for ``a > 0``, ``a = 0``,
        ``b >= a`` for ``a < 0``, or ``leak = 0``.  3.7975 for RS, IB and CH;
        3.9375 for FS; 0.685 for LTS and TC; 0.2625 for RZ.

    Examples
    --------
    >>> round(hopf_current(0.02, 0.2), 6)
    3.7975
    >>> hopf_current(0.02, -0.1)
    nan
    """
    if eqs.leak == 0.0 or not a * (b - a * eqs.leak ** 2) > 0.0:
        return math.nan
    m = b / eqs.leak
    v_h = (a * eqs.leak - eqs.k1) / (2.0 * _K)
    return -((_K * v_h + eqs.k1 - m) * v_h + eqs.k0 + m * eqs.v_u)


def resting_state(a, b, I=0.0, eqs=STANDARD):
    """The stable equilibrium (v, u) for constant I, or None if there is none.

    Parameters
    ----------
    a, b : float
        Model parameters.
    I : float, optional
        Constant input.
    eqs : Equations, optional

    Returns
    -------
    tuple of float or None
        (v in mV, u) of the first stable equilibrium (by v), if any.
    """
    for e in equilibria(a, b, I, eqs):
        if e.kind.startswith("stable"):
            return e.v, e.u
    return None


def _classify_jacobian(J, tol=1e-12):
    """Same names and rules as game.sim.planar.classify (p = trace, q = det)."""
    p = J[0, 0] + J[1, 1]
    q = J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0]
    scale = max(1.0, abs(J).max() ** 2)
    if abs(q) <= tol * scale:
        return "non_isolated"
    if q < 0:
        return "saddle"
    disc = p * p - 4.0 * q
    if abs(p) <= tol * math.sqrt(scale):
        return "center"
    side = "stable" if p < 0 else "unstable"
    if abs(disc) <= tol * scale:
        star = abs(J[0, 1]) <= tol and abs(J[1, 0]) <= tol
        return f"{side}_star" if star else f"{side}_degenerate_node"
    return f"{side}_focus" if disc < 0 else f"{side}_node"


def equilibria(a, b, I, eqs=STANDARD) -> list[Equilibrium]:
    """Fixed points: intersections of ``u = 0.04 v^2 + 5 v + 140 + I`` and ``u = b v``.

    They solve ``0.04 v^2 + (5 - b) v + 140 + I = 0``; stability from the
    Jacobian ``[[0.08 v + 5, -1], [a b, -a]]`` (see the notes above
    :func:`v_nullcline`: for ``b > a`` rest turns unstable at
    :func:`hopf_current`, before the two points merge).

    Parameters
    ----------
    a, b : float
        Model parameters.
    I : float
        Constant input.
    eqs : Equations, optional
        Other coefficients; with ``leak = 0`` the only equilibrium is at
        ``v = v_u`` for every I.

    Returns
    -------
    list of Equilibrium
        Sorted by v: two (rest and threshold) below the saddle-node current,
        one at it, none above it (:func:`saddle_node_current`).
    """
    if eqs.leak == 0.0:
        vs = [eqs.v_u]
    else:
        m = b / eqs.leak
        B = eqs.k1 - m
        C = eqs.k0 + I + m * eqs.v_u
        disc = B * B - 4.0 * _K * C
        if disc < 0.0:
            return []
        root = math.sqrt(disc)
        vs = sorted({(-B - root) / (2 * _K), (-B + root) / (2 * _K)})
    out = []
    for v in vs:
        J = np.array([[2 * _K * v + eqs.k1, -1.0], [a * b, -a * eqs.leak]])
        u = float(v_nullcline(v, I, eqs)) if eqs.leak == 0.0 else b / eqs.leak * (v - eqs.v_u)
        out.append(Equilibrium(float(v), u, _classify_jacobian(J), np.linalg.eigvals(J)))
    return out


def field(a, b, I, eqs=STANDARD) -> Callable:
    """Vector field of the subthreshold dynamics for direction plots.

    Parameters
    ----------
    a, b : float
    I : float
    eqs : Equations, optional

    Returns
    -------
    callable
        ``f(v, u) -> (dv/dt, du/dt)`` on arrays (mV/ms, units of u per ms).
    """
    k1, k0, leak, vu = eqs

    def f(v, u):
        v = np.asarray(v, dtype=float)
        u = np.asarray(u, dtype=float)
        return (_K * v + k1) * v + k0 - u + I, a * (b * (v - vu) - leak * u)
    return f


def rheobase(a, b, c, d, t_ms=1000.0, dt_ms=DEFAULT_DT_MS, I_max=200.0, tol=1e-3) -> float:
    """Smallest constant input that makes the neuron fire, by bisection.

    The neuron starts at its resting equilibrium for I = 0 (or at v = -65 mV,
    u = b v when there is none) and the constant I is switched on at t = 0; it
    "fires" if it spikes within ``t_ms``.  Near the threshold the first spike
    comes late, so a short ``t_ms`` reads a slightly higher value.

    Parameters
    ----------
    a, b, c, d : float
        Model parameters.
    t_ms : float, optional
        Observation time (ms).
    dt_ms : float, optional
        Step (ms).
    I_max : float, optional
        Upper end of the search.
    tol : float, optional
        Width of the final bracket.

    Returns
    -------
    float
        0.0 if it already fires with I = 0 (negative inputs are not searched);
        ``inf`` if it does not fire at ``I_max``.
    """
    v0, u0 = resting_state(a, b, 0.0) or (-65.0, b * -65.0)

    def fires(I):
        return len(simulate(a, b, c, d, I, t_ms, dt_ms, v0=v0, u0=u0).spikes) > 0

    if fires(0.0):
        return 0.0
    if not fires(I_max):
        return math.inf
    lo, hi = 0.0, float(I_max)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if fires(mid):
            hi = mid
        else:
            lo = mid
    return hi

