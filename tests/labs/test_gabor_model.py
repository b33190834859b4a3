"""The gabor lab's model without a window: built from a level with ``spec.new_model``, driven through
its verbs and its clock, scored by the lab's goal table; and the HUD lines its scores make."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.readout import goal_line
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.gabor import goals, model as model_module
from game.labs.gabor.cells import N_ORIENT
from game.sim import gabor
from game.tools import find_level
from game.ui.text import Text

SPEC = LABS["gabor"]
LEVELS = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
          if lv.kind == "gabor"]


def level_model(level_id: str):
    return SPEC.new_model(find_level(level_id))


def sandbox_model():
    return SPEC.new_model(SPEC.sandbox(), "sandbox")


def steps_until_idle(m, limit: int = 40) -> int:
    """Step the clock until nothing is left to compute; the number of steps it took."""
    for n in range(limit):
        if not m.busy():
            return n
        m.step(1 / 60)
    raise AssertionError("the model never became idle")


def test_every_gabor_level_solution_wins_three_stars_headless():
    """The same solutions the scene test plays, applied to a model with no window."""
    assert len(LEVELS) >= 13
    for lv in LEVELS:
        m = SPEC.new_model(lv)
        assert stars_for(m.now, lv.goal.better, lv.goal.stars) < 3, f"{lv.id} starts already won"
        SPEC.scripts.solve(m)
        assert stars_for(m.best, lv.goal.better, lv.goal.stars) == 3, (lv.id, m.best, lv.goal.stars)
        m.close()


def test_an_attempt_counts_only_once_the_player_changes_something_and_reset_keeps_the_best():
    m = level_model("gab-01-vertical-edges")
    assert m.best is None and m.last is None and m.now == pytest.approx(5.282, abs=1e-3)
    m.set_param("theta_deg", 0.0)
    m.set_param("phase_deg", 90.0)
    m.step(1 / 60)
    assert m.last == m.now and m.best > 75
    best = m.best
    m.reset()
    m.step(1 / 60)
    assert m.values["theta_deg"] == 90 and m.values["phase_deg"] == 0
    assert m.best == best and m.attempts.count == 1, "a reset is not an attempt, and the visit's best stays"


def test_values_are_sliders_over_the_fixed_values_clamped_to_the_hard_limits():
    m = level_model("gab-01-vertical-edges")
    assert m.values["wavelength"] == 8 and m.values["sigma"] == 2.5, "fixed values fill the rest"
    assert m.set_param("theta_deg", 1000.0) == 360.0 and ("theta_deg", 1000.0, 360.0) in m.values.notes
    assert m.set_param("sigma", float("nan")) is None and m.values["sigma"] == 2.5


def test_a_new_envelope_recomputes_the_response_at_once_and_the_extras_one_piece_a_step():
    m = sandbox_model()
    assert steps_until_idle(m) == 1 + N_ORIENT, "the tuning curve, then one orientation a step"
    assert m.bank_valid() and m.curve_key == m.filter.shape_key
    old = m.bank
    v0 = m.version
    m.set_param("sigma", 6.0)
    m.step(1 / 60)                                  # the response: no extras in the same step
    assert m.version == v0 + 1 and m.filter.sigma == 6.0
    assert m.bank is old and not m.bank_valid(), "the old bank stays on screen (veiled) until the new one starts"
    assert m.jobs.get("tuning") is not None and m.jobs.get("bank").meta == m.filter.shape_key
    m.step(1 / 60)
    assert m.curve_key == m.filter.shape_key and m.bank is old, "the tuning curve first"
    for k in range(1, N_ORIENT + 1):
        m.step(1 / 60)
        assert m.bank.key == m.filter.shape_key and m.bank.done == k, "one orientation a step"
    assert m.bank_valid() and not m.busy()


def test_dragging_sigma_every_step_never_runs_the_extras():
    m = sandbox_model()
    m.settle()
    calls = []
    real = gabor.polar_tuning
    for k in range(10):
        m.set_param("sigma", 5.0 + 0.25 * k)          # never the settled 4 px
        m.step(1 / 60)
        calls.append((m.curve_key == m.filter.shape_key, m.bank_valid()))
    assert calls == [(False, False)] * 10, "a step with a new response must not also compute the extras"
    assert gabor.polar_tuning is real
    m.settle()
    assert m.bank_valid() and m.curve_key == m.filter.shape_key


def test_the_bank_equals_the_whole_hypercolumn_of_the_sim():
    m = level_model("gab-03-texture-border")
    m.settle()
    f = m.filter
    whole = gabor.bank(m.picture.image, f.sigma, f.wavelength, f.gamma, n_orient=N_ORIENT, size=f.size)
    np.testing.assert_allclose(m.bank.energies, whole, atol=2e-4 * whole.max())
    assert np.mean(m.bank.winner == gabor.winner_map(whole)) > 0.999


def test_the_polar_curve_and_its_bandwidth_follow_the_envelope():
    m = sandbox_model()
    m.settle()
    w4 = m.bandwidth_deg()
    assert w4 == pytest.approx(goals.fwhm_from_curve(m.curve))
    f = m.filter
    assert w4 == pytest.approx(gabor.orientation_bandwidth(f.sigma, f.wavelength, f.gamma, size=f.size), abs=1.5)
    m.set_param("sigma", 8.0)
    m.settle()
    assert m.bandwidth_deg() < w4 - 10, "a wider envelope must narrow the tuning"


def test_the_narrow_tuning_goal_shows_its_own_score_as_the_bandwidth():
    m = level_model("gab-06-narrow-tuning")
    SPEC.scripts.solve(m)
    assert m.bandwidth_deg() == m.now == pytest.approx(19.4005, abs=1e-3)


def test_the_bank_goal_scores_nothing_until_its_hypercolumn_is_complete():
    lv = next(lv for lv in LEVELS if lv.goal.type == "bank_accuracy")
    m = SPEC.new_model(lv)
    assert m.score() is None and m.now is None
    text = Text("en")
    line = goal_line("gabor", lv.goal, SPEC.goals["bank_accuracy"], m, m.score(), text)
    assert line.startswith("the hypercolumn is being computed"), line
    m.settle()
    assert m.score() is not None and m.score() > 50
    assert "pixels won by their texture's orientation" in goal_line("gabor", lv.goal, SPEC.goals["bank_accuracy"],
                                                                      m, m.score(), text)


def test_the_picker_swaps_the_picture_drops_the_old_bank_and_prepares_the_goal_again():
    m = SPEC.new_model(find_level("gab-04-hidden-filter"), "challenge")
    m.settle()
    target = m.goal_data["target"].copy()
    assert not m.set_image("no-such-picture.png") and not m.set_image(m.choice)
    # a level's picker (match_filter may take one): the hidden filter's map follows the picture
    m.picker_on = True
    assert m.set_image("rings")
    assert m.picture.name == "rings" and m.bank is None and m.busy()
    assert not np.allclose(m.goal_data["target"], target), "the target map must be of the picture on screen"
    m.settle()
    assert m.bank_valid() and m.bank.energies.shape[1:] == m.picture.image.shape
    assert m.next_image() == m.choices[(m.choices.index("rings") + 1) % len(m.choices)]


def test_the_wheel_turns_theta_five_degrees_a_notch_and_wraps_a_half_turn_slider():
    m = level_model("gab-01-vertical-edges")            # θ slider [-90, 90], starts at 90
    assert m.turned(1) == pytest.approx(-85.0)
    assert m.turned(-2) == pytest.approx(80.0)
    assert m.turned(0) is None
    m2 = level_model("gab-02-match-wavelength")        # no θ slider: the wheel does nothing
    assert m2.turned(1) is None


def test_the_grating_drifts_at_its_rate_and_the_pair_stays_steady():
    m = level_model("gab-05-complex-cell")
    assert m.drifting() and m.drift_hz > 0
    m.step(0.25)
    assert m.phi == pytest.approx((2 * math.pi * m.drift_hz * 0.25) % (2 * math.pi))
    m.set_param("phase2_deg", 90.0)
    m.step(1 / 60)
    pair = m.centre_trace()[2]
    assert pair.std() < 0.03 * pair.mean(), "a quadrature pair's output is steady"
    m.set_param("phase2_deg", 0.0)
    m.step(1 / 60)
    pair = m.centre_trace()[2]
    assert pair.std() > 0.3 * pair.mean(), "two equal simple cells swing with the drift"


def test_the_state_stays_finite_and_close_stops_the_jobs():
    m = sandbox_model()
    for name, value in (("wavelength", 1.0), ("sigma", 0.5), ("gamma", 4.0), ("sigma", 16.0)):
        m.set_param(name, value)
        m.step(1 / 60)
        m.step(1 / 60)
        assert all(np.isfinite(np.asarray(a)).all() for a in m.state().values()), (name, value)
    assert m.busy()
    m.close()
    assert not m.jobs.busy() and m.jobs.closed


def test_goal_lines_read_in_words_with_units_in_both_languages():
    cases = {"gab-01-vertical-edges": ("response on the outlined edges 79.2% (★★★ ≥ 75%)",
                                      "落在描出边缘上的响应 79.2%（★★★ ≥ 75%）"),
             "gab-06-narrow-tuning": ("orientation bandwidth (FWHM) 19.4° (★★★ ≤ 21°)",
                                      "方向带宽（半高全宽）19.4°（★★★ ≤ 21°）"),
             "gab-04-hidden-filter": ("correlation with the hidden filter's map 1 (★★★ ≥ 0.97)",
                                      "与隐藏滤波器响应图的相关系数 1（★★★ ≥ 0.97）")}
    for level_id, (en, zh) in cases.items():
        lv = find_level(level_id)
        m = SPEC.new_model(lv)
        SPEC.scripts.solve(m)
        kind = SPEC.goals[lv.goal.type]
        assert goal_line("gabor", lv.goal, kind, m, m.best, Text("en")) == en
        assert goal_line("gabor", lv.goal, kind, m, m.best, Text("zh")) == zh


def test_the_science_modules_of_the_lab_never_import_pygame():
    """model, goals, cells, picture and schema run headless (``neuroarcade check``): no pygame in them."""
    import ast
    from pathlib import Path
    root = Path(model_module.__file__).parent
    for name in ("model.py", "goals.py", "cells.py", "picture.py", "schema.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {(n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "pygame" not in imported and "pygame_gui" not in imported, f"{name} imports pygame"
        assert not any(m.startswith("game.labs.gabor.") and m.rsplit(".", 1)[1] in
                       ("view", "render", "hypercolumn", "polar", "maps") for m in imported), \
            f"{name} imports a drawing module"
