"""Challenge packs: a folder of level files plus an optional ``pack.toml``.

::

    schema = 1
    title = { en = "Week 5: spiking neurons", zh = "第五周：脉冲神经元" }
    author = "Dr. Li"
    order = ["izh-quiz-1", "izh-quiz-2"]   # listed ids first, in this order
    hints = false                          # hide the hint button
    in_order = true                        # unlock one level at a time

Without ``pack.toml`` a folder is a pack titled by its name, levels sorted by
file name, hints on, everything unlocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError

from game.catalog import load_folder
from game.core.level import Level
from game.core.schema import Strict, Texts, format_validation
from game.levels import LevelError, parse_toml

PACK_FILE = "pack.toml"


class PackFile(Strict):
    schema_: int = Field(default=1, alias="schema", ge=1, le=1)
    title: Texts
    author: str = Field(default="", max_length=120)
    order: list[str] = Field(default_factory=list, max_length=500)
    hints: bool = True
    in_order: bool = False


@dataclass
class Pack:
    folder: Path
    title: dict[str, str]
    author: str = ""
    hints: bool = True
    in_order: bool = False
    levels: list[Level] = field(default_factory=list)
    errors: list[LevelError] = field(default_factory=list)


def load_pack(folder: Path | str) -> Pack:
    """Load a folder as a pack; problems in pack.toml are reported like level errors."""
    folder = Path(folder)
    result = load_folder(folder)
    pack = Pack(folder=folder, title={"en": folder.name, "zh": folder.name},
                levels=list(result.levels), errors=list(result.errors))
    meta_path = folder / PACK_FILE
    if meta_path.is_file():
        try:
            meta = PackFile.model_validate(parse_toml(meta_path))
        except LevelError as err:
            pack.errors.insert(0, err)
            return pack
        except ValidationError as err:
            pack.errors.insert(0, LevelError(meta_path, format_validation(err, model=PackFile)))
            return pack
        pack.title = meta.title.model_dump()
        pack.author, pack.hints, pack.in_order = meta.author, meta.hints, meta.in_order
        rank = {lid: i for i, lid in enumerate(meta.order)}
        pack.levels.sort(key=lambda lv: (rank.get(lv.id, len(rank)), lv.path.name if lv.path else lv.id))
        unknown = [lid for lid in meta.order if lid not in {lv.id for lv in pack.levels}]
        if unknown:
            pack.errors.insert(0, LevelError(meta_path, [f"order lists ids with no level file: {', '.join(unknown)}"]))
    return pack
