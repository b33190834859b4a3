"""neurodynex3's ``HopfieldNetwork``: asynchronous recall timed on a given problem.

Used by ``bench_hopfield.py`` (not a ``bench_*`` file itself, so
``bench --compare`` does not run it on its own). It imports only numpy and
neurodynex3, never ``game``, because neurodynex3 1.0.4 pins numpy 1.26 and
scipy 1.12 and so lives in a separate interpreter; ``bench_hopfield`` then runs
this file with ``NEURODYNEX_PYTHON``::

    $NEURODYNEX_PYTHON benchmarks/neurodynex_hopfield.py problem.npz

which prints the figures as one JSON object. ``problem.npz`` holds
``patterns`` (P, N) of +1/-1, the corrupted start ``s0`` (N,) and ``reps``.

The weights: ``HopfieldNetwork.store_patterns`` is the textbook double loop
over (i, k) per pattern, about 0.7 s per pattern at N = 1024, so storing all
P = 51 patterns would take about 35 s. It is timed on the first pattern and
checked against ``x x^T / N`` (zero diagonal); the network then gets the
same Hebbian sum for all P patterns, computed as one matrix product, which is
exactly what ``store_patterns`` would have produced.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def available() -> bool:
    """Whether neurodynex3 can be imported by this interpreter."""
    try:
        from neurodynex3.hopfield_network.network import HopfieldNetwork  # noqa: F401
    except Exception:   # ImportError, or a binary mismatch inside its dependencies
        return False
    return True


def run(patterns: np.ndarray, s0: np.ndarray, reps: int = 10, max_sweeps: int = 50, seed: int = 7) -> dict:
    """Time neurodynex3's async recall from ``s0`` until a sweep changes nothing.

    ``run(1)`` is one asynchronous sweep (every unit once, random order from
    numpy's global generator, seeded per repetition). Sweeps are counted the
    way ``game.sim.hopfield.recall`` counts them: the last one is the sweep
    that changed nothing.

    Returns
    -------
    dict
        ``recall_ms`` (one per repetition), ``sweeps``, ``state`` (final state
        of the last repetition, list of +1/-1), ``store_one_pattern_ms`` and
        ``store_matches_hebbian`` (bool), ``numpy`` and ``neurodynex3``
        versions.
    """
    from importlib.metadata import version

    from neurodynex3.hopfield_network.network import HopfieldNetwork

    X = np.asarray(patterns, dtype=float)
    P, N = X.shape
    net = HopfieldNetwork(N)
    t0 = time.perf_counter()
    net.store_patterns([X[0]])
    store_ms = (time.perf_counter() - t0) * 1e3
    w1 = np.outer(X[0], X[0]) / N
    np.fill_diagonal(w1, 0.0)
    store_ok = bool(np.allclose(net.weights, w1, rtol=0, atol=1e-12))

    W = X.T @ X / N
    np.fill_diagonal(W, 0.0)
    net.weights = W
    net.set_dynamics_sign_async()

    times, sweeps, state = [], 0, None
    for _ in range(reps):
        np.random.seed(seed)
        t0 = time.perf_counter()
        net.set_state_from_pattern(np.asarray(s0, dtype=float))
        for sweeps in range(1, max_sweeps + 1):
            before = net.state
            net.run(1)
            if np.array_equal(before, net.state):
                break
        times.append((time.perf_counter() - t0) * 1e3)
        state = net.state
    return {"recall_ms": times, "sweeps": sweeps, "state": [int(v) for v in state],
            "store_one_pattern_ms": store_ms, "store_matches_hebbian": store_ok,
            "numpy": np.__version__, "neurodynex3": version("neurodynex3")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: neurodynex_hopfield.py problem.npz", file=sys.stderr)
        return 2
    with np.load(argv[0]) as z:
        out = run(z["patterns"], z["s0"], int(z["reps"]))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
