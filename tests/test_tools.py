"""Headless tools: screenshot targets and the bench's JSON, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.labs import LABS

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, timeout=300):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("target", ["menu", "campaign", "settings", "sandbox", "challenges"]
                         + [f"sandbox:{k}" for k in LABS])
def test_screenshot_renders_every_scene_in_both_languages(tmp_path, target):
    from game.tools import screenshot
    for lang in ("en", "zh"):
        out = tmp_path / f"{lang}.png"
        assert screenshot(target, out, lang=lang, frames=3) == 0
        img = pygame.image.load(str(out))
        assert img.get_size() == (1280, 720)
        arr = pygame.surfarray.array3d(img)
        assert arr.reshape(-1, 3).std(axis=0).max() > 10, "the screenshot is blank"


def test_screenshot_at_two_times_scale_and_a_level_file(tmp_path):
    from game.tools import screenshot
    level = next((ROOT / "levels" / "campaign").glob("*.toml"))
    assert screenshot(str(level), tmp_path / "l.png", scale=2.0, frames=2) == 0


def test_screenshot_of_an_unknown_target_fails_cleanly(tmp_path):
    r = _run("screenshot", "no-such-thing", "--out", str(tmp_path / "x.png"))
    assert r.returncode == 2 and "no scene, level id or level file" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_cli_arguments_give_a_usage_message_not_a_traceback():
    r = _run("--scale", "3", "check", "levels")
    assert r.returncode == 2 and "scale must be one of" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow   # every scene of every lab: run by .ci/run, skipped by -m "not slow"
def test_bench_json_has_startup_and_per_scene_figures():
    r = _run("bench", "--json", "--frames", "20", "--idle-seconds", "0.5", timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    data = json.loads(r.stdout)
    assert data["startup_s"] > 0
    assert {"menu", "campaign"} <= set(data["scenes"])
    for kind in LABS:
        assert f"{kind}:sandbox" in data["scenes"]
    for fig in data["scenes"].values():
        assert 0 < fig["median_ms"] <= fig["p99_ms"]
        assert 0 <= fig["idle_cpu_percent"] < 400


def test_a_python_without_pygame_gets_a_message_naming_what_to_install_not_a_traceback():
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('pygame', 'pygame_gui'):\n"
            "            raise ModuleNotFoundError(f\"No module named '{name}'\", name=name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "from game.cli import main\n"
            "sys.exit(main(['check', 'levels/']))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=ROOT)
    assert r.returncode == 2, r.stderr[-2000:]
    assert "Traceback" not in r.stderr and "no 'pygame' module" in r.stderr and "pip install -e ." in r.stderr
