"""The hodgkinhuxley lab's model without a window: built from a level with ``spec.new_model``, driven
through its commands and its clock, scored by the lab's goal table."""

from __future__ import annotations

import time

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.hodgkinhuxley import model as model_module
from game.labs.hodgkinhuxley import schema
from game.tools import find_level

SPEC = LABS["hodgkinhuxley"]


def level_model(level_id: str):
    return SPEC.new_model(find_level(level_id))


def sandbox_model():
    return SPEC.new_model(SPEC.sandbox(), "sandbox")


def until(model, done, timeout_s: float = 60.0) -> None:
    """Step the model's clock until ``done()`` (thread lanes included), within ``timeout_s``."""
    t0 = time.perf_counter()
    while not done():
        assert time.perf_counter() - t0 < timeout_s, "the model's jobs did not finish"
        model.step(1 / 60)
        time.sleep(0.002)


def test_every_hodgkinhuxley_level_solution_wins_three_stars_headless_and_none_starts_won():
    levels = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
              if lv.kind == "hodgkinhuxley"]
    assert len([lv for lv in levels if lv.id.startswith("hh-")]) >= 7
    assert {lv.goal.type for lv in levels if lv.id.startswith("example-")} == set(SPEC.goals)
    for lv in levels:
        model = SPEC.new_model(lv)
        assert stars_for(model.best, lv.goal.better, lv.goal.stars) < 3, f"{lv.id} starts won"
        SPEC.scripts.solve(model)
        assert stars_for(model.best, lv.goal.better, lv.goal.stars) == 3, (lv.id, model.best, lv.goal.stars)
        model.close()


def test_a_slider_change_runs_in_slices_of_the_frame_budget_and_the_latest_values_win():
    model = level_model("hh-02-rheobase")          # 300 ms runs: several slices each
    v0 = model.version
    model.set_param("I", 7.0)
    model.set_param("I", 8.0)                      # while the first run is pending
    assert model.busy() and model.version == v0, "a run is computed in the clock, not in set_param"
    model.step(1 / 60)
    assert model.busy(), "one frame's budget does not finish a 300 ms run"
    until(model, lambda: not model.busy())
    assert model.version >= v0 + 1
    assert model.result.drive.max() == 8.0, "the latest value runs last"
    assert model.last == 8.0, "each finished run is scored"
    model.close()


def test_the_first_run_equals_a_run_computed_at_once():
    model = level_model("hh-01-smallest-pulse")
    model.set_param("I", 7.5)
    until(model, lambda: not model.busy())
    ref = model.compute()
    assert np.allclose(model.result.v, ref.v) and np.allclose(model.result.spikes, ref.spikes)
    model.close()


def test_a_new_temperature_builds_its_tables_on_the_warm_lane_then_runs():
    model = level_model("hh-08-warm-spike")
    model.set_param("temperature_c", 17.3)
    assert model.jobs.busy("warm"), "a new temperature first warms the simulator's tables off the frame"
    until(model, lambda: not model.busy())
    assert model.result.params.temperature_c == 17.3 and model.best < 1.18
    model.close()


def test_values_outside_the_limits_are_clamped_with_a_translated_note():
    model = sandbox_model()
    used = model.set_param("I", 5000.0)
    assert used == schema.LIMITS["I"][1]
    assert model.notes()[0] == ("hodgkinhuxley.note.clamped", {"name": "I", "value": "5000", "to": "200"})
    assert model.set_param("temperature_c", float("nan")) is None, "a non-finite value is refused"
    model.settle()
    assert np.all(np.isfinite(model.result.v))
    keys = model_module.note_keys(["temperature_c = 80 clamped to 45", "I clamped to [-1000, 1000] uA/cm^2",
                                   "V0 clamped to +-1000 mV"])
    assert [k for k, _ in keys] == ["hodgkinhuxley.note.clamped", "hodgkinhuxley.note.I_clamped",
                                    "hodgkinhuxley.note.other"]
    model.close()


def test_the_voltage_clamp_is_computed_at_once_and_switches_back():
    model = sandbox_model()
    model.set_clamp(True)
    assert not model.busy() and model.result.mode == "clamp"
    assert model.result.i_na.min() == pytest.approx(-1456.8, abs=0.1)
    model.set_param("v_step", 50.0)
    on = model.result.t >= 1.0
    assert model.result.mode == "clamp" and abs(model.result.i_na[on]).max() < 1e-9
    model.set_protocol("pulse")
    assert not model.clamp_mode
    model.settle()
    assert model.result.mode == "current" and model.result.spikes.size == 1
    model.close()


def test_the_f_I_curves_come_from_the_thread_lanes_and_follow_the_membrane():
    model = sandbox_model()
    model.need_fi()
    until(model, lambda: model.fi is not None and model.ml is not None, 120.0)
    k = int(np.flatnonzero(model.fi.rates_hz > 0)[0])
    assert 6.0 <= model.fi.currents[k] <= 6.75 and model.fi.rates_hz[k] > 50.0, "the class 2 jump"
    assert model.ml.rates_hz[0] == 0.0 and 0 < model.ml.rates_hz[2] < 2.0, "class 1 starts from 0 Hz"
    model.set_param("ttx", 0.97)
    model.need_fi()
    assert model.fi is None, "another membrane: the old curve is dropped"
    until(model, lambda: model.fi is not None, 120.0)
    assert not model.fi.rates_hz.any(), "3 % of the sodium channels left: no spike at any current"
    model.close()
    assert model.jobs.threads_alive() == 0 or not model.jobs.busy()


def test_the_reduced_plane_is_asked_for_and_kept():
    model = sandbox_model()
    assert model.plane(0.0) is None
    model.need_plane(0.0)
    until(model, lambda: model.plane(0.0) is not None)
    eq = model.plane(0.0).equilibria
    assert eq[0][2] == "stable_focus" and model.latest_plane() is model.plane(0.0)
    model.close()


def test_reset_brings_back_the_level_and_the_state_stays_finite():
    model = sandbox_model()
    model.set_protocol("ramp")
    model.set_param("I", 150.0)
    model.settle()
    assert all(np.all(np.isfinite(a)) for a in model.state().values())
    model.reset()
    model.settle()
    assert model.protocol == "step" and model.values["I"] == 10.0 and model.result.spikes.size == 7
    model.close()


def test_the_loader_refuses_currents_temperatures_and_conductances_outside_the_lab_limits():
    import tomllib

    from game.catalog import level_from_dict
    from game.levels import LevelError

    data = tomllib.loads((paths.CAMPAIGN / "hh-01-smallest-pulse.toml").read_text(encoding="utf-8"))
    data["params"]["I"] = {"default": 15, "min": 0, "max": 500, "step": 0.05}
    data["params"]["temperature_c"] = {"default": 6.3, "min": 0, "max": 60, "step": 0.1}
    data["fixed"]["gK"] = 900.0
    with pytest.raises(LevelError) as err:
        level_from_dict(data)
    text = "\n".join(err.value.problems)
    assert "params.I.max = 500 is outside this lab's limits [-200, 200]" in text
    assert "params.temperature_c.max = 60 is outside this lab's limits [-10, 45]" in text
    assert "fixed.gK" in text and "200" in text
    data = tomllib.loads((paths.CAMPAIGN / "hh-04-refractory.toml").read_text(encoding="utf-8"))
    data["fixed"]["protocol"] = "step"
    with pytest.raises(LevelError) as err:
        level_from_dict(data)
    assert 'goal.type = "min_gap" needs fixed.protocol = "pulse_pair"' in err.value.problems
