"""Drawing of the hodgkinhuxley lab: the scope's traces, the channels, the f–I curves, the (V, n) plane.

Reads the model (``view.model``: its last run, curves and planes) and the
view's layout and sweep, and writes nothing but its own caches: the traces'
projections (``ScopeRenderer``, per run version), the y ranges of a run,
and the panel's layer (per curve, plane and size). Only the samples in view
are sliced each frame, so a frame costs the same for a 40 ms pulse and a
2 s run.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.core.readout import fmt_number
from game.labs.common.plane import draw_equilibrium, is_stable
from game.labs.common.scope import ScopeRenderer
from game.labs.hodgkinhuxley import goals
from game.ui import theme
from game.ui.plot import Axes, dashed_polyline

#: Channel glyphs drawn per row of the channel picture.
CHANNELS = 10
NA_COLOUR = theme.WARN
K_COLOUR = theme.ACCENT
L_COLOUR = theme.TEXT_DIM
GATE_COLOURS = (theme.BAD, theme.GOOD, theme.PURPLE)       # m, h, n


def nice_range(lo: float, hi: float, floor_span: float = 1.0) -> tuple[float, float]:
    """[lo, hi] padded by 8 % and at least ``floor_span`` wide (a flat trace gets a frame)."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return -1.0, 1.0
    span = max(hi - lo, floor_span)
    mid = 0.5 * (lo + hi)
    return mid - 0.54 * span, mid + 0.54 * span


class Renderer:
    """Draws one hodgkinhuxley view; owns only its caches."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.scope = ScopeRenderer(view.ctx.s)
        self._ylims: tuple | None = None
        self._frames: dict[str, tuple] = {}       # slot -> (key, surface): one per plot on screen
        self._rows: dict[tuple, pygame.Surface] = {}   # channel rows by (ion, blocked, open, size)

    # ------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        v, m = self.view, self.model
        r = m.result
        lims = self._limits(r)
        self.scope.raster(surface, v.strip_rect, m.version, max(r.t_end, 1e-9), [r.spikes], [theme.STAR], v.sweep)
        for name, ax in v.scopes.items():
            self._draw_scope(surface, name, ax, lims[name])
        k = v.cursor_index()
        self._draw_status(surface)
        self._draw_info(surface, k)
        self._draw_channels(surface, k)
        if v.panel_kind == "fi":
            self._draw_fi(surface)
        else:
            self._draw_plane(surface, k)

    def _limits(self, r) -> dict[str, tuple[float, float]]:
        """y ranges of each scope for this run (computed once per run)."""
        if self._ylims is not None and self._ylims[0] == self.model.version:
            return self._ylims[1]
        if r.mode == "clamp":
            v = nice_range(min(-100.0, float(r.v.min())), max(60.0, float(r.v.max())))
            total = r.i_na + r.i_k + r.i_l
            cur = nice_range(min(r.i_na.min(), total.min(), 0.0), max(r.i_k.max(), total.max(), 0.0), 10.0)
        else:
            v = (min(-100.0, 10.0 * math.floor(float(r.v.min()) / 10.0)),
                 max(60.0, 10.0 * math.ceil(float(r.v.max()) / 10.0)))
            cur = nice_range(min(r.i_na.min(), r.i_k.min(), 0.0), max(r.i_na.max(), r.i_k.max(), 0.0), 10.0)
        lims = {"v": v, "gates": (0.0, 1.0), "currents": cur,
                "input": nice_range(min(float(r.drive.min()), 0.0), max(float(r.drive.max()), 0.0), 2.0)}
        self._ylims = (self.model.version, lims)
        return lims

    def _frame(self, surface, slot: str, ax: Axes, xlabel: str = "", ylabel: str = "", ticks: int = 4) -> None:
        """``ax.draw_frame`` through a cache: redrawn only when the limits, size or language change
        (the scope's window scrolls only in runs longer than the window)."""
        s = self.view.ctx.s
        region = pygame.Rect(ax.rect.x - s(46), ax.rect.y, ax.rect.width + s(58), ax.rect.height + s(16))
        key = (region.topleft, region.size, ax.xlim, ax.ylim, xlabel, ylabel, ticks, self.view.ctx.text.lang)
        hit = self._frames.get(slot)
        if hit is None or hit[0] != key:
            img = hit[1] if hit is not None and hit[1].get_size() == region.size else pygame.Surface(region.size)
            img.fill(theme.BG)
            Axes(ax.rect.move(-region.x, -region.y), ax.xlim, ax.ylim).draw_frame(
                img, self.view.ctx.fonts, xlabel, ylabel, ticks=ticks)
            hit = (key, img)
            self._frames[slot] = hit
        surface.blit(hit[1], region.topleft)

    # ------------------------------------------------------------ the scope
    def _series(self, name: str, r) -> list[tuple[str, np.ndarray, tuple, str]]:
        """(cache name, samples, colour, label) of each trace of one scope."""
        if name == "v":
            return [("v", r.v, theme.TEXT, "V")]
        if name == "gates":
            return [(g, getattr(r, g), c, g) for g, c in zip(("m", "h", "n"), GATE_COLOURS)]
        if name == "currents":
            out = [("i_na", r.i_na, NA_COLOUR, "I_Na"), ("i_k", r.i_k, K_COLOUR, "I_K")]
            if r.mode == "clamp":
                out.append(("total", r.i_na + r.i_k + r.i_l, theme.TEXT, self.view.ctx.text("hodgkinhuxley.total")))
            else:
                out.append(("i_l", r.i_l, L_COLOUR, "I_L"))
            return out
        return [("drive", r.drive, theme.GOOD, "I")]

    def _draw_scope(self, surface, name: str, ax: Axes, ylim) -> None:
        v, m = self.view, self.model
        r = m.result
        sw = v.sweep
        t0, _ = sw.window()
        ax.set_limits((t0, t0 + sw.window_ms), ylim)
        f, t = v.ctx.fonts, v.ctx.text
        self._frame(surface, name, ax, ticks=3 if ax.rect.height < v.ctx.s(70) else 4)
        if name == list(v.scopes)[-1]:
            img = f.render(t("hodgkinhuxley.axis.t"), theme.SMALL_FONT, theme.TEXT)
            surface.blit(img, img.get_rect(topright=(ax.rect.right, ax.rect.bottom + v.ctx.s(16))))
        dt = float(r.t[1] - r.t[0])
        series = self._series(name, r)
        if name == "v" and r.mode == "current":
            self.scope.level_line(surface, ax, 0.0)
        for key, y, colour, _ in series:
            self.scope.channel(surface, ax, key, (m.version, name), r.t, y, sw, dt, colour)
        self.scope.cursor(surface, ax, sw)
        if name == "v" and r.spikes.size:
            self.scope.spike_marks(surface, ax, r.spikes, sw)
        s = v.ctx.s
        unit = {"v": "mV", "gates": "", "currents": "µA/cm²", "input": "µA/cm²"}[name]
        x = ax.rect.right - s(6)
        for _, _, colour, label in reversed(series):
            img = f.render(label, theme.SMALL_FONT, colour, bold=True)
            x -= img.get_width()
            surface.blit(img, (x, ax.rect.y + s(3)))
            x -= s(10)
        if unit:
            img = f.render(unit, theme.SMALL_FONT - 2, theme.TEXT_DIM)
            surface.blit(img, (ax.rect.x + s(4), ax.rect.y + s(3)))

    def _draw_status(self, surface) -> None:
        """The run in words (spikes, rate, or the clamp's peak currents), then what was clamped."""
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        r = m.result
        if r.mode == "clamp":
            i_na = r.i_na[goals.during_step(r)]
            line = t("hodgkinhuxley.status.clamp", na=fmt_number(float(i_na[np.argmax(np.abs(i_na))])),
                     k=fmt_number(float(r.i_k[-1])))
        elif m.rate() > 0:
            line = t("hodgkinhuxley.status.firing", n=r.spikes.size, rate=fmt_number(m.rate()))
        else:
            line = t("hodgkinhuxley.status.spikes", n=r.spikes.size)
        if m.busy():
            line += "  " + t("hodgkinhuxley.status.computing")
        x = v.left.x
        surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (x, v.status_y))
        notes = m.notes()
        if notes:
            text = "  ".join(t(k, **fields) for k, fields in notes[:2])
            surface.blit(f.render(text, theme.SMALL_FONT, theme.WARN), (x, v.status_y + s(20)))

    # ------------------------------------------------------------ the channels
    def _draw_info(self, surface, k: int) -> None:
        v, m = self.view, self.model
        f = v.ctx.fonts
        r = m.result
        g_na, g_k = r.params.g_na * r.m[k] ** 3 * r.h[k], r.params.g_k * r.n[k] ** 4
        line = (f"t = {fmt_number(float(r.t[k]))} ms   V = {fmt_number(float(r.v[k]))} mV   "
                f"g_Na = {fmt_number(float(g_na))} mS/cm²   g_K = {fmt_number(float(g_k))} mS/cm²")
        surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), v.info_pos)

    def _draw_channels(self, surface, k: int) -> None:
        """Na+ and K+ channels: of ``CHANNELS`` each, round(N (1 - block) p) drawn open, p = m³h or n⁴.

        A channel is open when all its gates are (three m and one h for Na+,
        four n for K+); blocked ones carry a cross. Bars show p exactly.
        """
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        r = m.result
        rect = v.channels_rect
        pygame.draw.rect(surface, theme.PANEL, rect, border_radius=s(4))
        p = r.params
        rows = (("Na+", r.m[k] ** 3 * r.h[k], p.ttx, NA_COLOUR, 1, "m³h"),
                ("K+", r.n[k] ** 4, p.tea, K_COLOUR, -1, "n⁴"))
        row_h = rect.height // 2
        label_w = s(118)
        for i, (ion, prob, block, colour, inward, gates) in enumerate(rows):
            y = rect.y + i * row_h
            surface.blit(f.render(ion, theme.BASE_FONT, colour, bold=True), (rect.x + s(8), y + s(6)))
            surface.blit(f.render(f"{gates} = {prob:.3f}", theme.SMALL_FONT - 1, theme.TEXT),
                         (rect.x + s(8), y + s(26)))
            bar = pygame.Rect(rect.x + s(50), y + s(10), label_w - s(56), s(8))
            pygame.draw.rect(surface, theme.GRID, bar)
            pygame.draw.rect(surface, colour, (bar.x, bar.y, int(bar.width * min(1.0, float(prob))), bar.height))
            self._channel_row(surface, pygame.Rect(rect.x + label_w, y + s(4), rect.width - label_w - s(8),
                                                   row_h - s(8)), float(prob), float(block), colour, inward)
        surface.blit(f.render(t("hodgkinhuxley.channels"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                     (rect.x, rect.bottom + s(4)))

    def _channel_row(self, surface, rect: pygame.Rect, prob: float, block: float, colour, inward: int) -> None:
        n_block = int(round(CHANNELS * block))
        n_open = int(round((CHANNELS - n_block) * prob))
        key = (colour, inward, n_block, n_open, rect.size)
        img = self._rows.get(key)
        if img is None:
            if len(self._rows) > 4 * (CHANNELS + 1) ** 2:     # bounded: a few sizes' worth
                self._rows.clear()
            img = self._rows[key] = self._row_image(rect.size, n_block, n_open, colour, inward)
        surface.blit(img, rect.topleft)

    def _row_image(self, size, n_block: int, n_open: int, colour, inward: int) -> pygame.Surface:
        """One row of channels in a membrane: ``n_block`` crossed out, then ``n_open`` open ones."""
        s = self.view.ctx.s
        img = pygame.Surface(size)
        img.fill(theme.PANEL)
        rect = img.get_rect()
        mid = rect.centery
        band = s(8)
        pygame.draw.line(img, theme.GRID, (0, mid - band), (rect.right, mid - band), 2)
        pygame.draw.line(img, theme.GRID, (0, mid + band), (rect.right, mid + band), 2)
        w = rect.width / CHANNELS
        half = max(3, int(w * 0.22))
        tall = rect.height // 2 - s(2)
        for c in range(CHANNELS):
            cx = int((c + 0.5) * w)
            blocked = c < n_block
            is_open = not blocked and c < n_block + n_open
            gap = s(5) if is_open else 0
            for side in (-1, 1):
                x = cx + side * gap - (half if side < 0 else 0)
                pygame.draw.rect(img, colour if is_open else theme.PANEL_HI,
                                 (x, mid - tall, half, 2 * tall), border_radius=s(2))
            if is_open:
                tip = mid + inward * (tall - s(2))
                pygame.draw.line(img, theme.TEXT, (cx, mid - inward * (tall - s(2))), (cx, tip), 2)
                pygame.draw.polygon(img, theme.TEXT, ((cx - s(4), tip - inward * s(5)),
                                                      (cx + s(4), tip - inward * s(5)), (cx, tip)))
            if blocked:
                d = s(6)
                pygame.draw.line(img, theme.BAD, (cx - d, mid - d), (cx + d, mid + d), 3)
                pygame.draw.line(img, theme.BAD, (cx - d, mid + d), (cx + d, mid - d), 3)
        return img

    # ------------------------------------------------------------ the f-I curves
    def _draw_fi(self, surface) -> None:
        """Both f–I curves on one layer (rebuilt when a curve arrives), then the run's own point."""
        v, m = self.view, self.model
        s = v.ctx.s
        hh_ax, ml_ax = v.fi_axes
        top = max((c.rates_hz.max() for c in (m.fi, m.ml) if c is not None), default=100.0)
        ylim = (0.0, max(100.0, 20.0 * math.ceil(top * 1.1 / 20.0)))
        hh_ax.set_limits((0.0, 30.0), ylim)
        ml_ax.set_limits((35.0, 90.0), ylim)
        region = self._panel_region(surface, s(18))
        key = ("fi", id(m.fi), id(m.ml), region, hh_ax.rect.topleft, ylim, v.ctx.text.lang)
        layer = self._layer(key, region, lambda img, off: self._fi_layer(img, off, hh_ax, ml_ax))
        surface.blit(layer, region.topleft)
        if m.result.mode == "current" and m.fi is not None and 0.0 <= m.values["I"] <= 30.0:
            p = hh_ax.point(float(m.values["I"]), m.rate())
            pygame.draw.circle(surface, theme.STAR, p, s(5), 2)

    def _panel_region(self, surface, below: int) -> pygame.Rect:
        """The panel with its title row above, tick labels at its left and ``below`` px under it."""
        s = self.view.ctx.s
        p = self.view.panel_rect
        return pygame.Rect(p.x - s(46), p.y - s(22), p.width + s(50), p.height + s(22) + below).clip(
            surface.get_rect())

    def _layer(self, key, region: pygame.Rect, paint) -> pygame.Surface:
        """The panel's cached layer for ``key`` (one at a time), painted by ``paint(img, offset)``."""
        hit = self._frames.get("panel")
        if hit is None or hit[0] != key:
            img = pygame.Surface(region.size)
            img.fill(theme.BG)
            paint(img, (-region.x, -region.y))
            hit = (key, img)
            self._frames["panel"] = hit
        return hit[1]

    def _fi_layer(self, img, off, hh_ax: Axes, ml_ax: Axes) -> None:
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        for ax0, curve, colour, title in ((hh_ax, m.fi, theme.WARN, "hodgkinhuxley.fi.hh"),
                                          (ml_ax, m.ml, theme.PURPLE, "hodgkinhuxley.fi.ml")):
            ax = Axes(ax0.rect.move(*off), ax0.xlim, ax0.ylim)
            ax.draw_frame(img, f, t("hodgkinhuxley.axis.I"), t("hodgkinhuxley.axis.f"), ticks=4)
            img.blit(f.render(t(title), theme.SMALL_FONT - 1, colour, bold=True), (ax.rect.x, ax.rect.y - s(20)))
            if curve is None:
                label = f.render(t("hodgkinhuxley.status.computing"), theme.SMALL_FONT, theme.TEXT_DIM)
                img.blit(label, label.get_rect(center=ax.rect.center))
                continue
            pts = [ax.point(x, y) for x, y in zip(curve.currents, curve.rates_hz)]
            img.set_clip(ax.rect)
            pygame.draw.lines(img, colour, False, pts, 2)
            for p in pts:
                pygame.draw.circle(img, colour, p, s(2))
            img.set_clip(None)

    # ------------------------------------------------------------ the reduced plane
    def _draw_plane(self, surface, k: int) -> None:
        """Frame and nullclines on one layer (per plane shown), then the path up to the cursor."""
        v, m = self.view, self.model
        s = v.ctx.s
        ax = v.plane
        r = m.result
        I_now = v.plane_input()
        plane = m.plane(I_now) or m.latest_plane()
        region = self._panel_region(surface, s(40))
        key = ("plane", id(plane), region, ax.rect.topleft, ax.rect.size, v.ctx.text.lang)
        layer = self._layer(key, region, lambda img, off: self._plane_layer(img, off, plane, I_now))
        surface.blit(layer, region.topleft)
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        pts = self._path(ax, r, k)
        if len(pts) > 1:
            pygame.draw.lines(surface, theme.TEXT, False, pts, 1)
        pygame.draw.circle(surface, theme.STAR, ax.point(float(r.v[k]), float(r.n[k])), s(5))
        if plane is not None:
            for ve, ne, kind in plane.equilibria:
                draw_equilibrium(surface, ax.point(ve, ne), kind, s(6), is_stable(kind))
        surface.set_clip(clip)

    def _plane_layer(self, img, off, plane, I_now: float) -> None:
        v = self.view
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        ax = Axes(v.plane.rect.move(*off), v.plane.xlim, v.plane.ylim)
        ax.draw_frame(img, f, "V (mV)", "n", ticks=5)
        img.blit(f.render(t("hodgkinhuxley.plane.title"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                 (ax.rect.x - s(38), ax.rect.y - s(20)))
        legend = t("hodgkinhuxley.plane.legend", I=fmt_number(plane.I if plane is not None else I_now))
        img.blit(f.render(legend, theme.SMALL_FONT - 1, theme.TEXT_DIM), (ax.rect.x - s(38), ax.rect.bottom + s(20)))
        if plane is None:
            return
        img.set_clip(ax.rect)
        for line in plane.v_null:
            pts = ax.polyline(line)
            if len(pts) > 1:
                pygame.draw.lines(img, theme.WARN, False, pts, 2)
        for line in plane.n_null:
            pts = ax.polyline(line)
            if len(pts) > 1:
                dashed_polyline(img, theme.ACCENT, pts, 2, s(7))
        img.set_clip(None)

    def _path(self, ax: Axes, r, k: int) -> np.ndarray:
        """The full model's (V, n) path up to sample ``k`` in px: projected and thinned once per run."""
        key = (self.model.version, ax.rect.topleft, ax.rect.size, ax.xlim, ax.ylim)
        hit = self._frames.get("path")
        if hit is None or hit[0] != key:
            px, py = ax.to_px(r.v, r.n)
            step = np.hypot(np.diff(px), np.diff(py))
            bucket = np.floor(np.concatenate([[0.0], np.cumsum(step)]) / 1.5)
            kept = np.flatnonzero(np.concatenate([[True], bucket[1:] != bucket[:-1]]))
            hit = (key, (np.column_stack([px, py]), kept))
            self._frames["path"] = hit
        xy, kept = hit[1]
        idx = np.append(kept[:np.searchsorted(kept, k, "right")], k)
        return xy[idx]
