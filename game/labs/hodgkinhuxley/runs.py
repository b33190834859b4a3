"""The hodgkinhuxley lab's runs: input protocols, runs in pieces, clamp records, f–I curves, the plane.

No pygame here. Every function is pure (it reads its arguments and returns
new arrays); the model (``model.py``) decides when they run and where (in a
slice of its scheduler, on a thread lane, or at once).

- :func:`input_current`: the input of a protocol on the run's grid, its
  amplitude the level's ``I`` (``negative_step`` applies -|I|; ``ramp``
  rises from 0 to I at the end of the run);
- :func:`run_pieces`: a current-clamp run computed :data:`CHUNK_SAMPLES` at a
  time (a generator for :meth:`game.core.jobs.Scheduler.slices`); the scheme
  is one-step, so the pieces give the run of one ``simulate`` call sample for
  sample (a test compares them);
- :func:`clamp_record`: the voltage clamp (closed form, ~0.3 ms);
- :func:`hh_fi_curve` and :func:`ml_fi_curve`: the f–I curves of this membrane
  and of the Morris–Lecar SNIC set, for a thread lane;
- :func:`plane_at`: the reduced (V, n) plane's nullclines and equilibrium.

Units: ms, mV, µA/cm², mS/cm², Hz.
"""

from __future__ import annotations

import math
import time
from typing import Any, Iterator, NamedTuple

import numpy as np
from scipy.optimize import brentq

from game.sim import hh_reduced as hr
from game.sim import hodgkin_huxley as hh
from game.sim import inputs, planar
from game.sim import spikes as sp

DT_MS = hh.DEFAULT_DT_MS
#: Samples per piece of a run: 15 ms of model time, about 0.5 ms of CPU at 6.3 °C (a frame's budget
#: is overrun by at most one piece).
CHUNK_SAMPLES = 150
#: Voltage-clamp records: sample interval and the moment the step starts (ms).
CLAMP_DT_MS = 0.01
CLAMP_ONSET_MS = 1.0
#: The f–I curve of this membrane: currents (µA/cm²), run length and the measuring window (ms).
FI_CURRENTS = np.linspace(0.0, 30.0, 41)
FI_T_MS = 500.0
FI_TRANSIENT_MS = 250.0
#: Samples per piece of the f–I batch between two polite checks (0.5 ms of model time, ~0.5 ms of CPU).
FI_CHUNK_SAMPLES = 5
#: Currents (µA/cm²) of the Morris–Lecar SNIC f–I curve: dense near its onset at 39.96.
ML_CURRENTS = (38.0, 39.5, 40.0, 40.5, 41.0, 42.0, 44.0, 47.0, 50.0, 55.0, 60.0, 70.0, 80.0, 90.0)


class Result(NamedTuple):
    """One run (current clamp) or one record (voltage clamp) and what the lab reads from it.

    Attributes
    ----------
    mode : str
        "current" or "clamp".
    t : ndarray
        Sample times (ms).
    v : ndarray
        Membrane potential (mV); the command potential under clamp.
    m, h, n : ndarray
        Gates.
    i_na, i_k, i_l : ndarray
        Ionic currents (µA/cm², outward positive).
    drive : ndarray
        The input current (µA/cm²) in current clamp; the command potential (mV) under clamp.
    spikes : ndarray
        Upward crossings of 0 mV (ms); empty under clamp.
    notes : tuple of str
        The simulator's notes (every clamp it applied).
    params : hh.Params
        The membrane the run used.
    """

    mode: str
    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    i_na: np.ndarray
    i_k: np.ndarray
    i_l: np.ndarray
    drive: np.ndarray
    spikes: np.ndarray
    notes: tuple
    params: Any

    @property
    def t_end(self) -> float:
        return float(self.t[-1])

    def conductances(self) -> tuple[np.ndarray, np.ndarray]:
        """g_Na = ḡ_Na (1 - ttx) m³h and g_K = ḡ_K (1 - tea) n⁴ (mS/cm²) at every sample."""
        p = self.params
        return p.g_na * self.m ** 3 * self.h, p.g_k * self.n ** 4


# ------------------------------------------------------------------ inputs

def grid(t_ms: float, dt_ms: float = DT_MS) -> np.ndarray:
    """Sample times 0, dt, ..., t_ms (ms), as the simulator lays them."""
    return np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms


def input_current(protocol: str, values, onset_ms: float, t: np.ndarray) -> np.ndarray:
    """The input (µA/cm²) of ``protocol`` with amplitude ``values["I"]`` on the grid ``t`` (ms).

    ``values`` maps ``I``, ``width_ms``, ``gap_ms`` and ``duration_ms``. A
    step, pulse, pulse pair or hyperpolarising step starts at ``onset_ms``; a
    ramp rises from 0 at t = 0 to I at the end of the run.
    """
    I = float(values["I"])
    if protocol == "step":
        return inputs.protocol_current("step", t, amp=I, onset_ms=onset_ms)
    if protocol == "pulse":
        return inputs.protocol_current("pulse", t, amp=I, onset_ms=onset_ms, width_ms=values["width_ms"])
    if protocol == "pulse_pair":
        return inputs.protocol_current("pulse_pair", t, amp=I, onset_ms=onset_ms, width_ms=values["width_ms"],
                                       gap_ms=values["gap_ms"])
    if protocol == "negative_step":
        return inputs.protocol_current("negative_step", t, amp=-abs(I), onset_ms=onset_ms,
                                       offset_ms=onset_ms + values["duration_ms"])
    if protocol == "ramp":
        return inputs.protocol_current("ramp", t, slope_per_ms=I / max(float(t[-1]), DT_MS))
    raise ValueError(f"unknown protocol {protocol!r}")


# ------------------------------------------------------------------ current clamp

def run_pieces(drive: np.ndarray, params, chunk: int = CHUNK_SAMPLES) -> Iterator[float]:
    """A current-clamp run of ``drive`` (on the :data:`DT_MS` grid) from rest, in pieces.

    A generator for :meth:`game.core.jobs.Scheduler.slices`: it yields the
    completed fraction after each piece of ``chunk`` samples and returns the
    :class:`Result`. It starts at the equilibrium for the first input value.
    """
    p, notes = hh.clamp_params(params)
    n = len(drive) - 1
    state = hh.rest_state(p, I=float(drive[0]))
    parts: dict[str, list] = {k: [] for k in ("v", "m", "h", "n", "spikes")}
    seen = list(notes)
    for i in range(0, n, chunk):
        j = min(n, i + chunk)
        run = hh.simulate(drive[i:j + 1], (j - i) * DT_MS, DT_MS, p, y0=state)
        for k in ("v", "m", "h", "n"):
            arr = getattr(run, k)
            parts[k].append(arr if i == 0 else arr[1:])
        parts["spikes"].append(run.spikes + i * DT_MS)
        seen.extend(x for x in run.notes if x not in seen)
        state = run.state_end
        yield j / n
    v, m, h, nn = (np.concatenate(parts[k]) for k in ("v", "m", "h", "n"))
    i_na, i_k, i_l = hh.ionic_currents(v, m, h, nn, p)
    t = np.arange(n + 1) * DT_MS
    return Result("current", t, v, m, h, nn, i_na, i_k, i_l, np.clip(drive, -hh.I_MAX, hh.I_MAX),
                  np.concatenate(parts["spikes"]), tuple(seen), p)


def drain(steps) -> Any:
    """Run a generator of :func:`run_pieces` to its end and return its result (headless use)."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def clamp_record(v_hold: float, v_step: float, t_ms: float, params) -> Result:
    """Hodgkin and Huxley's voltage clamp: hold at ``v_hold``, step to ``v_step`` at 1 ms (closed form)."""
    c = hh.voltage_clamp(v_hold, v_step, t_ms, onset_ms=CLAMP_ONSET_MS, dt_ms=CLAMP_DT_MS, params=params)
    p, _ = hh.clamp_params(params)
    return Result("clamp", c.t, c.v, c.m, c.h, c.n, c.i_na, c.i_k, c.i_l, c.v, np.zeros(0), c.notes, p)


# ------------------------------------------------------------------ f-I curves

class Curve(NamedTuple):
    """An f–I curve: currents (µA/cm²) and sustained rates (Hz, 0 where firing does not go on)."""

    currents: np.ndarray
    rates_hz: np.ndarray


def sustained_rate(spikes: np.ndarray, t_end: float, t_from: float) -> float:
    """The sustained rate (Hz) of the spikes after ``t_from`` (ms), 0 when firing does not go on.

    As ``hh.f_I_curve``: at least two spikes in the window and the last no
    further from the end than twice their mean interval; the rate is
    ``1000 (k - 1) / (t_k - t_1)``.
    """
    w = spikes[spikes >= t_from]
    if w.size < 2:
        return 0.0
    mean_isi = (w[-1] - w[0]) / (w.size - 1)
    return 1000.0 / mean_isi if t_end - w[-1] <= 2.0 * mean_isi else 0.0


def hh_fi_curve(job, params, currents=FI_CURRENTS, t_ms: float = FI_T_MS,
                transient_ms: float = FI_TRANSIENT_MS) -> Curve:
    """Steps from rest to each current, all at once (``hh.simulate_many``), in pieces for a thread lane.

    ``job`` is the :class:`game.core.jobs.Job` running it: between pieces it
    reports progress (a cancellation point) and steps aside while a frame is
    drawn (``job.polite``). The rates are those of ``hh.f_I_curve`` with the
    same run and window (a test compares them).
    """
    cur = np.asarray(currents, dtype=float)
    n = int(round(t_ms / DT_MS))
    pause = job.polite(lambda: None)
    state = None
    trains: list[list[np.ndarray]] = [[] for _ in cur]
    for i in range(0, n, FI_CHUNK_SAMPLES):
        pause()
        j = min(n, i + FI_CHUNK_SAMPLES)
        many = hh.simulate_many(cur, (j - i) * DT_MS, DT_MS, params, y0=state)
        for k, s in enumerate(many.spikes):
            if s.size:
                trains[k].append(s + i * DT_MS)
        state = many.state_end
        job.report(j / n)
        time.sleep(0)                  # give the GIL back after each piece: a frame waits < 1 ms for it
    t_end = n * DT_MS
    rates = [sustained_rate(np.concatenate(tr) if tr else np.zeros(0), t_end, min(transient_ms, t_end / 2))
             for tr in trains]
    return Curve(cur, np.array(rates))


def ml_fi_curve(job, currents=ML_CURRENTS) -> Curve:
    """The Morris–Lecar SNIC set's f–I curve (``planar.ML_SNIC``): one limit cycle per current.

    Each current starts from a large depolarisation (V = 20 mV, N = 0); the
    observation (1 s) doubles up to 16 s near the onset, where the period grows
    without bound. Fields are evaluated through ``job.polite`` (a thread lane).
    """
    rates = []
    for k, I in enumerate(currents):
        f = job.polite(planar.morris_lecar(float(I), **planar.ML_SNIC))
        rate, t_obs = 0.0, 1000.0
        while t_obs <= 16000.0:
            cycle = planar.limit_cycle(f, (20.0, 0.0), 500.0, t_obs, rtol=1e-6, atol=1e-8)
            if cycle is not None:
                rate = 1000.0 / cycle.period
                break
            probe = planar.trajectory(f, (20.0, 0.0), 500.0 + t_obs, max_points=200)
            if probe.reason == "equilibrium" or np.ptp(probe.xy[len(probe.xy) // 2:, 0]) < 1e-3:
                break
            t_obs *= 2.0
        rates.append(rate)
        job.report((k + 1) / len(currents))
    return Curve(np.asarray(currents, dtype=float), np.array(rates))


# ------------------------------------------------------------------ the reduced plane

class Plane(NamedTuple):
    """The reduced (V, n) plane at one input: nullclines (polylines) and equilibria (V, n, kind)."""

    I: float
    v_null: list
    n_null: list
    equilibria: list


def plane_at(I: float, params, v_range=(-100.0, 60.0), points: int = 401) -> Plane:
    """Nullclines and equilibria of Rinzel's reduction (``hh_reduced``) at input ``I`` (µA/cm²).

    An equilibrium lies on the n-nullcline n = n_inf(V) where dV/dt = 0; its
    type comes from the Jacobian (``planar.classify``). About 6 ms.
    """
    p, _ = hh.clamp_params(params)
    f = hr.reduced(I, p)
    v_null, n_null = hr.reduced_nullclines(I, v_range, points, p)

    def n_inf(v):
        return hh.steady_states(v, p.phi)[2]

    V = n_null[0][:, 0]
    g = np.asarray(f(V, n_inf(V))[0])
    eqs = []
    for k in np.flatnonzero(np.sign(g[:-1]) * np.sign(g[1:]) < 0):
        v0 = brentq(lambda v: float(f(v, n_inf(v))[0]), V[k], V[k + 1], xtol=1e-9)
        n0 = float(n_inf(v0))
        eqs.append((float(v0), n0, planar.classify(planar.jacobian(f, (v0, n0)))))
    return Plane(float(I), v_null, n_null, eqs)


def quantise(I: float, lo: float, hi: float, steps: int = 40) -> float:
    """``I`` rounded to 1/``steps`` of the span [lo, hi] (a ramp redraws the plane a few times a second)."""
    if not hi > lo or not math.isfinite(I):
        return float(lo)
    q = (hi - lo) / steps
    return float(lo + round((I - lo) / q) * q)


def widths(result: Result) -> np.ndarray:
    """Width (ms) of each spike of a run at 0 mV (``spikes.widths_above``)."""
    return sp.widths_above(result.t, result.v, 0.0)
