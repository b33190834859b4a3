"""Hodgkin–Huxley lab through the real play scene: posted mouse and key events, frames run by the
app, and assertions on the model, the sweep, the sound and the pixels drawn."""

from __future__ import annotations

import glob
import time
import tomllib
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import paths
from game.catalog import check_paths, load_level
from game.labs import LABS
from game.labs.hodgkinhuxley import render
from game.labs.hodgkinhuxley.view import HodgkinHuxleyView
from game.scenes.play import PlayScene
from tests.test_save_challenge import assert_brief_names_target


def open_lab(app, driver, target: str = "sandbox") -> HodgkinHuxleyView:
    if target == "sandbox":
        scene = app.push(PlayScene(app, LABS["hodgkinhuxley"].sandbox(), "sandbox"))
    else:
        scene = app.push(PlayScene(app, load_level(paths.CAMPAIGN / f"{target}.toml"), "campaign"))
    driver.frames(2)
    return scene.lab


def settle(lab, driver) -> None:
    LABS["hodgkinhuxley"].scripts.settle(lab, driver)


def colour_count(app, rect: pygame.Rect, colour, tol: int = 10) -> int:
    arr = pygame.surfarray.pixels3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].astype(int)
    return int((np.abs(arr - np.array(colour)).max(axis=2) <= tol).sum())


def test_protocol_buttons_switch_the_input_and_show_its_sliders(app, driver):
    lab = open_lab(app, driver)
    assert [sl.name for sl in lab.panel.sliders] == ["I", "temperature_c", "ttx", "tea"]
    driver.press(lab.buttons["protocol:pulse_pair"])
    lab = app.scene.lab
    assert lab.model.protocol == "pulse_pair" and lab.buttons["protocol:pulse_pair"].is_selected
    assert [sl.name for sl in lab.panel.sliders][:3] == ["I", "width_ms", "gap_ms"]
    settle(lab, driver)
    assert lab.model.result.drive.max() == 10.0 and lab.model.result.spikes.size == 1, \
        "two 1 ms pulses of 10, 10 ms apart: the second falls in the refractory period"
    driver.press(lab.buttons["protocol:negative_step"])
    settle(lab, driver)
    assert lab.model.result.drive.min() == -10.0 and lab.model.result.spikes.size == 1, "a rebound spike"


def test_the_clamp_button_holds_and_steps_the_voltage_and_shows_the_currents(app, driver):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["clamp"])
    assert lab.model.clamp_mode and "input" not in lab.scopes
    assert [sl.name for sl in lab.panel.sliders][:2] == ["v_hold", "v_step"]
    assert lab.sweep.t_end == pytest.approx(12.0)
    driver.frames(30)
    # the currents scope shows the early inward Na+ current in its colour
    assert colour_count(app, lab.scopes["currents"].rect, render.NA_COLOUR) > 30
    assert lab.buttons["clamp"].text == app.ctx.text("hodgkinhuxley.to_current")


def test_a_slider_drag_reruns_in_the_frame_loop_and_the_sweep_clicks_on_spikes(app, driver, monkeypatch):
    lab = open_lab(app, driver)
    played = []
    monkeypatch.setattr(app.ctx.sound, "play", lambda name, *a, **k: played.append(name))
    v0 = lab.model.version
    driver.set_slider(lab, "I", 20.0)
    settle(lab, driver)
    assert lab.model.version > v0 and lab.model.result.drive.max() == 20.0
    assert lab.model.result.spikes.size == 9
    driver.frames(90)                                  # 1.5 s of sweep at 62.5 ms/s: ~94 ms of the run
    assert lab.clicker.clicks >= 5 and "spike" in played


def test_clicking_the_traces_moves_the_cursor_and_the_channels_open_with_the_spike(app, driver):
    lab = open_lab(app, driver)
    r = lab.model.result
    peak = float(r.t[np.argmax(r.v[:200])])            # the first spike's peak
    ax = lab.scopes["v"]
    t0, _ = lab.sweep.window()
    x = ax.rect.x + (peak - t0) / lab.sweep.window_ms * ax.rect.width
    driver.click((x, ax.rect.centery))
    assert lab.sweep.paused and abs(lab.sweep.cursor_ms - peak) < 0.5
    assert lab.buttons["pause"].text == app.ctx.text("hodgkinhuxley.play")
    driver.frames(2)
    k = lab.cursor_index()
    assert r.m[k] ** 3 * r.h[k] > 0.1, "at the peak the sodium channels are open"
    na_open = colour_count(app, lab.channels_rect, render.NA_COLOUR)
    driver.click((ax.rect.x + 2, ax.rect.centery))     # t = 0: rest
    driver.frames(2)
    assert colour_count(app, lab.channels_rect, render.NA_COLOUR) < na_open / 3, "at rest they are shut"
    w = lab.sweep.window_ms
    driver.wheel(ax.rect.center, 1)
    assert lab.sweep.window_ms == pytest.approx(0.8 * w), "the wheel narrows the time window"
    driver.key(pygame.K_SPACE)
    assert not lab.sweep.paused


def test_the_panel_key_switches_the_f_I_curves_and_the_reduced_plane(app, driver):
    lab = open_lab(app, driver)
    assert lab.panel_kind == "fi"
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 90 and (lab.model.fi is None or lab.model.ml is None):
        driver.frames(1)
        pygame.time.wait(20)                           # the thread lanes compute between frames
    assert lab.model.fi is not None and lab.model.ml is not None
    driver.frames(2)
    assert colour_count(app, lab.fi_axes[0].rect, render.theme.WARN) > 50
    assert colour_count(app, lab.fi_axes[1].rect, render.theme.PURPLE) > 50
    driver.key(pygame.K_p)
    assert lab.panel_kind == "plane"
    for _ in range(300):
        driver.frames(1)
        if lab.model.latest_plane() is not None:
            break
        pygame.time.wait(5)
    driver.frames(2)
    assert colour_count(app, lab.plane.rect, render.theme.WARN) > 50, "the V-nullcline is drawn"


def test_extreme_sliders_and_random_input_keep_everything_finite(app, driver):
    lab = open_lab(app, driver)
    for name, value in (("I", 160.0), ("temperature_c", 35.0), ("ttx", 1.0), ("tea", 1.0)):
        driver.set_slider(lab, name, value)
    rng = np.random.default_rng(0)
    keys = [pygame.K_SPACE, pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET, pygame.K_p, pygame.K_1, pygame.K_LEFT]
    for i in range(80):
        lab = app.scene.lab
        rect = lab.rect
        pos = (int(rng.integers(rect.left, rect.right)), int(rng.integers(rect.top, rect.bottom)))
        if i % 3 == 0:
            driver.click(pos, frames=1)
        elif i % 3 == 1:
            driver.key(int(rng.choice(keys)))
        else:
            driver.wheel(pos, int(rng.choice([-1, 1])))
    settle(app.scene.lab, driver)
    for arr in app.scene.lab.model.state().values():
        assert np.all(np.isfinite(arr))
    assert isinstance(app.scene, PlayScene)


def test_save_as_challenge_writes_a_level_that_passes_check_and_plays(app, driver, private_home):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["protocol:pulse"])
    lab = app.scene.lab
    driver.set_slider(lab, "I", 8.0)
    settle(lab, driver)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal: the smallest current
    files = glob.glob(str(private_home / "challenges" / "*.toml"))
    assert len(files) == 1, app.scene.toast
    count, lines = check_paths(files)
    assert count == 1 and lines == []
    level = load_level(files[0])
    assert level.kind == "hodgkinhuxley" and level.fixed.protocol == "pulse" and level.goal.type == "min_current"
    data = tomllib.loads(Path(files[0]).read_text(encoding="utf-8"))
    assert_brief_names_target(data)
    assert data["brief"]["en"].startswith("Input: a current pulse.")
    assert data["brief"]["zh"].startswith("输入：电流脉冲。")
    scene = app.push(PlayScene(app, level, "challenge"))
    driver.frames(2)
    assert scene.stars_now() < 3
    LABS["hodgkinhuxley"].scripts.play(scene.lab, driver)
    driver.frames(2)
    assert scene.stars_now() == 3


def test_reset_brings_back_the_level_start(app, driver):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["clamp"])
    driver.key(pygame.K_r, mod=pygame.KMOD_CTRL)
    lab = app.scene.lab
    settle(lab, driver)
    assert not lab.model.clamp_mode and lab.model.protocol == "step" and "input" in lab.scopes


def test_a_sandbox_left_alone_stops_animating_and_clicking_once_its_curves_are_done_and_its_sweep_rests(app, driver):
    from game.labs.common.scope import REST_AFTER_S
    lab = open_lab(app, driver)
    driver.frames_while(lambda: lab.model.jobs.busy())       # the f-I curves on their thread lanes
    driver.frames(int(REST_AFTER_S * 60) + 3 * 60)           # loops, then rests at the end of the run
    assert lab.sweep.rested and not lab.animating(), "a lab left alone must not keep a core busy"
    assert lab.sweep.cursor_ms == lab.model.result.t_end, "it rests showing the whole run"
    lab.set_slider("I", 12.0)
    settle(lab, driver)
    assert not lab.sweep.rested and lab.animating(), "a new run sweeps again"
