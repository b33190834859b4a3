"""Benchmark of game.sim.hodgkin_huxley: one membrane, the f-I curve, and accuracy.

Compares, in one run and at the SAME accuracy, our scheme (``simulate``:
Strang splitting of the exact gate and membrane flows with Richardson
extrapolation, dt = 0.1 ms) with

- ``scipy.integrate.solve_ivp`` (RK45, the default, and LSODA), at the
  loosest relative tolerance of 1e-2, 3e-3, 1e-3, ... whose spike times are at
  least as accurate as ours;
- plain forward Euler in a Python float loop (the same style of loop as
  ours), at the largest step 0.02 / 2^k ms that is at least as accurate.

Accuracy is the largest spike-time error over 1 s of I = 10 uA/cm^2 from rest
(69 spikes) against DOP853 at rtol 1e-11; every method locates the 0 mV
crossing its own way (events for solve_ivp, linear interpolation otherwise).

Goals (issue 17): 1 s of model time <= 50 ms; a 40-current f-I curve of 1 s
each <= 2 s (timed against a loop of single runs).

Run: ``python benchmarks/bench_hodgkin_huxley.py``
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

try:
    from game.sim import hodgkin_huxley as hh
except ImportError:  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from game.sim import hodgkin_huxley as hh

I_BENCH = 10.0
T_MS = 1000.0


def _rates(V):
    exp = math.exp
    a, b = V + 40.0, V + 55.0
    am = 0.1 * a / (1.0 - exp(-a / 10.0)) if a != 0.0 else 1.0
    an = 0.01 * b / (1.0 - exp(-b / 10.0)) if b != 0.0 else 0.1
    return (am, 4.0 * exp(-(V + 65.0) / 18.0), 0.07 * exp(-(V + 65.0) / 20.0),
            1.0 / (1.0 + exp(-(V + 35.0) / 10.0)), an, 0.125 * exp(-(V + 65.0) / 80.0))


def textbook_rhs(I):
    """The equations as printed, for solve_ivp (V clipped to +-500 mV: a loose
    tolerance can try wild trial steps, and math.exp would overflow)."""
    def rhs(t, y):
        V, m, h, n = y
        V = min(max(V, -500.0), 500.0)
        am, bm, ah, bh, an, bn = _rates(V)
        i_ion = 120.0 * m ** 3 * h * (V - 50.0) + 36.0 * n ** 4 * (V + 77.0) + 0.3 * (V + 54.387)
        return [I - i_ion, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n]
    return rhs


def ivp_spikes(I, t_ms, y0, method, rtol, atol=None):
    """0 mV upward crossings from solve_ivp's event location."""
    def cross(t, y):
        return y[0]
    cross.direction = 1
    sol = solve_ivp(textbook_rhs(I), (0.0, t_ms), y0, method=method, rtol=rtol,
                    atol=rtol * 1e-2 if atol is None else atol, events=cross)
    return sol.t_events[0]


def euler_spikes(I, t_ms, dt, y0):
    """Plain forward Euler in Python floats; crossings by linear interpolation."""
    V, m, h, n = (float(x) for x in y0)
    out = []
    for i in range(int(round(t_ms / dt))):
        am, bm, ah, bh, an, bn = _rates(V)
        i_ion = 120.0 * m * m * m * h * (V - 50.0) + 36.0 * n * n * n * n * (V + 77.0) \
            + 0.3 * (V + 54.387)
        Vn = V + dt * (I - i_ion)
        m += dt * (am * (1.0 - m) - bm * m)
        h += dt * (ah * (1.0 - h) - bh * h)
        n += dt * (an * (1.0 - n) - bn * n)
        if V < 0.0 <= Vn:
            out.append(i * dt - dt * V / (Vn - V))
        V = Vn
    return np.array(out)


def _error(spikes, ref):
    return float(np.max(np.abs(spikes - ref))) if spikes.size == ref.size else math.inf


def _best_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * min(times), 1e3 * float(np.median(times))


def _same_accuracy(out, y0, ref, target, repeat):
    for method in ("RK45", "LSODA"):
        for rtol in (1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6):
            err = _error(ivp_spikes(I_BENCH, T_MS, y0, method, rtol), ref)
            if err <= target:
                break
        best, _ = _best_ms(lambda: ivp_spikes(I_BENCH, T_MS, y0, method, rtol), repeat)
        out[f"solve_ivp_{method}_rtol_at_same_accuracy"] = rtol
        out[f"solve_ivp_{method}_error_ms"] = err
        out[f"solve_ivp_{method}_1s_ms_best"] = best
        out[f"speedup_vs_solve_ivp_{method}"] = best / out["one_membrane_1s_ms_best"]
    dt = 0.02
    while (err := _error(euler_spikes(I_BENCH, T_MS, dt, y0), ref)) > target and dt > 1e-4:
        dt /= 2.0
    best, _ = _best_ms(lambda: euler_spikes(I_BENCH, T_MS, dt, y0), 1)
    out["euler_dt_ms_at_same_accuracy"] = dt
    out["euler_error_ms"] = err
    out["euler_1s_ms"] = best
    out["speedup_vs_euler"] = best / out["one_membrane_1s_ms_best"]


def run(repeat=7):
    """Run every benchmark and return the figures.

    Returns
    -------
    dict
        Times in ms or s as the key says, speed-ups, and accuracy figures (ms).
    """
    out = {}
    y0 = hh.rest_state()
    best, med = _best_ms(lambda: hh.simulate(I_BENCH, T_MS), repeat)
    out["one_membrane_1s_ms_best"] = best
    out["one_membrane_1s_ms_median"] = med
    out["one_membrane_1s_budget_ms"] = 50.0
    best20, _ = _best_ms(lambda: hh.simulate(I_BENCH, T_MS, params={"temperature_c": 20.0}),
                         max(2, repeat // 3))
    out["one_membrane_1s_at_20C_ms_best"] = best20

    ref = ivp_spikes(I_BENCH, T_MS, y0, "DOP853", 1e-11, 1e-12)
    ours = hh.simulate(I_BENCH, T_MS).spikes
    target = _error(ours, ref)
    out["spikes_in_1s"] = int(ref.size)
    out["ours_max_spike_error_1s_ms"] = target
    out["ours_max_spike_error_200ms_ms"] = _error(ours[ours < 200.0], ref[ref < 200.0])
    _same_accuracy(out, y0, ref, target, max(2, repeat // 3))

    currents = np.linspace(0.0, 160.0, 40)
    t = time.perf_counter()
    fi = hh.f_I_curve(currents, T_MS)
    out["f_I_40_currents_1s_s"] = time.perf_counter() - t
    out["f_I_budget_s"] = 2.0
    t = time.perf_counter()
    loop = [hh.simulate(c, T_MS).spikes for c in currents]
    out["loop_of_40_simulate_s"] = time.perf_counter() - t
    out["f_I_same_spikes_as_loop"] = all(
        a.size == b.size and np.allclose(a, b, atol=1e-6) for a, b in zip(fi.spikes, loop))
    return out


if __name__ == "__main__":
    for key, value in run().items():
        if isinstance(value, float):
            print(f"{key:48s} {value:10.4g}")
        else:
            print(f"{key:48s} {value}")
