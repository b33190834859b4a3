"""Nonlinear-lab scoring at and around its star thresholds, against the model's numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.core.jobs import Job
from game.labs.nonlinear import goals, jobs, systems
from game.labs.nonlinear.analysis import analyse, quiz_truth, stable_rest
from game.catalog import load_level
from game.core.scoring import stars_for
from game.sim import planar
from game.tools import find_level

ML_WINDOW = (-70.0, 50.0, -0.05, 0.6)


def job() -> Job:
    return Job("test")


# ------------------------------------------------------------------ distances
def test_window_distance_measures_each_axis_in_fractions_of_the_window():
    # 12 mV across a 120 mV window and 0.065 in N across 0.65 are both a tenth
    assert goals.window_distance((0, 0), (12.0, 0), ML_WINDOW) == pytest.approx(0.1)
    assert goals.window_distance((0, 0), (0, 0.065), ML_WINDOW) == pytest.approx(0.1)
    assert goals.window_distance((0, 0), (12.0, 0.065), ML_WINDOW) == pytest.approx(math.sqrt(0.02))


@pytest.mark.parametrize("offset_mv,counted", [(0.0, True), (3.59, True), (3.61, False), (10.0, False)])
def test_an_equilibrium_counts_as_visited_within_the_radius_only(offset_mv, counted):
    eq = (-41.85, 0.002)
    start = (eq[0] + offset_mv, eq[1])          # radius 0.03 of a 120 mV window = 3.6 mV
    assert goals.equilibria_visited([start], [eq], ML_WINDOW, 0.03) == (1.0 if counted else 0.0)


@pytest.mark.parametrize("visited,stars", [(0, 0), (1, 1), (2, 2), (3, 3)])
def test_visiting_the_three_snic_equilibria_earns_a_star_each(visited, stars):
    f = planar.morris_lecar(30.0, **planar.ML_SNIC)
    eqs = analyse(f, ML_WINDOW[:2], ML_WINDOW[2:]).equilibria
    assert [e.kind for e in eqs] == ["stable_node", "saddle", "unstable_focus"]
    starts = [e.point + np.array([1.0, 0.0]) for e in eqs[:visited]]
    score = goals.equilibria_visited(starts, [e.point for e in eqs], ML_WINDOW, 0.03)
    assert stars_for(score, "higher", (1, 2, 3)) == stars


# ------------------------------------------------------------------ Hopf current
def test_the_hopf_target_is_the_published_onset_of_the_hopf_set():
    hopf = jobs.branch(planar.ML_HOPF).hopf_I
    assert hopf[0] == pytest.approx(93.86, abs=0.05), "Rinzel & Ermentrout's Hopf set loses rest near 93.9"


@pytest.mark.parametrize("I,stars", [(87.8, 0), (87.9, 1), (89.8, 1), (89.9, 2), (91.8, 2), (91.9, 3),
                                     (93.86, 3), (95.8, 3), (95.9, 2), (100.0, 0)])
def test_locked_current_earns_stars_by_its_distance_from_the_hopf_point(I, stars):
    score = goals.bifurcation_error(I, 93.8576)
    assert stars_for(score, "lower", (6, 4, 2)) == stars


def test_a_locked_current_without_a_target_misses():
    assert goals.bifurcation_error(90.0, None) == goals.MISS
    assert goals.bifurcation_error(math.nan, 93.9) == goals.MISS


# ------------------------------------------------------------------ class 1 / class 2
def _frequency(params, I):
    f = planar.morris_lecar(I, **params)
    tt, to, tl = systems.measure_times("morris_lecar_snic")
    m = jobs.measure_cycle(job(), f, (20.0, 0.0), tt, to, tl)
    return goals.frequency_hz(m.cycle.period if m.cycle is not None else None), m


@pytest.mark.parametrize("I,stars", [(39.5, 0), (40.0, 3), (40.5, 2), (42.0, 1), (50.0, 0)])
def test_snic_set_fires_arbitrarily_slowly_just_above_its_onset(I, stars):
    hz, m = _frequency(planar.ML_SNIC, I)
    if I < 39.96:
        assert hz == goals.MISS and m.at_rest, "below the SNIC current the state rests"
    else:
        assert 0 < hz < 20
    assert stars_for(hz, "lower", (8, 4, 2)) == stars


def test_hopf_set_starts_firing_at_a_finite_frequency_class_2():
    hz, _ = _frequency(planar.ML_HOPF, 94.0)
    assert 9.0 < hz < 12.0, "class 2: firing jumps to about 10 Hz at the Hopf onset"


def test_frequency_of_a_period_in_ms_is_in_hertz():
    assert goals.frequency_hz(250.0) == pytest.approx(4.0)
    assert goals.frequency_hz(None) == goals.MISS
    assert goals.frequency_hz(0.0) == goals.MISS


# ------------------------------------------------------------------ excitability
def _kick(k):
    """Score of a kick k in nl-05, as the lab plays it: from rest, the launch job, the level's fire line."""
    level = load_level(find_level("nl-05-threshold-kick").path)
    f = systems.make_field(level.fixed.system, level.fixed.values)
    (x0, x1), (y0, y1) = level.window.x, level.window.y
    rest = stable_rest(analyse(f, (x0, x1), (y0, y1)).equilibria)
    w, h = x1 - x0, y1 - y0
    bounds = (x0 - 0.5 * w, x1 + 0.5 * w, y0 - 0.5 * h, y1 + 0.5 * h)      # the view's run_bounds
    run = jobs.launch(job(), f, (rest.point[0] + k, rest.point[1]), systems.t_max(level.fixed.system), bounds)
    start_rate = f(rest.point[0] + k, rest.point[1])[0]
    return goals.kick_score(k, goals.fired(run.fwd.xy, level.goal.fire_x)), start_rate


@pytest.mark.parametrize("k,stars", [(0.55, 0), (0.56, 3), (0.58, 3), (0.6, 2), (0.65, 2), (0.7, 1),
                                     (0.8, 1), (0.85, 0)])
def test_fitzhugh_nagumo_fires_past_the_red_line_only_for_kicks_above_0_5555(k, stars):
    score, _ = _kick(k)
    assert (score == goals.MISS) == (k < 0.5555), "the threshold kick from rest is 0.5555"
    assert stars_for(score, "lower", (0.8, 0.65, 0.58)) == stars


def test_nl05_threshold_by_the_levels_own_firing_criterion_is_0_5555():
    lo, hi = 0.5, 0.6
    while hi - lo > 2e-4:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if _kick(mid)[0] != goals.MISS else (mid, hi)
    assert 0.5 * (lo + hi) == pytest.approx(0.5555, abs=0.001)


@pytest.mark.parametrize("k", [0.42, 0.46, 0.5, 0.53, 0.555])
def test_nl05_kicks_past_the_middle_branch_start_with_v_rising_and_still_do_not_fire(k):
    score, rate = _kick(k)
    assert rate > 0, "the kick lands right of the v-nullcline's middle branch: v' > 0 there"
    assert score == goals.MISS, "yet it falls back: the middle branch is not the threshold"


def test_fired_looks_at_the_first_coordinate_only():
    xy = np.array([[0.0, 5.0], [0.9, 5.0]])
    assert not goals.fired(xy, 1.0)
    assert goals.fired(np.array([[0.0, 0.0], [1.2, 0.0]]), 1.0)
    assert goals.kick_score(0.7, False) == goals.MISS


# ------------------------------------------------------------------ van der Pol period
@pytest.mark.parametrize("mu,stars", [(1.0, 0), (6.0, 1), (7.0, 2), (7.3, 3), (7.5, 3), (8.0, 2)])
def test_van_der_pol_period_error_gives_stars_around_mu_seven_point_three(mu, stars):
    m = jobs.measure_cycle(job(), planar.van_der_pol(mu), (2.0, 0.0), *systems.measure_times("van_der_pol"))
    err = goals.period_error(m.cycle.period, 15.0)
    assert stars_for(err, "lower", (0.2, 0.08, 0.02)) == stars


def test_relaxation_period_grows_like_one_point_six_mu():
    m = jobs.measure_cycle(job(), planar.van_der_pol(10.0), (2.0, 0.0), *systems.measure_times("van_der_pol"))
    assert m.cycle.period == pytest.approx((3 - 2 * math.log(2)) * 10.0, rel=0.2)
    assert m.cycle.x_max == pytest.approx(2.0, abs=0.05), "the relaxation cycle spans x in [-2, 2]"
    assert len(m.cycle.orbit) > 400, "the drawn orbit is resampled densely"


def test_period_error_is_relative_and_misses_without_a_cycle():
    assert goals.period_error(16.5, 15.0) == pytest.approx(0.1)
    assert goals.period_error(None, 15.0) == goals.MISS


# ------------------------------------------------------------------ bistability
def test_outcome_tells_a_cycle_from_a_decaying_spiral_and_from_rest():
    t = np.linspace(0, 100, 2001)
    window = (-2, 2, -2, 2)
    circle = np.stack([np.cos(t), np.sin(t)], axis=1)
    spiral = circle * np.exp(-0.02 * t)[:, None]
    fast = circle * np.exp(-0.2 * t)[:, None]
    assert goals.outcome(t, circle, (0, 0), window) == goals.CYCLE
    assert goals.outcome(t, spiral, (0, 0), window) == goals.UNSETTLED, "a shrinking spiral is not a cycle yet"
    assert goals.outcome(t, fast, (0, 0), window) == goals.REST
    assert goals.outcome(t[:3], circle[:3], (0, 0), window) == goals.UNSETTLED


def test_morris_lecar_at_90_is_bistable_with_the_boundary_near_rest():
    f = planar.morris_lecar(90.0, **planar.ML_HOPF)
    window = (-60.0, 40.0, 0.0, 0.55)
    rest = stable_rest(planar.equilibria(f, window[:2], window[2:]))
    outs = []
    for dv in (4.3, 5.4):
        tr = planar.trajectory(f, (rest.point[0] + dv, rest.point[1]), 2500.0, bounds=(-110, 90, -0.3, 0.8))
        outs.append(goals.outcome(tr.t, tr.xy, rest.point, window))
    assert outs == [goals.REST, goals.CYCLE], "the unstable cycle passes 4.3-5.4 mV right of rest"


@pytest.mark.parametrize("gap,stars", [(1.6, 0), (1.0, 1), (0.05, 2), (0.016, 2), (0.015, 3), (0.001, 3)])
def test_boundary_gap_stars(gap, stars):
    window = (0.0, 1.0, 0.0, 1.0)
    score = goals.boundary_gap([(0.0, 0.0), (gap, 0.0)], [goals.REST, goals.CYCLE], window)
    assert score == pytest.approx(gap)
    assert stars_for(score, "lower", (1.5, 0.05, 0.015)) == stars


def test_boundary_gap_needs_one_start_of_each_kind_and_ignores_undecided_ones():
    w = (0.0, 1.0, 0.0, 1.0)
    assert goals.boundary_gap([(0, 0), (0.1, 0)], [goals.REST, goals.REST], w) == goals.MISS
    assert goals.boundary_gap([(0, 0), (0.01, 0), (0.5, 0)], [goals.REST, goals.UNSETTLED, goals.CYCLE],
                              w) == pytest.approx(0.5)


# ------------------------------------------------------------------ quiz
def test_quiz_items_of_the_campaign_name_the_textbook_types():
    level = find_level("nl-07-predict-the-type")
    kinds = [quiz_truth(q.dx, q.dy, q.params, q.point).kind for q in level.fixed.quiz]
    assert kinds == ["stable_focus", "saddle", "unstable_focus", "stable_node", "unstable_node"]
    assert kinds == list(level.solution.answers)


def test_brusselator_jacobian_matches_the_closed_form():
    truth = quiz_truth("a - (b + 1)*x + x**2*y", "b*x - x**2*y", {"a": 1.0, "b": 3.0}, (1.0, 3.0))
    np.testing.assert_allclose(truth.jacobian, [[2.0, 1.0], [-3.0, -1.0]], atol=1e-6)


def test_quiz_truth_refuses_a_point_that_is_no_equilibrium_and_a_centre():
    with pytest.raises(ValueError, match="no equilibrium near"):
        quiz_truth("y", "-x", {}, (1.0, 1.0), (6, 6))
    with pytest.raises(ValueError, match="center"):
        quiz_truth("y", "-sin(x)", {}, (0.0, 0.0), (6, 6))


@pytest.mark.parametrize("answers,elapsed,stars", [
    (["stable_focus", "saddle", "unstable_focus", "stable_node", "unstable_node"], 30.0, 3),
    (["stable_focus", "saddle", "unstable_focus", "stable_node", "unstable_node"], 300.0, 3),
    (["stable_focus", "saddle", "unstable_focus", "stable_node", "saddle"], 10.0, 2),
    (["stable_node", "saddle", "unstable_focus", "stable_node", "saddle"], 10.0, 1),
    (["saddle"] * 5, 10.0, 0),
])
def test_quiz_counts_right_answers_with_a_bonus_only_when_all_are_right(answers, elapsed, stars):
    truth = ["stable_focus", "saddle", "unstable_focus", "stable_node", "unstable_node"]
    score = goals.quiz_score(answers, truth, elapsed, 150.0)
    assert stars_for(score, "higher", (3, 4, 5)) == stars


# ------------------------------------------------------------------ shipped thresholds
def test_every_nonlinear_level_is_scored_by_a_goal_of_this_module(tmp_path):
    from game import paths
    files = sorted(paths.CAMPAIGN.glob("nl-*.toml"))
    assert len(files) >= 6
    types = {load_level(p).goal.type for p in files}
    assert types == {"equilibria_visited", "bifurcation_current", "onset_frequency", "bistable_boundary",
                     "kick_threshold", "cycle_period", "quiz"}


def test_every_nl07_equilibrium_is_hyperbolic_and_off_the_node_focus_boundary():
    # nl-07's note: all five are decided by their linearisation (no centre, q = 0 or Δ = 0 case)
    level = load_level(find_level("nl-07-predict-the-type").path)
    for item, answer in zip(level.fixed.quiz, level.solution.answers):
        truth = quiz_truth(item.dx, item.dy, item.params, item.point)
        J = truth.jacobian
        p, q = float(np.trace(J)), float(np.linalg.det(J))
        assert abs(q) > 0.1 and (q < 0 or abs(p) > 0.1), f"{item.dx}: not hyperbolic (p = {p}, q = {q})"
        assert abs(p * p - 4 * q) > 0.1, f"{item.dx}: on the node/focus boundary"
        assert truth.kind == answer
