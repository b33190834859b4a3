"""Timings of game.sim.planar operations that run while the player interacts.

Run: python benchmarks/bench_planar.py
Budgets (issues 3 and 7): a click's linear trajectory within one frame;
nullclines + equilibria for a new slider value <= 8 ms median on 200 x 200.
"""

import time

import numpy as np

from game.sim import planar as P


def _median_ms(fn, repeat: int = 30) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times)), 1e3 * float(np.percentile(times, 99))


def rows() -> list:
    """(operation, (median ms, p99 ms)) for every timed operation."""
    view = (-3.0, 3.0, -3.0, 3.0)
    rows = []
    for name, A in [("saddle", [[1, 0], [0, -1]]), ("stable focus", [[-0.2, 1], [-1, -0.2]]),
                    ("centre", [[0, 2], [-2, 0]]), ("stiff node", [[-10, 0], [0, -0.1]])]:
        rows.append((f"linear_trajectory fwd+bwd, {name}",
                     _median_ms(lambda A=A: (P.linear_trajectory(A, [0.5, 0.3], 100, bounds=view),
                                             P.linear_trajectory(A, [0.5, 0.3], 100, True, view)))))
    rows.append(("direction_field 25x25 linear",
                 _median_ms(lambda: P.direction_field(P.linear_field([[0, 1], [-1, 0]]), (-3, 3), (-3, 3), 25))))
    systems = [("ML Hopf I=80", P.morris_lecar(80.0), (-70, 50), (-0.05, 0.6)),
               ("ML SNIC I=35", P.morris_lecar(35.0, **P.ML_SNIC), (-70, 50), (-0.05, 0.6)),
               ("FHN I=0.3", P.fitzhugh_nagumo(0.3), (-2.5, 2.5), (-1, 2)),
               ("user FHN", P.compile_field("x - x**3/3 - y + I", "0.08*(x + 0.7 - 0.8*y)", {"I": 0.3}),
                (-2.5, 2.5), (-1, 2))]
    for name, f, xl, yl in systems:
        rows.append((f"nullclines_and_equilibria 200x200, {name}",
                     _median_ms(lambda f=f, xl=xl, yl=yl: P.nullclines_and_equilibria(f, xl, yl, 200))))
    rows.append(("trajectory ML Hopf I=100, 500 ms, view",
                 _median_ms(lambda: P.trajectory(P.morris_lecar(100.0), [-20, 0.1], 500,
                                                 bounds=(-70, 50, -0.05, 0.6)), repeat=10)))
    rows.append(("compile_field (FHN pair)",
                 _median_ms(lambda: P.compile_field("x - x**3/3 - y + I", "0.08*(x + 0.7 - 0.8*y)", {"I": 0.3}))))
    start = time.perf_counter()
    P.ml_bifurcation(P.ML_HOPF, np.arange(85, 125, 5.0))
    rows.append(("ml_bifurcation ML_HOPF, 8 currents (once)", (1e3 * (time.perf_counter() - start), float("nan"))))
    starts = np.random.default_rng(0).uniform(-2.5, 2.5, (10, 2))
    A = [[-0.3, 1.0], [-1.0, -0.3]]
    rows.append(("linear_trajectories fwd+bwd, 10 starts (slider drag)",
                 _median_ms(lambda: (P.linear_trajectories(A, starts, 30, bounds=view),
                                     P.linear_trajectories(A, starts, 30, True, view)))))
    return rows


def run() -> dict:
    """Figures for ``neuroarcade bench --compare`` (ms)."""
    out = {}
    for label_, (median, p99) in rows():
        out[f"{label_} median_ms"] = round(median, 3)
    return out


def main() -> None:
    rows_ = rows()
    width = max(len(r[0]) for r in rows_)
    print(f"{'operation'.ljust(width)}  median ms   p99 ms")
    for label_, (median, p99) in rows_:
        print(f"{label_.ljust(width)}  {median:9.2f}  {p99:7.2f}")


if __name__ == "__main__":
    main()
