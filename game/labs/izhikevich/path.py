"""The run's path in the (v, u) plane on screen: projected once, drawn a stretch at a time.

A 1 s run has 5000 samples and up to hundreds of reset hops, and the sweep
redraws a window of the path every frame, so nothing here loops over samples
in Python: :func:`screen_path` projects and thins the whole run once (reset
points inserted after each peak, each distinct hop cut into dashes) and
:func:`draw_stretch` slices it (at most one ``pygame.draw.lines`` per piece
between two spikes). Many dashes are written in one numpy pass
(:func:`raster_lines`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pygame

from game.sim import izhikevich as izh
from game.ui.plot import Axes

#: Above this many spikes the path is drawn as one polyline (hops solid) to stay fast.
MAX_PIECES = 300


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
