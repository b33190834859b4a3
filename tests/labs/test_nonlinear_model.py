"""The nonlinear model headless: built from a level, driven through its verbs, scored by goals.GOALS."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.readout import goal_line
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.nonlinear import jobs, systems
from game.labs.nonlinear.analysis import GRID_DRAFT, GRID_FULL
from game.sim import planar
from game.ui.text import Text

SPEC = LABS["nonlinear"]
LEVELS = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
          if lv.kind == "nonlinear"]


def level(level_id):
    return next(lv for lv in LEVELS if lv.id == level_id)


@pytest.fixture
def make():
    made = []

    def _make(target="sandbox", mode=None):
        lv = SPEC.sandbox() if target == "sandbox" else (SPEC.sandbox(target[8:]) if target.startswith("sandbox:")
                                                         else level(target))
        m = SPEC.new_model(lv, mode or ("sandbox" if target.startswith("sandbox") else "campaign"))
        made.append(m)
        return m

    yield _make
    for m in made:
        m.close()


# ------------------------------------------------------------------ every level, headless
@pytest.mark.parametrize("lv", LEVELS, ids=lambda lv: lv.id)
def test_every_campaign_and_example_solution_earns_three_stars_headless(lv):
    m = SPEC.new_model(lv)
    assert stars_for(m.best, lv.goal.better, lv.goal.stars) == 0, "the level starts already won"
    SPEC.scripts.solve(m)
    assert stars_for(m.best, lv.goal.better, lv.goal.stars) == 3, f"solution scored {m.best!r}"
    m.close()
    assert not m.jobs.threads_alive() or m.jobs.closed


# ------------------------------------------------------------------ analysis
def test_a_slider_move_gives_a_two_step_draft_then_the_full_analysis(make):
    m = make()
    m.settle()
    assert m.analysis.grid == GRID_FULL and [e.kind for e in m.analysis.equilibria] == \
        ["stable_node", "saddle", "unstable_focus"]
    full = m.analysis
    m.set_param("I", 45.0)
    m.step(1 / 60)
    assert m.analysis is full, "the draft's first step samples the grid and traces the nullclines only"
    m.step(1 / 60)
    assert m.analysis.grid == GRID_DRAFT and [e.kind for e in m.analysis.equilibria] == ["unstable_focus"]
    assert m.drafting() and m.busy()
    m.settle()
    assert m.analysis.grid == GRID_FULL and not m.drafting()


def test_the_view_window_refuses_zooms_beyond_its_range_relative_to_home(make):
    m = make()
    w = m.window
    assert not w.zoom(60.0), "more than 50 times the home span"
    assert w.zoom(40.0) and w.go_home()
    assert not w.set((0.0, 0.1), (0.0, 0.5)), "V narrower than 1/1000 of 120 mV"
    assert w.set((0.0, 1.0), (0.0, 0.5))


# ------------------------------------------------------------------ launches
def test_a_launch_arrives_from_the_thread_lane_and_comes_to_rest_on_the_stable_node(make):
    m = make()
    l = m.launch((-50.0, 0.3))
    assert l.pending and m.busy(), "a launch returns at once; its paths come from the main lane"
    assert m.settle()
    assert not l.pending and l.fwd.reason == "equilibrium" and l.bwd.t[-1] < 0
    rest = m.rest()
    np.testing.assert_allclose(l.fwd.xy[-1], rest.point, atol=1e-3)
    assert m.measurement is not None, "the sandbox measures where the last launch went"
    assert m.measurement.cycle is None and m.measurement.at_rest


def test_at_most_ten_launches_are_kept_and_clear_cancels_their_work(make):
    m = make("sandbox:fitzhugh_nagumo")
    for k in range(12):
        m.launch((-2.0 + 0.3 * k, 0.5))
    assert len(m.launches) == 10 and [l.serial for l in m.launches] == list(range(3, 13))
    m.clear()
    assert m.launches == [] and not m.jobs.busy("launch:")


def test_kick_levels_kick_from_rest_and_judge_each_kick(make):
    m = make("nl-05-threshold-kick")
    m.set_param("kick", 0.4)
    l = m.kick()
    m.settle()
    rest = m.rest().point
    assert l.start == pytest.approx((rest[0] + 0.4, rest[1]))
    assert l.fired is False and m.note == "nonlinear.note.no_fire" and m.best is None
    m.set_param("kick", 0.9)
    m.kick()
    m.settle()
    assert m.launches[-1].fired and m.best == pytest.approx(0.9) and m.note == "nonlinear.note.fired"
    assert m.manifold is not None, "nl-05 draws the threshold manifold"


def test_a_kick_without_a_stable_rest_state_only_says_so(make):
    m = make("sandbox:van_der_pol")
    m.settle()
    assert m.kick() is None and m.note == "nonlinear.note.no_rest" and m.launches == []


def test_bistable_starts_are_judged_rest_or_cycle_and_scored_by_their_gap(make):
    m = make("nl-04-two-attractors")
    for x in (-22.3, 0.0):
        m.launch((x, 0.1294))
        m.settle()
    assert [l.outcome for l in m.launches] == ["rest", "cycle"]
    assert m.best == pytest.approx(22.3 / 100, abs=0.01)


# ------------------------------------------------------------------ answers and quiz
def test_lock_in_counts_tries_and_reset_keeps_the_best(make):
    m = make("nl-02-find-the-hopf")
    assert m.target_I == pytest.approx(93.86, abs=0.05)
    m.set_param("I", 90.0)
    for _ in range(4):
        m.lock_in()
    assert m.answers == [90.0] * 3 and m.tries_left() == 0 and m.note == "nonlinear.note.no_answers"
    assert m.best == pytest.approx(3.8576, abs=0.01)
    m.reset()
    assert m.answers == [] and m.tries_left() == 3 and m.values["I"] == 60.0
    assert m.best == pytest.approx(3.8576, abs=0.01)


def test_the_quiz_hides_each_system_until_answered_and_brings_its_window(make):
    m = make("nl-07-predict-the-type")
    assert m.hidden() and not m.can_go_on()
    assert m.answer("stable_node") is False and m.revealed and not m.hidden()
    assert m.answer("saddle") is None, "one answer per system"
    m.next_item()
    assert m.quiz_index == 1 and m.hidden() and m.window.home == ((-0.5, 3.5), (-0.5, 3.5))
    for kind in ("saddle", "unstable_focus", "stable_node", "unstable_node"):
        assert m.answer(kind) is True
        m.next_item()
    assert m.best is not None and 4 <= m.best < 5, "four right of five: no time bonus"


# ------------------------------------------------------------------ sandbox
def test_switching_system_brings_its_sliders_window_and_drops_the_old_work(make):
    m = make()
    m.launch((-20.0, 0.1))
    params = m.switch_system("fitzhugh_nagumo")
    assert list(params) == ["I", "a", "b", "eps"] and m.params is params
    assert m.launches == [] and not m.jobs.busy()
    assert m.window.home == ((-2.5, 2.5), (-1.0, 2.0)) and m.window.xlim == (-2.5, 2.5)
    m.settle()
    (eq,) = m.analysis.equilibria
    np.testing.assert_allclose(eq.point, [-1.1994, -0.6243], atol=1e-3)


def test_equations_with_a_new_parameter_get_their_slider_once_adopted(make):
    m = make("sandbox:custom")
    table = {"I": 0.5, "a": 0.7, "b": 0.8, "eps": 0.08, "k": 2.0}
    compiled = planar.compile_field("x - x**3/3 - y + I", "eps*(x + a - b*y) + k", table)
    texts = {"dx": compiled.dx_expr, "dy": compiled.dy_expr, "params": systems.format_param_table(table)}
    assert m.use_equations(texts, compiled, table) is True
    assert "k" not in m.params and m.field_values()["k"] == 2.0, "the field uses k at once"
    params = m.adopt_equation_sliders()
    assert list(params) == list(table) and m.values["k"] == 2.0


def test_a_custom_preset_loads_its_equations_and_window(make):
    m = make("sandbox:custom")
    params = m.load_equations("y", "-sin(x) - c*y", {"c": 0.3}, ((-7.0, 7.0), (-3.5, 3.5)))
    assert list(params) == ["c"] and m.window.home == ((-7.0, 7.0), (-3.5, 3.5))
    m.settle()
    kinds = {e.kind for e in m.analysis.equilibria}
    assert kinds == {"stable_focus", "saddle"}, "the damped pendulum: hanging down and upright"


def test_the_i_sweep_runs_on_its_own_lane_and_a_finished_one_is_shown_at_once(make):
    m = make()
    m.settle()
    m.request_sweep()
    assert m.bif_branch is not None
    if m.bif is None:
        assert m.busy() and not m.busy(sweep=False), "the score never waits for the picture's sweep"
        assert m.settle(sweep=True, timeout_s=120)
    assert m.bif is not None and np.isfinite(m.bif.frequency_hz).any()
    again = make()
    again.request_sweep()
    assert again.bif is m.bif, "a finished sweep is kept (bounded memo) for the next visit"


def test_closing_the_model_stops_its_lanes(make):
    m = make()
    for k in range(3):
        m.launch((-60.0 + 10 * k, 0.3))
    m.request_sweep()
    m.close()
    m.jobs.wait("", timeout_s=5)
    assert not m.jobs.busy()
    m.launch((0.0, 0.3))
    assert not m.jobs.busy(), "a closed model starts no new work"


# ------------------------------------------------------------------ systems table
@pytest.mark.parametrize("name", systems.SYSTEM_NAMES)
def test_every_built_in_system_evaluates_finitely_on_its_window(name):
    spec = systems.SYSTEMS[name]
    for key, par in spec.params.items():
        assert par.min <= par.default <= par.max, f"{name}.{key} default outside its range"
    X, Y, U, V = planar.direction_field(spec.make(), spec.xlim, spec.ylim, 25)
    assert np.all(np.isfinite(U)) and np.abs(U).max() > 0
    first = list(spec.params)[0]
    assert spec.values({first: 1e9})[first] == spec.params[first].max, "values are clamped to the declared range"


# ------------------------------------------------------------------ how scores read
def _line(m, score, lang="en"):
    return goal_line("nonlinear", m.goal, SPEC.goals[m.goal.type], m, score, Text(lang))


def test_the_bifurcation_line_says_how_far_off_without_giving_the_onset_away(make):
    m = make("nl-02-find-the-hopf")
    m.set_param("I", 90.0)
    m.lock_in()
    line = _line(m, m.last)
    assert line == "your I is 3.86 µA/cm² from the onset current, 2 tries left (★★★ ≤ 2 µA/cm²)"
    assert "93.9" not in line and "93.8" not in line


def test_a_period_line_names_the_period_and_its_target(make):
    m = make("nl-06-relaxation-period")
    m.set_param("mu", 7.3)
    m.settle()
    line = _line(m, m.last)
    assert line == "period 14.99 (target 15): relative error 0.0008 (★★★ ≤ 0.02)"


def test_misses_read_why(make):
    m = make("nl-03-slowest-spikes")
    m.set_param("I", 30.0)
    m.settle()
    assert math.isinf(m.last)
    assert _line(m, m.last) == "at rest: no firing from this start (★★★ ≤ 2 Hz)"
    assert _line(m, m.last, "zh") == "回到静息：从此起点不发放（★★★ ≤ 2 Hz）"
    k = make("nl-05-threshold-kick")
    k.set_param("kick", 0.3)
    k.kick()
    k.settle()
    assert k.last is None or math.isinf(k.last)
    assert _line(k, math.inf) == "the last kick did not fire: no score (★★★ ≤ 0.58)"


def test_the_onset_frequency_target_grows_from_zero_above_the_snic(make):
    m = make("nl-03-slowest-spikes")
    m.set_param("I", 40.0)
    m.settle()
    assert 0 < m.last < 2
    assert _line(m, m.last).startswith("fires at ") and " Hz (★★★ ≤ 2 Hz)" in _line(m, m.last)


def test_the_sweep_memo_and_the_branch_memo_are_bounded():
    assert jobs.SWEEPS_KEPT == 4 and jobs._branch.cache_info().maxsize == 8
