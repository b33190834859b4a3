"""docs/level-format.md is generated from the schemas and must match them."""

from game.docs import DOC, render


def test_level_format_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), "run `python -m game.docs` after changing a schema"


def test_every_goal_type_of_every_lab_is_documented():
    from game.labs import LABS
    text = DOC.read_text(encoding="utf-8")
    for kind, spec in LABS.items():
        assert f"## Lab `{kind}`" in text
        for gtype in spec.goals:
            assert f"#### `{gtype}`" in text


def _rows_without_meaning(text: str) -> set[tuple[str, str, str]]:
    """(lab, table, field) of every table row whose meaning column is empty.

    A ``####`` table is named after its ``###`` section too ("fixed.source plaid",
    "Goal types edge_share"), so a picture kind's row is told from a goal type's.
    """
    lab = section = table = "common"
    out = set()
    for line in text.splitlines():
        if line.startswith("## "):
            lab = line.split("`")[1] if "`" in line else "common"
            section = table = "common"
        elif line.startswith("### "):
            section = table = line.split("`")[1] if "`" in line else line[4:]
        elif line.startswith("#### "):
            table = f"{section} {line.split('`')[1] if '`' in line else line[5:]}"
        elif line.startswith("| `") and line.rstrip().endswith("|  |"):
            out.add((lab, table, line.split("`")[1]))
    return out


def test_every_field_has_a_meaning():
    missing = sorted(_rows_without_meaning(render()))
    assert not missing, ("(lab, table, field) rows with no meaning (give the schema Field a description):\n"
                         + "\n".join(map(str, missing)))


def test_a_row_without_a_meaning_is_found():
    """The finder the test above relies on: a blank meaning is caught, a filled one is not."""
    text = "## Lab `x`\n\n### `fixed`\n\n| `a` | float | `1.0` |  |\n| `b` | float | `2.0` | width (px) |\n"
    assert _rows_without_meaning(text) == {("x", "fixed", "a")}
    text += ("\n### `fixed.source` pictures\n\n#### `plaid`\n\n| `name` | `\"plaid\"` | **required** | picks it |\n"
             "| `wavelength2` | float (optional) |  |  |\n\n### Goal types\n\n#### `g`\n\n| `c` | int | `1` |  |\n")
    assert _rows_without_meaning(text) == {("x", "fixed", "a"), ("x", "fixed.source plaid", "wavelength2"),
                                           ("x", "Goal types g", "c")}


def test_every_variant_of_a_documented_table_has_its_own_table():
    """DOC_VARIANTS (e.g. the Gabor lab's fixed.source pictures): one table per variant, every key a row."""
    import sys

    from game.labs import LABS
    text = DOC.read_text(encoding="utf-8")
    seen = 0
    for kind, spec in LABS.items():
        lab = text.split(f"## Lab `{kind}`", 1)[1].split("\n## ", 1)[0]
        for key, (word, models) in getattr(sys.modules[spec.fixed.__module__], "DOC_VARIANTS", {}).items():
            part = lab.split(f"### `{key}` {word}\n", 1)[1].split("\n### ", 1)[0]
            for name, model in models.items():
                table = part.split(f"#### `{name}`\n", 1)[1].split("\n#### ", 1)[0]
                for field, info in model.model_fields.items():
                    assert f"| `{info.alias or field}` |" in table, (kind, key, name, field)
                    seen += 1
    from game.labs.gabor.schema import SOURCE_MODELS
    assert seen >= sum(len(m.model_fields) for m in SOURCE_MODELS.values()) > len(SOURCE_MODELS)


def test_an_any_typed_field_is_described_by_its_json_schema_extra():
    from typing import Any

    from pydantic import BaseModel, Field

    from game.docs import _table

    class T(BaseModel):
        source: Any = Field(default=None, description="a generated image",
                            json_schema_extra={"tag": "name", "one_of": ["grating", "plaid"]})
        other: Any = Field(default=None, description="anything", json_schema_extra={"type": "a number or a list"})

    rows = "\n".join(_table(T))
    assert '| `source` | table with `name` = `"grating"` \\| `"plaid"` |  | a generated image |' in rows
    assert "| `other` | a number or a list |  | anything |" in rows


def test_the_readme_names_every_lab_a_level_can_be_written_for():
    from game.labs import LAB_MODULES
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `kind` |"))
    for name in LAB_MODULES:
        assert f"`{name}`" in row, f"README's kind row does not name {name} (game/labs/__init__.py LAB_MODULES)"
