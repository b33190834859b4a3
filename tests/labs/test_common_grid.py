"""The shared paintable grid and pattern gallery (game.labs.common.grid), with no lab behind them:
real pygame events into ``handle``, callbacks recorded, pixels read back from the painters."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.labs.common import grid as cg
from game.ui import theme


def ev(kind, **attrs) -> pygame.event.Event:
    return pygame.event.Event(kind, **attrs)


class Recorder:
    """Callbacks of a PaintGrid: which strokes began and which cells each piece set."""

    def __init__(self, allow: bool = True) -> None:
        self.allow = allow
        self.begun: list[int] = []
        self.pieces: list[tuple[np.ndarray, float]] = []

    def begin(self, button: int) -> float | None:
        self.begun.append(button)
        if not self.allow:
            return None
        return 1.0 if button == 1 else -1.0

    def paint(self, mask: np.ndarray, value: float) -> None:
        self.pieces.append((mask.copy(), value))


def grid_of(shape=(10, 12), box=pygame.Rect(100, 50, 245, 245), allow=True):
    rec = Recorder(allow)
    g = cg.PaintGrid(shape, rec.begin, rec.paint)
    g.place(box)
    return g, rec


def test_cells_fit_the_box_in_whole_pixels_and_centre_in_it():
    g, _ = grid_of()
    assert g.cell == 245 // 12 == 20
    assert g.rect.size == (12 * 20, 10 * 20) and g.rect.center[0] == g.box.centerx
    assert g.box.contains(g.rect)
    g.place(pygame.Rect(0, 0, 10, 10), shape=(32, 32))
    assert g.cell == 2, "cells never shrink below 2 px"


def test_cell_at_and_cell_centre_invert_each_other_and_clamp_outside():
    g, _ = grid_of()
    for r, c in [(0, 0), (9, 11), (4, 7)]:
        assert g.cell_at(g.cell_centre(r, c)) == (r, c)
    assert g.cell_at((g.rect.x - 5, g.rect.y)) is None
    assert g.cell_at((g.rect.x - 50, g.rect.bottom + 50), clamp=True) == (9, 0)


def test_a_left_drag_paints_every_cell_on_the_segment_once_and_a_release_ends_it():
    g, rec = grid_of()
    assert g.handle(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=g.cell_centre(2, 1)))
    assert g.handle(ev(pygame.MOUSEMOTION, pos=g.cell_centre(2, 9), rel=(0, 0), buttons=(1, 0, 0)))
    assert g.handle(ev(pygame.MOUSEBUTTONUP, button=1, pos=g.cell_centre(2, 9)))
    assert not g.handle(ev(pygame.MOUSEMOTION, pos=g.cell_centre(5, 5), rel=(0, 0), buttons=(0, 0, 0)))
    assert rec.begun == [1] and [v for _, v in rec.pieces] == [1.0, 1.0]
    total = sum(m.astype(int) for m, _ in rec.pieces)
    assert total.max() == 1, "no cell is painted twice by one stroke"
    assert np.array_equal(np.flatnonzero(total[2]), np.arange(1, 10)) and total.sum() == 9
    assert g.hover == (5, 5)


def test_a_right_drag_erases_and_a_refused_press_is_consumed_without_painting():
    g, rec = grid_of()
    g.handle(ev(pygame.MOUSEBUTTONDOWN, button=3, pos=g.cell_centre(0, 0)))
    assert rec.pieces[0][1] == -1.0
    g, rec = grid_of(allow=False)
    assert g.handle(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=g.cell_centre(3, 3))), "the lab says why"
    g.handle(ev(pygame.MOUSEMOTION, pos=g.cell_centre(3, 8), rel=(0, 0), buttons=(1, 0, 0)))
    assert rec.begun == [1] and rec.pieces == [] and not g.stroking
    assert not g.handle(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=(0, 0))), "outside the grid: not the grid's"


def test_a_wide_brush_covers_a_block_clipped_at_the_edges():
    g, rec = grid_of()
    g.brush = 4
    assert g.block((5, 5)) == (3, 3, 4, 4)
    assert g.block((0, 11)) == (0, 9, 4, 3), "clipped at the top and the right edge"
    g.handle(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=g.cell_centre(0, 11)))
    mask, _ = rec.pieces[0]
    assert mask.sum() == 4 * 3 and mask[0:4, 9:12].all()


def test_cells_on_line_include_both_ends_and_step_one_cell_at_a_time():
    cells = cg.cells_on_line((0, 0), (3, 7))
    assert tuple(cells[0]) == (0, 0) and tuple(cells[-1]) == (3, 7) and len(cells) == 8
    assert np.abs(np.diff(cells, axis=0)).max() == 1


def test_the_grid_painter_draws_on_and_off_cells_marks_and_the_brush():
    surf = pygame.Surface((400, 400))
    g, _ = grid_of(shape=(4, 4), box=pygame.Rect(0, 0, 200, 200))
    state = np.array([1.0, -1.0] * 8)
    painter = cg.GridPainter()
    painter.draw(surf, g, state, key=0, marks=[([5], theme.STAR, 3, 0)])
    assert tuple(surf.get_at(g.cell_centre(0, 0)))[:3] == cg.ON
    assert tuple(surf.get_at(g.cell_centre(0, 1)))[:3] == cg.OFF
    edge = g.cell_rect(1, 1)
    assert tuple(surf.get_at((edge.x, edge.centery)))[:3] == theme.STAR, "cell 5 is outlined"
    painter.draw(surf, g, -state, key=0)
    assert tuple(surf.get_at(g.cell_centre(0, 0)))[:3] == cg.ON, "same key: the cached image is drawn"
    painter.draw(surf, g, -state, key=1)
    assert tuple(surf.get_at(g.cell_centre(0, 0)))[:3] == cg.OFF, "a new key redraws the cells"
    g.brush, g.hover = 2, (2, 2)
    painter.draw(surf, g, -state, key=1, brush_colour=theme.PURPLE)
    block = g.cell_rect(*g.block((2, 2)))
    assert tuple(surf.get_at(block.topleft))[:3] == theme.PURPLE


def test_the_gallery_lays_out_rows_and_picks_with_either_button():
    picks = []
    gal = cg.Gallery(lambda i, b: picks.append((i, b)))
    bottom = gal.place(10, 20, 300, count=11, per_row=8, gap=6, label_h=20, px_range=(16, 52))
    assert gal.px == (300 - 7 * 6) // 8 and len(gal.rects) == 11
    assert gal.rects[8].topleft == (10, 20 + gal.px + 20), "the ninth starts the second row"
    assert bottom == 20 + 2 * (gal.px + 20)
    assert gal.handle(ev(pygame.MOUSEBUTTONDOWN, button=3, pos=gal.rects[9].center))
    assert not gal.handle(ev(pygame.MOUSEMOTION, pos=gal.rects[2].center, rel=(0, 0), buttons=(0, 0, 0)))
    assert picks == [(9, 3)] and gal.hover == 2
    assert not gal.handle(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=(0, 0)))


def test_the_gallery_painter_dims_patterns_that_are_not_selected(app):
    surf = pygame.Surface((400, 200))
    gal = cg.Gallery(lambda i, b: None)
    gal.place(20, 30, 200, count=2, per_row=2, gap=10, label_h=20, px_range=(16, 80))
    X = np.ones((2, 16))                                # both patterns all on
    painter = cg.GalleryPainter()
    area = pygame.Rect(0, 0, 400, 200)
    painter.draw(surf, gal, area, X, (4, 4), key=0, labels=["a", "b"], selected=np.array([True, False]),
                 fonts=app.ctx.fonts, s=lambda px: px, title="Patterns", star=0)
    bright = tuple(surf.get_at(gal.rects[0].center))[:3]
    dim = tuple(surf.get_at(gal.rects[1].center))[:3]
    assert bright == cg.ON and sum(dim) < sum(bright) - 150, "an unselected pattern is drawn dim"
    framed = tuple(surf.get_at((gal.rects[0].x - 2, gal.rects[0].centery)))[:3]
    assert framed == theme.GOOD, "a selected pattern has the selection frame"
    assert painter.thumb(0, 1, X[1], (4, 4), gal.px, True) is painter.thumb(0, 1, X[1], (4, 4), gal.px, True)


@pytest.mark.parametrize("shape", [(8, 8), (16, 24)])
def test_state_rgb_puts_on_where_positive_in_row_major_order(shape):
    h, w = shape
    s = -np.ones(h * w)
    s[w + 2] = 1.0
    rgb = cg.state_rgb(s, shape)
    assert rgb.shape == (h, w, 3) and tuple(rgb[1, 2]) == cg.ON and tuple(rgb[0, 0]) == cg.OFF
