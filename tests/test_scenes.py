"""The shell's scenes driven by real pygame events: navigation, keys, settings."""

from __future__ import annotations

import json

import pygame
import pytest

from game.scenes.campaign import CampaignScene
from game.scenes.challenges import ChallengesScene
from game.scenes.menu import MenuScene
from game.scenes.play import PlayScene
from game.scenes.sandbox import SandboxPickerScene
from game.scenes.settings import SettingsScene


def test_menu_buttons_open_each_scene_and_escape_returns(app, driver):
    for key, cls in (("campaign", CampaignScene), ("sandbox", SandboxPickerScene),
                     ("challenges", ChallengesScene), ("settings", SettingsScene)):
        driver.press(app.scene.buttons[key])
        assert isinstance(app.scene, cls), f"menu button {key} did not open {cls.__name__}"
        driver.key(pygame.K_ESCAPE, frames=2)
        assert isinstance(app.scene, MenuScene), f"Esc did not return from {cls.__name__}"


def test_escape_on_the_menu_does_not_quit(app, driver):
    driver.key(pygame.K_ESCAPE)
    assert app.running and isinstance(app.scene, MenuScene)


@pytest.mark.parametrize("scene_key", ["campaign", "sandbox", "settings", "challenges"])
def test_ctrl_q_quits_from_every_scene(app, driver, scene_key):
    driver.press(app.scene.buttons[scene_key])
    driver.key(pygame.K_q, mod=pygame.KMOD_CTRL)
    assert not app.running, "Ctrl+Q must quit from any scene"


def test_window_close_quits(app, driver):
    driver.post(pygame.QUIT)
    driver.frames(1)
    assert not app.running


def test_f1_help_overlay_lists_the_scene_keys_and_changes_pixels(app, driver):
    before = pygame.surfarray.array3d(app.screen).copy()
    driver.key(pygame.K_F1)
    assert app.show_help
    after = pygame.surfarray.array3d(app.screen)
    assert (before != after).any(axis=2).mean() > 0.2, "the help card should cover much of the screen"
    driver.key(pygame.K_F1)
    assert not app.show_help


def test_language_switch_in_settings_is_immediate_and_saved(app, driver, private_home):
    driver.press(app.scene.buttons["settings"])
    driver.press(app.scene.lang_btns["zh"])
    assert app.ctx.text.lang == "zh"
    assert app.scene.back.text == "返回", "widgets were not rebuilt in Chinese"
    saved = json.loads((private_home / "progress.json").read_text(encoding="utf-8"))
    assert saved["settings"]["lang"] == "zh"


def test_ui_scale_two_rebuilds_widgets_twice_as_large_on_a_big_window(app, driver):
    driver.press(app.scene.buttons["settings"])
    h1 = app.scene.back.rect.height
    driver.press(app.scene.scale_btns[2.0])
    assert app.chosen_scale == 2.0 and app.ctx.scale == 1.2, "1280x720 cannot hold 2x: it is limited to fit"
    driver.post(pygame.VIDEORESIZE, w=2560, h=1440, size=(2560, 1440))
    driver.frames(2)
    assert app.ctx.scale == 2.0
    assert app.scene.back.rect.height == pytest.approx(2 * h1, abs=2)
    assert app.ctx.fonts.get(15).get_height() > 1.8 * 15
    assert app.progress.settings["scale"] == 2.0


def test_window_resize_relays_out_the_menu(app, driver):
    driver.post(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))
    driver.frames(2)
    assert app.screen.get_size() == (1600, 900)
    assert app.scene.buttons["campaign"].rect.centerx == 800


def test_window_cannot_be_resized_below_the_minimum(app, driver):
    driver.post(pygame.VIDEORESIZE, w=200, h=100, size=(200, 100))
    driver.frames(1)
    assert app.screen.get_size() == (960, 600)


def test_sandbox_picker_lists_only_registered_labs(app, driver):
    from game.labs import LABS
    driver.press(app.scene.buttons["sandbox"])
    names = {spec.kind for _, spec, _ in app.scene.cards}
    assert names == set(LABS)
    driver.key(pygame.K_1, frames=2)
    assert isinstance(app.scene, PlayScene) and app.scene.mode == "sandbox"


def test_campaign_map_opens_the_first_level_and_locks_the_second(app, driver):
    driver.press(app.scene.buttons["campaign"])
    grid = app.scene.grid
    first, second = grid.tiles[0], grid.tiles[1]
    assert not first.locked and second.locked, "level 2 must stay locked until level 1 has a star"
    driver.click(second.rect.center)
    assert isinstance(app.scene, CampaignScene), "a locked tile must not open"
    driver.click(first.rect.center)
    assert isinstance(app.scene, PlayScene) and app.scene.level.id == first.level.id


def test_instructor_mode_unlocks_every_level(app, driver):
    app.progress.settings["instructor_mode"] = True
    driver.press(app.scene.buttons["campaign"])
    assert not any(t.locked for t in app.scene.grid.tiles)


def test_broken_level_in_a_challenge_folder_shows_an_error_card(app, driver, tmp_path):
    from game.scenes.error import ErrorScene
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "bad.toml").write_text("schema = 1\nid = 'x'\nkind = 'phaseplane'\n[title\n", encoding="utf-8")
    app.ctx.challenge_dirs = [folder]
    driver.press(app.scene.buttons["challenges"])
    tiles = app.scene.grid.tiles
    assert len(tiles) == 1 and tiles[0].error is not None
    driver.click(tiles[0].rect.center)
    assert isinstance(app.scene, ErrorScene)
    assert "bad.toml" in app.scene.message and "line" in app.scene.message


def test_the_challenges_screen_lists_each_broken_file_with_its_first_problem(app, driver, tmp_path, monkeypatch):
    from game.scenes.levelgrid import LevelGrid
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "a-syntax.toml").write_text("schema = 1\nid = 'x'\nkind = 'phaseplane'\n[title\n", encoding="utf-8")
    (folder / "b-two.toml").write_text(
        "schema = 1\nid = 'b-two'\nkind = 'phaseplane'\ntitle = { en = 'T' }\nbrief = { en = 'B', zh = 'B' }\n"
        "learned = { en = 'L', zh = 'L' }\ngoal = { type = 'gates', better = 'higher', stars = [3, 2, 1], "
        "gates = [[0, 0, 1]] }\n", encoding="utf-8")
    drawn: list[str] = []
    real_fit = LevelGrid._fit
    monkeypatch.setattr(LevelGrid, "_fit", lambda self, surface, text, *a, **k: (drawn.append(text),
                                                                                  real_fit(self, surface, text, *a, **k)))
    app.ctx.challenge_dirs = [folder]
    driver.press(app.scene.buttons["challenges"])
    driver.frames(2)
    tiles = app.scene.grid.tiles
    assert [t.error is not None for t in tiles] == [True, True]
    for tile in tiles:
        assert tile.rect.width > app.scene.grid.area.width // 2, "a broken file is a full-width row"
        assert tile.error.problems[0] in drawn, f"first problem of {tile.error.path} not shown"
    two = next(t.error for t in tiles if t.error.path.endswith("b-two.toml"))
    assert len(two.problems) == 2
    assert app.ctx.text("levels.broken_file", name="b-two.toml", n=2) in drawn
    assert "line" in tiles[0].error.problems[0], "a TOML syntax error keeps its line number"


def test_hint_button_reveals_hints_one_at_a_time(app, driver):
    from game.tools import find_level
    level = find_level("pp-01-hit-the-ring")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    driver.press(scene.btn["hint"])
    assert scene.hints_shown == 1
    driver.key(pygame.K_h)
    assert scene.hints_shown == 2
    driver.key(pygame.K_h)
    assert scene.hints_shown == len(level.hints) == 2


def test_finishing_records_progress_and_results_retry_returns_to_the_level(app, driver, private_home):
    from game.scenes.results import ResultsScene
    from game.tools import find_level
    level = find_level("pp-02-saddle-balance")
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    driver.key(pygame.K_RETURN, frames=2)
    assert isinstance(app.scene, ResultsScene)
    saved = json.loads((private_home / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"][level.id]["attempts"] == 1
    assert saved["levels"][level.id]["stars"] == 0
    driver.key(pygame.K_r, frames=2)
    assert app.scene is scene and not scene.finished


def _pack(tmp_path, meta: str | None):
    import shutil
    from game import paths
    folder = tmp_path / "pack"
    folder.mkdir()
    for name in ("pp-02-saddle-balance.toml", "pp-01-hit-the-ring.toml"):
        shutil.copy(paths.CAMPAIGN / name, folder / name)
    if meta is not None:
        (folder / "pack.toml").write_text(meta, encoding="utf-8")
    return folder


def test_pack_toml_orders_locks_and_hides_hints(app, driver, tmp_path):
    folder = _pack(tmp_path, 'schema = 1\ntitle = { en = "Week 3", zh = "第三周" }\nauthor = "Dr. Li"\n'
                             'order = ["pp-02-saddle-balance", "pp-01-hit-the-ring"]\nhints = false\nin_order = true\n')
    app.ctx.challenge_dirs = [folder]
    driver.press(app.scene.buttons["challenges"])
    tiles = app.scene.grid.tiles
    assert [t.level.id for t in tiles] == ["pp-02-saddle-balance", "pp-01-hit-the-ring"]
    assert not tiles[0].locked and tiles[1].locked
    driver.click(tiles[0].rect.center)
    scene = app.scene
    assert isinstance(scene, PlayScene) and not scene.hints_allowed
    driver.key(pygame.K_h)
    assert scene.hints_shown == 0, "hints are off in this pack"


def test_a_broken_pack_toml_is_listed_and_check_reports_it(app, driver, tmp_path, capsys):
    from game.cli import main
    folder = _pack(tmp_path, 'schema = 1\ntitle = { en = "No Chinese" }\nhintz = false\n')
    app.ctx.challenge_dirs = [folder]
    driver.press(app.scene.buttons["challenges"])
    errors = [t for t in app.scene.grid.tiles if t.error is not None]
    assert len(errors) == 1 and "pack.toml" in errors[0].error.path
    assert len([t for t in app.scene.grid.tiles if t.level is not None]) == 2, "the levels still load"
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "title.zh is required" in out and "unknown key 'hintz'; did you mean 'hints'?" in out


def test_first_level_tour_shows_once_points_at_widgets_and_blocks_clicks(app, driver):
    from game.tools import find_level
    level = find_level("pp-01-hit-the-ring")
    assert level.tour
    app.progress.settings["tours_seen"] = []
    scene = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    tour = scene.tour
    assert tour is not None and tour.active and 3 <= len(tour.steps) <= 7
    assert tour.steps[0].target() == scene.lab.plane.rect
    driver.click(scene.lab.plane.rect.center)
    assert scene.lab.model.launches == [] and tour.index == 1, "a click during the tour advances it, nothing else"
    driver.key(pygame.K_RETURN)
    assert tour.index == 2
    driver.key(pygame.K_ESCAPE)
    assert not tour.active and app.scene is scene, "Esc skips the tour without leaving the level"
    app.pop()
    again = app.push(PlayScene(app, level, "campaign"))
    driver.frames(1)
    assert again.tour is None, "the tour shows only the first time"


def test_closing_a_lab_scene_stops_its_background_work(app, driver):
    """Worker threads of a closed lab must not keep competing with the next scene."""
    from game.labs import LABS
    from game.scenes.play import PlayScene
    scene = app.push(PlayScene(app, LABS["nonlinear"].sandbox(), "sandbox"))
    driver.frames(3)
    lab = scene.lab
    driver.click(lab.plane.point(-20.0, 0.1), frames=1)
    jobs = lab.model.jobs
    assert jobs.busy(), "the click should start background work"
    app.pop()
    assert not jobs.busy("launch:") and not jobs.busy("bif")


def test_an_idle_menu_sleeps_between_a_few_frames_and_input_wakes_it(app, monkeypatch):
    """Left alone, the loop draws IDLE_FPS frames a second, not 60; a key wakes it at once."""
    from game import app as app_module
    from game.scenes.menu import BACKDROP_S
    app.scene.since_input = BACKDROP_S          # the backdrop has stopped drifting
    assert not app.animating()
    steps = []
    real_step = app.step
    monkeypatch.setattr(app, "step", lambda dt=None, events=None: steps.append(events) or real_step(dt, events))
    app.run(max_seconds=1.0, shutdown=False, wake=False)
    assert 1 <= len(steps) <= app_module.IDLE_FPS + 3, f"{len(steps)} frames in 1 s of an idle menu"
    steps.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0))
    app.run(max_seconds=0.5, shutdown=False, wake=False)
    assert any(e and e[0].type == pygame.KEYDOWN for e in steps[:1]), "the key was not handled in the first frame"
    assert len(steps) >= 8, "after input the loop runs at full rate"


def test_scenes_that_move_say_so_and_still_ones_do_not(app, driver, open_scene):
    from game.scenes.menu import BACKDROP_S
    assert app.scene.animating(), "the menu backdrop drifts after input"
    app.scene.since_input = BACKDROP_S
    assert not app.scene.animating()
    play = open_scene("sandbox:phaseplane")
    assert not play.animating(), "an empty phase plane has nothing moving"
    driver.click(play.lab.plane.rect.center)
    assert play.animating(), "a launched trajectory has a moving point"
