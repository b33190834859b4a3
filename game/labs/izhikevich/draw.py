"""Drawing helpers of the izhikevich lab: direction field, path pieces, dashes, rasters, atlas.

Everything here is vectorised with numpy: a 1 s run has 5000 samples and
up to hundreds of reset hops, redrawn whenever a slider moves, so no helper
loops over samples in Python (at most one ``pygame.draw.lines`` per piece
of path between two spikes).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pygame

from game.sim import izhikevich as izh
from game.ui import theme
from game.ui.plot import Axes, draw_segments

#: Above this many spikes the path is drawn as one polyline (hops solid) to stay fast.
MAX_PIECES = 300

#: Colour of each firing class (``FIRING_CLASSES`` order), from the colour-blind-safe series.
CLASS_COLOURS = {
    "silent": tuple(int(0.45 * c) for c in theme.SERIES[7]),
    "tonic_spiking": theme.SERIES[0],
    "phasic_spiking": theme.SERIES[4],
    "tonic_bursting": theme.SERIES[5],
    "phasic_bursting": theme.SERIES[3],
    "spike_frequency_adaptation": theme.SERIES[6],
    "mixed_mode": theme.SERIES[1],
}
CLASS_LUT = np.array([CLASS_COLOURS[name] for name in izh.FIRING_CLASSES], dtype=np.uint8)


def raster_lines(surface: pygame.Surface, clip: pygame.Rect, a: np.ndarray, b: np.ndarray, colour,
                 width: int = 1, dash: tuple[float, float] | None = None) -> None:
    """Straight lines from ``a[k]`` to ``b[k]`` (px), all at once, clipped to ``clip``.

    Every line is sampled once per pixel of its length and the pixels are
    written through a surfarray view in one indexing operation, instead of
    one ``pygame.draw`` call per line (or per dash). ``dash = (on, off)`` in px.
    """
    a = np.asarray(a, dtype=float).reshape(-1, 2)
    b = np.asarray(b, dtype=float).reshape(-1, 2)
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    a, b = a[ok], b[ok]
    if len(a) == 0:
        return
    length = np.hypot(*(b - a).T)
    n = np.minimum(np.ceil(length).astype(int) + 1, 4000)
    owner = np.repeat(np.arange(len(a)), n)
    start = np.concatenate([[0], np.cumsum(n)[:-1]])
    k = np.arange(int(n.sum())) - np.repeat(start, n)
    frac = k / np.maximum(n[owner] - 1, 1)
    x = a[owner, 0] + frac * (b[owner, 0] - a[owner, 0])
    y = a[owner, 1] + frac * (b[owner, 1] - a[owner, 1])
    if dash is not None:
        keep = (frac * length[owner]) % (dash[0] + dash[1]) < dash[0]
        x, y, owner = x[keep], y[keep], owner[keep]
    xs = np.rint(x).astype(np.intp)
    ys = np.rint(y).astype(np.intp)
    if width > 1:
        horizontal = (np.abs(b[:, 0] - a[:, 0]) >= np.abs(b[:, 1] - a[:, 1]))[owner]
        xs = np.concatenate([xs, xs + (~horizontal)])
        ys = np.concatenate([ys, ys + horizontal])
    r = clip.clip(surface.get_rect())
    inside = (xs >= r.left) & (xs < r.right) & (ys >= r.top) & (ys < r.bottom)
    if not inside.any():
        return
    pix = pygame.surfarray.pixels2d(surface)
    try:
        pix[xs[inside], ys[inside]] = surface.map_rgb(colour)
    finally:
        del pix


#: Up to this many dashes are drawn with ``pygame.draw.line`` (a few us each); more are
#: rasterised in one numpy pass (:func:`raster_lines`), whose fixed cost is then smaller.
MAX_LINE_DASHES = 150


def dash_segments(a: np.ndarray, b: np.ndarray, on_px: float = 6.0, off_px: float = 4.0):
    """The dashes of the lines ``a[k]``-``b[k]``: (n, 4) int rows x0, y0, x1, y1 and the line of each
    (at most 400 dashes a line, 4000 px: the plots are smaller)."""
    length = np.hypot(*(b - a).T)
    period = on_px + off_px
    count = np.minimum(np.ceil(length / period), 400).astype(int)     # far off-screen: cut
    owner = np.repeat(np.arange(len(a)), count)
    first = np.cumsum(count) - count
    start = (np.arange(owner.size) - np.repeat(first, count)) * period
    stop = np.maximum(start, np.minimum(start + on_px, length[owner]) - 1.0)
    unit = (b - a) / np.maximum(length, 1e-9)[:, None]
    p0 = np.rint(a[owner] + start[:, None] * unit[owner]).astype(int)
    p1 = np.rint(a[owner] + stop[:, None] * unit[owner]).astype(int)
    return np.hstack([p0, p1]), owner


def draw_segment_list(surface: pygame.Surface, clip: pygame.Rect, segs: list, colour, width: int = 1,
                      offset: tuple[int, int] = (0, 0)) -> None:
    """Straight segments given as ``[x0, y0, x1, y1]`` lists (px), shifted by ``offset``, clipped."""
    old = surface.get_clip()
    surface.set_clip(clip.clip(old) if old else clip)
    line = pygame.draw.line
    dx, dy = offset
    for x0, y0, x1, y1 in segs:
        line(surface, colour, (x0 + dx, y0 + dy), (x1 + dx, y1 + dy), width)
    surface.set_clip(old)


def _with_resets(traj: izh.Trajectory, lo: int, hi: int, limit: int = MAX_PIECES):
    """(v, u) of samples ``lo..hi`` with each reset point inserted after its peak, and the
    rows of the inserted points (none above ``limit`` spikes: then the hops are drawn solid)."""
    v, u = traj.v[lo:hi], traj.u[lo:hi]
    idx = traj.reset_index
    sel = (idx >= lo) & (idx < hi - 1)
    cut = idx[sel] - lo
    resets = traj.reset_to[sel]
    if cut.size > limit:
        cut, resets = cut[:0], resets[:0]
    v = np.insert(v, cut + 1, resets[:, 0])
    u = np.insert(u, cut + 1, resets[:, 1])
    return v, u, cut + 1 + np.arange(cut.size)


class ScreenPath(NamedTuple):
    """A whole run's (v, u) path projected and thinned once, to draw any stretch of it.

    Coordinates are relative to the plot rectangle's top-left corner (add it
    when drawing). ``key`` orders the kept points by sample: sample ``i`` has
    key ``i``, the reset point inserted after the spike at sample ``i`` has
    ``i + 0.5``; ``start`` marks the reset points, where a new piece begins.
    """

    pts: np.ndarray          # (k, 2) px
    key: np.ndarray          # (k,) float
    start: np.ndarray        # (k,) bool
    hop_sample: np.ndarray   # (m,) int: sample of each spike whose hop is drawn
    hop_id: np.ndarray       # (m,) int: which distinct hop (to the pixel) it is
    hop_dashes: list         # per distinct hop, its dashes as [x0, y0, x1, y1] lists
    xy: tuple                # the run's v and u, to place a stretch's last sample exactly
    ax: Axes                 # the axes at (0, 0)


def screen_path(ax: Axes, traj: izh.Trajectory, min_px: float = 1.5) -> ScreenPath:
    """Project and thin the whole run once, for :func:`draw_stretch`.

    One vectorised pass: the reset points are inserted after each spike
    sample, the whole path is projected and thinned to ~``min_px`` spacing
    (never across a reset), and every distinct reset hop is cut into dashes.
    The sweep redraws a window of the path every frame; slicing this costs a
    few small numpy calls where projecting the window each frame cost tens.
    Points stay numpy arrays: thousands of small lists per frame would wake
    the cyclic garbage collector.
    """
    local = Axes(pygame.Rect(0, 0, ax.rect.width, ax.rect.height), ax.xlim, ax.ylim)
    n = len(traj.v)
    v, u, starts = _with_resets(traj, 0, n)
    key = np.arange(v.size, dtype=float)
    if starts.size:                       # inserted rows: sample (row - rank) + 0.5
        key -= np.searchsorted(starts, np.arange(v.size), side="right")
        key[starts] += 0.5
    px, py = local.to_px(v, u)
    step = np.hypot(np.diff(px, prepend=px[0]), np.diff(py, prepend=py[0]))
    step[starts] = 0.0
    step[~np.isfinite(step)] = 0.0
    bucket = np.floor(np.cumsum(step) / min_px)
    keep = np.ones(px.size, dtype=bool)
    keep[1:] = bucket[1:] != bucket[:-1]
    keep[starts] = True
    keep[starts - 1] = True              # the peak that ends each piece
    keep[-1] = True
    is_start = np.zeros(px.size, dtype=bool)
    is_start[starts] = True
    kept = np.flatnonzero(keep)
    pts = np.column_stack([px[kept], py[kept]])
    # a steady rhythm repeats the same hop: each distinct one (to the pixel) is dashed once
    hops = np.rint(np.column_stack([px[starts - 1], py[starts - 1], px[starts], py[starts]]))
    hops[~np.isfinite(hops).all(axis=1)] = 0.0         # never drawn (zero length)
    distinct, hop_id = np.unique(hops, axis=0, return_inverse=True)
    segs, owner = dash_segments(distinct[:, :2], distinct[:, 2:])
    bounds = np.searchsorted(owner, np.arange(len(distinct) + 1)).tolist()
    seg_list = segs.tolist()
    hop_dashes = [seg_list[i:j] for i, j in zip(bounds[:-1], bounds[1:])]
    hop_sample = np.floor(key[starts]).astype(int)
    return ScreenPath(pts, key[kept], is_start[kept], hop_sample, hop_id.ravel(), hop_dashes,
                      (traj.v, traj.u), local)


def draw_stretch(surface: pygame.Surface, rect: pygame.Rect, sp: ScreenPath, lo: int, hi: int, colour,
                 width: int = 1, hop_colour=None) -> None:
    """Samples ``lo..hi`` of a :class:`ScreenPath` in ``rect``: solid pieces and dashed hops.

    One ``pygame.draw.lines`` per piece between two spikes; the last sample
    is always drawn exactly (the thinning keeps points ~1.5 px apart).
    """
    lo, hi = max(0, int(lo)), min(len(sp.xy[0]), int(hi))
    if hi - lo < 1:
        return
    a = int(np.searchsorted(sp.key, lo, side="left"))
    b = int(np.searchsorted(sp.key, hi - 1, side="right"))
    pts = sp.pts[a:b]
    last = np.column_stack(sp.ax.to_px(sp.xy[0][hi - 1:hi], sp.xy[1][hi - 1:hi]))
    if not len(pts) or sp.key[b - 1] != hi - 1:
        pts = np.concatenate([pts, last])
    cuts = np.flatnonzero(sp.start[a:b]).tolist()       # the appended last sample starts nothing
    pts = pts + rect.topleft
    clip = surface.get_clip()
    surface.set_clip(rect.clip(clip) if clip else rect)
    for i, j in zip([0] + cuts, cuts + [len(pts)]):
        if j - i >= 2:
            pygame.draw.lines(surface, colour, False, pts[i:j], width)
    surface.set_clip(clip)
    h0, h1 = np.searchsorted(sp.hop_sample, [lo, hi - 1]).tolist()
    if h1 > h0:
        segs = [seg for i in set(sp.hop_id[h0:h1].tolist()) for seg in sp.hop_dashes[i]]
        if len(segs) <= MAX_LINE_DASHES:
            draw_segment_list(surface, rect, segs, hop_colour or colour, width, rect.topleft)
        else:                                       # many: one numpy pass is cheaper
            xy = np.asarray(segs, dtype=float) + (rect.x, rect.y, rect.x, rect.y)
            raster_lines(surface, rect, xy[:, :2], xy[:, 2:], hop_colour or colour, width)


def field_surface(ax: Axes, a: float, b: float, I: float, n: int = 19, eqs=izh.STANDARD) -> pygame.Surface:
    """Direction-field arrows of the subthreshold flow, normalised on screen.

    The flow is fast in v and slow in u (a ~ 0.02/ms), so arrows are scaled
    by the plot's px-per-unit before normalising: they point where a
    trajectory goes *on this screen*. Brightness grows with log speed.
    """
    w, h = ax.rect.size
    cols = n
    rows = max(6, int(round(n * h / max(w, 1))))
    px = (np.arange(cols) + 0.5) * w / cols
    py = (np.arange(rows) + 0.5) * h / rows
    PX, PY = np.meshgrid(px, py)
    V, U = ax.to_model(PX + ax.rect.x, PY + ax.rect.y)
    with np.errstate(over="ignore", invalid="ignore"):
        dv, du = izh.field(a, b, I, eqs)(V, U)
        sx = w / (ax.xlim[1] - ax.xlim[0])
        sy = h / (ax.ylim[1] - ax.ylim[0])
        ex, ey = dv * sx, -du * sy
        speed = np.hypot(ex, ey)
        ok = np.isfinite(speed) & (speed > 0)
        ux = np.where(ok, ex / np.where(ok, speed, 1.0), 0.0)
        uy = np.where(ok, ey / np.where(ok, speed, 1.0), 0.0)
        mag = np.where(ok, np.hypot(dv, du), 0.0)
    lv = np.log1p(mag) / math.log1p(max(float(mag.max()), 1e-9)) if mag.max() > 0 else np.zeros_like(mag)
    L = 0.36 * min(w / cols, h / rows)
    keep = ok.ravel()
    cx, cy = PX.ravel()[keep], PY.ravel()[keep]
    dx, dy, lvl = ux.ravel()[keep], uy.ravel()[keep], lv.ravel()[keep]
    tail = np.stack([cx - dx * L, cy - dy * L], axis=1)
    tip = np.stack([cx + dx * L, cy + dy * L], axis=1)
    hx, hy = tip[:, 0] - dx * L * 0.45, tip[:, 1] - dy * L * 0.45
    wing1 = np.stack([hx - dy * L * 0.3, hy + dx * L * 0.3], axis=1)
    wing2 = np.stack([hx + dy * L * 0.3, hy - dx * L * 0.3], axis=1)
    colour = np.stack([50 + 45 * lvl, 62 + 55 * lvl, 88 + 70 * lvl], axis=1).astype(np.uint8)
    surf = pygame.Surface((w, h))
    surf.set_colorkey((0, 0, 0))
    if len(cx):
        draw_segments(surf, np.concatenate([tail, tip, tip]), np.concatenate([tip, wing1, wing2]),
                      np.concatenate([colour, colour, colour]), samples=int(2 * L) + 2)
    return surf


class Trace(NamedTuple):
    """A sampled signal y(t) projected once for a scrolling time window (:func:`trace_points`).

    The thinning to ~``min_px`` spacing depends only on the arc length between
    samples, which does not change as the window scrolls, so it is done once
    for the whole run; each frame only picks the kept samples in view.
    """

    kept: np.ndarray      # sample indices kept by the thinning
    py: np.ndarray        # y px of every sample, from the plot's top
    sx: float             # px per ms


def trace(t: np.ndarray, y: np.ndarray, ylim, size, window_ms: float, min_px: float = 1.5) -> Trace:
    """Project ``y`` for plots of ``size`` px showing ``window_ms`` of time and ``ylim``."""
    w, h = size
    sx = w / window_ms
    sy = h / (ylim[1] - ylim[0])
    py = h - (np.asarray(y, dtype=float) - ylim[0]) * sy
    step = np.hypot(np.diff(t) * sx, np.diff(py))
    s = np.concatenate([[0.0], np.cumsum(step)])
    bucket = np.floor(s / min_px)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    return Trace(np.flatnonzero(keep), py, sx)


def trace_points(tr: Trace, t: np.ndarray, i0: int, i1: int, t0: float, rect: pygame.Rect) -> np.ndarray:
    """(n, 2) px of samples ``i0..i1`` in a plot at ``rect`` whose window starts at ``t0`` ms."""
    i0, i1 = max(0, int(i0)), min(len(t), int(i1))
    if i1 - i0 < 2:
        return np.zeros((0, 2))
    a, b = np.searchsorted(tr.kept, [i0 + 1, i1 - 1]).tolist()
    idx = np.concatenate([[i0], tr.kept[a:b], [i1 - 1]])
    return np.column_stack([rect.x + (t[idx] - t0) * tr.sx, rect.y + tr.py[idx]])


def raster_surface(size, t_ms: float, rows, colours) -> pygame.Surface:
    """Spike ticks of one or more trains over the whole run, one row each."""
    w, h = size
    surf = pygame.Surface((w, h))
    surf.fill(theme.PANEL)
    n = max(1, len(rows))
    for k, (spikes, colour) in enumerate(zip(rows, colours)):
        s = np.asarray(spikes, dtype=float)
        if s.size == 0:
            continue
        x = np.clip(np.rint(s / t_ms * (w - 1)).astype(int), 0, w - 1)
        y0, y1 = int(k * h / n) + 1, int((k + 1) * h / n) - 1
        col = np.zeros(w, dtype=bool)
        col[x] = True
        pix = pygame.surfarray.pixels2d(surf)
        try:
            pix[np.flatnonzero(col), y0:y1] = surf.map_rgb(colour)
        finally:
            del pix
    pygame.draw.rect(surf, theme.GRID, surf.get_rect(), 1)
    return surf


def atlas_surface(classes: np.ndarray, size) -> pygame.Surface:
    """The atlas classes (rows = y upward) as a colour map scaled to ``size`` (nearest)."""
    rgb = CLASS_LUT[np.clip(classes, 0, len(CLASS_LUT) - 1)][::-1]
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.swapaxes(0, 1)))
    return pygame.transform.scale(surf, size)
