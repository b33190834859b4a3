"""Drawing of the izhikevich view: strip, oscilloscope, current, status, phase plane, atlas.

A mixin of ``IzhikevichView`` (it reads the view's state: ``result``,
``cursor_ms``, ``window_ms``, the axes laid out by ``layout``). Surfaces that
change only with the run or the parameters are cached: the spike strip per
run, the plane's axes per view, its background per (a, b, c, input shown,
view), the plane with the whole trajectory per run, the atlas image per map,
the status and header lines per run and input. So is the run projected on
the screen (the path in the plane, v and I for the scrolling scope), once per
run and view: each frame only slices it. Each frame draws the scope's
window, the current, the live part of the trajectory and blits the rest.
Caches are keyed by their size and language, so a rebuild keeps what fits.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.common.plane import draw_equilibrium, kind_colour
from game.labs.izhikevich import draw
from game.labs.izhikevich.atlas import AXES
from game.sim import izhikevich as izh
from game.ui import theme
from game.ui.fonts import draw_wrapped, ellipsize
from game.ui.plot import Axes

V_TOP = 45.0                       # mV: the scope's top, above the +30 mV peak
TRAJ_COLOUR = (70, 110, 150)       # the whole run, dim, under the live part
HOP_COLOUR = (110, 90, 140)
HOPF_COLOUR = theme.BAD            # I_H: rest turns unstable (as an unstable equilibrium's ring)
SN_COLOUR = theme.PURPLE           # I_sn: rest and threshold merge


class Panels:
    """Drawing methods of the Izhikevich view."""

    def init_caches(self) -> None:
        self._field_key = self._layer_key = self._strip_key = self._bg_key = self._frame_key = None
        self._field = self._layer = self._strip = self._bg = self._frame = None
        self._atlas_img = None
        self._mark = None
        self._dashes: dict[tuple, pygame.Surface] = {}
        self._spath = None
        self._traces: dict[str, tuple] = {}
        self._status_img = self._header_img = None

    # --------------------------------------------------------------- frame
    def draw(self, surface: pygame.Surface) -> None:
        self._draw_strip(surface)
        self._draw_scope(surface)
        self._draw_current(surface)
        self._draw_status(surface)
        if self.show_atlas:
            self._plane_pending = False          # nothing to redraw while the atlas covers the plane
            self._draw_atlas(surface)
        else:
            surface.blit(*self._plane_layer())
            self._draw_live(surface)
            self._draw_header(surface)

    def _window(self) -> tuple[float, float]:
        """The scope's time window (ms): it fills up to ``window_ms``, then scrolls with the sweep."""
        t0 = max(0.0, self.cursor_ms - self.window_ms)
        return t0, t0 + self.window_ms

    def v_limits(self) -> tuple[float, float]:
        lo = min(-90.0, float(np.min(self.result.run.v)) - 5.0)
        return max(-150.0, 10.0 * np.floor(lo / 10.0)), V_TOP

    def I_limits(self) -> tuple[float, float]:
        """The current's axis: the input and 0, and I_H and I_sn when they lie near the input."""
        cur = self.result.current
        lo, hi = min(0.0, float(cur.min())), max(0.0, float(cur.max()))
        span = max(hi - lo, 1.0)
        if self.controls.show_sn:
            for x in self.neuron.bifurcations():
                if math.isfinite(x) and lo - span <= x <= hi + span:
                    lo, hi = min(lo, x), max(hi, x)
        pad = max(0.15 * (hi - lo), 1.0)
        return lo - pad, hi + pad

    # ---------------------------------------------------------- left column
    def _draw_strip(self, surface) -> None:
        """Every spike of the run (and of the recording), with the scope's window bracketed."""
        r = self.strip_rect
        key = (self.version, r.size)
        if key != self._strip_key:
            rows, colours = [self.result.run.spikes], [theme.TEXT]
            if self.target is not None:
                rows.append(self.target.run.spikes)
                colours.append(theme.PURPLE)
            self._strip = draw.raster_surface(r.size, self.neuron.t_ms, rows, colours)
            self._strip_key = key
        surface.blit(self._strip, r)
        t_ms = self.neuron.t_ms
        t0, t1 = self._window()
        x0 = r.x + int(t0 / t_ms * r.width)
        x1 = r.x + int(min(t1, t_ms) / t_ms * r.width)
        pygame.draw.rect(surface, theme.ACCENT, (x0, r.y - 2, max(2, x1 - x0), r.height + 4), 1)
        xc = r.x + int(self.cursor_ms / t_ms * r.width)
        pygame.draw.line(surface, theme.STAR, (xc, r.y - 2), (xc, r.bottom + 1))

    def _draw_scope(self, surface) -> None:
        """v(t) up to the sweep in a scrolling window; spikes marked above the frame."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        ax = self.scope
        t0, t1 = self._window()
        ax.set_limits((t0, t1), self.v_limits())
        ax.draw_frame(surface, f, t("izhikevich.axis.t"), t("izhikevich.axis.v"), ticks=5)
        run = self.result.run
        i0 = int(t0 / izh.DEFAULT_DT_MS)
        i1 = self.cursor_index() + 1
        y30 = ax.point(0, izh.V_PEAK_MV)[1]
        if ax.rect.top <= y30 < ax.rect.bottom:
            surface.blit(self._dash_line(ax.rect.width, s(6)), (ax.rect.x, y30))
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        if self.target is not None:
            tr = self.target.run
            pts = draw.trace_points(self._trace("target", tr.v, ax), tr.t, i0, i1, t0, ax.rect)
            if len(pts) > 1:
                pygame.draw.lines(surface, theme.PURPLE, False, pts, 1)
        pts = draw.trace_points(self._trace("v", run.v, ax), run.t, i0, i1, t0, ax.rect)
        if len(pts) > 1:
            pygame.draw.lines(surface, theme.ACCENT, False, pts, 2)
        xc = ax.point(self.cursor_ms, 0)[0]
        pygame.draw.line(surface, theme.TEXT_DIM, (xc, ax.rect.y), (xc, ax.rect.bottom - 1))
        surface.set_clip(clip)
        sp = run.spikes[(run.spikes >= t0) & (run.spikes <= self.cursor_ms)]
        if sp.size:                                   # marks just above the frame, clear of the trace
            xs, _ = ax.to_px(sp[-300:], np.zeros(min(sp.size, 300)))
            mark = self._spike_mark()
            top = ax.rect.y - s(8)
            surface.blits([(mark, (x, top)) for x in np.rint(xs - s(4)).astype(int).tolist()], doreturn=False)
        if self.neuron.panel is not None:                  # the Fig. 1 panel loaded, top centre
            img = f.render(t(f"izhikevich.panel_name.{self.neuron.panel}"), theme.SMALL_FONT - 1, theme.TEXT)
            surface.blit(img, img.get_rect(midtop=(ax.rect.centerx, ax.rect.y + s(4))))
        corner = t("izhikevich.paused") if self.paused else t("izhikevich.speed", x=f"{self.speed:g}")
        img = f.render(corner, theme.SMALL_FONT - 1, theme.TEXT_DIM)
        surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(4))))
        if self.target is not None:
            img = f.render(t("izhikevich.target_trace"), theme.SMALL_FONT - 1, theme.PURPLE)
            surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(22))))

    def _draw_current(self, surface) -> None:
        """I(t) on the scope's time axis."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        ax = self.cur_ax
        t0, t1 = self._window()
        ax.set_limits((t0, t1), self.I_limits())
        ax.draw_frame(surface, f, "", "", ticks=3)
        img = f.render(t("izhikevich.axis.I"), theme.SMALL_FONT, theme.TEXT)
        surface.blit(img, img.get_rect(topright=(ax.rect.right - s(6), ax.rect.y + s(3))))
        i0 = int(t0 / izh.DEFAULT_DT_MS)
        i1 = self.cursor_index() + 1
        pts = draw.trace_points(self._trace("I", self.result.current, ax), self.result.run.t, i0, i1, t0, ax.rect)
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        self._draw_bifurcation_lines(surface, ax)
        if len(pts) > 1:
            pygame.draw.lines(surface, theme.WARN, False, pts, 2)
        surface.set_clip(clip)

    def _trace(self, name: str, y: np.ndarray, ax: Axes) -> draw.Trace:
        """``y`` of the current run projected for the scrolling ``ax`` (once per run and zoom)."""
        key = (self.version, ax.ylim, ax.rect.size, self.window_ms)
        hit = self._traces.get(name)
        if hit is None or hit[0] != key:
            hit = (key, draw.trace(self.result.run.t, y, ax.ylim, ax.rect.size, self.window_ms))
            self._traces[name] = hit
        return hit[1]

    def _dash_line(self, length: int, dash: int, vertical: bool = False) -> pygame.Surface:
        """A 1 px dashed grid-coloured line (``dash`` on, ``dash`` off), drawn once per size."""
        key = (length, dash, vertical)
        img = self._dashes.get(key)
        if img is None:
            img = pygame.Surface((1, length) if vertical else (length, 1))
            img.set_colorkey((0, 0, 0))
            for k in range(0, length, 2 * dash):
                end = min(k + dash, length) - 1
                pygame.draw.line(img, theme.GRID, (0, k) if vertical else (k, 0), (0, end) if vertical else (end, 0))
            self._dashes[key] = img
        return img

    def _spike_mark(self) -> pygame.Surface:
        """The small triangle marking a spike above the scope (drawn once per UI scale)."""
        s = self.scene.s
        if self._mark is None or self._mark[0] != s(8):
            img = pygame.Surface((2 * s(4) + 1, s(6) + 1), pygame.SRCALPHA)
            pygame.draw.polygon(img, theme.STAR, ((0, 0), (2 * s(4), 0), (s(4), s(6))))
            self._mark = (s(8), img)
        return self._mark[1]

    def _status_texts(self) -> tuple[str, list[str]]:
        """The firing class with its numbers, and what the model clamped (translated)."""
        t = self.ctx.text
        r = self.result
        spikes = r.run.spikes
        count = t("izhikevich.one_spike") if len(spikes) == 1 else t("izhikevich.n_spikes", n=len(spikes))
        line = "  ·  ".join([t(f"izhikevich.class.{r.firing}"), count,
                             t("izhikevich.rate", rate=f"{izh.firing_rate(spikes, self.neuron.t_ms):.0f}")])
        if r.firing in ("tonic_bursting", "phasic_bursting", "mixed_mode"):
            line += "  ·  " + t("izhikevich.status_bursts", spb=f"{izh.spikes_per_burst(spikes):.1f}")
        return line, [t(key, **fields) for key, fields in r.notes]

    def _draw_status(self, surface) -> None:
        s = self.scene.s
        x, y = self.left.x, self.status_y + s(4)
        pygame.draw.rect(surface, draw.CLASS_COLOURS[self.result.firing], (x, y + s(3), s(12), s(12)))
        key = (self.version, self.ctx.text.lang, self.left.width, self.ctx.scale)
        if self._status_img is None or self._status_img[0] != key:      # once per run
            f, t = self.ctx.fonts, self.ctx.text
            line, notes = self._status_texts()
            font = f.get(theme.SMALL_FONT)
            width = self.left.width - s(20)
            if notes:
                text, colour = "  ·  ".join(notes), theme.WARN
            else:
                text = t("izhikevich.tip" if self.controls.click_start else "izhikevich.tip_noclick")
                colour = theme.TEXT_DIM
            self._status_img = (key, f.render(ellipsize(line, font, width), theme.SMALL_FONT, theme.TEXT),
                                f.render(ellipsize(text, font, width + s(18)), theme.SMALL_FONT, colour))
        surface.blit(self._status_img[1], (x + s(18), y))
        surface.blit(self._status_img[2], (x, y + s(20)))

    # --------------------------------------------------------- phase plane
    def _plane_layer(self) -> tuple[pygame.Surface, tuple[int, int]]:
        """The phase plane without its live part, cached in two layers.

        The background (frame, field, nullclines, equilibria, labels) depends
        on a, b, c, the input shown, the view, the size and the language; the
        whole trajectory on top also on the run. Dragging c or d redraws only
        the trajectory; ordinary frames only blit. In a frame that already
        re-ran the neuron the old layer is shown and the redraw waits a frame;
        while a slider is dragged, a new background and the path on top of it
        are drawn in two frames.
        """
        s = self.scene.s
        pl = self.plane
        region = pygame.Rect(pl.rect.x - s(48), pl.rect.y - s(2), pl.rect.width + s(52), pl.rect.height + s(24))
        I = self.I_shown()
        p = self.model_params()
        view = (self.xlim, self.ylim, region.size, self.ctx.text.lang, self.ctx.scale)
        ax = Axes(pl.rect.move(-region.x, -region.y), self.xlim, self.ylim)
        fkey = (round(p["a"], 9), round(p["b"], 9), round(I, 9), self.neuron.eqs, self.xlim, self.ylim,
                pl.rect.size)
        fresh = fkey == self._field_key
        # while a slider is dragged the arrows may lag a few frames behind (the nullclines never do)
        lag_ok = self._dragging and self._field_key is not None and self._field_key[3:] == fkey[3:]
        view = view + (self.neuron.eqs,)
        new_field = not fresh and not lag_ok
        bg_key = (round(p["a"], 9), round(p["b"], 9), round(I, 9), view, fresh or new_field)
        key = (self.version, bg_key)
        if key == self._layer_key and self._layer is not None:
            self._plane_pending = False
            return self._layer, region.topleft
        can_wait = self._layer is not None and self._layer.get_size() == region.size
        if self._simulated and can_wait:
            self._plane_pending = True
            return self._layer, region.topleft
        if new_field:
            self._field = draw.field_surface(ax, p["a"], p["b"], I, eqs=self.neuron.eqs)
            self._field_key = fkey
        if bg_key != self._bg_key or self._bg is None:
            self._bg = self._plane_background(region.size, ax, p, I)
            self._bg_key = bg_key
            if self._dragging and can_wait:          # the path goes on top in the next frame
                self._plane_pending = True
                return self._layer, region.topleft
        self._plane_pending = False
        layer = self._bg.copy()
        layer.set_clip(ax.rect)
        self._draw_vline(layer, ax, min(p["c"], izh.C_MAX_MV), "izhikevich.legend.reset")
        draw.draw_stretch(layer, ax.rect, self._screen_path()[0], 0, len(self.result.run.t), TRAJ_COLOUR, 1,
                          HOP_COLOUR)
        self._draw_equilibria(layer, ax, p, I, labels=False)     # markers stay on top of the path
        layer.set_clip(None)
        self._layer, self._layer_key = layer, key
        return layer, region.topleft

    def _plane_frame(self, size, ax: Axes) -> pygame.Surface:
        """Axes, grid, ticks and axis names of the plane: they change only with the view."""
        key = (size, ax.rect.topleft, self.xlim, self.ylim, self.ctx.text.lang, self.ctx.scale)
        if key != self._frame_key or self._frame is None:
            f, t = self.ctx.fonts, self.ctx.text
            frame = pygame.Surface(size)
            frame.fill(theme.BG)
            ax.draw_frame(frame, f, t("izhikevich.axis.v_plane"), t("izhikevich.axis.u"), ticks=6)
            self._frame, self._frame_key = frame, key
        return self._frame

    def _plane_background(self, size, ax: Axes, p, I) -> pygame.Surface:
        layer = self._plane_frame(size, ax).copy()
        layer.blit(self._field, ax.rect.topleft)
        layer.set_clip(ax.rect)
        self._draw_vline(layer, ax, izh.V_PEAK_MV, "izhikevich.legend.peak")
        eqs = self.neuron.eqs
        vs = np.linspace(self.xlim[0], self.xlim[1], 240)
        vn = ax.polyline(np.column_stack([vs, izh.v_nullcline(vs, I, eqs)]))
        if len(vn) > 1:
            pygame.draw.lines(layer, theme.WARN, False, vn, 2)
        if eqs.leak == 0.0:                     # u' = a b (v - v_u): the vertical line v = v_u
            un = ax.polyline(np.array([[eqs.v_u, self.ylim[0]], [eqs.v_u, self.ylim[1]]]))
        else:
            un = ax.polyline(np.column_stack([self.xlim, izh.u_nullcline(np.array(self.xlim), p["b"], eqs)]))
        if len(un) > 1:
            pygame.draw.lines(layer, theme.GOOD, False, un, 2)
        self._draw_equilibria(layer, ax, p, I, labels=True)
        self._draw_plane_labels(layer, ax, p, I)
        layer.set_clip(None)
        return layer

    def _draw_vline(self, layer, ax, v: float, key: str) -> None:
        """A dashed vertical line at v (the +30 mV peak, the reset c) named at its top."""
        s, f = self.scene.s, self.ctx.fonts
        x = ax.point(v, 0)[0]
        if ax.rect.left <= x < ax.rect.right:
            layer.blit(self._dash_line(ax.rect.height, s(5), vertical=True), (x, ax.rect.y))
        img = f.render(self.ctx.text(key), theme.SMALL_FONT - 2, theme.TEXT_DIM)
        r = img.get_rect(topright=(x - s(3), ax.rect.y + s(4)))
        if r.left >= ax.rect.left + s(24):
            layer.blit(img, r)

    def _draw_equilibria(self, layer, ax, p, I, labels: bool = True) -> None:
        """Stable points filled, unstable ones and saddles hollow (as the phase-plane labs), named by type."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        eqs = izh.equilibria(p["a"], p["b"], I, self.neuron.eqs)
        for k, e in enumerate(eqs):
            pos = ax.point(e.v, e.u)
            colour = kind_colour(e.kind)
            draw_equilibrium(layer, pos, e.kind, s(6))
            if not labels:
                continue
            img = f.render(t(f"izhikevich.kind.{e.kind}"), theme.SMALL_FONT - 1, colour, bold=True)
            # rest below-left, threshold above-right: two close points keep readable labels
            if k == 0 and len(eqs) > 1:
                rect = img.get_rect(topright=(pos[0] - s(8), pos[1] + s(6)))
            else:
                rect = img.get_rect(bottomleft=(pos[0] + s(8), pos[1] - s(6)))
            rect.clamp_ip(ax.rect)
            layer.blit(img, rect)

    def _draw_plane_labels(self, layer, ax, p, I) -> None:
        """Names on the nullclines themselves (no separate legend): v' = 0 and u' = 0."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        size = theme.SMALL_FONT - 1
        vs = np.linspace(self.xlim[0], self.xlim[1], 200)
        us = izh.v_nullcline(vs, I, self.neuron.eqs)
        inside = np.flatnonzero((us > self.ylim[0]) & (us < self.ylim[1]))
        if inside.size:                               # where the parabola's left arm enters the view
            i = int(inside[0] + min(8, inside.size - 1))
            img = f.render(t("izhikevich.legend.v_null"), size, theme.WARN, bold=True)
            x, y = ax.point(vs[i], us[i])
            r = img.get_rect(midleft=(x + s(8), y))
            r.clamp_ip(ax.rect)
            layer.blit(img, r)
        # u' = 0 beside the line, on the side away from it, clear of the equilibria's labels
        vv = np.linspace(self.xlim[0], self.xlim[1], 200)
        uu = izh.u_nullcline(vv, p["b"], self.neuron.eqs)
        if self.neuron.eqs.leak == 0.0:          # the vertical u-nullcline: its label near the top
            vv = np.full(200, self.neuron.eqs.v_u)
            uu = np.linspace(self.ylim[0], self.ylim[1], 200)
        seen = np.flatnonzero((uu > self.ylim[0]) & (uu < self.ylim[1]))
        if seen.size:
            img = f.render(t("izhikevich.legend.u_null"), size, theme.GOOD, bold=True)
            marks = []                      # each point with its label (left-below or right-above)
            for e in izh.equilibria(p["a"], p["b"], I, self.neuron.eqs):
                x, y = ax.point(e.v, e.u)
                marks.append(pygame.Rect(x - s(110), y - s(36), s(230), s(66)))
            for frac in (0.85, 0.65, 0.45, 0.25):
                i = int(seen[int(frac * (seen.size - 1))])
                x, y = ax.point(vv[i], uu[i])
                r = img.get_rect(topleft=(x + s(8), y + s(4))) if p["b"] >= 0 else img.get_rect(
                    bottomleft=(x + s(8), y - s(4)))
                r.clamp_ip(ax.rect)
                if r.collidelist(marks) < 0:
                    break
            layer.blit(img, r)

    def _draw_live(self, surface) -> None:
        """The scope's window of the trajectory, bright, the state as a dot, the start as a ring."""
        s = self.scene.s
        pl = self.plane
        # while the plane still shows the previous run, so does its live part (one frame)
        path, result = self._screen_path(shown=self._plane_pending)
        run = result.run
        i1 = min(self.cursor_index() + 1, len(run.t))
        t0, _ = self._window()
        draw.draw_stretch(surface, pl.rect, path, int(t0 / izh.DEFAULT_DT_MS), i1, theme.ACCENT, 2,
                          hop_colour=theme.PURPLE)
        pos = pl.point(float(run.v[i1 - 1]), float(run.u[i1 - 1]))
        if pl.contains(pos):
            pygame.draw.circle(surface, theme.STAR, pos, s(5))
        start = pl.point(*result.start)
        if pl.contains(start):
            pygame.draw.circle(surface, theme.TEXT, start, s(4), 1)

    def _screen_path(self, shown: bool = False):
        """The run's path projected on the plane and the run, once per run and view (the sweep
        slices it). ``shown``: the one of the run the plane shows, if that is still cached."""
        key = (self.version, self.xlim, self.ylim, self.plane.rect.size)
        cached = self._spath
        if cached is not None and (cached[0] == key or (shown and cached[0][1:] == key[1:])):
            return cached[1], cached[2]
        self._spath = (key, draw.screen_path(self.plane, self.result.traj), self.result)
        return self._spath[1], self._spath[2]

    def header_parts(self) -> list[tuple[str, tuple, str | None]]:
        """The line above the plane as (text, colour, equilibrium kind or None) pieces: the input
        now, each equilibrium marked stable or unstable, and the Hopf and saddle-node currents."""
        p = self.model_params()
        I = self.I_now()
        t = self.ctx.text
        parts: list[tuple[str, tuple, str | None]] = [(t("izhikevich.now", I=f"{I:.2f}"), theme.TEXT, None)]
        eqs = izh.equilibria(p["a"], p["b"], I, self.neuron.eqs)
        for e in eqs:
            parts.append((t(f"izhikevich.kind.{e.kind}"), kind_colour(e.kind), e.kind))
        if not eqs:
            parts.append((t("izhikevich.no_eq"), theme.WARN, None))
        if self.controls.show_sn:
            ih, isn = self.neuron.bifurcations(p)
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
        p = self.model_params()
        key = (p["a"], p["b"], self.I_now(), self.neuron.eqs, self.ctx.text.lang, self.plane.rect.width,
               self.ctx.scale, self.controls.show_sn)
        if self._header_img is None or self._header_img[0] != key:
            self._header_img = (key, self._header_surface(self.header_parts(), self.plane.rect.width))
        surface.blit(self._header_img[1], self.header_pos)

    def header_img_rect(self) -> pygame.Rect:
        """Where the header line is drawn (for tests)."""
        img = self._header_img[1] if self._header_img is not None else None
        return pygame.Rect(self.header_pos, img.get_size() if img is not None else (0, 0))

    def _header_surface(self, parts, width: int) -> pygame.Surface:
        """Pieces side by side, an equilibrium's mark (filled: stable, ring: not) before its name;
        a smaller font if they do not fit, then the tail ellipsized."""
        s, f = self.scene.s, self.ctx.fonts
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

    def _draw_bifurcation_lines(self, surface, ax: Axes) -> None:
        """Dashed lines at I_H and I_sn on the current's axis, named at the left."""
        if not self.controls.show_sn:
            return
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        ih, isn = self.neuron.bifurcations()
        marks = [(ih, HOPF_COLOUR, t("izhikevich.ih_short", ih=f"{ih:.2f}")),
                 (isn, SN_COLOUR, t("izhikevich.isn_short", isn=f"{isn:.2f}"))]
        placed: list[pygame.Rect] = []
        for value, colour, label in sorted(marks, key=lambda m: -m[0] if math.isfinite(m[0]) else 0.0):
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

    # --------------------------------------------------------------- atlas
    def atlas_surface(self, classes: np.ndarray) -> pygame.Surface:
        return draw.atlas_surface(classes, self.atlas_ax.rect.size)

    def _draw_atlas(self, surface) -> None:
        """The class map with ticks, the current parameters as a ring, and the legend."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        axes = AXES[self.atlas_axes]
        ax = self.atlas_ax
        ax.set_limits(axes.x_range, axes.y_range)
        ax.draw_frame(surface, f, "", "", grid=False, zero_lines=False, ticks=5)
        img = self._atlas_img
        if img is not None and img[1].get_size() == ax.rect.size and img[0][0] == self.atlas_axes:
            surface.blit(img[1], ax.rect)
            if img[0] != self.atlas_key():            # the old map, veiled, while the new one computes
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
        p = self.model_params()
        mx = (p[axes.x] - axes.x_range[0]) / (axes.x_range[1] - axes.x_range[0])
        my = (p[axes.y] - axes.y_range[0]) / (axes.y_range[1] - axes.y_range[0])
        if 0 <= mx <= 1 and 0 <= my <= 1:
            pos = (int(ax.rect.x + mx * ax.rect.width), int(ax.rect.bottom - my * ax.rect.height))
            pygame.draw.circle(surface, theme.TEXT, pos, s(7), 2)
            pygame.draw.circle(surface, (0, 0, 0), pos, s(9), 1)
        title = t("izhikevich.atlas_title", x=axes.x, y=axes.y)
        surface.blit(f.render(title, theme.SMALL_FONT, theme.TEXT), self.header_pos)
        if self.worker.error:
            err = f.render(t("izhikevich.atlas_failed"), theme.SMALL_FONT, theme.BAD)
            surface.blit(err, (ax.rect.x + s(8), ax.rect.y + s(30)))
        self._draw_legend(surface)

    def _draw_legend(self, surface) -> None:
        """Swatch and name of each firing class (the current run's in bold), then a hint if room."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        r = self.legend_rect
        font = f.get(theme.SMALL_FONT)
        row_h = max(font.get_linesize(), min(s(24), r.height // len(izh.FIRING_CLASSES)))
        sw = min(s(14), row_h - 4)
        y = r.y
        for name in izh.FIRING_CLASSES:
            bold = name == self.result.firing
            box = pygame.Rect(r.x, y + (row_h - sw) // 2, sw, sw)
            pygame.draw.rect(surface, draw.CLASS_COLOURS[name], box)
            if bold:
                pygame.draw.rect(surface, theme.TEXT, box.inflate(4, 4), 1)
            label = ellipsize(t(f"izhikevich.class.{name}"), f.get(theme.SMALL_FONT, bold), r.width - sw - s(8))
            img = f.render(label, theme.SMALL_FONT, theme.TEXT if bold else theme.TEXT_DIM, bold=bold)
            surface.blit(img, img.get_rect(midleft=(box.right + s(8), box.centery)))
            y += row_h
        if r.bottom - y > s(40):
            draw_wrapped(surface, t("izhikevich.atlas_hint"), font, theme.TEXT_DIM,
                         pygame.Rect(r.x, y + s(8), r.width, r.bottom - y - s(8)))
