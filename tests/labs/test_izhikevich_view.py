"""The Izhikevich view driven by real events: sliders, clicks, presets, protocols, sweep, sound, atlas."""

from __future__ import annotations

import time
import tomllib
import warnings

import numpy as np
import pygame
import pytest

from game.labs import LABS
from game.labs.common.scope import CLICK_GAP_S, DEFAULT_SPEED, MAX_CATCH_UP_S, SWEEP_STEP_S
from game.labs.izhikevich.atlas import AXES
from game.labs.izhikevich.render import CLASS_COLOURS
from game.catalog import load_level
from game.scenes.play import PlayScene
from game.sim import izhikevich as izh
from game.tools import find_level


@pytest.fixture
def sandbox(app, driver):
    scene = app.push(PlayScene(app, LABS["izhikevich"].sandbox(), "sandbox"))
    driver.frames(2)
    return scene


def _pixels(app, rect):
    return pygame.surfarray.array3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].copy()


def _settle(driver, lab, n=3):
    """Frames until the re-run and the plane's redraw (which alternate while dragging) are done."""
    for _ in range(n):
        driver.frames(1)
    assert not lab.model.dirty


def test_slider_keys_rerun_the_neuron_with_the_new_input(app, driver, sandbox):
    lab = sandbox.lab
    n_before = len(lab.model.result.run.spikes)
    driver.set_slider(lab, "I", 20.0)
    _settle(driver, lab)
    assert lab.model.values["I"] == pytest.approx(20.0)
    direct = izh.simulate(0.02, 0.2, -65.0, 8.0, 20.0, 1000.0)
    np.testing.assert_allclose(lab.model.result.run.spikes, direct.spikes, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(lab.model.result.run.v, direct.v)
    assert len(lab.model.result.run.spikes) > n_before


def test_while_dragging_the_run_is_spread_over_frames_and_ends_exact(app, driver, sandbox, monkeypatch):
    from game.labs.izhikevich import model as model_module
    monkeypatch.setattr(model_module, "SIM_BUDGET_S", 0.0)    # one 50 ms piece per frame
    lab = sandbox.lab
    driver.key(pygame.K_5)
    pieces = []
    for k in range(6):                                         # a key step every frame: a drag
        driver.post(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0)
        driver.frames(1)
        job = lab.model.jobs.get("run")
        pieces.append(job.progress if job is not None else None)
    assert any(p is not None and 0 < p < 1 for p in pieces), "a dragged run should span frames"
    v_mid = lab.model.version
    _settle(driver, lab, 4)                                    # the drag stops: finish at once
    assert not lab.model.jobs.busy("run") and lab.model.version > v_mid
    assert lab.model.values["I"] == pytest.approx(10.6)
    direct = izh.simulate(0.02, 0.2, -65.0, 8.0, 10.6, 1000.0)
    np.testing.assert_array_equal(lab.model.result.run.v, direct.v)
    driver.frames(1)
    assert lab.renderer.plane.field_key[:3] == (0.02, 0.2, pytest.approx(10.6)), \
        "the arrows catch up when the drag stops"


def test_many_slider_steps_in_one_frame_cost_one_rerun(app, driver, sandbox):
    lab = sandbox.lab
    driver.key(pygame.K_5)                                     # select the I slider
    v0 = lab.model.version
    for _ in range(10):
        driver.post(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0)
    driver.frames(1)
    assert lab.model.values["I"] == pytest.approx(11.0)
    assert lab.model.version == v0 + 1, "slider events of one frame should coalesce into one simulation"


def test_clicking_the_plane_starts_the_run_there_and_replays_it(app, driver, sandbox):
    lab = sandbox.lab
    driver.frames(30)
    assert lab.model.sweep.cursor_ms > 0
    before = _pixels(app, lab.plane.rect)
    driver.click(lab.plane.point(-40.0, -5.0), frames=1)
    assert lab.model.sweep.cursor_ms < 20.0, "a new start replays the sweep from t = 0"
    _settle(driver, lab)
    v0, u0 = lab.model.result.start
    assert v0 == pytest.approx(-40.0, abs=0.5) and u0 == pytest.approx(-5.0, abs=0.1)
    assert lab.model.result.run.v[0] == v0 and lab.model.result.run.u[0] == u0
    after = _pixels(app, lab.plane.rect)
    assert (before != after).any(axis=2).sum() > 500, "the new trajectory was not drawn"
    driver.key(pygame.K_c)
    _settle(driver, lab)
    assert lab.model.result.start == (-65.0, -13.0), "C forgets the clicked start"


def test_reset_hops_are_dashed_in_the_plane(app, driver, sandbox):
    lab = sandbox.lab
    traj = lab.model.result.traj
    k = len(traj.reset_index) // 2
    i = traj.reset_index[k]
    a = np.array(lab.plane.point(traj.v[i], traj.u[i]), dtype=float)
    b = np.array(lab.plane.point(*traj.reset_to[k]), dtype=float)
    layer, origin = lab.renderer.plane.layer()
    xs = np.linspace(a[0], b[0], 200) - origin[0]
    ys = np.linspace(a[1], b[1], 200) - origin[1]
    colours = np.array([layer.get_at((int(x), int(y)))[:3] for x, y in zip(xs, ys)])
    hop = np.all(np.abs(colours - np.array((110, 90, 140))) <= 8, axis=1)
    assert 0.25 < hop.mean() < 0.85, "the hop from peak to reset should be dashed (on and off)"


def test_presets_load_their_cell_class_and_protocol(app, driver, sandbox):
    lab = sandbox.lab
    expected = {name: note.expected_class for name, note in izh.PRESET_NOTES.items()}
    for name in izh.PRESETS:
        driver.press(lab.buttons[f"preset:{name}"])
        _settle(driver, lab)
        p = lab.model.params()
        assert (p["a"], p["b"], p["c"], p["d"]) == pytest.approx(izh.PRESETS[name]), name
        assert lab.model.neuron.protocol["kind"] == izh.PRESET_NOTES[name].protocol
        assert lab.model.result.firing == expected[name], f"{name} should show {expected[name]}"
        assert lab.buttons[f"preset:{name}"].is_selected


def test_protocol_buttons_shape_the_input_current(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["protocol:step"])
    _settle(driver, lab)
    cur = lab.model.result.current
    assert cur[0] == 0.0 and cur[int(60 / 0.2)] == pytest.approx(10.0)
    assert lab.model.result.run.spikes.min() > 50.0, "nothing fires before the step"
    driver.press(lab.buttons["protocol:negative_step"])
    _settle(driver, lab)
    assert lab.model.result.current.min() == pytest.approx(-10.0)
    driver.press(lab.buttons["protocol:ramp"])
    _settle(driver, lab)
    assert lab.model.result.current[-1] == pytest.approx(10.0) and np.all(np.diff(lab.model.result.current) >= 0)
    assert lab.buttons["protocol:ramp"].is_selected and not lab.buttons["protocol:step"].is_selected


def test_the_sweep_advances_at_a_fixed_step_and_carries_the_leftover(app, driver, sandbox):
    lab = sandbox.lab
    lab.model.sweep.cursor_ms, lab.model.sweep._acc = 0.0, 0.0
    lab.update(2.5 * SWEEP_STEP_S)
    assert lab.model.sweep.cursor_ms == pytest.approx(2 * SWEEP_STEP_S * DEFAULT_SPEED)
    assert lab.model.sweep._acc == pytest.approx(0.5 * SWEEP_STEP_S)
    lab.update(0.5 * SWEEP_STEP_S)
    assert lab.model.sweep.cursor_ms == pytest.approx(3 * SWEEP_STEP_S * DEFAULT_SPEED)
    lab.model.sweep.cursor_ms = 0.0
    lab.update(5.0)                                            # a stalled frame does not fast-forward
    assert lab.model.sweep.cursor_ms <= MAX_CATCH_UP_S * DEFAULT_SPEED + 1e-9


def test_space_pauses_and_brackets_change_the_speed(app, driver, sandbox):
    lab = sandbox.lab
    driver.key(pygame.K_SPACE)
    c = lab.model.sweep.cursor_ms
    driver.frames(10)
    assert lab.model.sweep.paused and lab.model.sweep.cursor_ms == c
    driver.key(pygame.K_SPACE)
    driver.key(pygame.K_RIGHTBRACKET)
    assert lab.model.sweep.speed == 2 * DEFAULT_SPEED and not lab.model.sweep.paused
    driver.key(pygame.K_LEFTBRACKET)
    driver.key(pygame.K_LEFTBRACKET)
    assert lab.model.sweep.speed == DEFAULT_SPEED / 2


def test_each_spike_passed_clicks_but_no_faster_than_the_gap(app, driver, sandbox):
    lab = sandbox.lab
    lab.model.sweep.cursor_ms, lab.model.sweep._acc, lab.clicker.clicks = 0.0, 0.0, 0
    for _ in range(60):                                        # 1 s of wall time: 250 ms of RS
        lab.update(1 / 60)
    expected = np.count_nonzero(lab.model.result.run.spikes <= lab.model.sweep.cursor_ms)
    assert lab.clicker.clicks == expected >= 4
    driver.press(lab.buttons["preset:FS"])                     # > 100 Hz
    _settle(driver, lab)
    for _ in range(4):
        driver.key(pygame.K_RIGHTBRACKET)                      # 2000 ms per s: hundreds of spikes
    lab.clicker.clicks = 0
    for _ in range(60):
        lab.update(1 / 60)
    assert 10 <= lab.clicker.clicks <= 1.0 / CLICK_GAP_S + 1


def test_wheel_on_the_scope_zooms_its_time_window(app, driver, sandbox):
    lab = sandbox.lab
    w = lab.model.sweep.window_ms
    driver.wheel(lab.scope.rect.center, 2)
    assert lab.model.sweep.window_ms == pytest.approx(w * 0.64)
    for _ in range(30):
        driver.wheel(lab.scope.rect.center, -2)
    assert lab.model.sweep.window_ms == lab.model.neuron.t_ms


def test_scope_draws_v_up_to_the_sweep_and_marks_spikes(app, driver, sandbox):
    lab = sandbox.lab
    lab.model.sweep.cursor_ms = 240.0
    driver.frames(1)
    shot = _pixels(app, lab.scope.rect)
    blue = np.all(np.abs(shot - np.array(theme_colour("ACCENT"))) <= 10, axis=2)
    cols = np.flatnonzero(blue.any(axis=1))
    assert cols.size > 0 and cols.max() >= int(0.9 * lab.scope.rect.width)
    marks = _pixels(app, pygame.Rect(lab.scope.rect.x, lab.scope.rect.y - 9, lab.scope.rect.width, 6))
    yellow = np.all(np.abs(marks - np.array(theme_colour("STAR"))) <= 10, axis=2)
    assert yellow.any(axis=1).sum() >= 4 * 3, "each spike in view gets a mark above the scope"


def theme_colour(name):
    from game.ui import theme
    return getattr(theme, name)


def test_equilibria_are_named_and_vanish_above_the_saddle_node(app, driver, sandbox):
    lab = sandbox.lab
    driver.set_slider(lab, "I", 3.0)
    _settle(driver, lab)
    kinds = [e.kind for e in izh.equilibria(0.02, 0.2, lab.model.I_now())]
    assert kinds == ["stable_node", "saddle"]
    layer, origin = lab.renderer.plane.layer()
    for e in izh.equilibria(0.02, 0.2, 3.0):
        x, y = lab.plane.point(e.v, e.u)
        colour = layer.get_at((x - origin[0], y - origin[1]))[:3]
        assert colour in (theme_colour("GOOD"), theme_colour("BAD")) or e.kind == "saddle"
    driver.set_slider(lab, "I", 5.0)
    _settle(driver, lab)
    assert izh.equilibria(0.02, 0.2, lab.model.I_now()) == []


def _marker(layer, origin, pos):
    """(centre colour, colour 4 px right of the centre) of an equilibrium mark on the plane layer."""
    x, y = pos[0] - origin[0], pos[1] - origin[1]
    return tuple(layer.get_at((x, y))[:3]), tuple(layer.get_at((x + 4, y))[:3])


def test_rest_is_drawn_filled_below_the_hopf_current_and_hollow_between_hopf_and_saddle_node(app, driver, sandbox):
    lab = sandbox.lab
    I_H = izh.hopf_current(0.02, 0.2)
    for I, filled in ((3.7, True), (3.9, False)):
        driver.set_slider(lab, "I", I)
        _settle(driver, lab)
        assert lab.model.I_now() == pytest.approx(I)
        rest, saddle = izh.equilibria(0.02, 0.2, I)
        assert (I < I_H) == filled and rest.kind == ("stable_focus" if filled else "unstable_focus")
        layer, origin = lab.renderer.plane.layer()
        centre, ring = _marker(layer, origin, lab.plane.point(rest.v, rest.u))
        if filled:
            assert centre == ring == theme_colour("GOOD"), "stable rest: a filled green dot"
        else:
            assert centre == theme_colour("BG") and ring == theme_colour("BAD"), "unstable rest: a hollow red ring"
        centre, ring = _marker(layer, origin, lab.plane.point(saddle.v, saddle.u))
        assert centre == theme_colour("BG") and ring == theme_colour("BAD"), "the saddle is hollow"
        texts = [text for text, _, kind in lab.renderer.header_parts()]
        kinds = [kind for _, _, kind in lab.renderer.header_parts() if kind]
        assert kinds == [rest.kind, "saddle"], "the header lists each equilibrium with its stability"
        assert "Hopf I_H = 3.80" in texts and "saddle-node I_sn = 4.00" in texts
    shot = _pixels(app, lab.renderer.header_img_rect())
    assert (np.abs(shot - np.array(theme_colour("BAD"))).sum(axis=2) < 30).sum() > 20, "header marks drawn"


def test_the_current_axis_marks_the_hopf_and_saddle_node_currents(app, driver, sandbox):
    lab = sandbox.lab
    driver.set_slider(lab, "b", 0.35)                          # I_H = -5.54, I_sn = -4.86: lines apart
    driver.set_slider(lab, "I", -5.0)
    _settle(driver, lab)
    I_H, I_sn = izh.hopf_current(0.02, 0.35), izh.saddle_node_current(0.35)
    lo, hi = lab.renderer.I_limits()
    assert lo < I_H < -5.0 < I_sn < hi, "the current's axis must hold both bifurcation currents"
    ax = lab.cur_ax
    for value, colour in ((I_sn, "PURPLE"), (I_H, "BAD")):
        y = ax.point(0.0, value)[1]
        row = _pixels(app, pygame.Rect(ax.rect.x + ax.rect.width // 2, y, ax.rect.width // 2, 1))[:, 0]
        hits = np.all(row == np.array(theme_colour(colour)), axis=1).mean()
        assert 0.3 < hits < 0.7, f"a dashed {colour} line at I = {value:.4f}"
    texts = [text for text, _, _ in lab.renderer.header_parts()]
    assert "Hopf I_H = -5.54" in texts and "saddle-node I_sn = -4.86" in texts
    driver.set_slider(lab, "b", 0.0)                           # b < a: no Hopf, the header says why
    _settle(driver, lab)
    texts = [text for text, _, _ in lab.renderer.header_parts()]
    assert "no Hopf (b ≤ a)" in texts and "saddle-node I_sn = 16.25" in texts


def test_a_fig1_panel_button_loads_the_panel_and_the_run_is_figure1s_exact_scheme(app, driver, sandbox):
    from game.sim.izhikevich import fig1
    lab = sandbox.lab
    assert [k for k in lab.buttons if k.startswith("figure1:")] == [f"figure1:{x}" for x in fig1.LETTERS]
    driver.press(lab.buttons["figure1:G"])
    _settle(driver, lab)
    p = fig1.PANELS["G"]
    assert lab.buttons["figure1:G"].is_selected and not lab.buttons["preset:RS"].is_selected
    assert lab.model.neuron.eqs == izh.GL_EQUATIONS and lab.model.neuron.t_ms == 300.0
    assert {k: lab.model.values[k] for k in "abcdI"} == {"a": 0.02, "b": -0.1, "c": -55.0, "d": 6.0, "I": 20.25}
    ref = fig1.figure1("G", "exact", dt_ms=0.2)
    np.testing.assert_allclose(lab.model.result.run.spikes, ref.spikes, atol=1e-9)
    assert lab.model.result.start == (p.v0, p.u0)
    assert ("izhikevich.note.equations_v", {"k1": "4.1", "k0": "108"}) in lab.model.result.notes
    texts = [text for text, _, _ in lab.renderer.header_parts()]
    assert "no Hopf (b ≤ a)" in texts and "saddle-node I_sn = 2.25" in texts
    driver.press(lab.buttons["preset:RS"])                     # back to Izhikevich's own equations
    _settle(driver, lab)
    m = lab.model
    assert m.neuron.eqs == izh.STANDARD and m.neuron.panel is None and m.result.start == (-65.0, -13.0)


def test_a_panel_outside_the_slider_ranges_widens_them_and_keeps_its_exact_values(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["figure1:T"])
    _settle(driver, lab, 4)                                    # the widgets are rebuilt in the next frame
    lab = sandbox.lab
    assert {k: lab.model.values[k] for k in "abcdI"} == {"a": -0.026, "b": -1.0, "c": -45.0, "d": -2.0, "I": 80.0}
    for k in "abdI":
        sl = lab.panel.get(k)
        assert sl.param.min <= lab.model.values[k] <= sl.param.max and sl.value == pytest.approx(lab.model.values[k])
    assert lab.buttons["figure1:T"].is_selected, "the rebuilt buttons keep the selection"
    keys = [k for k, _ in lab.model.result.notes]
    assert "izhikevich.note.euler_T" in keys, "the step-dependent panel says how it differs from the figure"
    driver.press(lab.buttons["figure1:K"])
    _settle(driver, lab)
    assert "izhikevich.note.euler_T" not in [k for k, _ in lab.model.result.notes]
    assert lab.model.result.run.spikes.size == 1 and lab.model.result.run.spikes[0] > 320.0, "K answers its 40 ms pair"


def test_save_as_challenge_after_a_panel_writes_its_letter(app, driver, sandbox, private_home):
    lab = sandbox.lab
    driver.press(lab.buttons["figure1:K"])
    _settle(driver, lab)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    driver.key(pygame.K_RETURN)
    (path,) = list((private_home / "challenges").glob("*.toml"))
    level = load_level(path)
    assert level.fixed.figure1 == "K" and level.fixed.protocol == {"kind": "figure1"}
    model = LABS["izhikevich"].new_model(level)
    LABS["izhikevich"].scripts.solve(model)
    np.testing.assert_allclose(model.result.run.spikes, lab.model.result.run.spikes, atol=1e-9)


def test_atlas_computes_in_the_background_and_a_click_loads_the_cell(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["atlas"])
    assert lab.model.atlas_on
    frames = 0
    while not lab.model.jobs.busy("atlas") and frames < 60:                 # debounce, then the job starts
        driver.frames(1)
        frames += 1
    assert lab.model.jobs.busy("atlas") and lab.progress_bar.visible
    start = time.monotonic()
    while lab.model.jobs.busy("atlas") and time.monotonic() - start < 60.0:   # the frame loop keeps running
        driver.frames(1)
        frames += 1
    assert frames > 70, "frames must keep coming while the atlas computes"
    driver.frames(2)
    assert not lab.model.jobs.busy("atlas") and lab.renderer._atlas_img is not None
    assert not lab.progress_bar.visible
    key, classes = lab.model.atlas
    assert classes.shape == (100, 100)
    ax = AXES["cd"]
    xs, ys = ax.values()
    for (j, i) in ((10, 20), (80, 70), (50, 95)):              # rows follow d, columns follow c
        spikes = izh.simulate(0.02, 0.2, xs[i], ys[j], 10.0, 1000.0, 0.5).spikes
        assert izh.FIRING_CLASSES[classes[j, i]] == izh.classify_firing(spikes, 1000.0)
    r = lab.atlas_ax.rect
    driver.click((r.x + int(0.75 * r.width), r.bottom - int(0.25 * r.height)))
    _settle(driver, lab)
    assert lab.model.values["c"] == pytest.approx(-50.0, abs=0.5)
    assert lab.model.values["d"] == pytest.approx(2.5, abs=0.1)
    assert lab.model.result.firing == "tonic_bursting"


def test_changing_another_parameter_cancels_a_stale_atlas_job(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["atlas"])
    for _ in range(60):
        driver.frames(1)
        if lab.model.jobs.busy("atlas"):
            break
    first = lab.model.jobs.get("atlas").meta
    assert first == lab.model.atlas_key()
    driver.set_slider(lab, "b", 0.25)                          # b is not an axis of the c-d map
    new = lab.model.atlas_key()
    assert new != first and new[1] == (0.02, 0.25)
    for _ in range(100):                                       # debounce, then the new job
        driver.frames(1)
        if lab.model.jobs.busy("atlas") and lab.model.jobs.get("atlas").meta == new:
            break
    assert lab.model.jobs.wait("atlas", 60.0)
    driver.frames(2)
    assert lab.model.atlas is not None and lab.model.atlas[0] == new, "the stale map must never land"
    assert lab.renderer._atlas_img[0] == new


BAD = """
schema = 1
id = "izh-bad"
kind = "izhikevich"
fixed = { a = -0.5, b = 3.0, c = 45, d = -20, t_ms = 500 }
params.I = { default = 400, min = -200, max = 500, step = 10 }
goal = { type = "spike_count", better = "lower", stars = [6, 2, 0] }
[title]
en = "Bad"
zh = "坏"
[brief]
en = "Bad"
zh = "坏"
[learned]
en = "Bad"
zh = "坏"
"""


def test_a_level_with_broken_parameters_plays_finite_and_says_what_was_clamped(app, driver, tmp_path):
    path = tmp_path / "izh-bad.toml"
    path.write_text(BAD, encoding="utf-8")
    level = load_level(path)
    scene = app.push(PlayScene(app, level, "challenge"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        driver.frames(3)
        for value in (500.0, -200.0, 0.0):
            driver.set_slider(scene.lab, "I", value)
            _settle(driver, scene.lab)
            for name, arr in scene.lab.model.state().items():
                assert np.isfinite(arr).all(), name
            keys = {k for k, _ in scene.lab.model.result.notes}
            assert "izhikevich.note.c_peak" in keys
    line, notes = scene.lab.renderer.status_texts()
    assert any("+30 mV" in n for n in notes), notes


def test_sliders_at_their_extremes_keep_everything_finite(app, driver, sandbox):
    lab = sandbox.lab
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for corner in ((0.0, -0.1, -40.0, 0.0, 40.0), (0.2, 0.35, -80.0, 10.0, -20.0)):
            for name, value in zip("abcdI", corner):
                sl = lab.panel.get(name)
                sl.set(value)
            _settle(driver, lab)
            for name, arr in lab.model.state().items():
                assert np.isfinite(arr).all(), name


def test_save_as_challenge_writes_a_level_that_checks(app, driver, sandbox, private_home):
    lab = sandbox.lab
    driver.press(lab.buttons["preset:TC"])
    driver.click(lab.plane.point(-70.0, -15.0))
    _settle(driver, lab)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    files = list((private_home / "challenges").glob("*.toml"))
    assert len(files) == 1
    level = load_level(files[0])
    assert level.kind == "izhikevich" and level.fixed.protocol["kind"] == "negative_step"
    assert (level.fixed.v0, level.fixed.u0) == pytest.approx((-70.0, -15.0), abs=0.5)
    assert level.solution.start is not None
    data = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert data["goal"]["type"] == "firing_rate"
    from game.catalog import check_paths
    count, lines = check_paths([str(files[0])])
    assert count == 1 and lines == []


def test_reset_restores_the_level_and_forgets_the_click(app, driver):
    level = find_level("izh-02-burst")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(2)
    lab = scene.lab
    driver.set_slider(lab, "c", -50)
    driver.click(lab.plane.point(-60.0, -5.0))
    _settle(driver, lab)
    driver.key(pygame.K_r, mod=pygame.KMOD_CTRL)
    _settle(driver, lab)
    assert lab.model.values.sliders() == {"c": -65.0, "d": 8.0} and lab.model.neuron.click is None
    assert lab.model.result.start == (-65.0, -13.0)


def test_at_ui_scale_two_every_control_stays_inside_the_window(private_home):
    from game.app import App
    from game.driver import Driver
    app = App(size=(1920, 1080), lang="zh", scale=2.0)        # a projector-sized window keeps 1.8x
    try:
        d = Driver(app)
        scene = app.push(PlayScene(app, LABS["izhikevich"].sandbox(), "sandbox"))
        d.frames(3)
        lab = scene.lab
        screen = app.screen.get_rect()
        assert app.ctx.scale > 1.5
        widgets = list(lab.buttons.values()) + [w for sl in lab.panel.sliders for w in (sl.label, sl.slider)]
        for widget in widgets:
            assert screen.contains(widget.rect), "a control fell off the window"
        assert lab.plane.rect.height > 250 and lab.scope.rect.height > 150
        assert not lab.plane.rect.colliderect(lab.buttons["pause"].rect)
    finally:
        while app.stack:
            app.stack.pop().shutdown()
        pygame.quit()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_level_draws_in_both_languages_without_errors(app, driver, lang):
    from game import paths
    from game.catalog import load_folder
    app.set_lang(lang)
    for level in [lv for lv in load_folder(paths.CAMPAIGN).levels if lv.kind == "izhikevich"]:
        scene = app.push(PlayScene(app, level, "campaign"))
        driver.frames(2)
        assert app.scene is scene
        app.pop()


def test_class_colours_are_distinct_series_colours():
    colours = [CLASS_COLOURS[n] for n in izh.FIRING_CLASSES]
    assert len(set(colours)) == len(colours)
    from game.ui import theme
    assert sum(c in theme.SERIES for c in colours) == len(colours) - 1    # silent is a dimmed grey


def test_a_sandbox_left_alone_stops_animating_once_its_sweep_rests_and_a_slider_wakes_it(app, driver, sandbox):
    from game.labs.common.scope import REST_AFTER_S
    lab = sandbox.lab
    driver.frames(int(REST_AFTER_S * 60) + 4 * 60 + 10)    # the default 1 s run sweeps in 4 s at 250 ms/s
    assert lab.model.sweep.rested and not lab.animating(), "a lab left alone must not keep a core busy"
    driver.key(pygame.K_RIGHT, frames=3)                 # the focused slider: a new run
    assert not lab.model.sweep.rested and lab.animating()
