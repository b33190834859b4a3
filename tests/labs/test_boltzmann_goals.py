"""The boltzmann lab's measures (pure functions), its level schema and the network a level builds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.catalog import level_from_dict
from game.labs.boltzmann import goals, network, schema
from game.levels import LevelError
from game.sim import boltzmann as bm


# ------------------------------------------------------------------ measures

def test_odds_gap_is_the_difference_in_percent_of_the_larger_probability():
    assert goals.odds_gap(0.30, 0.27) == pytest.approx(10.0)
    assert goals.odds_gap(0.27, 0.30) == pytest.approx(10.0), "the gap is symmetric in A and B"
    assert goals.odds_gap(0.2, 0.2) == 0.0
    assert goals.odds_gap(0.0, 0.0) == goals.MISS, "two impossible patterns are not 'equally likely'"
    assert goals.odds_gap(0.5, 0.0) == pytest.approx(100.0)


def test_ground_share_counts_final_energies_at_the_lowest_energy():
    assert goals.ground_share([-3.0, -3.0, -2.0, -3.0 + 1e-12], -3.0) == pytest.approx(75.0)
    assert goals.ground_share([-2.5, -1.0], -3.0) == 0.0
    assert goals.ground_share([], -3.0) == 0.0


def test_conditional_keeps_the_states_that_agree_with_the_clamps_and_renormalises():
    q = bm.exact_distribution([[0.0, 1.0, 0.2], [1.0, 0.0, -0.5], [0.2, -0.5, 0.0]], [0.1, 0.0, 0.3], 1.0)
    c = goals.conditional(q, [1, 0, -1])
    ok = goals.consistent(3, [1, 0, -1])
    assert ok.sum() == 2 and c.sum() == pytest.approx(1.0)
    assert np.all(c[~ok] == 0)
    assert c[ok] == pytest.approx(q[ok] / q[ok].sum())
    assert goals.conditional(np.array([1.0, 0, 0, 0]), [1, 1]).sum() == 0.0, "no mass: zeros, not NaN"


def test_completion_probability_is_the_pattern_given_its_cue_units():
    q = np.array([0.1, 0.2, 0.3, 0.4])                   # states 00, 01, 10, 11
    X = np.array([[1, 1], [-1, -1]])
    p = goals.completion_probabilities(q, X, [True, False])
    assert p == pytest.approx([0.4 / 0.7, 0.1 / 0.3])


# ------------------------------------------------------------------ the network a level builds

def test_named_data_sets_and_connectivity_are_the_sims():
    assert np.array_equal(network.data_patterns("parity", 3), bm.parity_data(3))
    assert np.array_equal(network.data_patterns("encoder", 8), bm.encoder_data(4))
    assert np.array_equal(network.data_patterns("memories", 8), bm.two_memories(8))
    assert np.array_equal(network.data_patterns(["101", "010"], 3), [[1, -1, 1], [-1, 1, -1]])
    assert np.array_equal(network.mask_for("encoder", 8, 2), bm.encoder_mask(4, 2))


def test_a_spin_glass_level_draws_its_couplings_from_the_seed():
    f = schema.Fixed.model_validate({"visible": 6, "couplings": "spin_glass"})
    net = network.build(f, 5, 0)
    assert np.allclose(net.W, bm.spin_glass(6, np.random.default_rng([5, 0])))
    assert not np.allclose(net.W, network.build(f, 6, 0).W)


def test_edges_and_biases_build_a_symmetric_weight_matrix():
    f = schema.Fixed.model_validate({"visible": 3, "hidden": 1, "weights": [[0, 3, 0.4], [2, 1, -1.5]],
                                     "biases": [0.1, 0, 0, 1.2]})
    net = network.build(f, 0, 1)
    assert net.W[0, 3] == net.W[3, 0] == 0.4 and net.W[1, 2] == net.W[2, 1] == -1.5
    assert np.count_nonzero(net.W) == 4 and net.b.tolist() == [0.1, 0, 0, 1.2]


def test_bit_and_clamp_strings_round_trip():
    assert network.bit_string(network.bits("10110")) == "10110"
    c = network.clamp_vector("1-0", 4)
    assert c.tolist() == [1, 0, -1, 0] and network.clamp_string(c) == "1-0-"


# ------------------------------------------------------------------ level files

def _level(**over):
    data = {"schema": 1, "id": "bm-test", "kind": "boltzmann", "title": {"en": "t", "zh": "t"},
            "brief": {"en": "b", "zh": "b"}, "learned": {"en": "l", "zh": "l"},
            "fixed": {"visible": 3}, "goal": {"type": "tv_distance", "better": "lower", "stars": [0.1, 0.05, 0.02]}}
    for key, value in over.items():
        data[key] = value
    return data


def _problems(**over) -> str:
    with pytest.raises(LevelError) as info:
        level_from_dict(_level(**over))
    return "\n".join(info.value.problems)


def test_a_minimal_level_loads():
    level = level_from_dict(_level())
    assert level.fixed.visible == 3 and level.controls.sample


@pytest.mark.parametrize("over,needle", [
    ({"fixed": {"visible": 3, "weights": [[0, 5, 1.0]]}}, "names a unit outside 0..2"),
    ({"fixed": {"visible": 3, "weights": [[0, 1, 1.0], [1, 0, 2.0]]}}, "a second time"),
    ({"fixed": {"visible": 3, "weights": [[1, 1, 1.0]]}}, "joins unit 1 to itself"),
    ({"fixed": {"visible": 3, "biases": [0, 0]}}, "fixed.biases has 2 entries"),
    ({"fixed": {"visible": 3, "couplings": "spin_glass", "weights": [[0, 1, 1.0]]}}, "leave fixed.weights empty"),
    ({"fixed": {"visible": 3, "data": ["101", "11"]}}, "must each have 3 characters"),
    ({"fixed": {"visible": 3, "data": ["1x1"]}}, "strings of 0 and 1"),
    ({"fixed": {"visible": 3, "data": "parity", "weights": [[0, 1, 1.0]]}}, "leave fixed.weights"),
    ({"fixed": {"visible": 5, "data": "encoder"}}, "even number of visible units"),
    ({"fixed": {"visible": 10, "hidden": 4}}, "the lab enumerates at most 12"),
    ({"fixed": {"visible": 3, "clamp": "1-"}}, "fixed.clamp has 2 characters"),
    ({"goal": {"type": "kl", "better": "lower", "stars": [0.5, 0.2, 0.1]}}, 'needs fixed.data'),
    ({"goal": {"type": "equal_odds", "a": "11", "b": "000", "better": "lower", "stars": [10, 4, 1]}},
     "goal.a = '11' needs 3 characters"),
    ({"goal": {"type": "equal_odds", "a": "111", "b": "111", "better": "lower", "stars": [10, 4, 1]}},
     "the same pattern"),
    ({"goal": {"type": "ground_state", "better": "higher", "stars": [40, 70, 85]}}, "needs controls.anneal"),
    ({"fixed": {"visible": 3, "data": "parity"},
      "goal": {"type": "completion", "cue": "000", "better": "higher", "stars": [0.3, 0.4, 0.5]}}, "clamps no unit"),
    ({"params": {"lr": {"default": 0.1, "min": 0.01, "max": 1, "step": 0.01}}}, "params.lr is only used"),
    ({"params": {"chains": {"default": 4.5, "min": 1, "max": 10, "step": 1}}}, "must be whole numbers"),
    ({"solution": {"action": "train"}}, 'needs controls.train'),
    ({"solution": {"params": {"T": 2.0}}}, "solution.params.T is not a tunable"),
    ({"params": {"T": {"default": 1, "min": 0.01, "max": 2, "step": 0.01}}}, "outside this lab's limits"),
])
def test_bad_tables_are_reported_with_their_key_path(over, needle):
    assert needle in _problems(**over)


def test_the_lab_limits_cover_every_slider_of_the_sandbox_presets():
    from game.labs.boltzmann import sandbox
    for name in sandbox.PRESETS:
        for key, p in sandbox.params(name).items():
            lo, hi = schema.LIMITS[key]
            assert lo <= p.min and p.max <= hi, (name, key)


def test_ln2_is_the_kl_floor_the_kl_plot_marks_for_parity():
    """The dashed line of the KL plot: a visible-only model of parity data cannot go below ln 2
    (pinned by tests/sim/test_boltzmann.py; here the number drawn)."""
    from game.labs.boltzmann.render import LN2
    assert LN2 == pytest.approx(math.log(2.0))
    p = np.zeros(8)
    p[bm.state_index(bm.parity_data())] = 0.25
    assert bm.kl_divergence(p, np.full(8, 0.125)) == pytest.approx(LN2), "KL(parity || uniform) is ln 2"
