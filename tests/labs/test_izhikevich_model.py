"""The izhikevich model headless: solutions, runs at once and in pieces, the sweep, presets, panels,
the atlas as a job, reset, the run behind the best score, what the HUD line reads, close."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.jobs import Scheduler
from game.core.readout import fmt_number, goal_line
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.common.scope import DEFAULT_SPEED, SWEEP_STEP_S
from game.labs.izhikevich import model as model_module
from game.labs.izhikevich.atlas import AXES
from game.sim import izhikevich as izh
from game.ui.text import Text

SPEC = LABS["izhikevich"]
LEVELS = [lv for lv in load_folder(paths.CAMPAIGN).levels + load_folder(paths.EXAMPLES).levels
          if lv.kind == "izhikevich"]


def _level(level_id):
    return next(lv for lv in LEVELS if lv.id == level_id)


@pytest.fixture
def sandbox():
    m = SPEC.new_model(SPEC.sandbox(), "sandbox")
    yield m
    m.close()


@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: lv.id)
def test_every_solution_earns_three_stars_headless_and_the_start_does_not(level):
    m = SPEC.new_model(level)
    g = level.goal
    assert stars_for(m.score(), g.better, g.stars) < 3, f"{level.id} is won before any move"
    SPEC.scripts.solve(m)
    assert stars_for(m.best, g.better, g.stars) == 3, f"{level.id}: the solution scores {m.best}"
    assert m.attempts.count == 1 + (level.solution.figure1 is not None), "each panel press and run is scored"
    m.close()


def test_a_changed_value_is_run_in_the_next_step_exactly_as_the_simulator_runs_it(sandbox):
    m = sandbox
    v0 = m.version
    m.set_param("I", 14.0)
    assert m.dirty and m.version == v0, "a change only marks the run as due"
    m.step(1 / 60)
    assert not m.dirty and m.version == v0 + 1
    direct = izh.simulate(0.02, 0.2, -65.0, 8.0, 14.0, 1000.0)
    np.testing.assert_array_equal(m.result.run.v, direct.v)
    np.testing.assert_allclose(m.result.run.spikes, direct.spikes, atol=1e-9)
    assert m.goal is None and m.best is None, "the sandbox scores nothing"


def test_a_drag_runs_in_pieces_and_the_last_values_win(sandbox, monkeypatch):
    monkeypatch.setattr(model_module, "SIM_BUDGET_S", 0.0)      # one 50 ms piece per step
    m = sandbox
    progress = []
    for k in range(1, 7):                                       # a change every step: a drag
        m.set_param("I", 10.0 + 0.1 * k)
        m.step(1 / 60)
        job = m.jobs.get(model_module.RUN)
        progress.append(None if job is None else job.progress)
    assert m.dragging and any(p is not None and 0 < p < 1 for p in progress), progress
    for _ in range(3):                                          # the drag stops: finish at once
        m.step(1 / 60)
    assert not m.dirty and not m.jobs.busy(model_module.RUN)
    np.testing.assert_array_equal(m.result.run.v, izh.simulate(0.02, 0.2, -65.0, 8.0, 10.6, 1000.0).v)


def test_while_the_plane_catches_up_a_dragging_step_does_not_simulate(sandbox):
    m = sandbox
    m.set_param("I", 11.0)
    m.step(1 / 60)                                              # a one-off change: at once
    m.set_param("I", 11.5)
    m.step(1 / 60)                                              # still one-off (nothing changed before)
    m.set_param("I", 12.0)
    m.step(1 / 60, redraw_pending=True)                         # dragging, the plane behind: wait
    assert m.dragging and not m.simulated and m.dirty
    m.set_param("I", 12.5)
    m.step(1 / 60)
    assert m.simulated


def test_the_sweep_steps_at_a_fixed_rate_carries_the_rest_and_counts_the_spikes_it_passes(sandbox):
    m = sandbox
    m.sweep.cursor_ms, m.sweep._acc = 0.0, 0.0
    m.step(2.5 * SWEEP_STEP_S)
    assert m.sweep.cursor_ms == pytest.approx(2 * SWEEP_STEP_S * DEFAULT_SPEED)
    assert m.sweep._acc == pytest.approx(0.5 * SWEEP_STEP_S)
    passed = m.passed
    for _ in range(60):
        m.step(1 / 60)
        passed += m.passed
    assert passed == np.count_nonzero(m.result.run.spikes <= m.sweep.cursor_ms) >= 4


@pytest.mark.parametrize("name", list(izh.PRESETS))
def test_a_preset_loads_its_cell_class_protocol_and_length(sandbox, name):
    m = sandbox
    m.apply_preset(name)
    note = izh.PRESET_NOTES[name]
    assert tuple(m.params()[k] for k in "abcd") == izh.PRESETS[name]
    assert m.neuron.protocol["kind"] == note.protocol and m.neuron.t_ms == note.t_ms
    assert m.result.firing == note.expected_class and m.preset == name
    assert m.sweep.cursor_ms == 0.0 and m.sweep.t_end == note.t_ms


def test_a_panel_in_the_sandbox_takes_its_values_and_runs_figure1s_exact_scheme(sandbox):
    m = sandbox
    m.load_panel("G")
    m.restart()
    assert {k: m.values[k] for k in "abcdI"} == {"a": 0.02, "b": -0.1, "c": -55.0, "d": 6.0, "I": 20.25}
    assert m.neuron.eqs == izh.GL_EQUATIONS and m.neuron.t_ms == 300.0 and m.neuron.panel == "G"
    np.testing.assert_allclose(m.result.run.spikes, izh.figure1("G", "exact", dt_ms=0.2).spikes, atol=1e-9)


def test_reset_forgets_a_panel_its_values_a_click_and_the_protocol():
    level = _level("izh-11-start-slowly")
    m = SPEC.new_model(level)
    base = dict(m.values)
    m.load_panel("G")
    m.restart()
    m.set_start(-60.0, -10.0)
    m.settle()
    assert m.neuron.eqs == izh.GL_EQUATIONS and m.neuron.click is not None
    m.reset()
    m.settle()
    assert dict(m.values) == base and m.neuron.panel == "H" and m.neuron.click is None
    assert m.neuron.eqs == izh.STANDARD
    m.close()


def test_a_click_start_is_kept_inside_the_window_and_clear_forgets_it(sandbox):
    m = sandbox
    m.set_start(-500.0, 1e6)
    m.settle()
    assert m.result.start == (m.xlim[0], m.ylim[1])
    m.clear_start()
    m.settle()
    assert m.result.start == (-65.0, -13.0)


def test_the_atlas_is_a_job_that_waits_for_the_inputs_to_rest_and_matches_the_simulator(sandbox):
    m = sandbox
    m.toggle_atlas()
    m.step(0.1)
    assert not m.jobs.busy(model_module.ATLAS), "debounced: no map while the inputs may still change"
    for _ in range(5):
        m.step(0.1)
    job = m.jobs.get(model_module.ATLAS)
    assert job is not None and job.meta == m.atlas_key()
    assert m.jobs.progress(model_module.ATLAS) > 0, "the frame gives the map its budget"
    assert m.jobs.wait(model_module.ATLAS, 60.0)
    m.step(1 / 60)
    key, classes = m.atlas
    assert key == m.atlas_key() and classes.shape == (100, 100)
    xs, ys = AXES["cd"].values()
    for j, i in ((10, 20), (80, 70)):
        spikes = izh.simulate(0.02, 0.2, xs[i], ys[j], 10.0, 1000.0, 0.5).spikes
        assert izh.FIRING_CLASSES[classes[j, i]] == izh.classify_firing(spikes, 1000.0)
    assert m.atlas_cell(0.75, 0.25) == {"c": pytest.approx(-50.0), "d": pytest.approx(2.5)}


def test_a_changed_input_cancels_the_stale_map_and_hiding_the_atlas_stops_it(sandbox):
    m = sandbox
    m.toggle_atlas()
    for _ in range(5):
        m.step(0.1)
    first = m.jobs.get(model_module.ATLAS).meta
    m.set_param("b", 0.25)
    m.step(1 / 60)
    assert m.jobs.get(model_module.ATLAS) is None and m.atlas_key() != first, "the stale job is cancelled"
    for _ in range(5):
        m.step(0.1)
    assert m.jobs.get(model_module.ATLAS).meta == m.atlas_key()
    m.toggle_atlas()
    assert not m.atlas_on and not m.jobs.busy(), "nothing is computed while the plane is shown"


def test_the_best_run_is_kept_so_the_best_score_reads_its_own_rate():
    level = _level("izh-01-regular-rate")
    m = SPEC.new_model(level)
    m.set_param("I", 13.0)
    m.settle()
    best_rate = izh.firing_rate(m.result.run.spikes, 1000.0)
    m.set_param("I", 8.0)
    m.settle()
    rate = izh.firing_rate(m.result.run.spikes, 1000.0)
    assert m.best == abs(best_rate - 30.0) < m.last == abs(rate - 30.0)
    kind, text = SPEC.goals["firing_rate"], Text("en")
    assert goal_line("izhikevich", level.goal, kind, m, m.last, text) == \
        f"target 30 Hz · you {fmt_number(rate)} Hz (★★★ off by ≤ 1 Hz)"
    assert goal_line("izhikevich", level.goal, kind, m, m.best, text) == \
        f"target 30 Hz · you {fmt_number(best_rate)} Hz (★★★ off by ≤ 1 Hz)"
    assert goal_line("izhikevich", level.goal, kind, m, m.best, Text("zh")) == \
        f"目标 30 Hz · 当前 {fmt_number(best_rate)} Hz（★★★ 偏差 ≤ 1 Hz）"
    m.close()


@pytest.mark.parametrize("level_id, values, line", [
    ("izh-02-burst", {}, "spikes per burst 0: not bursting yet (Spike-frequency adaptation) (★★★ ≥ 4)"),
    ("izh-05-rheobase", {"I": 0.0}, "silent: only an input that fires counts (★★★ ≤ 0.1)"),
    ("izh-08-rebound", {"I": 0.0}, "no rebound: it fires before the release or never after it (★★★ ≤ 8 ms)"),
    ("izh-12-resonant-pair", {}, "it must fire only after the second pulse (★★★ ≤ 0.57)"),
])
def test_an_attempt_that_scores_nothing_says_why(level_id, values, line):
    level = _level(level_id)
    m = SPEC.new_model(level)
    for k, v in values.items():
        m.set_param(k, v)
    m.recompute()
    kind = SPEC.goals[level.goal.type]
    assert goal_line("izhikevich", level.goal, kind, m, m.last, Text("en")) == line
    m.close()


def test_the_state_stays_finite_at_the_lab_limits_and_close_stops_the_jobs(sandbox):
    m = sandbox
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for name, value in (("a", 2.0), ("b", -5.0), ("c", 60.0), ("d", -50.0), ("I", 500.0)):
            m.set_param(name, value)
        m.settle()
    assert all(np.isfinite(arr).all() for arr in m.state().values())
    assert "izhikevich.note.c_peak" in {k for k, _ in m.result.notes}
    m.toggle_atlas()
    for _ in range(5):
        m.step(0.1)
    assert m.jobs.busy()
    m.close()
    assert not m.jobs.busy() and m.jobs.closed


def test_the_scheduler_advances_only_the_jobs_of_a_prefix():
    jobs = Scheduler("t")

    def count(n):
        for i in range(n):
            yield i / n
        return n

    jobs.slices("run", count(3))
    jobs.slices("atlas", count(1000))
    while jobs.busy("run"):
        jobs.run(1.0, "run")
    assert jobs.get("atlas").progress == 0.0, "a budget for the run must not go to the map"
    done = {j.key: j.result for j in jobs.collect()}
    assert done == {"run": 3}
    jobs.finish("atlas")
    assert {j.key: j.result for j in jobs.collect()} == {"atlas": 1000}
