"""Patterns, probe states and learning rules (game.sim.hopfield.learning) against their definitions."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import hopfield as hf
from tests.sim.hopfield.nets import hebbian_net


def test_hebbian_weights_are_symmetric_zero_diagonal_outer_products_over_n():
    X, W, _ = hebbian_net(50, 4, 0)
    assert np.array_equal(W, W.T), "Hebbian W must be symmetric (outer products summed)"
    assert np.all(np.diag(W) == 0), "self-coupling w_ii must be removed"
    expected = sum(np.outer(x, x) for x in X) / 50
    np.fill_diagonal(expected, 0)
    np.testing.assert_allclose(W, expected, err_msg="W should be (1/N) sum xi xi^T")


def test_storkey_matches_the_published_rule_written_out_unit_by_unit():
    rng = np.random.default_rng(3)
    X = hf.random_patterns(5, 12, rng)
    N = 12
    W = np.zeros((N, N))
    for xi in X:
        new = W.copy()
        for i in range(N):
            for j in range(N):
                if i == j:
                    continue
                h_ij = sum(W[i, k] * xi[k] for k in range(N) if k not in (i, j))
                h_ji = sum(W[j, k] * xi[k] for k in range(N) if k not in (i, j))
                new[i, j] += (xi[i] * xi[j] - xi[i] * h_ji - h_ij * xi[j]) / N
        W = new
    np.testing.assert_allclose(hf.storkey(X), W, atol=1e-12,
                               err_msg="vectorised Storkey update differs from Storkey (1997)")


@pytest.mark.parametrize("rule", ["storkey", "pseudo_inverse"])
def test_other_rules_give_symmetric_zero_diagonal_weights_that_fix_every_pattern(rule):
    X, _, _ = hebbian_net(120, 12, 1)
    W = hf.learn(X, rule)
    np.testing.assert_allclose(W, W.T, atol=1e-12, err_msg=f"{rule}: W not symmetric")
    assert np.all(np.diag(W) == 0), f"{rule}: diagonal not zeroed"
    assert all(hf.is_fixed_point(W, x) for x in X), f"{rule}: a stored pattern is not a fixed point"


def test_unknown_rule_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown learning rule 'oja'"):
        hf.learn(np.ones((1, 4)), "oja")


def test_patterns_with_values_other_than_plus_minus_one_are_rejected():
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        hf.hebbian([[1, 0, -1]])


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.333, 1.0])
def test_corrupt_flips_exactly_round_fraction_times_n_units(fraction):
    rng = np.random.default_rng(0)
    xi = hf.random_patterns(1, 101, rng)[0]
    s = hf.corrupt(xi, fraction, rng)
    assert np.sum(s != xi) == round(fraction * 101), "corrupt must flip round(fraction * N) distinct units"
    assert np.array_equal(xi, hf.random_patterns(1, 101, np.random.default_rng(0))[0]), "xi was modified"


def test_corrupt_rejects_a_fraction_outside_zero_to_one():
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\]"):
        hf.corrupt(np.ones(4), 1.5, np.random.default_rng(0))


def test_occlude_sets_the_masked_units_and_leaves_the_rest():
    xi = np.array([1.0, 1.0, -1.0, 1.0])
    mask = np.array([[True, False], [True, False]])  # a 2x2 grid mask
    assert np.array_equal(hf.occlude(xi, mask), [-1, 1, -1, 1])
    assert np.array_equal(hf.occlude(xi, mask, value=1), [1, 1, 1, 1])
    with pytest.raises(ValueError, match="mask has 3 entries"):
        hf.occlude(xi, [True, False, True])
