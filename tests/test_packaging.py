"""Packaging: sim modules stay pygame-free; the wheel carries assets and levels."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # long: run by .ci/run, skipped by -m "not slow"

ROOT = Path(__file__).resolve().parent.parent


def test_importing_every_sim_module_does_not_import_pygame():
    sim = ROOT / "game" / "sim"
    mods = sorted(".".join(p.relative_to(sim).with_suffix("").parts).removesuffix(".__init__")
                  for p in sim.rglob("*.py") if p.name != "__init__.py" or p.parent != sim)
    assert any("." in m for m in mods), "the walk must reach the sim packages' modules"
    code = ("import importlib, sys\n"
            f"for m in {mods!r}: importlib.import_module('game.sim.' + m)\n"
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False", "a game.sim module imported pygame"


def test_console_script_and_python_m_game_agree():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    a = subprocess.run([sys.executable, "-m", "game", "--help"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert a.returncode == 0 and "screenshot" in a.stdout and "check" in a.stdout


def test_built_wheel_installs_and_finds_its_assets_and_levels(tmp_path):
    """Build the wheel, install it into a fresh venv, run check and a screenshot there."""
    wheel_dir = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and "No matching distribution" in build.stderr + build.stdout:
        pytest.skip("the build backend could not be downloaded here")
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("neuroarcade-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    # Install the wheel itself, not its dependencies: those come from this
    # test run's environment through a .pth file, which does not process the
    # editable install's own .pth, so `game` must come from the wheel.
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    import zipfile
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert any(n.startswith("game/_data/assets/fonts/") for n in names), "fonts missing from the wheel"
        assert any(n.startswith("game/_data/levels/campaign/") for n in names), "levels missing from the wheel"
        z.extractall(site)
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", NEUROARCADE_HOME=str(tmp_path / "h"))
    env.pop("PYTHONPATH", None)         # only the wheel may provide `game`
    where = subprocess.run([str(py), "-c", "import game, game.paths as p; print(game.__file__); print(p.CAMPAIGN)"],
                           cwd=tmp_path, capture_output=True, text=True, env=env)
    assert str(env_dir) in where.stdout, f"game was not imported from the wheel: {where.stdout} {where.stderr}"
    check = subprocess.run([str(py), "-m", "game", "check", where.stdout.splitlines()[1]], cwd=tmp_path,
                           capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    shot = tmp_path / "menu.png"
    r = subprocess.run([str(py), "-m", "game", "screenshot", "menu", "--lang", "zh", "--out", str(shot)],
                       cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert shot.stat().st_size > 10_000
