"""Hopfield lab through the real play scene: posted mouse and key events, frames
run by the app, and assertions on the model and on the pixels drawn."""

from __future__ import annotations

import glob

import numpy as np
import pygame
import pytest

from game import paths
from game.labs import LABS
from game.labs.common import grid as common_grid
from game.labs.hopfield.view import HopfieldView
from game.catalog import check_paths, load_level
from game.scenes.play import PlayScene
from game.ui import theme


def open_lab(app, driver, target: str = "sandbox", lang: str | None = None) -> HopfieldView:
    if lang:
        app.set_lang(lang)
    if target == "sandbox":
        scene = app.push(PlayScene(app, LABS["hopfield"].sandbox(), "sandbox"))
    else:
        scene = app.push(PlayScene(app, load_level(paths.CAMPAIGN / f"{target}.toml"), "campaign"))
    driver.frames(2)
    return scene.lab


def pixel(app, pos) -> tuple[int, int, int]:
    return tuple(app.screen.get_at((int(pos[0]), int(pos[1])))[:3])


def finish_run(lab, driver, limit: int = 600) -> None:
    for _ in range(limit):
        if not lab.model.running:
            return
        driver.frames(1)
    raise AssertionError("the run did not settle")


def colour_count(app, rect: pygame.Rect, colour, tol: int = 12) -> int:
    arr = pygame.surfarray.pixels3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].astype(int)
    return int((np.abs(arr - np.array(colour)).max(axis=2) <= tol).sum())


def test_left_drag_paints_a_row_on_and_right_drag_erases_it(app, driver):
    lab = open_lab(app, driver)
    lab.model.set_state(-np.ones(lab.model.n))
    driver.drag(lab.grid.cell_centre(3, 2), lab.grid.cell_centre(3, 12), steps=5)
    grid = lab.model.s.reshape(16, 16)
    assert (grid[3, 2:13] == 1).all() and grid.sum() == -256 + 2 * 11, "exactly the dragged cells turn on"
    assert pixel(app, lab.grid.cell_centre(3, 7)) == common_grid.ON
    driver.drag(lab.grid.cell_centre(3, 5), lab.grid.cell_centre(3, 9), steps=3, button=3)
    grid = lab.model.s.reshape(16, 16)
    assert (grid[3, 5:10] == -1).all() and (grid[3, 2:5] == 1).all()
    assert pixel(app, lab.grid.cell_centre(3, 7)) == common_grid.OFF


def test_the_occluder_blanks_a_block_and_locked_painting_leaves_the_grid_alone(app, driver):
    lab = open_lab(app, driver)
    lab.model.set_state(np.ones(lab.model.n))
    driver.key(pygame.K_o)
    assert lab.tool == "occluder"
    driver.click(lab.grid.cell_centre(8, 8))
    b = lab.brush()
    grid = lab.model.s.reshape(16, 16)
    assert (grid[8 - b // 2:8 - b // 2 + b, 8 - b // 2:8 - b // 2 + b] == -1).all()
    assert (grid == -1).sum() == b * b
    app.pop()
    lab = open_lab(app, driver, "hop-03-crowded-memory")
    before = lab.model.s.copy()
    driver.click(lab.grid.cell_centre(5, 5))
    assert np.array_equal(lab.model.s, before) and lab.model.note == "hopfield.note.paint_locked"


def test_clicking_the_gallery_stores_and_forgets_and_right_click_loads(app, driver):
    lab = open_lab(app, driver)
    b = lab.model.names.index("B")
    assert not lab.model.stored[b]
    driver.click(lab.gallery.rects[b].center)
    assert lab.model.stored[b] and lab.model.load() == pytest.approx(4 / 256)
    assert pixel(app, (lab.gallery.rects[b].x - 1, lab.gallery.rects[b].centery)) == theme.GOOD
    driver.click(lab.gallery.rects[b].center)
    assert not lab.model.stored[b]
    driver.click(lab.gallery.rects[b].center, button=3)
    assert np.array_equal(lab.model.s, lab.model.X[b]) and lab.model.reference == b


def test_a_run_advances_only_in_update_at_speed_times_n_units_per_second(app, driver):
    lab = open_lab(app, driver)
    driver.set_slider(lab, "speed", 0.5)         # 0.5 sweeps/s x 256 units = 128 units/s
    lab.model.set_state(lab.model.X[lab.model.names.index("B")])   # far from the stored ones: a long run
    driver.key(pygame.K_SPACE, frames=1)          # the key is handled, then one update of 1/60 s
    assert lab.model.running and lab.model.anim.position == 2, "one frame at 128 units/s is 2.13 updates"
    driver.frames(6)
    done = lab.model.anim.sweeps * 256 + lab.model.anim.position
    assert done == int(7 * 128 / 60), "leftover time must carry from frame to frame (7 frames: 14.9)"
    driver.key(pygame.K_SPACE, frames=3)
    assert not lab.model.running
    assert lab.model.anim.sweeps * 256 + lab.model.anim.position == done, "paused: no updates"


def test_step_one_neuron_updates_one_unit_and_highlights_it(app, driver):
    lab = open_lab(app, driver)
    driver.key(pygame.K_n, frames=2)
    mdl = lab.model
    assert mdl.anim.position == 1 and mdl.last_unit is not None
    r, c = divmod(mdl.last_unit, 16)
    x, y = lab.grid.cell_centre(r, c)
    edge = (lab.grid.rect.x + c * lab.grid.cell, y)
    assert pixel(app, edge) == theme.STAR, "the unit being updated is outlined"
    driver.key(pygame.K_s, frames=1)
    assert mdl.anim.position == 0 and mdl.anim.sweeps == 1, "Step sweep finishes the sweep"


def test_the_energy_falls_during_a_run_and_the_plot_draws_it(app, driver):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["run"])
    finish_run(lab, driver)
    t, e = lab.model.trace.arrays()
    assert e[-1] < e[0] - 50 and np.all(np.diff(e) <= 1e-9)
    assert lab.model.outcome.kind == "fixed_point"
    assert colour_count(app, lab.energy_ax.rect, theme.ACCENT, 20) > 150, "the energy curve is drawn"
    assert lab.renderer.status()[0] == "hopfield.status.pattern"


def test_the_spurious_badge_names_the_mixture_and_annealing_escapes_it(app, driver):
    lab = open_lab(app, driver, "hop-05-anneal-escape")
    driver.press(lab.buttons["run"])
    finish_run(lab, driver)
    key, fmt, colour = lab.renderer.status()
    assert key == "hopfield.status.mixture" and fmt["names"] == "A, H, X" and colour == theme.BAD
    assert colour_count(app, lab.badge, theme.BAD, 8) > 500, "the badge is drawn in the warning colour"
    assert lab.model.best == pytest.approx(0.625)
    schedule_purple = colour_count(app, lab.sched_ax.rect, theme.PURPLE, 30)
    assert schedule_purple > 40, "the annealing schedule is drawn"
    driver.set_slider(lab, "anneal_T0", 0.8)
    driver.set_slider(lab, "speed", 30)
    driver.key(pygame.K_a, frames=20)
    assert lab.model.schedule is not None and lab.renderer.status()[0] == "hopfield.status.annealing"
    finish_run(lab, driver)
    assert lab.model.best == 1.0 and lab.model.classify()[0] in ("pattern", "inverse")


def test_synchronous_updates_blink_from_half_noise_and_asynchronous_ones_settle(app, driver):
    lab = open_lab(app, driver, "hop-07-sync-cycle")
    driver.set_slider(lab, "noise_pct", 50)
    driver.key(pygame.K_c)
    driver.press(lab.buttons["run"])
    for _ in range(300):
        if lab.model.finished():
            break
        driver.frames(1)
    assert lab.model.outcome.kind == "cycle" and lab.model.best == 256
    assert lab.renderer.status()[0] == "hopfield.status.cycle"
    start = lab.model.outcome.start
    driver.key(pygame.K_m)
    driver.key(pygame.K_r)
    assert lab.model.update_mode == "async" and np.array_equal(lab.model.s, start)
    driver.press(lab.buttons["run"])
    finish_run(lab, driver)
    assert lab.model.outcome.kind == "fixed_point"
    assert lab.model.classify()[0] in ("pattern", "inverse")


def test_the_weight_matrix_is_drawn_in_a_diverging_map_and_follows_the_rule(app, driver):
    lab = open_lab(app, driver)
    r = lab.matrix_rect
    before = pygame.surfarray.array3d(app.screen)[r.left:r.right, r.top:r.bottom].copy()
    reds = (before[..., 0].astype(int) - before[..., 2] > 60).sum()
    blues = (before[..., 2].astype(int) - before[..., 0] > 60).sum()
    assert reds > 100 and blues > 100, "positive and negative weights both show"
    driver.press(lab.buttons["rule"])
    assert lab.model.rule == "storkey"
    after = pygame.surfarray.array3d(app.screen)[r.left:r.right, r.top:r.bottom]
    assert (before != after).any(axis=2).mean() > 0.2


def test_the_size_button_reaches_32_by_32_and_skips_storkey_there(app, driver):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["rule"])
    assert lab.model.rule == "storkey"
    driver.press(lab.buttons["size"])
    assert lab.model.shape == (24, 24) and lab.model.rule == "storkey"
    driver.press(lab.buttons["size"])
    assert lab.model.shape == (8, 8), "Storkey is not offered beyond 24x24, so 32 is skipped"
    driver.press(lab.buttons["rule"])
    assert lab.model.rule == "pseudo_inverse"
    for _ in range(3):
        driver.press(lab.buttons["size"])
    assert lab.model.shape == (32, 32) and lab.model.n == 1024
    seen = set()
    for _ in range(3):
        driver.press(lab.buttons["rule"])
        seen.add(lab.model.rule)
    assert seen == {"hebbian", "pseudo_inverse"}, "the rule button skips Storkey at 32x32"
    assert lab.grid.rect.width == 32 * lab.grid.cell and lab.grid.box.contains(lab.grid.rect)


def test_extreme_sliders_and_random_input_keep_everything_finite(app, driver):
    lab = open_lab(app, driver)
    for name, value in (("T", 2.0), ("speed", 30), ("noise_pct", 100), ("anneal_T0", 0.1), ("anneal_sweeps", 100)):
        driver.set_slider(lab, name, value)
    rng = np.random.default_rng(0)
    rect = lab.rect
    keys = [pygame.K_SPACE, pygame.K_s, pygame.K_n, pygame.K_c, pygame.K_a, pygame.K_m, pygame.K_r, pygame.K_o]
    for i in range(120):
        pos = (int(rng.integers(rect.left, rect.right)), int(rng.integers(rect.top, rect.bottom)))
        kind = i % 4
        if kind == 0:
            driver.click(pos, button=int(rng.choice([1, 3])), frames=1)
        elif kind == 1:
            end = (int(rng.integers(rect.left, rect.right)), int(rng.integers(rect.top, rect.bottom)))
            driver.drag(pos, end, steps=2, button=int(rng.choice([1, 3])))
        elif kind == 2:
            driver.key(int(rng.choice(keys)))
        else:
            driver.frames(2)
    for arr in lab.model.state().values():
        assert np.all(np.isfinite(arr))
    assert np.all(np.abs(lab.model.s) == 1)
    assert isinstance(app.scene, PlayScene)


def test_save_as_challenge_writes_a_level_that_passes_check_and_plays(app, driver, private_home):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["set"])
    driver.drag(lab.grid.cell_centre(1, 1), lab.grid.cell_centre(1, 9))
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    files = glob.glob(str(private_home / "challenges" / "*.toml"))
    assert len(files) == 1, app.scene.toast
    count, lines = check_paths(files)
    assert count == 1 and lines == []
    level = load_level(files[0])
    assert level.kind == "hopfield" and level.fixed.target == "R1" and len(level.fixed.patterns) == 16
    scene = app.push(PlayScene(app, level, "challenge"))
    driver.frames(2)
    assert np.array_equal(scene.lab.model.s, lab.model.s), "the challenge starts from the saved grid"
    driver.press(scene.lab.buttons["run"])
    finish_run(scene.lab, driver)
    assert scene.lab.model.best is not None


def test_reset_brings_back_the_level_start(app, driver):
    lab = open_lab(app, driver, "hop-04-fewest-flips")
    start = lab.model.given.copy()
    driver.click(lab.grid.cell_centre(0, 0))
    driver.click(lab.grid.cell_centre(0, 1), button=3)
    assert not np.array_equal(lab.model.s, start)
    driver.key(pygame.K_r, mod=pygame.KMOD_CTRL)
    assert np.array_equal(lab.model.s, start) and not lab.model.running


@pytest.mark.parametrize("size,scale,lang", [((1280, 720), 1.0, "en"), ((1280, 720), 1.0, "zh"),
                                             ((1920, 1080), 1.5, "en"), ((2560, 1440), 2.0, "zh")])
def test_widgets_stay_inside_the_lab_and_apart(app, driver, size, scale, lang):
    driver.post(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)
    driver.frames(1)
    app.set_scale(scale)
    lab = open_lab(app, driver, lang=lang)
    rects = [b.rect for b in lab.buttons.values()] + [sl.rect for sl in lab.panel.sliders]
    for r in rects:
        assert lab.rect.contains(r), f"{r} leaves the lab area {lab.rect}"
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.colliderect(b), f"{a} overlaps {b}"
    panels_ = [lab.grid.rect, lab.energy_ax.rect, lab.overlap_rect, lab.matrix_rect] + lab.gallery.rects
    for p in panels_:
        assert not any(p.colliderect(r) for r in rects), f"a widget covers the panel {p}"
        assert lab.rect.contains(p)


def test_every_text_key_the_view_builds_exists_in_both_languages(app, driver):
    lab = open_lab(app, driver)
    t = app.ctx.text
    keys = {lab._button_text_key(k) for k in lab.buttons}
    keys |= {f"hopfield.btn.{k}" for k in ("run", "pause", "tool_pen", "tool_occluder", "mode_async", "mode_sync",
                                           "set_random", "set_glyphs")}
    keys |= {f"hopfield.rule.{r}" for r in ("hebbian", "storkey", "pseudo_inverse")}
    keys |= {f"hopfield.status.{k}" for k in ("running", "annealing", "cycle", "empty", "unsettled", "pattern",
                                              "inverse", "mixture", "spurious")}
    keys |= {f"hopfield.param.{p}" for p in ("noise_pct", "T", "speed", "anneal_T0", "anneal_sweeps")}
    keys |= {f"hopfield.pattern.{n}" for n in ("heart", "smiley", "arrow", "arrow_up", "plus", "cross", "square",
                                               "diamond", "triangle", "checker")}
    for lang in ("en", "zh"):
        missing = sorted(k for k in keys if k not in t.keys(lang))
        assert not missing, f"{lang} lacks {missing}"


def test_the_plant_mixture_preset_shows_a_spurious_state_that_annealing_leaves(app, driver):
    lab = open_lab(app, driver)
    driver.press(lab.buttons["mixture"])
    assert lab.renderer.status()[0] == "hopfield.status.mixture", "A, H, X mix into a stable spurious state"
    driver.press(lab.buttons["store_none"])
    driver.press(lab.buttons["mixture"])
    assert lab.model.note == "hopfield.note.mixture_needs_three"
