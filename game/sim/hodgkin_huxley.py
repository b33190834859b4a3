r"""The Hodgkin-Huxley model of the squid giant axon (space-clamped membrane).

Modern convention (rest near -65 mV, depolarisation positive), V in mV, t in
ms, currents in uA/cm^2, conductances in mS/cm^2, C in uF/cm^2::

    C dV/dt = I - I_Na - I_K - I_L
    I_Na = gNa (1 - ttx) m^3 h (V - ENa),  I_K = gK (1 - tea) n^4 (V - EK),
    I_L = gL (V - EL)
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x          for x = m, h, n

    alpha_m = phi 0.1 (V + 40) / (1 - exp(-(V + 40) / 10))   beta_m = phi 4 exp(-(V + 65) / 18)
    alpha_h = phi 0.07 exp(-(V + 65) / 20)                    beta_h = phi / (1 + exp(-(V + 35) / 10))
    alpha_n = phi 0.01 (V + 55) / (1 - exp(-(V + 55) / 10))  beta_n = phi 0.125 exp(-(V + 65) / 80)
    phi = 3 ** ((T - 6.3) / 10)                              (rates in 1/ms, T in deg C)

with C = 1, gNa = 120, gK = 36, gL = 0.3, ENa = 50, EK = -77, EL = -54.387
at T = 6.3 deg C (Hodgkin & Huxley 1952, shifted by -65 mV as in Dayan & Abbott
2001 and Ermentrout & Terman 2010, ch. 1).  Ionic currents are outward
positive: the inward sodium current is negative.  ``ttx`` and ``tea`` are the
fractions (0..1) of the sodium and potassium channels blocked.

alpha_m and alpha_n have removable singularities at V = -40 and -55 mV,
evaluated exactly through them; no rate overflows for any finite V
(:mod:`game.sim.hh_kernel`).

Scheme (:mod:`game.sim.hh_kernel`): Strang splitting of the exact gate flow
(V frozen, the Rush-Larsen update) and the exact membrane flow (gates frozen),
with one local Richardson extrapolation that cancels the h^2 error of the
symmetric step; gate coefficients come from 0.05 mV tables.  The internal step
is at most ``H_REF_MS / sqrt(phi)`` (0.1 ms at 6.3 deg C); the sample grid
``dt_ms`` is divided into equal substeps when it is coarser.  Measured: spike
times within 0.05 ms of ``solve_ivp`` (DOP853, rtol 1e-10) over 200 ms of
I = 7, 10, 20 uA/cm^2 (12-18 spikes); 1 s of model time in about 30 ms of CPU.

Rinzel's planar reduction is :mod:`game.sim.hh_reduced`; the experiments that
find the model's textbook facts (firing onset, bistable window, block,
refractoriness, rebound, heat block) are :mod:`game.sim.hh_analysis`.

References
----------
.. [1] A. L. Hodgkin and A. F. Huxley, "A quantitative description of membrane
   current and its application to conduction and excitation in nerve,"
   J. Physiol. 117:500-544, 1952.
.. [2] P. Dayan and L. F. Abbott, Theoretical Neuroscience, MIT Press, 2001,
   ch. 5.6 (the modern sign and voltage convention).
.. [3] G. B. Ermentrout and D. H. Terman, Mathematical Foundations of
   Neuroscience, Springer, 2010, ch. 1.
.. [4] J. Rinzel, "Excitation dynamics: insights from simplified membrane
   models," Fed. Proc. 44:2944-2946, 1985.
.. [5] E. M. Izhikevich, Dynamical Systems in Neuroscience, MIT Press, 2007,
   ch. 5 and 7 (the reduction h = 0.89 - 1.1 n; class 2 excitability).
.. [6] S. Rush and H. Larsen, "A practical algorithm for solving dynamic
   membrane equations," IEEE Trans. Biomed. Eng. 25:389-392, 1978.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq

from game.sim import spikes as _spk
from game.sim.hh_kernel import rate_slopes, rates, run_many, run_one, steady_states

__all__ = [
    "Params", "LIMITS", "I_MAX", "BATCH_MIN", "V_LIMIT_MV", "DEFAULT_DT_MS", "H_REF_MS",
    "clamp_params",
    "rates", "steady_states", "steady_current", "jacobian", "rest_state", "hopf_currents",
    "Run", "simulate", "substeps", "ionic_currents", "Many", "simulate_many", "TRANSIENT_MS",
    "FICurve", "f_I_curve", "Clamp", "voltage_clamp",
]

# --------------------------------------------------------------------------
# Parameters and their hard limits
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """Membrane parameters (the defaults are the classic squid axon at 6.3 deg C).

    Attributes
    ----------
    C : float
        Membrane capacitance (uF/cm^2).
    gNa, gK, gL : float
        Maximal conductances (mS/cm^2) before blocking.
    ENa, EK, EL : float
        Reversal potentials (mV).
    temperature_c : float
        Temperature (deg C); the rates scale by ``phi = 3 ** ((T - 6.3) / 10)``.
    ttx, tea : float
        Fractions (0..1) of sodium (TTX) and potassium (TEA) channels blocked.
    """

    C: float = 1.0
    gNa: float = 120.0
    gK: float = 36.0
    gL: float = 0.3
    ENa: float = 50.0
    EK: float = -77.0
    EL: float = -54.387
    temperature_c: float = 6.3
    ttx: float = 0.0
    tea: float = 0.0

    @property
    def phi(self) -> float:
        """Temperature factor of every rate, ``3 ** ((T - 6.3) / 10)`` (Q10 = 3)."""
        return 3.0 ** ((self.temperature_c - 6.3) / 10.0)

    @property
    def g_na(self) -> float:
        """Sodium conductance left after the TTX block (mS/cm^2)."""
        return self.gNa * (1.0 - self.ttx)

    @property
    def g_k(self) -> float:
        """Potassium conductance left after the TEA block (mS/cm^2)."""
        return self.gK * (1.0 - self.tea)


LIMITS: dict[str, tuple[float, float]] = {
    "C": (0.1, 10.0),
    "gNa": (0.0, 500.0),
    "gK": (0.0, 200.0),
    "gL": (0.01, 10.0),
    "ENa": (-150.0, 150.0),
    "EK": (-150.0, 150.0),
    "EL": (-150.0, 150.0),
    "temperature_c": (-10.0, 45.0),
    "ttx": (0.0, 1.0),
    "tea": (0.0, 1.0),
}
"""Hard limits (inclusive) of every parameter; :func:`clamp_params` enforces them.
gL > 0 keeps the total conductance positive, so V always relaxes to a finite value."""

I_MAX = 1000.0
"""|I| (uA/cm^2) is clamped to this; the membrane stops oscillating above 154.5 uA/cm^2."""

V_LIMIT_MV = 1000.0
"""|V| of a starting state or a clamp command (mV) is clamped to this."""

DEFAULT_DT_MS = 0.1
"""Default sample interval (ms): 10,000 samples per second of model time."""

H_REF_MS = 0.1
"""Largest internal step (ms) at phi = 1; at phi > 1 it is ``H_REF_MS / sqrt(phi)``."""

DT_MAX_MS = 1.0
"""Largest accepted sample interval (ms)."""

BATCH_MIN = 32
"""From this many neurons on, :func:`simulate_many` steps them together with numpy;
below it a Python float loop per neuron is faster (about 3 us per neuron and step
against about 90 us per step for a numpy step of a few dozen neurons)."""

MAX_STEPS = 5_000_000
"""Most internal steps one call may take (about 15 s of CPU for one membrane)."""


def clamp_params(params=None) -> tuple[Params, tuple[str, ...]]:
    """Parameters clamped to :data:`LIMITS`, and a note for each value changed.

    Parameters
    ----------
    params : Params or mapping, optional
        ``None`` for the defaults; a mapping may give any subset of the fields.

    Returns
    -------
    (Params, tuple of str)

    Raises
    ------
    ValueError
        For an unknown name or a value that is not a finite number.

    Examples
    --------
    >>> p, notes = clamp_params({"ttx": 1.5})
    >>> p.ttx, notes
    (1.0, ('ttx = 1.5 clamped to 1',))
    """
    if params is None:
        return Params(), ()
    if not isinstance(params, Params):
        names = {f.name for f in fields(Params)}
        bad = sorted(set(params) - names)
        if bad:
            raise ValueError(f"unknown Hodgkin-Huxley parameter(s) {', '.join(bad)}; "
                             f"allowed: {', '.join(sorted(names))}")
        params = Params(**dict(params))
    notes = []
    values = {}
    for name, (lo, hi) in LIMITS.items():
        raw = getattr(params, name)
        try:
            x = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"parameter {name} must be a number, got {raw!r}") from None
        if not math.isfinite(x):
            raise ValueError(f"parameter {name} must be a finite number, got {raw!r}")
        if x < lo or x > hi:
            y = min(max(x, lo), hi)
            notes.append(f"{name} = {x:g} clamped to {y:g}")
            x = y
        values[name] = x
    return replace(params, **values), tuple(notes)


# --------------------------------------------------------------------------
# Equilibria, Jacobian, Hopf points
# --------------------------------------------------------------------------


def steady_current(V, params=None):
    """The constant input (uA/cm^2) whose equilibrium sits at V (mV): I_ion(V, x_inf(V)).

    Parameters
    ----------
    V : array_like
        Membrane potential (mV).
    params : Params or mapping, optional

    Returns
    -------
    ndarray
    """
    p, _ = clamp_params(params)
    V = np.asarray(V, dtype=float)
    m, h, n, *_ = steady_states(V, p.phi)
    return p.g_na * m ** 3 * h * (V - p.ENa) + p.g_k * n ** 4 * (V - p.EK) + p.gL * (V - p.EL)


def jacobian(state, params=None) -> np.ndarray:
    """Jacobian of the 4-D vector field (V, m, h, n) at ``state``.

    Parameters
    ----------
    state : array_like, shape (..., 4)
        Points (V in mV, then m, h, n); any leading shape.
    params : Params or mapping, optional

    Returns
    -------
    ndarray, shape (..., 4, 4)
        ``J[i, j] = d f_i / d y_j`` in 1/ms (and mV/ms per unit gate, 1/(ms mV)).
        The input current does not enter.
    """
    p, _ = clamp_params(params)
    y = np.asarray(state, dtype=float)
    V, m, h, n = (y[..., k] for k in range(4))
    r = rates(V, p.phi)
    dr = rate_slopes(V, p.phi)
    J = np.zeros(y.shape[:-1] + (4, 4))
    J[..., 0, 0] = -(p.g_na * m ** 3 * h + p.g_k * n ** 4 + p.gL) / p.C
    J[..., 0, 1] = -3.0 * p.g_na * m * m * h * (V - p.ENa) / p.C
    J[..., 0, 2] = -p.g_na * m ** 3 * (V - p.ENa) / p.C
    J[..., 0, 3] = -4.0 * p.g_k * n ** 3 * (V - p.EK) / p.C
    for k, x in enumerate((m, h, n), start=1):
        a, b, da, db = r[2 * k - 2], r[2 * k - 1], dr[2 * k - 2], dr[2 * k - 1]
        J[..., k, 0] = da * (1.0 - x) - db * x
        J[..., k, k] = -(a + b)
    return J


def _equilibrium_points(V, phi):
    m, h, n, *_ = steady_states(V, phi)
    return np.stack([np.asarray(V, dtype=float), m, h, n], axis=-1)


@lru_cache(maxsize=64)
def _rest(p: Params, I: float) -> tuple:
    def f(v):
        return float(steady_current(v, p)) - I

    grid = np.linspace(-200.0, 150.0, 3501)
    vals = steady_current(grid, p) - I
    k = np.flatnonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) <= 0)
    if k.size:
        v = brentq(f, grid[k[0]], grid[k[0] + 1], xtol=1e-13, rtol=1e-15)
    else:                      # far outside: the leak dominates, widen the bracket
        lo, hi = -200.0, 150.0
        while f(lo) > 0.0:
            lo *= 2.0
        while f(hi) < 0.0:
            hi *= 2.0
        v = brentq(f, lo, hi, xtol=1e-12)
    return tuple(float(x) for x in _equilibrium_points(v, p.phi))


def rest_state(params=None, I=0.0) -> np.ndarray:
    """The equilibrium (V, m, h, n) under a constant input I (uA/cm^2).

    The lowest-voltage equilibrium when there are several (the classic
    parameters have exactly one for every I: :func:`steady_current` rises
    monotonically).  It is stable below the lower Hopf current and above the
    upper one (:func:`hopf_currents`), unstable between them.

    Parameters
    ----------
    params : Params or mapping, optional
    I : float, optional
        Constant input (uA/cm^2).

    Returns
    -------
    ndarray, shape (4,)

    Examples
    --------
    >>> round(float(rest_state()[0]), 4)
    -64.9964
    """
    p, _ = clamp_params(params)
    I = min(max(float(I), -I_MAX), I_MAX)
    return np.array(_rest(p, I))


def hopf_currents(params=None, v_range=(-100.0, 50.0)) -> np.ndarray:
    """Input currents (uA/cm^2) at which the equilibrium changes stability.

    Walks the curve of equilibria, parametrised by V, and finds where the
    largest real part of the eigenvalues of :func:`jacobian` crosses zero (a
    complex pair for the classic parameters: Andronov-Hopf bifurcations).

    Parameters
    ----------
    params : Params or mapping, optional
    v_range : (float, float)
        Voltages of the equilibria searched (mV).

    Returns
    -------
    ndarray
        Currents in increasing order (about 9.78 and 154.5 for the defaults).
    """
    p, _ = clamp_params(params)

    def growth(v):
        J = jacobian(_equilibrium_points(v, p.phi), p)
        return np.max(np.linalg.eigvals(J).real, axis=-1)

    V = np.linspace(v_range[0], v_range[1], 1501)
    s = growth(V)
    k = np.flatnonzero(np.sign(s[:-1]) * np.sign(s[1:]) < 0)
    vs = [brentq(lambda v: float(growth(np.array([v]))[0]), V[i], V[i + 1], xtol=1e-12)
          for i in k]
    return np.sort(steady_current(np.array(vs), p)) if vs else np.zeros(0)


# --------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------


class Run(NamedTuple):
    """Result of :func:`simulate` (arrays on the sample grid ``t``).

    Attributes
    ----------
    t : ndarray, shape (n + 1,)
        Sample times (ms), ``t[i] = i * dt``.
    v : ndarray
        Membrane potential (mV).
    m, h, n : ndarray
        Gates (0..1).
    spikes : ndarray
        Upward crossings of 0 mV (ms), from the internal steps.
    i_na, i_k, i_l : ndarray
        Ionic currents (uA/cm^2), outward positive (the inward Na current is negative).
    I : ndarray
        The input used (uA/cm^2, after any clamp); step ``(t[i], t[i+1])`` used ``I[i]``.
    notes : tuple of str
        Every clamp or limit that changed the run (empty normally).
    state_end : ndarray, shape (4,)
        (V, m, h, n) at ``t[-1]``: pass it as ``y0`` to continue the run.
    params : Params
        The parameters used (after clamping).
    """

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    spikes: np.ndarray
    i_na: np.ndarray
    i_k: np.ndarray
    i_l: np.ndarray
    I: np.ndarray
    notes: tuple
    state_end: np.ndarray
    params: Params


def _grid(t_ms, dt_ms) -> tuple[int, float]:
    dt = float(dt_ms)
    if not (math.isfinite(dt) and 0.0 < dt <= DT_MAX_MS):
        raise ValueError(f"dt_ms must be in (0, {DT_MAX_MS}] ms, got {dt_ms!r}")
    t_ms = float(t_ms)
    if not (math.isfinite(t_ms) and t_ms > 0.0):
        raise ValueError(f"t_ms must be a positive number of ms, got {t_ms!r}")
    return max(1, int(round(t_ms / dt))), dt


def substeps(dt_ms, phi) -> int:
    """Internal steps per sample: the fewest that keep each step <= ``H_REF_MS / sqrt(phi)``."""
    return max(1, math.ceil(dt_ms * math.sqrt(max(phi, 1.0)) / H_REF_MS - 1e-9))


def _clamp_I(I, shape, notes) -> np.ndarray:
    arr = np.asarray(I, dtype=float)
    if arr.ndim == 0:
        arr = np.full(shape, float(arr))
    elif shape is not None and arr.shape != shape:
        raise ValueError(f"I must be a number or an array on the time grid, shape {shape}, "
                         f"got {arr.shape}")
    if np.any(np.isnan(arr)):
        raise ValueError("I contains NaN")
    clipped = np.clip(arr, -I_MAX, I_MAX)
    if np.any(clipped != arr):
        notes.append(f"I clamped to [-{I_MAX:g}, {I_MAX:g}] uA/cm^2")
    return clipped


def _start(y0, p, notes, count=None) -> np.ndarray:
    """Starting state(s), shape (4,) or (count, 4): rest for I = 0 when None."""
    if y0 is None:
        y = rest_state(p)
        return y if count is None else np.tile(y, (count, 1))
    y = np.array(y0, dtype=float)
    want = (4,) if count is None else (count, 4)
    if y.shape != want:
        if count is not None and y.shape == (4,):
            y = np.tile(y, (count, 1))
        else:
            raise ValueError(f"y0 must have shape {want} (V in mV, m, h, n), got {y.shape}")
    if not np.all(np.isfinite(y)):
        raise ValueError("y0 must be finite")
    v, x = y[..., 0], y[..., 1:]
    if np.any(np.abs(v) > V_LIMIT_MV):
        notes.append(f"V0 clamped to +-{V_LIMIT_MV:g} mV")
        np.clip(v, -V_LIMIT_MV, V_LIMIT_MV, out=v)
    if np.any((x < 0.0) | (x > 1.0)):
        notes.append("gates of y0 clamped to [0, 1]")
        np.clip(x, 0.0, 1.0, out=x)
    return y


def ionic_currents(v, m, h, n, params=None):
    """I_Na, I_K, I_L (uA/cm^2, outward positive) for the given states."""
    p, _ = clamp_params(params)
    v = np.asarray(v, dtype=float)
    return (p.g_na * np.asarray(m) ** 3 * np.asarray(h) * (v - p.ENa),
            p.g_k * np.asarray(n) ** 4 * (v - p.EK), p.gL * (v - p.EL))


def _consts(p):
    return p.phi, (p.g_na, p.g_k, p.gL), (p.ENa, p.EK, p.EL), p.C


def simulate(I, t_ms, dt_ms=DEFAULT_DT_MS, params=None, y0=None) -> Run:
    """Simulate the membrane under an input current.

    Parameters
    ----------
    I : float or array_like
        Input (uA/cm^2): a number, or an array on the sample grid
        (``len = round(t_ms / dt_ms) + 1``, e.g. from
        :func:`game.sim.inputs.protocol_current`); step ``(t[i], t[i+1])``
        uses ``I[i]``.  Clamped to +-:data:`I_MAX`.
    t_ms : float
        Duration (ms).
    dt_ms : float, optional
        Sample interval (ms), in (0, 1].  The integrator divides it into
        :func:`substeps` so no internal step exceeds ``0.1 / sqrt(phi)`` ms.
    params : Params or mapping, optional
        Clamped to :data:`LIMITS` (reported in ``notes``).
    y0 : array_like, shape (4,), optional
        Start (V in mV, m, h, n); default :func:`rest_state` for I = 0.

    Returns
    -------
    Run

    Examples
    --------
    >>> run = simulate(10.0, 100.0)
    >>> len(run.spikes), round(float(run.spikes[0]), 2)
    (7, 1.9)
    """
    p, pnotes = clamp_params(params)
    notes = list(pnotes)
    n, dt = _grid(t_ms, dt_ms)
    t = np.arange(n + 1) * dt
    I_arr = _clamp_I(I, t.shape, notes)
    y = _start(y0, p, notes)
    k = substeps(dt, p.phi)
    if n * k > MAX_STEPS:
        raise ValueError(f"{n * k} internal steps requested; at most {MAX_STEPS} per call")
    h = dt / k
    drive = I_arr[:-1] if k == 1 else np.repeat(I_arr[:-1], k)
    vs, ms, hs, ns = (np.array(a) for a in run_one(y, drive.tolist(), h, *_consts(p)))
    spikes = _spk.upward_crossings(np.arange(n * k + 1) * h, vs, 0.0)
    if k > 1:
        vs, ms, hs, ns = vs[::k], ms[::k], hs[::k], ns[::k]
    i_na, i_k, i_l = ionic_currents(vs, ms, hs, ns, p)
    end = np.array([vs[-1], ms[-1], hs[-1], ns[-1]])
    return Run(t, vs, ms, hs, ns, spikes, i_na, i_k, i_l, I_arr, tuple(notes), end, p)


class Many(NamedTuple):
    """Result of :func:`simulate_many`.

    Attributes
    ----------
    t : ndarray, shape (n + 1,)
        Sample times (ms).
    v : ndarray, shape (n + 1, N)
        Membrane potential (mV) of each neuron (one per column).
    spikes : list of ndarray
        Upward crossings of the spike level (ms) of each neuron.
    state_end : ndarray, shape (N, 4)
        Final states.
    notes : tuple of str
    """

    t: np.ndarray
    v: np.ndarray
    spikes: list
    state_end: np.ndarray
    notes: tuple


def simulate_many(I, t_ms, dt_ms=DEFAULT_DT_MS, params=None, y0=None, level_mv=0.0) -> Many:
    """Simulate N independent membranes at once (numpy over neurons, one loop over time).

    The same arithmetic as :func:`simulate`: column i gives the spikes and
    voltages that ``simulate(I[:, i], ...)`` gives, to rounding.  Below
    :data:`BATCH_MIN` neurons the scalar loop runs per neuron instead (faster).

    Parameters
    ----------
    I : array_like, shape (N,) or (n + 1, N)
        Input (uA/cm^2): constant per neuron, or one column per neuron on the
        sample grid (``n = round(t_ms / dt_ms)``).
    t_ms, dt_ms, params
        As in :func:`simulate`.
    y0 : array_like, shape (4,) or (N, 4), optional
        Start of every neuron, or of each; default rest for I = 0.
    level_mv : float, optional
        Spike level (mV).

    Returns
    -------
    Many
    """
    p, pnotes = clamp_params(params)
    notes = list(pnotes)
    n, dt = _grid(t_ms, dt_ms)
    arr = np.asarray(I, dtype=float)
    if arr.ndim == 1:
        arr = np.broadcast_to(arr, (n + 1, arr.size))
    if arr.ndim != 2 or arr.shape[0] != n + 1:
        raise ValueError(f"I must have shape (N,) or ({n + 1}, N), got {np.shape(I)}")
    arr = _clamp_I(arr, None, notes)
    N = arr.shape[1]
    y = _start(y0, p, notes, count=N)
    k = substeps(dt, p.phi)
    if n * k * N > 40 * MAX_STEPS:
        raise ValueError(f"{n * k} steps x {N} neurons requested; at most {40 * MAX_STEPS}")
    h = dt / k
    drive = arr[:-1] if k == 1 else np.repeat(arr[:-1], k, axis=0)
    if N >= BATCH_MIN:
        V, y_end = run_many(y, drive, h, *_consts(p))
    else:                    # fewer neurons: the float loop per neuron is the faster way
        runs = [run_one(y[i], drive[:, i].tolist(), h, *_consts(p)) for i in range(N)]
        V = np.column_stack([r[0] for r in runs])
        y_end = np.array([[r[0][-1], r[1][-1], r[2][-1], r[3][-1]] for r in runs])
    trains = _spk.crossings_many(np.arange(n * k + 1) * h, V, float(level_mv))
    return Many(np.arange(n + 1) * dt, V[::k], trains, y_end, tuple(notes))


# --------------------------------------------------------------------------
# f-I curve (all currents at once)
# --------------------------------------------------------------------------

TRANSIENT_MS = 200.0
"""Default onset transient (ms) left out of :func:`f_I_curve` rates (at most half the run)."""


class FICurve(NamedTuple):
    """Result of :func:`f_I_curve`.

    Attributes
    ----------
    currents : ndarray
        The input currents (uA/cm^2, after any clamp).
    rates_hz : ndarray
        Sustained firing rate (Hz) of each, 0 where firing is not sustained.
    sustained : ndarray of bool
        Firing went on to the end of the run (see :func:`f_I_curve`).
    spikes : list of ndarray
        All spike times (ms) of each run, the transient included.
    amplitude_mv : ndarray
        Peak-to-peak V (mV) over the last quarter of each run: shows the
        oscillation that goes on when its peaks no longer reach ``level_mv``.
    transient_ms : float
        Start of the window the rate is measured in (ms).
    state_end : ndarray, shape (len(currents), 4)
        Final states, to continue the runs.
    notes : tuple of str
    """

    currents: np.ndarray
    rates_hz: np.ndarray
    sustained: np.ndarray
    spikes: list
    amplitude_mv: np.ndarray
    transient_ms: float
    state_end: np.ndarray
    notes: tuple


def f_I_curve(currents, t_ms=1000.0, dt_ms=DEFAULT_DT_MS, params=None, y0=None,
              transient_ms=None, level_mv=0.0) -> FICurve:
    """Firing rate against constant input, every current simulated at once.

    Each current is a step switched on at t = 0 from ``y0`` (default: rest for
    I = 0, the classic "step from rest").  The rate is measured on the spikes
    after ``transient_ms`` (default :data:`TRANSIENT_MS`, at most half of
    ``t_ms``) as ``1000 (k - 1) / (t_k - t_1)`` (the mean interval, no
    counting quantisation).  Firing counts as *sustained* when at least two
    spikes fall in that window and the last one is no further from the end of
    the run than twice their mean interval; a train that dies out (a damped
    transient) gets rate 0.

    Parameters
    ----------
    currents : array_like, shape (K,)
        Constant inputs (uA/cm^2).
    t_ms : float, optional
        Length of each run (ms).
    dt_ms : float, optional
        Sample interval (ms), as in :func:`simulate` (the same arithmetic: a
        current gives the spikes :func:`simulate` gives, to rounding).
    params : Params or mapping, optional
    y0 : array_like, shape (4,) or (K, 4), optional
        Start of every run, or of each.
    transient_ms : float, optional
        Start of the measuring window (ms).
    level_mv : float, optional
        Spike level (mV): spikes are its upward crossings.  With the
        convention's 0 mV the count stops near 62 uA/cm^2, where the shrinking
        oscillation no longer reaches 0 mV (``amplitude_mv`` shows it going on).

    Returns
    -------
    FICurve

    Examples
    --------
    >>> fi = f_I_curve([5.0, 10.0], t_ms=300.0)
    >>> [round(float(r), 1) for r in fi.rates_hz]
    [0.0, 68.3]
    """
    cur = np.atleast_1d(np.asarray(currents, dtype=float)).ravel()
    run = simulate_many(cur, t_ms, dt_ms, params, y0, level_mv)
    cur = np.clip(cur, -I_MAX, I_MAX)
    V, trains, t_end = run.v, run.spikes, float(run.t[-1])
    tail = V[(3 * (V.shape[0] - 1)) // 4:]
    amplitude = tail.max(axis=0) - tail.min(axis=0)
    t0 = min(TRANSIENT_MS if transient_ms is None else float(transient_ms), 0.5 * t_end)
    rates_hz = np.zeros(cur.size)
    ok = np.zeros(cur.size, dtype=bool)
    for i, s in enumerate(trains):
        w = s[s >= t0]
        if w.size >= 2:
            mean_isi = (w[-1] - w[0]) / (w.size - 1)
            ok[i] = t_end - w[-1] <= 2.0 * mean_isi
            rates_hz[i] = 1000.0 / mean_isi if ok[i] else 0.0
    return FICurve(cur, rates_hz, ok, trains, amplitude, t0, run.state_end, run.notes)


# --------------------------------------------------------------------------
# Voltage clamp (Hodgkin & Huxley's experiment)
# --------------------------------------------------------------------------


class Clamp(NamedTuple):
    """Result of :func:`voltage_clamp` (arrays on the sample grid ``t``).

    Attributes
    ----------
    t, v : ndarray
        Sample times (ms) and the command potential (mV).
    m, h, n : ndarray
        Gates.
    i_na, i_k, i_l : ndarray
        Ionic currents (uA/cm^2, outward positive).  The capacitive current
        flows only at the instants of the steps (a delta) and is left out.
    notes : tuple of str
    """

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    i_na: np.ndarray
    i_k: np.ndarray
    i_l: np.ndarray
    notes: tuple


def voltage_clamp(v_hold, v_step, t_ms, onset_ms=1.0, offset_ms=math.inf, dt_ms=0.01,
                  params=None) -> Clamp:
    """Currents under a voltage step from a holding potential, in closed form.

    The membrane sits at ``v_hold`` long enough for the gates to reach
    ``x_inf(v_hold)``; at ``onset_ms`` V jumps to ``v_step`` and back to
    ``v_hold`` at ``offset_ms``.  With V fixed each gate relaxes exactly
    exponentially, ``x(t) = x_inf(V) + (x(t0) - x_inf(V)) exp(-(t - t0) / tau_x(V))``,
    so nothing is integrated: the sodium current ``gNa m^3 h (V - ENa)`` rises
    and inactivates (inward below ENa, outward above it), the potassium
    current ``gK n^4 (V - EK)`` rises with a delay (n^4) and stays.

    Parameters
    ----------
    v_hold, v_step : float
        Holding and command potentials (mV), clamped to +-:data:`V_LIMIT_MV`.
    t_ms : float
        Duration (ms).
    onset_ms, offset_ms : float, optional
        Start and end of the step (ms).
    dt_ms : float, optional
        Sample interval (ms).
    params : Params or mapping, optional

    Returns
    -------
    Clamp

    Examples
    --------
    >>> c = voltage_clamp(-65.0, 0.0, 10.0)
    >>> bool(c.i_na.min() < -500 and c.i_k[-1] > 500)
    True
    """
    p, pnotes = clamp_params(params)
    notes = list(pnotes)
    n, dt = _grid(t_ms, dt_ms)
    t = np.arange(n + 1) * dt
    vh, vs = (float(x) for x in (v_hold, v_step))
    if not (math.isfinite(vh) and math.isfinite(vs)):
        raise ValueError("v_hold and v_step must be finite")
    if max(abs(vh), abs(vs)) > V_LIMIT_MV:
        notes.append(f"clamp potentials clamped to +-{V_LIMIT_MV:g} mV")
        vh, vs = (min(max(x, -V_LIMIT_MV), V_LIMIT_MV) for x in (vh, vs))
    on, off = float(onset_ms), float(offset_ms)
    if math.isnan(on) or math.isnan(off) or off < on:
        raise ValueError(f"need onset_ms <= offset_ms, got {onset_ms!r} and {offset_ms!r}")
    inf_h = np.array(steady_states(vh, p.phi))        # m, h, n inf and taus at v_hold
    inf_s = np.array(steady_states(vs, p.phi))
    x_on = inf_s[:3, None] + (inf_h[:3, None] - inf_s[:3, None]) * np.exp(
        -np.clip(t - on, 0.0, None) / inf_s[3:, None])
    x_off = inf_s[:3] + (inf_h[:3] - inf_s[:3]) * np.exp(-(off - on) / inf_s[3:]) \
        if math.isfinite(off) else inf_s[:3]
    x_after = inf_h[:3, None] + (x_off[:, None] - inf_h[:3, None]) * np.exp(
        -np.clip(t - off, 0.0, None) / inf_h[3:, None])
    X = np.where(t < on, inf_h[:3, None], np.where(t < off, x_on, x_after))
    v = np.where((t >= on) & (t < off), vs, vh)
    i_na, i_k, i_l = ionic_currents(v, X[0], X[1], X[2], p)
    return Clamp(t, v, X[0], X[1], X[2], i_na, i_k, i_l, tuple(notes))
