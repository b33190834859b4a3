r"""Izhikevich's simple spiking neuron: simulation, phase plane, firing patterns.

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
version (:func:`simulate_many`) runs the same arithmetic on numpy arrays,
every neuron at once, with a Python loop over time only.

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
.. [3] W. M. Kistler, W. Gerstner, J. L. van Hemmen, "Reduction of the
   Hodgkin-Huxley equations to a single-variable threshold model," Neural
   Comput. 9:1015-1045, 1997.  (Coincidence factor Gamma.)
.. [4] R. Jolivet et al., "A benchmark test for a quantitative assessment of
   simple neuron models," J. Neurosci. Methods 169:417-424, 2008.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

__all__ = [
    "V_PEAK_MV", "DEFAULT_DT_MS", "PRESETS", "PRESET_NOTES", "PresetNote",
    "FIRING_CLASSES", "PROTOCOLS", "Run", "Population", "Trajectory", "Equilibrium",
    "Cancelled", "simulate", "simulate_many", "bursts", "spikes_per_burst",
    "firing_rate", "adaptation_index", "classify_firing", "classify_many", "coincidence_factor",
    "v_nullcline", "u_nullcline", "equilibria", "saddle_node_current", "hopf_current", "resting_state",
    "Equations", "STANDARD", "GL_EQUATIONS", "R_EQUATIONS",
    "field",
    "trajectory", "atlas", "atlas_steps", "rheobase", "protocol_current",
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
# Presets
# --------------------------------------------------------------------------

PRESETS: dict[str, tuple[float, float, float, float]] = {
    "RS": (0.02, 0.2, -65.0, 8.0),     # regular spiking
    "IB": (0.02, 0.2, -55.0, 4.0),     # intrinsically bursting
    "CH": (0.02, 0.2, -50.0, 2.0),     # chattering
    "FS": (0.1, 0.2, -65.0, 2.0),      # fast spiking
    "LTS": (0.02, 0.25, -65.0, 2.0),   # low-threshold spiking
    "TC": (0.02, 0.25, -65.0, 0.05),   # thalamo-cortical
    "RZ": (0.1, 0.26, -65.0, 2.0),     # resonator
}
"""The cell classes of Izhikevich (2003) Fig. 2: name -> (a, b, c, d)."""


@dataclass(frozen=True)
class PresetNote:
    """What a preset is known for and the input that shows it.

    Attributes
    ----------
    name : str
        Long name of the cell class.
    behaviour : str
        The published behaviour, one sentence.
    protocol : str
        A :func:`protocol_current` kind that shows it.
    params : dict
        Keyword arguments for :func:`protocol_current`.
    t_ms : float
        A run length (ms) that shows it.
    expected_class : str
        What :func:`classify_firing` reports for that run.
    from_rest : bool
        Start at :func:`resting_state` (True) or at Izhikevich's usual
        ``v0 = -65, u0 = b v0`` (False, the default of :func:`simulate`).
    """

    name: str
    behaviour: str
    protocol: str
    params: dict
    t_ms: float
    expected_class: str
    from_rest: bool = False


PRESET_NOTES: dict[str, PresetNote] = {
    "RS": PresetNote(
        "regular spiking",
        "Tonic spikes whose interval lengthens after the first ones "
        "(spike-frequency adaptation); the common excitatory cortical cell.",
        "constant", {"amp": 10.0}, 1000.0, "spike_frequency_adaptation"),
    "IB": PresetNote(
        "intrinsically bursting",
        "An initial burst of 2-4 spikes, then repetitive single spikes "
        "(mixed mode): the high reset c = -55 mV lets the first spikes pile up.",
        "constant", {"amp": 10.0}, 1000.0, "mixed_mode"),
    "CH": PresetNote(
        "chattering",
        "Repeated bursts of several closely spaced spikes (c = -50 mV, small d); "
        "inter-burst intervals of about 40-50 ms.",
        "constant", {"amp": 10.0}, 1000.0, "tonic_bursting"),
    "FS": PresetNote(
        "fast spiking",
        "Very high-frequency tonic spikes (over 100 Hz at I = 10) with practically "
        "no adaptation; the fast recovery a = 0.1 settles within a few spikes.",
        "constant", {"amp": 10.0}, 1000.0, "tonic_spiking"),
    "LTS": PresetNote(
        "low-threshold spiking",
        "A high-frequency start (first interval about 3 ms) with strong spike-"
        "frequency adaptation; b = 0.25 also gives a low threshold and rebound "
        "spikes after inhibition.",
        "constant", {"amp": 10.0}, 1000.0, "spike_frequency_adaptation"),
    "TC": PresetNote(
        "thalamo-cortical",
        "Two modes: tonic spiking when depolarised from rest (I = 10), and a "
        "rebound burst when released from hyperpolarisation.  The rebound is "
        "the signature, so its protocol is a negative step: I = -10 from 50 "
        "to 250 ms, then 0.",
        "negative_step", {"amp": -10.0, "onset_ms": 50.0, "offset_ms": 250.0},
        1000.0, "phasic_bursting", True),
    "RZ": PresetNote(
        "resonator",
        "A resonator because its rest loses stability through an Andronov-Hopf "
        "bifurcation (b = 0.26 > a = 0.1: I_H = 0.2625, before the saddle-node at "
        "I_sn = 0.4225).  Rest is a stable focus (eigenvalues -0.05 +- 0.153i per "
        "ms at I = 0: a damped subthreshold oscillation with a period of about "
        "41 ms), so it responds to input timing: two brief pulses (2 ms, I = 1.2) "
        "that are each subthreshold fire a spike when 40-50 ms apart (in phase "
        "with the oscillation) but not when 20-35 ms or 55 ms or more apart.  "
        "Constant I = 10 only shows fast tonic spiking, so its protocol is this "
        "doublet, started at rest.",
        "pulse", {"amp": 1.2, "width_ms": 2.0, "onset_ms": 50.0,
                  "count": 2, "interval_ms": 45.0},
        300.0, "phasic_spiking", True),
}
"""Published behaviour of each preset and the protocol that shows it."""

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


class Population(NamedTuple):
    """Result of :func:`simulate_many`.

    Attributes
    ----------
    spikes : list of ndarray
        Spike times (ms) of each neuron, in C order of ``shape``.
    counts : ndarray of int, shape ``shape``
        Number of spikes of each neuron.
    shape : tuple
        The broadcast shape of the parameters.
    notes : tuple of str
        Clamps and safety limits that changed any neuron.
    """

    spikes: list
    counts: np.ndarray
    shape: tuple
    notes: tuple


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


class Cancelled(Exception):
    """Raised by :func:`atlas` / :func:`simulate_many` when ``should_stop()`` is true."""


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
    >>> run = simulate(*PRESETS["RS"], I=10.0, t_ms=1000.0)
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


def _cross_time_vec(w0, q, h, W=_W_PEAK):
    """Vectorised :func:`_cross_time`; h a number or an array like w0."""
    hh = np.broadcast_to(np.asarray(h, dtype=float), w0.shape)
    s2 = q / _K
    s = np.maximum(np.sqrt(np.abs(s2)), _TINY)
    pos = q >= 0.0
    tau_p = np.arctan2(s * (W - w0), s2 + W * w0) / (_K * s)
    if pos.all():                  # the usual case at a spike: skip the tanh branch
        tau = np.minimum(np.maximum(tau_p, 0.0), hh)
        tau[w0 >= W] = 0.0
        return tau
    den = W * w0 + s2                       # W w0 - r^2 for q < 0
    ok = (~pos) & (w0 > s) & (den > 0.0)
    x = np.where(ok, s * (W - w0) / np.where(ok, den, 1.0), 0.0)
    ok &= x < 1.0
    tau_n = np.where(ok, np.arctanh(np.where(ok, x, 0.0)) / (_K * s), hh)
    tau = np.where(pos, tau_p, tau_n)
    np.clip(tau, 0.0, hh, out=tau)
    tau[w0 >= W] = 0.0
    return tau


_CF_DEPTH = 8            # Lambert's continued fraction: 4e-16 relative for |zeta| <= 1
_CF_LIMIT = 1.0
_BIG_ZETA = (0.5 * _BIG_ANGLE) ** 2


def _tan_ratio_vec(zeta):
    """G(zeta) = tan(x)/x with x = sqrt(zeta) (tanh(x)/x for zeta = -x^2 < 0).

    Lambert's continued fraction G = 1 / (1 - zeta / (3 - zeta / (5 - ...)))
    covers both signs without branches or masked transcendental calls, which
    cost more than the whole rest of a vectorised step; the rare
    |zeta| > 1 (extreme drive) falls back to tan / tanh.
    """
    t = (2.0 * _CF_DEPTH - 1.0) - zeta / (2.0 * _CF_DEPTH + 1.0)
    tmp = np.empty_like(t)
    for k in range(_CF_DEPTH - 2, -1, -1):
        np.divide(zeta, t, out=tmp)
        np.subtract(2.0 * k + 1.0, tmp, out=t)
    np.divide(1.0, t, out=t)
    far = np.abs(zeta) > _CF_LIMIT
    if far.any():
        zf = zeta[far]
        x = np.sqrt(np.abs(zf))
        t[far] = np.where(zf > 0.0, np.tan(x), np.tanh(x)) / x
    return t


def _half_angle_vec(q, h):
    """Vectorised :func:`_half_angle`: (Sp, Cp, D, big) with big = blow-up test needed."""
    zeta = q * (0.25 * _K * h * h)
    G = _tan_ratio_vec(zeta)
    T2 = G * G
    T2 *= zeta
    Sp = G * h
    Cp = 1.0 - T2
    T2 += 1.0
    return Sp, Cp, T2, zeta > _BIG_ZETA


def _u_step_vec(a, b, leak, h):
    """Vectorised :func:`_u_step`."""
    x = a * leak * h
    small = x == 0.0
    phi = np.where(small, 1.0, -np.expm1(-x) / np.where(small, 1.0, x))
    return np.exp(-x), a * b * h * phi


def _substep_vec(v, u, I, h, a, b, eqs=STANDARD):
    """Vectorised :func:`_substep`: returns (v_new, u_new, fired)."""
    P, W = eqs.p, eqs.w_peak
    w0 = v + P
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * h)
    q = I - np.clip(u * e2 + g2 * (v - eqs.v_u), -U_MAX, U_MAX) + eqs.q0
    Sp, Cp, D, big = _half_angle_vec(q, h)
    y = Cp - _K * w0 * Sp
    num = q * Sp + w0 * Cp
    fired = (w0 >= W) | (y <= 0.0) | (num >= W * y)
    if big.any():
        hb = h[big] if np.ndim(h) else h
        fired[big] |= _cross_time_vec(w0[big], q[big], 2.0 * hb, W) <= hb
    ok = ~fired
    ys = np.where(ok, y, 1.0)
    e, g = _u_step_vec(a, b, eqs.leak, h)
    v_new = np.where(ok, num / ys - P, v)
    u_new = np.where(ok, u * e - g * (np.log(ys / D) / (_K * h) + P + eqs.v_u), u)
    return v_new, u_new, fired


def _spike_step_vec(v, u, I, h, a, b, c, d, eqs=STANDARD):
    """Vectorised :func:`_spike_step` for the neurons that fire in this step."""
    P, W, Q0, vu = eqs.p, eqs.w_peak, eqs.q0, eqs.v_u
    w0 = v + P
    dv = v - vu
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * h)
    tau = _cross_time_vec(w0, I - np.clip(u * e2 + g2 * dv, -U_MAX, U_MAX) + Q0, h, W)
    e2, g2 = _u_step_vec(a, b, eqs.leak, 0.5 * tau)
    q = I - np.clip(u * e2 + g2 * dv, -U_MAX, U_MAX) + Q0
    tau = _cross_time_vec(w0, q, h, W)
    Sp, Cp, D, _ = _half_angle_vec(q, tau)
    y = (Cp - _K * w0 * Sp) / D
    okp = (tau > 0.0) & (y > 0.0)
    e, g = _u_step_vec(a, b, eqs.leak, tau)
    vbar = np.where(okp, -np.log(np.where(okp, y, 1.0)) / (_K * np.where(okp, tau, 1.0)) - P, v)
    u_peak = np.where(tau > 0.0, u * e + g * (vbar - vu), u)
    np.clip(u_peak, -U_MAX, U_MAX, out=u_peak)
    u_new = np.clip(u_peak + d, -U_MAX, U_MAX)
    hr = h - tau
    v_new, u_new, fr = _substep_vec(np.array(c, dtype=float), u_new, I, np.maximum(hr, _TINY),
                                    a, b, eqs)
    fr &= hr > 0.0
    if fr.any():
        er, gr = _u_step_vec(a, b, eqs.leak, hr)
        u_new = np.where(fr, u_new * er + gr * (c - vu), u_new)
        v_new = np.where(fr, V_PEAK_MV, v_new)
    np.clip(u_new, -U_MAX, U_MAX, out=u_new)
    return tau, u_peak, v_new, u_new, fr


def simulate_many(a, b, c, d, I, t_ms, dt_ms=DEFAULT_DT_MS, v0=-65.0, u0=None,
                  progress=None, should_stop=None, eqs=STANDARD) -> Population:
    """Simulate many independent neurons at once (numpy over neurons).

    Same scheme and numbers as :func:`simulate` (to rounding), with a Python
    loop over time and array arithmetic over all neurons in each step.

    Parameters
    ----------
    a, b, c, d : float or array_like
        Parameters as in :func:`simulate`; broadcast together (and with ``I``,
        ``v0``, ``u0`` when those are arrays).
    I : float, array_like or callable
        Either constant in time per neuron (a number or an array broadcasting
        with the parameters), or a callable ``I(t_ms)`` shared by all neurons.
    t_ms : float
        Duration (ms).
    dt_ms : float, optional
        Step (ms), as in :func:`simulate`.
    v0 : float or array_like, optional
        Initial v (mV).
    u0 : float or array_like, optional
        Initial u; default ``b * v0``.
    progress : callable, optional
        Called as ``progress(fraction)`` about 50 times during the run.
    should_stop : callable, optional
        Checked alongside ``progress``; when it returns true the run raises
        :class:`Cancelled` (for a background thread whose job went stale).
    eqs : Equations, optional
        The equations' coefficients, shared by all neurons.

    Returns
    -------
    Population
        Spike times per neuron (C order), counts shaped like the parameters.
    """
    n, _ = _check_dt(t_ms, dt_ms)
    flat = _drive(_many_steps(a, b, c, d, I, t_ms, dt_ms, v0, u0, eqs), n, progress, should_stop)
    N = flat.counts.size
    if flat.times.size:
        spikes = np.split(flat.times, np.cumsum(flat.counts)[:-1])
    else:
        spikes = [np.zeros(0) for _ in range(N)]
    return Population(spikes, flat.counts.reshape(flat.shape), flat.shape, flat.notes)


class _Flat(NamedTuple):
    """Spikes of many neurons in one array: ``times`` grouped by neuron (C order), each
    group in time order, ``counts`` per neuron (flat), the parameters' ``shape``, notes."""

    times: np.ndarray
    counts: np.ndarray
    shape: tuple
    notes: tuple


def _drive(steps, n, progress=None, should_stop=None):
    """Run a step generator to its end; ``n`` is the number of time steps of a run.

    Every ``n // 50``-th yield ``should_stop`` is checked (raising :class:`Cancelled`)
    and ``progress`` is told the yielded fraction; at the end ``progress(1.0)``.
    """
    every = max(1, n // 50)
    k = 0
    while True:
        try:
            f = next(steps)
        except StopIteration as done:
            if progress is not None:
                progress(1.0)
            return done.value
        if k % every == 0:
            if should_stop is not None and should_stop():
                steps.close()
                raise Cancelled("simulation stopped by should_stop()")
            if progress is not None:
                progress(f)
        k += 1


#: Spikes handled between two yields when the spikes of many neurons are sorted or
#: classified (a few ms of numpy work on 100k spikes).
_SPIKES_PER_SLICE = 100_000


def _neuron_blocks(counts, per_slice=_SPIKES_PER_SLICE):
    """Boundaries ``[0, ..., N]`` of consecutive neuron ranges holding ~``per_slice`` spikes each."""
    cum = np.cumsum(counts)
    total = int(cum[-1]) if cum.size else 0
    cuts = np.searchsorted(cum, np.arange(per_slice, total, per_slice), side="right")
    return np.unique(np.concatenate([[0], cuts, [counts.size]])).tolist()


def _group_by_neuron(idx, ts, counts):
    """Spike times ``ts`` of neurons ``idx`` (in time order) regrouped by neuron, each group
    still in time order; a generator that yields between slices of ~100k spikes."""
    edges = _neuron_blocks(counts)
    small = counts.size < 2 ** 15                 # int16 keys sort by radix, in linear time
    if len(edges) <= 2:
        order = np.argsort(idx.astype(np.int16) if small else idx, kind="stable")
        return ts[order]
    parts = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = np.flatnonzero((idx >= lo) & (idx < hi))
        key = idx[sel] - lo
        parts.append(ts[sel[np.argsort(key.astype(np.int16) if small else key, kind="stable")]])
        yield 1.0
    return np.concatenate(parts)


def _classify_slices(S, counts, t_ms):
    """:func:`_classify_flat` in slices of ~100k spikes with a yield between two (a generator)."""
    edges = _neuron_blocks(counts)
    off = np.concatenate([[0], np.cumsum(counts)])
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        out.append(_classify_flat(S[off[lo]:off[hi]], counts[lo:hi], t_ms))
        if hi < counts.size:
            yield 1.0
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _many_steps(a, b, c, d, I, t_ms, dt_ms=DEFAULT_DT_MS, v0=-65.0, u0=None, eqs=STANDARD):
    """:func:`simulate_many` as a generator: yields ``i / n`` before each of the ``n`` time
    steps and once more before sorting the spikes, and returns a :class:`_Flat`.

    A caller may stop between any two yields (a frame loop that spends a time
    budget per frame); the numbers do not depend on where it stops.
    """
    notes: list[str] = []
    n, h = _check_dt(t_ms, dt_ms)
    eqs = _check_eqs(eqs)
    t = _grid(n, h)
    shared = callable(I)
    if shared:
        I_grid = _input_on_grid(I, t, notes)
        I_const = np.zeros(())
    else:
        I_const = np.asarray(I, dtype=float)
        if np.any(np.isnan(I_const)):
            raise ValueError("I contains NaN")
        clipped = np.clip(I_const, -I_MAX, I_MAX)
        if np.any(clipped != I_const):
            notes.append(f"I clamped to [-{I_MAX:g}, {I_MAX:g}]")
        I_const = clipped
    pa = _clamp_param_array("a", a, notes)
    pb = _clamp_param_array("b", b, notes)
    pc = _clamp_param_array("c", c, notes)
    pd = _clamp_param_array("d", d, notes)
    v0a = np.asarray(v0, dtype=float)
    u0a = None if u0 is None else np.asarray(u0, dtype=float)
    shape = np.broadcast_shapes(pa.shape, pb.shape, pc.shape, pd.shape, I_const.shape,
                                v0a.shape, () if u0a is None else u0a.shape)
    N = int(np.prod(shape))
    A, B, Cc, D_ = (np.broadcast_to(x, shape).ravel().astype(float) for x in (pa, pb, pc, pd))
    Iv = np.broadcast_to(I_const, shape).ravel().astype(float)
    v = np.broadcast_to(v0a, shape).ravel().astype(float)
    if not np.all(np.isfinite(v)):
        raise ValueError("v0 must be finite")
    if np.any((v < V_MIN_MV) | (v > V_PEAK_MV)):
        notes.append(f"v0 clamped to [{V_MIN_MV:g}, {V_PEAK_MV:g}]")
        np.clip(v, V_MIN_MV, V_PEAK_MV, out=v)
    u = B * v if u0a is None else np.broadcast_to(u0a, shape).ravel().astype(float)
    if not np.all(np.isfinite(u)):
        raise ValueError("u0 must be finite")
    if np.any(np.abs(u) > U_MAX):
        notes.append(f"u0 clamped to +-{U_MAX:g}")
    np.clip(u, -U_MAX, U_MAX, out=u)

    e2, b_e2 = _u_step_vec(A, B, eqs.leak, 0.5 * h)
    e, b_e = _u_step_vec(A, B, eqs.leak, h)
    m2 = -b_e2 * eqs.v_u
    inv_kh = 1.0 / (_K * h)
    hv = np.full(N, h)
    spike_idx: list[np.ndarray] = []
    spike_t: list[np.ndarray] = []
    u_clamped = refired_any = False
    W, P, Q0 = eqs.w_peak, eqs.p, eqs.q0
    Pu = P + eqs.v_u
    for i in range(n):
        yield i / n
        Ii = I_grid[i] if shared else Iv
        # the same arithmetic as the inlined loop of _run_scalar
        w0 = v + P
        um = u * e2
        um += b_e2 * v
        um += m2
        np.clip(um, -U_MAX, U_MAX, out=um)
        q = Ii - um
        q += Q0
        Sp, Cp, D, big = _half_angle_vec(q, h)
        y = Sp * w0
        y *= -_K
        y += Cp
        num = q * Sp
        num += w0 * Cp
        fired = y <= 0.0
        fired |= num >= W * y
        fired |= w0 >= W
        if big.any():
            fired[big] |= _cross_time_vec(w0[big], q[big], 2.0 * h, W) <= h
        anyf = fired.any()
        if anyf:
            fidx = np.flatnonzero(fired)
            v_f, u_f = v[fidx], u[fidx]
            y[fidx] = 1.0
        ys = y
        v_next = num / ys
        v_next -= P
        ys /= D
        lg = np.log(ys)
        lg *= inv_kh
        lg += Pu
        lg *= b_e
        u_next = u * e
        u_next -= lg
        if anyf:
            Ifi = np.full(fidx.size, Ii) if shared else Iv[fidx]
            tau, _, vf, uf, rf = _spike_step_vec(v_f, u_f, Ifi, hv[fidx],
                                                 A[fidx], B[fidx], Cc[fidx], D_[fidx], eqs)
            v_next[fidx] = vf
            u_next[fidx] = uf
            refired_any |= bool(rf.any())
            spike_idx.append(fidx)
            spike_t.append(i * h + tau)
        v = v_next
        if u_next.max() > U_MAX or u_next.min() < -U_MAX:
            u_clamped = True
            np.clip(u_next, -U_MAX, U_MAX, out=u_next)
        u = u_next
    yield 1.0
    if spike_idx:
        idx = np.concatenate(spike_idx)
        ts = np.concatenate(spike_t)
        counts = np.bincount(idx, minlength=N)
        yield 1.0
        ts = yield from _group_by_neuron(idx, ts, counts)
    else:
        counts = np.zeros(N, dtype=int)
        ts = np.zeros(0)
    if u_clamped:
        notes.append(f"u reached the clamp +-{U_MAX:g}")
    if refired_any:
        notes.append("firing capped at one spike per step for some neurons")
    return _Flat(ts, counts, tuple(shape), tuple(notes))


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


# --------------------------------------------------------------------------
# Spike-train measures
# --------------------------------------------------------------------------

BURST_ISI_MS = 10.0
"""Default largest interval (ms) inside a burst."""
BURST_GAP_RATIO = 3.0
"""classify_firing: a burst must be set off by gaps this many times its longest
interval (so a gradually slowing train is not called a burst)."""
BURSTING_FRACTION = 0.75
"""classify_firing: at least this share of spikes in bursts for tonic bursting."""
PHASIC_QUIET_FRACTION = 0.5
"""classify_firing: the train is phasic if it falls silent for at least this
share of the run (and for BURST_GAP_RATIO times its longest interval)."""
SFA_RATIO = 1.5
"""classify_firing: spike-frequency adaptation needs the steady interval to be at
least this many times the first one ..."""
SFA_MIN_INCREASE_MS = 5.0
"""... and longer by at least this much (ms): the few-ms stretch of a fast-
spiking cell's first intervals does not count as adaptation."""

FIRING_CLASSES = ("silent", "tonic_spiking", "phasic_spiking", "tonic_bursting",
                  "phasic_bursting", "spike_frequency_adaptation", "mixed_mode")
"""Names returned by :func:`classify_firing`; :func:`atlas` returns indices into it."""


def _as_spikes(spikes):
    s = np.asarray(spikes, dtype=float).ravel()
    if s.size > 1 and np.any(np.diff(s) < 0):
        s = np.sort(s)
    return s


def _groups(s, max_isi_ms):
    """Split sorted spike times where the interval exceeds max_isi_ms."""
    if s.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(s) > max_isi_ms) + 1
    return np.split(s, cuts)


def bursts(spikes, max_isi_ms=BURST_ISI_MS, min_spikes=2) -> list[np.ndarray]:
    """Group a spike train into bursts.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    max_isi_ms : float, optional
        Consecutive spikes at most this far apart (ms) belong to one burst.
    min_spikes : int, optional
        Smallest group reported (2: real bursts; 1: every event, isolated
        spikes included, so the groups partition the train).

    Returns
    -------
    list of ndarray
        Spike times of each burst, in time order.
    """
    return [g for g in _groups(_as_spikes(spikes), max_isi_ms) if g.size >= min_spikes]


def spikes_per_burst(spikes, max_isi_ms=BURST_ISI_MS) -> float:
    """Mean number of spikes per event (a burst or an isolated spike).

    Isolated spikes count as events of one, so a regular spiker scores 1 and
    an initial burst followed by single spikes scores little more than 1.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    max_isi_ms : float, optional
        Burst grouping interval (ms), as in :func:`bursts`.

    Returns
    -------
    float
        0.0 for an empty train.
    """
    g = bursts(spikes, max_isi_ms, min_spikes=1)
    return float(np.mean([x.size for x in g])) if g else 0.0


def firing_rate(spikes, t_ms, t_start_ms=0.0, t_stop_ms=None) -> float:
    """Mean firing rate (Hz) in a window.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    t_ms : float
        Run length (ms); the default window end.
    t_start_ms, t_stop_ms : float, optional
        Window (ms); spikes with ``t_start_ms <= t < t_stop_ms`` count.

    Returns
    -------
    float
        Spikes per second.
    """
    s = _as_spikes(spikes)
    stop = float(t_ms) if t_stop_ms is None else float(t_stop_ms)
    width = stop - float(t_start_ms)
    if width <= 0.0:
        raise ValueError("the rate window must have positive length")
    k = np.count_nonzero((s >= t_start_ms) & (s < stop))
    return 1000.0 * k / width


def adaptation_index(spikes) -> float:
    """Mean normalised change of consecutive intervals.

    ``A = mean_k (ISI[k+1] - ISI[k]) / (ISI[k+1] + ISI[k])`` (the Allen Cell
    Types / Druckmann et al. definition): > 0 when the train slows down, 0 for
    a perfectly regular train, < 0 when it accelerates.  Bursts contribute
    strongly; apply it to non-bursting trains.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).

    Returns
    -------
    float
        In (-1, 1); 0.0 with fewer than 3 spikes.
    """
    isi = np.diff(_as_spikes(spikes))
    if isi.size < 2:
        return 0.0
    tot = isi[1:] + isi[:-1]
    ok = tot > 0
    if not ok.any():
        return 0.0
    return float(np.mean((isi[1:][ok] - isi[:-1][ok]) / tot[ok]))


def classify_many(spike_trains, t_ms, max_isi_ms=BURST_ISI_MS) -> np.ndarray:
    """:func:`classify_firing` for many trains at once, without a loop over trains.

    Parameters
    ----------
    spike_trains : sequence of array_like
        Spike times (ms) of each neuron, each from a run starting at 0 ms.
    t_ms : float
        Run length (ms).
    max_isi_ms : float, optional
        Largest interval inside a burst (ms).

    Returns
    -------
    ndarray of int
        Indices into :data:`FIRING_CLASSES`, one per train.
    """
    trains = [_as_spikes(x) for x in spike_trains]
    counts = np.array([x.size for x in trains], dtype=np.int64)
    S = np.concatenate(trains) if trains else np.zeros(0)
    return _classify_flat(S, counts, t_ms, max_isi_ms)


def _classify_flat(S, counts, t_ms, max_isi_ms=BURST_ISI_MS) -> np.ndarray:
    """:func:`classify_many` of trains given as one array ``S`` (grouped by train, each in
    time order) and their ``counts``: no per-train Python objects at all."""
    counts = np.asarray(counts, dtype=np.int64)
    N = counts.size
    t_ms = float(t_ms)
    out = np.zeros(N, dtype=np.int64)                      # silent
    total = int(counts.sum())
    if total == 0:
        return out
    nid = np.repeat(np.arange(N), counts)
    off = np.concatenate([[0], np.cumsum(counts)[:-1]])     # first spike of each train
    has = counts > 0
    last = np.zeros(N)
    last[has] = S[off[has] + counts[has] - 1]

    # intervals; those across two trains are masked out (set to 0)
    isi = S[1:] - S[:-1]
    same = nid[1:] == nid[:-1]
    isi_v = np.where(same, isi, 0.0)
    multi_t = counts >= 2
    longest = np.zeros(N)
    first = np.zeros(N)
    if multi_t.any():
        longest[multi_t] = np.maximum.reduceat(isi_v, off[multi_t])
        first[multi_t] = isi[off[multi_t]]

    # groups of spikes closer than max_isi_ms, then bursts set off by gaps
    cut = (~same) | (isi > max_isi_ms)
    starts = np.flatnonzero(np.concatenate([[True], cut]))
    ends = np.concatenate([starts[1:], [total]])
    sizes = ends - starts
    m = sizes >= 2
    n_bursts = np.zeros(N)
    in_bursts = np.zeros(N)
    any_group = np.zeros(N, dtype=bool)
    if m.any():
        gs, ge, gsz = starts[m], ends[m], sizes[m]
        gid = nid[gs]
        any_group[gid] = True
        inner = np.where(cut, 0.0, isi)
        need = BURST_GAP_RATIO * np.maximum.reduceat(inner, gs)
        has_prev = (gs > 0) & (nid[np.maximum(gs - 1, 0)] == gid)
        has_next = (ge < total) & (nid[np.minimum(ge, total - 1)] == gid)
        prev_gap = isi[np.maximum(gs - 1, 0)]
        next_gap = isi[np.minimum(ge - 1, total - 2)]
        ok = (~has_prev | (prev_gap >= need)) & (~has_next | (next_gap >= need))
        whole = ~has_prev & ~has_next
        ok = np.where(whole, (t_ms - S[ge - 1]) >= need, ok)
        n_bursts = np.bincount(gid[ok], minlength=N).astype(float)
        in_bursts = np.bincount(gid[ok], weights=gsz[ok], minlength=N)

    # steady interval: mean of the last third of the intervals
    n_isi = np.maximum(counts - 1, 0)
    L = np.maximum(1, n_isi // 3)
    cs = np.concatenate([[0.0], np.cumsum(isi_v)])
    end_i = off + n_isi
    steady = np.where(n_isi >= 2, (cs[end_i] - cs[np.maximum(end_i - L, 0)]) / L, 0.0)

    quiet = t_ms - last
    phasic = has & (quiet >= PHASIC_QUIET_FRACTION * t_ms) & (quiet >= BURST_GAP_RATIO * longest)
    bursting = n_bursts > 0
    tonic_b = (n_bursts >= 2) & (in_bursts >= BURSTING_FRACTION * counts)
    sfa = (n_isi >= 2) & (steady >= SFA_RATIO * first) & (steady - first >= SFA_MIN_INCREASE_MS)
    idx = {name: i for i, name in enumerate(FIRING_CLASSES)}
    out = np.select(
        [~has, phasic & any_group, phasic, tonic_b, bursting, sfa],
        [idx["silent"], idx["phasic_bursting"], idx["phasic_spiking"], idx["tonic_bursting"],
         idx["mixed_mode"], idx["spike_frequency_adaptation"]],
        default=idx["tonic_spiking"])
    return out


def classify_firing(spikes, t_ms, max_isi_ms=BURST_ISI_MS) -> str:
    """Name the firing pattern of a spike train (Izhikevich 2004, Fig. 1).

    Rules, in order (thresholds are the module constants):

    1. ``silent``: no spikes.
    2. Bursts: groups of >= 2 spikes with intervals <= ``max_isi_ms`` whose
       neighbouring intervals are >= ``BURST_GAP_RATIO`` (3) times their
       longest inner interval (a group that is the whole train needs a final
       silence that long).
    3. Phasic: the train falls silent for the last ``PHASIC_QUIET_FRACTION``
       (half) of the run and for 3 times its longest interval:
       ``phasic_bursting`` if it holds >= 2 spikes within ``max_isi_ms`` of
       each other (the final silence is gap enough, so a decelerating rebound
       burst counts), else ``phasic_spiking``.
    4. Tonic, with bursts: ``tonic_bursting`` with >= 2 bursts holding
       >= ``BURSTING_FRACTION`` (75 %) of the spikes, else ``mixed_mode``
       (bursts and single spikes, e.g. IB's initial burst then tonic spikes).
    5. Tonic, no bursts: ``spike_frequency_adaptation`` if the steady interval
       (mean of the last third of the intervals) is >= ``SFA_RATIO`` (1.5) times the first
       one and >= ``SFA_MIN_INCREASE_MS`` (5 ms) longer; else
       ``tonic_spiking``.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms) from a run that started at 0 ms.
    t_ms : float
        Run length (ms).
    max_isi_ms : float, optional
        Largest interval inside a burst (ms).

    Returns
    -------
    str
        One of :data:`FIRING_CLASSES`.
    """
    return FIRING_CLASSES[int(classify_many([spikes], t_ms, max_isi_ms)[0])]


def coincidence_factor(spikes, target, t_ms, window_ms=2.0) -> float:
    """Kistler et al. (1997) coincidence factor Gamma between two spike trains.

    ``Gamma = (N_coinc - 2 nu delta N_target) / (0.5 (N_spikes + N_target)) / (1 - 2 nu delta)``

    where ``nu`` is the rate of ``spikes`` (per ms), ``delta = window_ms`` and
    ``N_coinc`` the number of target spikes matched one-to-one to a spike of
    ``spikes`` within ``+-delta``.  ``2 nu delta N_target`` is the number of
    coincidences expected by chance from a Poisson train of rate ``nu``.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms) of the model.
    target : array_like
        Spike times (ms) to match (e.g. the recorded trace).
    t_ms : float
        Length of the recording (ms).
    window_ms : float, optional
        Coincidence precision delta (ms).

    Returns
    -------
    float
        1 for identical trains, about 0 for independent ones, < 0 for fewer
        coincidences than chance.  1.0 if both trains are empty, 0.0 if only
        one is, and 0.0 when ``2 nu delta >= 1`` (so dense that every spike
        coincides by chance).

    References
    ----------
    Kistler, Gerstner & van Hemmen (1997); Jolivet et al. (2008), eq. 1.
    """
    s = _as_spikes(spikes)
    tg = _as_spikes(target)
    if s.size == 0 and tg.size == 0:
        return 1.0
    if s.size == 0 or tg.size == 0:
        return 0.0
    delta = float(window_ms)
    nu = s.size / float(t_ms)
    norm = 1.0 - 2.0 * nu * delta
    if norm <= 0.0:
        return 0.0
    # greedy earliest matching is a maximum matching for equal windows
    j = 0
    n_coinc = 0
    ns = s.size
    for x in tg.tolist():
        while j < ns and s[j] < x - delta:
            j += 1
        if j < ns and s[j] <= x + delta:
            n_coinc += 1
            j += 1
    expected = 2.0 * nu * delta * tg.size
    return float((n_coinc - expected) / (0.5 * (s.size + tg.size)) / norm)


# --------------------------------------------------------------------------
# Phase plane
# --------------------------------------------------------------------------
#
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


# --------------------------------------------------------------------------
# Atlas, rheobase
# --------------------------------------------------------------------------


ATLAS_DT_MS = 0.5
"""Default step (ms) of :func:`atlas`: classes, not spike times, are wanted there;
on the 100 x 100 c-d map at I = 10 it changes 0.1 % of the cells against 0.2 ms
and is 2.5 times faster."""


def atlas(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms=ATLAS_DT_MS,
          progress=None, should_stop=None, chunk=20000, eqs=STANDARD) -> np.ndarray:
    """Firing class over a grid of two parameters, every grid point at once.

    Parameters
    ----------
    param_x, param_y : str
        Two of "a", "b", "c", "d", "I".
    values_x, values_y : array_like
        Grid values (columns follow x, rows follow y).
    fixed : dict
        Values of the other parameters (missing ones come from RS).
    I : float or callable
        Input when "I" is not a grid axis.
    t_ms : float
        Run length (ms).
    dt_ms : float, optional
        Step (ms); default :data:`ATLAS_DT_MS` (0.5).
    progress : callable, optional
        ``progress(fraction)`` from 0 to 1; safe to call from a worker thread.
    should_stop : callable, optional
        When it returns true, :class:`Cancelled` is raised.
    chunk : int, optional
        Neurons simulated per batch (bounds memory; 100 x 100 is one batch).
    eqs : Equations, optional
        The equations' coefficients.

    Returns
    -------
    ndarray of int, shape (len(values_y), len(values_x))
        Indices into :data:`FIRING_CLASSES`.
    """
    n, _ = _check_dt(t_ms, dt_ms)
    steps = atlas_steps(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms, chunk, eqs)
    return _drive(steps, n, progress, should_stop)


def atlas_steps(param_x, values_x, param_y, values_y, fixed, I, t_ms, dt_ms=ATLAS_DT_MS, chunk=20000,
                eqs=STANDARD):
    """:func:`atlas` as a generator, for a frame loop that computes it in time-budgeted slices.

    Yields the fraction done (0..1) after every time step of the grid's
    neurons (about 1 ms for 100 x 100 neurons) and around the final sort and
    classification; returns the class map (as ``StopIteration.value``). The
    arguments are those of :func:`atlas`; the map is the same.
    """
    names = ("a", "b", "c", "d", "I")
    if param_x not in names or param_y not in names or param_x == param_y:
        raise ValueError(f"atlas axes must be two different names of {names}, "
                         f"got {param_x!r} and {param_y!r}")
    xs = np.asarray(values_x, dtype=float).ravel()
    ys = np.asarray(values_y, dtype=float).ravel()
    X, Y = np.meshgrid(xs, ys)
    base = dict(zip("abcd", PRESETS["RS"]))
    base["I"] = I
    for k, val in dict(fixed).items():
        if k not in names:
            raise ValueError(f"unknown fixed parameter {k!r}; expected one of {names}")
        base[k] = val
    base[param_x] = X.ravel()
    base[param_y] = Y.ravel()
    total = X.size
    out = np.empty(total, dtype=int)
    shared_I = callable(base["I"])
    for start in range(0, total, chunk):
        stop = min(total, start + chunk)
        part = {k: (base[k][start:stop] if isinstance(base[k], np.ndarray) else base[k])
                for k in names}
        steps = _many_steps(part["a"], part["b"], part["c"], part["d"],
                            part["I"] if shared_I else np.broadcast_to(part["I"], (stop - start,)),
                            t_ms, dt_ms, eqs=eqs)
        while True:
            try:
                f = next(steps)
            except StopIteration as done:
                flat = done.value
                break
            yield (start + f * (stop - start)) / total
        yield stop / total
        classes = _classify_slices(flat.times, flat.counts, t_ms)
        while True:
            try:
                next(classes)
            except StopIteration as done:
                out[start:stop] = done.value
                break
            yield stop / total
    return out.reshape(X.shape)


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


# --------------------------------------------------------------------------
# Input protocols
# --------------------------------------------------------------------------

PROTOCOLS: dict[str, dict[str, float]] = {
    "constant": {"amp": 10.0},
    "step": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": math.inf},
    "pulse": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "width_ms": 5.0,
              "count": 1, "interval_ms": 20.0},
    "ramp": {"slope_per_ms": 0.05, "base": 0.0, "onset_ms": 0.0, "amp_max": math.inf},
    "negative_step": {"amp": -10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": 250.0},
}
"""Protocol kinds and their parameters with defaults (times in ms, currents in
model units)."""


def protocol_current(kind, t, **p) -> np.ndarray:
    """Input current of a named protocol on a time grid.

    Kinds and parameters (defaults in :data:`PROTOCOLS`):

    - ``constant``: ``amp`` throughout.
    - ``step``: ``base``, then ``amp`` for ``onset_ms <= t < offset_ms``.
    - ``pulse``: ``count`` pulses of ``amp`` lasting ``width_ms``, the first at
      ``onset_ms``, one every ``interval_ms``; ``base`` elsewhere.
    - ``ramp``: ``base`` until ``onset_ms``, then rising by ``slope_per_ms``
      per ms, capped at ``amp_max``.
    - ``negative_step``: ``amp`` (negative: hyperpolarising) for
      ``onset_ms <= t < offset_ms``, ``base`` elsewhere; the release at
      ``offset_ms`` shows rebound spikes and bursts.

    Parameters
    ----------
    kind : str
        One of :data:`PROTOCOLS`.
    t : array_like
        Sample times (ms), e.g. ``simulate``'s grid ``np.arange(n + 1) * dt``.
    **p
        Protocol parameters.

    Returns
    -------
    ndarray
        I at each t.

    Raises
    ------
    ValueError
        For an unknown kind, unknown parameter, or a non-finite value.
    """
    if kind not in PROTOCOLS:
        raise ValueError(f"unknown input protocol {kind!r}; expected one of "
                         f"{', '.join(PROTOCOLS)}")
    allowed = PROTOCOLS[kind]
    bad = sorted(set(p) - set(allowed))
    if bad:
        raise ValueError(f"protocol {kind!r} has no parameter(s) {', '.join(bad)}; "
                         f"allowed: {', '.join(allowed)}")
    q = dict(allowed)
    for k, val in p.items():
        try:
            x = float(val)
        except (TypeError, ValueError):
            raise ValueError(f"protocol {kind!r}: {k} must be a number, got {val!r}") from None
        if math.isnan(x) or (math.isinf(x) and k not in ("offset_ms", "amp_max")):
            raise ValueError(f"protocol {kind!r}: {k} must be finite, got {val!r}")
        q[k] = x
    t = np.asarray(t, dtype=float)
    if kind == "constant":
        return np.full(t.shape, q["amp"])
    if kind in ("step", "negative_step"):
        on = (t >= q["onset_ms"]) & (t < q["offset_ms"])
        return np.where(on, q["amp"], q["base"])
    if kind == "pulse":
        count = int(q["count"])
        if count < 1 or q["width_ms"] <= 0:
            raise ValueError("protocol 'pulse': count >= 1 and width_ms > 0 required")
        rel = t - q["onset_ms"]
        k = np.floor(rel / q["interval_ms"]) if q["interval_ms"] > 0 else np.zeros_like(rel)
        inside = (rel >= 0) & (k < count) & (rel - k * q["interval_ms"] < q["width_ms"])
        return np.where(inside, q["amp"], q["base"])
    # ramp
    r = q["base"] + q["slope_per_ms"] * np.maximum(t - q["onset_ms"], 0.0)
    return np.minimum(r, q["amp_max"]) if q["slope_per_ms"] >= 0 else np.maximum(
        r, -q["amp_max"])
