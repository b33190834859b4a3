"""Hostile challenge packs: every trick is refused with a message, nothing outside
the pack is opened or written, and no code in a level file runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from game.packs import load_pack

BASE = """schema = 1
id = "{id}"
kind = "{kind}"
title = {{ en = "T", zh = "题" }}
brief = {{ en = "B", zh = "简" }}
learned = {{ en = "L", zh = "学" }}
"""
PP_GOAL = 'fixed = { A = [[1, 0], [0, -1]] }\ngoal = { type = "closest_approach", better = "lower", stars = [0.5, 0.25, 0.1] }\n'


@pytest.fixture
def hostile(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "link.png").symlink_to(outside)
    files = {
        "traversal": BASE.format(id="traversal", kind="phaseplane") + 'image = "../secret.png"\n' + PP_GOAL,
        "absolute": BASE.format(id="absolute", kind="phaseplane") + f'image = "{outside}"\n' + PP_GOAL,
        "symlink": BASE.format(id="symlink", kind="phaseplane") + 'image = "link.png"\n' + PP_GOAL,
        "oversize": BASE.format(id="oversize", kind="phaseplane") + "# " + "x" * 300_000 + "\n" + PP_GOAL,
        "nested": BASE.format(id="nested", kind="phaseplane") + "deep = " + "[" * 5000 + "]" * 5000 + "\n",
        "gabor_escape": BASE.format(id="gabor-escape", kind="gabor")
        + '[fixed]\nimage = "../secret.png"\n[goal]\ntype = "edge_share"\nbetter = "higher"\nstars = [40, 60, 75]\n',
    }
    marker = tmp_path / "PWNED"
    evil = {
        "dunder": ("x.__class__", "y"),
        "import": (f"__import__('os').system('touch {marker}')", "y"),
        "call": ("open('/etc/passwd')", "y"),
        "power": ("9**9**9", "y"),
        "lambda": ("(lambda: 1)()", "y"),
        "attribute": ("x.real", "y"),
        "subscript": ("x[0]", "y"),
        "comprehension": ("[i for i in range(9)]", "y"),
    }
    for name, (dx, dy) in evil.items():
        text = (BASE.format(id=f"nl-{name}", kind="nonlinear")
                + 'goal = { type = "equilibria_visited", better = "higher", stars = [1, 2, 3] }\n'
                + '[fixed]\nsystem = "custom"\n[fixed.equations]\n'
                + "dx = '''" + dx + "'''\ndy = '''" + dy + "'''\n")
        files[f"nl_{name}"] = text
    for name, text in files.items():
        (pack / f"{name}.toml").write_text(text, encoding="utf-8")
    return pack, outside, marker, len(files)


def test_every_hostile_level_is_refused_with_a_message(hostile):
    pack, outside, marker, n = hostile
    result = load_pack(pack)
    assert result.levels == [], [lv.id for lv in result.levels]
    assert len(result.errors) == n
    for err in result.errors:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)
    text = "\n".join(str(e) for e in result.errors)
    assert "points outside the level's folder" in text
    assert "is an absolute path" in text
    assert "level files may be at most 256 KiB" in text
    assert not marker.exists(), "code in a level file ran"


def test_loading_a_hostile_pack_opens_nothing_outside_it_and_writes_nothing(hostile):
    pack, outside, marker, _ = hostile
    before = {p: p.stat().st_mtime_ns for p in pack.parent.rglob("*")}
    opened: list[str] = []
    active = [True]          # audit hooks cannot be removed: switch this one off after the load

    def audit(event, args):
        if active[0] and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
            opened.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode(errors="replace")))

    sys.addaudithook(audit)
    try:
        load_pack(pack)
    finally:
        active[0] = False
        recorded = list(opened)
    pack_dir = str(pack.resolve())
    outside_reads = [p for p in recorded
                     if not str(Path(p).resolve()).startswith(pack_dir)
                     and not p.endswith((".py", ".pyc", ".so", ".otf", ".toml")) and "site-packages" not in p
                     and "/lib/python" not in p]
    assert str(outside) not in recorded and str(outside.resolve()) not in [str(Path(p).resolve()) for p in recorded], \
        "the file behind the symlink or ../ was read"
    assert outside_reads == [], outside_reads
    after = {p: p.stat().st_mtime_ns for p in pack.parent.rglob("*")}
    assert after == before, "loading a pack wrote or touched files"
    assert not marker.exists()


def test_check_explains_every_hostile_file_without_a_traceback(hostile, capsys):
    from game.cli import main
    pack, _, _, n = hostile
    assert main(["check", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    files_named = {line.split(":", 1)[0] for line in out.splitlines()}
    assert len(files_named) == n
