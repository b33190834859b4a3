"""The gabor view's panels: how each one is painted and when it is repainted.

Every panel is painted straight onto the screen and then *snapshotted*
(``surface.subsurface(rect).copy()``) together with a key of everything it
shows; while the key is unchanged the next frames just blit the snapshot.
So dragging θ repaints the response, the kernel and the polar plot, but not
the profile, the hypercolumn or the text. Panel rectangles never overlap,
and the screen under them is plain background, so a snapshot is exact.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.gabor import draw, goals
from game.labs.gabor.model import N_ORIENT
from game.labs.gabor.schema import SOURCE_NAMES
from game.sim import gabor
from game.ui import theme
from game.ui.fonts import ellipsize, wrap
from game.ui.plot import Axes, dashed_polyline

TRACE_S = 3.0
TRACE_N = 180
INK = (24, 30, 48)          # drawing on the kernel, which is mostly white (zero)
VEIL = (18, 22, 33, 150)

#: Where each bank orientation sits on the 3 x 3 ring: orientation space is a
#: half turn, drawn once round (the usual double-angle pinwheel), clockwise from the right.
RING = [(2, 1), (2, 2), (1, 2), (0, 2), (0, 1), (0, 0), (1, 0), (2, 0)]


class Panels:
    """Mixin of :class:`game.labs.gabor.view.GaborView`: painting only."""

    # ----------------------------------------------------------- machinery
    def _panel(self, surface: pygame.Surface, name: str, rect: pygame.Rect, key, paint) -> None:
        """Blit the snapshot of panel ``name`` if ``key`` is unchanged, else paint it.

        A snapshot is taken only when the same key is painted twice in a row,
        so a panel that changes every frame (the response while θ is dragged)
        never pays for the copy.
        """
        area = rect.clip(surface.get_rect())
        hit = self._snaps.get(name)
        if hit is not None and hit[0] == key and hit[1] == area and hit[2] is not None:
            surface.blit(hit[2], area)
            return
        paint(surface)
        again = hit is not None and hit[0] == key and hit[1] == area
        snap = surface.subsurface(area).copy() if again and area.width > 0 and area.height > 0 else None
        self._snaps[name] = (key, pygame.Rect(area), snap)

    def _title(self, surface, text: str, pos, colour=theme.TEXT, width: int | None = None) -> None:
        """A panel heading above ``pos``, cut with "…" to ``width`` (default: the image width)."""
        fonts = self.ctx.fonts
        width = width or self.D + self.scene.s(10)
        key = ("title", text, width)
        if len(self._text_cache) > 400:      # scores make new strings: keep the cache small
            self._text_cache.clear()
        cut = self._text_cache.get(key)
        if cut is None:
            cut = self._text_cache[key] = ellipsize(text, fonts.get(theme.SMALL_FONT, bold=True), width)
        img = fonts.render(cut, theme.SMALL_FONT, colour, bold=True)
        surface.blit(img, (pos[0], pos[1] - self.scene.s(20)))

    @staticmethod
    def _frame(surface, r: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.AXIS, r.inflate(2, 2), 1)

    def _veil(self, surface, box: pygame.Rect, label: bool = True) -> None:
        """Dim a panel that is being recomputed, with a short note."""
        veil = self._veils.get(box.size)
        if veil is None:
            veil = self._veils[box.size] = pygame.Surface(box.size, pygame.SRCALPHA)
            veil.fill(VEIL)
        surface.blit(veil, box)
        if label:
            img = self.ctx.fonts.render(self.ctx.text("gabor.info.updating"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(center=box.center))

    def _panel_name(self, kind: str) -> str:
        """A panel's heading; the compact layout uses the short form."""
        return self.ctx.text(f"gabor.panel_short.{kind}" if self.compact else f"gabor.panel.{kind}")

    def _picture_name(self) -> str:
        name = self.choice
        return self.ctx.text(f"gabor.source.{name}") if name in SOURCE_NAMES else name

    # ----------------------------------------------------------- panels
    def draw_panels(self, surface: pygame.Surface) -> None:
        f = self.filter
        drifting = self.drift_hz > 0 and self._qb is not None
        phi = round(self.phi, 6) if drifting else 0.0
        self._panel(surface, "image", self.p_image, (self.choice, phi, self.lang_key()), self._draw_image)
        notes = tuple((k, tuple(sorted(v.items()))) for k, v in self.notes()) if self.compact else ()
        self._panel(surface, "response", self.p_resp, (f, self.resp_mode, phi, self.choice, self._scale, notes,
                                                       self.lang_key()), self._draw_response)
        self._panel(surface, "kernel", self.p_kernel, (f, self.resp_mode, self.lang_key()), self._draw_kernel)
        # the profile along x′ does not change as θ turns
        prof_key = (f.sigma, f.wavelength, f.phase, f.size, self.resp_mode, self.lang_key())
        if not self.compact:
            self._panel(surface, "profile", self.p_profile, prof_key, self._draw_profile)
        self._panel(surface, "polar", self.p_polar, (self._tuning_key, f.shape_key, f.theta, self.fwhm,
                                                     self.lang_key()), self._draw_tuning)
        b = self.engine.bank
        hot = self._winning_here()
        # while σ, λ or γ are dragged the old bank is shown veiled: its look does not change per step
        valid = self.engine.bank_valid_for(f)
        # the colour floor follows θ a little, but changes the look only when it is
        # above the maps' own scale: keyed on that, turning θ does not repaint the bank
        bank_key = (b.key, b.done, valid, self._bank_floor(b) if valid else None, self.lang_key())
        aux = self._aux_kind()
        if aux == "trace":
            aux_key = (aux, phi, f, self.lang_key())
        elif aux == "winner":
            aux_key = (aux, b.key, b.done, valid, self._aux_floor(b) if valid else None, self.lang_key())
        else:
            aux_key = (aux, self.lang_key())
        self._panel(surface, "aux", self.p_aux, aux_key, self._draw_aux)
        self._panel(surface, "bank", self.p_bank, (bank_key, hot), self._draw_bank)
        self._draw_near_marker(surface)
        lines = self._side_lines()
        self._panel(surface, "side", self.p_side, (tuple(lines), self.lang_key()), self._draw_side)

    def lang_key(self) -> tuple:
        return (self.ctx.text.lang, self.ctx.scale)

    def _aux_floor(self, b) -> float | None:
        """The colour floor if it sets the winner map's scale (above the selectivity's own), else None."""
        sel = b.selectivity
        if sel is None:
            return self._floor
        hit = getattr(self, "_sel_peak", None)
        if hit is None or hit[0] is not sel:
            hit = self._sel_peak = (sel, draw.robust_max(sel))
        return self._floor if self._floor > hit[1] else None

    def _bank_floor(self, b) -> float | None:
        """The colour floor if it sets the thumbnails' scale, else None (see `_draw_bank`)."""
        cache = getattr(self, "_bank_small", None)
        if cache is None or cache[0] is not b.energies or any(i not in cache[2] for i in range(b.done)):
            return self._floor            # not shrunk yet: the next paint decides
        raw = max((cache[2][i][1] for i in range(b.done)), default=1.0)
        return self._floor if self._floor > raw else None

    def _draw_image(self, surface) -> None:
        t = self.ctx.text
        pic = self.engine.picture
        r = self._display_rect(self.r_image)
        if self.drift_hz > 0 and pic.drift is not None:
            img = math.cos(self.phi) * pic.image + math.sin(self.phi) * pic.drift
            draw.blit_map(self._img_raw, img, draw.GREY, -1.0, 1.0)
        surface.blit(draw.fit(self._img_raw, r.size), r)
        self._frame(surface, r)
        self._title(surface, self._picture_name() if self.compact else t("gabor.panel.image", name=self._picture_name()),
                    self.r_image.topleft)

    def _draw_response(self, surface) -> None:
        t = self.ctx.text
        r = self._display_rect(self.r_resp)
        lut, signed = draw.response_lut(self.resp_mode)
        sc = self._scale * (math.sqrt(2.0) if self.resp_mode == "pair" else 1.0)   # pair <= sqrt(2) |q|
        draw.blit_map(self._resp_raw, self._current_map(), lut, -sc if signed else 0.0, sc)
        surface.blit(draw.fit(self._resp_raw, r.size), r)
        if self._overlay is not None:
            if self._overlay_scaled is None or self._overlay_scaled.get_size() != r.size:
                self._overlay_scaled = draw.fit(self._overlay, r.size)
            surface.blit(self._overlay_scaled, r)
        self._frame(surface, r)
        mode = t(f"gabor.mode.{self.resp_mode}")
        self._title(surface, mode if self.compact else t("gabor.panel.response", mode=mode), self.r_resp.topleft)
        self._colour_bar(surface, r, lut, signed)
        if self.compact:
            self._notes_over(surface, r)

    def _notes_over(self, surface, r: pygame.Rect) -> None:
        """Compact layout: the notes (clamps, image problems) over the foot of the response map."""
        fonts, s = self.ctx.fonts, self.scene.s
        font = fonts.get(theme.SMALL_FONT - 2)
        y = r.bottom - s(2)
        for key, fmt in reversed(self.notes()[:2]):
            line = ellipsize(self.ctx.text(f"gabor.note.{key}", **fmt), font, r.width - s(8))
            img = fonts.render(line, theme.SMALL_FONT - 2, theme.WARN)
            box = img.get_rect(bottomleft=(r.x + s(2), y)).inflate(s(4), 0)
            pygame.draw.rect(surface, theme.BG, box)
            surface.blit(img, (box.x + s(2), box.y))
            y = box.top

    def _colour_bar(self, surface, r: pygame.Rect, lut, signed: bool) -> None:
        """A thin legend under the response map: the colour table and its ends."""
        s, f = self.scene.s, self.ctx.fonts
        bar = pygame.Rect(r.x + s(34), r.bottom + s(5), r.width - s(68), s(5))
        if bar.width < 10:
            return
        surface.blit(draw.lut_strip(lut, bar.size), bar)
        lo = f.render("−" if signed else "0", theme.SMALL_FONT - 3, theme.TEXT_DIM)
        hi = f.render("+", theme.SMALL_FONT - 3, theme.TEXT_DIM)
        surface.blit(lo, lo.get_rect(midright=(bar.x - s(4), bar.centery)))
        surface.blit(hi, hi.get_rect(midleft=(bar.right + s(4), bar.centery)))

    def _kernel_phase(self) -> float:
        return self.filter.phase + (math.pi / 2 if self.resp_mode == "odd" else 0.0)

    def _draw_kernel(self, surface) -> None:
        """The kernel (diverging map, pixels visible), its 1σ envelope, the x′ axis, and the profile."""
        s, t, fonts = self.scene.s, self.ctx.text, self.ctx.fonts
        f = self.filter
        r = self.r_kernel
        k = f.kernel(self._kernel_phase())
        peak = float(np.max(np.abs(k))) or 1.0
        raw = getattr(self, "_kernel_raw", None)
        if raw is None or raw.get_size() != (k.shape[1], k.shape[0]):
            raw = self._kernel_raw = draw.palette_surface((k.shape[1], k.shape[0]), draw.DIVERGING)
        draw.blit_map(raw, k, draw.DIVERGING, -peak, peak)
        surface.blit(draw.fit(raw, r.size), r)
        self._frame(surface, r)
        px = r.width / f.size
        c = r.center
        clip = surface.get_clip()
        surface.set_clip(r)
        ell = draw.ellipse_points(c, f.sigma * px, f.sigma / f.gamma * px, f.theta)
        dashed_polyline(surface, INK, ell + ell[:1], s(1), s(5))
        L = r.width * 0.46
        a = (c[0] - L * math.cos(f.theta), c[1] - L * math.sin(f.theta))
        b = (c[0] + L * math.cos(f.theta), c[1] + L * math.sin(f.theta))
        pygame.draw.line(surface, INK, a, b, s(1))
        head = [(b[0] - s(7) * math.cos(f.theta + d), b[1] - s(7) * math.sin(f.theta + d)) for d in (-0.45, 0.45)]
        pygame.draw.polygon(surface, INK, [b] + head)
        lbl = fonts.render("x′", theme.SMALL_FONT - 2, INK, bold=True)
        surface.blit(lbl, lbl.get_rect(center=(b[0] - s(12) * math.cos(f.theta) + s(9) * math.sin(f.theta),
                                               b[1] - s(12) * math.sin(f.theta) - s(9) * math.cos(f.theta))))
        surface.set_clip(clip)
        self._title(surface, self._panel_name("kernel"), (r.x, r.y), width=self.p_kernel.right - r.x)
        clamped = "sigma_clamped_kernel_size" in f.notes
        size = fonts.render(t("gabor.info.kernel_px", n=f.size), theme.SMALL_FONT - 2,
                            theme.WARN if clamped else theme.TEXT_DIM)
        if self.compact:            # no room below: inside the kernel's corner, on a dark patch
            box = size.get_rect(bottomright=(r.right - s(2), r.bottom - s(2)))
            pygame.draw.rect(surface, theme.BG, box.inflate(s(4), 0))
            surface.blit(size, box)
        else:
            surface.blit(size, size.get_rect(topright=(r.right, r.bottom + s(3))))

    def _draw_profile(self, surface) -> None:
        s, t = self.scene.s, self.ctx.text
        f = self.filter
        ax = self.profile
        half = f.size // 2 + 0.5
        ax.set_limits((-half, half), (-1.15, 1.15))
        # the axes, ticks and title change only with the kernel size: kept as a
        # picture of the panel, and the curves (new with every σ, λ, ψ) drawn on it
        area = self.p_profile.clip(surface.get_rect())
        key = (f.size, tuple(area), tuple(ax.rect), self.lang_key())
        bg = getattr(self, "_profile_bg", None)
        if bg is None or bg[0] != key:
            img = pygame.Surface(area.size)
            img.fill(theme.BG)
            local = Axes(ax.rect.move(-area.x, -area.y), ax.xlim, ax.ylim)
            local.draw_frame(img, self.ctx.fonts, "x′ (px)", "", grid=False, ticks=4)
            bg = self._profile_bg = (key, img)
        surface.blit(bg[1], area)
        x = np.linspace(-half, half, 160)
        env = np.exp(-x * x / (2 * f.sigma ** 2))
        prof = env * np.cos(2 * math.pi * x / f.wavelength + self._kernel_phase())
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        # the envelope ±exp(-x′²/2σ²), thin and dim, then the profile (one pass for all three)
        upper, lower, curve = ax.polylines([np.stack([x, env], axis=1), np.stack([x, -env], axis=1),
                                            np.stack([x, prof], axis=1)])
        for pts, colour, width in ((upper, theme.AXIS, 1), (lower, theme.GRID, 1), (curve, theme.WARN, s(2))):
            if len(pts) > 1:
                pygame.draw.lines(surface, colour, False, pts, width)
        surface.set_clip(clip)
        self._title(surface, t("gabor.panel.profile"), (ax.rect.x - s(30), ax.rect.y), width=self.p_profile.width)

    def _draw_tuning(self, surface) -> None:
        s, t = self.scene.s, self.ctx.text
        draw.draw_polar(surface, self.ctx.fonts, self.polar_c, self.polar_r, self.curve, self.filter.theta, s,
                        labels=self.polar_labels)
        x, y = self.r_polar_title
        width = t("gabor.info.fwhm", w=f"{self.fwhm:.1f}")
        if self.compact:
            self._title(surface, f"{self._panel_name('tuning')} {self.fwhm:.0f}°", (x, y + s(20)),
                        width=self.p_polar.width)
            return
        self._title(surface, t("gabor.panel.tuning"), (x, y + s(20)), width=self.p_polar.width)
        # dim while σ, λ or γ are being dragged and the curve waits for an idle frame
        stale = self._tuning_key != self.filter.shape_key
        img = self.ctx.fonts.render(width, theme.SMALL_FONT - 1, theme.TEXT_DIM if stale else theme.ACCENT)
        surface.blit(img, img.get_rect(midtop=(self.polar_c[0], self.polar_c[1] + self.polar_r + s(24))))

    # ------------------------------------------------------------ aux, bank
    def _aux_kind(self) -> str:
        if self._target is not None:
            return "target"
        if self.drift_hz > 0 and self._qb is not None:
            return "trace"
        return "winner"

    def _draw_aux(self, surface) -> None:
        t = self.ctx.text
        kind = self._aux_kind()
        r = self.r_aux
        self._title(surface, self._panel_name(kind), r.topleft)
        if kind == "trace":
            self._draw_trace(surface, r)
            return
        box = self._display_rect(r)
        if kind == "target":
            lut, signed = draw.response_lut(self.goal.response)
            sc = max(draw.robust_max(self._target, margin=0.1), 1e-12)
            draw.blit_map(self._aux_raw, self._target, lut, -sc if signed else 0.0, sc)
            surface.blit(draw.fit(self._aux_raw, box.size), box)
            self._frame(surface, box)
            return
        b = self.engine.bank
        if b.complete and b.winner is not None:
            # the coloured winner map changes only with the bank (and the floor):
            # a panel painted twice (see _panel) or after a veil costs a blit
            key = (b.winner, self._aux_floor(b), box.size)
            hit = getattr(self, "_winner_img", None)
            if hit is None or hit[0][0] is not b.winner or hit[0][1:] != key[1:]:
                raw = pygame.surfarray.make_surface(draw.winner_rgb(b.winner, b.selectivity, self._floor))
                hit = self._winner_img = (key, draw.fit(raw, box.size))
            surface.blit(hit[1], box)
            if self._overlay_light is not None:
                surface.blit(draw.fit(self._overlay_light, box.size), box)
            if not self.engine.bank_valid_for(self.filter):
                self._veil(surface, box)
        else:
            pygame.draw.rect(surface, theme.PANEL, box)
            self._veil(surface, box)
        self._frame(surface, box)

    def trace_values(self) -> np.ndarray:
        """The centre cell over the last ``TRACE_S`` seconds of drift: (3, TRACE_N).

        Rows: the simple cell ψ, the simple cell ψ2 and their pair (or the
        energy when the level has no ψ2), in units of the map's colour scale.
        The response is a function of the drift phase only, so the whole
        history is recomputed from the current phase: a changed ψ shows at once.
        """
        f = self.filter
        h, w = self._q.shape
        c = (h // 2, w // 2)
        phi = self.phi + 2 * math.pi * self.drift_hz * np.linspace(-TRACE_S, 0.0, TRACE_N)
        q = np.cos(phi) * self._q[c] + np.sin(phi) * self._qb[c]
        r1 = math.cos(f.phase) * q.real + math.sin(f.phase) * q.imag
        r2 = math.cos(f.phase2) * q.real + math.sin(f.phase2) * q.imag
        pair = np.hypot(r1, r2) if "pair" in self.modes else np.abs(q)
        return np.stack([r1, r2, pair]) / self._scale

    def _draw_trace(self, surface, r: pygame.Rect) -> None:
        s, t, fonts = self.scene.s, self.ctx.text, self.ctx.fonts
        ax = Axes(pygame.Rect(r.x + s(26), r.y + s(4), r.width - s(30), r.height - s(26)), (-TRACE_S, 0.0),
                  (-1.6, 1.6))
        ax.draw_frame(surface, fonts, "t (s)", "", grid=True, ticks=4)
        tt = np.linspace(-TRACE_S, 0.0, TRACE_N)
        names = ("trace_r1", "trace_r2", "trace_pair" if "pair" in self.modes else "trace_energy")
        cols = (theme.ACCENT, theme.PURPLE, theme.STAR)
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        trace = self.trace_values()
        for i in range(3):
            pts = ax.polyline(np.stack([tt, np.clip(trace[i], -1.55, 1.55)], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surface, cols[i], False, pts, s(3) if i == 2 else s(2))
        surface.set_clip(clip)
        imgs = [fonts.render(t(f"gabor.info.{name}"), theme.SMALL_FONT - 2, cols[i], bold=True)
                for i, name in enumerate(names)]
        wide = sum(i.get_width() for i in imgs) + s(10) * len(imgs)
        if wide <= ax.rect.width - s(6):          # one row of labels, or a column when narrow
            box = pygame.Rect(ax.rect.x + s(3), ax.rect.y + s(3), wide, max(i.get_height() for i in imgs) + s(2))
            steps = [(img.get_width() + s(10), 0) for img in imgs]
        else:
            box = pygame.Rect(ax.rect.x + s(3), ax.rect.y + s(3), max(i.get_width() for i in imgs) + s(10),
                              sum(i.get_height() for i in imgs) + s(2))
            steps = [(0, img.get_height()) for img in imgs]
        pygame.draw.rect(surface, theme.BG, box)
        x, y = box.x + s(5), box.y + s(1)
        for img, (dx, dy) in zip(imgs, steps):
            surface.blit(img, (x, y))
            x, y = x + dx, y + dy

    def _thumb_size(self) -> tuple[int, int]:
        g = self.scene.s(4)
        return (min(self.r_bank.width, self.r_bank.height) - 2 * g) // 3, g

    def _draw_bank(self, surface) -> None:
        """The hypercolumn: 8 energy thumbnails placed round a colour wheel by orientation."""
        s, t, fonts = self.scene.s, self.ctx.text, self.ctx.fonts
        r = self.r_bank
        self._title(surface, self._panel_name("bank"), r.topleft)
        cell, g = self._thumb_size()
        b = self.engine.bank
        valid = self.engine.bank_valid_for(self.filter)
        current = b.key == self.filter.shape_key
        if b.energies is not None and current and (b.key, b.done, cell) != self._bank_drawn:
            self._bank_drawn = (b.key, b.done, cell)
            # shrunk maps and their robust maxima are kept per orientation: a bank
            # step adds one, instead of shrinking all of them again every step
            cache = getattr(self, "_bank_small", None)
            if cache is None or cache[0] is not b.energies or cache[1] != cell:
                cache = self._bank_small = (b.energies, cell, {})
            small = cache[2]
            k = max(1, b.energies.shape[1] // max(cell, 1))
            for i in range(b.done):
                if i not in small:
                    a = draw.block_mean(b.energies[i], k)
                    small[i] = (a, draw.robust_max(a, margin=0.1))
            # one colour scale for all eight, so their strengths compare
            peak = max(max((small[i][1] for i in range(b.done)), default=1.0), self._floor)
            for i in range(b.done):
                a, _, *drawn = small[i]
                th = self._thumbs[i]
                if drawn and drawn[0] == peak and th is not None and th.get_size() == (cell, cell):
                    continue                      # coloured on this scale already
                raw = draw.palette_surface((a.shape[1], a.shape[0]), draw.VIRIDIS)
                draw.blit_map(raw, a, draw.VIRIDIS, 0.0, peak)
                self._thumbs[i] = draw.fit(raw.convert(), (cell, cell), smooth=True)
                small[i] = (small[i][0], small[i][1], peak)
        hot = self._winning_here()
        for i in range(N_ORIENT):
            pos = RING[i]
            cr = pygame.Rect(r.x + pos[0] * (cell + g), r.y + pos[1] * (cell + g), cell, cell)
            th = self._thumbs[i]
            if th is not None and th.get_size() == cr.size:
                surface.blit(th, cr)
                if not valid and (not current or i >= b.done):
                    self._veil(surface, cr, label=False)
            else:
                pygame.draw.rect(surface, theme.PANEL, cr)
            col = tuple(int(c) for c in draw.ORIENT[i])
            pygame.draw.rect(surface, col, cr, 2)
            if i == hot:
                pygame.draw.rect(surface, theme.TEXT, cr.inflate(s(4), s(4)), 2)
            ang = i * math.pi / N_ORIENT
            if cell >= s(56):             # labels only where they leave the map visible
                self._thumb_label(surface, cr, i, theme.TEXT)
                self._stripes(surface, pygame.Rect(cr.right - s(16), cr.y + s(3), s(13), s(13)), ang, col)
        centre = pygame.Rect(r.x + cell + g, r.y + cell + g, cell, cell)
        cx, cy = centre.center
        rad = cell * 0.44
        for i in range(N_ORIENT):
            a0 = (i - 0.5) * math.pi / 4
            arc = np.linspace(a0, a0 + math.pi / 4, 8)
            pts = [(cx, cy)] + [(cx + rad * math.cos(a), cy + rad * math.sin(a)) for a in arc]
            pygame.draw.polygon(surface, tuple(int(c) for c in draw.ORIENT[i]), pts)
        pygame.draw.circle(surface, theme.BG, (cx, cy), int(rad * 0.45))
        v1 = fonts.render("V1", theme.SMALL_FONT - 1, theme.TEXT, bold=True)
        surface.blit(v1, v1.get_rect(center=(cx, cy)))

    def _thumb_label(self, surface, cr: pygame.Rect, i: int, colour, marker: str = "") -> None:
        s = self.scene.s
        lbl = self.ctx.fonts.render(f"{180 * i / N_ORIENT:g}°{marker}", theme.SMALL_FONT - 3, colour, bold=True)
        bg = pygame.Rect(cr.x + 2, cr.y + 2, lbl.get_width() + s(4), lbl.get_height())
        pygame.draw.rect(surface, theme.BG, bg)
        surface.blit(lbl, (bg.x + s(2), bg.y))

    def _draw_near_marker(self, surface) -> None:
        """Mark the bank cell nearest to the current θ (drawn every frame: θ moves while dragging)."""
        cell, g = self._thumb_size()
        if cell < self.scene.s(56):
            return
        i = goals.orientation_index(self.filter.theta, N_ORIENT)
        pos = RING[i]
        cr = pygame.Rect(self.r_bank.x + pos[0] * (cell + g), self.r_bank.y + pos[1] * (cell + g), cell, cell)
        self._thumb_label(surface, cr, i, theme.STAR, " ◀")

    @staticmethod
    def _stripes(surface, box: pygame.Rect, theta: float, colour) -> None:
        """A tiny patch of the stripes a cell with carrier direction ``theta`` prefers."""
        pygame.draw.rect(surface, theme.BG, box)
        c = box.center
        px, py = -math.sin(theta), math.cos(theta)       # along the stripes
        dx, dy = math.cos(theta), math.sin(theta)        # across them
        L = box.width * 0.42
        clip = surface.get_clip()
        surface.set_clip(box)
        for k in (-1, 0, 1):
            ox, oy = c[0] + dx * k * box.width * 0.3, c[1] + dy * k * box.width * 0.3
            pygame.draw.line(surface, colour, (ox - px * L, oy - py * L), (ox + px * L, oy + py * L), 2)
        surface.set_clip(clip)

    def _winning_here(self) -> int | None:
        """Winning orientation under the mouse (over the image, response or winner map)."""
        b = self.engine.bank
        if not b.complete or b.winner is None or not self.engine.bank_valid_for(self.filter):
            return None
        for box in (self._display_rect(self.r_image), self._display_rect(self.r_resp),
                    self._display_rect(self.r_aux)):
            if box.collidepoint(self._mouse):
                h, w = b.winner.shape
                j = int((self._mouse[0] - box.x) * w / box.width)
                i = int((self._mouse[1] - box.y) * h / box.height)
                if 0 <= i < h and 0 <= j < w:
                    return int(b.winner[i, j])
        return None

    # ------------------------------------------------------------ side text
    def _side_lines(self) -> list[tuple[str, tuple]]:
        t = self.ctx.text
        f = self.filter
        lines = [] if self.compact else [(t("gabor.info.formula"), theme.TEXT_DIM),
                                         (t("gabor.info.rotation"), theme.TEXT_DIM)]
        lines.append((t("gabor.info.ratio", r=f"{f.sigma / f.wavelength:.2f}", b=self._octaves(f.sigma, f.wavelength)),
                      theme.TEXT))
        if self.goal is not None and self.now is not None:
            lines.append((t("gabor.info.now", v=f"{self.now:.4g}"), theme.STAR))
        elif self.goal is not None and not self._scored_image():
            lines.append((t("gabor.info.not_scored"), theme.TEXT_DIM))
        for key, fmt in self.notes():
            lines.append((t(f"gabor.note.{key}", **fmt), theme.WARN))
        if self.compact:          # the formula last: it is the first thing to go when space runs out
            lines += [(t("gabor.info.formula"), theme.TEXT_DIM), (t("gabor.info.rotation"), theme.TEXT_DIM)]
        return lines

    @staticmethod
    def _octaves(sigma: float, wavelength: float) -> str:
        b = gabor.spatial_frequency_bandwidth(sigma, wavelength)
        return "∞" if not math.isfinite(b) else f"{b:.2f}"

    def draw_labels(self, surface) -> None:
        """Small headings between the widgets of the right column (cached text)."""
        fonts = self.ctx.fonts
        if self.r_modes_label is not None:
            img = fonts.render(self.ctx.text("gabor.info.response_label"), theme.SMALL_FONT, theme.TEXT_DIM)
            surface.blit(img, self.r_modes_label)
        if self.r_picker_label is not None:
            surface.blit(fonts.render(self.ctx.text("gabor.info.picker_label"), theme.SMALL_FONT, theme.TEXT_DIM),
                         self.r_picker_label)
        if self.r_preset_label is not None:
            surface.blit(fonts.render(self.ctx.text("gabor.info.preset_label"), theme.SMALL_FONT, theme.TEXT_DIM),
                         self.r_preset_label)

    def _draw_side(self, surface) -> None:
        s, fonts = self.scene.s, self.ctx.fonts
        x, y = self.p_side.x, self.p_side.y
        font = fonts.get(theme.SMALL_FONT)
        step = int(font.get_linesize() * 1.05)
        for text, colour in self._side_lines():
            key = ("wrap", text, self.p_side.width)
            rows = self._text_cache.get(key)
            if rows is None:
                rows = self._text_cache[key] = wrap(text, font, self.p_side.width)
            for line in rows:
                if y + step > self.p_side.bottom:
                    return
                surface.blit(fonts.render(line, theme.SMALL_FONT, colour), (x, y))
                y += step
            y += s(3)
