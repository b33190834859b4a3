"""Generate docs/level-format.md from the schemas the labs register.

The field tables are built from the pydantic models themselves (the common
header in ``game.levels`` and each lab's ``fixed``, ``controls``, goal and
``solution`` models), so the reference can never drift from what the loader
accepts: ``tests/test_docs.py`` regenerates it and compares. Run
``python -m game.docs`` after changing a schema.

The "meaning" column is each field's ``description``. A field typed ``Any``
(validated by its own function) is described by its ``json_schema_extra``:
``{"type": "…"}`` names its type in words, or ``{"tag": "name", "one_of":
[...]}`` says it is a table whose ``name`` picks one of the listed variants.

Such a table's variants get a table each when the lab's schema module (the
module that defines its ``fixed`` model) sets ``DOC_VARIANTS = {"fixed.field":
(heading word, {variant name: model})}``: the Gabor lab lists its
``fixed.source`` pictures so. A variant's keys are documented like any other
table's, from their ``Field(description=...)``.
"""

from __future__ import annotations

import inspect
import sys
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from game import paths, pictures
from game.labs import LABS
from game.core.schema import Goal, Param
from game.levels import LevelHeader

DOC = paths.DATA_ROOT / "docs" / "level-format.md"

INTRO = """# Level file format · 关卡文件格式

This page is generated from the loader's own schemas by `python -m game.docs`;
`neuroarcade check FILE_OR_FOLDER` validates files against exactly these rules.
本页由加载器自身的数据模型自动生成（`python -m game.docs`）；
`neuroarcade check 文件或文件夹` 按完全相同的规则检查关卡文件。

## How a level works · 关卡如何运作

- One TOML file per level, named after its `id`; text always in English (`en`)
  and Simplified Chinese (`zh`). 每个关卡一个 TOML 文件，文件名即 `id`；所有文字都要同时提供
  英文（`en`）和简体中文（`zh`）。
- Tunables are declared once under `params.NAME = {default, min, max, step, unit}`;
  the slider is built from that declaration. Values the player may not change go in
  `fixed`. 可调参数只在 `params.名称` 中声明一次（默认值、最小值、最大值、步长、单位），
  滑块由此生成；玩家不能改变的值放在 `fixed` 中。
- `goal` names a goal type of the lab, `better = "higher"` or `"lower"`, and
  three `stars` thresholds for one, two and three stars (rising for "higher",
  falling for "lower"). `goal` 指定实验的目标类型、`better`（越高越好或越低越好）以及一星、
  二星、三星的三个门槛。
- `solution` is what the test plays through the real game to prove the level
  can earn three stars. `solution` 是测试在真实游戏中演示的解法，用来证明关卡可以拿到三星。
- Level files are data: nothing in them runs; files they name must lie inside
  their own folder; files over 256 KiB are refused. 关卡文件只是数据：其中任何内容都不会被
  执行；引用的文件必须位于关卡自己的文件夹内；超过 256 KiB 的文件会被拒绝。
- A folder may hold a `pack.toml`: `title = {en, zh}`, `author`, `order = [ids]`,
  `hints = true|false`, `in_order = true|false`. 文件夹中可以放一个 `pack.toml`
  来设置挑战包的标题、作者、顺序、是否允许提示、是否按顺序解锁。
- Examples of every goal type: `levels/examples/`. 每种目标类型的示例见 `levels/examples/`。
"""


PICTURES = f"""## Pictures · 图像

- Fields that name a picture (the header's `image`; the Gabor lab's `fixed.image`) take a
  PNG or JPEG file (`.png`, `.jpg` or `.jpeg`, any case) inside the level's folder.
  引用图像的字段（头部的 `image`、Gabor 实验的 `fixed.image`）接受关卡文件夹内的 PNG 或 JPEG
  文件（`.png`、`.jpg`、`.jpeg`，大小写均可）。
- A picture may have at most {pictures.MAX_PIXELS:,} pixels (e.g. 6000 × 6000 or 8000 × 5000)
  and {pictures.MAX_BYTES // 2**20} MiB; a larger one is refused from its header, before it is decoded.
  图像最多 {pictures.MAX_PIXELS:,} 像素（例如 6000 × 6000 或 8000 × 5000）、{pictures.MAX_BYTES // 2**20} MiB；
  更大的图像在解码之前就根据文件头被拒绝。
- The Gabor lab shrinks a larger picture so its longer side fits the lab (the size is in the
  `fixed.image` row below), keeping its aspect ratio: only the few edge pixels that do not fill a
  whole averaging block are cut. Smaller pictures are not enlarged. The lab filters the grey
  (BT.601 luma) version; transparent parts are blended onto grey and a JPEG's EXIF orientation
  is applied. Gabor 实验把较大的图像缩小到适合实验的尺寸（见下方 `fixed.image` 一行），
  保持宽高比：只裁去凑不满一个平均块的少量边缘像素；较小的图像不会被放大。实验对图像的
  灰度（BT.601 亮度）版本进行滤波；透明部分与灰色背景混合，JPEG 的 EXIF 方向信息会被应用。
- `neuroarcade check` opens every picture a level names and reports each missing, truncated,
  damaged (e.g. a PNG chunk whose checksum is wrong), oversized or mislabelled one
  (e.g. a text file named `.png`) on one line with the file name and the reason.
  `neuroarcade check` 会打开关卡引用的每一幅图像，对缺失、截断、损坏（例如 PNG 数据块校验和
  错误）、过大或名不副实（例如名为 `.png` 的文本文件）的图像，每幅用一行报告文件名
  和原因。
"""


def _type_name(ann) -> str:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is typing.Annotated:  # a constrained type (e.g. a float within limits): its base type
        return _type_name(args[0])
    if origin is typing.Literal:
        return " \\| ".join(f'`"{a}"`' if isinstance(a, str) else f"`{a}`" for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        parts = [a for a in args if a is not type(None)]
        return " or ".join(_type_name(a) for a in parts) + (" (optional)" if len(parts) < len(args) else "")
    if origin in (list, tuple):
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"[{inner}{', ...' if origin is list or Ellipsis in args else ''}]"
    if origin is dict:
        return "table"
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann.__name__
    return getattr(ann, "__name__", str(ann)).replace("typing.", "")


def _field_type(info) -> str:
    """The type column: the annotation, or for an ``Any`` field what its ``json_schema_extra`` says."""
    if info.annotation is not typing.Any:
        return _type_name(info.annotation)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("one_of"):
        names = " \\| ".join(f'`"{n}"`' for n in extra["one_of"])
        return f"table with `{extra.get('tag', 'name')}` = {names}"
    return str(extra.get("type", "any value"))


def _default(info) -> str:
    if info.default is PydanticUndefined and info.default_factory is None:
        return "**required**"
    value = info.default_factory() if info.default_factory is not None else info.default
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, BaseModel):
        return ""
    return f"`{value!r}`".replace("'", '"')


def _table(model: type[BaseModel], skip=("type", "better", "stars")) -> list[str]:
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        if model is not Goal and issubclass(model, Goal) and name in skip:
            continue
        key = info.alias or name
        meaning = (info.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{key}` | {_field_type(info)} | {_default(info)} | {meaning} |")
    return rows if len(rows) > 2 else ["(no fields)"]


def _examples() -> dict[tuple[str, str], str]:
    """(kind, goal type) -> example file under levels/examples/."""
    import tomllib
    out = {}
    for f in sorted(paths.EXAMPLES.glob("*.toml")):
        try:
            data = tomllib.loads(f.read_text(encoding="utf-8"))
            out.setdefault((data.get("kind"), data.get("goal", {}).get("type")), f.name)
        except (tomllib.TOMLDecodeError, AttributeError, OSError):
            continue
    return out


def _doc(model) -> str:
    return inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")


def _variants(spec, table: str) -> list[str]:
    """The sub-sections of ``table``'s fields that take one of several tables (``DOC_VARIANTS``)."""
    module = sys.modules.get(spec.fixed.__module__)
    out: list[str] = []
    for key, (word, models) in getattr(module, "DOC_VARIANTS", {}).items():
        part, _, field = key.partition(".")
        if part != table:
            continue
        info = getattr(spec, table).model_fields[field]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        tag = extra.get("tag", "name")
        out += [f"### `{key}` {word}", "",
                f"`{key}` = {{ {tag} = \"…\", … }}: `{tag}` picks one of the tables below, and only that "
                f"table's keys are allowed.", ""]
        for name, model in models.items():
            out += [f"#### `{name}`", ""]
            if _doc(model):
                out += [_doc(model), ""]
            out += _table(model) + [""]
    return out


def render() -> str:
    examples = _examples()
    out = [INTRO, PICTURES, "## Common fields · 通用字段", ""]
    out += _table(LevelHeader)
    out += ["", "Text tables (`title`, `brief`, `learned`, each of `hints`) need both `en` and `zh`.",
            "`kind` is one of: " + ", ".join(f"`{k}`" for k in LABS) + ".",
            "", "### `params.NAME`", ""] + _table(Param)
    out += ["", "### `goal` (every goal type)", ""] + _table(Goal, skip=())
    for kind, spec in LABS.items():
        out += ["", f"## Lab `{kind}`", ""]
        out += ["Tunable names and their hard limits: " +
                ", ".join(f"`{k}` [{lo:g}, {hi:g}]" for k, (lo, hi) in spec.param_limits.items()), ""]
        for title, model in (("fixed", spec.fixed), ("controls", spec.controls), ("solution", spec.solution)):
            out += [f"### `{title}`", ""]
            if model.__doc__ and model.__doc__.strip() and model.__doc__ != BaseModel.__doc__:
                out += [_doc(model), ""]
            out += _table(model) + [""]
            out += _variants(spec, title)
        out += ["### Goal types", ""]
        for gtype, model in spec.goal_schemas().items():
            out += [f"#### `{gtype}`", "", _doc(model), ""] + _table(model) + [""]
            ex = examples.get((kind, gtype))
            if ex:
                out += [f"Example · 示例: [`levels/examples/{ex}`](../levels/examples/{ex})", ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    print(DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main())
