"""Boltzmann lab through the real play scene: posted mouse and key events, frames run by the app,
and assertions on the model and on the pixels drawn."""

from __future__ import annotations

import tomllib

import numpy as np
import pygame
import pytest

from game import paths
from game.catalog import load_folder, load_level
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.boltzmann import sandbox
from game.labs.boltzmann.view import BoltzmannView
from game.scenes.play import PlayScene
from game.tools import find_level
from game.ui import theme
from tests.test_save_challenge import assert_brief_names_target, open_chooser, open_sandbox, pick, saved_files


def open_lab(app, driver, target: str = "sandbox", lang: str | None = None, preset: str | None = None) -> BoltzmannView:
    if lang:
        app.set_lang(lang)
    if target == "sandbox":
        scene = app.push(PlayScene(app, LABS["boltzmann"].sandbox(), "sandbox"))
    else:
        scene = app.push(PlayScene(app, find_level(target), "campaign"))
    driver.frames(2)
    lab = scene.lab
    while preset is not None and lab.model.preset != preset:
        driver.press(lab.buttons["preset"])
        lab = app.scene.lab
    return lab


def colour_count(app, rect: pygame.Rect, colour, tol: int = 10) -> int:
    arr = pygame.surfarray.pixels3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].astype(int)
    return int((np.abs(arr - np.array(colour)).max(axis=2) <= tol).sum())


def ring(lab, i: int) -> pygame.Rect:
    x, y = lab.units[i]
    r = lab.radius + lab.s(8)
    return pygame.Rect(int(x) - r, int(y) - r, 2 * r, 2 * r)


def test_clicking_a_visible_unit_clamps_it_on_then_off_then_frees_it(app, driver):
    lab = open_lab(app, driver)
    m = lab.model
    assert colour_count(app, ring(lab, 0), theme.STAR) == 0
    seen = []
    for _ in range(3):
        driver.click(lab.units[0])
        seen.append(float(m.clamp[0]))
        if m.clamp[0] != 0:
            assert colour_count(app, ring(lab, 0), theme.STAR) > 20, "a clamped unit wears a yellow ring"
    assert seen == [1.0, -1.0, 0.0]
    assert colour_count(app, ring(lab, 0), theme.STAR) == 0


def test_hidden_units_cannot_be_clamped_and_the_lab_says_why(app, driver):
    lab = open_lab(app, driver, preset="entropy")
    m = lab.model
    assert m.nh == 1
    driver.click(lab.units[3])
    assert m.note == "boltzmann.note.hidden_free" and not m.clamp.any()


def test_a_level_without_clamping_says_so(app, driver):
    lab = open_lab(app, driver, "bm-01-sample-histogram")
    driver.click(lab.units[0])
    assert lab.model.note == "boltzmann.note.clamp_locked" and not lab.model.clamp.any()


def test_space_samples_and_the_histogram_grows_in_green_under_the_exact_outline(app, driver):
    lab = open_lab(app, driver)
    assert colour_count(app, lab.chart, theme.GOOD, tol=4) == 0
    driver.key(pygame.K_SPACE)
    assert lab.model.running
    driver.frames(60)
    m = lab.model
    assert m.sampler.sweeps >= 55 and m.sampler.counted > 0
    assert colour_count(app, lab.chart, theme.GOOD, tol=4) > 500, "sampled bars are drawn"
    assert colour_count(app, lab.chart, theme.ACCENT, tol=4) > 100, "exact outlines are drawn over them"
    driver.key(pygame.K_SPACE)
    done = m.sampler.sweeps
    driver.frames(10)
    assert not m.running and m.sampler.sweeps == done


def test_training_buttons_step_one_epoch_or_run_until_paused(app, driver):
    lab = open_lab(app, driver, "bm-05-parity-hidden-units")
    m = lab.model
    driver.press(lab.buttons["epoch"])
    assert m.trainer.epoch == 1
    driver.press(lab.buttons["train"])
    driver.frames(30)
    assert m.training and m.trainer.epoch > 20
    assert lab.buttons["train"].text == app.ctx.text("boltzmann.btn.pause_train")
    driver.press(lab.buttons["train"])
    done = m.trainer.epoch
    driver.frames(10)
    assert not m.training and m.trainer.epoch == done
    assert m.best == pytest.approx(np.log(2), abs=0.01), "no hidden units: the KL sits at ln 2"


def test_the_hidden_units_slider_rebuilds_the_drawn_network(app, driver):
    lab = open_lab(app, driver, "bm-05-parity-hidden-units")
    assert len(lab.units) == 3
    driver.set_slider(lab, "hidden", 2)
    assert lab.model.nh == 2 and len(lab.units) == 5


def test_the_preset_button_cycles_the_networks_and_their_sliders(app, driver):
    lab = open_lab(app, driver)
    names = [lab.model.preset]
    for _ in range(len(sandbox.PRESETS)):
        driver.press(lab.buttons["preset"])
        lab = app.scene.lab
        names.append(lab.model.preset)
        assert [s.name for s in lab.panel.sliders] == list(sandbox.params(lab.model.preset))
        assert ("train" in lab.buttons) == (lab.model.data is not None)
    assert names == list(sandbox.PRESETS) + [sandbox.DEFAULT]


def test_anneal_runs_every_chain_to_a_local_minimum_and_reports_the_ground_share(app, driver):
    lab = open_lab(app, driver, preset="spin_glass")
    m = lab.model
    driver.set_slider(lab, "speed", 600)
    driver.press(lab.buttons["anneal"])
    for _ in range(300):
        if not m.running:
            break
        driver.frames(1)
    assert not m.running and m.sampler.final is not None
    assert lab.renderer._chart_readout(m.sampler.histogram()) == app.ctx.text("boltzmann.chart.final", m=64)


def test_hovering_a_unit_or_a_bar_names_it(app, driver):
    lab = open_lab(app, driver)
    driver.move(lab.units[2])
    driver.frames(1)
    assert lab.hover_unit == 2
    x = lab.chart.x + int(lab.chart.width * (15 + 0.5) / 16)
    driver.move((x, lab.chart.centery))
    driver.frames(1)
    assert lab.hover_bar == 15
    text = lab.renderer._chart_readout(lab.model.sampler.histogram())
    assert text.startswith("1111: exact 0.436"), text


@pytest.mark.parametrize("lang,size,scale", [("zh", (1280, 720), 1.0), ("en", (1920, 1080), 2.0)])
def test_every_level_draws_in_both_languages_and_at_double_scale(app, driver, lang, size, scale):
    app.set_lang(lang)
    app._resized(size)
    app.set_scale(scale)
    for lv in [lv for lv in load_folder(paths.CAMPAIGN).levels if lv.kind == "boltzmann"]:
        scene = app.push(PlayScene(app, lv, "campaign"))
        driver.frames(2)
        lab = scene.lab
        assert lab.graph.colliderect(lab.chart) is False
        assert all(lab.rect.collidepoint(p) for p in lab.units.tolist())
        assert lab.tour_steps()
        app.pop()


def test_the_bench_script_samples_256_chains_while_dragging_the_temperature(app, driver):
    lab = open_lab(app, driver)
    bench = LABS["boltzmann"].scripts.bench
    T0 = lab.model.T
    for i in range(30):
        bench(lab, driver, i)
        driver.frames(1)
    m = lab.model
    assert m.running and m.sampler.m == 256 and m.T != T0


# ------------------------------------------------------------------ save as challenge

@pytest.mark.parametrize("preset,expected", [("sampling", {"tv_distance", "ground_state"}),
                                             ("parity", {"kl", "completion"})])
def test_every_offered_goal_saves_a_level_that_loads_and_its_solution_wins(app, driver, private_home,
                                                                          preset, expected):
    scene = open_sandbox(app, driver, "boltzmann")
    while scene.lab.model.preset != preset:
        driver.press(scene.lab.buttons["preset"])
        scene = app.scene
    dlg = open_chooser(app, driver, scene)
    offered = [c.goal["type"] for c in dlg.choices]
    assert expected <= set(offered), offered
    driver.key(pygame.K_ESCAPE)
    for i, gtype in enumerate(offered):
        dlg = open_chooser(app, driver, scene)
        pick(driver, dlg, gtype)
        driver.key(pygame.K_RETURN)
        assert app.scene is scene, dlg.error
    spec = LABS["boltzmann"]
    for path in saved_files(private_home):
        assert_brief_names_target(tomllib.loads(path.read_text(encoding="utf-8")))
        level = load_level(path)
        m = spec.new_model(level)
        spec.scripts.solve(m)
        assert stars_for(m.best, level.goal.better, level.goal.stars) == 3, (level.goal.type, m.best)
        m.close()
