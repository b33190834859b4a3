"""The nonlinear view driven by real events; its background work, editor, level files and bad input."""

from __future__ import annotations

import threading
import time
import tomllib
import warnings

import numpy as np
import pygame
import pytest

from game.labs import LABS
from game.labs.nonlinear import jobs
from game.labs.nonlinear import render as nldraw
from game.labs.nonlinear.analysis import GRID_DRAFT, GRID_FULL
from game.labs.nonlinear.systems import CUSTOM_DEFAULT, parse_param_table
from game.catalog import level_from_dict, load_level
from game.levels import LevelError
from game.scenes.play import PlayScene
from game.sim import planar
from game.tools import find_level


def settle(lab, driver):
    """Run frames until the lab's background work is done (the lab's own settle script)."""
    LABS["nonlinear"].scripts.settle(lab, driver)


def open_sandbox(app, driver, system=None):
    level = LABS["nonlinear"].sandbox(system) if system else LABS["nonlinear"].sandbox()
    scene = app.push(PlayScene(app, level, "sandbox"))
    driver.frames(2)
    return scene


def open_level(app, driver, level_id):
    scene = app.push(PlayScene(app, find_level(level_id), "campaign"))
    driver.frames(2)
    return scene


def plane_pixels(app, lab):
    r = lab.plane.rect
    return pygame.surfarray.array3d(app.screen)[r.left:r.right, r.top:r.bottom].copy()


def count_colour(pixels, colour, tol=12):
    return int((np.abs(pixels.astype(int) - np.array(colour)).max(axis=2) <= tol).sum())


def pick_system(driver, lab, name):
    """Open the system drop-down and click the option, as a player would."""
    driver.click(lab.drop.rect.center)
    items = lab.drop.current_state.options_selection_list.item_list
    label = lab.ctx.text(f"nonlinear.system.{name}")
    button = next(i["button_element"] for i in items if i["text"] == label)
    driver.click(button.rect.center, frames=5)


def type_into(driver, entry, text):
    """Focus a text field, select all, delete, and type ``text``."""
    driver.click(entry.rect.center)
    driver.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    driver.key(pygame.K_BACKSPACE)
    driver.text(text)
    driver.frames(1)


# ------------------------------------------------------------------ sandbox
def test_sandbox_shows_the_three_snic_equilibria_named_and_both_nullclines(app, driver):
    lab = open_sandbox(app, driver).lab
    settle(lab, driver)
    kinds = [e.kind for e in lab.model.analysis.equilibria]
    assert kinds == ["stable_node", "saddle", "unstable_focus"], "ML_SNIC at I = 35 has node, saddle, focus"
    assert lab.model.analysis.grid == GRID_FULL
    px = plane_pixels(app, lab)
    assert count_colour(px, nldraw.NULL_X) > 300 and count_colour(px, nldraw.NULL_Y) > 300, \
        "both nullclines are drawn in their own colours"
    for xs in lab.model.analysis.x_null:            # points on the V-nullcline satisfy dV/dt = 0
        dv, _ = lab.model.field()(xs[:, 0], xs[:, 1])
        assert np.max(np.abs(dv)) < 1e-6


def test_click_launches_forward_and_backward_off_the_frame(app, driver):
    lab = open_sandbox(app, driver).lab
    before = plane_pixels(app, lab)
    driver.click(lab.plane.point(-50.0, 0.3))
    l = lab.model.launches[0]
    assert l.start == pytest.approx((-50.0, 0.3), abs=0.3)
    settle(lab, driver)
    assert not l.pending and l.fwd.t[-1] > 0 and l.bwd.t[-1] < 0
    assert l.fwd.reason == "equilibrium", "from the left the SNIC set at I = 35 comes to rest"
    np.testing.assert_allclose(l.fwd.xy[-1], lab.model.analysis.equilibria[0].point, atol=1e-3)
    after = plane_pixels(app, lab)
    assert (before != after).any(axis=2).sum() > 300


def test_a_morris_lecar_click_returns_before_its_trajectory_is_computed(app, driver):
    lab = open_sandbox(app, driver).lab
    settle(lab, driver)
    driver.click(lab.plane.point(20.0, 0.5), frames=1)
    assert lab.model.launches[-1].pending, "the trajectory must come from the worker, not the click's frame"
    assert lab.model.busy()
    settle(lab, driver)
    assert not lab.model.launches[-1].pending


def test_keyboard_slider_moves_i_with_a_draft_then_a_full_analysis(app, driver):
    lab = open_sandbox(app, driver).lab
    settle(lab, driver)
    driver.set_slider(lab, "I", 45.0)
    assert lab.model.values["I"] == pytest.approx(45.0)
    assert lab.model.analysis.grid == GRID_DRAFT, "while the slider moves the grid is coarse"
    settle(lab, driver)
    assert lab.model.analysis.grid == GRID_FULL
    assert [e.kind for e in lab.model.analysis.equilibria] == ["unstable_focus"], "above the SNIC only the focus is left"


def test_trajectories_follow_the_slider(app, driver):
    lab = open_sandbox(app, driver).lab
    driver.click(lab.plane.point(-20.0, 0.1))
    settle(lab, driver)
    assert lab.model.launches[0].fwd.reason == "equilibrium"
    driver.set_slider(lab, "I", 50.0)
    settle(lab, driver)
    l = lab.model.launches[0]
    assert l.start == pytest.approx((-20.0, 0.1), abs=0.3)
    assert l.fwd.reason == "t_max" and np.ptp(l.fwd.xy[:, 0]) > 60, "at I = 50 the SNIC set fires"


def test_at_most_ten_launches_are_kept_and_c_clears(app, driver):
    lab = open_sandbox(app, driver, "fitzhugh_nagumo").lab
    for k in range(12):
        driver.click(lab.plane.point(-2.0 + 0.3 * k, 0.5), frames=1)
    assert len(lab.model.launches) == 10
    driver.key(pygame.K_c)
    assert lab.model.launches == []
    settle(lab, driver)


def test_system_picker_switches_to_fitzhugh_nagumo_with_its_own_sliders(app, driver):
    lab = open_sandbox(app, driver).lab
    pick_system(driver, lab, "fitzhugh_nagumo")
    lab = app.scene.lab
    assert lab.model.system == "fitzhugh_nagumo"
    assert [s.name for s in lab.panel.sliders] == ["I", "a", "b", "eps"]
    settle(lab, driver)
    (eq,) = lab.model.analysis.equilibria
    np.testing.assert_allclose(eq.point, [-1.1994, -0.6243], atol=1e-3)
    assert eq.kind == "stable_focus"


def test_presets_set_the_parameters_of_the_current_system(app, driver):
    lab = open_sandbox(app, driver, "van_der_pol").lab
    driver.press(lab.buttons["preset:relaxation"])
    assert lab.model.values["mu"] == pytest.approx(6.0)
    settle(lab, driver)
    assert lab.model.analysis.equilibria[0].kind == "unstable_node"


def test_wheel_zooms_v_resets_and_the_analysis_follows_the_view(app, driver):
    lab = open_sandbox(app, driver).lab
    settle(lab, driver)
    driver.wheel(lab.plane.rect.center, 3)
    assert lab.model.window.xlim[1] - lab.model.window.xlim[0] < 120 * 0.7
    settle(lab, driver)
    assert lab.model.analysis.grid == GRID_FULL
    driver.key(pygame.K_v)
    assert lab.model.window.xlim == (-70.0, 50.0)


def test_sandbox_measures_the_cycle_the_last_trajectory_reaches(app, driver):
    lab = open_sandbox(app, driver, "van_der_pol").lab
    driver.click(lab.plane.point(1.0, 1.0))
    settle(lab, driver)
    m = lab.model.measurement
    assert m is not None and m.cycle is not None
    assert m.cycle.period == pytest.approx(6.663, abs=0.02), "van der Pol at mu = 1 has period 6.663"


# ------------------------------------------------------------------ bifurcation panel
def test_bifurcation_panel_shows_progress_then_a_class_1_frequency_curve(app, driver, monkeypatch):
    level = LABS["nonlinear"].sandbox()
    narrow = {"I": level.params["I"].model_copy(update={"min": 30.0, "max": 45.0, "default": 38.0})}
    level = type(level)(**{**level.__dict__, "params": narrow})
    scene = app.push(PlayScene(app, level, "sandbox"))
    driver.frames(2)
    lab = scene.lab
    assert lab.panel_bif is not None and lab.model.bif_branch is not None
    assert lab.panel_bif.bar.visible, "the sweep runs in the background with a progress bar"
    t0 = time.monotonic()
    while lab.model.bif is None and time.monotonic() - t0 < 60:
        time.sleep(0.02)
        driver.frames(1)
    driver.frames(1)
    assert lab.model.bif is not None and not lab.panel_bif.bar.visible
    fold = max(lab.model.bif.fold_I)
    assert fold == pytest.approx(39.96, abs=0.05), "published SNIC current of ML_SNIC"
    above = lab.model.bif.I > fold
    assert np.isnan(lab.model.bif.frequency_hz[~above]).all(), "no firing below the SNIC"
    assert np.nanmin(lab.model.bif.frequency_hz[above]) < 4.0, "class 1: firing starts near 0 Hz"
    marker_x = lab.panel_bif.vi.point(lab.model.values["I"], 0)[0]
    column = pygame.surfarray.array3d(app.screen)[marker_x, lab.panel_bif.vi.rect.top + 2:
                                                  lab.panel_bif.vi.rect.bottom - 2]
    assert (np.abs(column.astype(int) - np.array(nldraw.theme.STAR)).max(axis=1) < 10).mean() > 0.5, \
        "a marker follows the current I"


def test_switching_system_cancels_a_running_sweep(app, driver, monkeypatch):
    started = threading.Event()

    def slow(job, params, lo, hi):
        started.set()
        for k in range(400):
            job.report(k / 400)
            time.sleep(0.005)
        return None

    monkeypatch.setattr(jobs, "bifurcation", slow)
    monkeypatch.setattr(jobs, "cached_sweep", lambda key: None)
    lab = open_sandbox(app, driver, "morris_lecar_hopf").lab
    assert started.wait(5)
    job = lab.model._bif_job
    pick_system(driver, lab, "van_der_pol")
    assert job.cancelled, "a sweep for the old parameters must stop"
    t0 = time.monotonic()
    while lab.model.jobs.threads_alive() and time.monotonic() - t0 < 5:
        time.sleep(0.01)
    assert not lab.model.jobs.busy("bif") and not lab.model.jobs.threads_alive()


# ------------------------------------------------------------------ equation editor
def test_editor_compiles_each_edit_once_and_points_at_the_bad_column(app, driver, monkeypatch):
    lab = open_sandbox(app, driver, "custom").lab
    calls = []
    real = planar.compile_field
    monkeypatch.setattr(planar, "compile_field", lambda *a, **k: calls.append(a) or real(*a, **k))
    driver.frames(30)
    assert calls == [], "nothing is compiled per frame"
    type_into(driver, lab.editor.entries["dy"], "eps*(x + a - b*z)")
    err = lab.editor.error
    assert err is not None and err.field == "dy" and err.col == 16 and "'z'" in err.message
    n = len(calls)
    driver.frames(10)
    assert len(calls) == n
    assert lab.model.compiled.dy_expr == "eps*(x + a - b*y)", "a refused edit keeps the last good field"
    red = count_colour(pygame.surfarray.array3d(app.screen)[lab.col.left:lab.col.right], nldraw.theme.BAD, 6)
    assert red > 50, "the error and its caret are drawn"
    driver.key(pygame.K_LEFT)                  # before ')', delete the z, type y
    driver.key(pygame.K_BACKSPACE)
    driver.text("y")
    driver.frames(1)
    assert lab.editor.error is None and lab.model.compiled.dy_expr == "eps*(x + a - b*y)"


def test_a_long_editor_error_wraps_onto_a_second_line_instead_of_being_cut(app, driver):
    lab = open_sandbox(app, driver, "custom").lab
    type_into(driver, lab.editor.entries["dy"], "eps*(x + a - b*y) + only(y)")
    err = lab.editor.error
    assert err is not None and err.code == "unknown_function", "the message lists every allowed function"
    driver.frames(1)
    ed = lab.editor
    box = pygame.Rect(lab.col.x, ed.message_y, lab.col.width, ed.rect.y + ed.height - ed.message_y)
    px = pygame.surfarray.array3d(app.screen)[box.left:box.right, box.top:box.bottom].astype(int)
    rows = np.flatnonzero((np.abs(px - np.array(nldraw.theme.BAD)).max(axis=2) <= 6).sum(axis=0) >= 3)
    line_h = lab.ctx.fonts.get(nldraw.theme.SMALL_FONT - 1).get_linesize()
    assert len(rows) and rows[-1] - rows[0] > 1.3 * line_h, "the message runs on to a second line"
    assert box.bottom <= lab.panel.sliders[0].rect.top, "the editor's room ends above the sliders"


def test_typed_equations_change_the_portrait(app, driver):
    lab = open_sandbox(app, driver, "custom").lab
    type_into(driver, lab.editor.entries["dx"], "y")
    type_into(driver, lab.editor.entries["dy"], "-x - 0.5*y")
    settle(lab, driver)
    (eq,) = lab.model.analysis.equilibria
    assert eq.kind == "stable_focus"
    np.testing.assert_allclose(eq.point, [0, 0], atol=1e-9)


def test_typing_in_the_editor_does_not_trigger_lab_keys(app, driver):
    lab = open_sandbox(app, driver, "custom").lab
    driver.click(lab.plane.point(0.5, 0.5))
    settle(lab, driver)
    driver.click(lab.editor.entries["dx"].rect.center)
    driver.key(pygame.K_c, unicode="c")
    driver.key(pygame.K_v, unicode="v")
    assert len(lab.model.launches) == 1, "C typed into a text field must not clear trajectories"


def test_a_new_parameter_gets_its_slider_after_enter(app, driver):
    lab = open_sandbox(app, driver, "custom").lab
    type_into(driver, lab.editor.entries["params"], "I = 0.5, a = 0.7, b = 0.8, eps = 0.08, k = 2")
    assert lab.editor.error is None and "k" not in [s.name for s in lab.panel.sliders]
    driver.key(pygame.K_RETURN, frames=3)
    lab = app.scene.lab
    assert "k" in [s.name for s in lab.panel.sliders]
    assert lab.model.values["k"] == pytest.approx(2.0)


@pytest.mark.parametrize("text", ["__import__('os').system('echo hi')", "x.__class__", "9**9**9",
                                  "(lambda: 1)()", "[x for x in y]", "x" * 600, "open('f')", "y[0]"])
def test_hostile_expressions_are_refused_in_the_editor_with_a_message(app, driver, text):
    lab = open_sandbox(app, driver, "custom").lab
    good = lab.model.compiled
    type_into(driver, lab.editor.entries["dx"], text)
    assert lab.editor.error is not None or len(text) > 500
    assert lab.model.compiled is good
    driver.frames(2)


def test_parameter_table_parsing_errors_carry_columns():
    assert parse_param_table("a = 1, b=2.5; c = -3e-2") == {"a": 1.0, "b": 2.5, "c": -0.03}
    for text, col in (("a = 1, b", 8), ("a = nan", 4), ("x = 1", 1), ("a = 1, a = 2", 8), ("a = q", 4)):
        with pytest.raises(planar.ExpressionError) as info:
            parse_param_table(text)
        assert info.value.col == col, text


# ------------------------------------------------------------------ levels
def test_hopf_level_locks_in_answers_and_runs_out_of_tries(app, driver):
    lab = open_level(app, driver, "nl-02-find-the-hopf").lab
    assert lab.model.target_I == pytest.approx(93.86, abs=0.05)
    assert lab.panel_bif is None, "the bifurcation panel would give the answer away"
    driver.set_slider(lab, "I", 90.0)
    for _ in range(3):
        driver.press(lab.buttons["lock"])
    assert lab.model.answers == [90.0, 90.0, 90.0]
    assert lab.model.best == pytest.approx(3.8576, abs=0.01)
    assert not lab.buttons["lock"].is_enabled
    driver.press(lab.buttons["lock"])
    assert len(lab.model.answers) == 3
    driver.key(pygame.K_r, mod=pygame.KMOD_CTRL)
    assert lab.model.answers == [] and lab.buttons["lock"].is_enabled and lab.model.values["I"] == 60.0
    assert lab.model.best == pytest.approx(3.8576, abs=0.01), "reset keeps the best of the visit"


def test_kick_level_kicks_from_rest_with_space(app, driver):
    lab = open_level(app, driver, "nl-05-threshold-kick").lab
    driver.set_slider(lab, "kick", 0.4)
    driver.key(pygame.K_SPACE)
    settle(lab, driver)
    l = lab.model.launches[-1]
    rest = lab.model.rest().point
    assert l.start == pytest.approx((rest[0] + 0.4, rest[1]))
    assert l.fired is False and lab.model.best is None
    driver.set_slider(lab, "kick", 0.9)
    driver.press(lab.buttons["kick"])
    settle(lab, driver)
    assert lab.model.launches[-1].fired and lab.model.best == pytest.approx(0.9)


def test_threshold_level_draws_the_repelling_slow_manifold_where_kicks_start_to_fire(app, driver):
    lab = open_level(app, driver, "nl-05-threshold-kick").lab
    settle(lab, driver)
    m = lab.model.manifold
    assert m is not None, "nl-05 asks for the manifold (controls.show_manifold)"
    rest = lab.model.rest().point
    xy = m.xy
    i = np.flatnonzero((xy[:-1, 1] - rest[1]) * (xy[1:, 1] - rest[1]) <= 0)[0]
    cross = xy[i, 0] + (rest[1] - xy[i, 1]) / (xy[i + 1, 1] - xy[i, 1]) * (xy[i + 1, 0] - xy[i, 0])
    assert cross - rest[0] == pytest.approx(0.5555, abs=0.001), "it crosses the kick line at the threshold"
    # drawn in its own colour along its length (away from the rest marker and the kick arrow)
    driver.frames(1)
    screen = pygame.surfarray.array3d(app.screen)
    hits = 0
    sample = [p for p in xy[::max(1, len(xy) // 40)] if abs(p[1] - rest[1]) > 0.15]
    for p in sample:
        x, y = (int(round(c)) for c in lab.plane.point(*p))
        patch = screen[x - 2:x + 3, y - 2:y + 3].reshape(-1, 3).astype(int)
        hits += bool((np.abs(patch - np.array(nldraw.MANIFOLD)).max(axis=1) <= 12).any())
    assert len(sample) >= 20 and hits >= 0.9 * len(sample), f"manifold drawn at {hits} of {len(sample)} points"
    # a kick just short of it falls back, one just past it fires
    for k, fires in ((0.55, False), (0.56, True)):
        driver.set_slider(lab, "kick", k)
        driver.press(lab.buttons["kick"])
        settle(lab, driver)
        assert lab.model.launches[-1].fired is fires, f"kick {k}"


def test_the_manifold_is_off_unless_a_level_asks_for_it(app, driver):
    data = _level(controls={"start": "kick"})
    scene = app.push(PlayScene(app, level_from_dict(data), "campaign"))
    driver.frames(2)
    settle(scene.lab, driver)
    assert scene.lab.model.manifold is None and scene.lab.model._manifold_job is None


def test_quiz_hides_the_portrait_until_answered_then_moves_on(app, driver):
    lab = open_level(app, driver, "nl-07-predict-the-type").lab
    settle(lab, driver)
    px = plane_pixels(app, lab)
    assert count_colour(px, nldraw.NULL_X) < 20, "no nullclines before the answer"
    driver.click(lab.plane.point(0.5, 0.5))
    assert lab.model.launches == [], "no trajectories before the answer"
    assert not lab.buttons["next"].is_enabled
    driver.press(lab.buttons["quiz:stable_node"])         # wrong: it is a stable focus
    settle(lab, driver)
    assert lab.model.revealed and lab.model.quiz_answers == ["stable_node"]
    assert count_colour(plane_pixels(app, lab), nldraw.NULL_X) > 200
    driver.press(lab.buttons["next"])
    assert lab.model.quiz_index == 1 and not lab.model.revealed
    assert lab.model.window.home == ((-0.5, 3.5), (-0.5, 3.5)), "each quiz item brings its own window"


def test_bistable_level_colours_starts_by_where_they_went(app, driver):
    lab = open_level(app, driver, "nl-04-two-attractors").lab
    for x in (-22.3, 0.0):
        driver.click(lab.plane.point(x, 0.1294))
        settle(lab, driver)
    assert [l.outcome for l in lab.model.launches] == ["rest", "cycle"]
    assert lab.model.best == pytest.approx(22.3 / 100, abs=0.01)


def test_save_as_challenge_writes_custom_equations_that_pass_check(app, driver, private_home):
    lab = open_sandbox(app, driver, "custom").lab
    settle(lab, driver)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    files = list((private_home / "challenges").glob("*.toml"))
    assert len(files) == 1, app.scene.toast
    level = load_level(files[0])
    assert level.kind == "nonlinear" and level.fixed.system == "custom"
    assert level.fixed.equations.dx == CUSTOM_DEFAULT["dx"]
    assert level.goal.type == "equilibria_visited"
    data = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert data["solution"]["starts"], "the solution visits the equilibria"


def test_save_as_challenge_from_morris_lecar_round_trips(app, driver, private_home):
    lab = open_sandbox(app, driver).lab
    driver.set_slider(lab, "I", 30.0)
    settle(lab, driver)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    (path,) = (private_home / "challenges").glob("*.toml")
    level = load_level(path)
    assert level.fixed.system == "morris_lecar_snic" and level.params["I"].default == pytest.approx(30.0)
    assert level.goal.stars == (1, 2, 3)


# ------------------------------------------------------------------ bad input
def test_sliders_at_their_extremes_and_clicks_everywhere_stay_finite(app, driver):
    lab = open_sandbox(app, driver, "fitzhugh_nagumo").lab
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("I", "a", "b", "eps"):
            driver.set_slider(lab, name, lab.params[name].max)
        for k in range(5):
            driver.click(lab.plane.point(-2.4 + k, 1.9), frames=1)
        driver.set_slider(lab, "eps", lab.params["eps"].min)
        settle(lab, driver)
    for key, arr in lab.model.state().items():
        assert np.isfinite(arr).all(), f"{key} holds NaN or inf"


def test_an_undefined_user_field_gives_a_note_not_a_crash(app, driver):
    lab = open_sandbox(app, driver, "custom").lab
    type_into(driver, lab.editor.entries["dx"], "log(x)")
    type_into(driver, lab.editor.entries["dy"], "sqrt(-1 - y**2)")
    settle(lab, driver)
    driver.click(lab.plane.point(-1.0, 0.5))
    settle(lab, driver)
    assert lab.model.analysis.equilibria == []
    assert lab.model.launches[0].fwd.reason == "undefined"
    for arr in lab.model.state().values():
        assert np.isfinite(arr).all()


def test_random_events_on_every_system_never_break_the_view(app, driver):
    rng = np.random.default_rng(7)
    w, h = app.screen.get_size()
    lab = open_sandbox(app, driver).lab
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for system in ("morris_lecar_hopf", "van_der_pol", "custom"):
            pick_system(driver, app.scene.lab, system)
            for _ in range(60):
                pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
                r = rng.integers(0, 4)
                if r == 0:
                    driver.click(pos, button=int(rng.choice([1, 3])), frames=0)
                elif r == 1:
                    driver.key(int(rng.choice([pygame.K_LEFT, pygame.K_RIGHT, pygame.K_c, pygame.K_v, pygame.K_1])),
                               mod=int(rng.choice([0, pygame.KMOD_SHIFT])), frames=0)
                elif r == 2:
                    driver.wheel(pos, int(rng.integers(-3, 4)))
                driver.frames(1)
            if not isinstance(app.scene, PlayScene):
                app.pop()
    assert app.running
    lab = app.scene.lab
    settle(lab, driver)
    for arr in lab.model.state().values():
        assert np.isfinite(np.asarray(arr, dtype=float)).all()


# ------------------------------------------------------------------ level files
def _level(**over):
    data = tomllib.loads((find_level("nl-05-threshold-kick").path).read_text(encoding="utf-8"))
    for k, v in over.items():
        data[k] = v
    return data


def test_a_bad_user_equation_in_a_level_file_names_the_field_and_column():
    data = _level(fixed={"system": "custom", "equations": {"dx": "x - y", "dy": "eps*(x + a - b*z)",
                                                            "params": {"eps": 0.08, "a": 0.7, "b": 0.8}}},
                  params={}, controls={"start": "click"},
                  goal={"type": "equilibria_visited", "better": "higher", "stars": [1, 2, 3]}, solution={})
    with pytest.raises(LevelError) as info:
        level_from_dict(data)
    text = str(info.value)
    assert "fixed.equations" in text and "dy = 'eps*(x + a - b*z)'" in text
    assert "unknown name 'z'" in text and "(column 16)" in text


def test_level_file_equations_are_never_executed(tmp_path):
    marker = tmp_path / "ran"
    data = _level(fixed={"system": "custom", "equations": {
        "dx": f"__import__('pathlib').Path('{marker}').touch()", "dy": "y"}},
        params={}, controls={"start": "click"},
        goal={"type": "equilibria_visited", "better": "higher", "stars": [1, 2, 3]}, solution={})
    with pytest.raises(LevelError, match="'__import__' is not allowed"):
        level_from_dict(data)
    assert not marker.exists()


@pytest.mark.parametrize("over,message", [
    ({"params": {"kick": {"default": 0.2, "min": 0, "max": 1.5, "step": 0.05},
                 "Ii": {"default": 0, "min": 0, "max": 1, "step": 0.1}}}, "params.Ii is not a parameter of system "
                                                                           "fitzhugh_nagumo; did you mean 'I'?"),
    ({"fixed": {"system": "fitzhugh_nagumo", "values": {"mu": 1.0}}}, "fixed.values.mu is not a parameter"),
    ({"params": {"kick": {"default": 0.2, "min": 0, "max": 1.5, "step": 0.05},
                 "I": {"default": 0, "min": 0, "max": 5, "step": 0.1}}},
     "params.I = [0, 5] must lie inside fitzhugh_nagumo's range [0, 2]"),
    ({"fixed": {"system": "fitzhugh_nagumo", "values": {"I": 9.0}}}, "fixed.values.I = 9 is outside [0, 2]"),
    ({"fixed": {"system": "hodgkin_huxley"}}, "fixed.system"),
    ({"goal": {"type": "onset_frequency", "better": "lower", "stars": [8, 4, 2]}},
     "needs a Morris–Lecar system"),
    ({"controls": {"start": "click"}}, 'kick needs controls.start = "kick"'),
    ({"fixed": {"system": "custom"}}, 'needs fixed.equations'),
    ({"goal": {"type": "quiz", "better": "higher", "stars": [1, 2, 3]}}, "needs fixed.quiz"),
    ({"solution": {"params": {"kick": 3.0}}}, "solution.params.kick = 3 is outside [0, 1.5]"),
    ({"solution": {"starts": [[9.0, 0.0]]}}, "solution.starts[0] = [9, 0] is outside the window"),
    ({"solution": {"answers": ["centre"]}}, "answer 'centre' is not one of"),
])
def test_level_file_problems_give_clear_messages(over, message):
    with pytest.raises(LevelError) as info:
        level_from_dict(_level(**over))
    assert message in str(info.value)


def test_a_quiz_point_that_is_not_an_equilibrium_is_refused():
    data = tomllib.loads(find_level("nl-07-predict-the-type").path.read_text(encoding="utf-8"))
    data["fixed"]["quiz"][0]["point"] = [1.0, 1.0]
    with pytest.raises(LevelError, match=r"fixed.quiz\[0\].*no equilibrium near \[1, 1\]"):
        level_from_dict(data)


def test_the_sandbox_left_alone_stops_animating_once_its_work_is_done(app, driver):
    scene = open_sandbox(app, driver, "van_der_pol")
    lab = scene.lab
    settle(lab, driver)
    assert not lab.model.busy() and not lab.animating() and not scene.animating(), \
        "nothing moves: the loop may wait for events"
    driver.click(lab.plane.point(1.0, 1.0))
    assert lab.animating(), "a launched point moves along its path"
