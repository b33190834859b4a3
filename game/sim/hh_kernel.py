r"""Rate functions and the time-stepping kernel of the Hodgkin-Huxley model.

Used by :mod:`game.sim.hodgkin_huxley` (parameters, runs, analysis); this
module knows only floats: the temperature factor ``phi`` and the conductances
after any block.  Units: V in mV, t in ms, rates in 1/ms, conductances in
mS/cm^2, C in uF/cm^2, currents in uA/cm^2.

Rates (modern convention, rest near -65 mV; all multiplied by ``phi``)::

    alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40) / 10))   beta_m = 4 exp(-(V + 65) / 18)
    alpha_h = 0.07 exp(-(V + 65) / 20)                    beta_h = 1 / (1 + exp(-(V + 35) / 10))
    alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55) / 10))  beta_n = 0.125 exp(-(V + 65) / 80)

alpha_m = g(u) with u = (V + 40) / 10 and alpha_n = 0.1 g(u) with
u = (V + 55) / 10, where ``g(u) = u / (1 - exp(-u))`` has a removable
singularity at u = 0 (V = -40 and -55 mV).  ``g`` is computed with ``expm1``
and, for ``|u| < 0.01``, by its Taylor series ``1 + u/2 + u^2/12 - u^4/720``
(truncation error below 1e-17), so it is smooth and exact to rounding through
both points.  Exponents are capped at 700 and V at +-1e6 mV, so no rate
overflows for any finite V; the caps change the rates only beyond |V| of
about 7000 mV, where every gate is saturated.

Scheme
------
Two flows are solved exactly: the gates with V frozen,
``x -> A + B x`` with ``B = exp(-h (alpha + beta))`` and
``A = x_inf (1 - B)`` (the Rush-Larsen update), and V with the gates frozen,
``V -> E + (V - E) exp(-g h / C)``, the relaxation towards the reversal
potential ``E = (sum g_i E_i + I) / g`` of the total conductance ``g``.
A step ``S_h`` is their Strang composition gates(h/2), V(h), gates(h/2):
second order, symmetric, and stable for any h.  Because it is symmetric its
error expands in even powers of h, so the local Richardson extrapolation
``(4 S_{h/2} S_{h/2} - S_h) / 3`` cancels the h^2 term: the step used here,
measured order about 3.5 (spike-time error over 200 ms at I = 10: 0.24 ms
at h = 0.2, 0.025 ms at h = 0.1, 0.0019 ms at h = 0.05).

The coefficients A and B of the half and quarter step are tabulated every
0.05 mV on [-200, 150] mV for each (h, phi) and interpolated linearly: at
most 3.5e-7 from the exact values (gates are 0..1), which moves spike times
by about 1e-4 ms over 200 ms; outside the table they are computed exactly.
So one step costs three ``exp`` calls and four table lookups: about 3 us in
the scalar loop (:func:`run_one`).  The batched loop (:func:`run_many`) does
the same arithmetic on arrays, one neuron per column (90 to 140 us per step
for up to a hundred neurons: numpy's per-call overhead dominates).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = ["rates", "rate_slopes", "steady_states", "gate_flow", "run_one", "run_many"]

_EXP_CAP = 700.0        # exp(700) ~ 1e304: no overflow, and sums of two stay finite
_SERIES_U = 1e-2        # below it g(u) and g'(u) come from their Taylor series
V_RATE_CAP = 1e6
"""Rates take V beyond +-1e6 mV as +-1e6 mV (no run within the limits gets near it)."""


def _exp(x):
    return np.exp(np.minimum(x, _EXP_CAP))


def _g(u):
    """``u / (1 - exp(-u))`` for arrays, exact at u = 0 (value 1)."""
    small = np.abs(u) < _SERIES_U
    den = np.where(small, 1.0, -np.expm1(np.minimum(-u, _EXP_CAP)))
    s = np.where(small, u, 0.0)
    return np.where(small, 1.0 + s * (0.5 + s * (1.0 / 12.0 - s * s / 720.0)), u / den)


def _dg(u):
    """``g'(u)``; at u = 0 it is 1/2.

    With ``a = -|u|``, ``E = exp(a)`` and ``D = -expm1(a)`` (both in [0, 1], so
    nothing overflows): ``(D - |u| E) / D^2`` for u > 0 and
    ``E (|u| - D) / D^2`` for u < 0; the Taylor series near 0.
    """
    small = np.abs(u) < _SERIES_U
    a = -np.abs(np.where(small, 1.0, u))
    E = np.exp(a)
    D = -np.expm1(a)
    direct = np.where(u > 0, (D + a * E) / D / D, E * (-a - D) / D / D)
    s = np.where(small, u, 0.0)
    return np.where(small, 0.5 + s * (1.0 / 6.0 - s * s / 180.0), direct)


def rates(V, phi=1.0):
    """Opening and closing rates (1/ms) of the three gates at V (mV).

    Parameters
    ----------
    V : array_like
        Membrane potential (mV).
    phi : float, optional
        Temperature factor (:attr:`Params.phi`).

    Returns
    -------
    tuple of 6 ndarray
        ``alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n``.

    Examples
    --------
    >>> am, *_ = rates([-40.0, -40.0 + 1e-9])
    >>> [round(float(a), 9) for a in am]
    [1.0, 1.0]
    """
    V = np.clip(np.asarray(V, dtype=float), -V_RATE_CAP, V_RATE_CAP)
    am = _g((V + 40.0) / 10.0)
    bm = 4.0 * _exp(-(V + 65.0) / 18.0)
    ah = 0.07 * _exp(-(V + 65.0) / 20.0)
    bh = 1.0 / (1.0 + _exp(-(V + 35.0) / 10.0))
    an = 0.1 * _g((V + 55.0) / 10.0)
    bn = 0.125 * _exp(-(V + 65.0) / 80.0)
    return tuple(phi * r for r in (am, bm, ah, bh, an, bn))


def rate_slopes(V, phi=1.0):
    """d/dV of each rate of :func:`rates` (1/(ms mV)), same order."""
    V = np.asarray(V, dtype=float)
    am, bm, ah, bh, an, bn = rates(V, phi)
    return (phi * _dg((V + 40.0) / 10.0) / 10.0, -bm / 18.0, -ah / 20.0,
            bh * (1.0 - bh / phi) / 10.0, phi * _dg((V + 55.0) / 10.0) / 100.0, -bn / 80.0)


def steady_states(V, phi=1.0):
    """Steady states and time constants of the gates at a fixed V.

    Parameters
    ----------
    V : array_like
        Membrane potential (mV).
    phi : float, optional
        Temperature factor.

    Returns
    -------
    tuple of 6 ndarray
        ``m_inf, h_inf, n_inf`` (dimensionless) and ``tau_m, tau_h, tau_n`` (ms).
    """
    am, bm, ah, bh, an, bn = rates(V, phi)
    out = []
    for a, b in ((am, bm), (ah, bh), (an, bn)):
        out.append(a / (a + b))
    for a, b in ((am, bm), (ah, bh), (an, bn)):
        out.append(1.0 / (a + b))
    return tuple(out)




# --------------------------------------------------------------------------
# Tables of the exact gate flow
# --------------------------------------------------------------------------

T_LO_MV, T_HI_MV, T_DV_MV = -200.0, 150.0, 0.05
"""Range and spacing (mV) of the gate-coefficient tables."""
_ROWS = int(round((T_HI_MV - T_LO_MV) / T_DV_MV)) + 1
_X_MAX = float(_ROWS - 1)          # the table index x = (V - lo) / dv must stay below it


def gate_flow(V, h, phi=1.0):
    """Coefficients of the exact gate step over h ms with V frozen.

    Parameters
    ----------
    V : array_like
        Membrane potential (mV).
    h : float
        Step (ms).
    phi : float, optional
        Temperature factor.

    Returns
    -------
    A, B : ndarray, shape (3,) + V.shape
        ``x(t + h) = A + B x(t)`` for the gates (m, h, n):
        ``B = exp(-h (alpha + beta))``, ``A = x_inf (1 - B)``.
    """
    am, bm, ah, bh, an, bn = rates(V, phi)
    k = np.stack([am + bm, ah + bh, an + bn])
    B = np.exp(-h * k)
    A = np.stack([am, ah, an]) / k * (1.0 - B)
    return A, B


@lru_cache(maxsize=4)      # about 7 MB and 20 ms to build each: one per temperature in use
def _tables(h, phi):
    """Tables of the half and the quarter step of the internal step h.

    Returns ``(table, rows2, rows4)``.  ``table`` (rows, 24) holds, per
    table voltage, A and B of (m, h, n) for the half step, then for the
    quarter step (A_m, A_h, A_n, B_m, B_h, B_n, A_m, ...), then the
    increments of these 12 to the next row.  ``rows2`` and ``rows4`` are the
    same as lists of 12-tuples (A_m, dA_m, B_m, dB_m, A_h, ..., dB_n) for the
    scalar loop.
    """
    V = T_LO_MV + T_DV_MV * np.arange(_ROWS)
    cols, rows = [], []
    for step in (0.5 * h, 0.25 * h):
        A, B = gate_flow(V, step, phi)
        cols += [A, B]
        dA = np.diff(A, axis=1, append=A[:, -1:])
        dB = np.diff(B, axis=1, append=B[:, -1:])
        rows.append(list(map(tuple, np.stack([A, dA, B, dB], axis=1).transpose(2, 0, 1)
                             .reshape(_ROWS, 12).tolist())))
    base = np.concatenate(cols).T
    table = np.ascontiguousarray(np.hstack([base, np.diff(base, axis=0, append=base[-1:])]))
    table.setflags(write=False)
    return table, rows[0], rows[1]


def _exact_row(V, h, phi):
    """A table row for a V outside the table: exact coefficients, zero increments."""
    A, B = gate_flow(np.array([V]), h, phi)
    return tuple(x for g in range(3) for x in (float(A[g, 0]), 0.0, float(B[g, 0]), 0.0))


# --------------------------------------------------------------------------
# One neuron in Python floats
# --------------------------------------------------------------------------


def run_one(y0, I_steps, h, phi, g, E, C):
    """Integrate one neuron, one Richardson-extrapolated Strang step per input value.

    Parameters
    ----------
    y0 : sequence of 4 float
        Start (V in mV, m, h, n).
    I_steps : sequence of float
        Input (uA/cm^2) of each internal step.
    h : float
        Internal step (ms).
    phi : float
        Temperature factor.
    g : (float, float, float)
        Conductances gNa, gK, gL after any block (mS/cm^2).
    E : (float, float, float)
        Reversal potentials ENa, EK, EL (mV).
    C : float
        Capacitance (uF/cm^2).

    Returns
    -------
    tuple of 4 lists
        V, m, h, n after every step, the start included (``len(I_steps) + 1``).
    """
    T2, T4 = _tables(h, phi)[1:]
    # slot -1 takes the exact row of a V off the table (a private copy: no shared state)
    return _loop([float(x) for x in y0], I_steps, T2 + [None], T4 + [None], h, phi, g, E, C)


def _loop(y, I_steps, T2, T4, h, phi, g, E, C):
    """The time loop of :func:`run_one` (everything inlined: calls would double its cost)."""
    V, m, hh, n = y
    N = len(I_steps)
    vs, ms, hs, ns = [V] * (N + 1), [m] * (N + 1), [hh] * (N + 1), [n] * (N + 1)
    gna, gk, gl = g
    gna_e, gk_e, gl_e = gna * E[0], gk * E[1], gl * E[2]
    c_h, c_h2 = h / C, 0.5 * h / C
    lo, idv, xmax = T_LO_MV, 1.0 / T_DV_MV, _X_MAX
    h2, h4 = 0.5 * h, 0.25 * h
    exp = math.exp
    for s in range(N):
        src = gl_e + I_steps[s]
        x = (V - lo) * idv
        if 0.0 <= x < xmax:
            j = int(x)
            f = x - j
        else:
            j, f, T2[-1], T4[-1] = -1, 0.0, _exact_row(V, h2, phi), _exact_row(V, h4, phi)
        a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, k0, k1 = T2[j]
        mc, hc, nc = a0 + f * a1 + (b0 + f * b1) * m, c0 + f * c1 + (d0 + f * d1) * hh, (
            e0 + f * e1 + (k0 + f * k1) * n)
        a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, k0, k1 = T4[j]
        mf, hf, nf = a0 + f * a1 + (b0 + f * b1) * m, c0 + f * c1 + (d0 + f * d1) * hh, (
            e0 + f * e1 + (k0 + f * k1) * n)
        # coarse: V over h with the gates at its midpoint; fine: the first h/2
        w, q = mc * mc * mc * hc, nc * nc * nc * nc
        gt = gna * w + gk * q + gl
        Ei = (gna_e * w + gk_e * q + src) / gt
        V1 = Ei + (V - Ei) * exp(-gt * c_h)
        w, q = mf * mf * mf * hf, nf * nf * nf * nf
        gt = gna * w + gk * q + gl
        Ei = (gna_e * w + gk_e * q + src) / gt
        Vm = Ei + (V - Ei) * exp(-gt * c_h2)
        x = (V1 - lo) * idv
        if 0.0 <= x < xmax:
            j = int(x)
            f = x - j
        else:
            j, f, T2[-1] = -1, 0.0, _exact_row(V1, h2, phi)
        a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, k0, k1 = T2[j]
        mc, hc, nc = a0 + f * a1 + (b0 + f * b1) * mc, c0 + f * c1 + (d0 + f * d1) * hc, (
            e0 + f * e1 + (k0 + f * k1) * nc)
        x = (Vm - lo) * idv                 # fine: gates over h/2 around Vm (two quarters fused)
        if 0.0 <= x < xmax:
            j = int(x)
            f = x - j
        else:
            j, f, T2[-1] = -1, 0.0, _exact_row(Vm, h2, phi)
        a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, k0, k1 = T2[j]
        mf, hf, nf = a0 + f * a1 + (b0 + f * b1) * mf, c0 + f * c1 + (d0 + f * d1) * hf, (
            e0 + f * e1 + (k0 + f * k1) * nf)
        w, q = mf * mf * mf * hf, nf * nf * nf * nf
        gt = gna * w + gk * q + gl
        Ei = (gna_e * w + gk_e * q + src) / gt
        V2 = Ei + (Vm - Ei) * exp(-gt * c_h2)
        x = (V2 - lo) * idv
        if 0.0 <= x < xmax:
            j = int(x)
            f = x - j
        else:
            j, f, T4[-1] = -1, 0.0, _exact_row(V2, h4, phi)
        a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, k0, k1 = T4[j]
        mf, hf, nf = a0 + f * a1 + (b0 + f * b1) * mf, c0 + f * c1 + (d0 + f * d1) * hf, (
            e0 + f * e1 + (k0 + f * k1) * nf)
        # Richardson: (4 fine - coarse) / 3 cancels the h^2 error of the symmetric step
        V = (4.0 * V2 - V1) / 3.0
        m, hh, n = (4.0 * mf - mc) / 3.0, (4.0 * hf - hc) / 3.0, (4.0 * nf - nc) / 3.0
        vs[s + 1], ms[s + 1], hs[s + 1], ns[s + 1] = V, m, hh, n
    return vs, ms, hs, ns


# --------------------------------------------------------------------------
# Many neurons at once (numpy over neurons, a Python loop over time)
# --------------------------------------------------------------------------


_MIN, _MAX = np.minimum.reduce, np.maximum.reduce      # cheaper than ndarray.min per call


def _coeffs(table, V, h, phi):
    """Gate-step coefficients (N, 12) at V (N,): half step A, B then quarter step A, B."""
    x = (V - T_LO_MV) * (1.0 / T_DV_MV)
    if _MIN(x) >= 0.0 and _MAX(x) < _X_MAX:
        j = x.astype(np.intp)
        r = table[j]
        out = r[:, 12:] * (x - j)[:, None]
        out += r[:, :12]
        return out
    inside = (x >= 0.0) & (x < _X_MAX)                 # off the table: exact coefficients there
    j = np.where(inside, x, 0.0).astype(np.intp)
    r = table[j]
    out = r[:, :12] + r[:, 12:] * np.where(inside, x - j, 0.0)[:, None]
    off = ~inside
    for col, step in ((0, 0.5 * h), (6, 0.25 * h)):
        A, B = gate_flow(V[off], step, phi)
        out[off, col:col + 3] = A.T
        out[off, col + 3:col + 6] = B.T
    return out


def _v_flow(V, X, src, gna, gk, gl, gna_e, gk_e, minus_c):
    m, h, n = X[:, 0], X[:, 1], X[:, 2]
    w = m * m
    w *= m
    w *= h
    q = n * n
    q *= q
    gt = gna * w
    gt += gk * q
    gt += gl
    Ei = gna_e * w
    Ei += gk_e * q
    Ei += src
    Ei /= gt
    gt *= minus_c
    return Ei + (V - Ei) * np.exp(gt)


def run_many(y0, I_steps, h, phi, g, E, C):
    """:func:`run_one` for many neurons at once, one per column, same arithmetic.

    Parameters
    ----------
    y0 : array_like, shape (N, 4)
        Starting states (V in mV, m, h, n).
    I_steps : array_like, shape (S, N)
        Input (uA/cm^2) of each internal step (rows) and neuron (columns); a
        ``numpy.broadcast_to`` view costs nothing for inputs constant in time.
    h, phi, g, E, C
        As in :func:`run_one`.

    Returns
    -------
    V : ndarray, shape (S + 1, N)
        Membrane potential (mV) after every step, the start included.
    y_end : ndarray, shape (N, 4)
        The final states.
    """
    table = _tables(h, phi)[0]
    Y = np.array(y0, dtype=float, ndmin=2)
    I_arr = np.asarray(I_steps, dtype=float)
    S, N = I_arr.shape
    V, X = Y[:, 0].copy(), Y[:, 1:].copy()
    out = np.empty((S + 1, N))
    out[0] = V
    gna, gk, gl = g
    k = (gna, gk, gl, gna * E[0], gk * E[1])
    src0 = gl * E[2]
    for s in range(S):
        src = src0 + I_arr[s]
        c = _coeffs(table, V, h, phi)
        Xc = c[:, 0:3] + c[:, 3:6] * X                  # coarse: half step at V
        Xf = c[:, 6:9] + c[:, 9:12] * X                 # fine: quarter step at V
        V1 = _v_flow(V, Xc, src, *k, -h / C)
        Vm = _v_flow(V, Xf, src, *k, -0.5 * h / C)
        c = _coeffs(table, V1, h, phi)
        Xc = c[:, 0:3] + c[:, 3:6] * Xc
        c = _coeffs(table, Vm, h, phi)
        Xf = c[:, 0:3] + c[:, 3:6] * Xf
        V2 = _v_flow(Vm, Xf, src, *k, -0.5 * h / C)
        c = _coeffs(table, V2, h, phi)
        Xf = c[:, 6:9] + c[:, 9:12] * Xf
        V = (4.0 * V2 - V1) / 3.0
        X = (4.0 * Xf - Xc) / 3.0
        out[s + 1] = V
    return out, np.column_stack([V, X])
