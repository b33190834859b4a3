"""Maps into surfaces for the gabor lab: colour tables, palette surfaces, outlines, the winner map.

Stateless helpers of ``render.py``. Everything is vectorised: a 256 x 256 map
becomes colour-table indices in one numpy pass and is written into an 8-bit
palette surface, so a changed response costs a fraction of a millisecond to
show. The colour tables are named (``"grey"``, ``"diverging"``,
``"viridis"``); their palettes are made once, at import.
"""

from __future__ import annotations

import colorsys
import math

import numpy as np
import pygame
from scipy import ndimage

from game.ui.plot import DIVERGING, VIRIDIS

GREY = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
#: The colour tables by name (256 x 3, uint8).
LUTS = {"grey": GREY, "diverging": DIVERGING, "viridis": VIRIDIS}
#: The same as pygame palettes (lists of RGB tuples), made once.
PALETTES = {name: [tuple(int(c) for c in row) for row in lut] for name, lut in LUTS.items()}


def orientation_colours(n: int = 8) -> np.ndarray:
    """``n`` colours round the hue circle, one per bank orientation (as V1 maps are drawn)."""
    cols = [colorsys.hsv_to_rgb(k / n, 0.72, 1.0) for k in range(n)]
    return (np.array(cols) * 255).astype(np.uint8)


ORIENT = orientation_colours(8)
_ORIENT_F32 = [np.ascontiguousarray(ORIENT[:, c].astype(np.float32)) for c in range(3)]


def index_map(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """A 2-D map as colour-table indices 0..255 (uint8, same shape); NaN -> 0."""
    v = np.asarray(values, dtype=np.float32)
    span = hi - lo
    scale = np.float32(255.0 / span) if span > 0 and math.isfinite(span) else np.float32(0.0)
    idx = np.subtract(v, np.float32(lo), dtype=np.float32)
    idx *= scale
    np.clip(idx, 0, 255, out=idx)                     # +inf -> 255, -inf -> 0
    np.copyto(idx, 0.0, where=np.isnan(idx))          # NaN -> 0 (cheaper than nan_to_num)
    return idx.astype(np.uint8)


def map_rgb(values: np.ndarray, lut: str, lo: float, hi: float) -> np.ndarray:
    """Colour a 2-D map with a named table: (W, H, 3) for ``surfarray``."""
    return LUTS[lut][index_map(values, lo, hi).T]


def palette_surface(size: tuple[int, int], lut: str) -> pygame.Surface:
    """An 8-bit surface whose palette is the named table: maps are written as indices.

    Writing one byte per pixel and letting SDL expand the palette on blit is
    about ten times faster than building an RGB array in numpy.
    """
    surf = pygame.Surface(size, depth=8)
    surf.set_palette(PALETTES[lut])
    return surf


def blit_map(surf: pygame.Surface, values: np.ndarray, lut: str, lo: float, hi: float) -> None:
    """Write a coloured map into ``surf`` (which has the map's size).

    ``surf`` may be a :func:`palette_surface` (fast path: indices only; its
    palette is set to ``lut``) or any RGB surface.
    """
    if surf.get_bitsize() == 8:
        surf.set_palette(PALETTES[lut])
        pygame.surfarray.blit_array(surf, index_map(values, lo, hi).T)
    else:
        pygame.surfarray.blit_array(surf, map_rgb(values, lut, lo, hi))


def lut_strip(lut: str, size: tuple[int, int]) -> pygame.Surface:
    """A horizontal colour-bar surface of the named table."""
    cols = LUTS[lut][np.linspace(0, 255, max(1, size[0])).astype(int)]
    return pygame.surfarray.make_surface(np.repeat(cols[:, None, :], max(1, size[1]), axis=1))


def fit(surf: pygame.Surface, size: tuple[int, int], smooth: bool = False) -> pygame.Surface:
    """``surf`` scaled to ``size`` (nearest by default, so pixels stay honest)."""
    if surf.get_size() == tuple(size):
        return surf
    if smooth:
        return pygame.transform.smoothscale(surf, size)
    return pygame.transform.scale(surf, size)


def robust_max(values: np.ndarray, margin: float = 0.0) -> float:
    """About the 99.5th percentile of ``|values|``: a colour scale a few hot pixels cannot wash out.

    Measured on every 4th pixel in each direction (``np.partition``, no sort),
    which is plenty for a smooth response map and costs ~0.05 ms.
    ``margin`` is the fraction of each side left out at the borders, where
    the image's padding (reflection) can make a filter answer strongly.
    """
    v = np.asarray(values)
    if v.ndim == 2 and margin > 0:
        h, w = v.shape
        dh, dw = int(h * margin), int(w * margin)
        v = v[dh:h - dh or None, dw:w - dw or None]
    step = 4 if v.ndim == 2 and min(v.shape) >= 64 else 1
    sample = np.abs(v[::step, ::step] if v.ndim == 2 else v).ravel()
    sample = sample[np.isfinite(sample)]
    if sample.size == 0:
        return 1.0
    k = min(sample.size - 1, int(0.995 * sample.size))
    hi = float(np.partition(sample, k)[k])
    if not hi > 0:
        hi = float(sample.max())
    return hi if hi > 0 and math.isfinite(hi) else 1.0


def response_lut(mode: str) -> tuple[str, bool]:
    """Colour table and whether the map is signed (diverging, 0 = white)."""
    if mode in ("even", "odd"):
        return "diverging", True
    return "viridis", False


def outline(mask: np.ndarray, colour, width: int = 1) -> pygame.Surface:
    """Transparent surface (image size) with a line just outside ``mask``.

    The line runs round the region without covering it, so the response
    inside stays visible.
    """
    m = np.asarray(mask, bool)
    grown = ndimage.binary_dilation(m, iterations=width)
    edge = grown & ~m
    surf = pygame.Surface((m.shape[1], m.shape[0]), pygame.SRCALPHA)
    surf.fill((0, 0, 0, 0))
    rgba = pygame.surfarray.pixels3d(surf)
    alpha = pygame.surfarray.pixels_alpha(surf)
    rgba[edge.T] = colour[:3]
    alpha[edge.T] = 230
    del rgba, alpha
    return surf


def winner_rgb(winner: np.ndarray, selectivity: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Winning orientation as hue, orientation selectivity as brightness: (W, H, 3).

    ``floor`` is the smallest selectivity drawn at full brightness, so a
    bank that barely answers stays dark instead of showing amplified noise.
    Built one colour channel at a time in float32 (a (H, W, 3) gather of the
    hue table cost several times more).
    """
    hi = max(robust_max(selectivity), floor)
    light = np.asarray(selectivity, np.float32) / np.float32(hi)
    np.clip(light, 0.0, 1.0, out=light)
    np.power(light, np.float32(0.7), out=light)
    light *= np.float32(0.94)
    light += np.float32(0.06)
    wt = np.clip(winner, 0, len(ORIENT) - 1).T
    lt = light.T
    out = np.empty(wt.shape + (3,), np.uint8)
    for c in range(3):
        ch = _ORIENT_F32[c][wt]
        ch *= lt
        out[..., c] = ch
    return out


def block_mean(a: np.ndarray, k: int) -> np.ndarray:
    """Shrink a 2-D array by an integer factor ``k`` with block means.

    Summed as k^2 strided slices (a bank thumbnail: 9 small additions),
    several times faster than a mean over the axes of a 4-D reshape.
    """
    k = max(1, min(k, *a.shape))     # a picture thinner than k px would leave an empty map
    h, w = (a.shape[0] // k) * k, (a.shape[1] // k) * k
    a = a[:h, :w]
    out = a[0::k, 0::k].astype(np.result_type(a.dtype, np.float32), copy=True)
    for i in range(k):
        for j in range(k):
            if i or j:
                out += a[i::k, j::k]
    out *= 1.0 / (k * k)
    return out


def ellipse_points(centre, a: float, b: float, theta: float, n: int = 48) -> list[tuple[float, float]]:
    """Points of an ellipse with semi-axes ``a`` along (cos θ, sin θ) and ``b`` across (screen, y down)."""
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    xr, yr = a * np.cos(t), b * np.sin(t)
    c, s = math.cos(theta), math.sin(theta)
    x = centre[0] + xr * c - yr * s
    y = centre[1] + xr * s + yr * c
    return list(zip(x.tolist(), y.tolist()))
