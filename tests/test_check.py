"""``neuroarcade check`` proves levels winnable and reports every problem of a file at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.check import check

ROOT = Path(__file__).resolve().parent.parent

GATES = """schema = 1
id = "{id}"
kind = "phaseplane"
window = {{ x = [-3, 3], y = [-3, 3] }}
fixed = {{ A = [[-0.3, 1.0], [-1.0, -0.3]] }}
goal = {{ type = "gates", gates = [[2.0, 0.0, 0.3], [0.0, -1.5, 0.3], [-1.0, 0.0, 0.3]], better = "higher", stars = [1, 2, 3] }}
{solution}
title = {{ en = "Gates", zh = "门" }}
brief = {{ en = "Pass the gates.", zh = "穿过各个门。" }}
learned = {{ en = "A focus spirals.", zh = "焦点呈螺旋。" }}
"""


def _cli(*args):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", "check", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _write(folder: Path, name: str, solution: str = "", id_: str | None = None) -> Path:
    p = folder / f"{name}.toml"
    p.write_text(GATES.format(id=id_ or name, solution=solution), encoding="utf-8")
    return p


def test_a_solution_that_earns_fewer_than_three_stars_is_an_error_naming_what_it_earned(tmp_path):
    _write(tmp_path, "pp-x", 'solution = { starts = [[0.0, 2.5]] }')
    report = check([str(tmp_path)])
    assert len(report.errors) == 1, report.errors
    line = report.errors[0]
    assert line.startswith(str(tmp_path / "pp-x.toml")) and "solution earns" in line
    assert "3 stars need ≥ 3" in line and "star" in line
    r = _cli(str(tmp_path))
    assert r.returncode == 1 and "solution earns" in r.stdout and "Traceback" not in r.stderr


def test_a_winning_solution_passes(tmp_path):
    from game.catalog import LABS, load_level
    from game.proof import prove
    # find a start whose spiral passes all three gates, with the game's own model
    level_file = _write(tmp_path, "probe", "solution = { starts = [[2.0, 0.0]] }")
    proof = prove(load_level(level_file), LABS)
    assert proof is not None and proof.won, proof.line()
    assert not check([str(level_file)]).failed(strict=True)


def test_a_level_without_a_solution_is_a_warning_and_strict_makes_it_an_error(tmp_path):
    _write(tmp_path, "nosol")
    report = check([str(tmp_path)])
    assert report.errors == [] and len(report.warnings) == 1
    assert "not proven winnable: add a solution" in report.warnings[0]
    assert _cli(str(tmp_path)).returncode == 0
    strict = _cli(str(tmp_path), "--strict")
    assert strict.returncode == 1 and "not proven winnable" in strict.stdout


def test_an_id_that_differs_from_the_file_name_is_an_error(tmp_path):
    _write(tmp_path, "file-name", "solution = { starts = [[2.0, 0.0]] }", id_="other-id")
    report = check([str(tmp_path)])
    assert any("id = 'other-id' differs from the file name 'file-name.toml'" in e for e in report.errors)


def test_a_missing_path_says_so_and_counts_no_files():
    r = _cli("no/such/dir")
    assert r.returncode == 1
    assert "no such file or folder: no/such/dir" in r.stdout
    assert "0 level files checked: 1 error" in r.stderr


def test_every_problem_of_a_file_is_reported_in_one_run(tmp_path):
    p = tmp_path / "two.toml"
    p.write_text(GATES.format(id="two", solution="").replace('type = "gates"', 'type = "gatez"')
                 .replace("stars = [1, 2, 3]", "stars = [3, 2, 1]"), encoding="utf-8")
    lines = check([str(p)]).errors
    assert any("goal.type = 'gatez'" in x and "did you mean 'gates'" in x for x in lines), lines
    assert any('goal.stars must rise when better = "higher"' in x for x in lines), \
        "a wrong star order must not hide behind a wrong goal type"


@pytest.mark.parametrize("folder", ["levels/campaign", "levels/examples"])
def test_shipped_levels_pass_check(folder):
    report = check([str(ROOT / folder)])
    assert report.errors == [], report.errors[:5]
    assert not [w for w in report.warnings if "not proven winnable: add" in w], "a shipped level has no solution"
