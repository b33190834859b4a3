"""Lyapunov levels of the phase plane: the model headless, the claims of pp-09..pp-12, the scene.

The numbers the levels' texts state (dV/dt of each named V, the range of beta
that works, which V scores what) are computed here with ``game.sim`` and the
lab's own model, so a change to a level's system or text that breaks a claim
fails a test.
"""

from __future__ import annotations

import math

import numpy as np
import pygame
import pytest

from game.catalog import load_level
from game.core.readout import goal_line
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.phaseplane import goals, render
from game.sim import lyapunov as ly
from game.sim import planar
from game.tools import find_level
from game.ui import theme
from game.ui.text import Text
from tests.helpers import pixels

SPEC = LABS["phaseplane"]
CELLS = 41 * 41 - 1                 # a [-3, 3] window: the origin's cell is left out


def _model(level_id, **values):
    model = SPEC.new_model(find_level(level_id))
    for name, v in values.items():
        model.set_param(name, v)
    return model


def _stars(model):
    return stars_for(model.best, "higher", model.level.goal.stars)


# ------------------------------------------------------------------ the model, headless
def test_the_model_scores_its_starting_candidate_at_once_and_each_slider_change():
    model = _model("pp-09-energy-of-the-oscillator")
    assert model.shapes_v and model.attempts.count == 1
    assert model.last == pytest.approx(100 * 1420 / CELLS), "V = 0.5x^2 + y^2 should fail 260 cells"
    model.set_param("alpha", 2.0)
    assert model.last == 100.0 and _stars(model) == 3
    model.set_param("alpha", 1.9)
    assert model.last < 97 and model.best == 100.0, "the best of the visit is kept"
    assert model.attempts.count == 3


def test_the_score_is_the_percent_of_cells_and_reads_the_level_window_not_the_view():
    model = _model("pp-10-lasalle")
    s = model.v_shares()
    assert (s.cells, s.decreasing + s.zero) == (CELLS, 1000)
    assert model.score() == pytest.approx(100 * 1000 / CELLS)
    assert model.score() == goals.lyapunov_percent(model.A(), model.P(), model.window.home, strict=False)
    model.window.zoom(0.5)
    model.window_changed()
    assert model.score() == pytest.approx(100 * 1000 / CELLS), "zooming must not change the score"


def test_a_candidate_that_is_not_positive_definite_scores_zero_and_says_why():
    model = _model("pp-10-lasalle", beta=1.6)
    assert not model.v_shares().positive_definite and model.last == 0.0
    kind = SPEC.goals["lyapunov"]
    line = goal_line("phaseplane", model.level.goal, kind, model, model.last, Text("en"))
    assert line == "V is not positive definite: it scores 0 (★★★ ≥ 100%)"
    assert goal_line("phaseplane", model.level.goal, kind, model, model.last, Text("zh")) == \
        "V 不是正定的：得 0 分（★★★ ≥ 100%）"


def test_hud_lines_name_the_inequality_that_is_counted():
    kind = SPEC.goals["lyapunov"]
    loose = _model("pp-10-lasalle")
    assert goal_line("phaseplane", loose.level.goal, kind, loose, loose.last, Text("en")) == \
        "V > 0 and dV/dt ≤ 0 on 59.52% of the window (★★★ ≥ 100%)"
    strict = _model("pp-11-strictly-downhill", alpha=2.0)
    assert goal_line("phaseplane", strict.level.goal, kind, strict, strict.last, Text("en")) == \
        "V > 0 and dV/dt < 0 on 97.62% of the window (★★★ ≥ 100%)"
    assert goal_line("phaseplane", strict.level.goal, kind, strict, strict.last, Text("zh")) == \
        "V > 0 且 dV/dt < 0 的区域占窗口 97.62%（★★★ ≥ 100%）"


def test_one_failing_cell_never_reads_as_a_hundred_percent():
    kind = SPEC.goals["lyapunov"]
    from game.core.readout import fmt_value
    assert fmt_value(100 * (CELLS - 1) / CELLS, kind.unit, kind.digits) == "99.94%"


def test_a_change_of_v_moves_no_path_and_v_along_a_path_is_exact():
    model = _model("pp-12-centre-conserves", alpha=1.0, beta=1.0, gamma=2.0)
    model.launch((2.0, 0.0))
    before, version = model.launches[0].fwd.xy.copy(), model.version
    model.set_param("gamma", 2.5)
    assert model.version == version and np.array_equal(model.launches[0].fwd.xy, before)
    model.set_param("gamma", 2.0)
    t, V = model.v_along(model.launches[0], 800)
    assert t[0] == 0 and V[0] == pytest.approx(4.0)
    assert np.ptp(V) < 1e-9 * V[0], "the conserved V must read constant along the exact orbit"


def test_model_state_is_finite_for_every_slider_extreme():
    model = _model("pp-11-strictly-downhill")
    for name in ("alpha", "beta", "gamma"):
        for v in (-1.0, 4.0, -2.0, 2.0):
            model.set_param(name, v)
            model.launch((2.9, -2.9))
            assert math.isfinite(model.score())
            assert all(np.isfinite(a).all() for a in model.state().values())


# ------------------------------------------------------------------ what the levels say
def test_pp09_energy_dvdt_and_only_the_ratio_ab_wins():
    level = find_level("pp-09-energy-of-the-oscillator")
    A = planar.oscillator_matrix(level.fixed.m, level.fixed.mu, level.fixed.k)
    np.testing.assert_array_equal(A, [[0, 1], [-2, -3]])      # a + b = 3, ab = 2
    np.testing.assert_array_equal(ly.derivative_matrix(A, ly.candidate(2, 0, 1)), [[0, 0], [0, -6]])
    for alpha, gamma in ((1.3, 0.7), (2.0, 3.1), (0.5, 1.0)):    # hint 2: 2(alpha - 2 gamma)xy - 6 gamma y^2
        Q = ly.derivative_matrix(A, ly.candidate(alpha, 0, gamma))
        np.testing.assert_allclose(Q, [[0, alpha - 2 * gamma], [alpha - 2 * gamma, -6 * gamma]], atol=1e-12)
    wins = [(a, g) for a in np.round(np.arange(-1, 4.01, 0.1), 1) for g in (0.5, 1.0, 2.0)
            if _model(level.id, alpha=a, gamma=g).last == 100.0]
    assert wins == [(1.0, 0.5), (2.0, 1.0), (4.0, 2.0)], "only alpha / gamma = ab = 2 wins, at any scale"
    assert _model(level.id, alpha=2.0).v_shares().zero == 40, "dV/dt = 0 on the x axis: its row of cells"


def test_pp10_energy_is_only_non_increasing_and_lasalle_still_brings_every_path_to_rest():
    model = _model("pp-10-lasalle", alpha=2.0, beta=0.0, gamma=1.0)
    A = model.A()
    np.testing.assert_array_equal(model.Q(), [[0, 0], [0, -1]])          # dV/dt = -y^2
    assert _stars(model) == 3
    # on the x axis y' = -2x: only the origin stays in {dV/dt = 0}
    np.testing.assert_array_equal(A @ [1.0, 0.0], [0.0, -2.0])
    t = np.linspace(0, 30, 30001)
    xy = planar.linear_flow(A, (2.5, 0.0), t)
    V = ly.value(model.P(), xy[:, 0], xy[:, 1])
    assert np.all(np.diff(V) <= 1e-12 * V[0]), "the energy never rises"
    assert V[-1] < 1e-5 * V[0], "and still the state comes to rest"
    crossings = np.flatnonzero(np.diff(np.sign(xy[:, 1])) != 0)
    assert len(crossings) >= 10, "the spiral crosses the x axis again and again"
    dV = ly.derivative(A, model.P(), xy[crossings, 0], xy[crossings, 1])
    assert np.all(np.abs(dV) < 1e-2 * np.abs(ly.derivative(A, model.P(), xy[:, 0], xy[:, 1])).max()), \
        "V(t) is flat where the path crosses the x axis"


def test_pp11_energy_fails_the_strict_count_and_a_small_cross_term_wins():
    energy = _model("pp-11-strictly-downhill", alpha=2.0, beta=0.0, gamma=1.0)
    assert energy.last == pytest.approx(100 * 1640 / CELLS) and _stars(energy) == 1
    win = _model("pp-11-strictly-downhill", alpha=2.0, beta=0.2, gamma=1.0)
    np.testing.assert_allclose(win.Q(), [[-0.8, -0.1], [-0.1, -0.6]], atol=1e-12)
    assert ly.signs(win.Q(), 1e-9).kind == "negative_definite" and _stars(win) == 3
    # "every beta between 0 and about 0.48": det Q = 8 beta (0.5 - beta) - (beta / 2)^2 > 0 <=> beta < 4 / 8.25
    assert 4 / 8.25 == pytest.approx(0.4848, abs=1e-4)
    A = win.A()
    for beta, ok in ((0.01, True), (0.1, True), (0.3, True), (0.48, True), (0.49, False), (0.0, False)):
        kind = ly.signs(ly.derivative_matrix(A, ly.candidate(2.0, beta, 1.0)), 1e-9).kind
        assert (kind == "negative_definite") is ok, beta
    # hint: beta = 0.5 turns dV/dt positive near the y axis
    Q = ly.derivative_matrix(A, ly.candidate(2.0, 0.5, 1.0))
    assert ly.value(Q, -0.05, 1.0) > 0 and ly.signs(Q, 1e-9).kind == "indefinite"
    assert _model("pp-11-strictly-downhill", alpha=2.0, beta=0.5, gamma=1.0).last < 98


def test_pp12_conserved_v_and_the_hint_for_the_circle():
    model = _model("pp-12-centre-conserves")
    A = model.A()
    assert planar.classify(A) == "center" and np.trace(A) == 0 and np.linalg.det(A) == pytest.approx(1.0)
    np.testing.assert_array_equal(model.Q(), [[2, 1], [1, -2]])          # V = x^2 + y^2: 2x^2 + 2xy - 2y^2
    solved = _model("pp-12-centre-conserves", alpha=1.0, beta=1.0, gamma=2.0)
    np.testing.assert_array_equal(solved.Q(), np.zeros((2, 2)))
    s = solved.v_shares()
    assert (s.zero, s.decreasing, s.increasing) == (CELLS, 0, 0) and _stars(solved) == 3
    assert s.share(strict=True) == 0.0, "stable, not asymptotically: nothing falls strictly"


def test_the_example_level_claims():
    level = load_level(next(p for p in __import__("game").paths.EXAMPLES.glob("*lyapunov*.toml")))
    A = np.array(level.fixed.A)
    np.testing.assert_array_equal(ly.derivative_matrix(A, np.eye(2)), [[-2, 2], [2, -2]])   # -2(x - y)^2
    assert ly.signs(ly.derivative_matrix(A, np.eye(2)), 1e-9).zero == pytest.approx((math.pi / 4,))
    np.testing.assert_array_equal(ly.derivative_matrix(A, ly.candidate(1, 0, 3)), [[-2, 0], [0, -6]])
    model = SPEC.new_model(level)
    assert stars_for(model.last, "higher", level.goal.stars) == 0, "the circle must not already earn a star"


def test_formulas_read_as_the_quadratics_they_are():
    assert render.quadratic_text([[2.0, 0.0], [0.0, 1.0]], "V") == "V = 2x² + y²"
    assert render.quadratic_text([[0.0, 0.0], [0.0, -6.0]], "dV/dt") == "dV/dt = −6y²"
    assert render.quadratic_text([[-0.8, -0.1], [-0.1, -0.6]], "dV/dt") == "dV/dt = −0.8x² − 0.2xy − 0.6y²"
    assert render.quadratic_text([[1e-17, 0.0], [0.0, 0.0]], "dV/dt") == "dV/dt = 0"


# ------------------------------------------------------------------ the scene, with real events
def _is_tint(colour, tint) -> bool:
    return all(abs(int(a) - int(b)) <= 2 for a, b in zip(colour, tint))


def _share_of(app, rect, tint) -> float:
    px = pixels(app, rect).reshape(-1, 3)
    return float(np.mean(np.all(np.abs(px.astype(int) - np.array(tint)) <= 2, axis=1)))


def test_red_marks_where_v_rises_and_goes_when_the_sliders_reach_the_energy(app, driver, open_scene):
    scene = open_scene("pp-10-lasalle")
    lab = scene.lab
    rise = render.tint(render.RISE)
    x, y = lab.plane.point(-1.0, 0.6)         # y > 0 and y < -2x: dV/dt = -2xy - y^2 > 0 there
    box = pygame.Rect(x - 6, y - 6, 13, 13)
    assert _share_of(app, box, rise) > 0.3, "no red where dV/dt > 0"
    driver.set_slider(lab, "alpha", 2.0)
    driver.frames(2)
    assert lab.model.last == 100.0 and scene.stars_now() == 3
    assert _share_of(app, lab.plane.rect, rise) == 0.0, "red left over for the energy"
    px = pixels(app, pygame.Rect(lab.plane.rect.x + 40, lab.plane.point(0, 0)[1], 1, 1))[0, 0]
    assert tuple(px) == render.FLAT, "the x axis, where dV/dt = 0, should be drawn as a yellow line"


def test_a_conserved_v_turns_the_whole_plane_yellow(app, driver, open_scene):
    scene = open_scene("pp-12-centre-conserves")
    lab = scene.lab
    flat = render.tint(render.FLAT)
    assert _share_of(app, lab.plane.rect, flat) < 0.01
    driver.set_slider(lab, "beta", 1.0)
    driver.set_slider(lab, "gamma", 2.0)
    driver.frames(2)
    assert scene.stars_now() == 3
    assert _share_of(app, lab.plane.rect, flat) > 0.5, "dV/dt = 0 everywhere: the plane's background is yellow"


def test_a_v_that_is_not_positive_definite_is_greyed_where_v_is_negative(app, driver, open_scene):
    scene = open_scene("pp-10-lasalle")
    lab = scene.lab
    driver.set_slider(lab, "beta", 1.0)          # V = (x + y)^2: only semidefinite, 0 on y = -x
    driver.frames(2)
    assert lab.model.last == 0.0
    x, y = lab.plane.point(1.2, -1.2)
    assert tuple(pixels(app, pygame.Rect(x, y, 1, 1))[0, 0]) == render.NOT_PD, "the line V = 0 is not drawn"
    driver.set_slider(lab, "beta", 1.6)          # V = x^2 + 3.2xy + y^2 < 0 along y = -x
    driver.frames(2)
    x, y = lab.plane.point(1.5, -1.5)
    assert _share_of(app, pygame.Rect(x - 5, y - 5, 11, 11), render.tint(render.NOT_PD)) > 0.3
    assert lab.model.last == 0.0


def test_v_of_t_is_plotted_for_every_launch_with_its_rises_in_red(app, driver, open_scene):
    scene = open_scene("pp-10-lasalle")
    lab = scene.lab
    assert lab.show_ts
    driver.click(lab.plane.point(2.5, 0.0))
    driver.click(lab.plane.point(-2.0, 1.0))
    driver.frames(2)
    runs = lab.renderer._v_runs(lab.ts.rect.width)
    assert len(runs) == 2
    red = (pixels(app, lab.ts.rect) == theme.BAD).all(axis=2).sum()
    assert red > 20, "V = x^2 + y^2 rises along this spiral: the inset should show it in red"
    driver.set_slider(lab, "alpha", 2.0)
    driver.frames(2)
    assert (pixels(app, lab.ts.rect) == theme.BAD).all(axis=2).sum() == 0, "the energy never rises"
    green = (pixels(app, lab.ts.rect) == render.V_LAST).all(axis=2).sum()
    assert green > 50, "the last launch's V(t) is not drawn"


def test_the_first_lyapunov_level_tours_the_formulas_and_the_legend_explains_the_marks(app, driver):
    from game.scenes.play import PlayScene
    app.progress.settings["tours_seen"] = []
    scene = app.push(PlayScene(app, find_level("pp-09-energy-of-the-oscillator"), "campaign"))
    driver.frames(2)
    assert scene.tour is not None and scene.tour.active
    keys = [key for _, key in scene.lab.tour_steps()]
    assert "phaseplane.tour.lyapunov" in keys
    legend = [key for group in scene.lab.renderer.legend_groups() for _, _, key in group]
    assert {"phaseplane.legend.v_rises", "phaseplane.legend.v_flat", "phaseplane.legend.v_level",
            "phaseplane.legend.v_low"} <= set(legend)


@pytest.mark.slow
@pytest.mark.parametrize("level_id", ["pp-12-centre-conserves"])   # the degenerate case: dV/dt = 0
def test_random_events_never_break_a_lyapunov_level(app, driver, level_id):
    import warnings
    from game.scenes.play import PlayScene
    from game.soak import soak
    scene = app.push(PlayScene(app, find_level(level_id), "campaign"))
    driver.frames(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        figures = soak(app, driver, scene, np.random.default_rng(18), 1200)
    assert figures["events"] == 1200
    lab = app.scene.lab if hasattr(app.scene, "lab") else scene.lab
    for key, arr in lab.model.state().items():
        assert np.isfinite(arr).all(), f"{key} holds NaN or inf"
    assert math.isfinite(lab.model.score())
