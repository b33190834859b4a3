"""A paintable grid of binary cells and a gallery of patterns: layout, input and drawing.

Shared by the labs whose state is a grid of +-1 units (the Hopfield network;
the Boltzmann machine's visible units). Nothing here knows what the units
mean: a lab gives callbacks and arrays, and draws its own marks through
the painters' arguments.

- :class:`PaintGrid`: cells fitted into a box, hit-testing, the cell under
  the pointer, and drags: a left drag paints cells on (+1), a right drag
  erases them (-1), every cell on the segment between two mouse positions
  (a brush wider than one cell covers a square block around each). The lab
  decides in ``begin(button)`` whether a stroke may start and with which
  value, and receives each piece of the stroke as a boolean mask.
- :class:`GridPainter`: a +-1 state drawn as crisp cells (one vectorised
  colour lookup and one nearest-neighbour scale, redone only when the
  state's key changes), faint lines between big cells, outlined cells
  (marks), the brush under the pointer and a frame.
- :class:`Gallery`: thumbnails in rows; a click calls ``pick(i, button)``.
- :class:`GalleryPainter`: thumbnails (dimmed when not selected), selection
  and hover frames, a star on one pattern, labels under them.

Patterns and states are flat arrays of +-1 in row-major order (the layout
of :mod:`game.sim.patterns`).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pygame

from game.ui import theme
from game.ui.plot import array_surface

#: Cell colours: "on" (+1) is ink on the dark board, "off" (-1) the board.
ON = (236, 238, 228)
OFF = (40, 47, 68)
_LUT = np.array([OFF, ON], dtype=np.uint8)
#: Thumbnails kept by a gallery painter before its memo is emptied (bounded).
MAX_THUMBS = 256


# ---------------------------------------------------------------------- images

def state_rgb(state: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(h, w, 3) uint8 image of a +-1 state (``ON`` where > 0, else ``OFF``)."""
    return _LUT[(np.asarray(state).reshape(shape) > 0).astype(np.intp)]


def state_surface(state: np.ndarray, shape: tuple[int, int], size: tuple[int, int]) -> pygame.Surface:
    """The state as crisp cells filling ``size`` px (nearest-neighbour scale)."""
    return array_surface(state_rgb(state, shape), size)


def grid_lines(shape: tuple[int, int], cell: int) -> pygame.Surface:
    """Faint lines between cells of ``cell`` px (transparent elsewhere), for grids with big cells."""
    h, w = shape
    surf = pygame.Surface((w * cell, h * cell), pygame.SRCALPHA)
    colour = (*theme.BG, 150)
    for c in range(1, w):
        pygame.draw.line(surf, colour, (c * cell, 0), (c * cell, h * cell - 1))
    for r in range(1, h):
        pygame.draw.line(surf, colour, (0, r * cell), (w * cell - 1, r * cell))
    return surf


def thumb_surface(xi: np.ndarray, shape: tuple[int, int], px: int, dim: bool = False) -> pygame.Surface:
    """A small picture of a pattern, ``px`` wide (dimmed towards the panel colour when ``dim``)."""
    rgb = state_rgb(xi, shape)
    if dim:
        rgb = (rgb.astype(np.float32) * 0.45 + np.array(theme.PANEL) * 0.55).astype(np.uint8)
    h, w = shape
    return array_surface(rgb, (px, max(1, round(px * h / w))))


def cells_on_line(a: tuple[int, int], b: tuple[int, int]) -> np.ndarray:
    """Grid cells (row, col) on the segment from cell ``a`` to cell ``b`` (a drag), ``a`` first."""
    n = max(abs(b[0] - a[0]), abs(b[1] - a[1])) + 1
    r = np.rint(np.linspace(a[0], b[0], n)).astype(int)
    c = np.rint(np.linspace(a[1], b[1], n)).astype(int)
    return np.stack([r, c], axis=1)


def blit_text(surface: pygame.Surface, fonts, text: str, pos, size: float, colour, bold: bool = False,
              anchor: str = "topleft") -> pygame.Rect:
    """Render ``text`` with ``fonts`` (anything with ``render(text, size, colour, bold)``) at ``pos``."""
    img = fonts.render(text, size, colour, bold=bold)
    r = img.get_rect(**{anchor: pos})
    surface.blit(img, r)
    return r


# ---------------------------------------------------------------------- the grid

class PaintGrid:
    """Geometry and input of a grid of square cells.

    Parameters
    ----------
    shape : (h, w)
        Rows and columns.
    begin : callable(button) -> float or None
        A stroke starts with mouse ``button`` (1 left, 3 right) on a cell: the
        value it paints (+1 or -1), or None to refuse it (the press is still
        consumed, so the lab can say why).
    paint : callable(mask, value)
        Cells to set: a boolean (h, w) mask (the brush at each cell of the
        stroke's newest piece) and the stroke's value.

    Attributes
    ----------
    rect : pygame.Rect
        The cells on screen (px), centred in the box given to :meth:`place`.
    cell : int
        Side of one cell (px, at least 2).
    brush : int
        Side of the square brush (cells); 1 paints single cells.
    hover : (row, col) or None
        The cell under the pointer.
    """

    def __init__(self, shape: tuple[int, int], begin: Callable[[int], float | None],
                 paint: Callable[[np.ndarray, float], None]) -> None:
        self.shape = (int(shape[0]), int(shape[1]))
        self.begin = begin
        self.paint = paint
        self.box = pygame.Rect(0, 0, 2, 2)
        self.rect = pygame.Rect(0, 0, 2, 2)
        self.cell = 2
        self.brush = 1
        self.hover: tuple[int, int] | None = None
        self._stroke: tuple[float, tuple[int, int]] | None = None   # (value, last cell)

    # ------------------------------------------------------------ layout
    def place(self, box: pygame.Rect, shape: tuple[int, int] | None = None) -> None:
        """Fit the cells into ``box`` (whole px per cell), centred; a new ``shape`` if given."""
        if shape is not None:
            self.shape = (int(shape[0]), int(shape[1]))
        self.box = pygame.Rect(box)
        h, w = self.shape
        self.cell = max(2, self.box.width // max(h, w))
        gw, gh = self.cell * w, self.cell * h
        self.rect = pygame.Rect(self.box.centerx - gw // 2, self.box.y + (self.box.height - gh) // 2, gw, gh)

    def cell_at(self, pos, clamp: bool = False) -> tuple[int, int] | None:
        """(row, col) under ``pos`` (px); None outside, or the nearest cell when ``clamp``."""
        r = self.rect
        if not clamp and not r.collidepoint(pos):
            return None
        h, w = self.shape
        col = int((pos[0] - r.x) // self.cell)
        row = int((pos[1] - r.y) // self.cell)
        if clamp:
            col, row = min(w - 1, max(0, col)), min(h - 1, max(0, row))
        return row, col

    def cell_centre(self, row: int, col: int) -> tuple[int, int]:
        """Centre of a cell on screen (px)."""
        return (self.rect.x + int((col + 0.5) * self.cell), self.rect.y + int((row + 0.5) * self.cell))

    def cell_rect(self, row: int, col: int, rows: int = 1, cols: int = 1) -> pygame.Rect:
        """The screen rectangle of a block of cells."""
        c = self.cell
        return pygame.Rect(self.rect.x + col * c, self.rect.y + row * c, cols * c, rows * c)

    def block(self, cell: tuple[int, int]) -> tuple[int, int, int, int]:
        """(row, col, rows, cols) of the brush placed at ``cell``, inside the grid."""
        h, w = self.shape
        b = self.brush
        r0, c0 = max(0, cell[0] - b // 2), max(0, cell[1] - b // 2)
        return r0, c0, min(b, h - r0), min(b, w - c0)

    # ------------------------------------------------------------ input
    @property
    def stroking(self) -> bool:
        return self._stroke is not None

    def handle(self, event: pygame.event.Event) -> bool:
        """Presses, drags and releases on the grid; True when the event was the grid's."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            cell = self.cell_at(event.pos)
            if cell is None:
                return False
            value = self.begin(event.button)
            if value is not None:
                self._stroke = (float(value), cell)
                self._apply(np.array([cell]), float(value))
            return True
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.cell_at(event.pos)
            if self._stroke is None:
                return False
            value, last = self._stroke
            cell = self.cell_at(event.pos, clamp=True)
            if cell != last:
                self._apply(cells_on_line(last, cell)[1:], value)
                self._stroke = (value, cell)
            return True
        if event.type == pygame.MOUSEBUTTONUP and self._stroke is not None:
            self._stroke = None
            return True
        return False

    def _apply(self, cells: np.ndarray, value: float) -> None:
        h, w = self.shape
        mask = np.zeros((h, w), dtype=bool)
        if self.brush <= 1:
            mask[cells[:, 0], cells[:, 1]] = True
        else:
            for cell in cells:            # a few cells per mouse move
                r0, c0, rows, cols = self.block((int(cell[0]), int(cell[1])))
                mask[r0:r0 + rows, c0:c0 + cols] = True
        self.paint(mask, value)


class GridPainter:
    """Draws a :class:`PaintGrid`'s state; owns only its cached surfaces."""

    def __init__(self) -> None:
        self._image: pygame.Surface | None = None
        self._image_key = None
        self._lines: pygame.Surface | None = None
        self._lines_key = None

    def draw(self, surface: pygame.Surface, grid: PaintGrid, state: np.ndarray, key,
             marks: Sequence[tuple[np.ndarray, tuple, int, int]] = (), brush_colour=None) -> None:
        """The cells of ``state`` (redrawn when ``key`` changes), then the marks, brush and frame.

        ``marks`` are ``(flat cell indices, colour, line width px, grow px)``:
        cell outlines, grown outwards by ``grow``. ``brush_colour`` outlines
        the brush's block under the pointer.
        """
        r = grid.rect
        k = (key, grid.shape, r.size)
        if k != self._image_key or self._image is None:
            self._image, self._image_key = state_surface(state, grid.shape, r.size), k
        surface.blit(self._image, r.topleft)
        if grid.cell >= 6:
            lk = (grid.shape, grid.cell)
            if lk != self._lines_key or self._lines is None:
                self._lines, self._lines_key = grid_lines(grid.shape, grid.cell), lk
            surface.blit(self._lines, r.topleft)
        w = grid.shape[1]
        for cells, colour, width, grow in marks:
            for i in np.asarray(cells, dtype=np.intp).ravel().tolist():
                row, col = divmod(i, w)
                pygame.draw.rect(surface, colour, grid.cell_rect(row, col).inflate(2 * grow, 2 * grow), width)
        if brush_colour is not None and grid.hover is not None:
            pygame.draw.rect(surface, brush_colour, grid.cell_rect(*grid.block(grid.hover)), 2)
        pygame.draw.rect(surface, theme.AXIS, r.inflate(2, 2), 1)


# ---------------------------------------------------------------------- the gallery

class Gallery:
    """Thumbnails in rows: layout, hit-testing and clicks.

    Parameters
    ----------
    pick : callable(index, button)
        A press of mouse ``button`` (1 left, 3 right) on thumbnail ``index``.
    """

    def __init__(self, pick: Callable[[int, int], None]) -> None:
        self.pick = pick
        self.rects: list[pygame.Rect] = []
        self.px = 16
        self.hover: int | None = None

    def place(self, x: int, y: int, width: int, count: int, per_row: int, gap: int, label_h: int,
              px_range: tuple[int, int]) -> int:
        """Lay ``count`` square thumbnails out from (x, y), ``per_row`` to a row across ``width``
        (px), each as wide as fits within ``px_range``, with ``label_h`` px under each for its label;
        returns the y below the last row."""
        self.px = max(px_range[0], min(px_range[1], (width - (per_row - 1) * gap) // per_row))
        self.rects = []
        for i in range(count):
            r, c = divmod(i, per_row)
            self.rects.append(pygame.Rect(x + c * (self.px + gap), y + r * (self.px + label_h), self.px, self.px))
        rows = max(1, -(-count // per_row))
        return y + rows * (self.px + label_h)

    def index_at(self, pos) -> int | None:
        return next((i for i, r in enumerate(self.rects) if r.collidepoint(pos)), None)

    def bounds(self) -> pygame.Rect:
        """The union of the thumbnails."""
        return self.rects[0].unionall(self.rects) if self.rects else pygame.Rect(0, 0, 0, 0)

    def handle(self, event: pygame.event.Event) -> bool:
        """A press on a thumbnail picks it (True); pointer motion only updates :attr:`hover`."""
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.index_at(event.pos)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            i = self.index_at(event.pos)
            if i is not None:
                self.pick(i, event.button)
                return True
        return False


class GalleryPainter:
    """Draws a :class:`Gallery`; owns only its cached surfaces (thumbnails and the whole gallery)."""

    def __init__(self) -> None:
        self._thumbs: dict[tuple, pygame.Surface] = {}
        self._thumbs_key = None
        self._surf: pygame.Surface | None = None
        self._surf_key = None

    def thumb(self, key, i: int, xi: np.ndarray, shape: tuple[int, int], px: int, dim: bool) -> pygame.Surface:
        """Pattern ``i`` (``xi``) as a thumbnail ``px`` wide, kept while the patterns' ``key`` stays."""
        if key != self._thumbs_key or len(self._thumbs) > MAX_THUMBS:
            self._thumbs, self._thumbs_key = {}, key
        k = (i, px, dim)
        img = self._thumbs.get(k)
        if img is None:
            img = self._thumbs[k] = thumb_surface(xi, shape, px, dim)
        return img

    def draw(self, surface: pygame.Surface, gallery: Gallery, area: pygame.Rect, patterns: np.ndarray,
             shape: tuple[int, int], key, labels: Sequence[str], selected: np.ndarray, fonts, s,
             title: str = "", star: int | None = None, accent: int | None = None, extra=()) -> None:
        """The gallery inside ``area`` (px), redrawn only when what it shows changes.

        ``key`` names the patterns (their thumbnails are kept while it stays),
        ``extra`` anything else the picture depends on (the language, a font
        scale); ``selected`` marks the patterns
        drawn bright and framed; ``star`` gets a star, ``accent`` an accent
        label; ``title`` is written at the top, above the first thumbnail; ``s(px)`` scales
        lengths, ``fonts`` renders text.
        """
        full = (key, extra, selected.tobytes(), star, accent, gallery.hover, area.topleft, area.size, title,
                tuple(labels), tuple(map(tuple, gallery.rects)))
        if full != self._surf_key or self._surf is None:
            self._surf = self._render(gallery, area, patterns, shape, key, labels, selected, fonts, s, title,
                                      star, accent)
            self._surf_key = full
        surface.blit(self._surf, area.topleft)

    def _render(self, gallery, area, patterns, shape, key, labels, selected, fonts, s, title, star, accent):
        surf = pygame.Surface(area.size, pygame.SRCALPHA)
        if title:
            x = gallery.bounds().x - area.x
            blit_text(surf, fonts, title, (x, 0), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        font = fonts.get(theme.SMALL_FONT - 2)
        for i, r in enumerate(gallery.rects[:len(patterns)]):
            r = r.move(-area.x, -area.y)
            on = bool(selected[i])
            surf.blit(self.thumb(key, i, patterns[i], shape, r.width, not on), r.topleft)
            pygame.draw.rect(surf, theme.GOOD if on else theme.GRID, r.inflate(s(4), s(4)), 2 if on else 1,
                             border_radius=3)
            if i == gallery.hover:
                pygame.draw.rect(surf, theme.TEXT, r.inflate(s(6), s(6)), 1, border_radius=3)
            if i == star:
                blit_text(surf, fonts, "★", (r.right + s(3), r.y - s(5)), theme.SMALL_FONT, theme.STAR,
                          anchor="topright")
            label = labels[i]
            while len(label) > 1 and font.size(label)[0] > r.width + s(6):
                label = label[:-1]
            colour = theme.ACCENT if i == accent else (theme.TEXT if on else theme.TEXT_DIM)
            blit_text(surf, fonts, label, (r.centerx, r.bottom + s(3)), theme.SMALL_FONT - 2, colour,
                      anchor="midtop")
        return surf
