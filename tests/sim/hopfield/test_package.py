"""The package's face: today's public names importable from game.sim.hopfield, no pygame."""

from __future__ import annotations

import subprocess
import sys

from game.sim import hopfield as hf


def test_hopfield_and_patterns_do_not_import_pygame():
    code = ("import sys, game.sim.hopfield, game.sim.patterns; "
            "sys.exit('pygame' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, "game.sim must stay pygame-free"


#: The public names of game.sim.hopfield before it became a package (they must stay importable).
NAMES = ["CRITICAL_LOAD", "ZERO_FIELD_TOL", "Recall", "UnitStep", "UnitUpdate", "Chunk", "CapacityCurve",
         "RecallAnimator", "random_patterns", "hebbian", "storkey", "pseudo_inverse", "RULES", "learn",
         "local_field", "energy", "overlap", "overlaps", "corrupt", "occlude", "is_fixed_point", "async_sweep",
         "sync_step", "step_unit", "glauber_probability", "glauber_sweep", "anneal_schedule", "recall",
         "classify_state", "mixture_state", "mixture_components", "is_mixture", "capacity_curve"]


def test_every_public_name_of_the_old_module_is_importable_from_the_package():
    assert sorted(hf.__all__) == sorted(NAMES), "__all__ must list exactly the public names"
    missing = [n for n in NAMES if not hasattr(hf, n)]
    assert not missing, f"no longer importable from game.sim.hopfield: {missing}"


def test_each_public_name_has_one_home_module_of_the_package():
    import importlib
    homes = {}
    for sub in ("learning", "observables", "dynamics", "animator", "attractors", "capacity"):
        module = importlib.import_module(f"game.sim.hopfield.{sub}")
        for n in module.__all__:
            assert n not in homes, f"{n} is listed by both {homes.get(n)} and {sub}"
            homes[n] = sub
            assert getattr(hf, n) is getattr(module, n), f"hopfield.{n} is not {sub}.{n}"
    assert set(NAMES) <= set(homes), f"names without a home module: {set(NAMES) - set(homes)}"


def test_recall_through_the_package_name_still_recalls_a_pattern():
    import numpy as np
    rng = np.random.default_rng(4)
    X = hf.random_patterns(3, 120, rng)
    r = hf.recall(hf.hebbian(X), hf.corrupt(X[1], 0.1, rng), rng)
    assert r.converged and hf.overlap(r.state, X[1]) == 1.0
