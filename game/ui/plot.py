"""Plot helpers every lab reuses: axes with ticks and labels, colour maps.

:class:`Axes` maps model coordinates to screen pixels (y up) in both
directions, vectorised, and draws a frame with "nice" ticks (1, 2, 5 x 10^k),
grid lines and axis labels. Colour maps are 256-entry lookup tables, so a
whole image is coloured with one numpy indexing operation.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.ui import theme


def nice_ticks(lo: float, hi: float, target: int = 6) -> np.ndarray:
    """Tick positions at 1, 2 or 5 x 10^k covering [lo, hi]."""
    span = hi - lo
    if not (math.isfinite(span) and span > 0):
        return np.array([lo])
    raw = span / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step - 1e-9) * step
    ticks = np.arange(start, hi + step * 1e-6, step)
    ticks[np.abs(ticks) < step * 1e-9] = 0.0
    return ticks


def fmt_tick(v: float) -> str:
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        return f"{v:.0e}"
    return f"{v:g}"


class Axes:
    """A data window mapped onto a screen rectangle (y grows upward)."""

    def __init__(self, rect: pygame.Rect, xlim, ylim) -> None:
        self.rect = pygame.Rect(rect)
        self.set_limits(xlim, ylim)

    def set_limits(self, xlim, ylim) -> None:
        x0, x1 = float(xlim[0]), float(xlim[1])
        y0, y1 = float(ylim[0]), float(ylim[1])
        if not x1 > x0:
            x1 = x0 + 1.0
        if not y1 > y0:
            y1 = y0 + 1.0
        self.xlim = (x0, x1)
        self.ylim = (y0, y1)
        self._sx = self.rect.width / (x1 - x0)
        self._sy = self.rect.height / (y1 - y0)

    def to_px(self, x, y):
        """Model -> screen; arrays in, float arrays out (clipped to stay drawable)."""
        px = self.rect.x + (np.asarray(x, dtype=float) - self.xlim[0]) * self._sx
        py = self.rect.bottom - (np.asarray(y, dtype=float) - self.ylim[0]) * self._sy
        lim = 1e5
        px = np.minimum(np.maximum(px, -lim), lim)
        py = np.minimum(np.maximum(py, -lim), lim)
        return px, py

    def to_model(self, px, py):
        x = self.xlim[0] + (np.asarray(px, dtype=float) - self.rect.x) / self._sx
        y = self.ylim[0] + (self.rect.bottom - np.asarray(py, dtype=float)) / self._sy
        return x, y

    def point(self, x: float, y: float) -> tuple[int, int]:
        """One model point to the nearest screen pixel (scalar fast path)."""
        px = self.rect.x + (float(x) - self.xlim[0]) * self._sx
        py = self.rect.bottom - (float(y) - self.ylim[0]) * self._sy
        px = min(1e5, max(-1e5, px)) if math.isfinite(px) else 0.0
        py = min(1e5, max(-1e5, py)) if math.isfinite(py) else 0.0
        return int(round(px)), int(round(py))

    def contains(self, pos) -> bool:
        return self.rect.collidepoint(pos)

    def polyline(self, xy: np.ndarray) -> list[tuple[float, float]]:
        """Screen points of an (n, 2) model-space curve, non-finite rows dropped."""
        xy = np.asarray(xy, dtype=float)
        if xy.ndim != 2 or len(xy) == 0:
            return []
        ok = np.isfinite(xy).all(axis=1)
        px, py = self.to_px(xy[ok, 0], xy[ok, 1])
        return decimate(px, py)

    def polylines(self, paths: list[np.ndarray], min_px: float = 1.5, arrays: bool = False) -> list:
        """Screen points of many (n, 2) curves at once, each thinned to ~``min_px`` spacing.

        One vectorised pass over all curves instead of one per curve: with
        twenty trajectories redrawn every frame of a slider drag, the per-call
        numpy overhead is what costs. Non-finite rows are dropped; the
        first and last point of every curve are always kept.
        """
        if not paths:
            return []
        parts = [np.asarray(p, dtype=float).reshape(-1, 2) for p in paths]
        lengths = np.fromiter((len(p) for p in parts), dtype=np.intp, count=len(parts))
        if not lengths.any():
            return [[] for _ in parts]
        xy = np.concatenate(parts)
        if not math.isfinite(float(xy.sum())):         # rare: drop non-finite rows
            ok = np.isfinite(xy).all(axis=1)
            owner = np.repeat(np.arange(len(parts)), lengths)
            xy, lengths = xy[ok], np.bincount(owner[ok], minlength=len(parts))
            if not len(xy):
                return [[] for _ in parts]
        # Model -> screen for x and y in one pass over the (n, 2) array (as to_px).
        pts = (xy - (self.xlim[0], self.ylim[0])) * (self._sx, -self._sy) + (self.rect.x, self.rect.bottom)
        np.clip(pts, -1e5, 1e5, out=pts)
        step = np.empty(len(pts))
        step[0] = 0.0
        step[1:] = _seg_len(pts[:, 0], pts[:, 1])
        ends = np.cumsum(lengths)
        starts = (ends - lengths)[lengths > 0]
        step[starts] = 0.0
        bucket = np.floor(np.cumsum(step) / min_px)
        keep = np.empty(len(pts), dtype=bool)
        keep[0] = True
        np.not_equal(bucket[1:], bucket[:-1], out=keep[1:])
        keep[starts] = True
        keep[ends[lengths > 0] - 1] = True
        # Each curve's kept points are contiguous: cut at the running kept count.
        kept = np.concatenate([[0], np.cumsum(keep)])[ends].tolist()
        pts = pts[keep]
        flat = pts if arrays else pts.tolist()
        return [flat[a:b] for a, b in zip([0] + kept[:-1], kept)]

    def draw_frame(self, surface: pygame.Surface, fonts, xlabel: str = "", ylabel: str = "",
                   grid: bool = True, zero_lines: bool = True, bg=theme.PANEL, ticks: int = 6) -> None:
        r = self.rect
        pygame.draw.rect(surface, bg, r)
        xt = nice_ticks(*self.xlim, ticks)
        yt = nice_ticks(*self.ylim, ticks)
        xs = [self.point(x, 0)[0] for x in xt]
        ys = [self.point(0, y)[1] for y in yt]
        if grid:
            for px in xs:
                pygame.draw.line(surface, theme.GRID, (px, r.top), (px, r.bottom - 1))
            for py in ys:
                pygame.draw.line(surface, theme.GRID, (r.left, py), (r.right - 1, py))
        if zero_lines:
            zx, zy = self.point(0, 0)
            if self.xlim[0] < 0 < self.xlim[1]:
                pygame.draw.line(surface, theme.AXIS, (zx, r.top), (zx, r.bottom - 1))
            if self.ylim[0] < 0 < self.ylim[1]:
                pygame.draw.line(surface, theme.AXIS, (r.left, zy), (r.right - 1, zy))
        pygame.draw.rect(surface, theme.AXIS, r, 1)
        for x, px in zip(xt, xs):
            img = fonts.render(fmt_tick(x), theme.SMALL_FONT - 2, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(midtop=(px, r.bottom + 2)))
        for y, py in zip(yt, ys):
            img = fonts.render(fmt_tick(y), theme.SMALL_FONT - 2, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(midright=(r.left - 3, py)))
        if xlabel:
            img = fonts.render(xlabel, theme.SMALL_FONT, theme.TEXT)
            surface.blit(img, img.get_rect(bottomright=(r.right - 4, r.bottom - 3)))
        if ylabel:
            img = fonts.render(ylabel, theme.SMALL_FONT, theme.TEXT)
            surface.blit(img, img.get_rect(topleft=(r.left + 4, r.top + 3)))


def decimate(px: np.ndarray, py: np.ndarray, min_px: float = 1.5) -> list[tuple[float, float]]:
    """Screen points thinned so consecutive ones are about ``min_px`` apart.

    Thousands of samples of a smooth curve collapse to a few hundred points,
    which is what makes drawing ten trajectories per frame cheap.
    """
    n = len(px)
    if n <= 2:
        return list(zip(np.asarray(px).tolist(), np.asarray(py).tolist()))
    step = _seg_len(px, py)
    s = np.concatenate([[0.0], np.cumsum(step)])
    bucket = np.floor(s / min_px)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    keep[-1] = True
    return list(zip(px[keep].tolist(), py[keep].tolist()))


#: Most samples ``dashed_pixels`` writes per call (its spacing grows beyond half a pixel past it).
DASH_SAMPLES_MAX = 200_000


def dashed_polyline(surface: pygame.Surface, colour, points, width: int = 2, dash: float = 8.0) -> None:
    """Draw a polyline as dashes of about ``dash`` px (backward trajectories, jumps)."""
    if len(points) < 2:
        return
    pts = np.asarray(points, dtype=float)
    if len(pts) == 2:     # a straight line: subdivide so it can be dashed
        t = np.linspace(0.0, 1.0, max(2, int(np.hypot(*(pts[1] - pts[0])) / (dash / 2)) + 1))
        pts = pts[0] + t[:, None] * (pts[1] - pts[0])
    seg = np.hypot(*np.diff(pts, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    on = (np.floor(s / dash) % 2) == 0
    # runs of consecutive "on" points become one polyline each
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    for a, b in zip(edges[::2][:400], edges[1::2][:400]):
        if b - a >= 2:
            pygame.draw.lines(surface, colour, False, pts[a:b].tolist(), width)


def dashed_pixels(surface: pygame.Surface, paths: list, colours: list, dash: float = 6.0, width: int = 1) -> None:
    """Dashed curves ``width`` px thick for many paths at once, written as pixels with numpy.

    Each path is resampled every half pixel (``width / 2`` px for a wider line) along its arc length (so a path
    sampled coarsely still draws as dashes, not as scattered dots); every
    sample in an "on" dash (arc length from its own path's start) is set,
    stamped as a ``width`` x ``width`` square, inside the surface's clip. All paths go through one
    vectorised pass and one indexing operation instead of hundreds of
    ``pygame.draw.lines`` calls.
    """
    used = [(np.asarray(p, dtype=float).reshape(-1, 2), c) for p, c in zip(paths, colours) if len(p) >= 2]
    if not used:
        return
    lengths = np.array([len(p) for p, _ in used])
    a = np.concatenate([p for p, _ in used])
    step = np.empty(len(a))
    step[0] = 0.0
    step[1:] = _seg_len(a[:, 0], a[:, 1])
    first = np.cumsum(lengths) - lengths
    step[first] = 0.0
    s = np.cumsum(step)
    s -= np.repeat(s[first], lengths)               # arc length restarts on every path
    total = s[np.cumsum(lengths) - 1]               # each path's length (px)
    # one arc-length axis for all paths, each path offset past the end of the one before
    offset = np.concatenate([[0.0], np.cumsum(total + 1.0)[:-1]])
    axis = s + np.repeat(offset, lengths)
    # samples half a pixel apart for a 1-px line; a wider stamp covers the gap between samples
    spacing = max(0.5, width / 2, float(total.sum()) / DASH_SAMPLES_MAX)
    counts = np.floor(total / spacing).astype(np.intp) + 1
    start = np.cumsum(counts) - counts
    local = (np.arange(counts.sum()) - np.repeat(start, counts)) * spacing
    where = local + np.repeat(offset, counts)
    on = (np.floor(local / dash) % 2) == 0
    x = np.rint(np.interp(where[on], axis, a[:, 0])).astype(np.intp)
    y = np.rint(np.interp(where[on], axis, a[:, 1])).astype(np.intp)
    mapped = np.array([surface.map_rgb(c) for _, c in used], dtype=np.int64)
    c = np.repeat(mapped, counts)[on]
    clip = surface.get_clip()               # pixels are written directly: honour the clip by hand
    pix = pygame.surfarray.pixels2d(surface)
    try:
        lo = -(width // 2)
        for dx in range(lo, lo + width):
            for dy in range(lo, lo + width):
                xx, yy = x + dx, y + dy
                ok = (xx >= clip.left) & (xx < clip.right) & (yy >= clip.top) & (yy < clip.bottom)
                pix[xx[ok], yy[ok]] = c[ok].astype(pix.dtype)
    finally:
        del pix


def _seg_len(px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Lengths of the n - 1 segments of a polyline in px (sqrt of squares:
    several times faster than ``np.hypot`` and exact enough for screen
    coordinates, which are bounded by 1e5)."""
    dx, dy = np.diff(px), np.diff(py)
    return np.sqrt(dx * dx + dy * dy)


def _lut(anchors: list[tuple[float, tuple[int, int, int]]]) -> np.ndarray:
    pos = np.array([a[0] for a in anchors])
    cols = np.array([a[1] for a in anchors], dtype=float)
    x = np.linspace(0, 1, 256)
    return np.stack([np.interp(x, pos, cols[:, c]) for c in range(3)], axis=1).astype(np.uint8)


#: Perceptually ordered sequential map (viridis anchors, Smith & van der Walt 2015).
VIRIDIS = _lut([(0.0, (68, 1, 84)), (0.13, (71, 44, 122)), (0.25, (59, 81, 139)), (0.38, (44, 113, 142)),
                (0.5, (33, 145, 140)), (0.63, (39, 173, 129)), (0.75, (92, 200, 99)),
                (0.88, (170, 220, 50)), (1.0, (253, 231, 37))])
#: Diverging blue-white-red (ColorBrewer RdBu, colour-blind safe), centre = 0.
DIVERGING = _lut([(0.0, (33, 102, 172)), (0.25, (103, 169, 207)), (0.5, (247, 247, 247)),
                  (0.75, (239, 138, 98)), (1.0, (178, 24, 43))])


def draw_segments(surface: pygame.Surface, a: np.ndarray, b: np.ndarray, colours: np.ndarray,
                  samples: int = 12) -> None:
    """Draw many short 1-px line segments at once by writing pixels with numpy.

    ``a`` and ``b`` are (n, 2) segment ends in px, ``colours`` (n, 3) uint8.
    Each segment is sampled at ``samples`` points and the pixels are written
    through a ``surfarray`` view in one indexing operation, instead of n
    ``pygame.draw`` calls (a 21 x 21 direction field is ~1300 segments).
    """
    w, h = surface.get_size()
    t = np.linspace(0.0, 1.0, samples)[None, :]
    xs = np.rint(a[:, :1] + t * (b[:, :1] - a[:, :1])).astype(np.intp)
    ys = np.rint(a[:, 1:] + t * (b[:, 1:] - a[:, 1:])).astype(np.intp)
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    mapped = pygame.surfarray.map_array(surface, np.ascontiguousarray(colours[:, None, :]))[:, 0]
    values = np.broadcast_to(mapped[:, None], xs.shape)
    pix = pygame.surfarray.pixels2d(surface)
    try:
        pix[xs[ok], ys[ok]] = values[ok]
    finally:
        del pix


#: Angular resolution of `draw_arrows` (0.5 degree: the tip of a 10 px arrow moves < 0.05 px).
ARROW_BINS = 720
_ARROW_GLYPHS: dict[float, np.ndarray] = {}


def _arrow_glyphs(length: float) -> np.ndarray:
    """Pixel-sample offsets of one arrow per direction bin, shape (bins, m, 2), cached per length.

    The arrow is the streak of a direction field: a shaft from -L to +L
    along the direction and two wings from the tip back 0.45 L and out
    0.28 L, sampled under a pixel apart (the shaft with int(2 L) + 2
    samples, each wing with int(0.6 L) + 2), as ``draw_segments`` would.
    """
    key = round(float(length), 6)
    tab = _ARROW_GLYPHS.get(key)
    if tab is not None:
        return tab
    L = float(length)
    th = np.arange(ARROW_BINS) * (2 * np.pi / ARROW_BINS)
    dx, dy = np.cos(th)[:, None], np.sin(th)[:, None]
    t = np.linspace(0.0, 1.0, int(2 * L) + 2)[None, :]
    parts = [np.stack([-dx * L + t * 2 * dx * L, -dy * L + t * 2 * dy * L], axis=2)]
    t2 = np.linspace(0.0, 1.0, int(0.6 * L) + 2)[None, :]
    hx, hy = dx * L * 0.55, dy * L * 0.55
    for side in (1.0, -1.0):
        wx, wy = hx - side * dy * L * 0.28, hy + side * dx * L * 0.28
        parts.append(np.stack([dx * L + t2 * (wx - dx * L), dy * L + t2 * (wy - dy * L)], axis=2))
    tab = np.concatenate(parts, axis=1)
    if len(_ARROW_GLYPHS) > 8:
        _ARROW_GLYPHS.clear()
    _ARROW_GLYPHS[key] = tab
    return tab


def draw_arrows(surface: pygame.Surface, cx: np.ndarray, cy: np.ndarray, ux: np.ndarray, uy: np.ndarray,
                length: float, colours: np.ndarray) -> None:
    """Direction-field arrows centred at (cx, cy) px pointing along (ux, uy), 1 px wide.

    Same strokes as three `draw_segments` calls (shaft and two wings) but
    each arrow's pixel offsets come from a table per direction (see
    `_arrow_glyphs`), so a redraw is one gather and one write instead of
    sampling every segment again: a 21 x 21 field redrawn on every frame of
    a slider drag costs about half as much. ``colours`` is (n, 3) uint8.
    """
    if len(cx) == 0:
        return
    tab = _arrow_glyphs(length)
    w, h = surface.get_size()
    k = np.rint(np.arctan2(uy, ux) * (ARROW_BINS / (2 * np.pi))).astype(np.intp) % ARROW_BINS
    off = tab[k]
    xs = np.rint(np.asarray(cx, dtype=float)[:, None] + off[:, :, 0]).astype(np.intp)
    ys = np.rint(np.asarray(cy, dtype=float)[:, None] + off[:, :, 1]).astype(np.intp)
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    mapped = pygame.surfarray.map_array(surface, np.ascontiguousarray(colours[:, None, :]))[:, 0]
    pix = pygame.surfarray.pixels2d(surface)
    try:
        pix[xs[ok], ys[ok]] = np.broadcast_to(mapped[:, None], xs.shape)[ok]
    finally:
        del pix


def colourise(values: np.ndarray, lut: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map an array to RGB with a lookup table; NaN becomes the low colour."""
    span = hi - lo if hi > lo else 1.0
    idx = np.nan_to_num((np.asarray(values, dtype=float) - lo) / span * 255.0, nan=0.0)
    return lut[np.clip(idx, 0, 255).astype(np.uint8)]


def array_surface(rgb: np.ndarray, size: tuple[int, int] | None = None) -> pygame.Surface:
    """An (H, W, 3) uint8 array as a surface, optionally scaled (nearest)."""
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.swapaxes(0, 1)))
    if size is not None and surf.get_size() != size:
        surf = pygame.transform.scale(surf, size)
    return surf
