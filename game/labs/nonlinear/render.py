"""Drawing of the nonlinear lab: plane, field, nullclines, paths, equilibria, the column's text, legend.

Reads the model (``view.model``) and the view's layout (its :class:`Axes`
and rectangles) and writes nothing but its own cached surfaces:

- the plane's frame (ticks, labels) changes only with the window, size or
  language; the frame plus the direction field with the field as well
  (while a slider moves the field may lag up to ``FIELD_LAG_S``: its streaks
  barely change per step); the whole layer (nullclines, cycle, manifold,
  goal marks, paths, equilibria with their type) with the model's
  ``version`` and the analysis. An ordinary frame blits the layer and moves
  the dots along the paths;
- the paths themselves on their own colour-keyed surface, redrawn only when
  a path arrives, is added, dropped or dimmed;
- the legend under the buttons.

The direction field is normalised in screen space, so a system whose axes
have very different units (Morris–Lecar: mV against a fraction) still shows
readable arrows. The column's text (system, equilibria, status line, the
quiz's Jacobian) is in ``render_column.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.common import plane
from game.labs.nonlinear import goals, systems
from game.labs.nonlinear.render_column import draw_info, draw_jacobian, draw_legend
from game.sim import planar
from game.ui import theme
from game.ui.fonts import draw_wrapped
from game.ui.plot import Axes, dashed_polyline, draw_arrows

FIELD_N = 21
FIELD_LAG_S = 0.2          # longest age of the direction field while a slider moves (model clock, s)
NULL_X = theme.PURPLE          # dx/dt = 0
NULL_Y = theme.ACCENT          # dy/dt = 0
TRAJ = theme.WARN
TRAJ_OLD = (165, 172, 190)
CYCLE = theme.STAR
MANIFOLD = theme.TEXT          # the repelling slow manifold (threshold), controls.show_manifold


class Renderer:
    """Draws one nonlinear view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self._layer: pygame.Surface | None = None
        self._layer_key = None
        self._frame = None                 # (key, surface)
        self._field_surf: pygame.Surface | None = None
        self._field_key = None
        self._field_frame = None
        self._field_at = -1e9
        self._paths = None                 # (key, parts, surface)
        self._legend = None                # (key, surface)

    def forget(self) -> None:
        """The layout changed: every cached picture is drawn again."""
        self._layer_key = None
        self._field_key = None
        self._legend = None

    # ------------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        pl = v.plane
        layer, origin = self.plane_layer()
        surface.blit(layer, origin)
        clip = surface.get_clip()
        surface.set_clip(pl.rect)
        if not m.hidden():
            for l in m.launches:
                p = None if l.pending else l.dot()
                if p is not None:
                    pygame.draw.circle(surface, theme.STAR, pl.point(*p), s(5))
        if m.computing():
            self.spinner(surface, (pl.rect.right - s(16), pl.rect.bottom - s(16)))
            img = f.render(t("nonlinear.computing"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(midright=(pl.rect.right - s(30), pl.rect.bottom - s(16))))
        if m.note:
            img = f.render(t(m.note), theme.SMALL_FONT, theme.WARN)
            surface.blit(img, (pl.rect.x + s(6), pl.rect.bottom - img.get_height() - s(4)))
        surface.set_clip(clip)
        draw_info(v, surface)
        if v.panel_bif is not None:
            eqs = m.analysis.equilibria
            v.panel_bif.draw(surface, m.bif or m.bif_branch, float(m.values.get("I", 0.0)),
                             [float(e.point[0]) for e in eqs], [e.stable for e in eqs],
                             show_special=m.controls.show_type)
        if v.editor is not None:
            v.editor.draw(surface)
        if m.quiz and v.mid.height:
            draw_jacobian(v, surface)
        self._legend = draw_legend(v, surface, self._legend, TRAJ, CYCLE)

    def spinner(self, surface, centre) -> None:
        s = self.view.ctx.s
        r = s(8)
        a0 = (self.model.clock * 6.0) % (2 * math.pi)
        rect = pygame.Rect(0, 0, 2 * r, 2 * r)
        rect.center = centre
        pygame.draw.arc(surface, theme.ACCENT, rect, a0, a0 + 4.4, max(2, s(2)))

    # ------------------------------------------------------------------ plane
    def plane_layer(self) -> tuple[pygame.Surface, tuple[int, int]]:
        v, m = self.view, self.model
        s = v.ctx.s
        pl = v.plane
        win = m.window
        region = pygame.Rect(pl.rect.x - s(56), pl.rect.y - s(10), pl.rect.width + s(72), pl.rect.height + s(32))
        key = (m.version, win.xlim, win.ylim, region.size, region.topleft, v.ctx.text.lang, m.hidden(),
               id(m.analysis))
        ax = Axes(pl.rect.move(-region.x, -region.y), win.xlim, win.ylim)
        show_field = m.controls.show_field and not m.hidden()
        if key == self._layer_key and self._layer is not None:
            if m.drafting() and show_field:
                # a frame that keeps the layer refreshes a lagging field now, so the frame
                # that rebuilds the layer (a new draft analysis) finds it ready
                self.base_surface(region, ax)
            return self._layer, region.topleft
        layer = self._layer
        if layer is None or layer.get_size() != region.size:
            layer = pygame.Surface(region.size)          # reused while the size holds
        layer.blit(self.base_surface(region, ax, keep_lagging=m.drafting()) if show_field
                   else self.frame_surface(region, ax), (0, 0))
        if m.hidden():
            self.cover(layer, ax)
        else:
            layer.set_clip(ax.rect)
            self.draw_plane_content(layer, ax)
            layer.set_clip(None)
            if m.controls.show_nullclines or m.manifold is not None:
                self.curves_legend(layer, ax)
        self._layer, self._layer_key = layer, key
        return layer, region.topleft

    def frame_surface(self, region, ax) -> pygame.Surface:
        """Axes, grid, ticks and labels: they change only with the view, size or language."""
        v, m = self.view, self.model
        key = (m.window.xlim, m.window.ylim, region.size, ax.rect.topleft, v.ctx.text.lang, m.system)
        if self._frame is not None and self._frame[0] == key:
            return self._frame[1]
        surf = pygame.Surface(region.size)
        surf.fill(theme.BG)
        xl, yl = systems.axis_labels(m.system)
        ax.draw_frame(surf, v.ctx.fonts, xl, yl)
        self._frame = (key, surf)
        return surf

    def cover(self, layer, ax) -> None:
        """The quiz's cover over the plane until the type is named."""
        f, t, s = self.view.ctx.fonts, self.view.ctx.text, self.view.ctx.s
        pygame.draw.rect(layer, theme.PANEL_HI, ax.rect)
        q = f.render("?", theme.TITLE_FONT * 3, theme.TEXT_DIM, bold=True)
        layer.blit(q, q.get_rect(center=(ax.rect.centerx, ax.rect.centery - s(30))))
        draw_wrapped(layer, t("nonlinear.quiz.hidden"), f.get(theme.BASE_FONT), theme.TEXT,
                     pygame.Rect(ax.rect.x + s(40), ax.rect.centery + s(50), ax.rect.width - s(80), s(120)))

    def draw_plane_content(self, layer, ax) -> None:
        m = self.model
        s = self.view.ctx.s
        an = m.analysis
        if m.controls.show_nullclines:
            for lines, colour in ((an.x_null, NULL_X), (an.y_null, NULL_Y)):
                for pts in ax.polylines(lines):
                    if len(pts) > 1:
                        pygame.draw.lines(layer, colour, False, pts, max(2, s(2)))
                        pygame.draw.aalines(layer, colour, False, pts)
        if m.manifold is not None:
            pts = ax.polyline(m.manifold.xy)
            if len(pts) > 1:
                pygame.draw.lines(layer, MANIFOLD, False, pts, max(2, s(2)))
        cycle = m.measurement.cycle if m.measurement is not None else None
        if cycle is not None:
            pts = ax.polyline(cycle.orbit)
            if len(pts) > 1:
                pygame.draw.lines(layer, CYCLE, True, pts, max(3, s(3)))
        self.draw_goal(layer, ax)
        if any(l.fwd is not None for l in m.launches):
            layer.blit(self.path_overlay(ax), ax.rect.topleft)
        outcome_colour = {goals.REST: theme.GOOD, goals.CYCLE: theme.WARN}
        for l in m.launches:
            pygame.draw.circle(layer, outcome_colour.get(l.outcome, theme.TEXT), ax.point(*l.start), s(4))
        self.draw_equilibria(layer, ax)

    def path_overlay(self, ax) -> pygame.Surface:
        """Every launched path (forward solid, backward dashed) on a colour-keyed surface.

        Paths change only when a path arrives or a launch is added, dropped
        or dimmed, while the layer under them is redrawn every frame of a
        slider drag (new nullclines): converting and dashing them once per
        change instead of once per frame keeps those frames short.
        """
        m = self.model
        s = self.view.ctx.s
        done = [l for l in m.launches if l.fwd is not None]
        cols = []
        for l in done:
            col = TRAJ if l is m.launches[-1] else TRAJ_OLD
            cols.append(tuple(int(c * 0.55) for c in col) if l.pending else col)
        parts = [(l.fwd, l.bwd) for l in done]
        key = (m.window.xlim, m.window.ylim, ax.rect.size, s(6), cols)
        cached = self._paths
        if (cached is not None and cached[0] == key and len(cached[1]) == len(parts)
                and all(a is c and b is d for (a, b), (c, d) in zip(cached[1], parts))):
            return cached[2]
        surf = cached[2] if cached is not None and cached[2].get_size() == ax.rect.size else None
        if surf is None:
            surf = pygame.Surface(ax.rect.size)
            surf.set_colorkey((0, 0, 0))       # no path colour is black, even dimmed
        surf.fill((0, 0, 0))
        local = Axes(pygame.Rect((0, 0), ax.rect.size), m.window.xlim, m.window.ylim)
        paths = local.polylines([l.fwd.xy for l in done] + [l.bwd.xy if l.bwd is not None else np.zeros((0, 2))
                                                            for l in done])
        for i, col in enumerate(cols):
            fwd, bwd = paths[i], paths[len(done) + i]
            if len(fwd) > 1:
                pygame.draw.lines(surf, col, False, fwd, 2)
            if len(bwd) > 1:
                dashed_polyline(surf, col, bwd, 1, s(6))
        self._paths = (key, parts, surf)
        return surf

    def draw_equilibria(self, layer, ax) -> None:
        """Markers (filled when stable) first, then type labels that avoid markers and each other."""
        s, f, t = self.view.ctx.s, self.view.ctx.fonts, self.view.ctx.text
        eqs = self.model.analysis.equilibria
        taken: list[pygame.Rect] = []
        for e in eqs:
            p = ax.point(*e.point)
            pygame.draw.circle(layer, theme.BG, p, s(8))
            pygame.draw.circle(layer, plane.kind_colour(e.kind), p, s(6), 0 if e.stable else max(2, s(2)))
            taken.append(pygame.Rect(p[0] - s(8), p[1] - s(8), s(16), s(16)))
        if not self.model.controls.show_type:
            return
        for e in eqs:
            p = ax.point(*e.point)
            img = f.render(t(f"nonlinear.short.{e.kind}"), theme.SMALL_FONT - 1, plane.kind_colour(e.kind), bold=True)
            candidates = []
            for dy in (0, 1, -1, 2, -2, 3):
                for side in (1, -1):
                    r = img.get_rect(bottomleft=(p[0] + s(10), p[1] - s(4))) if side > 0 else \
                        img.get_rect(bottomright=(p[0] - s(10), p[1] - s(4)))
                    r.y += dy * (r.height + s(2))
                    candidates.append(r)
            inside = [r for r in candidates if ax.rect.contains(r)] or candidates
            r = next((r for r in inside if not any(r.colliderect(o) for o in taken)), inside[0])
            taken.append(r)
            bg = pygame.Surface(r.inflate(s(6), s(2)).size, pygame.SRCALPHA)
            bg.fill((*theme.BG, 190))
            layer.blit(bg, r.inflate(s(6), s(2)).topleft)
            layer.blit(img, r)

    def draw_goal(self, layer, ax) -> None:
        """The goal's marks: a ring per equilibrium to visit, or the fire line and the kick arrow."""
        goal = self.model.goal
        if goal is None:
            return
        if goal.type == "equilibria_visited":
            self._visit_rings(layer, ax, goal)
        elif goal.type == "kick_threshold":
            self._fire_line(layer, ax, goal)

    def _visit_rings(self, layer, ax, goal) -> None:
        m = self.model
        s = self.view.ctx.s
        (x0, x1), (y0, y1) = m.window.home
        (vx0, vx1), (vy0, vy1) = m.window.xlim, m.window.ylim
        starts = [l.start for l in m.launches]
        for e in m.home_equilibria():
            rx = goal.radius * (x1 - x0) * ax.rect.width / (vx1 - vx0)
            ry = goal.radius * (y1 - y0) * ax.rect.height / (vy1 - vy0)
            cx, cy = ax.point(*e.point)
            hit = any(goals.window_distance(st, e.point, m.home_bounds()) <= goal.radius for st in starts)
            box = pygame.Rect(0, 0, max(4, int(2 * rx)), max(4, int(2 * ry)))
            box.center = (cx, cy)
            if hit:
                pygame.draw.ellipse(layer, theme.GOOD, box, 2)
            else:
                pts = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 49)]
                dashed_polyline(layer, theme.STAR, pts, 2, s(5))

    def _fire_line(self, layer, ax, goal) -> None:
        m = self.model
        s, f, t = self.view.ctx.s, self.view.ctx.fonts, self.view.ctx.text
        top, bottom = ax.rect.top, ax.rect.bottom
        fx = ax.point(goal.fire_x, 0)[0]
        dashed_polyline(layer, theme.BAD, [(fx, top), (fx, bottom)], 1, s(6))
        vx, _ = systems.variable_names(m.system)
        img = f.render(t("nonlinear.fire_line", x=vx, v=f"{goal.fire_x:g}"), theme.SMALL_FONT - 1, theme.BAD)
        # below the curves' legend in the corner (see curves_legend), however many rows it has
        rows = (2 if m.controls.show_nullclines else 0) + (1 if m.manifold is not None else 0)
        pos = (fx + s(4), top + s(12) + (rows * s(20) + s(8) if rows else 0))
        bg = pygame.Surface(img.get_rect().inflate(s(4), 0).size, pygame.SRCALPHA)
        bg.fill((*theme.BG, 190))                  # grid lines must not strike the label through
        layer.blit(bg, (pos[0] - s(2), pos[1]))
        layer.blit(img, pos)
        r = m.rest()
        if r is not None:
            k = float(m.values.get("kick", 0.0))
            a = ax.point(*r.point)
            b = ax.point(r.point[0] + k, r.point[1])
            pygame.draw.line(layer, theme.STAR, a, b, max(2, s(2)))
            d = 1 if b[0] >= a[0] else -1
            pygame.draw.polygon(layer, theme.STAR, [b, (b[0] - d * s(8), b[1] - s(5)), (b[0] - d * s(8), b[1] + s(5))])

    def curves_legend(self, layer, ax) -> None:
        """The curves' legend in the plane's corner: nullclines, and the threshold manifold when drawn."""
        m = self.model
        s, f, t = self.view.ctx.s, self.view.ctx.fonts, self.view.ctx.text
        vx, vy = systems.variable_names(m.system)
        rows = []
        if m.controls.show_nullclines:
            rows += [(NULL_X, t("nonlinear.legend.null", v=vx)), (NULL_Y, t("nonlinear.legend.null", v=vy))]
        if m.manifold is not None:
            rows.append((MANIFOLD, t("nonlinear.legend.manifold")))
        imgs = [f.render(text, theme.SMALL_FONT - 1, theme.TEXT) for _, text in rows]
        w = max(i.get_width() for i in imgs) + s(40)
        h = len(rows) * s(20) + s(8)
        box = pygame.Rect(ax.rect.right - w - s(6), ax.rect.y + s(6), w, h)
        bg = pygame.Surface(box.size, pygame.SRCALPHA)
        bg.fill((*theme.PANEL, 215))
        layer.blit(bg, box.topleft)
        pygame.draw.rect(layer, theme.GRID, box, 1)
        y = box.y + s(4)
        for (colour, _), img in zip(rows, imgs):
            cy = y + s(10)
            pygame.draw.line(layer, colour, (box.x + s(8), cy), (box.x + s(30), cy), max(2, s(2)))
            layer.blit(img, (box.x + s(36), y + s(2)))
            y += s(20)

    # ------------------------------------------------------------------ field
    def base_surface(self, region, ax, keep_lagging: bool = False) -> pygame.Surface:
        """The frame with the direction field drawn in: the layer's background.

        Cached per field, view, size and frame; while a slider moves the
        field may lag up to ``FIELD_LAG_S``, so an ordinary drag frame only
        blits this surface. ``keep_lagging`` (a frame that rebuilds the layer
        mid-drag) lets it lag up to twice as long: the next frame, which only
        blits the layer, redraws it (see :meth:`plane_layer`), so no frame
        does both.
        """
        m = self.model
        frame = self.frame_surface(region, ax)
        key = (m.field_key(), m.window.xlim, m.window.ylim, ax.rect.size)
        base = self._field_surf
        fresh = base is not None and self._field_frame is frame
        if fresh and self._field_key == key:
            return base
        lag = FIELD_LAG_S * (2 if keep_lagging else 1)       # bounded even if every frame rebuilds
        if (fresh and self._field_key is not None and self._field_key[1:] == key[1:] and m.drafting()
                and m.clock - self._field_at < lag):
            return base
        self._field_at = m.clock
        if base is None or base.get_size() != region.size:
            base = pygame.Surface(region.size)
        base.blit(frame, (0, 0))
        self.draw_field(base.subsurface(ax.rect))
        self._field_surf, self._field_key, self._field_frame = base, key, frame
        return base

    def draw_field(self, surf: pygame.Surface) -> None:
        """Direction-field streaks, normalised on screen, onto the plane's area ``surf``."""
        m = self.model
        (x0, x1), (y0, y1) = m.window.xlim, m.window.ylim
        w, h = surf.get_size()
        X, Y, U, V = planar.direction_field(m.field(), (x0, x1), (y0, y1), FIELD_N)
        sx = w / (x1 - x0)
        sy = h / (y1 - y0)
        Up, Vp = U * sx, -V * sy
        speed = np.hypot(Up, Vp)
        px = (X - x0) * sx
        py = h - (Y - y0) * sy
        ok = speed > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            ux = np.where(ok, Up / np.where(ok, speed, 1.0), 0.0)
            uy = np.where(ok, Vp / np.where(ok, speed, 1.0), 0.0)
        positive = speed[ok]
        if positive.size:
            med = float(np.median(positive))
            level = np.log1p(speed / med) / math.log1p(float(positive.max()) / med)
        else:
            level = np.zeros_like(speed)
        keep = ok.ravel()
        if not keep.any():
            return
        lv = np.clip(level.ravel()[keep], 0, 1)
        colour = np.stack([78 + 72 * lv, 86 + 76 * lv, 108 + 80 * lv], axis=1).astype(np.uint8)
        draw_arrows(surf, px.ravel()[keep], py.ravel()[keep], ux.ravel()[keep], uy.ravel()[keep],
                    (w / FIELD_N) * 0.36, colour)
