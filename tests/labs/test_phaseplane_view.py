"""The phase-plane view driven by real events: clicks, keys, drags, wheel, bad input."""

from __future__ import annotations

import tomllib
import warnings

import numpy as np
import pygame
import pytest

from game.labs import LABS
from game.catalog import load_level
from game.scenes.play import PlayScene
from game.sim import planar
from game.tools import find_level


from tests.helpers import pixels


@pytest.fixture
def sandbox(open_scene):
    return open_scene("sandbox:phaseplane")


def _plane_pixels(app, lab):
    return pixels(app, lab.plane.rect)


def test_click_launches_forward_and_backward_trajectories_from_the_click(app, driver, sandbox):
    lab = sandbox.lab
    before = _plane_pixels(app, lab)
    driver.click(lab.plane.point(1.0, 1.0))
    assert len(lab.model.launches) == 1
    l = lab.model.launches[0]
    assert l.start == pytest.approx((1.0, 1.0), abs=0.02)
    assert l.fwd.t[-1] > 0 and l.bwd.t[-1] < 0
    exact = planar.linear_flow(lab.model.A(), l.start, l.fwd.t)
    np.testing.assert_allclose(l.fwd.xy, exact, atol=1e-9)
    after = _plane_pixels(app, lab)
    assert (before != after).any(axis=2).sum() > 300, "the trajectory was not drawn in the same frames"


def test_at_most_ten_trajectories_are_kept_and_clear_removes_them(app, driver, sandbox):
    lab = sandbox.lab
    for k in range(12):
        driver.click(lab.plane.point(-2 + 0.3 * k, 0.5), frames=1)
    assert len(lab.model.launches) == 10
    driver.key(pygame.K_c)
    assert lab.model.launches == []


def test_keyboard_slider_steps_change_a_and_the_named_type(app, driver, sandbox):
    lab = sandbox.lab
    assert lab.model.kind() == "stable_focus"
    driver.set_slider(lab, "a11", 0.3)
    driver.set_slider(lab, "a22", 0.3)
    assert lab.model.A()[0, 0] == pytest.approx(0.3) and lab.model.kind() == "unstable_focus"
    driver.set_slider(lab, "a11", 0.0)
    driver.set_slider(lab, "a22", 0.0)
    assert lab.model.kind() == "center", "exact zero trace from slider steps must read as a centre"


def test_presets_give_the_six_classic_portraits(app, driver, sandbox):
    lab = sandbox.lab
    for name in ("saddle", "center", "stable_focus", "unstable_focus", "stable_node", "unstable_node"):
        driver.press(lab.buttons["preset:" + name])
        assert lab.model.kind() == name


def test_dragging_the_trace_determinant_dot_sets_p_and_q(app, driver, sandbox):
    lab = sandbox.lab
    A = lab.model.A()
    start = lab.td.point(np.trace(A), np.linalg.det(A))
    driver.drag(start, lab.td.point(-2.0, -1.0), steps=5)
    A = lab.model.A()
    assert np.trace(A) == pytest.approx(-2.0, abs=0.25)
    assert np.linalg.det(A) == pytest.approx(-1.0, abs=0.35)
    assert lab.model.kind() == "saddle"


def test_trajectories_follow_the_sliders_live(app, driver, sandbox):
    lab = sandbox.lab
    driver.click(lab.plane.point(2.0, 0.0))
    first = lab.model.launches[0].fwd.xy.copy()
    driver.set_slider(lab, "a12", 2.0)
    assert lab.model.launches[0].start == pytest.approx((2.0, 0.0), abs=0.02)
    assert not np.allclose(first[:50], lab.model.launches[0].fwd.xy[:50])


def test_wheel_zooms_and_v_resets_the_view(app, driver, sandbox):
    lab = sandbox.lab
    driver.wheel(lab.plane.rect.center, 2)
    assert lab.model.window.xlim[1] - lab.model.window.xlim[0] < 6
    driver.key(pygame.K_v)
    assert lab.model.window.xlim == (-3.0, 3.0)


def test_right_drag_pans_the_view(app, driver, sandbox):
    lab = sandbox.lab
    c = lab.plane.rect.center
    driver.drag(c, (c[0] + 97, c[1]), button=3, steps=3)
    assert lab.model.window.xlim[0] < -3.5


def test_sliders_at_their_extremes_give_finite_state_and_no_warnings(app, driver, sandbox):
    lab = sandbox.lab
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("a11", "a12", "a21", "a22"):
            driver.set_slider(lab, name, 5.0)
        for k in range(5):
            driver.click(lab.plane.point(-2.5 + k, 2.0), frames=1)
        driver.frames(30)
    for key, arr in lab.model.state().items():
        assert np.isfinite(arr).all(), f"{key} holds NaN or inf"
    assert any(l.fwd.reason in ("left_view", "blew_up") for l in lab.model.launches)


def test_oscillator_mode_plots_energy_that_never_rises(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["mode"])
    lab = sandbox.lab
    assert lab.model.system == "oscillator" and set(lab.params) == {"m", "mu", "k"}
    driver.click(lab.plane.point(1.0, 0.0))
    xy = lab.model.launches[0].fwd.xy
    V = planar.oscillator_energy(lab.model.values["m"], lab.model.values["k"], xy[:, 0], xy[:, 1])
    assert np.all(np.diff(V) <= 1e-12)


def test_save_as_challenge_writes_a_level_that_passes_check(app, driver, sandbox, private_home):
    lab = sandbox.lab
    driver.click(lab.plane.point(0.5, 2.0))
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    files = list((private_home / "challenges").glob("*.toml"))
    assert len(files) == 1, sandbox.toast
    level = load_level(files[0])
    assert level.kind == "phaseplane" and level.goal.type == "closest_approach"
    data = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert data["title"]["zh"]


def test_export_png_writes_a_figure_with_a_caption(app, driver, sandbox, private_home):
    driver.key(pygame.K_p, mod=pygame.KMOD_CTRL)
    files = list((private_home / "exports").glob("*.png"))
    assert len(files) == 1
    img = pygame.image.load(str(files[0]))
    assert img.get_height() > sandbox.lab.rect.height


def test_quiz_hides_the_answer_and_scores_right_answers(app, driver):
    level = find_level("pp-08-name-that-portrait")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(2)
    lab = scene.lab
    driver.press(lab.buttons["quiz:center"])          # wrong: the first is a saddle
    assert lab.model.quiz_index == 1 and lab.model.quiz_answers == ["center"]
    for name in ["stable_focus", "unstable_node", "center", "stable_node"]:
        driver.press(lab.buttons["quiz:" + name])
    assert lab.model.best == pytest.approx(4.0)


def test_fixed_start_level_launches_itself_and_ignores_clicks(app, driver):
    level = find_level("pp-07-critical-damping")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(2)
    lab = scene.lab
    assert len(lab.model.launches) == 1 and lab.model.launches[0].start == (1.0, 0.0)
    driver.click(lab.plane.point(0.5, 0.5))
    assert len(lab.model.launches) == 1
    assert lab.model.score() == float("inf"), "the default mu = 0.5 is under-damped and must not score"


def test_random_clicking_keys_and_wheel_never_break_the_view(app, driver, sandbox):
    rng = np.random.default_rng(3)
    w, h = app.screen.get_size()
    keys = [pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB, pygame.K_1, pygame.K_3, pygame.K_c, pygame.K_v]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for i in range(300):
            r = rng.integers(0, 4)
            pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            if r == 0:
                driver.click(pos, button=int(rng.choice([1, 3])), frames=0)
            elif r == 1:
                driver.key(int(rng.choice(keys)), mod=int(rng.choice([0, pygame.KMOD_SHIFT])), frames=0)
            elif r == 2:
                driver.wheel(pos, int(rng.integers(-3, 4)))
            driver.frames(1)
    assert app.running
    lab = app.scene.lab if isinstance(app.scene, PlayScene) else None
    if lab is not None:
        for arr in lab.model.state().values():
            assert np.isfinite(arr).all()


def test_every_phaseplane_level_solution_wins_three_stars_headless():
    """The same solutions the scene test plays, applied to a model with no window."""
    from game import paths
    from game.catalog import load_folder
    from game.core.scoring import stars_for
    spec = LABS["phaseplane"]
    levels = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
              if lv.kind == "phaseplane"]
    assert len(levels) >= 15
    for lv in levels:
        model = spec.new_model(lv)
        spec.scripts.solve(model)
        assert stars_for(model.best, lv.goal.better, lv.goal.stars) == 3, (lv.id, model.best, lv.goal.stars)


def test_model_runs_headless_and_rescores_after_a_drag_settles():
    from game.core.scoring import stars_for
    level = find_level("pp-07-critical-damping")
    model = LABS["phaseplane"].new_model(level)
    model.set_param("mu", 2.0)             # m = 1, k = 4: under-damped, scores nothing
    assert model.best is None and len(model.launches) == 1, "the fixed start stays launched"
    model.set_param("mu", 4.0)             # mu = 2 sqrt(mk): critical damping
    for _ in range(3):
        model.step(1 / 60)
    assert model.best is not None and stars_for(model.best, "lower", level.goal.stars) == 3
    assert all(np.isfinite(a).all() for a in model.state().values())


# ------------------------------------------------------------------ readable at any scale (issue 14)
def test_dashed_pixels_draw_dashes_along_a_coarsely_sampled_path_at_the_given_width():
    from game.ui.plot import dashed_pixels
    for width in (1, 3):
        surf = pygame.Surface((400, 100))
        path = np.array([[10.0, 50.0], [110.0, 50.0], [210.0, 50.0], [310.0, 50.0]])   # samples 100 px apart
        dashed_pixels(surf, [path], [(255, 0, 0)], dash=6, width=width)
        red = (pygame.surfarray.array3d(surf) == (255, 0, 0)).all(axis=2)
        covered = red.any(axis=1)[10:311].mean()
        assert 0.4 < covered < 0.8, f"dashes with gaps should cover about half the path, got {covered:.2f}"
        assert red.any(axis=0).sum() == width, "the dashes are not as thick as asked"
    surf = pygame.Surface((400, 100))
    surf.set_clip(pygame.Rect(0, 0, 200, 100))
    dashed_pixels(surf, [path], [(255, 0, 0)], dash=6, width=3)
    assert not (pygame.surfarray.array3d(surf)[200:] == (255, 0, 0)).all(axis=2).any(), "the clip was ignored"


def test_backward_paths_are_dashes_two_px_thick_or_more_at_any_scale(monkeypatch, private_home):
    from game.app import App
    from game.labs.phaseplane import render
    from game.scenes.menu import MenuScene
    widths = []
    real = render.dashed_pixels
    monkeypatch.setattr(render, "dashed_pixels", lambda *a, **k: widths.append(k["width"]) or real(*a, **k))
    for size, scale, least in (((1280, 720), 1.0, 2), ((1920, 1080), 2.0, 3)):
        big = App(size=size, lang="en", scale=scale)
        big.push(MenuScene(big))
        scene = big.push(PlayScene(big, LABS["phaseplane"].sandbox(), "sandbox"))
        from game.driver import Driver
        Driver(big).click(scene.lab.plane.point(1.0, 1.0))
        assert widths and widths[-1] >= least, f"backward dashes {widths[-1]} px at {scale}x"
        while big.stack:
            big.stack.pop().shutdown()


def test_a_level_that_asks_for_the_type_shows_an_equilibrium_mark_that_does_not_tell_it(app, driver):
    from game.ui import theme
    scene = app.push(PlayScene(app, find_level("pp-08-name-that-portrait"), "campaign"))
    driver.frames(2)
    lab = scene.lab
    seen = set()
    for name in ["saddle", "stable_focus", "unstable_node", "center", "stable_node"]:
        ox, oy = lab.plane.point(0, 0)
        box = pixels(app, pygame.Rect(ox - 8, oy - 8, 17, 17)).reshape(-1, 3)
        colours = {tuple(c) for c in box}
        assert not colours & {theme.GOOD, theme.BAD, theme.STAR}, f"the mark shows stability colours ({name})"
        seen.add(tuple(pixels(app, pygame.Rect(ox, oy, 1, 1))[0, 0]))
        driver.press(lab.buttons["quiz:" + name])
    assert seen == {theme.TEXT_DIM}, f"the mark differs between portraits: {seen}"


@pytest.mark.parametrize("size,scale,lang", [((1280, 720), 1.0, "en"), ((1280, 720), 1.0, "zh"),
                                             ((1920, 1080), 2.0, "en"), ((1920, 1080), 2.0, "zh")])
def test_trace_determinant_names_stay_whole_inside_the_inset_and_clear_of_the_parabola(size, scale, lang,
                                                                                      private_home):
    from game.app import App
    from game.labs.phaseplane.model import TD_P
    from game.scenes.menu import MenuScene
    big = App(size=size, lang=lang, scale=scale)
    big.push(MenuScene(big))
    try:
        scene = big.push(PlayScene(big, LABS["phaseplane"].sandbox(), "sandbox"))
        big.step(1 / 60)
        lab = scene.lab
        placed = lab.renderer._td_labels()
        rects = [r for _, r in placed]
        assert len(rects) >= 6, "most names should find room"
        assert all(lab.td.rect.contains(r) for r in rects), "a name is cut by the inset's edge"
        assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1:]), "names overlap"
        p = np.linspace(*TD_P, 400)
        curve = lab.td.polyline(np.stack([p, p * p / 4], axis=1))
        q_rect = rects[0]
        assert not any(q_rect.collidepoint(pt) for pt in curve), "'q = det' lies on the parabola"
    finally:
        while big.stack:
            big.stack.pop().shutdown()
