"""Vectorised drawing helpers of game.ui.plot agree with their plain counterparts."""

import math

import numpy as np
import pygame

from game.ui.plot import Axes, decimate, draw_arrows, draw_segments


def _lit(surface) -> np.ndarray:
    return pygame.surfarray.array2d(surface) != 0


def test_arrows_from_direction_tables_match_sampled_segments():
    rng = np.random.default_rng(1)
    n, L = 60, 10.0
    cx, cy = rng.uniform(0, 300, n), rng.uniform(0, 300, n)
    ang = rng.uniform(0, 2 * math.pi, n)
    dx, dy = np.cos(ang), np.sin(ang)
    cols = np.full((n, 3), 200, np.uint8)
    a, b = pygame.Surface((300, 300)), pygame.Surface((300, 300))
    tip = np.stack([cx + dx * L, cy + dy * L], axis=1)
    hx, hy = tip[:, 0] - dx * L * 0.45, tip[:, 1] - dy * L * 0.45
    w1 = np.stack([hx - dy * L * 0.28, hy + dx * L * 0.28], axis=1)
    w2 = np.stack([hx + dy * L * 0.28, hy - dx * L * 0.28], axis=1)
    draw_segments(a, np.stack([cx - dx * L, cy - dy * L], axis=1), tip, cols, samples=int(2 * L) + 2)
    draw_segments(a, np.concatenate([tip, tip]), np.concatenate([w1, w2]), np.concatenate([cols, cols]),
                  samples=int(0.6 * L) + 2)
    draw_arrows(b, cx, cy, dx, dy, L, cols)
    pa, pb = _lit(a), _lit(b)
    assert pb.sum() > 0.9 * pa.sum()
    assert (pa != pb).sum() < 0.06 * pa.sum(), "the same strokes up to rounding of a few pixels"


def test_polylines_keep_each_curves_ends_and_drop_non_finite_rows():
    ax = Axes(pygame.Rect(10, 20, 200, 100), (-1, 1), (-1, 1))
    t = np.linspace(0, 1, 400)
    a = np.stack([t - 0.5, np.sin(6 * t)], axis=1)
    b = a.copy()
    b[100] = np.nan
    out = ax.polylines([a, np.zeros((0, 2)), b])
    assert out[1] == []
    for pts, src in ((out[0], a), (out[2], b[np.isfinite(b).all(axis=1)])):
        px, py = ax.to_px(src[:, 0], src[:, 1])
        assert pts[0] == [px[0], py[0]] and pts[-1] == [px[-1], py[-1]]
        source = set(zip(px.tolist(), py.tolist()))
        assert all(tuple(p) in source for p in pts), "kept points are points of the curve"
        alone = decimate(px, py)          # thinned on its own: about as many points
        assert abs(len(pts) - len(alone)) <= 0.05 * len(alone) + 2
