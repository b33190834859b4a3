"""Game loop and class tools end to end: a whole chapter through the real scenes,
the results export, and the instructor's class report."""

from __future__ import annotations

import csv
import json

import pygame

from game.export import export_results, read_exports, write_report
from game.progress import Progress
from game.scenes.campaign import CampaignScene
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene


def test_a_whole_chapter_map_level_hint_win_results_next_then_export(app, driver, private_home):
    app.progress.settings["player"] = "s2026001"
    driver.press(app.scene.buttons["campaign"])
    assert isinstance(app.scene, CampaignScene)
    tiles = [t for t in app.scene.grid.tiles if t.level is not None and t.level.kind == "phaseplane"]
    driver.click(tiles[0].rect.move(0, -app.scene.grid.scroll).center)
    chapter = [t.level.id for t in tiles]
    played = []
    while True:
        scene = app.scene
        assert isinstance(scene, PlayScene)
        played.append(scene.level.id)
        if scene.tour is not None and scene.tour.active:
            for _ in range(len(scene.tour.steps)):
                driver.key(pygame.K_RETURN)
            assert not scene.tour.active
        if scene.level.hints:
            driver.press(scene.btn["hint"])
        scene.spec.scripts.play(scene.lab, driver)
        driver.frames(90)
        assert scene.banner.open, f"{scene.level.id}: no level-complete banner at three stars"
        driver.click(scene.banner.buttons["results"].center)
        assert isinstance(app.scene, ResultsScene), f"{scene.level.id}: See results did not show the results"
        driver.frames(120)                           # let the stars appear one by one
        assert app.scene.shown == 3
        if "next" not in app.scene.btn:
            break
        driver.press(app.scene.btn["next"])
    assert played == chapter
    driver.press(app.scene.btn["map"])
    assert isinstance(app.scene, CampaignScene)
    assert all(app.progress.stars(lid) == 3 for lid in chapter)
    saved = json.loads((private_home / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"][chapter[0]]["hints"] == 1 and saved["levels"][chapter[0]]["attempts"] == 1
    driver.press(app.scene.export_btn)
    exports = list((private_home / "exports").glob("results-s2026001-*.json"))
    assert len(exports) == 1
    doc = json.loads(exports[0].read_text(encoding="utf-8"))
    assert doc["player"] == "s2026001" and doc["app_version"]
    assert {r["level"] for r in doc["levels"]} == set(chapter)
    assert all(r["stars"] == 3 and r["time_s"] >= 0 for r in doc["levels"])
    assert exports[0].with_suffix(".csv").exists()


def test_class_report_merges_three_exports_and_draws_a_chart(tmp_path):
    files = []
    for i, stars in enumerate(([3, 2, 0], [3, 1, 1], [2, 0, 0])):
        prog = Progress(path=tmp_path / f"h{i}" / "progress.json")
        prog.settings["player"] = f"student{i}"
        for lvl, st in zip(("pp-01", "pp-02", "pp-03"), stars):
            prog.record(lvl, 0.1 * (i + 1), st, "lower", hints=i, time_s=30)
        files.append(export_results(prog, tmp_path / "exports", "campaign")[0])
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    report = read_exports(files + [tmp_path / "junk.json"])
    assert report.players == ["student0", "student1", "student2"]
    assert len(report.skipped) == 1 and "junk.json" in report.skipped[0]
    written = write_report(report, tmp_path / "report")
    rows = list(csv.DictReader(open(written[0], encoding="utf-8")))
    assert len(rows) == 9
    img = pygame.image.load(str(written[1]))
    arr = pygame.surfarray.array3d(img)
    assert (arr.sum(axis=2) < 600).mean() > 0.01, "the chart is empty"


def test_report_command_fails_cleanly_without_readable_files(tmp_path):
    from game.cli import main
    (tmp_path / "x.json").write_text("not json", encoding="utf-8")
    assert main(["report", str(tmp_path / "x.json"), "--out", str(tmp_path / "o")]) == 1
