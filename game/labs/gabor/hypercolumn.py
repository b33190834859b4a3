"""Drawing of the gabor lab's hypercolumn and aux panels (for ``render.Renderer``).

The hypercolumn panel shows the bank's eight energy maps as thumbnails on a
3 x 3 ring round a colour wheel (orientation space is a half turn, drawn once
round: the usual double-angle pinwheel, clockwise from the right), marks the
cell nearest to the current θ and, under the mouse, the winning one. The aux
panel shows the winning orientation per pixel (hue) and its selectivity
(brightness), or the hidden filter's response (``match_filter``), or the
centre cell over time while a grating drifts. While σ, λ or γ are dragged the
old bank stays on screen, veiled, until the new one is computed. Reads the
model and the view; writes only its own caches.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.gabor import maps
from game.labs.gabor.cells import N_ORIENT
from game.labs.gabor.goals import orientation_index
from game.labs.gabor.model import TRACE_S
from game.labs.gabor.polar import stripes
from game.ui import theme
from game.ui.plot import Axes

#: Where each bank orientation sits on the 3 x 3 ring (column, row), clockwise from the right.
RING = [(2, 1), (2, 2), (1, 2), (0, 2), (0, 1), (0, 0), (1, 0), (2, 0)]


class HypercolumnPainter:
    """Paints the aux and hypercolumn panels of one gabor view through its renderer."""

    def __init__(self, renderer) -> None:
        self.r = renderer
        self.view = renderer.view
        self.model = renderer.model
        self.layout_changed()
        self.picture_changed()

    def layout_changed(self) -> None:
        self._drawn: tuple | None = None         # (bank key, done, cell size) the thumbnails show
        self._thumbs: list[pygame.Surface | None] = [None] * N_ORIENT

    def picture_changed(self) -> None:
        self._small: tuple | None = None          # (energies, cell, {i: (map, robust max[, scale])})
        self._winner_img: tuple | None = None
        self._sel_peak: tuple | None = None

    # ------------------------------------------------------------ keys
    def draw(self, surface: pygame.Surface, phi: float, lang: tuple) -> None:
        v, m = self.view, self.model
        f = m.filter
        b = m.bank
        valid = m.bank_valid()
        bkey, done = (b.key, b.done) if b is not None else (None, 0)
        aux = self.aux_kind()
        if aux == "trace":
            aux_key = (aux, phi, f, self.r.scale, lang)
        elif aux == "winner":
            aux_key = (aux, m.picture_version, bkey, done, valid, self._aux_floor() if valid else None, lang)
        else:
            aux_key = (aux, m.picture_version, lang)
        self.r.panel(surface, "aux", v.p_aux, aux_key, self._draw_aux)
        # the colour floor follows θ a little, but changes the look only when it is above the
        # maps' own scale; the cell nearest θ changes every 22.5°: turning θ rarely repaints the bank
        near = orientation_index(f.theta, N_ORIENT)
        bank_key = (m.picture_version, bkey, done, valid, self._bank_floor() if valid else None, near,
                    v.winning_here(), lang)
        self.r.panel(surface, "bank", v.p_bank, bank_key, self._draw_bank)

    def aux_kind(self) -> str:
        m = self.model
        if "target" in m.goal_data:
            return "target"
        if m.drifting():
            return "trace"
        return "winner"

    def _aux_floor(self) -> float | None:
        """The colour floor if it sets the winner map's scale (above the selectivity's own), else None."""
        sel = self.model.bank.selectivity
        if self._sel_peak is None or self._sel_peak[0] is not sel:
            self._sel_peak = (sel, maps.robust_max(sel))
        return self.r.floor if self.r.floor > self._sel_peak[1] else None

    def _bank_floor(self) -> float | None:
        """The colour floor if it sets the thumbnails' scale, else None (see :meth:`_draw_bank`)."""
        b = self.model.bank
        cache = self._small
        if cache is None or cache[0] is not b.energies or any(i not in cache[2] for i in range(b.done)):
            return self.r.floor            # not shrunk yet: the next paint decides
        raw = max((cache[2][i][1] for i in range(b.done)), default=1.0)
        return self.r.floor if self.r.floor > raw else None

    # ------------------------------------------------------------ aux
    def _draw_aux(self, surface) -> None:
        v, m, r = self.view, self.model, self.r
        kind = self.aux_kind()
        box = v.r_aux
        r.title(surface, r.panel_name(kind), box.topleft)
        if kind == "trace":
            self._draw_trace(surface, box)
            return
        shown = v.display_rect(box)
        if kind == "target":
            target = m.goal_data["target"]
            lut, signed = maps.response_lut(m.goal.response)
            sc = max(maps.robust_max(target, margin=0.1), 1e-12)
            maps.blit_map(r.aux_raw, target, lut, -sc if signed else 0.0, sc)
            surface.blit(maps.fit(r.aux_raw, shown.size), shown)
            r.frame(surface, shown)
            return
        b = m.bank
        if b is not None and b.complete and b.winner is not None:
            # the coloured winner map changes only with the bank (and the floor):
            # a panel painted twice (see Renderer.panel) or after a veil costs a blit
            key = (self._aux_floor(), shown.size)
            hit = self._winner_img
            if hit is None or hit[0] is not b.winner or hit[1] != key:
                raw = pygame.surfarray.make_surface(maps.winner_rgb(b.winner, b.selectivity, r.floor))
                hit = self._winner_img = (b.winner, key, maps.fit(raw, shown.size))
            surface.blit(hit[2], shown)
            if r.overlay_light is not None:
                surface.blit(maps.fit(r.overlay_light, shown.size), shown)
            if not m.bank_valid():
                r.veil(surface, shown)
        else:
            pygame.draw.rect(surface, theme.PANEL, shown)
            r.veil(surface, shown)
        r.frame(surface, shown)

    def _draw_trace(self, surface, box: pygame.Rect) -> None:
        """The centre cell over the last seconds of drift, in units of the map's colour scale."""
        v = self.view
        s, t, fonts = v.s, v.ctx.text, v.ctx.fonts
        ax = Axes(pygame.Rect(box.x + s(26), box.y + s(4), box.width - s(30), box.height - s(26)),
                  (-TRACE_S, 0.0), (-1.6, 1.6))
        ax.draw_frame(surface, fonts, "t (s)", "", grid=True, ticks=4)
        trace = self.model.centre_trace() / self.r.scale
        tt = np.linspace(-TRACE_S, 0.0, trace.shape[1])
        names = ("trace_r1", "trace_r2", "trace_pair" if "pair" in self.model.modes else "trace_energy")
        cols = (theme.ACCENT, theme.PURPLE, theme.STAR)
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        for i in range(3):
            pts = ax.polyline(np.stack([tt, np.clip(trace[i], -1.55, 1.55)], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surface, cols[i], False, pts, s(3) if i == 2 else s(2))
        surface.set_clip(clip)
        imgs = [fonts.render(t(f"gabor.info.{name}"), theme.SMALL_FONT - 2, cols[i], bold=True)
                for i, name in enumerate(names)]
        wide = sum(i.get_width() for i in imgs) + s(10) * len(imgs)
        if wide <= ax.rect.width - s(6):          # one row of labels, or a column when narrow
            legend = pygame.Rect(ax.rect.x + s(3), ax.rect.y + s(3), wide, max(i.get_height() for i in imgs) + s(2))
            steps = [(img.get_width() + s(10), 0) for img in imgs]
        else:
            legend = pygame.Rect(ax.rect.x + s(3), ax.rect.y + s(3), max(i.get_width() for i in imgs) + s(10),
                                 sum(i.get_height() for i in imgs) + s(2))
            steps = [(0, img.get_height()) for img in imgs]
        pygame.draw.rect(surface, theme.BG, legend)
        x, y = legend.x + s(5), legend.y + s(1)
        for img, (dx, dy) in zip(imgs, steps):
            surface.blit(img, (x, y))
            x, y = x + dx, y + dy

    # ------------------------------------------------------------ bank
    def thumb_size(self) -> tuple[int, int]:
        g = self.view.s(4)
        return (min(self.view.r_bank.width, self.view.r_bank.height) - 2 * g) // 3, g

    def cell_rect(self, i: int) -> pygame.Rect:
        cell, g = self.thumb_size()
        col, row = RING[i]
        return pygame.Rect(self.view.r_bank.x + col * (cell + g), self.view.r_bank.y + row * (cell + g), cell, cell)

    def _update_thumbs(self, cell: int) -> None:
        """Shrink and colour the bank's computed maps (only the new ones, or all on a new scale)."""
        b = self.model.bank
        self._drawn = (b.key, b.done, cell)
        # shrunk maps and their robust maxima are kept per orientation: a bank
        # step adds one, instead of shrinking all of them again every step
        if self._small is None or self._small[0] is not b.energies or self._small[1] != cell:
            self._small = (b.energies, cell, {})
        small = self._small[2]
        k = max(1, b.energies.shape[1] // max(cell, 1))
        for i in range(b.done):
            if i not in small:
                a = maps.block_mean(b.energies[i], k)
                small[i] = (a, maps.robust_max(a, margin=0.1))
        # one colour scale for all eight, so their strengths compare
        peak = max(max((small[i][1] for i in range(b.done)), default=1.0), self.r.floor)
        for i in range(b.done):
            a, _, *drawn = small[i]
            th = self._thumbs[i]
            if drawn and drawn[0] == peak and th is not None and th.get_size() == (cell, cell):
                continue                      # coloured on this scale already
            raw = maps.palette_surface((a.shape[1], a.shape[0]), "viridis")
            maps.blit_map(raw, a, "viridis", 0.0, peak)
            self._thumbs[i] = maps.fit(raw.convert(), (cell, cell), smooth=True)
            small[i] = (small[i][0], small[i][1], peak)

    def _draw_bank(self, surface) -> None:
        """The hypercolumn: 8 energy thumbnails placed round a colour wheel by orientation."""
        v, m, r = self.view, self.model, self.r
        s = v.s
        r.title(surface, r.panel_name("bank"), v.r_bank.topleft)
        cell, g = self.thumb_size()
        b = m.bank
        valid = m.bank_valid()
        current = b is not None and b.key == m.filter.shape_key
        if current and (b.key, b.done, cell) != self._drawn:
            self._update_thumbs(cell)
        hot = v.winning_here()
        labels = cell >= s(56)             # labels only where they leave the map visible
        for i in range(N_ORIENT):
            cr = self.cell_rect(i)
            th = self._thumbs[i]
            if th is not None and th.get_size() == cr.size:
                surface.blit(th, cr)
                if not valid and (not current or i >= b.done):
                    r.veil(surface, cr, label=False)
            else:
                pygame.draw.rect(surface, theme.PANEL, cr)
            col = tuple(int(c) for c in maps.ORIENT[i])
            pygame.draw.rect(surface, col, cr, 2)
            if i == hot:
                pygame.draw.rect(surface, theme.TEXT, cr.inflate(s(4), s(4)), 2)
            if labels:
                self._thumb_label(surface, cr, i, theme.TEXT)
                patch = pygame.Rect(cr.right - s(16), cr.y + s(3), s(13), s(13))
                pygame.draw.rect(surface, theme.BG, patch)
                stripes(surface, patch, i * math.pi / N_ORIENT, col)
        if labels:                         # the cell nearest to the current θ
            near = orientation_index(m.filter.theta, N_ORIENT)
            self._thumb_label(surface, self.cell_rect(near), near, theme.STAR, " ◀")
        self._wheel(surface, pygame.Rect(v.r_bank.x + cell + g, v.r_bank.y + cell + g, cell, cell))

    def _wheel(self, surface, centre: pygame.Rect) -> None:
        cx, cy = centre.center
        rad = centre.width * 0.44
        for i in range(N_ORIENT):
            a0 = (i - 0.5) * math.pi / 4
            arc = np.linspace(a0, a0 + math.pi / 4, 8)
            pts = [(cx, cy)] + [(cx + rad * math.cos(a), cy + rad * math.sin(a)) for a in arc]
            pygame.draw.polygon(surface, tuple(int(c) for c in maps.ORIENT[i]), pts)
        pygame.draw.circle(surface, theme.BG, (cx, cy), int(rad * 0.45))
        v1 = self.view.ctx.fonts.render("V1", theme.SMALL_FONT - 1, theme.TEXT, bold=True)
        surface.blit(v1, v1.get_rect(center=(cx, cy)))

    def _thumb_label(self, surface, cr: pygame.Rect, i: int, colour, marker: str = "") -> None:
        s = self.view.s
        lbl = self.view.ctx.fonts.render(f"{180 * i / N_ORIENT:g}°{marker}", theme.SMALL_FONT - 3, colour, bold=True)
        bg = pygame.Rect(cr.x + 2, cr.y + 2, lbl.get_width() + s(4), lbl.get_height())
        pygame.draw.rect(surface, theme.BG, bg)
        surface.blit(lbl, (bg.x + s(2), bg.y))
