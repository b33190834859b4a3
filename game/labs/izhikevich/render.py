"""Drawing of the izhikevich lab: spike strip, oscilloscope, input current, status, header, plane, atlas.

Reads the model (``view.model``) and the view's layout (its :class:`Axes` and
rectangles) and writes nothing but its own cached surfaces. The oscilloscope
is the shared one (:class:`game.labs.common.scope.ScopeRenderer`): the
membrane potential (and the recording to match) and the input current are
channels on one time axis, each projected once per run and zoom; the strip
shows every spike of the run. The phase plane is drawn by
:class:`~game.labs.izhikevich.plane_render.PlaneRenderer`. The status line
and the header are rendered once per run and input; the atlas image once per
map and size. Caches are keyed by their size and language, so a rebuild
keeps what fits.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.common.plane import draw_equilibrium, kind_colour
from game.labs.common.scope import ScopeRenderer
from game.labs.izhikevich.atlas import AXES
from game.labs.izhikevich.plane_render import PlaneRenderer
from game.sim import izhikevich as izh
from game.ui import theme
from game.ui.fonts import draw_wrapped, ellipsize
from game.ui.plot import Axes

V_TOP = 45.0                       # mV: the scope's top, above the +30 mV peak
HOPF_COLOUR = theme.BAD            # I_H: rest turns unstable (as an unstable equilibrium's ring)
SN_COLOUR = theme.PURPLE           # I_sn: rest and threshold merge

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


def atlas_surface(classes: np.ndarray, size) -> pygame.Surface:
    """The atlas classes (rows = y upward) as a colour map scaled to ``size`` (nearest)."""
    rgb = CLASS_LUT[np.clip(classes, 0, len(CLASS_LUT) - 1)][::-1]
    surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.swapaxes(0, 1)))
    return pygame.transform.scale(surf, size)


class Renderer:
    """Draws one izhikevich view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.scope = ScopeRenderer(view.ctx.s)
        self.plane = PlaneRenderer(view)
        self._status_img = self._header_img = None
        self._atlas_img: tuple | None = None   # (map key, surface)

    @property
    def plane_pending(self) -> bool:
        """The plane still shows an older run than the model's (it catches up next frame)."""
        return self.plane.plane_pending and not self.model.atlas_on

    # --------------------------------------------------------------- frame
    def draw(self, surface: pygame.Surface) -> None:
        v, m = self.view, self.model
        rows, colours = [m.result.run.spikes], [theme.TEXT]
        if m.target is not None:
            rows.append(m.target.run.spikes)
            colours.append(theme.PURPLE)
        self.scope.raster(surface, v.strip_rect, m.version, m.neuron.t_ms, rows, colours, m.sweep)
        self._draw_scope(surface)
        self._draw_current(surface)
        self._draw_status(surface)
        if m.atlas_on:
            self._draw_atlas(surface)
        else:
            self.plane.draw(surface)
            self._draw_header(surface)

    def v_limits(self) -> tuple[float, float]:
        lo = min(-90.0, float(np.min(self.model.result.run.v)) - 5.0)
        return max(-150.0, 10.0 * np.floor(lo / 10.0)), V_TOP

    def I_limits(self) -> tuple[float, float]:
        """The current's axis: the input and 0, and I_H and I_sn when they lie near the input."""
        m = self.model
        cur = m.result.current
        lo, hi = min(0.0, float(cur.min())), max(0.0, float(cur.max()))
        span = max(hi - lo, 1.0)
        if m.controls.show_sn:
            for x in m.neuron.bifurcations():
                if math.isfinite(x) and lo - span <= x <= hi + span:
                    lo, hi = min(lo, x), max(hi, x)
        pad = max(0.15 * (hi - lo), 1.0)
        return lo - pad, hi + pad

    # ---------------------------------------------------------- left column
    def _draw_scope(self, surface) -> None:
        """v(t) up to the sweep in a scrolling window; spikes marked above the frame."""
        v, m = self.view, self.model
        ctx = v.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        ax = v.scope
        t0, t1 = m.sweep.window()
        ax.set_limits((t0, t1), self.v_limits())
        ax.draw_frame(surface, f, t("izhikevich.axis.t"), t("izhikevich.axis.v"), ticks=5)
        run = m.result.run
        self.scope.level_line(surface, ax, izh.V_PEAK_MV)
        dt = izh.DEFAULT_DT_MS
        if m.target is not None:
            tr = m.target.run
            self.scope.channel(surface, ax, "target", m.version, tr.t, tr.v, m.sweep, dt, theme.PURPLE, 1)
        self.scope.channel(surface, ax, "v", m.version, run.t, run.v, m.sweep, dt, theme.ACCENT, 2)
        self.scope.cursor(surface, ax, m.sweep)
        self.scope.spike_marks(surface, ax, run.spikes, m.sweep)
        if m.neuron.panel is not None:                     # the Fig. 1 panel loaded, top centre
            img = f.render(t(f"izhikevich.panel_name.{m.neuron.panel}"), theme.SMALL_FONT - 1, theme.TEXT)
            surface.blit(img, img.get_rect(midtop=(ax.rect.centerx, ax.rect.y + s(4))))
        sw = m.sweep
        corner = t("izhikevich.paused") if sw.paused else t("izhikevich.speed", x=f"{sw.speed:g}")
        img = f.render(corner, theme.SMALL_FONT - 1, theme.TEXT_DIM)
        surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(4))))
        if m.target is not None:
            img = f.render(t("izhikevich.target_trace"), theme.SMALL_FONT - 1, theme.PURPLE)
            surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(22))))

    def _draw_current(self, surface) -> None:
        """I(t) on the scope's time axis, over dashed lines at I_H and I_sn."""
        v, m = self.view, self.model
        ctx = v.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        ax = v.cur_ax
        t0, t1 = m.sweep.window()
        ax.set_limits((t0, t1), self.I_limits())
        ax.draw_frame(surface, f, "", "", ticks=3)
        img = f.render(t("izhikevich.axis.I"), theme.SMALL_FONT, theme.TEXT)
        surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(3))))
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        self._draw_bifurcation_lines(surface, ax)
        surface.set_clip(clip)
        self.scope.channel(surface, ax, "I", m.version, m.result.run.t, m.result.current, m.sweep,
                           izh.DEFAULT_DT_MS, theme.WARN, 2)

    def _draw_bifurcation_lines(self, surface, ax: Axes) -> None:
        """Dashed lines at I_H and I_sn on the current's axis, named at the left."""
        m = self.model
        if not m.controls.show_sn:
            return
        ctx = self.view.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        ih, isn = m.neuron.bifurcations()
        marks = [(ih, HOPF_COLOUR, t("izhikevich.ih_short", ih=f"{ih:.2f}")),
                 (isn, SN_COLOUR, t("izhikevich.isn_short", isn=f"{isn:.2f}"))]
        placed: list[pygame.Rect] = []
        for value, colour, label in sorted(marks, key=lambda mk: -mk[0] if math.isfinite(mk[0]) else 0.0):
            if not (math.isfinite(value) and ax.ylim[0] < value < ax.ylim[1]):
                continue
            y = ax.point(0.0, value)[1]
            for x0 in range(ax.rect.x, ax.rect.right, s(10)):
                pygame.draw.line(surface, colour, (x0, y), (min(x0 + s(5), ax.rect.right - 1), y))
            img = f.render(label, theme.SMALL_FONT - 2, colour, bold=True)
            r = img.get_rect(bottomleft=(ax.rect.x + s(6), y - 1))
            r.top = max(ax.rect.y, r.top)
            while r.collidelist(placed) >= 0:                    # close lines: labels side by side
                other = placed[r.collidelist(placed)]
                r.topleft = (other.right + s(10), other.top)
            placed.append(r)
            surface.blit(img, r)

    def status_texts(self) -> tuple[str, list[str]]:
        """The firing class with its numbers, and what the model clamped (translated)."""
        t = self.view.ctx.text
        m = self.model
        r = m.result
        spikes = r.run.spikes
        count = t("izhikevich.one_spike") if len(spikes) == 1 else t("izhikevich.n_spikes", n=len(spikes))
        line = "  ·  ".join([t(f"izhikevich.class.{r.firing}"), count,
                             t("izhikevich.rate", rate=f"{izh.firing_rate(spikes, m.neuron.t_ms):.0f}")])
        if r.firing in ("tonic_bursting", "phasic_bursting", "mixed_mode"):
            line += "  ·  " + t("izhikevich.status_bursts", spb=f"{izh.spikes_per_burst(spikes):.1f}")
        return line, [t(key, **fields) for key, fields in r.notes]

    def _draw_status(self, surface) -> None:
        v, m = self.view, self.model
        ctx = v.ctx
        s = ctx.s
        x, y = v.left.x, v.status_y + s(4)
        pygame.draw.rect(surface, CLASS_COLOURS[m.result.firing], (x, y + s(3), s(12), s(12)))
        key = (m.version, ctx.text.lang, v.left.width, ctx.scale)
        if self._status_img is None or self._status_img[0] != key:      # once per run
            f, t = ctx.fonts, ctx.text
            line, notes = self.status_texts()
            font = f.get(theme.SMALL_FONT)
            width = v.left.width - s(20)
            if notes:
                text, colour = "  ·  ".join(notes), theme.WARN
            else:
                text = t("izhikevich.tip" if m.controls.click_start else "izhikevich.tip_noclick")
                colour = theme.TEXT_DIM
            self._status_img = (key, f.render(ellipsize(line, font, width), theme.SMALL_FONT, theme.TEXT),
                                f.render(ellipsize(text, font, width + s(18)), theme.SMALL_FONT, colour))
        surface.blit(self._status_img[1], (x + s(18), y))
        surface.blit(self._status_img[2], (x, y + s(20)))

    # --------------------------------------------------------------- header
    def header_parts(self) -> list[tuple[str, tuple, str | None]]:
        """The line above the plane as (text, colour, equilibrium kind or None) pieces: the input
        now, each equilibrium marked stable or unstable, and the Hopf and saddle-node currents."""
        m = self.model
        p = m.params()
        I = m.I_now()
        t = self.view.ctx.text
        parts: list[tuple[str, tuple, str | None]] = [(t("izhikevich.now", I=f"{I:.2f}"), theme.TEXT, None)]
        eqs = izh.equilibria(p["a"], p["b"], I, m.neuron.eqs)
        for e in eqs:
            parts.append((t(f"izhikevich.kind.{e.kind}"), kind_colour(e.kind), e.kind))
        if not eqs:
            parts.append((t("izhikevich.no_eq"), theme.WARN, None))
        if m.controls.show_sn:
            ih, isn = m.neuron.bifurcations(p)
            if math.isfinite(ih):
                parts.append((t("izhikevich.ih", ih=f"{ih:.2f}"), HOPF_COLOUR, None))
            else:
                key = "izhikevich.no_hopf_b" if p["a"] > 0 and p["b"] <= p["a"] else "izhikevich.no_hopf"
                parts.append((t(key), theme.TEXT_DIM, None))
            if math.isfinite(isn):
                parts.append((t("izhikevich.isn", isn=f"{isn:.2f}"), SN_COLOUR, None))
        return parts

    def _draw_header(self, surface) -> None:
        """The input now, each equilibrium with its stability mark, I_H and I_sn (cached per input)."""
        v, m = self.view, self.model
        ctx = v.ctx
        p = m.params()
        key = (p["a"], p["b"], m.I_now(), m.neuron.eqs, ctx.text.lang, v.plane.rect.width, ctx.scale,
               m.controls.show_sn)
        if self._header_img is None or self._header_img[0] != key:
            self._header_img = (key, self._header_surface(self.header_parts(), v.plane.rect.width))
        surface.blit(self._header_img[1], v.header_pos)

    def header_img_rect(self) -> pygame.Rect:
        """Where the header line is drawn (for tests)."""
        img = self._header_img[1] if self._header_img is not None else None
        return pygame.Rect(self.view.header_pos, img.get_size() if img is not None else (0, 0))

    def _header_surface(self, parts, width: int) -> pygame.Surface:
        """Pieces side by side, an equilibrium's mark (filled: stable, ring: not) before its name;
        a smaller font if they do not fit, then the tail ellipsized."""
        ctx = self.view.ctx
        s, f = ctx.s, ctx.fonts
        for size in (theme.SMALL_FONT, theme.SMALL_FONT - 2):
            font = f.get(size)
            gap, mark = s(14), s(14)
            need = sum(font.size(text)[0] + (mark if kind else 0) for text, _, kind in parts) + gap * (len(parts) - 1)
            if need <= width:
                break
        h = font.get_linesize()
        surf = pygame.Surface((width, h), pygame.SRCALPHA)
        x = 0
        for text, colour, kind in parts:
            if kind is not None:
                draw_equilibrium(surf, (x + s(5), h // 2), kind, s(5))
                x += mark
            text = ellipsize(text, font, width - x)
            img = f.render(text, size, colour, bold=kind is not None)
            surf.blit(img, (x, (h - img.get_height()) // 2))
            x += img.get_width() + gap
            if x >= width:
                break
        return surf

    # --------------------------------------------------------------- atlas
    def atlas_image(self) -> tuple | None:
        """(map key, surface) of the last map computed, scaled to the atlas rectangle."""
        done, size = self.model.atlas, self.view.atlas_ax.rect.size
        if done is None:
            return None
        img = self._atlas_img
        if img is None or img[0] != done[0] or img[1].get_size() != size:
            self._atlas_img = (done[0], atlas_surface(done[1], size))
        return self._atlas_img

    def _draw_atlas(self, surface) -> None:
        """The class map with ticks, the current parameters as a ring, and the legend."""
        v, m = self.view, self.model
        ctx = v.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        axes = AXES[m.atlas_axes]
        ax = v.atlas_ax
        ax.set_limits(axes.x_range, axes.y_range)
        ax.draw_frame(surface, f, "", "", grid=False, zero_lines=False, ticks=5)
        img = self.atlas_image()
        if img is not None and img[0][0] == m.atlas_axes:
            surface.blit(img[1], ax.rect)
            if img[0] != m.atlas_key():               # the old map, veiled, while the new one computes
                veil = pygame.Surface(ax.rect.size, pygame.SRCALPHA)
                veil.fill((*theme.BG, 150))
                surface.blit(veil, ax.rect)
        pygame.draw.rect(surface, theme.AXIS, ax.rect, 1)
        for text, where in ((t(f"izhikevich.axis.{axes.x}"), "bottomright"),
                            (t(f"izhikevich.axis.{axes.y}"), "topleft")):
            label = f.render(text, theme.SMALL_FONT, theme.TEXT, bold=True)
            box = label.get_rect(**{where: getattr(ax.rect.inflate(-s(8), -s(6)), where)})
            pygame.draw.rect(surface, theme.PANEL, box.inflate(s(6), s(2)))
            surface.blit(label, box)
        p = m.params()
        mx, my = axes.fraction(p[axes.x], p[axes.y])
        if 0 <= mx <= 1 and 0 <= my <= 1:
            pos = (int(ax.rect.x + mx * ax.rect.width), int(ax.rect.bottom - my * ax.rect.height))
            pygame.draw.circle(surface, theme.TEXT, pos, s(7), 2)
            pygame.draw.circle(surface, (0, 0, 0), pos, s(9), 1)
        title = t("izhikevich.atlas_title", x=axes.x, y=axes.y)
        surface.blit(f.render(title, theme.SMALL_FONT, theme.TEXT), v.header_pos)
        if m.atlas_error:
            err = f.render(t("izhikevich.atlas_failed"), theme.SMALL_FONT, theme.BAD)
            surface.blit(err, (ax.rect.x + s(8), ax.rect.y + s(30)))
        self._draw_legend(surface)

    def _draw_legend(self, surface) -> None:
        """Swatch and name of each firing class (the current run's in bold), then a hint if room."""
        v = self.view
        ctx = v.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        r = v.legend_rect
        font = f.get(theme.SMALL_FONT)
        row_h = max(font.get_linesize(), min(s(24), r.height // len(izh.FIRING_CLASSES)))
        sw = min(s(14), row_h - 4)
        y = r.y
        for name in izh.FIRING_CLASSES:
            bold = name == self.model.result.firing
            box = pygame.Rect(r.x, y + (row_h - sw) // 2, sw, sw)
            pygame.draw.rect(surface, CLASS_COLOURS[name], box)
            if bold:
                pygame.draw.rect(surface, theme.TEXT, box.inflate(4, 4), 1)
            label = ellipsize(t(f"izhikevich.class.{name}"), f.get(theme.SMALL_FONT, bold), r.width - sw - s(8))
            img = f.render(label, theme.SMALL_FONT, theme.TEXT if bold else theme.TEXT_DIM, bold=bold)
            surface.blit(img, img.get_rect(midleft=(box.right + s(8), box.centery)))
            y += row_h
        if r.bottom - y > s(40):
            draw_wrapped(surface, t("izhikevich.atlas_hint"), font, theme.TEXT_DIM,
                         pygame.Rect(r.x, y + s(8), r.width, r.bottom - y - s(8)))
