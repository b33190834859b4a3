"""The capacity curve (game.sim.hopfield.capacity) against the Hebbian critical load."""

from __future__ import annotations

import numpy as np

from game.sim import hopfield as hf


def test_capacity_curve_collapses_between_low_load_and_twice_the_critical_load():
    c = hf.capacity_curve(200, [0.05, 0.3], np.random.default_rng(16), trials=6)
    assert c.P.tolist() == [10, 60]
    assert c.recalled[0] >= 0.8 and c.recalled[1] <= 0.2, f"recalled fractions {c.recalled}"
    assert c.bit_stability[0] > c.bit_stability[1]
