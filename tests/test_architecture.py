"""The shape of the code: small modules and functions, no import cycles, labs of one shape.

Run it alone to see the figures: ``python -m tests.test_architecture``.
Imports are read from the source (every ``import`` statement, including
ones inside functions and under ``TYPE_CHECKING``), so a lazy import that
closes a cycle counts as a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80
LAB_FILES = ("model.py", "view.py", "render.py", "goals.py", "schema.py", "sandbox.py", "scripts.py")


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(GAME.rglob("*.py")):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _target(name: str, mods) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module -> the game modules it imports (anywhere in its source)."""
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, p in mods.items():
        is_pkg = p.name == "__init__.py"
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = m.split(".") if is_pkg else m.split(".")[:-1]
                    pkg = pkg[:len(pkg) - node.level + 1]
                    base = ".".join(pkg + ([node.module] if node.module else []))
                # "from pkg import sub" depends on pkg.sub; "from pkg import name" on pkg itself
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            else:
                continue
            for n in names:
                if n.startswith("game"):
                    t = _target(n, mods)
                    if t and t != m:
                        edges[m].add(t)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def long_modules() -> list[tuple[int, str]]:
    return sorted(((n, m) for m, p in modules().items()
                   if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES), reverse=True)


def long_functions() -> list[tuple[int, str]]:
    out = []
    for m, p in modules().items():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append((n, f"{m}.{node.name}"))
    return sorted(out, reverse=True)


def lab_packages() -> list[Path]:
    from game.labs import LAB_MODULES
    return [GAME / "labs" / name for name in LAB_MODULES]


# ---------------------------------------------------------------- the tests

def test_no_import_cycle_between_modules_of_game():
    found = [c for c in cycles(import_graph())]
    assert not found, "import cycles (lazy imports count): " + "; ".join(" <-> ".join(c) for c in found)


def test_no_module_of_game_is_longer_than_800_lines():
    found = [x for x in long_modules()]
    assert not found, f"modules over {MAX_MODULE_LINES} lines: {found}"


def test_no_function_of_game_is_longer_than_80_lines():
    found = [x for x in long_functions()]
    assert not found, f"functions over {MAX_FUNCTION_LINES} lines: {found}"


@pytest.mark.parametrize("package", lab_packages(), ids=lambda p: p.name)
def test_every_lab_has_the_one_shape(package):
    missing = [f for f in LAB_FILES if not (package / f).is_file()]
    assert not missing, f"{package.name} lacks {missing}"
    view = ast.parse((package / "view.py").read_text(encoding="utf-8"))
    scorers = [n.name for n in ast.walk(view) if isinstance(n, ast.FunctionDef) and n.name == "score"]
    assert not scorers, f"{package.name}/view.py defines score(): scoring belongs to the model and goals.py"
    source = "".join((package / f).read_text(encoding="utf-8") for f in ("view.py", "render.py", "model.py"))
    assert 'mode == "sandbox"' not in source and "mode != \"sandbox\"" not in source, \
        f"{package.name} compares the mode with a string: use mode.sandbox"


def test_the_sim_and_core_packages_never_import_pygame_or_labs():
    edges = import_graph()
    for m, deps in edges.items():
        if m.startswith(("game.sim", "game.core")):
            bad = [d for d in deps if d.startswith(("game.labs", "game.scenes", "game.ui", "game.app"))]
            assert not bad, f"{m} imports {bad}: the direction is sim <- core <- labs <- scenes <- app"
    for layer in ("sim", "core"):
        for p in (GAME / layer).rglob("*.py"):
            tree = ast.parse(p.read_text(encoding="utf-8"))
            names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert "pygame" not in names and "pygame_gui" not in names, f"{p} imports pygame"


def test_the_level_loader_knows_no_lab():
    deps = import_graph()["game.levels"]
    assert not [d for d in deps if d.startswith("game.labs")], "game.levels must be handed the registry"


if __name__ == "__main__":
    print("modules over 800 lines:", long_modules() or "none")
    print("functions over 80 lines:", long_functions() or "none")
    print("import cycles:", cycles(import_graph()) or "none")
    for pkg in lab_packages():
        print(f"{pkg.name}: missing {[f for f in LAB_FILES if not (pkg / f).is_file()] or 'nothing'}")
