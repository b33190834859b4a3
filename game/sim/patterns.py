"""Pattern sets for the Hopfield lab: letters, digits and symbols as +-1 grids.

Every glyph is drawn here as 8x8 ASCII art (``#`` on = +1, ``.`` off = -1)
and scaled to the lab's grid, from 8x8 up to 32x32, by nearest-neighbour
block scaling into the largest centred square that fits (exact 2x2, 3x3, 4x4
blocks at 16, 24 and 32; the remaining border is off).  Strokes are two
cells wide where it matters so that letters stay legible and differ from
each other in at least 15 % of the cells (``E``/``F``, ``O``/``Q``, ``P``/``R``
were drawn apart on purpose): Hebbian recall between near-identical
patterns would fail for reasons that have nothing to do with the lesson.

Patterns are flat float arrays of shape ``(h * w,)`` in row-major order,
the state layout used by :mod:`game.sim.hopfield`.  Level files store
patterns as lists of strings; :func:`parse_grid` reads them and
:func:`format_grid` writes them.

Examples
--------
>>> xi = pattern("A", size=(16, 16))
>>> xi.shape
(256,)
>>> print("\\n".join(format_grid(pattern("H", (8, 8)), (8, 8))))
##....##
##....##
##....##
########
##....##
##....##
##....##
##....##
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

__all__ = [
    "GLYPH_SIZE",
    "MIN_SIZE",
    "MAX_SIZE",
    "DEFAULT_SIZE",
    "LETTERS",
    "DIGITS",
    "SYMBOLS",
    "PATTERN_NAMES",
    "parse_grid",
    "format_grid",
    "fit_grid",
    "pattern",
    "pattern_set",
]

GLYPH_SIZE = 8            #: glyphs are drawn on an 8x8 grid
MIN_SIZE = 8              #: smallest grid side the lab uses
MAX_SIZE = 32             #: largest grid side (N = 1024)
DEFAULT_SIZE = (16, 16)

# fmt: off
_GLYPHS: dict[str, tuple[str, ...]] = {
    "A": ("...##...",
          "..####..",
          ".##..##.",
          "##....##",
          "##....##",
          "########",
          "##....##",
          "##....##"),
    "B": ("######..",
          "##...##.",
          "##...##.",
          "######..",
          "##...##.",
          "##....##",
          "##...##.",
          "######.."),
    "C": ("..#####.",
          ".##...##",
          "##......",
          "##......",
          "##......",
          "##......",
          ".##...##",
          "..#####."),
    "D": ("#####...",
          "##..##..",
          "##...##.",
          "##...##.",
          "##...##.",
          "##...##.",
          "##..##..",
          "#####..."),
    "E": ("########",
          "##......",
          "##......",
          "######..",
          "##......",
          "##......",
          "##......",
          "########"),
    "F": ("########",
          "########",
          "##......",
          "##......",
          "#####...",
          "##......",
          "##......",
          "##......"),
    "G": ("..#####.",
          ".##.....",
          "##......",
          "##..####",
          "##..####",
          "##....##",
          ".##...##",
          "..######"),
    "H": ("##....##",
          "##....##",
          "##....##",
          "########",
          "##....##",
          "##....##",
          "##....##",
          "##....##"),
    "I": ("########",
          "########",
          "...##...",
          "...##...",
          "...##...",
          "...##...",
          "########",
          "########"),
    "J": ("....####",
          ".....##.",
          ".....##.",
          ".....##.",
          ".....##.",
          "##...##.",
          ".##.##..",
          "..###..."),
    "K": ("##...##.",
          "##..##..",
          "##.##...",
          "####....",
          "####....",
          "##.##...",
          "##..##..",
          "##...##."),
    "L": ("##......",
          "##......",
          "##......",
          "##......",
          "##......",
          "##......",
          "##......",
          "#######."),
    "M": ("###..###",
          "########",
          "##.##.##",
          "##.##.##",
          "##....##",
          "##....##",
          "##....##",
          "##....##"),
    "N": ("##....##",
          "###...##",
          "####..##",
          "##.##.##",
          "##.##.##",
          "##..####",
          "##...###",
          "##....##"),
    "O": ("..####..",
          ".##..##.",
          "##....##",
          "##....##",
          "##....##",
          "##....##",
          ".##..##.",
          "..####.."),
    "P": ("######..",
          "##...##.",
          "##...##.",
          "##...##.",
          "######..",
          "##......",
          "##......",
          "##......"),
    "Q": ("..####..",
          ".##..##.",
          "##....##",
          "##....##",
          "##.##.##",
          ".##.###.",
          "..#####.",
          "......##"),
    "R": ("######..",
          "##...##.",
          "##...##.",
          "######..",
          "##.##...",
          "##..##..",
          "##...##.",
          "##....##"),
    "S": (".######.",
          "##......",
          "##......",
          ".#####..",
          ".....##.",
          "......##",
          "......##",
          "#######."),
    "T": ("########",
          "...##...",
          "...##...",
          "...##...",
          "...##...",
          "...##...",
          "...##...",
          "...##..."),
    "U": ("##....##",
          "##....##",
          "##....##",
          "##....##",
          "##....##",
          "##....##",
          "##....##",
          ".######."),
    "V": ("##....##",
          "##....##",
          "##....##",
          "##....##",
          ".##..##.",
          ".##..##.",
          "..####..",
          "...##..."),
    "W": ("##....##",
          "##....##",
          "##....##",
          "##.##.##",
          "########",
          "###..###",
          "##....##",
          ".#....#."),
    "X": ("##....##",
          ".##..##.",
          "..####..",
          "...##...",
          "..####..",
          ".##..##.",
          "##....##",
          "##....##"),
    "Y": ("##....##",
          "##....##",
          ".##..##.",
          "..####..",
          "...##...",
          "...##...",
          "...##...",
          "...##..."),
    "Z": ("########",
          ".....##.",
          "....##..",
          "...##...",
          "..##....",
          ".##.....",
          "##......",
          "########"),
    "0": ("..####..",
          ".##..##.",
          "##...###",
          "##..####",
          "####..##",
          "###...##",
          ".##..##.",
          "..####.."),
    "1": ("...##...",
          "..###...",
          ".####...",
          "##.##...",
          "...##...",
          "...##...",
          "...##...",
          ".######."),
    "2": (".######.",
          "##....##",
          "......##",
          "....###.",
          "..###...",
          ".##.....",
          "##......",
          "########"),
    "3": ("########",
          ".....##.",
          "....##..",
          "...####.",
          "......##",
          "......##",
          "##....##",
          ".######."),
    "4": ("....###.",
          "...####.",
          "..##.##.",
          ".##..##.",
          "##...##.",
          "########",
          ".....##.",
          ".....##."),
    "5": ("#######.",
          "##......",
          "##......",
          "######..",
          ".....##.",
          "......##",
          "##...##.",
          ".#####.."),
    "6": ("..####..",
          ".##.....",
          "##......",
          "######..",
          "##...##.",
          "##....##",
          ".##..##.",
          "..####.."),
    "7": ("########",
          "......##",
          ".....##.",
          "....##..",
          "...##...",
          "..##....",
          "..##....",
          "..##...."),
    "8": (".######.",
          "##....##",
          "##....##",
          ".######.",
          "##....##",
          "##....##",
          "##....##",
          ".######."),
    "9": (".######.",
          "##....##",
          "##....##",
          ".#######",
          "......##",
          "......##",
          ".....##.",
          ".#####.."),
    "heart": (".##..##.",
              "########",
              "########",
              "########",
              ".######.",
              "..####..",
              "...##...",
              "........"),
    "smiley": ("..####..",
               ".#....#.",
               "#.#..#.#",
               "#......#",
               "#.#..#.#",
               "#..##..#",
               ".#....#.",
               "..####.."),
    "arrow": ("...##...",
              "....##..",
              ".....##.",
              "########",
              "########",
              ".....##.",
              "....##..",
              "...##..."),
    "arrow_up": ("...##...",
                 "..####..",
                 ".######.",
                 "##.##.##",
                 "...##...",
                 "...##...",
                 "...##...",
                 "...##..."),
    "plus": ("...##...",
             "...##...",
             "...##...",
             "########",
             "########",
             "...##...",
             "...##...",
             "...##..."),
    "cross": ("##....##",
              "###..###",
              ".######.",
              "..####..",
              "..####..",
              ".######.",
              "###..###",
              "##....##"),
    "square": ("########",
               "########",
               "##....##",
               "##....##",
               "##....##",
               "##....##",
               "########",
               "########"),
    "diamond": ("...##...",
                "..####..",
                ".######.",
                "########",
                "########",
                ".######.",
                "..####..",
                "...##..."),
    "triangle": ("...##...",
                 "...##...",
                 "..####..",
                 "..####..",
                 ".######.",
                 ".######.",
                 "########",
                 "########"),
    "checker": ("##..##..",
                "##..##..",
                "..##..##",
                "..##..##",
                "##..##..",
                "##..##..",
                "..##..##",
                "..##..##"),
}
# fmt: on

LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGITS = tuple("0123456789")
SYMBOLS = ("heart", "smiley", "arrow", "arrow_up", "plus", "cross", "square",
           "diamond", "triangle", "checker")
#: Every name :func:`pattern` accepts (letters are also accepted in lower case).
PATTERN_NAMES = LETTERS + DIGITS + SYMBOLS


def parse_grid(rows: Sequence[str], on: str = "#", off: str = ".") -> np.ndarray:
    """Read a grid drawn as strings into a +-1 array.

    Parameters
    ----------
    rows : sequence of str
        One string per row, all the same length (as stored in level files).
    on, off : str
        Single characters for +1 and -1.

    Returns
    -------
    ndarray, shape (len(rows), len(rows[0])), float
        +1 where ``on``, -1 where ``off``.  Use ``.ravel()`` for a state.

    Raises
    ------
    ValueError
        Listing every problem at once, rows and columns counted from 1, e.g.
        ``row 3, column 5: 'x' is neither on '#' nor off '.'``.

    Examples
    --------
    >>> parse_grid(["#.", ".#"])
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    if not (isinstance(on, str) and isinstance(off, str) and len(on) == 1 and len(off) == 1):
        raise ValueError(f"on and off must be single characters, got on={on!r}, off={off!r}")
    if on == off:
        raise ValueError(f"on and off must differ, both are {on!r}")
    if isinstance(rows, str):
        raise ValueError("rows must be a list of strings, one per row, not a single string")
    rows = list(rows)
    if not rows:
        raise ValueError("grid has no rows")
    problems: list[str] = []
    width = None
    for r, row in enumerate(rows, start=1):
        if not isinstance(row, str):
            problems.append(f"row {r} is {type(row).__name__} {row!r}, expected a string")
            continue
        if width is None:
            width = len(row)
            if width == 0:
                problems.append("row 1 is empty")
        elif len(row) != width:
            problems.append(f"row {r} has {len(row)} characters, expected {width} (the width of row 1)")
        for c, ch in enumerate(row, start=1):
            if ch != on and ch != off:
                problems.append(f"row {r}, column {c}: {ch!r} is neither on {on!r} nor off {off!r}")
                break  # one per row is enough to locate it
    if problems:
        head = "grid has 1 problem" if len(problems) == 1 else f"grid has {len(problems)} problems"
        raise ValueError(head + ":\n" + "\n".join(f"  - {p}" for p in problems))
    return np.array([[1.0 if ch == on else -1.0 for ch in row] for row in rows])


def format_grid(s, shape: tuple[int, int], on: str = "#", off: str = ".") -> list[str]:
    """Write a +-1 state as strings, one per row (inverse of :func:`parse_grid`).

    Parameters
    ----------
    s : array_like, shape (h * w,) or (h, w)
        Positive entries are drawn ``on``, the rest ``off``.
    shape : (h, w)

    Returns
    -------
    list of str
    """
    h, w = (int(shape[0]), int(shape[1]))
    a = np.asarray(s).reshape(h, w)
    return ["".join(on if v > 0 else off for v in row) for row in a]


def fit_grid(grid, size: tuple[int, int]) -> np.ndarray:
    """Scale a 2-D +-1 grid into ``size`` (h, w), nearest neighbour, centred.

    The glyph is scaled by ``min(h / gh, w / gw)`` into the largest box with
    its aspect ratio that fits, so integer ratios give exact ``k x k`` blocks;
    the margin around it is -1 (off).

    Returns
    -------
    ndarray, shape (h, w), float
    """
    g = np.asarray(grid, dtype=float)
    gh, gw = g.shape
    H, Wd = int(size[0]), int(size[1])
    scale = min(H / gh, Wd / gw)
    bh, bw = max(1, int(np.floor(gh * scale + 1e-9))), max(1, int(np.floor(gw * scale + 1e-9)))
    ri = np.minimum(((np.arange(bh) + 0.5) * gh / bh).astype(int), gh - 1)
    ci = np.minimum(((np.arange(bw) + 0.5) * gw / bw).astype(int), gw - 1)
    out = -np.ones((H, Wd))
    r0, c0 = (H - bh) // 2, (Wd - bw) // 2
    out[r0:r0 + bh, c0:c0 + bw] = g[np.ix_(ri, ci)]
    return out


def _lookup(name: str) -> tuple[str, ...]:
    if name in _GLYPHS:
        return _GLYPHS[name]
    if isinstance(name, str) and len(name) == 1 and name.upper() in _GLYPHS:
        return _GLYPHS[name.upper()]
    raise ValueError(f"unknown pattern {name!r}; choose from {', '.join(PATTERN_NAMES)}")


def pattern(name: str, size: tuple[int, int] = DEFAULT_SIZE) -> np.ndarray:
    """The named glyph as a flat +-1 pattern of ``size`` (h, w).

    Parameters
    ----------
    name : str
        One of :data:`PATTERN_NAMES` (``"A"``-``"Z"``, also lower case;
        ``"0"``-``"9"``; ``"heart"``, ``"smiley"``, ...).
    size : (h, w), default (16, 16)
        Grid size, each side from 8 to 32.

    Returns
    -------
    ndarray, shape (h * w,), float
        Row-major, +1 on, -1 off.
    """
    h, w = (int(size[0]), int(size[1]))
    if not (MIN_SIZE <= h <= MAX_SIZE and MIN_SIZE <= w <= MAX_SIZE):
        raise ValueError(f"size must be between {MIN_SIZE}x{MIN_SIZE} and {MAX_SIZE}x{MAX_SIZE}, got {h}x{w}")
    return fit_grid(parse_grid(_lookup(name)), (h, w)).ravel()


def pattern_set(names: Iterable[str], size: tuple[int, int] = DEFAULT_SIZE) -> np.ndarray:
    """Several named patterns stacked as rows, shape (P, h * w) (input to the learning rules)."""
    names = list(names)
    if not names:
        return np.zeros((0, int(size[0]) * int(size[1])))
    return np.stack([pattern(n, size) for n in names])
