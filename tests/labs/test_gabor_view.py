"""The gabor view driven by real events: sliders, wheel, buttons, picker, bank, bad input, saving."""

from __future__ import annotations

import math
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.labs import LABS
from game.labs.gabor import cells, schema
from game.labs.gabor.cells import response_view
from game.catalog import check_paths, load_level
from game.scenes.play import PlayScene
from game.tools import find_level


@pytest.fixture
def sandbox(app, driver):
    scene = app.push(PlayScene(app, LABS["gabor"].sandbox(), "sandbox"))
    driver.frames(2)
    return scene


def _open(app, driver, level, mode="campaign"):
    scene = app.push(PlayScene(app, level, mode))
    driver.frames(2)
    return scene


def _pixels(app, rect: pygame.Rect) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].astype(int)


def _finite(lab) -> bool:
    return all(np.isfinite(np.asarray(v)).all() for v in lab.model.state().values())


def _png(w: int, h: int, value: int = 128) -> bytes:
    def chunk(ctype, body):
        return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))
    rows = b"".join(b"\x00" + bytes([(value + 7 * x + 3 * y) % 256 for x in range(w)]) for y in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


# ------------------------------------------------------------------ sliders, wheel, buttons

def test_keyboard_slider_turns_theta_and_redraws_kernel_and_response(app, driver, sandbox):
    lab = sandbox.lab
    resp0, kern0 = _pixels(app, lab.r_resp), _pixels(app, lab.r_kernel)
    driver.set_slider(lab, "theta_deg", 45)
    assert math.degrees(lab.model.filter.theta) == pytest.approx(45.0)
    expected = response_view(lab.model.engine.quadrature(lab.model.filter), lab.model.filter, "even")
    np.testing.assert_allclose(lab.model.response("even"), expected)
    assert (np.abs(_pixels(app, lab.r_resp) - resp0).sum(axis=2) > 30).mean() > 0.05, "response map not redrawn"
    assert (np.abs(_pixels(app, lab.r_kernel) - kern0).sum(axis=2) > 30).mean() > 0.2, "kernel not redrawn"


def test_the_even_map_is_the_convolution_of_the_image_with_the_shown_kernel(app, driver, sandbox):
    from scipy.signal import convolve2d
    lab = sandbox.lab
    driver.set_slider(lab, "theta_deg", 30)
    driver.set_slider(lab, "phase_deg", 45)
    img = lab.model.picture.image
    want = convolve2d(img, lab.model.filter.kernel(), mode="same", boundary="symm")
    got = lab.model.response("even")
    assert np.abs(got - want).max() < 1e-4 * np.abs(want).max(), "single-precision FFT must match convolve2d"


def test_mouse_wheel_over_the_kernel_turns_theta_five_degrees_a_notch(app, driver, sandbox):
    lab = sandbox.lab
    for _ in range(3):
        driver.wheel(lab.r_kernel.center, 1)
    assert lab.model.values["theta_deg"] == pytest.approx(15.0)
    driver.wheel(lab.r_kernel.center, -1)
    assert lab.model.values["theta_deg"] == pytest.approx(10.0)
    driver.wheel(lab.r_image.center, 1)
    assert lab.model.values["theta_deg"] == pytest.approx(10.0), "the wheel turns θ only over the kernel"


def test_wheel_wraps_theta_by_half_a_turn_at_the_end_of_a_half_turn_slider(app, driver):
    lab = _open(app, driver, find_level("gab-01-vertical-edges")).lab
    assert lab.model.values["theta_deg"] == 90
    driver.wheel(lab.r_kernel.center, 1)
    assert lab.model.values["theta_deg"] == pytest.approx(-85.0), "θ = 95° is the orientation -85°"


def test_response_buttons_switch_even_odd_and_energy(app, driver, sandbox):
    lab = sandbox.lab
    seen = {}
    for mode in ("odd", "energy", "even"):
        driver.press(lab.buttons["mode:" + mode])
        assert lab.model.resp_mode == mode
        seen[mode] = _pixels(app, lab.r_resp)
    e, o, n = lab.model.response("even"), lab.model.response("odd"), lab.model.response("energy")
    np.testing.assert_allclose(n, np.hypot(e, o), rtol=1e-5, atol=1e-6)
    assert (n >= 0).all()
    assert (np.abs(seen["odd"] - seen["energy"]).sum(axis=2) > 30).mean() > 0.1
    driver.key(pygame.K_m)
    assert lab.model.resp_mode == "odd", "M cycles the response map"


def test_image_picker_swaps_the_picture_and_keeps_the_filter(app, driver, sandbox):
    lab = sandbox.lab
    theta = lab.model.filter.theta
    before = _pixels(app, lab.r_image)
    driver.press(lab.buttons["image:rings"])
    assert lab.model.choice == "rings" and lab.model.picture.name == "rings"
    assert lab.model.filter.theta == theta
    assert (np.abs(_pixels(app, lab.r_image) - before).sum(axis=2) > 30).mean() > 0.3
    assert lab.buttons["image:rings"].is_selected and not lab.buttons["image:bars"].is_selected
    driver.key(pygame.K_i)
    assert lab.model.choice == "edges"


def test_presets_set_every_slider(app, driver, sandbox):
    lab = sandbox.lab
    driver.press(lab.buttons["preset:edge"])
    assert (lab.model.values["theta_deg"], lab.model.values["wavelength"], lab.model.values["sigma"], lab.model.values["phase_deg"],
            lab.model.values["gamma"]) == (0.0, 12.0, 4.0, 90.0, 0.5)
    assert lab.panel.get("phase_deg").value == 90.0
    assert math.degrees(lab.model.filter.phase) == pytest.approx(90.0)


# ------------------------------------------------------------------ bank and tuning

def test_the_hypercolumn_fills_one_orientation_per_idle_frame_and_finds_the_vertical_bar(app, driver, sandbox):
    lab = sandbox.lab
    driver.set_slider(lab, "sigma", 4.5)             # a new envelope invalidates the bank
    b = lab.model.bank                               # (the old envelope's bank may still be shown)
    assert b is None or b.key != lab.model.filter.shape_key or b.done <= 1
    driver.frames(cells.N_ORIENT + 1)
    bank = lab.model.bank
    assert bank.complete and lab.model.bank_valid()
    # the bars image: the first bar (top left) is vertical, i.e. orientation 0
    img = lab.model.picture.image
    ys, xs = np.nonzero(img[:90, :90] > 0.5)
    assert np.bincount(bank.winner[ys, xs], minlength=8).argmax() == 0
    # hovering over that bar highlights orientation 0 in the hypercolumn
    box = lab.display_rect(lab.r_image)
    driver.move((box.x + xs.mean() * box.width / img.shape[1], box.y + ys.mean() * box.height / img.shape[0]))
    driver.frames(1)
    assert lab.winning_here() == 0


def test_polar_curve_follows_sigma_and_peaks_at_the_current_theta(app, driver, sandbox):
    lab = sandbox.lab
    w0 = lab.model.bandwidth_deg()
    driver.set_slider(lab, "sigma", 8.0)
    assert lab.model.bandwidth_deg() < w0 - 10, "a wider envelope must narrow the tuning"
    assert lab.model.curve.argmax() == 0 and lab.model.curve.max() == pytest.approx(1.0)


# ------------------------------------------------------------------ bad input

def test_wavelength_below_two_px_is_clamped_and_the_view_says_so(app, driver, sandbox):
    lab = sandbox.lab
    driver.set_slider(lab, "wavelength", 1.0)
    assert lab.model.values["wavelength"] == 1.0 and lab.model.filter.wavelength == 2.0
    assert ("wavelength_clamped_nyquist", {"n": lab.model.filter.size}) in lab.model.notes()
    note = app.ctx.text("gabor.note.wavelength_clamped_nyquist")
    assert any(note in text for text, _ in lab.renderer.side_lines())
    assert _finite(lab)


def test_every_slider_at_both_ends_keeps_the_model_finite_and_the_frame_fast(app, driver, sandbox):
    lab = sandbox.lab
    for sl in list(lab.panel.sliders):
        for end in (sl.param.min, sl.param.max):
            sl.set(end)
            t0 = time.perf_counter()
            driver.frames(1)
            assert time.perf_counter() - t0 < 0.5, f"{sl.name} = {end} stalled the frame"
            assert _finite(lab), f"{sl.name} = {end} gave NaN"
            assert lab.model.filter.size <= schema.MAX_KERNEL


def test_random_clicks_wheels_and_keys_never_break_the_view(app, driver, sandbox):
    lab = sandbox.lab
    rng = np.random.default_rng(3)
    w, h = app.screen.get_size()
    back = app.scene.btn["back"].rect
    for k in range(60):
        pos = (int(rng.integers(0, w)), int(rng.integers(95, h)))
        if back.collidepoint(pos):
            continue
        kind = k % 3
        if kind == 0:
            driver.click(pos, frames=1)
        elif kind == 1:
            driver.wheel(pos, int(rng.choice([-3, -1, 1, 2])))
        else:
            driver.key(int(rng.choice([pygame.K_m, pygame.K_i, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_3])))
    driver.frames(3)
    assert app.scene is sandbox and _finite(lab)


# ------------------------------------------------------------------ PNG levels

def _png_level(folder: Path, image: str) -> Path:
    text = f"""schema = 1
id = "png-level"
kind = "gabor"
fixed = {{ image = "{image}", sigma = 3 }}
params.theta_deg = {{ default = 0, min = -90, max = 90, step = 5, unit = "°" }}
controls = {{ picker = true }}
goal = {{ type = "narrow_tuning", better = "lower", stars = [60, 40, 30] }}
title = {{ en = "PNG", zh = "PNG" }}
brief = {{ en = "PNG", zh = "PNG" }}
learned = {{ en = "PNG", zh = "PNG" }}
"""
    path = folder / "png-level.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_png_next_to_the_level_is_filtered_and_offered_in_the_picker(app, driver, tmp_path):
    (tmp_path / "photo.png").write_bytes(_png(320, 160))
    level = load_level(_png_level(tmp_path, "photo.png"))
    lab = _open(app, driver, level).lab
    pic = lab.model.picture
    assert pic.name == "photo.png" and pic.image.shape == (128, 256)
    assert "image_downscaled" in [k for k, _ in lab.model.notes()]
    assert "image:photo.png" in lab.buttons
    r = lab.display_rect(lab.r_image)
    assert r.width == 2 * r.height, "a wide picture keeps its aspect ratio"
    driver.press(lab.buttons["image:bars"])
    driver.press(lab.buttons["image:photo.png"])
    assert lab.model.picture.name == "photo.png" and _finite(lab)


def test_a_png_damaged_after_loading_shows_a_note_not_a_traceback(app, driver, tmp_path):
    good = _png(32, 32)
    (tmp_path / "photo.png").write_bytes(good)
    level = load_level(_png_level(tmp_path, "photo.png"))
    (tmp_path / "photo.png").write_bytes(good[:40])            # the header survives, the data does not
    lab = _open(app, driver, level).lab
    assert lab.model.picture.error == "corrupt"
    assert ("image_corrupt", {"file": "photo.png"}) in lab.model.notes()
    assert lab.model.picture.source.name == "edges" and _finite(lab)


def test_a_missing_png_is_a_loader_error_naming_the_field(tmp_path):
    path = _png_level(tmp_path, "nowhere.png")
    count, lines = check_paths([str(path)])
    assert count == 1 and lines and "fixed.image" in lines[0] and "no such file" in lines[0]


# ------------------------------------------------------------------ levels and scores

def test_score_is_recorded_only_after_the_player_acts_and_reset_restores_sliders(app, driver):
    scene = _open(app, driver, find_level("gab-01-vertical-edges"))
    lab = scene.lab
    assert lab.model.best is None and lab.model.now is not None
    driver.set_slider(lab, "theta_deg", 0)
    driver.set_slider(lab, "phase_deg", 90)
    assert lab.model.best == pytest.approx(lab.model.now) and lab.model.best > 75
    driver.set_slider(lab, "phase_deg", 0)
    assert lab.model.now < 10 and lab.model.best > 75, "the best attempt of the visit is kept"
    driver.key(pygame.K_r, mod=pygame.KMOD_CTRL)
    assert lab.model.values["theta_deg"] == 90 and lab.panel.get("theta_deg").value == 90


def test_the_complex_cell_level_animates_the_drift_and_the_trace(app, driver):
    lab = _open(app, driver, find_level("gab-05-complex-cell")).lab
    assert lab.model.resp_mode == "pair" and "mode:pair" in lab.buttons
    t0, img0 = lab.model.centre_trace(), _pixels(app, lab.r_image)
    driver.frames(10)
    assert not np.allclose(lab.model.centre_trace(), t0), "the grating should drift"
    assert (np.abs(_pixels(app, lab.r_image) - img0).sum(axis=2) > 30).mean() > 0.2
    driver.set_slider(lab, "phase2_deg", 90)
    pair = lab.model.centre_trace()[2]
    assert pair.std() < 0.03 * pair.mean(), "a quadrature pair's output is steady"


def test_hidden_filter_level_shows_the_target_and_scores_one_at_the_answer(app, driver):
    lab = _open(app, driver, find_level("gab-04-hidden-filter")).lab
    assert lab.renderer.bank.aux_kind() == "target"
    box = lab.display_rect(lab.r_aux)
    assert _pixels(app, box).std() > 20, "the target map should be drawn"
    for name, v in (("theta_deg", 60), ("wavelength", 12), ("phase_deg", 90)):
        driver.set_slider(lab, name, v)
    assert lab.model.now == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("size,scale,compact", [((1280, 720), 2.0, True), ((960, 600), 1.0, True),
                                               ((1280, 720), 1.0, False)])
def test_small_windows_get_the_compact_grid_with_a_cycling_image_button(app, driver, size, scale, compact):
    app._resized(size)
    app.set_scale(scale)
    lab = app.push(PlayScene(app, LABS["gabor"].sandbox(), "sandbox")).lab
    driver.frames(2)
    assert lab.compact is compact
    names = ("p_image", "p_resp", "p_kernel", "p_polar", "p_aux", "p_bank") + (() if compact else ("p_profile",))
    rects = [getattr(lab, n) for n in names]
    win = app.screen.get_rect()
    for n, r in zip(names, rects):
        assert win.contains(r), n
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.colliderect(b), "panel snapshots must not overlap"
    for b in lab.buttons.values():
        assert win.contains(b.rect), "a button fell off the window"
    if compact:
        driver.press(lab.buttons["image:next"])
        assert lab.model.choice == "checkerboard"
        assert app.ctx.text("gabor.source.checkerboard") in lab.buttons["image:next"].text


def test_chinese_and_scale_two_layouts_draw_every_panel_inside_the_window(app, driver):
    app.set_lang("zh")
    app._resized((2560, 1440))
    app.set_scale(2.0)
    scene = app.push(PlayScene(app, LABS["gabor"].sandbox(), "sandbox"))
    driver.frames(3)
    lab = scene.lab
    win = app.screen.get_rect()
    for name in ("p_image", "p_resp", "p_kernel", "p_profile", "p_polar", "p_aux", "p_bank", "p_side"):
        assert win.contains(getattr(lab, name)), name
    assert lab.r_image.width == 512, "images are shown at twice the size at scale 2"
    rects = [getattr(lab, n) for n in ("p_image", "p_resp", "p_kernel", "p_profile", "p_polar", "p_aux", "p_bank")]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.colliderect(b), "panel snapshots must not overlap"


# ------------------------------------------------------------------ save as challenge

def test_save_as_challenge_writes_a_valid_hidden_filter_level(app, driver, sandbox, private_home):
    lab = sandbox.lab
    driver.press(lab.buttons["image:rings"])
    driver.set_slider(lab, "theta_deg", 30)
    driver.set_slider(lab, "phase_deg", 90)
    driver.key(pygame.K_s, mod=pygame.KMOD_CTRL)     # opens the goal chooser
    driver.key(pygame.K_RETURN)                         # saves its default goal
    files = list((private_home / "challenges").glob("*.toml"))
    assert len(files) == 1, sandbox.toast
    count, problems = check_paths([str(files[0])])
    assert count == 1 and problems == []
    level = load_level(files[0])
    assert level.goal.type == "match_filter"
    assert level.goal.target.theta_deg == pytest.approx(30) and level.goal.target.phase_deg == pytest.approx(90)
    assert level.fixed.source.name == "rings"
    assert level.params["theta_deg"].default == 0, "students start from the sandbox's first values"
    scene = _open(app, driver, level, mode="challenge")
    assert scene.stars_now() == 0
    for name, v in level.solution.params.items():
        driver.set_slider(scene.lab, name, v)
    assert scene.lab.model.best == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("w,h", [(1, 1), (3, 200)])
def test_tiny_and_thin_pngs_are_filtered_and_drawn(app, driver, tmp_path, w, h):
    (tmp_path / "photo.png").write_bytes(_png(w, h))
    lab = _open(app, driver, load_level(_png_level(tmp_path, "photo.png"))).lab
    driver.frames(cells.N_ORIENT + 1)
    assert lab.model.picture.image.shape == (h, w)
    assert lab.model.bank.complete and _finite(lab)
    driver.set_slider(lab, "theta_deg", 45)
    assert _finite(lab)


# ------------------------------------------------------------------ issue 14 and 16: what a frame shows and does

def test_the_side_panel_never_repeats_the_score_the_hud_is_the_one_place(app, driver):
    from game.core.readout import fmt_number
    lab = _open(app, driver, find_level("gab-01-vertical-edges")).lab
    driver.set_slider(lab, "theta_deg", 0)
    driver.set_slider(lab, "phase_deg", 90)
    score = lab.model.now
    assert score > 75
    lines = [text for text, _ in lab.renderer.side_lines()]
    shown = {fmt_number(score), f"{score:.4g}", f"{score:.1f}", f"{score:.2f}"}
    assert not any(s in line for line in lines for s in shown), lines
    assert not any("score" in line.lower() for line in lines), lines


def test_drawing_reads_the_model_and_never_filters_the_picture(app, driver, sandbox):
    lab = sandbox.lab
    driver.frames(12)
    calls = []
    real = lab.model.engine.quadrature
    lab.model.engine.quadrature = lambda f: calls.append(f) or real(f)
    lab.model.set_param("theta_deg", 33.0)         # no update() between the change and the frame's drawing
    lab.draw(app.screen)
    assert calls == [], "draw() must not recompute the response"
    lab.update(1 / 60)
    assert len(calls) == 1 and math.degrees(lab.model.filter.theta) == pytest.approx(33.0)


def test_a_frame_at_rest_repaints_no_panel_and_the_view_stops_animating(app, driver, sandbox):
    lab = sandbox.lab
    for _ in range(30):
        if not lab.animating():
            break
        driver.frames(1)
    assert not lab.animating(), "a settled sandbox without drift must let the app idle"
    driver.frames(3)               # a changed panel is painted twice, then kept as a snapshot
    painted = []
    r = lab.renderer
    for name in ("_draw_image", "_draw_response", "_draw_kernel", "_draw_profile", "_draw_tuning", "_draw_side"):
        real = getattr(r, name)
        setattr(r, name, lambda surface, real=real, name=name: painted.append(name) or real(surface))
    for name in ("_draw_aux", "_draw_bank"):
        real = getattr(r.bank, name)
        setattr(r.bank, name, lambda surface, real=real, name=name: painted.append(name) or real(surface))
    driver.frames(3)
    assert painted == [], f"panels repainted at rest: {painted}"
    driver.set_slider(lab, "theta_deg", 20)
    assert {"_draw_response", "_draw_kernel", "_draw_tuning"} <= set(painted)
    assert "_draw_profile" not in painted, "turning θ does not change the profile along x′"
    assert lab.animating() is False or lab.model.busy()
    lab2 = _open(app, driver, find_level("gab-05-complex-cell")).lab
    assert lab2.animating(), "a drifting grating animates"


def test_the_polar_plot_has_ninety_degrees_up_and_its_marker_along_the_kernels_axis(app, driver, sandbox):
    from game.labs.gabor import polar
    from game.ui import theme
    assert polar.direction(90) == pytest.approx((0.0, -1.0)), "90° is at the top of the plot"
    assert polar.direction(0) == pytest.approx((-1.0, 0.0)) and polar.direction(180) == pytest.approx((1.0, 0.0))
    lab = sandbox.lab
    for theta, (dx, dy) in ((90, (0, -1)), (45, (-1, -1)), (135, (1, -1))):
        driver.set_slider(lab, "theta_deg", theta)
        driver.frames(2)
        cx, cy = lab.polar_c
        rad = lab.polar_r
        # the marker's dot sits on the upper half at θ, and θ's kernel axis (cos θ, sin θ) runs through it
        k = math.hypot(dx, dy)
        tip = (int(cx + 0.97 * rad * dx / k), int(cy + 0.97 * rad * dy / k))
        px = _pixels(app, pygame.Rect(tip[0] - 2, tip[1] - 2, 5, 5)).reshape(-1, 3)
        assert (np.abs(px - np.array(theme.WARN)).sum(axis=1) < 40).any(), f"θ = {theta}°: no marker at {tip}"
        assert abs(abs(math.cos(lab.model.filter.theta) * dy / k - math.sin(lab.model.filter.theta) * dx / k)) < 1e-6


def test_the_first_level_tour_names_only_the_sliders_the_level_has(app, driver):
    app.progress.settings["tours_seen"] = []
    for lang, names, absent in (("en", ("orientation θ", "phase ψ"), ("wavelength", "envelope", "aspect")),
                                ("zh", ("方向 θ", "相位 ψ"), ("波长", "包络宽度", "纵横比"))):
        app.set_lang(lang)
        app.progress.settings["tours_seen"] = []
        scene = _open(app, driver, find_level("gab-01-vertical-edges"))
        step = next(s for s in scene.tour.steps if s.key == "gabor.tour.sliders")
        text = app.ctx.text(step.key, **step.fields)
        assert all(n in text for n in names) and not any(a in text for a in absent), text
        kernel = next(s for s in scene.tour.steps if s.key.startswith("gabor.tour.kernel"))
        assert kernel.key == "gabor.tour.kernel", "gab-01 has a θ slider: the wheel tip belongs in its tour"
        scene.tour.index = len(scene.tour.steps)
        app.pop()
        driver.frames(1)
