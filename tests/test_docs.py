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
