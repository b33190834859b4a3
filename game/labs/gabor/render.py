"""Drawing of the gabor lab: picture, response map, kernel, profile, polar tuning, side text.

Reads the model (``view.model``) and the view's layout and writes nothing but
its own caches. Every panel is painted straight onto the screen and then
*snapshotted* (``surface.subsurface(rect).copy()``) together with a key of
everything it shows; while the key is unchanged the next frames just blit the
snapshot. So dragging θ repaints the response, the kernel and the polar plot,
but not the profile, the hypercolumn or the text. Panel rectangles never
overlap, and the screen under them is plain background, so a snapshot is
exact. What only changes with the response (its colour scale), the picture
(its surfaces, the goal's outline) or the language (the side text, the
labels) is computed when those change, not per frame. The hypercolumn and
the aux panel are drawn by :mod:`game.labs.gabor.hypercolumn`.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.gabor import maps
from game.labs.gabor.cells import envelope_sum
from game.labs.gabor.goals import scored_picture
from game.labs.gabor.hypercolumn import HypercolumnPainter
from game.labs.gabor.polar import PolarPlot
from game.sim import gabor
from game.ui import theme
from game.ui.fonts import ellipsize, wrap
from game.ui.plot import Axes, dashed_polyline

INK = (24, 30, 48)          # drawing on the kernel, which is mostly white (zero)
VEIL = (18, 22, 33, 150)
#: Most entries kept in the text cache (wrapped and cut lines per text and width).
TEXT_KEPT = 400


class Renderer:
    """Draws one gabor view; owns only its caches."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.polar = PolarPlot()
        self.bank = HypercolumnPainter(self)
        self._picture_seen = -1
        self._response_seen = -1
        self.scale = 1.0                 # colour scale of the response maps
        self.floor = 0.0                 # ... never below a tenth of a matched grating's answer
        self.layout_changed()

    def layout_changed(self) -> None:
        """The layout, scale or language changed: drop what was drawn for the old one."""
        self._snaps: dict[str, tuple] = {}
        self._text: dict[tuple, object] = {}
        self._veils: dict[tuple, pygame.Surface] = {}
        self._strips: dict[tuple, pygame.Surface] = {}
        self._side: tuple | None = None
        self._profile_bg: tuple | None = None
        self._overlay_scaled: pygame.Surface | None = None
        self._overlay_key: tuple | None = None
        self.bank.layout_changed()

    # ----------------------------------------------------------- what changed
    def _sync(self) -> None:
        m = self.model
        if m.picture_version != self._picture_seen:
            self._picture_seen = m.picture_version
            self._new_picture_surfaces()
        if m.version != self._response_seen:
            self._response_seen = m.version
            # colour scale: the map's own robust maximum away from the padded border, but
            # never below a tenth of a matched grating's answer, so a silent cell looks dark
            self.floor = 0.05 * envelope_sum(m.filter)
            self.scale = max(maps.robust_max(m.q, margin=0.1), self.floor)
        overlay_key = (m.picture_version, m.resp_mode)
        if overlay_key != self._overlay_key:
            self._overlay_key = overlay_key
            self._make_overlay()

    def _new_picture_surfaces(self) -> None:
        m = self.model
        h, w = m.picture.image.shape
        self.img_raw = maps.palette_surface((w, h), "grey")
        self.resp_raw = maps.palette_surface((w, h), "diverging")
        self.aux_raw = maps.palette_surface((w, h), "diverging")
        if not m.drifting():
            maps.blit_map(self.img_raw, m.picture.image, "grey", -1.0, 1.0)
        self._overlay_key = None
        self.bank.picture_changed()

    def _make_overlay(self) -> None:
        """Outline of what the goal scores (edge band, texture region) over the maps."""
        m = self.model
        self.overlay = self.overlay_light = None
        self._overlay_scaled = None
        # dark ink on the white-centred diverging map, white on viridis and the winner map
        col = (20, 24, 36) if maps.response_lut(m.resp_mode)[1] else theme.TEXT
        if m.goal is not None and scored_picture(m, m.goal):
            mask = m.goal_data.get("band", m.goal_data.get("region"))
            if mask is not None:
                self.overlay = maps.outline(mask, col)
                self.overlay_light = maps.outline(mask, theme.TEXT)

    def lang_key(self) -> tuple:
        ctx = self.view.ctx
        return (ctx.text.lang, ctx.scale)

    # ----------------------------------------------------------- machinery
    def panel(self, surface: pygame.Surface, name: str, rect: pygame.Rect, key, paint) -> None:
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

    def cached(self, key: tuple, make):
        """A cached text result (cut or wrapped lines; ``font.size`` is slow), kept to ``TEXT_KEPT``."""
        hit = self._text.get(key)
        if hit is None:
            if len(self._text) > TEXT_KEPT:
                self._text.clear()
            hit = self._text[key] = make()
        return hit

    def title(self, surface, text: str, pos, colour=theme.TEXT, width: int | None = None) -> None:
        """A panel heading above ``pos``, cut with "…" to ``width`` (default: the image width)."""
        v = self.view
        fonts = v.ctx.fonts
        width = width or v.D + v.s(10)
        cut = self.cached(("title", text, width),
                          lambda: ellipsize(text, fonts.get(theme.SMALL_FONT, bold=True), width))
        surface.blit(fonts.render(cut, theme.SMALL_FONT, colour, bold=True), (pos[0], pos[1] - v.s(20)))

    @staticmethod
    def frame(surface, r: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.AXIS, r.inflate(2, 2), 1)

    def veil(self, surface, box: pygame.Rect, label: bool = True) -> None:
        """Dim a panel that is being recomputed, with a short note."""
        veil = self._veils.get(box.size)
        if veil is None:
            veil = self._veils[box.size] = pygame.Surface(box.size, pygame.SRCALPHA)
            veil.fill(VEIL)
        surface.blit(veil, box)
        if label:
            ctx = self.view.ctx
            img = ctx.fonts.render(ctx.text("gabor.info.updating"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(center=box.center))

    def panel_name(self, kind: str) -> str:
        """A panel's heading; the compact layout uses the short form."""
        return self.view.ctx.text(f"gabor.panel_short.{kind}" if self.view.compact else f"gabor.panel.{kind}")

    # ----------------------------------------------------------- frame
    def draw(self, surface: pygame.Surface) -> None:
        self._sync()
        v, m = self.view, self.model
        f = m.filter
        lang = self.lang_key()
        phi = round(m.phi, 6) if m.drifting() else 0.0
        self.panel(surface, "image", v.p_image, (m.picture_version, m.choice, phi, lang), self._draw_image)
        # (the compact layout's notes over the map follow the filter and the picture: in the key already)
        self.panel(surface, "response", v.p_resp, (m.version, m.resp_mode, phi, m.picture_version, self.scale,
                                                   lang), self._draw_response)
        self.panel(surface, "kernel", v.p_kernel, (f, m.resp_mode, lang), self._draw_kernel)
        if not v.compact:
            # the profile along x′ does not change as θ turns
            self.panel(surface, "profile", v.p_profile,
                       (f.sigma, f.wavelength, f.phase, f.size, m.resp_mode, lang), self._draw_profile)
        self.panel(surface, "polar", v.p_polar, (m.curve_key, f.shape_key, f.theta, m.bandwidth_deg(), lang),
                   self._draw_tuning)
        self.bank.draw(surface, phi, lang)
        self.panel(surface, "side", v.p_side, (m.version, m.picture_version, lang), self._draw_side)
        self._draw_labels(surface)

    # ----------------------------------------------------------- panels
    def _draw_image(self, surface) -> None:
        v, m = self.view, self.model
        t = v.ctx.text
        pic = m.picture
        r = v.display_rect(v.r_image)
        if m.drifting() and pic.drift is not None:
            img = math.cos(m.phi) * pic.image + math.sin(m.phi) * pic.drift
            maps.blit_map(self.img_raw, img, "grey", -1.0, 1.0)
        surface.blit(maps.fit(self.img_raw, r.size), r)
        self.frame(surface, r)
        name = v.picture_name()
        self.title(surface, name if v.compact else t("gabor.panel.image", name=name), v.r_image.topleft)

    def _draw_response(self, surface) -> None:
        v, m = self.view, self.model
        t = v.ctx.text
        r = v.display_rect(v.r_resp)
        lut, signed = maps.response_lut(m.resp_mode)
        sc = self.scale * (math.sqrt(2.0) if m.resp_mode == "pair" else 1.0)   # pair <= sqrt(2) |q|
        maps.blit_map(self.resp_raw, m.current_map(), lut, -sc if signed else 0.0, sc)
        surface.blit(maps.fit(self.resp_raw, r.size), r)
        if self.overlay is not None:
            if self._overlay_scaled is None or self._overlay_scaled.get_size() != r.size:
                self._overlay_scaled = maps.fit(self.overlay, r.size)
            surface.blit(self._overlay_scaled, r)
        self.frame(surface, r)
        mode = t(f"gabor.mode.{m.resp_mode}")
        self.title(surface, mode if v.compact else t("gabor.panel.response", mode=mode), v.r_resp.topleft)
        self._colour_bar(surface, r, lut, signed)
        if v.compact:
            self._notes_over(surface, r)

    def _notes_over(self, surface, r: pygame.Rect) -> None:
        """Compact layout: the notes (clamps, image problems) over the foot of the response map."""
        v = self.view
        fonts, s = v.ctx.fonts, v.s
        font = fonts.get(theme.SMALL_FONT - 2)
        y = r.bottom - s(2)
        for key, fmt in reversed(self.model.notes()[:2]):
            line = ellipsize(v.ctx.text(f"gabor.note.{key}", **fmt), font, r.width - s(8))
            img = fonts.render(line, theme.SMALL_FONT - 2, theme.WARN)
            box = img.get_rect(bottomleft=(r.x + s(2), y)).inflate(s(4), 0)
            pygame.draw.rect(surface, theme.BG, box)
            surface.blit(img, (box.x + s(2), box.y))
            y = box.top

    def _colour_bar(self, surface, r: pygame.Rect, lut: str, signed: bool) -> None:
        """A thin legend under the response map: the colour table and its ends."""
        s, f = self.view.s, self.view.ctx.fonts
        bar = pygame.Rect(r.x + s(34), r.bottom + s(5), r.width - s(68), s(5))
        if bar.width < 10:
            return
        strip = self._strips.get((lut, bar.size))
        if strip is None:
            strip = self._strips[(lut, bar.size)] = maps.lut_strip(lut, bar.size)
        surface.blit(strip, bar)
        lo = f.render("−" if signed else "0", theme.SMALL_FONT - 3, theme.TEXT_DIM)
        hi = f.render("+", theme.SMALL_FONT - 3, theme.TEXT_DIM)
        surface.blit(lo, lo.get_rect(midright=(bar.x - s(4), bar.centery)))
        surface.blit(hi, hi.get_rect(midleft=(bar.right + s(4), bar.centery)))

    def _kernel_phase(self) -> float:
        m = self.model
        return m.filter.phase + (math.pi / 2 if m.resp_mode == "odd" else 0.0)

    def _draw_kernel(self, surface) -> None:
        """The kernel (diverging map, pixels visible), its 1σ envelope, the x′ axis, its size."""
        v = self.view
        s, fonts = v.s, v.ctx.fonts
        f = self.model.filter
        r = v.r_kernel
        k = f.kernel(self._kernel_phase())
        peak = float(np.max(np.abs(k))) or 1.0
        raw = getattr(self, "_kernel_raw", None)
        if raw is None or raw.get_size() != (k.shape[1], k.shape[0]):
            raw = self._kernel_raw = maps.palette_surface((k.shape[1], k.shape[0]), "diverging")
        maps.blit_map(raw, k, "diverging", -peak, peak)
        surface.blit(maps.fit(raw, r.size), r)
        self.frame(surface, r)
        px = r.width / f.size
        c = r.center
        clip = surface.get_clip()
        surface.set_clip(r)
        ell = maps.ellipse_points(c, f.sigma * px, f.sigma / f.gamma * px, f.theta)
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
        self.title(surface, self.panel_name("kernel"), (r.x, r.y), width=v.p_kernel.right - r.x)
        clamped = "sigma_clamped_kernel_size" in f.notes
        size = fonts.render(v.ctx.text("gabor.info.kernel_px", n=f.size), theme.SMALL_FONT - 2,
                            theme.WARN if clamped else theme.TEXT_DIM)
        if v.compact:            # no room below: inside the kernel's corner, on a dark patch
            box = size.get_rect(bottomright=(r.right - s(2), r.bottom - s(2)))
            pygame.draw.rect(surface, theme.BG, box.inflate(s(4), 0))
            surface.blit(size, box)
        else:
            surface.blit(size, size.get_rect(topright=(r.right, r.bottom + s(3))))

    def _draw_profile(self, surface) -> None:
        v = self.view
        s = v.s
        f = self.model.filter
        ax = v.profile
        half = f.size // 2 + 0.5
        ax.set_limits((-half, half), (-1.15, 1.15))
        # the axes, ticks and title change only with the kernel size: kept as a
        # picture of the panel, and the curves (new with every σ, λ, ψ) drawn on it
        area = v.p_profile.clip(surface.get_rect())
        key = (f.size, tuple(area), tuple(ax.rect), self.lang_key())
        if self._profile_bg is None or self._profile_bg[0] != key:
            img = pygame.Surface(area.size)
            img.fill(theme.BG)
            local = Axes(ax.rect.move(-area.x, -area.y), ax.xlim, ax.ylim)
            local.draw_frame(img, v.ctx.fonts, "x′ (px)", "", grid=False, ticks=4)
            self._profile_bg = (key, img)
        surface.blit(self._profile_bg[1], area)
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
        self.title(surface, v.ctx.text("gabor.panel.profile"), (ax.rect.x - s(30), ax.rect.y),
                   width=v.p_profile.width)

    def _draw_tuning(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        self.polar.draw(surface, v.ctx.fonts, v.polar_c, v.polar_r, m.curve, m.filter.theta, s,
                        labels=v.polar_labels)
        x, y = v.r_polar_title
        width = m.bandwidth_deg()
        if v.compact:
            self.title(surface, t("gabor.info.fwhm_short", w=f"{width:.0f}"), (x, y + s(20)), width=v.p_polar.width)
            return
        self.title(surface, t("gabor.panel.tuning"), (x, y + s(20)), width=v.p_polar.width)
        # dim while σ, λ or γ are being dragged and the curve waits for an idle frame
        stale = m.curve_key != m.filter.shape_key
        img = v.ctx.fonts.render(t("gabor.info.fwhm", w=f"{width:.1f}"), theme.SMALL_FONT - 1,
                                 theme.TEXT_DIM if stale else theme.ACCENT)
        surface.blit(img, img.get_rect(midtop=(v.polar_c[0], v.polar_c[1] + v.polar_r + s(12))))

    # ------------------------------------------------------------ side text
    def side_lines(self) -> list[tuple[str, tuple]]:
        """The side column's lines (text, colour): formula, σ/λ and bandwidth, notes."""
        v, m = self.view, self.model
        t = v.ctx.text
        f = m.filter
        formula = [(t("gabor.info.formula"), theme.TEXT_DIM), (t("gabor.info.rotation"), theme.TEXT_DIM)]
        b = gabor.spatial_frequency_bandwidth(f.sigma, f.wavelength)
        lines = [] if v.compact else list(formula)
        lines.append((t("gabor.info.ratio", r=f"{f.sigma / f.wavelength:.2f}",
                        b="∞" if not math.isfinite(b) else f"{b:.2f}"), theme.TEXT))
        if m.goal is not None and not scored_picture(m, m.goal):
            lines.append((t("gabor.info.not_scored"), theme.TEXT_DIM))
        for key, fmt in m.notes():
            lines.append((t(f"gabor.note.{key}", **fmt), theme.WARN))
        if v.compact:          # the formula last: it is the first thing to go when space runs out
            lines += formula
        return lines

    def _draw_side(self, surface) -> None:
        v = self.view
        s, fonts = v.s, v.ctx.fonts
        x, y = v.p_side.x, v.p_side.y
        font = fonts.get(theme.SMALL_FONT)
        step = int(font.get_linesize() * 1.05)
        for text, colour in self.side_lines():
            rows = self.cached(("wrap", text, v.p_side.width), lambda: wrap(text, font, v.p_side.width))
            for line in rows:
                if y + step > v.p_side.bottom:
                    return
                surface.blit(fonts.render(line, theme.SMALL_FONT, colour), (x, y))
                y += step
            y += s(3)

    def _draw_labels(self, surface) -> None:
        """Small headings between the widgets of the right column."""
        v = self.view
        fonts, t = v.ctx.fonts, v.ctx.text
        for pos, key in ((v.r_modes_label, "gabor.info.response_label"),
                         (v.r_picker_label, "gabor.info.picker_label"),
                         (v.r_preset_label, "gabor.info.preset_label")):
            if pos is not None:
                surface.blit(fonts.render(t(key), theme.SMALL_FONT, theme.TEXT_DIM), pos)
