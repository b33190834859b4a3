"""Benchmark: Hopfield asynchronous recall at N = 1024 (a 32x32 grid).

Compares ``game.sim.hopfield.recall`` (incremental fields, stable units skipped
in vectorised blocks) with two loops a student might write:

* ``student``: for every unit, recompute the whole field ``h = W @ s`` and
  update that one unit (``O(N^2)`` per unit, ``O(N^3)`` per sweep);
* ``rowdot``: for every unit, ``h_i = W[i] @ s`` (``O(N)`` per unit, but one
  Python iteration and one small numpy call per unit).

All three use the same random order per sweep from identically seeded
generators, so they must reach the same final state; the run checks it.

It also times neurodynex3's ``HopfieldNetwork`` (the exercise code of
Gerstner et al., *Neuronal Dynamics*) with ``set_dynamics_sign_async()`` on
the same patterns and corrupted start, one ``run(1)`` sweep at a time until a
sweep changes nothing, and checks it recalls the same pattern (its update
order comes from numpy's global generator, so only the end state is
compared). neurodynex3 1.0.4 pins numpy 1.26, so it is not a dependency of
this project: the comparison runs in-process when neurodynex3 imports here,
else in a subprocess with the interpreter named by ``NEURODYNEX_PYTHON``
(see ``neurodynex_hopfield.py``), else it is skipped with a line saying how
to enable it.

Goals (issue 5): recall <= 20 ms, >= 5x faster than ``student``; animating one
sweep per frame keeps p99 frame time < 8 ms.

Run: ``python -m benchmarks.bench_hopfield`` or ``python benchmarks/bench_hopfield.py``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make ``game`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.sim import hopfield as hf  # noqa: E402

N = 1024
LOAD = 0.05
NOISE = 0.10
SEED = 2024


def _student_recall(W, s0, rng, max_sweeps=50):
    """What a student writes: the full field recomputed for every unit."""
    s = s0.copy()
    n = s.size
    for sweep in range(1, max_sweeps + 1):
        changed = False
        for i in rng.permutation(n):
            h = W @ s
            if h[i] > 0 and s[i] < 0:
                s[i] = 1.0
                changed = True
            elif h[i] < 0 and s[i] > 0:
                s[i] = -1.0
                changed = True
        if not changed:
            return s, sweep
    return s, max_sweeps


def _rowdot_recall(W, s0, rng, max_sweeps=50):
    """A better student: one row-vector product per unit."""
    s = s0.copy()
    n = s.size
    for sweep in range(1, max_sweeps + 1):
        changed = False
        for i in rng.permutation(n):
            hi = W[i] @ s
            if hi * s[i] < 0:
                s[i] = -s[i]
                changed = True
        if not changed:
            return s, sweep
    return s, max_sweeps


NDX_ENV = "NEURODYNEX_PYTHON"
NDX_HELPER = Path(__file__).resolve().parent / "neurodynex_hopfield.py"
NDX_HOW = (f"skipped: neurodynex3 is not importable here; to compare, make a separate venv "
           f"(python -m venv /tmp/ndx && /tmp/ndx/bin/pip install neurodynex3) and set "
           f"{NDX_ENV}=/tmp/ndx/bin/python")


def _ndx_helper():
    spec = importlib.util.spec_from_file_location("neurodynex_hopfield", NDX_HELPER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _neurodynex(X, s0, reps):
    """neurodynex3's async recall on this problem: (raw figures, how it ran) or (None, why not)."""
    helper = _ndx_helper()
    if helper.available():
        return helper.run(X, s0, reps), "in-process"
    exe = os.environ.get(NDX_ENV)
    if not exe:
        return None, NDX_HOW
    with tempfile.TemporaryDirectory(prefix="na-ndx-") as tmp:
        problem = Path(tmp) / "problem.npz"
        np.savez(problem, patterns=X.astype(np.int8), s0=s0.astype(np.int8), reps=np.int64(reps))
        try:
            out = subprocess.run([exe, str(NDX_HELPER), str(problem)], capture_output=True, text=True,
                                 timeout=900, cwd=tmp)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"failed: {NDX_ENV}={exe}: {type(exc).__name__}: {exc}"
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"failed: {NDX_ENV}={exe} exited {out.returncode}: {last}"
    try:
        return json.loads(out.stdout.strip().splitlines()[-1]), f"{NDX_ENV} subprocess"
    except (ValueError, IndexError):
        return None, f"failed: {NDX_ENV}={exe} printed no JSON"


def _neurodynex_figures(X, s0, ours, med_ours, reps) -> dict:
    raw, how = _neurodynex(X, s0, reps)
    if raw is None:
        print(f"bench_hopfield: neurodynex3 comparison {how}", file=sys.stderr)
        return {"neurodynex3": how}
    state = np.asarray(raw["state"], dtype=float)
    med = float(np.median(raw["recall_ms"]))
    return {
        "neurodynex3": f"{raw['neurodynex3']} ({how}, numpy {raw['numpy']})",
        "neurodynex3_recall_ms_median": med,
        "neurodynex3_sweeps": int(raw["sweeps"]),
        "neurodynex3_recalls_same_pattern": bool(np.array_equal(state, X[0])
                                                 and np.array_equal(state, ours.state)),
        "neurodynex3_store_patterns_ms_per_pattern": float(raw["store_one_pattern_ms"]),
        "neurodynex3_store_patterns_is_hebbian": bool(raw["store_matches_hebbian"]),
        "speedup_vs_neurodynex3": med / med_ours,
    }


def _time(fn, reps):
    out, ts = None, []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return out, np.asarray(ts) * 1e3


def run(reps: int = 30, student_reps: int = 3, frames: int = 300) -> dict:
    """Time recall, a sweep and animation frames; return the figures (ms unless named)."""
    rng = np.random.default_rng(SEED)
    P = int(round(LOAD * N))
    X = hf.random_patterns(P, N, rng)
    W = hf.hebbian(X)
    s0 = hf.corrupt(X[0], NOISE, rng)

    ours, t_ours = _time(lambda: hf.recall(W, s0, np.random.default_rng(7)), reps)
    (s_stu, sw_stu), t_stu = _time(lambda: _student_recall(W, s0, np.random.default_rng(7)), student_reps)
    (s_row, sw_row), t_row = _time(lambda: _rowdot_recall(W, s0, np.random.default_rng(7)), max(3, reps // 5))

    # one sweep: from the noisy start (about N * NOISE flips) and at the fixed point (no flips)
    _, t_sweep_noisy = _time(lambda: hf.async_sweep(W, s0, np.random.default_rng(3)), reps)
    _, t_sweep_fixed = _time(lambda: hf.async_sweep(W, X[0], np.random.default_rng(3)), reps)

    def student_sweep():
        s = s0.copy()
        for i in np.random.default_rng(3).permutation(N):
            h = W @ s
            if h[i] * s[i] < 0:
                s[i] = -s[i]
        return s

    _, t_sweep_student = _time(student_sweep, 1)
    # one W @ s: if this is far above ~0.2 ms the machine is busy and OpenBLAS
    # threads are waiting for a core; every figure above is then inflated
    _, t_matvec = _time(lambda: W @ s0, reps)

    # animation: one sweep per frame, worst case is a warm network (many flips)
    frame_ms = {}
    for label, T in (("T0", 0.0), ("T0.5", 0.5)):
        anim = hf.RecallAnimator(W, s0, np.random.default_rng(5), temperature=T)
        ts = []
        for _ in range(frames):
            t0 = time.perf_counter()
            anim.sweep()
            ts.append(time.perf_counter() - t0)
        frame_ms[label] = np.percentile(np.asarray(ts) * 1e3, 99)

    med_ours = float(np.median(t_ours))
    med_stu = float(np.median(t_stu))
    med_row = float(np.median(t_row))
    ndx = _neurodynex_figures(X, s0, ours, med_ours, max(3, reps // 3))
    return {
        "N": N,
        "P": P,
        "noise": NOISE,
        "sweeps": ours.sweeps,
        "final_overlap": hf.overlap(ours.state, X[0]),
        "same_result_as_loops": bool(np.array_equal(ours.state, s_stu) and np.array_equal(ours.state, s_row)
                                     and ours.sweeps == sw_stu == sw_row),
        "recall_ms_median": med_ours,
        "recall_ms_p90": float(np.percentile(t_ours, 90)),
        "student_recall_ms_median": med_stu,
        "rowdot_recall_ms_median": med_row,
        "speedup_vs_student": med_stu / med_ours,
        "speedup_vs_rowdot": med_row / med_ours,
        **ndx,
        "sweep_ms_noisy_start": float(np.median(t_sweep_noisy)),
        "sweep_ms_fixed_point": float(np.median(t_sweep_fixed)),
        "student_sweep_ms": float(t_sweep_student[0]),
        "matvec_ms_median": float(np.median(t_matvec)),
        "anim_sweep_per_frame_p99_ms_T0": float(frame_ms["T0"]),
        "anim_sweep_per_frame_p99_ms_T0.5": float(frame_ms["T0.5"]),
        "goal_recall_le_20ms": med_ours <= 20.0,
        "goal_speedup_ge_5x": med_stu / med_ours >= 5.0,
        "goal_frame_p99_lt_8ms": max(frame_ms.values()) < 8.0,
    }


def main() -> None:
    for k, v in run().items():
        print(f"{k:34s} {v:.3f}" if isinstance(v, float) else f"{k:34s} {v}")


if __name__ == "__main__":
    main()
