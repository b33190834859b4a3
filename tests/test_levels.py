"""Level files: every shipped level loads; every bad file gives its pinned message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import paths
from game.catalog import check_paths, load_folder, load_level
from game.levels import LevelError
from game.core.scoring import stars_for

BAD = Path(__file__).parent / "data" / "bad_levels"
ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(paths.LEVELS.rglob("*.toml"))


def test_there_are_shipped_levels():
    assert len(SHIPPED) >= 8


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_level_loads_and_its_file_name_is_its_id(path):
    level = load_level(path)
    assert path.stem == level.id, "name each level file after its id"
    assert level.goal is not None


def test_campaign_ids_are_unique():
    result = load_folder(paths.CAMPAIGN)
    assert not result.errors, [str(e) for e in result.errors]


BAD_FILES = sorted(BAD.glob("*.toml"))


def test_at_least_twelve_bad_levels_are_pinned():
    assert len(BAD_FILES) >= 12


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_level_gives_its_pinned_message(path):
    os.chdir(ROOT)
    rel = path.relative_to(ROOT)
    count, lines = check_paths([str(rel)])
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert count == 1
    assert lines == expected, "the loader's message changed; update the .expected file if intended"
    with pytest.raises(LevelError):
        load_level(path)


def test_a_symlink_leading_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pic.png").symlink_to(outside)
    text = (BAD / "escape_path.toml").read_text(encoding="utf-8").replace("../../../secret.png", "pic.png")
    (pack / "lvl.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LevelError, match="points outside the level's folder"):
        load_level(pack / "lvl.toml")


def test_an_image_inside_the_folder_is_accepted(tmp_path):
    (tmp_path / "pic.png").write_bytes(b"\x89PNG")
    text = (BAD / "escape_path.toml").read_text(encoding="utf-8").replace("../../../secret.png", "pic.png")
    (tmp_path / "lvl.toml").write_text(text, encoding="utf-8")
    assert load_level(tmp_path / "lvl.toml").image == (tmp_path / "pic.png").resolve()


def test_a_folder_with_broken_files_still_loads_the_good_ones(tmp_path):
    good = next(p for p in SHIPPED if p.parent.name == "campaign")
    (tmp_path / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.toml").write_text("schema = [", encoding="utf-8")
    result = load_folder(tmp_path)
    assert [lv.id for lv in result.levels] == [good.stem]
    assert len(result.errors) == 1 and "broken.toml" in str(result.errors[0])


def test_duplicate_ids_in_one_folder_are_reported(tmp_path):
    good = next(p for p in SHIPPED if p.parent.name == "campaign")
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    result = load_folder(tmp_path)
    assert len(result.levels) == 1
    assert "already used" in str(result.errors[0])


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_command_passes_on_shipped_levels_and_fails_on_bad_ones():
    ok = _cli("check", "--strict", "levels/")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK" in ok.stdout or " 0 errors" in ok.stdout
    bad = _cli("check", "tests/data/bad_levels")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    expected = sum(len(p.with_suffix(".expected").read_text(encoding="utf-8").splitlines()) for p in BAD_FILES)
    assert len(bad.stdout.splitlines()) == expected, "check prints one line per problem"
    assert bad.stderr.strip().endswith(f"{len(BAD_FILES)} level files checked: {expected} errors")


def test_check_command_on_a_missing_path_says_so():
    r = _cli("check", "no/such/dir")
    assert r.returncode == 1 and "no such file or folder" in r.stdout


@pytest.mark.parametrize("score,better,stars,expected", [
    (0.5, "lower", (0.5, 0.25, 0.15), 1), (0.2501, "lower", (0.5, 0.25, 0.15), 1),
    (0.25, "lower", (0.5, 0.25, 0.15), 2), (0.1, "lower", (0.5, 0.25, 0.15), 3),
    (0.51, "lower", (0.5, 0.25, 0.15), 0), (4, "higher", (2, 3, 4), 3), (2.99, "higher", (2, 3, 4), 1),
    (None, "higher", (2, 3, 4), 0), (float("nan"), "lower", (3, 2, 1), 0), (float("inf"), "lower", (3, 2, 1), 0),
])
def test_stars_at_and_around_thresholds(score, better, stars, expected):
    assert stars_for(score, better, stars) == expected


# Fuzzing the loader (random tables and documents, mutations, hostile values, with time and
# memory bounds) is in test_level_fuzz.py.
