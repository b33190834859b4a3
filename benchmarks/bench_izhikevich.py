"""Benchmark of game.sim.izhikevich: one neuron, the atlas, and accuracy.

Compares, in one run, our exact-Riccati scheme (``simulate``) with a
straightforward ``scipy.integrate.solve_ivp`` (RK45, terminal event at +30 mV,
restarted after each reset), and times the 100 x 100 atlas.

Goals (issue 4): one neuron, 1 s of model time <= 10 ms and >= 5x faster than
solve_ivp; atlas 100 x 100 x 1 s <= 3 s, compared with a Python loop of
single-neuron runs.

Run: ``python benchmarks/bench_izhikevich.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

try:
    from game.sim import izhikevich as iz
except ImportError:  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from game.sim import izhikevich as iz


def solve_ivp_neuron(a, b, c, d, I, t_ms, dt_ms=iz.DEFAULT_DT_MS, rtol=1e-6, atol=1e-6):
    """The textbook way: RK45 with a terminal event, restarted after each reset.

    Returns v sampled on the same grid as ``simulate`` and the spike times.
    """
    def rhs(t, y):
        v, u = y
        return [0.04 * v * v + 5 * v + 140 - u + I, a * (b * v - u)]

    def peak(t, y):
        return y[0] - iz.V_PEAK_MV
    peak.terminal = True
    peak.direction = 1

    grid = np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms
    v_out = np.empty_like(grid)
    y = [-65.0, b * -65.0]
    t0, spikes, k = 0.0, [], 0
    while t0 < t_ms:
        sel = grid[(grid >= t0) & (grid <= t_ms)]
        sol = solve_ivp(rhs, (t0, t_ms), y, t_eval=sel, events=peak, rtol=rtol, atol=atol)
        v_out[k:k + sol.t.size] = sol.y[0]
        k += sol.t.size
        if sol.status == 1:
            ts = float(sol.t_events[0][0])
            spikes.append(ts)
            u = float(sol.y_events[0][0][1])
            y, t0 = [c, u + d], ts
        else:
            break
    return v_out[:k], np.array(spikes)


def _best_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * min(times), 1e3 * float(np.median(times))


def run(repeat=7):
    """Run every benchmark and return the figures.

    Returns
    -------
    dict
        Times in ms or s as the key says, ratios, and accuracy figures (ms).
    """
    rs = iz.PRESETS["RS"]
    out = {}
    best, med = _best_ms(lambda: iz.simulate(*rs, 10.0, 1000.0), repeat)
    out["one_neuron_1s_ms_best"] = best
    out["one_neuron_1s_ms_median"] = med
    best01, _ = _best_ms(lambda: iz.simulate(*rs, 10.0, 1000.0, dt_ms=0.1), repeat)
    out["one_neuron_1s_dt0.1_ms_best"] = best01
    ivp_best, ivp_med = _best_ms(lambda: solve_ivp_neuron(*rs, 10.0, 1000.0), max(2, repeat // 3))
    out["solve_ivp_1s_ms_best"] = ivp_best
    out["speedup_vs_solve_ivp"] = ivp_best / best

    ours = iz.simulate(*rs, 10.0, 1000.0).spikes
    _, ref = solve_ivp_neuron(*rs, 10.0, 1000.0, rtol=1e-10, atol=1e-10)
    out["rs_spike_count_ours_vs_solve_ivp"] = (int(ours.size), int(ref.size))
    if ours.size == ref.size:
        out["rs_max_spike_diff_vs_tight_solve_ivp_ms"] = float(np.max(np.abs(ours - ref)))

    worst = 0.0
    for p in iz.PRESETS.values():
        s1 = iz.simulate(*p, 10.0, 1000.0).spikes
        s2 = iz.simulate(*p, 10.0, 1000.0, dt_ms=iz.DEFAULT_DT_MS / 2).spikes
        worst = max(worst, float(np.max(np.abs(s1 - s2))) if s1.size == s2.size else np.inf)
    out["presets_max_spike_shift_when_halving_dt_ms"] = worst

    c = np.linspace(-70, -45, 100)
    d = np.linspace(0, 10, 100)
    t = time.perf_counter()
    grid = iz.atlas("c", c, "d", d, {"a": 0.02, "b": 0.2}, 10.0, 1000.0)
    out["atlas_100x100_1s_s"] = time.perf_counter() - t
    out["atlas_dt_ms"] = iz.ATLAS_DT_MS
    # The alternative: a Python loop of single-neuron runs (simulate + classify
    # per grid point, same step). 10,000 runs take ~30 s, so a fixed random
    # sample of 300 points is timed and scaled to the grid; the sample's
    # classes are checked against the atlas.
    rng = np.random.default_rng(7)
    sample = rng.choice(c.size * d.size, size=300, replace=False)
    t = time.perf_counter()
    agree = 0
    for k in sample:
        iy, ix = divmod(int(k), c.size)
        run_ = iz.simulate(0.02, 0.2, c[ix], d[iy], 10.0, 1000.0, dt_ms=iz.ATLAS_DT_MS)
        name = iz.classify_firing(run_.spikes, 1000.0)
        agree += name == iz.FIRING_CLASSES[grid[iy, ix]]
    per_run = (time.perf_counter() - t) / sample.size
    out["loop_of_single_runs_100x100_s_scaled_from_300"] = per_run * c.size * d.size
    out["speedup_atlas_vs_loop"] = per_run * c.size * d.size / out["atlas_100x100_1s_s"]
    out["loop_sample_same_class_as_atlas"] = f"{agree}/{sample.size}"
    t = time.perf_counter()
    iz.atlas("c", c, "d", d, {"a": 0.02, "b": 0.2}, 10.0, 1000.0, dt_ms=iz.DEFAULT_DT_MS)
    out["atlas_100x100_1s_at_default_dt_s"] = time.perf_counter() - t
    return out


if __name__ == "__main__":
    for key, value in run().items():
        if isinstance(value, float):
            print(f"{key:48s} {value:10.3f}")
        else:
            print(f"{key:48s} {value}")
