"""The play scene read like a student: the whole goal, the value with its unit, a meter that
answers the first move, and three stars as a moment (a banner), not a cut to the results."""

from __future__ import annotations

import re

import pygame
import pytest

from game import paths
from game.catalog import load_folder
from game.scenes.play import THUMB_MAX, PlayScene
from game.scenes.results import ResultsScene
from game.tools import find_level
from tests.helpers import pixels

CAMPAIGN = load_folder(paths.CAMPAIGN).levels


def _spy_render(app, monkeypatch) -> list[str]:
    """Record every text the scene renders through the shared font cache."""
    seen: list[str] = []
    fonts = app.ctx.fonts
    real = fonts.render

    def render(text, *a, **k):
        seen.append(text)
        return real(text, *a, **k)

    monkeypatch.setattr(fonts, "render", render)
    return seen


def _brief_on_screen(scene) -> None:
    hud = scene.hud
    brief = scene.ctx.text.pick(scene.level.brief)
    shown = "".join(hud.brief_lines)
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", brief), f"{scene.level.id}: the brief is not all there"
    assert "…" not in shown or "…" in brief
    small = scene.ctx.fonts.get(13)
    assert all(small.size(row)[0] <= hud.text_w for row in hud.brief_lines)
    assert hud.brief_top + len(hud.brief_lines) * small.get_linesize() <= hud.goal_top <= scene.hud_h
    assert scene.lab.rect.top == scene.hud_h, "the lab starts under the whole HUD"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_campaign_brief_is_shown_whole_at_1x(app, driver, lang):
    app.set_lang(lang)
    for level in CAMPAIGN:
        scene = app.push(PlayScene(app, level, "campaign"))
        _brief_on_screen(scene)
        app.pop()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_briefs_are_shown_whole_on_a_projector_at_2x(private_home, lang):
    from game.app import App
    from game.scenes.menu import MenuScene
    big = App(size=(1920, 1080), lang=lang, scale=2.0)
    big.push(MenuScene(big))
    try:
        for level_id in ("izh-02-burst", "izh-09-match-trace", "gab-01-vertical-edges", "pp-01-hit-the-ring"):
            scene = big.push(PlayScene(big, find_level(level_id), "campaign"))
            big.step(1 / 60)
            _brief_on_screen(scene)
            big.pop()
    finally:
        while big.stack:
            big.stack.pop().shutdown()


def test_f1_help_and_the_hints_panel_repeat_the_goal(app, driver, monkeypatch):
    level = find_level("pp-01-hit-the-ring")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    seen = _spy_render(app, monkeypatch)
    brief = level.brief["en"]
    driver.key(pygame.K_F1)
    first_words = " ".join(brief.split()[:4])
    assert any(first_words in t for t in seen), "the F1 help does not show the goal"
    driver.key(pygame.K_F1)
    seen.clear()
    driver.press(scene.btn["hint"])
    driver.frames(1)
    assert any(t.startswith("Goal: " + brief.split()[0]) for t in seen), "the hints panel does not start with the goal"
    assert any(t.startswith("1. ") for t in seen)


def test_the_goal_line_shows_the_value_and_says_closer_or_further(app, driver, monkeypatch):
    scene = app.push(PlayScene(app, find_level("pp-02-saddle-balance"), "campaign"))
    driver.frames(1)
    seen = _spy_render(app, monkeypatch)
    driver.frames(1)
    assert "closest approach — (★★★ ≤ 0.15)" in seen
    plane = scene.lab.plane
    driver.click(plane.point(2.0, 2.0))
    far = scene.lab.model.last
    driver.click(plane.point(0.6, 1.3))
    near = scene.lab.model.last
    assert near < far
    driver.frames(1)
    assert scene.hud.trend[0] == "play.hud.warmer"
    assert any(t.startswith(f"closest approach {scene.hud.value_text(near)} (★★★ ≤ 0.15)") for t in seen)
    driver.click(plane.point(2.5, 2.5))
    driver.frames(1)
    assert scene.hud.trend[0] == "play.hud.colder"
    line = scene.hud.current_line()
    assert line.endswith(f"best {scene.hud.value_text(near)}"), line


def test_the_meter_shows_a_first_attempt_that_earns_no_star_and_grows_as_it_gets_closer(app, driver):
    scene = app.push(PlayScene(app, find_level("pp-02-saddle-balance"), "campaign"))
    driver.frames(1)
    inner = scene.hud.meter.inflate(-4, -8)
    empty = pixels(app, inner)

    def filled() -> int:
        return int(((abs(pixels(app, inner) - empty).sum(axis=2) > 30).any(axis=1)).sum())

    assert filled() == 0
    driver.click(scene.lab.plane.point(2.0, 2.0))
    driver.frames(1)
    assert scene.stars_now() == 0 and scene.lab.model.last > 0.5
    first = filled()
    assert first >= 4, "the bar stayed (nearly) empty after the first move"
    driver.click(scene.lab.plane.point(0.9, 1.3))
    driver.frames(1)
    assert scene.stars_now() == 0 and filled() > first, "a closer attempt below one star must show on the bar"


def test_three_stars_open_a_banner_then_continue_keeps_playing_and_enter_shows_results(app, driver, monkeypatch):
    level = find_level("pp-02-saddle-balance")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    scene.spec.scripts.play(scene.lab, driver)
    driver.frames(120)
    assert scene.stars_now() == 3 and app.scene is scene, "three stars must not cut to the results"
    assert scene.banner.open and scene.thumb is not None
    tw, th = scene.thumb.get_size()
    assert tw <= THUMB_MAX[0] and th <= THUMB_MAX[1]
    launches = len(scene.lab.model.launches)
    driver.click((scene.banner.rect.centerx, scene.banner.rect.y + 4))
    assert len(scene.lab.model.launches) == launches, "a click on the banner must not reach the lab"
    driver.click(scene.banner.buttons["continue"].center)
    assert not scene.banner.open and app.scene is scene
    driver.click(scene.lab.plane.rect.move(-60, 40).center)          # the view is zoomed in
    assert len(scene.lab.model.launches) == launches + 1, "after Continue the lab takes clicks again"
    driver.frames(30)
    assert not scene.banner.open, "the banner shows once per visit"
    seen = _spy_render(app, monkeypatch)
    driver.key(pygame.K_RETURN, frames=3)
    assert isinstance(app.scene, ResultsScene) and app.scene.stars == 3
    assert app.progress.stars(level.id) == 3
    assert "★★★ ≤ 0.15" in seen and "★ ≤ 0.5" in seen, "the results say what each star needed"
    best = scene.hud.value_text(scene.lab.model.best)
    assert any(t.startswith(f"Your best: closest approach {best}") for t in seen)


def test_results_show_the_thumbnail_of_the_winning_state(app, driver):
    scene = app.push(PlayScene(app, find_level("pp-02-saddle-balance"), "campaign"))
    driver.frames(1)
    scene.spec.scripts.play(scene.lab, driver)
    driver.frames(3)
    thumb = scene.thumb.copy()
    driver.key(pygame.K_RETURN, frames=2)
    results = app.scene
    assert isinstance(results, ResultsScene)
    driver.frames(2)
    r = results.thumb_rect
    assert r is not None and r.size == thumb.get_size(), "no thumbnail of the winning state on the results"
    shown = pixels(app, r.inflate(-4, -4))
    kept = pygame.surfarray.array3d(thumb)[2:-2, 2:-2].astype(int)
    assert (shown == kept).all(), "the results show another picture than the winning state"


def test_finishing_without_three_stars_keeps_the_last_frame_as_thumbnail(app, driver):
    scene = app.push(PlayScene(app, find_level("pp-02-saddle-balance"), "campaign"))
    driver.frames(1)
    driver.key(pygame.K_RETURN, frames=2)
    assert isinstance(app.scene, ResultsScene) and scene.thumb is not None and not scene.won
