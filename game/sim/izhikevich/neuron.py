r"""One Izhikevich neuron: the equations, the exact stepper, :func:`simulate`, :func:`trajectory`.

Model (Izhikevich 2003), time in ms, voltages in mV, ``I`` in the model's own
dimensionless current units (it enters ``dv/dt`` directly, so "I = 10" means
10 mV/ms of drive; it is not pA)::

    dv/dt = 0.04 v^2 + 5 v + 140 - u + I
    du/dt = a (b v - u)
    if v >= V_PEAK_MV (+30 mV):  v <- c,  u <- u + d

``a`` (1/ms) is the recovery rate, ``b`` the sensitivity of ``u`` to ``v``,
``c`` (mV) the after-spike reset of ``v`` and ``d`` the after-spike jump of
``u``.

Numerical scheme
----------------
For frozen ``u`` the voltage equation is a Riccati equation with constant
coefficients.  With ``w = v + 62.5`` and ``q = I - u - 16.25`` it reads
``w' = k w^2 + q`` (``k = 0.04``) and is solved exactly over a step ``h`` by
the linearisation ``w = -y'/(k y)``, ``y'' = -k q y``::

    y(h) = C - k w0 S,  w(h) = (q S + w0 C) / y(h),
    C = cos(sqrt(kq) h),  S = sin(sqrt(kq) h) / sqrt(kq)     (q > 0; cosh/sinh for q < 0)

so the quadratic blow-up of the upstroke, the crossing of +30 mV and its time
are all exact: no overflow however fast ``v`` rises, and no step size limit
from the stiff ``v`` equation.  ``u`` is advanced with the exact exponential of
``du/dt = a (b v - u)`` driven by the exact mean of ``v`` over the step,
``mean(v) = -ln y(h) / (k h) - 62.5``; the ``u`` used for the ``v`` step is the
midpoint predictor.  The spike time is the exact crossing time of +30 mV
within the step (for the midpoint ``u``), the reset is applied at that instant
and the rest of the step is integrated from ``(c, u + d)``.  Measured: halving
``dt`` from 0.2 ms moves no spike of the seven presets by more than 0.2 ms over
1 s of ``I = 10`` (the error is second order in ``dt`` and the drift grows
linearly with the number of spikes).

Why this and not RK4 or ``solve_ivp``: one neuron must run 1 s of model time in
a few ms inside a pygame frame.  A pure-Python loop over ``math`` floats costs
about 1 us per step, so the budget is a few thousand steps; this scheme is
accurate enough at ``dt = 0.2`` ms (5000 steps, about 5 ms), where forward
Euler or RK4 would need ``dt <= 0.02`` ms near the upstroke.  The population
version (:func:`~game.sim.izhikevich.population.simulate_many`) runs the same
arithmetic on numpy arrays, every neuron at once, with a Python loop over time
only.

Output convention: ``t[i] = i * dt``.  A spike crossing +30 mV inside step
``(t[i-1], t[i]]`` is drawn at sample ``i`` as ``v[i] = +30`` exactly, with
``u[i]`` the value of ``u`` at the peak; the reset and the rest of the step
are in sample ``i + 1``'s history, and the true state at the end of the run is
``Run.state_end``.  At most one spike is emitted per step (only parameters far
outside the physiological range, e.g. ``c`` just under the peak, come near
this; the run's ``notes`` say so when it happens).

Safety: parameters and inputs are clamped to finite ranges (``PARAM_BOUNDS``,
``I_MAX``, ``U_MAX``), ``c`` is kept below the peak (``C_MAX_MV``), and every
clamp is listed in ``Run.notes`` for the view to show.  No code path can
overflow or produce NaN for finite inputs.

References
----------
.. [1] E. M. Izhikevich, "Simple model of spiking neurons," IEEE Trans.
   Neural Netw. 14(6):1569-1572, 2003.  (Fig. 2: RS, IB, CH, FS, LTS, TC, RZ.)
.. [2] E. M. Izhikevich, "Which model to use for cortical spiking neurons?"
   IEEE Trans. Neural Netw. 15(5):1063-1070, 2004.  (Fig. 1: firing classes.)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

__all__ = [
    "V_PEAK_MV", "DEFAULT_DT_MS", "C_MAX_MV", "V_MIN_MV", "U_MAX", "I_MAX", "DT_MAX_MS", "PARAM_BOUNDS",
    "Equations", "STANDARD", "GL_EQUATIONS", "R_EQUATIONS", "Run", "Trajectory", "simulate", "trajectory",
]

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

V_PEAK_MV = 30.0
"""Spike cut-off: when v reaches this (mV) the reset is applied."""

DEFAULT_DT_MS = 0.2
"""Default step (ms): 5000 steps per second of model time, about 5 ms of CPU."""

_K = 0.04                      # 1/(mV ms): quadratic coefficient
_P = 5.0 / (2.0 * _K)          # 62.5 mV: completes the square, w = v + _P
_Q0 = 140.0 - _K * _P * _P     # -16.25: q = I - u + _Q0
_W_PEAK = V_PEAK_MV + _P       # the peak in w units
_TINY = 1e-150                 # keeps sin(x)/x and sinh(x)/x finite at x = 0
_BIG_ANGLE = 3.0               # < pi: beyond it cos/sin alone cannot tell a blow-up

C_MAX_MV = V_PEAK_MV - 1.0
"""Largest reset c (mV) used; a reset at or above the peak would re-fire forever."""
V_MIN_MV = -1000.0
"""Lowest v0 and c (mV) accepted."""
U_MAX = 1e4
"""|u| is clamped to this, so an unstable recovery variable stays finite."""
I_MAX = 1e3
"""|I| is clamped to this."""
DT_MAX_MS = 1.0
"""Largest accepted step (ms)."""

PARAM_BOUNDS = {
    "a": (-1.0, 10.0),
    "b": (-100.0, 100.0),
    "c": (V_MIN_MV, C_MAX_MV),
    "d": (-U_MAX, U_MAX),
}
"""Ranges (inclusive) that a, b, c, d are clamped to; clamps are reported."""


class Equations(NamedTuple):
    """The coefficients of the model's two equations::

        dv/dt = 0.04 v^2 + k1 v + k0 - u + I
        du/dt = a (b (v - v_u) - leak u)

    The default is Izhikevich's (``k1 = 5``, ``k0 = 140``, ``du/dt = a (b v - u)``);
    Fig. 1 of Izhikevich (2004) uses two others: :data:`GL_EQUATIONS` for panels
    G and L, :data:`R_EQUATIONS` for panel R.

    Attributes
    ----------
    k1 : float
        Linear coefficient of v (1/ms).
    k0 : float
        Constant term (mV/ms).
    leak : float
        Decay of u (1: ``-a u``; 0: no decay, as in panel R).
    v_u : float
        Voltage (mV) at which u stops changing when ``leak = 0``.
    """

    k1: float = 5.0
    k0: float = 140.0
    leak: float = 1.0
    v_u: float = 0.0

    @property
    def p(self) -> float:
        """P = k1 / (2 k) (mV): w = v + P completes the square."""
        return self.k1 / (2.0 * _K)

    @property
    def q0(self) -> float:
        """Q0 = k0 - k P^2 (mV/ms): dv/dt = k w^2 + I - u + Q0."""
        return self.k0 - _K * self.p * self.p

    @property
    def w_peak(self) -> float:
        """The +30 mV peak in w units."""
        return V_PEAK_MV + self.p

    @property
    def standard(self) -> bool:
        """True for Izhikevich's own equations."""
        return self == STANDARD


STANDARD = Equations()
"""dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u)."""
GL_EQUATIONS = Equations(k1=4.1, k0=108.0)
"""Fig. 1 G and L: dv/dt = 0.04 v^2 + 4.1 v + 108 - u + I."""
R_EQUATIONS = Equations(leak=0.0, v_u=-65.0)
"""Fig. 1 R (accommodation): du/dt = a b (v + 65)."""


def _check_eqs(eqs) -> Equations:
    eqs = STANDARD if eqs is None else Equations(*eqs)
    if not all(math.isfinite(float(x)) for x in eqs) or eqs.leak < 0.0:
        raise ValueError(f"equations must have finite coefficients and leak >= 0, got {eqs!r}")
    return Equations(*(float(x) for x in eqs))


# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


class _RunFields(NamedTuple):
    t: np.ndarray
    v: np.ndarray
    u: np.ndarray
    spikes: np.ndarray


class Run(_RunFields):
    """Result of :func:`simulate`: a 4-tuple ``(t, v, u, spikes)`` plus extras.

    Attributes
    ----------
    t : ndarray, shape (n + 1,)
        Sample times (ms), ``t[i] = i * dt``.
    v : ndarray
        Membrane potential (mV) at ``t``; +30 exactly at spike samples.
    u : ndarray
        Recovery variable at ``t`` (its value at the peak at spike samples).
    spikes : ndarray
        Spike times (ms), the exact +30 mV crossing times.
    notes : tuple of str
        Every clamp or safety limit that changed the run (empty normally).
    state_end : tuple of float
        The true (v, u) at ``t[-1]`` (after any reset), to continue a run.
    reset_u : ndarray
        u right after each reset (``u_peak + d``), aligned with ``spikes``.
    """

    notes: tuple = ()
    state_end: tuple = (float("nan"), float("nan"))
    reset_u: np.ndarray = np.zeros(0)

    def __new__(cls, t, v, u, spikes, notes=(), state_end=None, reset_u=None):
        self = super().__new__(cls, t, v, u, spikes)
        self.notes = tuple(notes)
        if state_end is not None:
            self.state_end = state_end
        self.reset_u = np.zeros(0) if reset_u is None else reset_u
        return self


class Trajectory(NamedTuple):
    """A path in the (v, u) plane with its reset hops, for drawing.

    Attributes
    ----------
    t, v, u : ndarray
        As in :class:`Run`; ``(v[i], u[i])`` is the peak ``(30, u_peak)`` at a
        spike sample ``i``.
    reset_index : ndarray of int
        Spike sample indices: draw a dashed hop from ``(v[i], u[i])`` to
        ``reset_to[k]``, then a solid line from there to ``(v[i+1], u[i+1])``.
    reset_to : ndarray, shape (n_spikes, 2)
        ``(c, u_peak + d)`` for each spike.
    notes : tuple of str
        Clamps, as in :class:`Run`.
    """

    t: np.ndarray
    v: np.ndarray
    u: np.ndarray
    reset_index: np.ndarray
    reset_to: np.ndarray
    notes: tuple


# --------------------------------------------------------------------------
# Input validation and clamping
# --------------------------------------------------------------------------


def _clamp_param(name, value, notes):
    lo, hi = PARAM_BOUNDS[name]
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"parameter {name} must be a finite number, got {value!r}")
    if x < lo or x > hi:
        y = min(max(x, lo), hi)
        why = " (a reset at or above the +30 mV peak would fire every step)" if (
            name == "c" and x > hi) else ""
        notes.append(f"{name} = {x:g} clamped to {y:g}{why}")
        return y
    return x


def _clamp_param_array(name, value, notes):
    lo, hi = PARAM_BOUNDS[name]
    x = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"parameter {name} must be finite everywhere")
    y = np.clip(x, lo, hi)
    if np.any(y != x):
        notes.append(f"{name} clamped to [{lo:g}, {hi:g}] for some neurons")
    return y


def _check_dt(t_ms, dt_ms):
    dt = float(dt_ms)
    if not (math.isfinite(dt) and 0.0 < dt <= DT_MAX_MS):
        raise ValueError(f"dt_ms must be in (0, {DT_MAX_MS}] ms, got {dt_ms!r}")
    t_ms = float(t_ms)
    if not (math.isfinite(t_ms) and t_ms > 0.0):
        raise ValueError(f"t_ms must be a positive number of ms, got {t_ms!r}")
    n = max(1, int(round(t_ms / dt)))
    return n, dt


def _grid(n, dt):
    return np.arange(n + 1) * dt


def _input_on_grid(I, t, notes):
    """I as an array on the grid t (len n + 1), clamped to +-I_MAX."""
    if callable(I):
        try:
            arr = np.asarray(I(t), dtype=float)
            if arr.shape != t.shape:
                arr = np.broadcast_to(arr, t.shape).astype(float)
        except (TypeError, ValueError):
            arr = np.array([float(I(float(x))) for x in t])
    else:
        arr = np.asarray(I, dtype=float)
        if arr.ndim == 0:
            arr = np.full(t.shape, float(arr))
        elif arr.shape != t.shape:
            raise ValueError(
                f"I array must lie on the time grid, shape {t.shape}, got {arr.shape}")
    if np.any(np.isnan(arr)):
        raise ValueError("I contains NaN")
    clipped = np.clip(arr, -I_MAX, I_MAX)
    if np.any(clipped != arr):
        notes.append(f"I clamped to [-{I_MAX:g}, {I_MAX:g}]")
    return clipped

# --------------------------------------------------------------------------
# The exact voltage flow
# --------------------------------------------------------------------------
#
# Half-angle form of the step: with x = sqrt(|k q|) h / 2 and T = tan(x)
# (q > 0) or tanh(x) (q < 0), T2 = +-T^2,
#     C = (1 - T2) / D,  S = (2 h T / (2 x)) / D,  D = 1 + T2 > 0,
# and since w(h) = (q S + w0 C) / (C - k w0 S) is a ratio, D cancels; it only
# returns in ln y(h) = ln(y' / D).  One tan or tanh per step instead of cos,
# sin (or cosh, sinh), which halves the cost of both loops.  The identities
# hold for any x, so they stay valid past x = pi/2; only the blow-up test
# needs the crossing time there (2 x > _BIG_ANGLE).
#
# Other coefficients (Equations): w = v + P with P = k1 / (2 k) and
# q = I - u + Q0 with Q0 = k0 - k P^2; the peak is W = 30 + P in w units.
# The recovery equation du/dt = a b (v - v_u) - a leak u with v frozen at its
# step mean vbar gives u(h) = u e + g (vbar - v_u), e = exp(-beta h),
# g = a b h (1 - e) / (beta h) with beta = a leak (g = a b h for beta = 0).


def _u_step(a, b, leak, h):
    """(e, g) of the exact u step over h ms: ``u(h) = u e + g (vbar - v_u)``."""
    x = a * leak * h
    phi = 1.0 if x == 0.0 else -math.expm1(-x) / x
    return math.exp(-x), a * b * h * phi


def _cross_time(w0, q, h, W=_W_PEAK):
    """Time (ms) for w' = k w^2 + q to climb from w0 to the peak W, clipped to [0, h]."""
    if w0 >= W:
        return 0.0
    if q >= 0.0:
        s = max(math.sqrt(q / _K), _TINY)
        tau = math.atan2(s * (W - w0), q / _K + W * w0) / (_K * s)
    else:
        r = math.sqrt(-q / _K)
        den = W * w0 - r * r
        if w0 <= r or den <= 0.0:
            return h
        x = r * (W - w0) / den
        if x >= 1.0:
            return h
        tau = math.atanh(x) / (_K * r)
    return min(max(tau, 0.0), h)


def _half_angle(q, h):
    """(Sp, Cp, D, sz) of the half-angle step for frozen q over h."""
    z = _K * q * h * h
    if z > 0.0:
        sz = max(math.sqrt(z), _TINY)
        T = math.tan(0.5 * sz)
        T2 = T * T
    else:
        sz = max(math.sqrt(-z), _TINY)
        T = math.tanh(0.5 * sz)
        T2 = -T * T
    return 2.0 * h * T / sz, 1.0 - T2, 1.0 + T2, (sz if z > 0.0 else 0.0)


def _clampu(u):
    # the midpoint u too: |q| <= I_MAX + U_MAX + |Q0| keeps D = 1 - tanh^2 > 0
    return U_MAX if u > U_MAX else (-U_MAX if u < -U_MAX else u)


def _substep(v, u, I, h, a, b, eqs):
    """Advance (v, u) by h ms without a spike; None if v reaches the peak."""
    P, W = eqs.p, eqs.w_peak
    w0 = v + P
    if w0 >= W:
        return None
    e2, g2 = _u_step(a, b, eqs.leak, 0.5 * h)
    q = I - _clampu(u * e2 + g2 * (v - eqs.v_u)) + eqs.q0
    Sp, Cp, D, sz = _half_angle(q, h)
    if sz > _BIG_ANGLE and _cross_time(w0, q, 2.0 * h, W) <= h:
        return None
    y = Cp - _K * w0 * Sp
    num = q * Sp + w0 * Cp
    if y <= 0.0 or num >= W * y:
        return None
    e, g = _u_step(a, b, eqs.leak, h)
    vbar = -math.log(y / D) / (_K * h) - P
    return num / y - P, u * e + g * (vbar - eqs.v_u)


def _spike_step(v, u, I, h, a, b, c, d, eqs):
    """A step of h ms in which v reaches the peak.

    Returns (tau, u_peak, v_end, u_end, refired): the spike tau ms into the
    step, u at the peak, the state at the end of the step, and whether the
    rest of the step reached the peak again (then v_end = V_PEAK_MV, so the
    next step fires at its start: at most one spike per step).
    """
    P, W, Q0, vu = eqs.p, eqs.w_peak, eqs.q0, eqs.v_u
    w0 = v + P
    if w0 >= W:
        tau, u_peak = 0.0, u
    else:
        # crossing time for the full-step midpoint u, then again with the
        # midpoint u of [0, tau]: keeps the spike step second order
        e2, g2 = _u_step(a, b, eqs.leak, 0.5 * h)
        tau = _cross_time(w0, I - _clampu(u * e2 + g2 * (v - vu)) + Q0, h, W)
        e2, g2 = _u_step(a, b, eqs.leak, 0.5 * tau)
        q = I - _clampu(u * e2 + g2 * (v - vu)) + Q0
        tau = _cross_time(w0, q, h, W)
        u_peak = u
        if tau > 0.0:
            Sp, Cp, D, _ = _half_angle(q, tau)
            y = (Cp - _K * w0 * Sp) / D
            e, g = _u_step(a, b, eqs.leak, tau)
            vbar = -math.log(y) / (_K * tau) - P if y > 0.0 else v
            u_peak = u * e + g * (vbar - vu)
        u_peak = min(max(u_peak, -U_MAX), U_MAX)
    v_new, u_new = c, min(max(u_peak + d, -U_MAX), U_MAX)
    hr = h - tau
    refired = False
    if hr > 0.0:
        nxt = _substep(v_new, u_new, I, hr, a, b, eqs)
        if nxt is None:
            refired = True
            e, g = _u_step(a, b, eqs.leak, hr)
            u_new = u_new * e + g * (v_new - vu)
            v_new = V_PEAK_MV
        else:
            v_new, u_new = nxt
        u_new = min(max(u_new, -U_MAX), U_MAX)
    return tau, u_peak, v_new, u_new, refired


def _run_scalar(a, b, c, d, I_arr, n, h, v0, u0, eqs):
    """The single-neuron time loop in Python floats (about 1 us per step)."""
    Il = I_arr.tolist()
    vs = [0.0] * (n + 1)
    us = [0.0] * (n + 1)
    v, u = v0, u0
    vs[0], us[0] = v, u
    spikes = []
    reset_u = []
    clamped_u = refired_any = False
    e2, g2 = _u_step(a, b, eqs.leak, 0.5 * h)
    e, g = _u_step(a, b, eqs.leak, h)
    m2 = -g2 * eqs.v_u                  # midpoint u = u e2 + g2 v + m2
    khh = _K * h * h
    h2 = 2.0 * h
    inv_kh = 1.0 / (_K * h)
    K, P, W, Q0, TINY, BIG = _K, eqs.p, eqs.w_peak, eqs.q0, _TINY, _BIG_ANGLE
    Pu = P + eqs.v_u                    # vbar - v_u = -ln(y / D) / (k h) - Pu
    sqrt, tan, tanh, log = math.sqrt, math.tan, math.tanh, math.log
    for i in range(n):
        Ii = Il[i]
        # Inlined copy of _substep/_half_angle: calls would double the cost.
        w0 = v + P
        um = u * e2 + g2 * v + m2
        if um > U_MAX or um < -U_MAX:
            um = U_MAX if um > 0.0 else -U_MAX
        q = Ii - um + Q0
        z = khh * q
        big = False
        if z > 0.0:
            sz = sqrt(z)
            if sz < TINY:
                sz = TINY
            T = tan(0.5 * sz)
            T2 = T * T
            if sz > BIG:
                big = _cross_time(w0, q, h2, W) <= h
        else:
            sz = sqrt(-z)
            if sz < TINY:
                sz = TINY
            T = tanh(0.5 * sz)
            T2 = -T * T
        Sp = h2 * T / sz
        Cp = 1.0 - T2
        y = Cp - K * w0 * Sp
        num = q * Sp + w0 * Cp
        if w0 < W and y > 0.0 and num < W * y and not big:
            v = num / y - P
            u = u * e - g * (log(y / (1.0 + T2)) * inv_kh + Pu)
            if u > U_MAX or u < -U_MAX:
                u = U_MAX if u > 0.0 else -U_MAX
                clamped_u = True
            vs[i + 1] = v
            us[i + 1] = u
            continue
        tau, u_peak, v, u, refired = _spike_step(v, u, Ii, h, a, b, c, d, eqs)
        refired_any |= refired
        spikes.append(i * h + tau)
        reset_u.append(min(max(u_peak + d, -U_MAX), U_MAX))
        vs[i + 1] = V_PEAK_MV
        us[i + 1] = u_peak
    notes = []
    if clamped_u:
        notes.append(f"u reached the clamp +-{U_MAX:g}")
    if refired_any:
        notes.append("firing capped at one spike per step (the reset is too close "
                     "to the peak or the drive is extreme)")
    return vs, us, spikes, reset_u, (v, u), notes


# --------------------------------------------------------------------------
# Public simulation API
# --------------------------------------------------------------------------


def simulate(a, b, c, d, I, t_ms, dt_ms=DEFAULT_DT_MS, v0=-65.0, u0=None, eqs=STANDARD) -> Run:
    """Simulate one Izhikevich neuron.

    Parameters
    ----------
    a : float
        Recovery rate (1/ms).
    b : float
        Sensitivity of u to v.
    c : float
        Reset potential (mV); clamped to at most ``C_MAX_MV`` (29 mV).
    d : float
        After-spike increment of u.
    I : float, array or callable
        Input (model units): a number; an array on the time grid
        (``len = round(t_ms / dt_ms) + 1``); or a callable ``I(t_ms)``, called
        once with the whole grid array if it accepts one, else per sample.
        Step ``(t[i], t[i+1])`` uses ``I[i]``.
    t_ms : float
        Duration (ms).
    dt_ms : float, optional
        Step and sample interval (ms), in (0, 1].  The default 0.2 ms is
        converged to better than 0.2 ms in spike times over 1 s.
    v0 : float, optional
        Initial v (mV).  ``v0 >= 30`` fires at t = 0.
    u0 : float, optional
        Initial u; default ``b * v0``.
    eqs : Equations, optional
        The equations' coefficients (default: Izhikevich's own).

    Returns
    -------
    Run
        ``(t, v, u, spikes)`` with ``notes``, ``state_end`` and ``reset_u``;
        see :class:`Run`.

    Examples
    --------
    >>> run = simulate(0.02, 0.2, -65.0, 8.0, I=10.0, t_ms=1000.0)    # RS
    >>> 15 <= len(run.spikes) <= 40
    True
    """
    notes: list[str] = []
    n, h = _check_dt(t_ms, dt_ms)
    a = _clamp_param("a", a, notes)
    b = _clamp_param("b", b, notes)
    c = _clamp_param("c", c, notes)
    d = _clamp_param("d", d, notes)
    t = _grid(n, h)
    I_arr = _input_on_grid(I, t, notes)
    v0 = float(v0)
    if not math.isfinite(v0):
        raise ValueError(f"v0 must be finite, got {v0!r}")
    if v0 < V_MIN_MV or v0 > V_PEAK_MV:
        notes.append(f"v0 = {v0:g} clamped to [{V_MIN_MV:g}, {V_PEAK_MV:g}]")
        v0 = min(max(v0, V_MIN_MV), V_PEAK_MV)
    u0 = b * v0 if u0 is None else float(u0)
    if not math.isfinite(u0):
        raise ValueError(f"u0 must be finite, got {u0!r}")
    if abs(u0) > U_MAX:
        notes.append(f"u0 = {u0:g} clamped to +-{U_MAX:g}")
        u0 = min(max(u0, -U_MAX), U_MAX)
    vs, us, spikes, reset_u, end, run_notes = _run_scalar(a, b, c, d, I_arr, n, h, v0, u0,
                                                          _check_eqs(eqs))
    return Run(t, np.array(vs), np.array(us), np.array(spikes, dtype=float),
               notes + run_notes, end, np.array(reset_u, dtype=float))


def trajectory(a, b, c, d, I, v0, u0, t_ms, dt_ms=DEFAULT_DT_MS, eqs=STANDARD) -> Trajectory:
    """Path in the (v, u) plane from a clicked point, with reset hops marked.

    Parameters
    ----------
    a, b, c, d, I : see :func:`simulate`
    v0 : float
        Starting v (mV).
    u0 : float
        Starting u.
    t_ms : float
        Duration (ms).
    dt_ms : float, optional
        Step (ms).
    eqs : Equations, optional

    Returns
    -------
    Trajectory
        Samples plus, per spike, the sample index of the peak and the point
        ``(c, u_peak + d)`` the reset jumps to (draw the jump dashed).
    """
    run = simulate(a, b, c, d, I, t_ms, dt_ms, v0=v0, u0=u0, eqs=eqs)
    idx = np.flatnonzero(run.v >= V_PEAK_MV)
    # a v0 clamped to the peak also sits at +30 at sample 0 without being a reset
    if idx.size > len(run.spikes):
        idx = idx[idx.size - len(run.spikes):]
    c_used = min(max(float(c), PARAM_BOUNDS["c"][0]), PARAM_BOUNDS["c"][1])
    reset_to = np.column_stack([np.full(len(run.spikes), c_used), run.reset_u])
    return Trajectory(run.t, run.v, run.u, idx, reset_to.reshape(-1, 2), run.notes)
