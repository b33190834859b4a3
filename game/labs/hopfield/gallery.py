"""The gallery a hopfield level describes: pattern names, the (P, N) matrix of +-1, the start state.

A level's ``fixed`` table (``schema.Fixed``) lists the candidate patterns:
named glyphs of :mod:`game.sim.patterns` scaled to ``fixed.size``, inline
grids drawn with the declared ``on`` / ``off`` characters, and ``random``
seeded random patterns named ``R1``, ``R2``, ... (drawn from the generator
seeded ``[seed, 2]``). :func:`gallery` builds them and lists every problem
(the schema's cross-check reports those; the model builds from a level
that has none). :func:`start_state` is the grid the level opens with.

No pygame here; this module knows the level tables only by their fields.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from game.sim import hopfield as hf
from game.sim import patterns as pt

#: Most candidate patterns a level may show (the gallery holds two rows of eight).
MAX_PATTERNS = 16


def canonical(name: str) -> str:
    """Gallery name of a reference in a level file (single letters upper-cased)."""
    return name.upper() if isinstance(name, str) and len(name) == 1 and name.isalpha() else name


def gallery(fixed: Any, seed: int) -> tuple[list[str], np.ndarray, list[str]]:
    """Names, pattern matrix (P, N) and problems of a level's gallery.

    Named glyphs are scaled to ``fixed.size``; inline grids must have exactly
    that size and use only ``fixed.on`` / ``fixed.off``; ``fixed.random``
    random patterns named ``R1``, ``R2``, ... come from the level seed.
    """
    h, w = fixed.size
    names: list[str] = []
    rows: list[np.ndarray] = []
    problems: list[str] = []
    if fixed.on == fixed.off:
        problems.append(f"fixed.on and fixed.off must differ, both are {fixed.on!r}")
    for i, entry in enumerate(fixed.patterns):
        name, xi, entry_problems = _entry(entry, f"fixed.patterns[{i}]", fixed)
        problems.extend(entry_problems)
        if xi is None:
            continue
        if name in names:
            problems.append(f"fixed.patterns[{i}]: the name {name!r} is used twice")
            continue
        names.append(name)
        rows.append(xi)
    if len(fixed.patterns) + fixed.random > MAX_PATTERNS:
        problems.append(f"fixed.patterns has {len(fixed.patterns)} and fixed.random adds {fixed.random}: "
                        f"more than the lab's maximum of {MAX_PATTERNS} patterns")
    if fixed.random:
        R = hf.random_patterns(fixed.random, h * w, np.random.default_rng([seed, 2]))
        for k, xi in enumerate(R, start=1):
            name = f"R{k}"
            if name in names:
                problems.append(f"fixed.random: the name {name!r} is already used by fixed.patterns")
                continue
            names.append(name)
            rows.append(xi)
    if not names and not problems:
        problems.append("fixed.patterns is empty and fixed.random = 0: the gallery needs at least one pattern")
    X = np.stack(rows) if rows else np.zeros((0, h * w))
    return names, X, problems


def _entry(entry: Any, where: str, fixed: Any) -> tuple[str, np.ndarray | None, list[str]]:
    """One entry of ``fixed.patterns``: its name, its pattern (None if it has problems) and problems."""
    size = tuple(fixed.size)
    if isinstance(entry, str):
        try:
            xi = _glyph(entry, size)
        except ValueError:
            return entry, None, [f"{where} = {entry!r} is not a known pattern; use a letter A-Z, a digit 0-9 "
                                 f"or one of {', '.join(pt.SYMBOLS)}, or draw it inline as "
                                 f"{{ name = ..., rows = [...] }}"]
        return (entry.upper() if len(entry) == 1 else entry), xi, []
    grid_problems = grid_problems_of(entry.rows, size, fixed.on, fixed.off)
    if grid_problems:
        return entry.name, None, [f"{where}.rows: {p}" for p in grid_problems]
    return entry.name, pt.parse_grid(entry.rows, fixed.on, fixed.off).ravel(), []


@functools.lru_cache(maxsize=512)
def _glyph(name: str, size: tuple[int, int]) -> np.ndarray:
    """``pt.pattern(name, size)``, read-only and remembered (a bounded memo of a pure function):
    every validation of a level (the save-challenge dialog checks several) would otherwise parse
    each glyph again."""
    xi = pt.pattern(name, size)
    xi.flags.writeable = False
    return xi


def grid_problems_of(rows: list[str], size: tuple[int, int], on: str, off: str) -> list[str]:
    """Everything wrong with an inline grid, one short line each."""
    h, w = size
    out: list[str] = []
    if len(rows) != h:
        out.append(f"has {len(rows)} rows but fixed.size is {h}x{w}")
    if on == off:
        return out
    try:
        grid = pt.parse_grid(rows, on, off)
    except ValueError as exc:
        lines = [ln.strip().lstrip("- ").strip() for ln in str(exc).splitlines()[1:]]
        out.extend(lines or [str(exc)])
        return out
    if grid.shape[1] != w:
        out.append(f"rows have {grid.shape[1]} characters but fixed.size is {h}x{w}")
    return out


def start_state(fixed: Any, names: list[str], X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The level's start state (validated level: every name resolves).

    A named pattern corrupted by ``fixed.start.noise_pct`` % (drawn from
    ``rng``), a mixture of stored patterns (ties, impossible for an odd
    number, would be off), inline rows, a uniform fill, or blank (all off).
    """
    h, w = fixed.size
    st = fixed.start
    if st.pattern is not None:
        xi = X[names.index(canonical(st.pattern))]
        return hf.corrupt(xi, st.noise_pct / 100.0, rng) if st.noise_pct > 0 else xi.copy()
    if st.mixture is not None:
        idx = [names.index(canonical(n)) for n in st.mixture]
        s = hf.mixture_state(X, idx)
        return np.where(s == 0, -1.0, s)
    if st.rows is not None:
        return pt.parse_grid(st.rows, fixed.on, fixed.off).ravel()
    if st.fill == "on":
        return np.ones(h * w)
    return -np.ones(h * w)
