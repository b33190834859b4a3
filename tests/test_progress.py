"""The save file: atomic writes, merges, corrupt and newer files kept aside with a notice."""

from __future__ import annotations

import json
import os

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.progress import SAVE_NAME, Progress, atomic_write


def test_a_missing_save_starts_fresh_without_a_notice(private_home):
    p = Progress.load()
    assert p.levels == {} and p.notice is None
    assert p.path == private_home / SAVE_NAME


def test_record_keeps_the_best_score_and_most_stars_and_adds_time(private_home):
    p = Progress.load()
    p.record("lvl", 0.4, 1, "lower", hints=2, time_s=10)
    p.record("lvl", 0.2, 2, "lower", hints=0, time_s=5)
    p.record("lvl", 0.9, 0, "lower", hints=1, time_s=1)
    r = p.levels["lvl"]
    assert (r.best, r.stars, r.attempts, r.time_s, r.hints) == (0.2, 2, 3, 16, 0)
    p.save()
    again = Progress.load()
    assert vars(again.levels["lvl"]) == vars(r)


def test_higher_is_better_scores_keep_the_maximum(private_home):
    p = Progress.load()
    p.record("q", 3.0, 1, "higher", 0, 1)
    p.record("q", 5.5, 3, "higher", 0, 1)
    p.record("q", 4.0, 2, "higher", 0, 1)
    assert p.levels["q"].best == 5.5 and p.levels["q"].stars == 3


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"version": "x"}', b"\xff\xfe\x00",
                                     b'{"version": 1, "levels": {"a": {"stars": 9}}}'])
def test_a_corrupt_save_is_moved_aside_with_a_notice(private_home, content):
    (private_home / SAVE_NAME).write_bytes(content)
    p = Progress.load()
    assert p.notice == "notice.save_corrupt"
    assert p.backup is not None and p.backup.read_bytes() == content, "the damaged file must be kept"
    assert not (private_home / SAVE_NAME).exists()
    p.record("x", 1.0, 1, "higher", 0, 1)
    p.save()
    assert Progress.load().levels["x"].stars == 1
    assert p.backup.exists(), "saving again must not delete the backup"


def test_a_save_from_a_newer_version_is_kept_unchanged(private_home):
    data = json.dumps({"version": 99, "levels": {"a": {"stars": 3}}})
    (private_home / SAVE_NAME).write_text(data, encoding="utf-8")
    p = Progress.load()
    assert p.notice == "notice.save_newer"
    assert p.backup.read_text(encoding="utf-8") == data


def test_bad_settings_values_are_clamped_not_fatal(private_home):
    (private_home / SAVE_NAME).write_text(json.dumps({"version": 1, "settings": {
        "scale": 7, "volume": "loud", "lang": "fr", "sound": 1, "unknown": 3}}), encoding="utf-8")
    p = Progress.load()
    assert p.notice is None
    assert p.settings["scale"] == 2.0 and p.settings["volume"] == 0.6 and p.settings["lang"] is None
    assert "unknown" not in p.settings


def test_atomic_write_leaves_no_temp_files(tmp_path):
    folder = tmp_path / "w"
    target = folder / "f.json"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in folder.iterdir()] == ["f.json"]


@settings(max_examples=60, deadline=None)
@given(blob=st.binary(max_size=300))
def test_any_bytes_in_the_save_load_without_raising(blob, tmp_path_factory):
    home = tmp_path_factory.mktemp("h")
    (home / SAVE_NAME).write_bytes(blob)
    p = Progress.load(home)
    assert isinstance(p.levels, dict)


def test_the_game_shows_the_notice_and_keeps_going_after_a_corrupt_save(private_home):
    from game.app import App
    from game.driver import Driver
    from game.scenes.menu import MenuScene
    (private_home / SAVE_NAME).write_text("{{{ broken", encoding="utf-8")
    app = App(size=(1280, 720), lang="en")
    app.push(MenuScene(app))
    d = Driver(app)
    d.frames(1)
    assert app.progress.notice == "notice.save_corrupt"
    with_notice = pygame.surfarray.array3d(app.screen).copy()
    d.key(pygame.K_SPACE)
    assert app.progress.notice is None, "any key dismisses the notice"
    without = pygame.surfarray.array3d(app.screen)
    assert (with_notice != without).any(axis=2).mean() > 0.1, "the notice card was not drawn"
    backups = [p for p in os.listdir(private_home) if ".corrupt-" in p]
    assert len(backups) == 1
    pygame.quit()
