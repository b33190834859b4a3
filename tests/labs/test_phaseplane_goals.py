"""Phase-plane scoring functions at and around their star thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.labs.phaseplane import goals
from game.core.scoring import stars_for
from game.sim import planar


def test_closest_approach_uses_segments_not_only_samples():
    path = np.array([[-1.0, 0.5], [1.0, 0.5]])
    assert goals.closest_approach([path], (0, 0)) == pytest.approx(0.5)
    assert goals.closest_approach([], (0, 0)) == math.inf


@pytest.mark.parametrize("x0,stars", [(0.0, 3), (0.003, 3), (0.004, 2), (0.014, 2), (0.016, 1), (0.04, 1), (0.05, 0)])
def test_saddle_closest_approach_is_sqrt_of_twice_the_hyperbola_constant(x0, stars):
    """On x' = x, y' = -y the orbit x*y = c passes the origin at distance sqrt(2c)."""
    A = np.array([[1.0, 0.0], [0.0, -1.0]])
    tr = planar.linear_trajectory(A, (x0, 3.0), 30, bounds=(-3, 3, -3, 3))
    d = goals.closest_approach([tr.xy], (0, 0))
    assert d == pytest.approx(math.sqrt(2 * x0 * 3.0), abs=2e-3)
    assert stars_for(d, "lower", (0.5, 0.3, 0.15)) == stars


def test_orbit_through_is_zero_for_the_designed_centre_and_misses_otherwise():
    assert goals.orbit_through([[0, 0.5], [-2, 0]], (1, 0), [(0, 2), (0, -2)]) < 0.01
    off = goals.orbit_through([[0, 1], [-2, 0]], (1, 0), [(0, 2)])
    assert off == pytest.approx(2 - math.sqrt(2), abs=0.01)      # ellipse height sqrt(2)
    assert goals.orbit_through([[-0.1, 0.5], [-2, 0]], (1, 0), [(0, 2)]) == math.inf  # a focus


def test_reach_disc_time_matches_the_exponential_decay():
    A = np.array([[-1.0, 2.0], [-2.0, -1.0]])
    tr = planar.linear_trajectory(A, (2.5, 0.0), 20)
    t = goals.reach_disc(tr.t, tr.xy, 0.2, (-3, 3, -3, 3))
    assert t == pytest.approx(math.log(2.5 / 0.2), rel=2e-3)


def test_reach_disc_misses_when_the_path_leaves_the_window_first():
    t = np.linspace(0, 1, 5)
    xy = np.array([[1, 0], [4, 0], [1, 0], [0.1, 0], [0, 0]], dtype=float)
    assert goals.reach_disc(t, xy, 0.2, (-3, 3, -3, 3)) == math.inf


@pytest.mark.parametrize("p,q,region", [(0, -1, "saddle"), (-3, 1, "stable_node"), (-1, 3, "stable_focus"),
                                        (0, 3, "center"), (1, 3, "unstable_focus"), (3, 1, "unstable_node"),
                                        (2, 1, None)])
def test_trace_determinant_regions(p, q, region):
    assert goals.td_region(p, q) == region


def test_regions_visited_counts_distinct_tour_regions():
    assert goals.regions_visited(["saddle", "saddle", "center", "stable_star"]) == 2


def test_gates_count_only_in_order_and_see_fast_segments():
    gates = [(1, 0, 0.1), (2, 0, 0.1), (3, 0, 0.1)]
    assert goals.gates_in_order(np.array([[0, 0], [5, 0]]), gates) == 3
    assert goals.gates_in_order(np.array([[2, 0], [3, 0], [1, 0]]), gates) == 1
    assert goals.gates_in_order(np.array([[0, 1], [5, 1]]), gates) == 0


def test_critical_damping_settles_fastest_without_overshoot():
    times = {mu: goals.settling(1, mu, 4, (1, 0), 0.01) for mu in (4.0, 4.1, 5.0, 8.0)}
    assert times[4.0] < times[4.1] < times[5.0] < times[8.0]
    assert stars_for(times[4.0], "lower", (5.3, 4.3, 3.8)) == 3
    assert stars_for(times[4.1], "lower", (5.3, 4.3, 3.8)) == 2
    assert stars_for(times[5.0], "lower", (5.3, 4.3, 3.8)) == 1


def test_quiz_bonus_only_when_all_answers_are_right():
    truth = ["saddle", "center"]
    assert goals.quiz_score(truth, truth, 0, 100) == pytest.approx(2.99)
    assert goals.quiz_score(truth, truth, 100, 100) == 2.0
    assert goals.quiz_score(["saddle", "saddle"], truth, 0, 100) == 1.0


def test_pp06_gate_one_is_a_little_over_half_a_clockwise_turn_from_the_positive_x_axis():
    # pp-06's hint: start on the positive x axis, a little inside gate 1's radius
    from game.catalog import load_level
    from game.tools import find_level
    level = load_level(find_level("pp-06-slalom").path)
    A = np.array(level.fixed.A)
    assert planar.linear_field(A)(1.0, 0.0)[1] < 0, "the flow turns clockwise"
    gx, gy, _ = level.goal.gates[0]
    clockwise = math.degrees(-math.atan2(gy, gx)) % 360
    assert 180 < clockwise < 225
    start = level.solution.starts[0]
    assert start[1] == 0 and 0.6 * math.hypot(gx, gy) < start[0] < math.hypot(gx, gy)
