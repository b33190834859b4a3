"""The hopfield lab's model without a window: built from a level with ``spec.new_model``, driven
through its verbs and its clock, scored by the lab's goal table."""

from __future__ import annotations

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.scoring import stars_for
from game.labs import LABS
from game.core.lab import NOTE_S
from game.labs.hopfield import goals, model as model_module
from game.tools import find_level
from game.sim import hopfield as hf

SPEC = LABS["hopfield"]


def level_model(level_id: str):
    return SPEC.new_model(find_level(level_id))


def sandbox_model():
    return SPEC.new_model(SPEC.sandbox(), "sandbox")


def run_out(model, dt: float = 1 / 60, frames: int = 6000) -> None:
    """Advance the clock until the run stops (bounded)."""
    for _ in range(frames):
        if not model.running:
            return
        model.step(dt)
    raise AssertionError("the run did not stop")


def test_every_hopfield_level_solution_wins_three_stars_headless():
    """The same solutions the scene test plays, applied to a model with no window."""
    levels = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
              if lv.kind == "hopfield"]
    assert len(levels) >= 15
    for lv in levels:
        model = SPEC.new_model(lv)
        SPEC.scripts.solve(model)
        assert stars_for(model.best, lv.goal.better, lv.goal.stars) == 3, (lv.id, model.best, lv.goal.stars)


def test_the_clock_runs_speed_times_n_unit_updates_per_second_and_carries_the_rest():
    model = sandbox_model()
    model.set_param("speed", 0.5)                   # 0.5 sweeps/s x 256 units = 128 units/s
    model.set_state(model.X[model.names.index("B")])   # far from the stored patterns: a long run
    model.toggle_run()
    model.step(1 / 60)
    assert model.anim.position == 2, "one 1/60 s step at 128 units/s is 2.13 updates"
    for _ in range(6):
        model.step(1 / 60)
    assert model.anim.sweeps * 256 + model.anim.position == int(7 * 128 / 60), "leftover time must carry"
    model.toggle_run()
    model.step(1.0)
    assert model.anim.sweeps * 256 + model.anim.position == 14, "paused: no updates"


def test_a_long_step_owes_at_most_two_sweeps():
    model = sandbox_model()
    model.set_param("speed", 30)
    model.set_state(model.X[model.names.index("B")])
    model.toggle_run()
    model.step(10.0)                                # 10 s at 30 sweeps/s would be 300 sweeps
    done = model.anim.sweeps * 256 + model.anim.position
    assert 0 < done <= model_module.MAX_SWEEPS_PER_FRAME * 256, done


def test_a_run_that_ends_is_scored_by_the_goal_table_and_the_best_is_kept():
    model = level_model("hop-02-two-memories")     # basin: % distance of the start, if A is recalled
    assert model.score() is None and model.best is None
    model.corrupt(30)
    model.toggle_run()
    run_out(model)
    out = model.outcome
    assert out.kind == "fixed_point" and hf.overlap(out.final, model.X[model.target]) >= 0.95
    assert model.best == pytest.approx(goals.distance_pct(out.start, model.X[model.target]))
    first = model.best
    model.corrupt(10)                               # a closer start scores less; the best stays
    model.toggle_run()
    run_out(model)
    assert model.score() < first and model.best == first


def test_recalling_from_a_start_too_close_to_the_target_scores_zero_and_says_why():
    model = level_model("hop-01-first-recall")     # recall, at least 20 % noise
    model.set_state(model.X[model.target])
    model.toggle_run()
    run_out(model)
    assert model.score() == 0.0 and model.best == 0.0
    assert model.note == "hopfield.note.min_noise" and model.note_fmt == {"p": "20"}
    for _ in range(int(NOTE_S * 60) + 1):
        model.step(1 / 60)
    assert model.note is None, "a note goes after NOTE_S seconds"


def test_a_crowded_memory_run_counts_only_from_the_level_start():
    model = level_model("hop-03-crowded-memory")
    model.paint([0], -model.s[0])                  # one cell away from the given start
    model.toggle_run()
    run_out(model)
    assert model.score() == 0.0 and model.note == "hopfield.note.start_moved"


def test_a_cycle_goal_scores_a_fixed_point_zero_and_a_two_cycle_its_blinking_units():
    model = level_model("hop-07-sync-cycle")
    model.toggle_update_mode()                     # asynchronous: settles
    model.toggle_run()
    run_out(model)
    assert model.outcome.kind == "fixed_point" and model.score() == 0.0
    model.toggle_update_mode()
    model.corrupt(50)
    model.toggle_run()
    run_out(model)
    assert model.outcome.kind == "cycle" and model.best == 256
    assert model.verdict() == ("cycle", {"n": 256})


def test_annealing_is_refused_synchronously_and_runs_its_schedule_asynchronously():
    model = level_model("hop-05-anneal-escape")
    assert model.verdict() == ("mixture", {"indices": (0, 1, 2)})
    model.set_update_mode("sync")
    model.anneal()
    assert not model.running and model.note == "hopfield.note.sync_no_temperature"
    model.set_update_mode("async")
    model.set_param("anneal_T0", 0.8)
    model.anneal()
    model.step(1 / 60)
    kind, fields = model.verdict()
    assert kind == "annealing" and fields["K"] == len(model.anneal_plan()) == 30
    assert fields["T"] == pytest.approx(0.8), "the first sweep runs at T0"
    model.set_param("speed", 30)
    run_out(model)
    assert model.outcome.annealed and model.best == 1.0


def test_the_temperature_slider_reaches_a_running_constant_temperature_run():
    model = sandbox_model()
    model.toggle_run()
    model.set_param("T", 0.5)
    assert model.anim.temperature == 0.5 and model.current_temperature() == 0.5
    model.set_param("T", 99.0)
    assert model.values["T"] == 5.0, "clamped to the lab's hard limit"


def test_reset_rebuilds_the_level_network_and_keeps_the_best():
    model = level_model("hop-02-two-memories")
    start = model.given.copy()
    model.corrupt(44)
    model.toggle_run()
    run_out(model)
    best = model.best
    model.set_param("noise_pct", 10)
    model.reset()
    assert np.array_equal(model.s, start) and model.outcome is None and model.score() is None
    assert model.best == best and model.values["noise_pct"] == 20 and not model.running
    again = level_model("hop-02-two-memories")
    again.corrupt(44)
    model.corrupt(44)
    assert np.array_equal(model.s, again.s), "after a reset Corrupt draws the same cells as on opening"


def test_the_sandbox_sizes_step_through_8_to_32_and_skip_32_under_storkey():
    model = sandbox_model()
    sizes = []
    for _ in range(4):
        model.next_size()
        sizes.append(model.shape[0])
    assert sizes == [24, 32, 8, 16]
    assert model.stored_idx == tuple(model.names.index(n) for n in ("A", "H", "X")), "the stored set stays"
    model.cycle_rule()
    assert model.rule == "storkey"
    model.next_size()
    model.next_size()
    assert model.shape == (8, 8), "Storkey is not offered at 32 x 32"
    model.toggle_set()
    assert model.random_set and model.names[:3] == ["R1", "R2", "R3"] and model.n == 64


def test_the_mixture_preset_needs_three_stored_patterns_and_plants_a_spurious_state():
    model = sandbox_model()
    model.plant_mixture()
    assert model.verdict() == ("mixture", {"indices": tuple(model.names.index(n) for n in "AHX")})
    model.store_all(False)
    model.plant_mixture()
    assert model.note == "hopfield.note.mixture_needs_three" and model.verdict() == ("empty", {})


def test_storing_a_pattern_puts_the_level_start_back_only_where_the_level_says_so():
    level = level_model("hop-03-crowded-memory")
    level.paint([0], -level.s[0])
    level.toggle_stored(1)
    assert np.array_equal(level.s, level.given), "levels restore the start when the memory changes"
    sandbox = sandbox_model()
    sandbox.paint([0], -sandbox.s[0])
    edited = sandbox.s.copy()
    sandbox.toggle_stored(1)
    assert np.array_equal(sandbox.s, edited), "the sandbox keeps the grid"


def test_readouts_give_the_live_number_of_each_goal():
    model = level_model("hop-04-fewest-flips")
    key, fields = goals.READOUTS["fewest_flips"](model, model.goal)
    assert key == "hopfield.readout.flips" and fields == {"k": 0}
    model.paint([0, 1, 2], 1.0)
    assert goals.READOUTS["fewest_flips"](model, model.goal)[1]["k"] == int(np.sum(model.given[:3] != 1))
    model = level_model("hop-02-two-memories")
    _, fields = goals.READOUTS["basin"](model, model.goal)
    assert fields["target"] == model.target
    assert float(fields["p"]) == pytest.approx(goals.distance_pct(model.s, model.X[model.target]), abs=0.05)


def test_every_goal_type_has_a_scorer_and_a_schema():
    assert set(SPEC.goals) == {"recall", "basin", "crowded", "fewest_flips", "escape", "inverse", "cycle"}
    assert set(goals.NOTES) <= set(SPEC.goals) and set(goals.READOUTS) <= set(SPEC.goals)
    for kind in SPEC.goals.values():
        assert kind.schema.model_fields["type"].annotation.__args__[0] in SPEC.goals


def test_model_state_stays_finite_and_close_stops_the_scheduler():
    model = sandbox_model()
    model.set_param("T", 1.0)
    model.toggle_run()
    for _ in range(30):
        model.step(1 / 60)
    state = model.state()
    assert set(state) == {"state", "W", "energy_t", "energy", "overlaps"}
    assert all(np.isfinite(a).all() for a in state.values())
    model.close()
    assert model.jobs.closed
