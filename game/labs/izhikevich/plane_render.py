"""Drawing of the izhikevich lab's (v, u) phase plane: field, nullclines, equilibria, the run's path.

Reads the model (``view.model``) and the view's plane :class:`Axes`, and writes
nothing but its own cached surfaces, in layers:

- the frame (axes, ticks, names) changes only with the window, size, language;
- the background adds the direction field, the nullclines, the equilibria
  (stable filled, unstable hollow, named) and the labels: it changes with a,
  b, the input shown and the window;
- the layer adds the reset line and the whole run's path (dim): it changes
  with c, d and the run.

Ordinary frames blit the layer and draw the live part of the path (the
sweep's window, bright) on top. While a slider is dragged a frame that
re-ran the neuron shows the old layer (:attr:`PlaneRenderer.plane_pending`
tells the model to skip simulating in the next frame, which redraws it), and
the arrows may lag a few frames behind (the nullclines never do).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.common.plane import draw_equilibrium, kind_colour
from game.labs.izhikevich import path
from game.sim import izhikevich as izh
from game.ui import theme
from game.ui.plot import Axes, draw_segments

TRAJ_COLOUR = (70, 110, 150)       # the whole run, dim, under the live part
HOP_COLOUR = (110, 90, 140)


def field_surface(ax: Axes, a: float, b: float, I: float, n: int = 19, eqs=izh.STANDARD) -> pygame.Surface:
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
        dv, du = izh.field(a, b, I, eqs)(V, U)
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


class PlaneRenderer:
    """Draws the phase plane of one izhikevich view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.plane_pending = False             # the plane shows an older run than the model's
        self._field_key = self._layer_key = self._bg_key = self._frame_key = None
        self._field = self._layer = self._bg = self._frame = None
        self._dashes: dict[tuple, pygame.Surface] = {}
        self._spath = None

    # ------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        """The cached layer, then the live part of the run."""
        surface.blit(*self.layer())
        self._draw_live(surface)

    def layer(self) -> tuple[pygame.Surface, tuple[int, int]]:
        """The phase plane without its live part, and where it goes (see the module docstring)."""
        v, m = self.view, self.model
        s = v.ctx.s
        pl = v.plane
        region = pygame.Rect(pl.rect.x - s(48), pl.rect.y - s(2), pl.rect.width + s(52), pl.rect.height + s(24))
        I = m.I_shown()
        p = m.params()
        eqs = m.neuron.eqs
        ax = Axes(pl.rect.move(-region.x, -region.y), m.xlim, m.ylim)
        fkey = (round(p["a"], 9), round(p["b"], 9), round(I, 9), eqs, m.xlim, m.ylim, pl.rect.size)
        fresh = fkey == self._field_key
        lag_ok = m.dragging and self._field_key is not None and self._field_key[3:] == fkey[3:]
        new_field = not fresh and not lag_ok
        view = (m.xlim, m.ylim, region.size, v.ctx.text.lang, v.ctx.scale, eqs)
        bg_key = (round(p["a"], 9), round(p["b"], 9), round(I, 9), view, fresh or new_field)
        key = (m.version, bg_key)
        if key == self._layer_key and self._layer is not None:
            self.plane_pending = False
            return self._layer, region.topleft
        can_wait = self._layer is not None and self._layer.get_size() == region.size
        if m.simulated and can_wait:
            self.plane_pending = True
            return self._layer, region.topleft
        if new_field:
            self._field = field_surface(ax, p["a"], p["b"], I, eqs=eqs)
            self._field_key = fkey
        if bg_key != self._bg_key or self._bg is None:
            self._bg = self._background(region.size, ax, p, I)
            self._bg_key = bg_key
            if m.dragging and can_wait:              # the path goes on top in the next frame
                self.plane_pending = True
                return self._layer, region.topleft
        self.plane_pending = False
        layer = self._bg.copy()
        layer.set_clip(ax.rect)
        self._draw_vline(layer, ax, min(p["c"], izh.C_MAX_MV), "izhikevich.legend.reset")
        path.draw_stretch(layer, ax.rect, self._screen_path()[0], 0, len(m.result.run.t), TRAJ_COLOUR, 1,
                          HOP_COLOUR)
        self._draw_equilibria(layer, ax, p, I, labels=False)     # markers stay on top of the path
        layer.set_clip(None)
        self._layer, self._layer_key = layer, key
        return layer, region.topleft

    @property
    def field_key(self):
        """What the arrows were last drawn for: (a, b, I, eqs, xlim, ylim, size)."""
        return self._field_key

    # ------------------------------------------------------------ layers
    def _frame_surface(self, size, ax: Axes) -> pygame.Surface:
        """Axes, grid, ticks and axis names of the plane: they change only with the view."""
        ctx, m = self.view.ctx, self.model
        key = (size, ax.rect.topleft, m.xlim, m.ylim, ctx.text.lang, ctx.scale)
        if key != self._frame_key or self._frame is None:
            frame = pygame.Surface(size)
            frame.fill(theme.BG)
            ax.draw_frame(frame, ctx.fonts, ctx.text("izhikevich.axis.v_plane"), ctx.text("izhikevich.axis.u"),
                          ticks=6)
            self._frame, self._frame_key = frame, key
        return self._frame

    def _background(self, size, ax: Axes, p, I) -> pygame.Surface:
        m = self.model
        layer = self._frame_surface(size, ax).copy()
        layer.blit(self._field, ax.rect.topleft)
        layer.set_clip(ax.rect)
        self._draw_vline(layer, ax, izh.V_PEAK_MV, "izhikevich.legend.peak")
        eqs = m.neuron.eqs
        vs = np.linspace(m.xlim[0], m.xlim[1], 240)
        vn = ax.polyline(np.column_stack([vs, izh.v_nullcline(vs, I, eqs)]))
        if len(vn) > 1:
            pygame.draw.lines(layer, theme.WARN, False, vn, 2)
        if eqs.leak == 0.0:                     # u' = a b (v - v_u): the vertical line v = v_u
            un = ax.polyline(np.array([[eqs.v_u, m.ylim[0]], [eqs.v_u, m.ylim[1]]]))
        else:
            un = ax.polyline(np.column_stack([m.xlim, izh.u_nullcline(np.array(m.xlim), p["b"], eqs)]))
        if len(un) > 1:
            pygame.draw.lines(layer, theme.GOOD, False, un, 2)
        self._draw_equilibria(layer, ax, p, I, labels=True)
        self._draw_v_label(layer, ax, I)
        self._draw_u_label(layer, ax, p, I)
        layer.set_clip(None)
        return layer

    def _dash_line(self, length: int, dash: int) -> pygame.Surface:
        """A 1 px dashed vertical grid-coloured line (``dash`` on, ``dash`` off), drawn once per size."""
        key = (length, dash)
        img = self._dashes.get(key)
        if img is None:
            img = pygame.Surface((1, length))
            img.set_colorkey((0, 0, 0))
            for k in range(0, length, 2 * dash):
                pygame.draw.line(img, theme.GRID, (0, k), (0, min(k + dash, length) - 1))
            self._dashes[key] = img
        return img

    def _draw_vline(self, layer, ax, v: float, key: str) -> None:
        """A dashed vertical line at v (the +30 mV peak, the reset c) named at its top."""
        ctx = self.view.ctx
        s = ctx.s
        x = ax.point(v, 0)[0]
        if ax.rect.left <= x < ax.rect.right:
            layer.blit(self._dash_line(ax.rect.height, s(5)), (x, ax.rect.y))
        img = ctx.fonts.render(ctx.text(key), theme.SMALL_FONT - 2, theme.TEXT_DIM)
        r = img.get_rect(topright=(x - s(3), ax.rect.y + s(4)))
        if r.left >= ax.rect.left + s(24):
            layer.blit(img, r)

    def _draw_equilibria(self, layer, ax, p, I, labels: bool = True) -> None:
        """Stable points filled, unstable ones and saddles hollow (as the phase-plane labs), named by type."""
        ctx = self.view.ctx
        s = ctx.s
        eqs = izh.equilibria(p["a"], p["b"], I, self.model.neuron.eqs)
        for k, e in enumerate(eqs):
            pos = ax.point(e.v, e.u)
            draw_equilibrium(layer, pos, e.kind, s(6))
            if not labels:
                continue
            img = ctx.fonts.render(ctx.text(f"izhikevich.kind.{e.kind}"), theme.SMALL_FONT - 1,
                                   kind_colour(e.kind), bold=True)
            # rest below-left, threshold above-right: two close points keep readable labels
            if k == 0 and len(eqs) > 1:
                rect = img.get_rect(topright=(pos[0] - s(8), pos[1] + s(6)))
            else:
                rect = img.get_rect(bottomleft=(pos[0] + s(8), pos[1] - s(6)))
            rect.clamp_ip(ax.rect)
            layer.blit(img, rect)

    def _draw_v_label(self, layer, ax, I) -> None:
        """v' = 0 on the parabola, where its left arm enters the view."""
        ctx, m = self.view.ctx, self.model
        s = ctx.s
        vs = np.linspace(m.xlim[0], m.xlim[1], 200)
        us = izh.v_nullcline(vs, I, m.neuron.eqs)
        inside = np.flatnonzero((us > m.ylim[0]) & (us < m.ylim[1]))
        if inside.size:
            i = int(inside[0] + min(8, inside.size - 1))
            img = ctx.fonts.render(ctx.text("izhikevich.legend.v_null"), theme.SMALL_FONT - 1, theme.WARN, bold=True)
            x, y = ax.point(vs[i], us[i])
            r = img.get_rect(midleft=(x + s(8), y))
            r.clamp_ip(ax.rect)
            layer.blit(img, r)

    def _draw_u_label(self, layer, ax, p, I) -> None:
        """u' = 0 beside its line, on the side away from it, clear of the equilibria's labels."""
        ctx, m = self.view.ctx, self.model
        s = ctx.s
        eqs = m.neuron.eqs
        vv = np.linspace(m.xlim[0], m.xlim[1], 200)
        uu = izh.u_nullcline(vv, p["b"], eqs)
        if eqs.leak == 0.0:                      # the vertical u-nullcline: its label near the top
            vv = np.full(200, eqs.v_u)
            uu = np.linspace(m.ylim[0], m.ylim[1], 200)
        seen = np.flatnonzero((uu > m.ylim[0]) & (uu < m.ylim[1]))
        if not seen.size:
            return
        img = ctx.fonts.render(ctx.text("izhikevich.legend.u_null"), theme.SMALL_FONT - 1, theme.GOOD, bold=True)
        marks = []                      # each point with its label (left-below or right-above)
        for e in izh.equilibria(p["a"], p["b"], I, eqs):
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

    # ------------------------------------------------------------ the live part
    def _draw_live(self, surface) -> None:
        """The scope's window of the trajectory, bright, the state as a dot, the start as a ring."""
        v, m = self.view, self.model
        s = v.ctx.s
        pl = v.plane
        # while the plane still shows the previous run, so does its live part (one frame)
        sp, result = self._screen_path(shown=self.plane_pending)
        run = result.run
        i1 = min(m.cursor_index() + 1, len(run.t))
        t0, _ = m.sweep.window()
        path.draw_stretch(surface, pl.rect, sp, int(t0 / izh.DEFAULT_DT_MS), i1, theme.ACCENT, 2,
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
        m, pl = self.model, self.view.plane
        key = (m.version, m.xlim, m.ylim, pl.rect.size)
        cached = self._spath
        if cached is not None and (cached[0] == key or (shown and cached[0][1:] == key[1:])):
            return cached[1], cached[2]
        axes = Axes(pl.rect, m.xlim, m.ylim)
        self._spath = (key, path.screen_path(axes, m.result.traj), m.result)
        return self._spath[1], self._spath[2]
