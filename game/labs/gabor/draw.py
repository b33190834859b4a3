"""Drawing helpers of the gabor lab: maps into surfaces, outlines, polar plot.

Everything here is vectorised: a 256 x 256 map becomes colour-table
indices in one numpy pass and is written into an 8-bit palette surface, so
a changed response costs a fraction of a millisecond to show.
"""

from __future__ import annotations

import colorsys
import math

import numpy as np
import pygame
from scipy import ndimage

from game.ui import theme
from game.ui.plot import DIVERGING, VIRIDIS, dashed_polyline

GREY = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)


def orientation_colours(n: int = 8) -> np.ndarray:
    """``n`` colours round the hue circle, one per bank orientation (as V1 maps are drawn)."""
    cols = [colorsys.hsv_to_rgb(k / n, 0.72, 1.0) for k in range(n)]
    return (np.array(cols) * 255).astype(np.uint8)


ORIENT = orientation_colours(8)


def map_rgb(values: np.ndarray, lut: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Colour a 2-D map with a 256-entry table: (W, H, 3) for ``surfarray``."""
    return lut[index_map(values, lo, hi).T]


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


_PALETTES: dict[int, tuple[np.ndarray, list]] = {}


def _palette(lut: np.ndarray) -> list:
    hit = _PALETTES.get(id(lut))
    if hit is None or hit[0] is not lut:
        hit = (lut, [tuple(int(c) for c in row) for row in lut])
        _PALETTES[id(lut)] = hit
    return hit[1]


def palette_surface(size: tuple[int, int], lut: np.ndarray) -> pygame.Surface:
    """An 8-bit surface whose palette is ``lut``: maps are written as indices.

    Writing one byte per pixel and letting SDL expand the palette on blit is
    about ten times faster than building an RGB array in numpy.
    """
    surf = pygame.Surface(size, depth=8)
    surf.set_palette(_palette(lut))
    return surf


def blit_map(surf: pygame.Surface, values: np.ndarray, lut: np.ndarray, lo: float, hi: float) -> None:
    """Write a coloured map into ``surf`` (which has the map's size).

    ``surf`` may be a :func:`palette_surface` (fast path: indices only; its
    palette is set to ``lut`` if it differs) or any RGB surface.
    """
    if surf.get_bitsize() == 8:
        surf.set_palette(_palette(lut))
        pygame.surfarray.blit_array(surf, index_map(values, lo, hi).T)
    else:
        pygame.surfarray.blit_array(surf, map_rgb(values, lut, lo, hi))


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


_STRIPS: dict[tuple, pygame.Surface] = {}


def lut_strip(lut: np.ndarray, size: tuple[int, int]) -> pygame.Surface:
    """A horizontal colour-bar surface of ``lut`` (cached per table and size)."""
    key = (id(lut), size)
    surf = _STRIPS.get(key)
    if surf is None:
        cols = lut[np.linspace(0, 255, max(1, size[0])).astype(int)]
        surf = pygame.surfarray.make_surface(np.repeat(cols[:, None, :], max(1, size[1]), axis=1))
        if len(_STRIPS) > 16:
            _STRIPS.clear()
        _STRIPS[key] = surf
    return surf


def response_lut(mode: str) -> tuple[np.ndarray, bool]:
    """Colour table and whether the map is signed (diverging, 0 = white)."""
    if mode in ("even", "odd"):
        return DIVERGING, True
    return VIRIDIS, False


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


_ORIENT_F32 = [np.ascontiguousarray(ORIENT[:, c].astype(np.float32)) for c in range(3)]


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


_POLAR_BG: dict[tuple, pygame.Surface] = {}


def _polar_background(fonts, radius: int, s, labels: bool = True) -> tuple[pygame.Surface, int]:
    """Rings, spokes, the dashed half-height ring and the angle labels (cached per size)."""
    pad = s(40)
    key = (radius, pad, id(fonts), fonts.scale, labels)
    surf = _POLAR_BG.get(key)
    if surf is None:
        size = 2 * (radius + pad)
        surf = pygame.Surface((size, size), pygame.SRCALPHA)
        centre = (radius + pad, radius + pad)
        cx, cy = centre
        pygame.draw.circle(surf, theme.PANEL, centre, radius)
        for frac in (0.25, 0.75, 1.0):
            pygame.draw.circle(surf, theme.GRID, centre, max(1, int(radius * frac)), 1)
        for k in range(8):
            a = k * math.pi / 4
            pygame.draw.line(surf, theme.GRID, centre, (cx + radius * math.cos(a), cy + radius * math.sin(a)))
        half = [(cx + radius * 0.5 * math.cos(a), cy + radius * 0.5 * math.sin(a))
                for a in np.linspace(0, 2 * math.pi, 97)]
        dashed_polyline(surf, theme.TEXT_DIM, half, 1, s(4))
        for deg, anchor in ((0, "midleft"), (90, "midtop"), (180, "midright"), (270, "midbottom")):
            if not labels:
                break
            a = math.radians(deg)
            pos = (cx + (radius + s(8)) * math.cos(a), cy + (radius + s(8)) * math.sin(a))
            img = fonts.render(f"{deg}°", theme.SMALL_FONT - 2, theme.TEXT_DIM)
            surf.blit(img, img.get_rect(**{anchor: (int(pos[0]), int(pos[1]))}))
        # Flattened onto the background colour, which is then the colour key: the
        # scene under the plot is that colour, so the look is the same, and each
        # frame's blit (the plot turns with θ) skips pixels instead of blending them.
        flat = pygame.Surface(surf.get_size())
        flat.fill(theme.BG)
        flat.blit(surf, (0, 0))
        flat.set_colorkey(theme.BG)
        surf = flat
        if len(_POLAR_BG) > 8:
            _POLAR_BG.clear()
        _POLAR_BG[key] = surf
    return surf, pad


def draw_polar(surface: pygame.Surface, fonts, centre, radius: int, curve: np.ndarray, theta: float,
               s, labels: bool = True) -> None:
    """Polar orientation tuning: ``curve`` (period pi, max 1) turned to the preferred ``theta``.

    Angles run clockwise on screen from +x, as θ does in the image. The
    dashed ring is the half-maximum level that defines the FWHM.
    """
    cx, cy = centre
    bg, pad = _polar_background(fonts, radius, s, labels)
    surface.blit(bg, (cx - radius - pad, cy - radius - pad))
    n = len(curve)
    if n:
        phi = np.linspace(0, 2 * math.pi, 4 * n + 1)
        rel = (phi - theta) % math.pi
        grid = np.arange(n + 1) * math.pi / n
        r = np.interp(rel, grid, np.append(curve, curve[0])) * radius
        pts = list(zip((cx + r * np.cos(phi)).tolist(), (cy + r * np.sin(phi)).tolist()))
        if len(pts) > 2:
            pygame.draw.polygon(surface, (44, 86, 118), pts)
            pygame.draw.lines(surface, theme.ACCENT, True, pts, s(2))
    for a in (theta, theta + math.pi):
        end = (cx + radius * math.cos(a), cy + radius * math.sin(a))
        pygame.draw.line(surface, theme.WARN, centre, end, s(2))
    tip = (int(cx + radius * math.cos(theta)), int(cy + radius * math.sin(theta)))
    pygame.draw.circle(surface, theme.WARN, tip, s(5))


def fwhm_from_curve(curve: np.ndarray) -> float:
    """Full width at half maximum (degrees) of a period-pi curve sampled on [0, pi).

    The curve's maximum is at index 0 (the preferred direction); returns 180
    when it never falls to half.
    """
    c = np.asarray(curve, dtype=float)
    n = len(c)
    if n < 2 or not c[0] > 0:
        return 180.0
    half = c[0] / 2
    below = np.flatnonzero(c[: n // 2 + 1] <= half)
    if below.size == 0:
        return 180.0
    i = int(below[0])
    t = (c[i - 1] - half) / (c[i - 1] - c[i]) if c[i - 1] != c[i] else 0.0
    return 2.0 * (i - 1 + t) * 180.0 / n


__all__ = ["GREY", "VIRIDIS", "DIVERGING", "ORIENT", "blit_map", "block_mean", "draw_polar", "ellipse_points",
           "fit", "fwhm_from_curve", "index_map", "lut_strip", "map_rgb", "outline", "palette_surface",
           "response_lut", "robust_max", "winner_rgb"]
