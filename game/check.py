"""``neuroarcade check``: is every level valid, readable in class and proven winnable?

For each level file (folders are searched recursively; ``pack.toml`` files
are checked as packs):

- every problem the loader finds, all at once, with key paths;
- an ``id`` that differs from the file name, an ``id`` used twice;
- every picture the level names, opened as the game opens it;
- the level's ``solution`` played headless through the game's own scorers
  (:func:`game.proof.prove`): fewer than three stars is an error that says
  what it earned and what three stars need; a level with no solution is a
  warning ("not proven winnable").

Errors make the exit status 1; warnings only with ``--strict``. One line per
finding, then a summary line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from game import levels
from game.catalog import LABS
from game.levels import LevelError
from game.proof import has_solution, prove


@dataclass
class Report:
    files: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self, strict: bool = False) -> str:
        n = f"{self.files} level file{'s' if self.files != 1 else ''}"
        if not self.errors and not self.warnings:
            return f"{n} OK"
        parts = [f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"]
        if self.warnings:
            w = f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
            parts.append(w + (" (errors with --strict)" if strict else ""))
        return f"{n} checked: {', '.join(parts)}"


def _files(path: Path, report: Report) -> list[Path]:
    if path.is_dir():
        files = sorted(x for x in path.rglob("*.toml") if x.name != "pack.toml")
        if not files:
            report.errors.append(f"{path}: no level files (*.toml) found")
        return files
    if path.exists():
        return [path]
    report.errors.append(f"no such file or folder: {path}")
    return []


def check_file(f: Path, report: Report, ids: dict[str, Path], registry: Mapping = LABS) -> None:
    """Every finding of one level file, added to ``report``."""
    report.files += 1
    try:
        level = levels.load_level(f, registry)
    except LevelError as err:
        report.errors.extend(err.lines())
        return
    if level.id != f.stem:
        report.errors.append(f"{f}: id = '{level.id}' differs from the file name '{f.name}'; "
                             f"name the file {level.id}.toml or set id = '{f.stem}'")
    if level.id in ids:
        report.errors.append(f"{f}: id = '{level.id}' is already used by {ids[level.id]}")
    ids.setdefault(level.id, f)
    bad_pictures = levels.check_pictures(level)
    report.errors.extend(bad_pictures)
    if bad_pictures:               # the level cannot be played as written: nothing to prove
        return
    if not has_solution(level):
        report.warnings.append(f"{f}: warning: not proven winnable: add a solution table "
                               f"(what a student would do to earn three stars)")
        return
    proof = prove(level, registry)
    if proof is None:
        report.warnings.append(f"{f}: warning: the {level.kind} lab cannot play solutions headless yet; "
                               f"not proven winnable")
    elif not proof.won:
        report.errors.append(f"{f}: {proof.line()}")


def check(paths: list[str], registry: Mapping = LABS) -> Report:
    """Check files and folders (recursively) and the packs in them."""
    from game.packs import PACK_FILE, load_pack
    report = Report()
    for p in paths:
        path = Path(p)
        ids: dict[str, Path] = {}
        for f in _files(path, report):
            check_file(f, report, ids, registry)
        for meta in sorted(path.rglob(PACK_FILE)) if path.is_dir() else []:
            for err in load_pack(meta.parent).errors:
                if Path(err.path).name == PACK_FILE:
                    report.errors.extend(err.lines())
    return report


def main(paths: list[str], strict: bool = False) -> int:
    report = check(paths)
    for line in report.errors + report.warnings:
        print(line)
    print(report.summary(strict), file=sys.stderr if report.failed(strict) else sys.stdout)
    return 1 if report.failed(strict) else 0
