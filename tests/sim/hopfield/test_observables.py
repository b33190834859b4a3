"""Energy, overlaps and fixed points (game.sim.hopfield.observables) against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import hopfield as hf
from tests.sim.hopfield.nets import hebbian_net


def test_energy_of_a_single_stored_pattern_is_minus_half_n_minus_one():
    xi = np.where(np.arange(9) % 3 == 0, 1.0, -1.0)
    W = hf.hebbian(xi)
    assert hf.energy(W, xi) == pytest.approx(-0.5 * 8), "E(xi) = -1/2 sum_{i!=j} xi_i xi_j xi_i xi_j / N"
    assert hf.energy(W, -xi) == pytest.approx(hf.energy(W, xi)), "E must be even in s when theta = 0"


def test_thresholds_enter_the_energy_as_plus_theta_dot_s():
    W = np.zeros((3, 3))
    s = np.array([1.0, -1.0, 1.0])
    assert hf.energy(W, s, theta=[0.5, 0.5, 0.5]) == pytest.approx(0.5), "sign of the theta term"


def test_overlap_is_one_with_the_pattern_and_minus_one_with_its_inverse():
    X, _, _ = hebbian_net(64, 3, 2)
    assert hf.overlap(X[0], X[0]) == 1.0
    assert hf.overlap(-X[0], X[0]) == -1.0
    np.testing.assert_allclose(hf.overlaps(X[1], X)[1], 1.0)
    assert hf.overlaps(X[1], X).shape == (3,)


def test_each_stored_pattern_and_its_inverse_are_fixed_points_at_low_load():
    X, W, _ = hebbian_net(400, 20, 11)  # load 0.05
    for mu, x in enumerate(X):
        assert hf.is_fixed_point(W, x), f"pattern {mu} not stable at load 0.05: crosstalk too large?"
        assert hf.is_fixed_point(W, -x), f"inverse of pattern {mu} not stable: E(-s) = E(s) when theta = 0"
        r = hf.recall(W, x, np.random.default_rng(mu))
        assert r.sweeps == 1 and np.array_equal(r.state, x)
