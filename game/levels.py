"""Level files: TOML -> validated, frozen models, gathering every error.

A level file (DESIGN.md, "Level files") has a common part checked here and a
lab part (``fixed``, ``params``, ``controls``, ``goal``, ``solution``) checked
against the schema of its lab, found in the lab registry the caller hands
in (``game.catalog`` binds the loader to ``game.labs.LABS``; this module
imports no lab). So a new lab never edits this module. Every problem in a file is reported at once, each with its
key path, what was expected and what was found::

    levels/campaign/izh-02-burst.toml: 2 problems
      - params.d.default = 12 is outside [0, 10]
      - goal.stars must rise when better = "higher": got [4, 3, 2]

Files are data: nothing in them runs. Paths they name must resolve (symlinks
included) inside the level's own folder; files over ``MAX_BYTES`` are refused.
Before any schema sees the data, :func:`screen` bounds its shape (nesting
depth, list and table sizes, text lengths, 64-bit integers), so no file or
in-game table can make validation slow or memory-hungry.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import BaseModel, Field, ValidationError

from game import pictures
from game.core.level import Level
from game.core.schema import Param, Strict, Texts, Window, format_validation, key_path, show

MAX_BYTES = 256 * 1024
SCHEMA_VERSION = 1
# Shape bounds checked by ``screen`` before validation; every shipped level is
# far inside them (depth 6, lists of 11, texts of 400 characters).
MAX_DEPTH = 32            # tables/arrays inside one another
MAX_ITEMS = 4096          # entries in one array or table (a 32 x 32 paint list is 1024)
MAX_TEXT = 10_000         # characters in one string or key
MAX_VALUES = 50_000       # values in the whole level
MAX_CHARS = 1_000_000     # characters of all strings and keys together
INT_RANGE = (-2**63, 2**63 - 1)   # TOML integers are 64-bit
MAX_PROBLEMS = 50         # problems listed for one file; the rest are counted
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
#: Side in px ``check`` shrinks pictures to while opening them (the Gabor lab's size).
CHECK_SIDE = 256


class LevelError(Exception):
    """A level file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = list(problems) or ["unknown problem"]
        n = len(self.problems)
        head = f"{self.path}: {n} problem{'s' if n != 1 else ''}"
        super().__init__(head + "".join(f"\n  - {p}" for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, as ``neuroarcade check`` prints them."""
        return [f"{self.path}: {p}" for p in self.problems]


class LevelHeader(Strict):
    """The common part of every level file.

    A field that names a picture (here ``image``; in a lab's tables any field)
    carries ``json_schema_extra={"picture": True}``, so ``neuroarcade check``
    finds and opens it (:func:`picture_fields`).
    """

    schema_: Literal[1] = Field(alias="schema", description="version of the file format · 文件格式版本")
    id: str = Field(pattern=ID_PATTERN, description="unique name of the level and of its file (`ID.toml`): "
                                                    "lowercase letters, digits, `-`, `_` · 关卡的唯一名称，即文件名")
    kind: str = Field(description="the lab the level is played in: one of the `## Lab` sections below · "
                                  "关卡所属的实验")
    title: Texts = Field(description="name shown on the map and in the level · 关卡名称")
    brief: Texts = Field(description="the goal in a sentence or two, shown while playing: say the target and "
                                     "its unit · 关卡目标说明（写明目标及单位）")
    learned: Texts = Field(description="the \"what you learned\" note on the results screen · “你学到了什么”")
    hints: tuple[Texts, ...] = Field(default=(), max_length=8, description="up to 8 hints, shown one at a time; "
                                                                           "how many were used is saved · 提示，逐条显示")
    window: Window | None = Field(default=None, description="plot window in model units, `{ x = [lo, hi], y = "
                                                            "[lo, hi] }` (plane labs) · 相平面的显示范围")
    fixed: dict[str, Any] = Field(default_factory=dict, description="values the player may not change: the "
                                                                    "lab's `fixed` table below · 玩家不能改变的值")
    params: dict[str, Param] = Field(default_factory=dict, description="the tunables, `params.NAME = { default, "
                                                                       "min, max, step, unit }`: one slider each · 可调参数")
    controls: dict[str, Any] = Field(default_factory=dict, description="which interactions are on: the lab's "
                                                                       "`controls` table below · 允许的交互")
    goal: dict[str, Any] = Field(description="the goal: `type`, `better`, `stars` and the type's own fields "
                                             "(below) · 目标")
    solution: dict[str, Any] = Field(default_factory=dict, description="what a student would do to earn three "
                                                                       "stars; `neuroarcade check` plays it to "
                                                                       "prove the level winnable · 参考解")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="seeds every random draw, so scores reproduce · "
                                                                 "随机数种子")
    time_limit_s: float | None = Field(default=None, gt=0, le=3600, description="optional countdown in s; the "
                                                                               "level finishes when it runs out · 限时（秒）")
    tour: bool = Field(default=False, description="show the guided tour of the level screen the first time · "
                                                  "首次显示界面导览")
    image: str | None = Field(default=None, max_length=255, json_schema_extra={"picture": True},
                              description=pictures.FIELD_HELP)


def resolve_inside(folder: Path, relative: str) -> Path:
    """Resolve a path named in a level file, refusing anything outside ``folder``.

    Raises ``ValueError`` for absolute paths, ``..`` escapes and symlinks that
    lead out of the folder.
    """
    if not isinstance(relative, str) or not relative:
        raise ValueError("must be a relative file path")
    p = Path(relative)
    if p.is_absolute() or re.match(r"^[A-Za-z]:", relative):
        raise ValueError(f"'{relative}' is an absolute path; use a path inside the level's folder")
    base = folder.resolve()
    target = (base / p).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"'{relative}' points outside the level's folder")
    return target


# ---------------------------------------------------------------------- screen

def _key_path(path: tuple) -> str:
    text = key_path(tuple(k if isinstance(k, int) else str(k)[:40] for k in path[:8]))
    return (text + "..." if len(path) > 8 else text) or "the level"


def screen(data: Any, limit: int = 10) -> list[str]:
    """Bound the shape of parsed level data before any schema looks at it.

    Walks the tables and arrays without recursion and stops descending into
    anything too big, so the cost is bounded by the limits (``MAX_*``), not by
    the input. Returns at most ``limit`` problems, one line each with the key
    path; an empty list means the data is safe to validate.
    """
    problems: list[str] = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    values = chars = 0
    while stack and len(problems) < limit:
        value, path = stack.pop()
        values += 1
        if values > MAX_VALUES:
            problems.append(f"the level has more than {MAX_VALUES} values")
            break
        if isinstance(value, str):
            chars += len(value)
            if len(value) > MAX_TEXT:
                problems.append(f"{_key_path(path)}: a text of {len(value)} characters is too long "
                                f"(at most {MAX_TEXT})")
        elif isinstance(value, int) and not isinstance(value, bool):
            if not INT_RANGE[0] <= value <= INT_RANGE[1]:
                problems.append(f"{_key_path(path)}: an integer of {value.bit_length()} bits is outside "
                                f"the 64-bit range of TOML integers")
        elif isinstance(value, (Mapping, list, tuple)):
            if len(path) >= MAX_DEPTH:
                problems.append(f"{_key_path(path)}: tables and arrays are nested more than "
                                f"{MAX_DEPTH} deep")
                continue
            if len(value) > MAX_ITEMS:
                kind = "table" if isinstance(value, Mapping) else "list"
                problems.append(f"{_key_path(path)}: a {kind} of {len(value)} entries is too long "
                                f"(at most {MAX_ITEMS})")
                continue
            children: list[tuple[Any, tuple]] = []
            if isinstance(value, Mapping):
                for k, v in value.items():
                    if not isinstance(k, str):
                        problems.append(f"{_key_path(path)}: key {show(k)} is not text")
                        continue
                    chars += len(k)
                    if len(k) > MAX_TEXT:
                        problems.append(f"{_key_path(path)}: a key of {len(k)} characters is too long "
                                        f"(at most {MAX_TEXT})")
                        continue
                    children.append((v, path + (k,)))
            else:
                children = [(v, path + (i,)) for i, v in enumerate(value)]
            stack.extend(reversed(children))       # popped in document order
        if chars > MAX_CHARS:
            problems.append(f"the level's texts add up to more than {MAX_CHARS} characters")
            break
    return problems[:limit]


# ---------------------------------------------------------------------- loader

def parse_toml(path: Path) -> dict:
    """Read and parse one file, refusing oversize files; errors as LevelError."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LevelError(path, [f"cannot read file: {exc.strerror or exc}"]) from None
    if size > MAX_BYTES:
        raise LevelError(path, [f"file is {size // 1024} KiB; level files may be at most "
                                f"{MAX_BYTES // 1024} KiB"])
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LevelError(path, [f"file is not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise LevelError(path, [f"cannot read file: {exc.strerror or exc}"]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LevelError(path, [f"TOML syntax error: {exc}"]) from None
    except RecursionError:
        raise LevelError(path, ["TOML nesting is too deep"]) from None
    except ValueError as exc:   # e.g. an integer of more than 4300 digits (int() refuses it)
        what = ("an integer has too many digits (TOML integers are 64-bit)"
                if "digits" in str(exc) else str(exc).splitlines()[0][:200])
        raise LevelError(path, [f"TOML value cannot be read: {what}"]) from None


def load_level(path: Path | str, registry: Mapping[str, Any]) -> Level:
    """Load and validate one level file; raise ``LevelError`` listing every problem."""
    path = Path(path)
    data = parse_toml(path)
    return level_from_dict(data, path=path, registry=registry)


def level_from_dict(data: Mapping[str, Any], path: Path | None = None,
                    *, registry: Mapping[str, Any]) -> Level:
    """Validate an already parsed level table (also used by "save as challenge")."""
    where = path or Path("<level>")
    problems: list[str] = screen(data)
    if problems:       # not safe to validate: report the shape problems alone
        raise LevelError(where, problems)
    try:
        header = LevelHeader.model_validate(data)
    except ValidationError as err:
        problems.extend(format_validation(err, model=LevelHeader, data=data))
        header = None
    except RecursionError:
        raise LevelError(where, ["level data is nested too deeply"]) from None

    kind = data.get("kind") if isinstance(data, Mapping) else None
    lab = registry.get(kind) if isinstance(kind, str) else None
    if isinstance(kind, str) and lab is None:
        close = difflib.get_close_matches(kind, list(registry), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known kinds: {', '.join(registry)}"
        problems.append(f"kind = {show(kind)} is not a lab{hint}")

    parts: dict[str, Any] = {}
    if lab is not None and isinstance(data, Mapping):
        folder = path.parent if path else Path.cwd()
        parts, lab_problems = lab.validate_parts(data, folder, header)
        problems.extend(lab_problems)

    image = None
    if header is not None and header.image is not None:
        folder = path.parent if path else Path.cwd()
        try:
            image = resolve_inside(folder, header.image)
            if not image.is_file():
                problems.append(f"image = '{header.image}': no such file in the level's folder")
        except ValueError as exc:
            problems.append(f"image = {exc}")

    if problems or header is None:
        raise LevelError(where, _dedupe(problems))
    return Level(
        id=header.id, kind=header.kind,
        title=header.title.model_dump(), brief=header.brief.model_dump(),
        learned=header.learned.model_dump(),
        hints=tuple(h.model_dump() for h in header.hints),
        window=header.window, fixed=parts.get("fixed"), params=header.params,
        controls=parts.get("controls"), goal=parts.get("goal"), solution=parts.get("solution"),
        seed=header.seed, time_limit_s=header.time_limit_s, tour=header.tour,
        image=image, path=path, raw=dict(data),
    )


def _dedupe(items: list[str]) -> list[str]:
    """Drop repeated problems (keeping order) and cut the list at ``MAX_PROBLEMS``."""
    seen = list(dict.fromkeys(items))
    if len(seen) > MAX_PROBLEMS:
        seen = seen[:MAX_PROBLEMS] + [f"... and {len(seen) - MAX_PROBLEMS} more problems"]
    return seen


@dataclass(frozen=True)
class LoadResult:
    """Every file of a folder: good levels in order, and the broken ones."""

    levels: list[Level]
    errors: list[LevelError]


def load_folder(folder: Path | str, registry: Mapping[str, Any]) -> LoadResult:
    """Load every ``*.toml`` level in ``folder`` (not ``pack.toml``), sorted by name."""
    folder = Path(folder)
    levels: list[Level] = []
    errors: list[LevelError] = []
    seen: dict[str, Path] = {}
    try:
        files = sorted(p for p in folder.glob("*.toml") if p.name != "pack.toml")
    except OSError as exc:
        return LoadResult([], [LevelError(folder, [f"cannot list folder: {exc}"])])
    for f in files:
        try:
            lvl = load_level(f, registry)
        except LevelError as err:
            errors.append(err)
            continue
        if lvl.id in seen:
            errors.append(LevelError(f, [f"id = '{lvl.id}' is already used by {seen[lvl.id].name}"]))
            continue
        seen[lvl.id] = f
        levels.append(lvl)
    return LoadResult(levels, errors)


def check_paths(paths: list[str], registry: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Validate files and folders; return (number of files checked, problem lines).

    Beyond loading, every picture a level names is opened as the game would
    open it (:func:`check_pictures`), so a truncated or damaged file shows up
    here rather than in class.
    """
    lines: list[str] = []
    count = 0
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(x for x in path.rglob("*.toml") if x.name != "pack.toml")
            if not files:
                lines.append(f"{path}: no level files (*.toml) found")
        elif path.exists():
            files = [path]
        else:
            lines.append(f"{path}: no such file or folder")
            continue
        ids: dict[str, Path] = {}
        for f in files:
            count += 1
            try:
                lvl = load_level(f, registry)
            except LevelError as err:
                lines.extend(err.lines())
                continue
            if lvl.id in ids and path.is_dir():
                lines.append(f"{f}: id = '{lvl.id}' is already used by {ids[lvl.id]}")
            ids[lvl.id] = f
            lines.extend(check_pictures(lvl))
    return count, lines


def picture_fields(level: Level) -> list[tuple[str, str]]:
    """(key path, file name) of every field of ``level`` that names a picture.

    The header's ``image`` and, in the lab's tables (``fixed``, ``controls``,
    ``goal``, ``solution``), every field whose schema carries
    ``json_schema_extra={"picture": True}``, at any depth; so a new lab's
    picture fields are found without changing this module.
    """
    found: list[tuple[str, str]] = []
    if isinstance(level.raw.get("image"), str):
        found.append(("image", level.raw["image"]))
    for part in ("fixed", "controls", "goal", "solution"):
        found.extend(_marked_fields(getattr(level, part, None), part, 0))
    return found


def _marked_fields(obj: Any, prefix: str, depth: int):
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            key = f"{prefix}.{info.alias or name}"
            value = getattr(obj, name, None)
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            if extra.get("picture"):
                if isinstance(value, str):
                    yield key, value
            else:
                yield from _marked_fields(value, key, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from _marked_fields(value, f"{prefix}[{i}]", depth + 1)
    elif isinstance(obj, Mapping):
        for k, value in obj.items():
            yield from _marked_fields(value, f"{prefix}.{k}", depth + 1)


def check_pictures(level: Level) -> list[str]:
    """Open every picture ``level`` names; one line per bad one: level file, field, file, reason."""
    folder = level.path.parent if level.path else Path.cwd()
    lines = []
    for key, name in picture_fields(level):
        try:
            pictures.load_picture(resolve_inside(folder, name), max_side=CHECK_SIDE)
        except ValueError as exc:       # outside the folder: already refused on load, kept for safety
            lines.append(f"{level.path}: {key}: {exc}")
        except pictures.PictureError as err:     # worded as the loader words a field's problem
            lines.append(f"{level.path}: {key}: '{name}': {err.reason}")
    return lines
