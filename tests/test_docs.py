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


#: (lab, table, field) rows of docs/level-format.md without a meaning yet, in labs another helper is
#: converting right now (issue 16): their schemas' Field descriptions are theirs to write. Only shrinks.
UNDESCRIBED = {
    *(("gabor", "fixed", f) for f in ("source", "theta_deg", "wavelength", "sigma", "phase_deg", "gamma",
                                      "phase2_deg", "max_kernel", "response", "drift_hz")),
    *(("gabor", "controls", f) for f in ("picker", "response_toggle", "wheel_rotate")),
    *(("gabor", "solution", f) for f in ("wheel", "params", "response")),
    *(("gabor", "edge_share", f) for f in ("edges", "band_px", "response")),
    ("gabor", "wavelength_match", "region"),
    *(("gabor", "segment_contrast", f) for f in ("response", "exclude_px")),
    *(("gabor", "match_filter", f) for f in ("target", "response")),
    *(("gabor", "steady_response", f) for f in ("response", "region")),
    ("gabor", "bank_accuracy", "exclude_px"),
    *(("izhikevich", "solution", f) for f in ("a", "b", "c", "d", "I", "base", "onset_ms", "interval_ms",
                                              "width_ms", "offset_ms")),
}


def _rows_without_meaning(text: str) -> set[tuple[str, str, str]]:
    lab = table = "common"
    out = set()
    for line in text.splitlines():
        if line.startswith("## "):
            lab = line.split("`")[1] if "`" in line else "common"
            table = "common"
        elif line.startswith("### ") or line.startswith("#### "):
            table = line.split("`")[1] if "`" in line else line
        elif line.startswith("| `") and line.rstrip().endswith("|  |"):
            out.add((lab, table, line.split("`")[1]))
    return out


def test_every_field_has_a_meaning():
    missing = _rows_without_meaning(render())
    new = sorted(missing - UNDESCRIBED)
    assert not new, "fields with no description (give the schema Field a description):\n" + "\n".join(map(str, new))
    fixed = sorted(UNDESCRIBED - missing)
    assert not fixed, "described now, take them off UNDESCRIBED:\n" + "\n".join(map(str, fixed))


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
