r"""Rinzel's reduction of the Hodgkin-Huxley model to the (V, n) plane.

Two observations make the 4-D model planar (Rinzel 1985): m is much faster
than h and n (its time constant is at least 3.2 times shorter at every V,
23 times at rest), so ``m = m_inf(V)``; and during a spike h and n
move along a line, here ``h = 0.89 - 1.1 n`` (Izhikevich 2007, ch. 5).  Units
and parameters as in :mod:`game.sim.hodgkin_huxley`::

    C dV/dt = I - gNa m_inf(V)^3 (0.89 - 1.1 n) (V - ENa) - gK n^4 (V - EK) - gL (V - EL)
    dn/dt   = alpha_n(V) (1 - n) - beta_n(V) n

:func:`reduced` returns the field in the convention of ``game.sim.planar``
(``f(V, n) -> (dV/dt, dn/dt)``, vectorised), so the shared phase plane draws
its direction field and finds its equilibria; :func:`reduced_nullclines` gives
both nullclines exactly (the V-nullcline is the root set of a quartic in n).

References
----------
.. [1] J. Rinzel, "Excitation dynamics: insights from simplified membrane
   models," Fed. Proc. 44:2944-2946, 1985.
.. [2] E. M. Izhikevich, Dynamical Systems in Neuroscience, MIT Press, 2007, ch. 5.
"""

from __future__ import annotations

import numpy as np

from game.sim.hh_kernel import rates, steady_states
from game.sim.hodgkin_huxley import I_MAX, clamp_params

__all__ = ["H_INTERCEPT", "H_SLOPE", "reduced", "reduced_nullclines"]

H_INTERCEPT = 0.89
"""h = H_INTERCEPT - H_SLOPE n in the reduced model (Izhikevich 2007, ch. 5)."""
H_SLOPE = 1.1
"""See :data:`H_INTERCEPT`."""


def reduced(I, params=None):
    """Rinzel's planar reduction as a vector field f(V, n) for :mod:`game.sim.planar`.

    m is replaced by m_inf(V) (at least 3.2 times faster than h and n) and
    h by the line ``0.89 - 1.1 n`` that h and n follow during a spike::

        C dV/dt = I - gNa m_inf(V)^3 (0.89 - 1.1 n) (V - ENa) - gK n^4 (V - EK) - gL (V - EL)
        dn/dt   = alpha_n(V) (1 - n) - beta_n(V) n

    The line gives 0 <= h <= 0.89 for 0 <= n <= 0.81, which holds the
    model's spikes; beyond it the formula is kept as it is (h < 0).

    Parameters
    ----------
    I : float
        Input (uA/cm^2), clamped to +-:data:`I_MAX`.
    params : Params or mapping, optional
        TTX, TEA and temperature act as in the full model.

    Returns
    -------
    callable
        Vectorised ``f(V, n) -> (dV/dt in mV/ms, dn/dt in 1/ms)``, the
        convention of ``planar.morris_lecar``.
    """
    p, _ = clamp_params(params)
    I = min(max(float(I), -I_MAX), I_MAX)

    def f(V, n):
        V = np.asarray(V, dtype=float)
        n = np.asarray(n, dtype=float)
        am, bm, _, _, an, bn = rates(V, p.phi)
        m = am / (am + bm)
        dV = (I - p.g_na * m ** 3 * (H_INTERCEPT - H_SLOPE * n) * (V - p.ENa)
              - p.g_k * n ** 4 * (V - p.EK) - p.gL * (V - p.EL)) / p.C
        return dV, an * (1.0 - n) - bn * n

    return f


def _quartic_roots(a, b, c, iters=100):
    """Real roots of ``-a n^4 + b n + c = 0`` per element (a != 0): lower and upper, NaN if none.

    ``sign(a) (-a n^4 + b n + c)`` is concave in n with its top at
    ``n* = cbrt(sign(a) b / (4 |a|))``: there are two roots (one each side of
    n*) when the top is >= 0, none otherwise; each is found by bisection
    inside the Cauchy bound ``|n| <= 1 + max(|b|, |c|) / |a|``.
    """
    s = np.sign(a)
    A, Bs, Cs = np.abs(a), s * b, s * c
    top = np.cbrt(Bs / (4.0 * A))
    G = lambda n: -A * n ** 4 + Bs * n + Cs                          # noqa: E731
    R = 1.0 + np.maximum(np.abs(b), np.abs(c)) / A + np.abs(top)
    has = G(top) >= 0.0
    out = []
    for lo, hi in ((top - R, top), (top, top + R)):
        rising = G(lo) < G(hi)                 # the root side of the bracket where G < 0
        for _ in range(iters):
            mid = 0.5 * (lo + hi)
            neg = G(mid) < 0.0
            move_lo = neg == rising
            lo, hi = np.where(move_lo, mid, lo), np.where(move_lo, hi, mid)
        out.append(np.where(has, 0.5 * (lo + hi), np.nan))
    return out


def reduced_nullclines(I, v_range=(-100.0, 60.0), points=801, params=None):
    """Nullclines of :func:`reduced` in the (V, n) plane, computed exactly.

    The n-nullcline is ``n = n_inf(V)``.  On the V-nullcline, for fixed V the
    equation is the quartic ``-gK (V - EK) n^4 + 1.1 gNa m_inf^3 (V - ENa) n
    + (I - 0.89 gNa m_inf^3 (V - ENa) - gL (V - EL)) = 0``, which has at most
    two real roots; both are returned, each as its own polyline over the V
    where it exists (they meet where the roots merge).

    Parameters
    ----------
    I : float
        Input (uA/cm^2).
    v_range : (float, float)
        Voltages (mV).
    points : int
        Samples of V.
    params : Params or mapping, optional

    Returns
    -------
    v_null, n_null : list of ndarray, shape (k, 2)
        Polylines of (V, n) where dV/dt = 0 and where dn/dt = 0.
    """
    p, _ = clamp_params(params)
    I = min(max(float(I), -I_MAX), I_MAX)
    V = np.linspace(float(v_range[0]), float(v_range[1]), int(points))
    m, _, n_inf, *_ = steady_states(V, p.phi)
    gm = p.g_na * m ** 3 * (V - p.ENa)
    a = p.g_k * (V - p.EK)
    a = np.where(np.abs(a) < 1e-12, 1e-12, a)
    roots = _quartic_roots(a, H_SLOPE * gm, I - H_INTERCEPT * gm - p.gL * (V - p.EL))
    v_null = []
    for r in roots:
        ok = np.isfinite(r)
        cuts = np.flatnonzero(np.diff(ok.astype(int))) + 1
        for seg_v, seg_r, seg_ok in zip(np.split(V, cuts), np.split(r, cuts), np.split(ok, cuts)):
            if seg_ok[0] and seg_v.size > 1:
                v_null.append(np.column_stack([seg_v, seg_r]))
    return v_null, [np.column_stack([V, n_inf])]
