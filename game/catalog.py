"""The level loader bound to the lab registry: what scenes, the CLI and tests call.

``game.levels`` is the loader alone and imports no lab; this module hands it
``game.labs.LABS``, so ``load_level(path)`` knows every installed lab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from game import levels
from game.core.level import Level
from game.labs import LABS
from game.levels import LevelError, LoadResult

__all__ = ["LABS", "Level", "LevelError", "LoadResult", "load_level", "level_from_dict", "load_folder",
           "check_paths"]


def load_level(path: Path | str) -> Level:
    """Load and validate one level file; raise ``LevelError`` listing every problem."""
    return levels.load_level(path, LABS)


def level_from_dict(data: Mapping[str, Any], path: Path | None = None) -> Level:
    """Validate an already parsed level table."""
    return levels.level_from_dict(data, path=path, registry=LABS)


def load_folder(folder: Path | str) -> LoadResult:
    """Load every level of a folder, sorted by name; broken files are listed, not raised."""
    return levels.load_folder(folder, LABS)


def check_paths(paths: list[str]) -> tuple[int, list[str]]:
    """Validate files and folders; (number of files checked, problem lines)."""
    return levels.check_paths(paths, LABS)
