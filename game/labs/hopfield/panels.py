"""Surfaces the hopfield view draws: the grid, thumbnails, the weight matrix.

Every function turns numpy arrays into a ``pygame.Surface`` with one
vectorised colour lookup and one nearest-neighbour scale, so a 32x32 grid or
a 1024x1024 weight matrix costs a few milliseconds and only when its data
changes (the view caches the results).
"""

from __future__ import annotations

import numpy as np
import pygame

from game.ui import theme
from game.ui.plot import DIVERGING, array_surface, colourise

#: Cell colours: "on" (+1) is ink on the dark board, "off" (-1) the board.
ON = (236, 238, 228)
OFF = (40, 47, 68)
_LUT = np.array([OFF, ON], dtype=np.uint8)
#: Largest side of the weight matrix image before scaling (block averages beyond).
MATRIX_PX = 256


def state_rgb(state: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(h, w, 3) uint8 image of a +-1 state."""
    return _LUT[(np.asarray(state).reshape(shape) > 0).astype(np.intp)]


def grid_surface(state: np.ndarray, shape: tuple[int, int], size: tuple[int, int]) -> pygame.Surface:
    """The state as crisp cells filling ``size`` px (nearest-neighbour scale)."""
    return array_surface(state_rgb(state, shape), size)


def grid_lines(shape: tuple[int, int], cell: int) -> pygame.Surface:
    """Faint lines between cells (transparent elsewhere), for grids with big cells."""
    h, w = shape
    surf = pygame.Surface((w * cell, h * cell), pygame.SRCALPHA)
    colour = (*theme.BG, 150)
    for c in range(1, w):
        pygame.draw.line(surf, colour, (c * cell, 0), (c * cell, h * cell - 1))
    for r in range(1, h):
        pygame.draw.line(surf, colour, (0, r * cell), (w * cell - 1, r * cell))
    return surf


def thumb_surface(xi: np.ndarray, shape: tuple[int, int], px: int, dim: bool = False) -> pygame.Surface:
    """A small picture of a pattern, ``px`` wide (dimmed when not stored)."""
    rgb = state_rgb(xi, shape)
    if dim:
        rgb = (rgb.astype(np.float32) * 0.45 + np.array(theme.PANEL) * 0.55).astype(np.uint8)
    h, w = shape
    return array_surface(rgb, (px, max(1, round(px * h / w))))


def downsample(W: np.ndarray, max_px: int = MATRIX_PX) -> np.ndarray:
    """Block means of ``W`` so that its side is at most ``max_px`` (keeps structure)."""
    n = W.shape[0]
    k = int(np.ceil(n / max_px))
    if k <= 1:
        return W
    m = (n // k) * k
    return W[:m, :m].reshape(m // k, k, m // k, k).mean(axis=(1, 3))


def matrix_rgb(W: np.ndarray) -> np.ndarray:
    """The weight matrix in a diverging map (blue < 0 < red), at most ``MATRIX_PX`` square.

    The block means of a 1024 x 1024 matrix cost a few ms: the view keeps this
    image per weight matrix and only rescales it when its panel changes size.
    """
    D = downsample(np.asarray(W, dtype=float))
    finite = D[np.isfinite(D)]
    lim = float(np.max(np.abs(finite))) if finite.size else 0.0
    lim = lim if lim > 0 else 1.0
    return colourise(D, DIVERGING, -lim, lim)


def matrix_surface(W: np.ndarray, px: int, rgb: np.ndarray | None = None) -> pygame.Surface:
    """The weight matrix image (:func:`matrix_rgb`, or ``rgb`` if given), ``px`` square."""
    return array_surface(matrix_rgb(W) if rgb is None else rgb, (px, px))


def field_rgb(values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """One row of W (the weights into one unit) laid out on the grid, as an (h, w, 3) image."""
    v = np.asarray(values, dtype=float).reshape(shape)
    finite = v[np.isfinite(v)]
    lim = float(np.max(np.abs(finite))) if finite.size else 0.0
    lim = lim if lim > 0 else 1.0
    return colourise(v, DIVERGING, -lim, lim)


def field_surface(values: np.ndarray, shape: tuple[int, int], size: tuple[int, int],
                  rgb: np.ndarray | None = None) -> pygame.Surface:
    """:func:`field_rgb` (or ``rgb`` if given) scaled to ``size``."""
    return array_surface(field_rgb(values, shape) if rgb is None else rgb, size)


def cells_on_line(a: tuple[int, int], b: tuple[int, int]) -> np.ndarray:
    """Grid cells (row, col) on the segment from cell ``a`` to cell ``b`` (a drag)."""
    n = max(abs(b[0] - a[0]), abs(b[1] - a[1])) + 1
    r = np.rint(np.linspace(a[0], b[0], n)).astype(int)
    c = np.rint(np.linspace(a[1], b[1], n)).astype(int)
    return np.stack([r, c], axis=1)
