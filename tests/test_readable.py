"""The shell's smaller readability fixes (issue 14): the load-error card in Chinese, one star
count, a campaign export of campaign levels, the class chart's layout, screenshots that wait."""

from __future__ import annotations

import json

import pygame
import pytest

from game.export import ClassReport, chart_layout, count_ticks, export_results, level_summary
from game.progress import Progress


def test_the_load_error_card_speaks_chinese_around_the_file_s_own_words(app, driver, tmp_path, monkeypatch):
    from game.scenes.error import ErrorScene
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "bad.toml").write_text("schema = 1\nid = 'x'\nkind = 'phaseplane'\n[title\n", encoding="utf-8")
    app.ctx.challenge_dirs = [folder]
    app.set_lang("zh")
    driver.press(app.scene.buttons["challenges"])
    seen: list[str] = []
    real = app.ctx.fonts.render
    monkeypatch.setattr(app.ctx.fonts, "render", lambda text, *a, **k: seen.append(text) or real(text, *a, **k))
    driver.click(app.scene.grid.tiles[0].rect.center)
    assert isinstance(app.scene, ErrorScene)
    driver.frames(1)
    assert "无法加载此关卡" in seen
    assert any(t.startswith("文件：") and "bad.toml" in t for t in seen)
    assert any(t.startswith("发现 1 个问题") for t in seen)
    assert any("line" in t for t in seen), "the loader's own words (with the TOML line) follow"


def test_the_menu_and_the_campaign_map_count_the_same_stars(app, driver, monkeypatch):
    app.progress.record("pp-01-hit-the-ring", 0.05, 3, "lower", 0, 10)
    app.progress.record("izh-02-burst", 3, 2, "higher", 0, 10)
    app.progress.record("example-phaseplane-gates", 5, 3, "higher", 0, 10)     # not a campaign level
    app.progress.record("my-own-challenge", 1, 3, "higher", 0, 10)
    seen: list[str] = []
    real = app.ctx.fonts.render
    monkeypatch.setattr(app.ctx.fonts, "render", lambda text, *a, **k: seen.append(text) or real(text, *a, **k))
    app.scene.rebuild()
    driver.frames(1)
    menu = [t for t in seen if "campaign stars" in t]
    driver.press(app.scene.buttons["campaign"])
    seen.clear()
    driver.frames(1)
    n = sum(1 for t in app.scene.grid.tiles if t.level)
    assert f"★ 5 / {3 * n}" in seen, "the map counts campaign stars"
    assert menu == [f"★ 5 / {3 * n} campaign stars"], menu


def test_a_campaign_export_holds_campaign_levels_only(app, driver, private_home):
    app.progress.record("pp-01-hit-the-ring", 0.05, 3, "lower", 0, 10)
    app.progress.record("example-phaseplane-gates", 5, 3, "higher", 0, 10)
    driver.press(app.scene.buttons["campaign"])
    driver.press(app.scene.export_btn)
    doc = json.loads(next((private_home / "exports").glob("results-*.json")).read_text(encoding="utf-8"))
    assert doc["pack"] == "campaign"
    assert [r["level"] for r in doc["levels"]] == ["pp-01-hit-the-ring"]
    prog = Progress(path=private_home / "p2" / "progress.json")
    prog.record("a", 1, 1, "higher", 0, 1)
    prog.record("b", 1, 1, "higher", 0, 1)
    path, _ = export_results(prog, private_home / "x", "all")
    assert len(json.loads(path.read_text(encoding="utf-8"))["levels"]) == 2, "no filter: every level played"


@pytest.mark.parametrize("n", [1, 2, 3, 7, 12, 31, 250])
def test_class_chart_counts_students_in_whole_numbers(n):
    ticks = count_ticks(n)
    assert ticks[0] == 0 and ticks[-1] >= n and all(isinstance(t, int) for t in ticks)
    assert len(ticks) <= 7 and len(set(b - a for a, b in zip(ticks, ticks[1:]))) == 1


def test_class_chart_keeps_the_legend_off_the_title_and_every_level_name_whole():
    pygame.font.init()
    from game import paths
    long_names = ["example-izhikevich-spikes-per-burst", "pp-03-centre-two-points", "hop-08-better-rule",
                  "a-level-id-that-is-very-long-indeed-" + "x" * 20]
    rows = [{"player": p, "level": lv, "best": 1.0, "stars": (i + j) % 4, "hints": 0, "attempts": 1,
             "time_s": 1.0} for i, p in enumerate(("a", "b", "c")) for j, lv in enumerate(long_names)]
    report = ClassReport(rows, ["a", "b", "c"], sorted(long_names), [])
    fonts = (pygame.font.Font(str(paths.FONT_REGULAR), 15), pygame.font.Font(str(paths.FONT_REGULAR), 12),
             pygame.font.Font(str(paths.FONT_BOLD), 20))
    lay = chart_layout(level_summary(report), 3, fonts)
    canvas = pygame.Rect((0, 0), lay.size)
    title, legend = pygame.Rect(lay.title), pygame.Rect(lay.legend)
    assert not title.colliderect(legend) and canvas.contains(title) and canvas.contains(legend)
    assert lay.ticks == [0, 1, 2, 3]
    for r in map(pygame.Rect, lay.labels):
        assert canvas.contains(r), f"a level name is cut: {r} outside {canvas}"


def test_screenshot_waits_for_a_converted_lab_s_background_work(app, driver, open_scene):
    import time

    from game.tools import settle_lab
    scene = open_scene("sandbox:phaseplane")
    done = []
    scene.lab.model.jobs.thread("slow", lambda job: time.sleep(0.3) or done.append(1))
    assert scene.lab.model.jobs.busy()
    assert settle_lab(app, scene, cap_s=10)
    assert done and not scene.lab.model.jobs.busy()
    scene.lab.model.jobs.thread("forever", lambda job: time.sleep(2.0))
    t0 = time.monotonic()
    assert not settle_lab(app, scene, cap_s=0.2), "the wait has a cap"
    assert time.monotonic() - t0 < 1.5
