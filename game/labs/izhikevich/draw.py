"""Drawing helpers of the izhikevich lab: direction field, path pieces, dashes, rasters, atlas.

Everything here is vectorised with numpy: a 1 s run has 5000 samples and
up to hundreds of reset hops, redrawn whenever a slider moves, so no helper
loops over samples in Python (at most one ``pygame.draw.lines`` per piece
of path between two spikes).
"""

from __future__ import annotations

import math

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


def draw_dashes(surface: pygame.Surface, clip: pygame.Rect, a: np.ndarray, b: np.ndarray, colour,
                on_px: float = 6.0, off_px: float = 4.0, width: int = 2) -> None:
    """Dashed straight lines from ``a[k]`` to ``b[k]`` (px), clipped to ``clip``."""
    raster_lines(surface, clip, a, b, colour, width, dash=(on_px, off_px))


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


def path_lines(ax: Axes, traj: izh.Trajectory, lo: int, hi: int, min_px: float = 1.5):
    """Screen polylines of a trajectory's samples ``lo..hi``, cut at every reset, plus its hops.

    One vectorised pass: the reset points are inserted after each spike
    sample, the whole path is projected and thinned to ~``min_px`` spacing
    (never across a cut), and converted to Python lists once; the pieces
    are slices of that list.

    Returns
    -------
    pieces : list of ndarray (n, 2)
        Solid runs in px; a piece after a spike starts at its reset point.
    hops : tuple of ndarray (k, 2)
        Peaks and the reset points they jump to, in px (draw dashed).
    """
    lo = max(0, int(lo))
    hi = min(len(traj.v), int(hi))
    empty = (np.zeros((0, 2)), np.zeros((0, 2)))
    if hi - lo < 1:
        return [], empty
    v, u, starts = _with_resets(traj, lo, hi)
    k = starts.size
    px, py = ax.to_px(v, u)
    step = np.hypot(np.diff(px, prepend=px[0]), np.diff(py, prepend=py[0]))
    step[starts] = 0.0
    ok = np.isfinite(step)
    step[~ok] = 0.0
    bucket = np.floor(np.cumsum(step) / min_px)
    keep = np.ones(px.size, dtype=bool)
    keep[1:] = bucket[1:] != bucket[:-1]
    keep[starts] = True
    keep[starts - 1] = True              # the peak that ends each piece
    keep[-1] = True
    kept = np.flatnonzero(keep)
    # numpy views, not lists: pygame draws them as well, and thousands of small lists per frame
    # would wake the cyclic garbage collector (a full collection costs tens of ms)
    pts = np.column_stack([px[kept], py[kept]])
    bounds = np.concatenate([[0], np.searchsorted(kept, starts), [kept.size]]).tolist()
    pieces = [pts[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b - a >= 2]
    if k == 0:
        return pieces, empty
    peaks = np.column_stack([px[starts - 1], py[starts - 1]])
    lands = np.column_stack([px[starts], py[starts]])
    return pieces, (peaks, lands)


def draw_path(surface: pygame.Surface, ax: Axes, traj: izh.Trajectory, lo: int, hi: int, colour,
              width: int = 1, hop_colour=None) -> None:
    """A trajectory's samples ``lo..hi``: solid pieces and dashed reset hops."""
    pieces, (peaks, lands) = path_lines(ax, traj, lo, hi)
    if not pieces:
        return
    clip = surface.get_clip()
    surface.set_clip(ax.rect.clip(clip) if clip else ax.rect)
    for pts in pieces:
        pygame.draw.lines(surface, colour, False, pts, width)
    surface.set_clip(clip)
    if len(peaks):
        # a steady rhythm repeats the same hop: draw each distinct one (to the pixel) once
        both = np.unique(np.rint(np.hstack([peaks, lands])), axis=0)
        draw_dashes(surface, ax.rect, both[:, :2], both[:, 2:], hop_colour or colour, width=width)


def field_surface(ax: Axes, a: float, b: float, I: float, n: int = 19) -> pygame.Surface:
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
        dv, du = izh.field(a, b, I)(V, U)
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


def screen_points(ax: Axes, x: np.ndarray, y: np.ndarray, min_px: float = 1.5) -> np.ndarray:
    """(n, 2) px of a curve, thinned to ~``min_px`` spacing, as an array (no per-point objects)."""
    px, py = ax.to_px(x, y)
    if px.size <= 2:
        return np.column_stack([px, py])
    s = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(px), np.diff(py)))])
    bucket = np.floor(s / min_px)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    keep[-1] = True
    return np.column_stack([px[keep], py[keep]])


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
