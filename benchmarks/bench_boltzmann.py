"""Benchmark: Boltzmann machine learning and Gibbs sampling (``game.sim.boltzmann``).

Times, in one process:

* exact learning of 3-bit parity with 2 hidden units (300 epochs, lr 0.3, the
  setting ``tests/sim/test_boltzmann.py`` pins), one ``Trainer.step`` of it and
  of the 4-2-4 encoder with noisy clamping (a lab animating training runs one
  step per frame);
* Gibbs sampling of a 16-unit network: sweeps per second for 1 to 1024 chains
  (``gibbs`` is vectorised across chains: one numpy operation per unit per
  sweep updates every chain), against a naive loop that updates one unit at a
  time in Python (``W[i] @ s``, ``math.exp``, ``rng.random()`` per unit) --
  the loop a student writes;
* the exact distribution of 16 units (65 536 states), and a lab frame's worth
  of sampling: 256 chains of 6 units, 10 sweeps, plus the histogram.

Goals (issue 18): exact learning of parity <= 1 s; one training step and one
sampling frame well inside the 8 ms p99 frame budget.

Run: ``python benchmarks/bench_boltzmann.py``.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make ``game`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.sim import boltzmann as bm  # noqa: E402

N_GIBBS = 16
SEED = 2024


def naive_gibbs(W, b, T, n_sweeps, rng, s0):
    """One chain, one unit at a time in Python: what a student writes."""
    s = [float(x) for x in s0]
    n = len(s)
    rows = [W[i] for i in range(n)]
    out = []
    for _ in range(n_sweeps):
        for i in rng.permutation(n):
            h = float(rows[i] @ np.asarray(s)) + b[i]
            p = 1.0 / (1.0 + math.exp(-2.0 * h / T))
            s[i] = 1.0 if rng.random() < p else -1.0
        out.append(list(s))
    return np.asarray(out)


def _time(fn, reps):
    out, ts = None, []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return out, np.asarray(ts) * 1e3


def _learning(reps: int) -> dict:
    data = bm.parity_data()
    models, t_fit = _time(lambda: bm.fit(data, 2, 300, 0.3, np.random.default_rng(SEED), init_scale=0.5,
                                         record_weights=False), reps)
    tr = bm.Trainer(data, 2, 0.3, np.random.default_rng(SEED), init_scale=0.5)
    _, t_step = _time(tr.step, 200)
    enc = bm.Trainer(bm.encoder_data(4), 2, 0.3, np.random.default_rng(SEED), mask=bm.encoder_mask(4, 2),
                     init_scale=0.1, clamp_noise=bm.AHS_CLAMP_NOISE)
    _, t_enc = _time(enc.step, 100)
    samp = bm.Trainer(data, 2, 0.1, np.random.default_rng(SEED), method="sampled", init_scale=0.5)
    _, t_samp = _time(samp.step, 200)
    med_fit = float(np.median(t_fit))
    return {
        "parity_exact_fit_300_epochs_ms_median": med_fit,
        "parity_exact_fit_final_kl": float(models.history.kl[-1]),
        "parity_exact_step_ms_p99": float(np.percentile(t_step, 99)),
        "parity_sampled_step_ms_p99": float(np.percentile(t_samp, 99)),
        "encoder_424_noisy_exact_step_ms_median": float(np.median(t_enc)),
        "encoder_424_noisy_exact_step_ms_p99": float(np.percentile(t_enc, 99)),
        "goal_parity_exact_learning_le_1s": med_fit <= 1000.0,
    }


def _sampling(reps: int) -> dict:
    rng = np.random.default_rng(SEED)
    W = bm.spin_glass(N_GIBBS, rng)
    b = rng.normal(0.0, 0.3, N_GIBBS)
    figs = {}
    sweeps = 50
    for chains in (1, 16, 256, 1024):
        _, t = _time(lambda: bm.gibbs(W, b, 1.0, sweeps, np.random.default_rng(1), n_chains=chains), reps)
        ms = float(np.median(t))
        figs[f"gibbs_n16_chains{chains}_sweeps_per_s"] = chains * sweeps / (ms / 1e3)
        figs[f"gibbs_n16_chains{chains}_unit_updates_per_s"] = chains * sweeps * N_GIBBS / (ms / 1e3)
    s0 = np.ones(N_GIBBS)
    _, t_naive = _time(lambda: naive_gibbs(W, b, 1.0, sweeps, np.random.default_rng(1), s0), max(3, reps // 3))
    naive_sps = sweeps / (float(np.median(t_naive)) / 1e3)
    figs["naive_loop_n16_sweeps_per_s"] = naive_sps
    figs["speedup_vs_naive_1_chain"] = figs["gibbs_n16_chains1_sweeps_per_s"] / naive_sps
    figs["speedup_vs_naive_1024_chains"] = figs["gibbs_n16_chains1024_sweeps_per_s"] / naive_sps
    _, t_exact = _time(lambda: bm.exact_distribution(W, b, 1.0), reps)
    figs["exact_distribution_n16_ms_median"] = float(np.median(t_exact))
    # one lab frame: 10 sweeps of 256 chains of 6 units, then the histogram over 64 states
    W6, b6 = W[:6, :6], b[:6]
    state = {"s": None}

    def frame():
        S = bm.gibbs(W6, b6, 1.0, 10, rng, s0=state["s"], n_chains=256)
        state["s"] = S[-1]
        return bm.empirical_distribution(S)

    _, t_frame = _time(frame, 300)
    figs["lab_frame_n6_256chains_10sweeps_ms_p99"] = float(np.percentile(t_frame, 99))
    figs["goal_frame_p99_lt_8ms"] = figs["lab_frame_n6_256chains_10sweeps_ms_p99"] < 8.0
    return figs


def run(reps: int = 15) -> dict:
    """Time learning and sampling; return the figures (ms unless the name says otherwise)."""
    figs = {"cpu_count": os.cpu_count(), "load_avg_1min_before": os.getloadavg()[0]}
    figs.update(_learning(max(3, reps // 3)))
    figs.update(_sampling(reps))
    figs["load_avg_1min_after"] = os.getloadavg()[0]
    return figs


def main() -> None:
    for k, v in run().items():
        print(f"{k:48s} {v:.4g}" if isinstance(v, float) else f"{k:48s} {v}")


if __name__ == "__main__":
    main()
