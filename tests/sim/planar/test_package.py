"""game.sim.planar as a package: one job per module, every public name at the top, no pygame."""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import game.sim.planar
from game.sim import planar as P

ROOT = Path(__file__).resolve().parents[3]
MODULES = sorted(m.name for m in pkgutil.iter_modules(game.sim.planar.__path__))


def test_the_sim_module_never_imports_pygame():
    code = "import sys, game.sim.planar; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_package_is_split_by_job_and_each_part_stays_small():
    assert MODULES == ["analysis", "expr", "fields", "linear", "oscillator", "systems", "trajectories"]
    for name in MODULES:
        lines = len((Path(game.sim.planar.__file__).parent / f"{name}.py").read_text(encoding="utf-8").splitlines())
        assert lines <= 800, f"planar.{name} has {lines} lines"


@pytest.mark.parametrize("name", P.__all__)
def test_every_public_name_is_importable_from_the_package_and_comes_from_a_module_of_it(name):
    obj = getattr(P, name)
    homes = [m for m in MODULES if getattr(importlib.import_module(f"game.sim.planar.{m}"), name, None) is obj]
    assert homes, f"planar.{name} is defined in none of the modules"
