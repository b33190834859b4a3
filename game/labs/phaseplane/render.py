"""Drawing of the phaseplane lab: plane, field, paths, info line, inset plots, legend.

Reads the model (``view.model``) and the view's layout (its :class:`Axes`
and rectangles) and writes nothing but its own cached surfaces:

- the plane's frame (ticks, labels) changes only with the window, size or
  language; the frame plus the direction field with A as well; the whole
  layer (paths, eigenvectors, goal marks) with the launches. At rest a frame
  blits the layer; while A changes every frame (a slider drag) the plane is
  painted straight onto the screen and the layer is built again at rest;
- the trace-determinant inset's background (parabola, region names) and the
  time-series inset are cached the same way.

On a lyapunov level the plane's background also shows the player's candidate
V (:meth:`Renderer._draw_candidate`): tinted sectors where dV/dt > 0 (V
rises), where V <= 0 (V is not positive definite), or the whole plane when
dV/dt = 0 everywhere; the lines on which dV/dt = 0, drawn exactly (a line has
no area, so a tint could not show it); and level curves of V. All of it is
sectors and lines through the origin, computed from A and P
(``game.sim.lyapunov.signs``), so it costs a few polygons, not pixels. The
time-series inset then plots V(t) along every launch, rising stretches in red.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.core.readout import fmt_number
from game.labs.common.plane import draw_equilibrium, draw_legend, kind_colour
from game.labs.phaseplane import goals
from game.labs.phaseplane.model import TD_P, TD_Q
from game.sim import lyapunov, planar
from game.ui import theme
from game.ui.plot import Axes, dashed_pixels, dashed_polyline, draw_arrows

FIELD_N = 21               # direction-field arrows per side
TD_LABELS = (("saddle", 0, -1.8), ("center", 0.0, 4.2), ("stable_focus", -1.3, 3.0),
             ("unstable_focus", 1.3, 3.0), ("stable_node", -2.9, 0.8), ("unstable_node", 2.9, 0.8))


#: Colours of the candidate's marks: where dV/dt > 0, where V <= 0, and dV/dt = 0 (a line, or
#: everywhere).
RISE, NOT_PD, FLAT = theme.BAD, (150, 150, 170), theme.STAR
#: What a tint adds to the plot's background (an additive blit: no per-pixel alpha, ~25x cheaper
#: than an alpha blit of the whole plane): about a third of the way to the mark's colour.
TINT_ADD = {RISE: (60, 20, 0), NOT_PD: (38, 36, 38), FLAT: (66, 60, 5)}
LEVEL_CURVES = 4
#: Colours of launches in the plane and the V(t) inset: the last one, and the others.
LAST, OLDER = theme.WARN, (120, 170, 210)
#: Colour of the last launch's V(t) (green, as the oscillator's energy elsewhere; far from the red of rises).
V_LAST = theme.GOOD


def tint(colour) -> tuple[int, int, int]:
    """The plot's background under the tint of ``colour`` (for legend swatches)."""
    return tuple(min(255, b + a) for b, a in zip(theme.PANEL, TINT_ADD[colour]))


def quadratic_text(Q, name: str) -> str:
    """"name = q11 x² + 2 q12 xy + q22 y²" with 3 significant digits, zero terms left out.

    >>> quadratic_text([[2.0, 0.0], [0.0, 1.0]], "V"), quadratic_text([[0, -0.1], [-0.1, -0.6]], "dV/dt")
    ('V = 2x² + y²', 'dV/dt = −0.2xy − 0.6y²')
    """
    terms = []
    for c, mono in ((Q[0][0], "x²"), (Q[0][1] + Q[1][0], "xy"), (Q[1][1], "y²")):
        text = fmt_number(abs(float(c)))
        if text == "0":
            continue
        sign = "−" if c < 0 else "+"
        coef = "" if text == "1" else text
        terms.append((sign, coef + mono))
    if not terms:
        return f"{name} = 0"
    first = ("−" if terms[0][0] == "−" else "") + terms[0][1]
    return f"{name} = " + " ".join([first] + [f"{sg} {t}" for sg, t in terms[1:]])


def eig_text(A) -> str:
    """The eigenvalues of A in one short text ("-0.3 ± 1i" or "-1, -2")."""
    lam = np.linalg.eigvals(A)
    if abs(lam[0].imag) > 1e-12:
        return f"{lam[0].real:.3g} ± {abs(lam[0].imag):.3g}i"
    a, b = sorted(lam.real)
    return f"{a:.3g}, {b:.3g}"


def _rising(V: np.ndarray, rtol: float = 1e-9) -> list[tuple[int, int]]:
    """Index ranges [a, b] of samples over which V rises (by more than rounding)."""
    V = np.asarray(V, dtype=float)
    if len(V) < 2:
        return []
    up = np.diff(V) > rtol * max(1.0, float(np.max(np.abs(V))))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], up.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


class Renderer:
    """Draws one phaseplane view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self._layer: pygame.Surface | None = None
        self._layer_key = None
        self._layer_bkey = None
        self._field_surf: pygame.Surface | None = None
        self._field_key = None
        self._frame_surf: pygame.Surface | None = None
        self._frame_key = None
        self._grid = None
        self._grid_key = None
        self._td_bg: pygame.Surface | None = None
        self._td_key = None
        self._td_off = (0, 0)
        self._ts_layer: pygame.Surface | None = None
        self._ts_key = None
        self._tint_surf: pygame.Surface | None = None
        self._paths_px_cache: tuple[list, list] = ([], [])
        self._flow_cache: list = []
        self._flow_key = None
        self._paths_key = None

    # ------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        v, m = self.view, self.model
        ctx = v.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        pl = v.plane
        A = m.A()
        self._draw_plane(surface, A)
        clip = surface.get_clip()
        surface.set_clip(pl.rect)
        for l in m.launches:
            p = l.dot()
            if p is not None:
                pygame.draw.circle(surface, theme.STAR, pl.point(*p), s(5))
        surface.set_clip(clip)
        self._draw_info(surface, A, planar.classify(A))
        if m.controls.show_td and v.show_insets:
            self._draw_td(surface, A)
        if v.show_ts:
            self._draw_ts(surface)
        self._draw_legend(surface)
        if m.note:
            img = f.render(t(m.note), theme.SMALL_FONT, theme.WARN)
            surface.blit(img, (pl.rect.x + s(6), pl.rect.bottom - img.get_height() - s(4)))
        if v.quiz and m.quiz_index < len(m.quiz_truth):
            q = f.render(t("phaseplane.quiz.which", i=m.quiz_index + 1, n=len(m.quiz_truth)),
                         theme.BASE_FONT, theme.STAR, bold=True)
            surface.blit(q, (pl.rect.x + s(8), pl.rect.y + s(6)))

    # ------------------------------------------------------------ the plane
    def _draw_plane(self, surface: pygame.Surface, A) -> None:
        """The phase plane without the moving dots (frame, field, eigenvectors, goal, paths)."""
        v, m = self.view, self.model
        s = v.ctx.s
        pl = v.plane
        region = pygame.Rect(pl.rect.x - s(48), pl.rect.y - s(2), pl.rect.width + s(52), pl.rect.height + s(24))
        win = m.window
        key = (A.tobytes(), win.xlim, win.ylim, m.version, m.v_version, region.size, pl.rect.topleft,
               v.ctx.text.lang)
        if key == self._layer_key and self._layer is not None:
            surface.blit(self._layer, region.topleft)
            return
        ax = Axes(pl.rect.move(-region.x, -region.y), win.xlim, win.ylim)
        bkey = self._base_key(A, region.size, ax)
        moving = bkey != self._layer_bkey and bkey != self._field_key
        self._layer_bkey = bkey
        if moving and surface.get_rect().contains(region):
            target = surface.subsurface(region)
            target.blit(self._plane_frame(region.size, ax), (0, 0))
            self._draw_field(target.subsurface(ax.rect), A)
            self._draw_overlay(target, ax, A)
            self._draw_content(target, ax, A)
            self._layer_key = None            # nothing cached: built when A rests
            return
        layer = self._layer
        if layer is None or layer.get_size() != region.size:
            layer = pygame.Surface(region.size)
        layer.blit(self._plane_base(region.size, ax, A), (0, 0))
        self._draw_overlay(layer, ax, A)
        self._draw_content(layer, ax, A)
        self._layer, self._layer_key = layer, key
        surface.blit(layer, region.topleft)

    def _draw_content(self, target: pygame.Surface, ax: Axes, A) -> None:
        """Eigenvectors, goal marks, backward (dashed) and forward paths, starts, the origin."""
        m = self.model
        s = self.view.ctx.s
        target.set_clip(ax.rect)
        if m.controls.show_eigen:
            self._draw_eigen(target, ax, A)
        self._draw_goal(target, ax)
        n = len(m.launches)
        colours = [LAST if i == n - 1 else OLDER for i in range(n)]
        line_w = max(2, s(2))
        fwd, bwd = self._paths_px(ax)
        dashed_pixels(target, bwd, colours, dash=s(7), width=line_w)
        for i, l in enumerate(m.launches):
            if len(fwd[i]) > 1:
                pygame.draw.lines(target, colours[i], False, fwd[i], line_w)
            pygame.draw.circle(target, theme.TEXT, ax.point(*l.start), s(4))
        if m.controls.show_type and not self.view.quiz:
            draw_equilibrium(target, ax.point(0, 0), planar.classify(A), s(6))
        else:       # the type is the question: a mark that says nothing about stability
            pygame.draw.circle(target, theme.TEXT_DIM, ax.point(0, 0), s(4))
        target.set_clip(None)

    def _paths_px(self, ax: Axes) -> tuple[list, list]:
        """Pixels of the forward and backward paths, kept while the launches and the view hold
        (a drag of the candidate V redraws the plane every frame but moves no path)."""
        m = self.model
        key = (m.version, id(m.launches), ax.rect.topleft, ax.rect.size, ax.xlim, ax.ylim)
        if key != self._paths_key:
            fwd = ax.polylines([l.fwd.xy for l in m.launches])
            bwd = ax.polylines([l.bwd.xy for l in m.launches], min_px=0.8, arrays=True)
            self._paths_px_cache, self._paths_key = (fwd, bwd), key
        return self._paths_px_cache

    def _plane_base(self, size: tuple[int, int], ax: Axes, A) -> pygame.Surface:
        """Frame, ticks and direction field: the layer's background, cached per A and view."""
        key = self._base_key(A, size, ax)
        if key == self._field_key and self._field_surf is not None:
            return self._field_surf
        base = self._field_surf
        if base is None or base.get_size() != size:
            base = pygame.Surface(size)            # reused: no allocation per change
        base.blit(self._plane_frame(size, ax), (0, 0))
        self._draw_field(base.subsurface(ax.rect), A)
        self._field_surf, self._field_key = base, key
        return base

    def _base_key(self, A, size, ax: Axes) -> tuple:
        return (tuple(np.round(A, 12).ravel()), self._frame_keyof(size, ax))

    def _frame_keyof(self, size, ax: Axes) -> tuple:
        win = self.model.window
        return (win.xlim, win.ylim, size, ax.rect.topleft, ax.rect.size, self.view.ctx.text.lang)

    def _plane_frame(self, size: tuple[int, int], ax: Axes) -> pygame.Surface:
        """Axes, grid, ticks and labels of the plane: only the view, size or language change them."""
        fkey = self._frame_keyof(size, ax)
        if fkey != self._frame_key or self._frame_surf is None:
            frame = self._frame_surf
            if frame is None or frame.get_size() != size:
                frame = pygame.Surface(size)
            frame.fill(theme.BG)
            ax.draw_frame(frame, self.view.ctx.fonts, "x", "y")
            self._frame_surf, self._frame_key = frame, fkey
        return self._frame_surf

    def _draw_overlay(self, target: pygame.Surface, ax: Axes, A) -> None:
        """On a lyapunov level, the candidate over the field: tints (added to the field, so a
        drag of V reuses the cached field), level curves and the lines where dV/dt = 0."""
        if self.model.shapes_v:
            self._draw_tints(target.subsurface(ax.rect), ax, A)
            self._draw_candidate(target, ax, A)

    @staticmethod
    def _rays(ax: Axes):
        """The origin in (unclamped) pixels, a radius past every corner of the plot, and the
        pixel direction of model angle theta; None when the origin is so far off the plot
        (over 10^6 px) that pixel sizes would overflow (the view then lies inside one sector)."""
        (x0, x1), (y0, y1) = ax.xlim, ax.ylim
        r = ax.rect
        sx, sy = r.width / (x1 - x0), r.height / (y1 - y0)
        ox, oy = r.x - x0 * sx, r.bottom + y0 * sy
        reach = max(math.hypot(cx - ox, cy - oy) for cx in (r.left, r.right) for cy in (r.top, r.bottom))
        if not math.isfinite(reach) or reach > 1e6:
            return None

        def ray(theta: float, k: float = 1.0) -> tuple[float, float]:
            dx, dy = math.cos(theta) * sx, -math.sin(theta) * sy
            n = math.hypot(dx, dy)
            return ox + k * (reach + 4) * dx / n, oy + k * (reach + 4) * dy / n
        return (ox, oy), ray

    def _draw_tints(self, area: pygame.Surface, ax: Axes, A) -> None:
        """Sectors where dV/dt > 0 or V <= 0 (or all of it when dV/dt = 0 everywhere), tinted."""
        m = self.model
        P = m.P()
        Q = lyapunov.derivative_matrix(A, P)
        rise = lyapunov.signs(Q, lyapunov.tolerance(A, P))
        low = lyapunov.signs(-P, lyapunov.tolerance(np.eye(2) / math.sqrt(2), P))
        layer = self._tint_surf
        if layer is None or layer.get_size() != area.get_size():
            layer = pygame.Surface(area.get_size())
            self._tint_surf = layer
        # black adds nothing; V = 0 everywhere is all grey, dV/dt = 0 everywhere all yellow
        layer.fill(TINT_ADD[NOT_PD] if low.kind == "zero" else TINT_ADD[FLAT] if rise.kind == "zero" else (0, 0, 0))
        rays = self._rays(ax)
        if rays is not None:
            origin, ray = rays
            left, top = ax.rect.topleft
            for sectors, colour in ((low.positive, NOT_PD), (rise.positive, RISE)):
                for a, b in sectors:
                    pts = [origin] + [ray(t) for t in np.linspace(a, b, max(3, int((b - a) / 0.05)))]
                    pygame.draw.polygon(layer, TINT_ADD[colour], [(x - left, y - top) for x, y in pts])
        area.blit(layer, (0, 0), special_flags=pygame.BLEND_RGB_ADD)

    def _draw_candidate(self, target: pygame.Surface, ax: Axes, A) -> None:
        """Level curves of V (when positive definite), the lines where dV/dt = 0 (yellow) and
        those where V = 0 (grey)."""
        m = self.model
        s = self.view.ctx.s
        P = m.P()
        target.set_clip(ax.rect)
        if lyapunov.positive_definite(P):
            win = m.window
            reach = 0.5 * min(win.xlim[1] - win.xlim[0], win.ylim[1] - win.ylim[0])
            lam_min = float(np.linalg.eigvalsh(P)[0])
            curves = [lyapunov.level_curve(P, lam_min * (reach * k / LEVEL_CURVES) ** 2)
                      for k in range(1, LEVEL_CURVES + 1)]
            for pts in ax.polylines(curves):
                if len(pts) > 1:
                    pygame.draw.lines(target, theme.PURPLE, True, pts, 1)
        rays = self._rays(ax)
        if rays is not None:
            # where V = 0 off the origin (a V that is only semidefinite has no grey area to show)
            low = lyapunov.signs(-P, lyapunov.tolerance(np.eye(2) / math.sqrt(2), P))
            flat = lyapunov.signs(lyapunov.derivative_matrix(A, P), lyapunov.tolerance(A, P))
            for lines, colour in ((flat.zero, FLAT), (low.zero, NOT_PD)):      # V = 0 wins a tie
                for th in lines:
                    pygame.draw.line(target, colour, rays[1](th, -1.0), rays[1](th), max(2, s(2)))
        target.set_clip(None)

    def _draw_field(self, surf: pygame.Surface, A) -> None:
        """Direction-field streaks (shaft and arrowhead, brighter = faster) onto the plane's area."""
        w, h = surf.get_size()
        (x0, x1), (y0, y1) = self.model.window.xlim, self.model.window.ylim
        gkey = (x0, x1, y0, y1, w, h)
        if self._grid_key != gkey:          # the arrows' places: fixed while A moves
            X, Y = (g.ravel() for g in np.meshgrid(np.linspace(x0, x1, FIELD_N), np.linspace(y0, y1, FIELD_N)))
            px = (X - x0) * (w / (x1 - x0))
            py = h - (Y - y0) * (h / (y1 - y0))
            self._grid, self._grid_key = (X, Y, px, py), gkey
        X, Y, px, py = self._grid
        a, b, c, d = (float(v) for v in np.asarray(A).ravel())
        U, V = a * X + b * Y, c * X + d * Y
        speed = np.sqrt(U * U + V * V)
        keep = (speed > 0) & np.isfinite(speed)
        smax = float(speed[keep].max()) if keep.any() else 0.0
        if smax <= 0:
            return
        lv = np.log1p(speed[keep]) / math.log1p(smax)
        colour = np.stack([70 + 80 * lv, 100 + 90 * lv, 140 + 100 * lv], axis=1).astype(np.uint8)
        draw_arrows(surf, px[keep], py[keep], U[keep], -V[keep], (w / FIELD_N) * 0.38, colour)

    def _draw_eigen(self, surface, ax: Axes, A) -> None:
        vals, vecs = planar.eig_directions(A)
        if len(vals) == 0 or planar.classify(A) in ("stable_star", "unstable_star", "non_isolated"):
            return
        win = self.model.window
        span = 2 * max(win.xlim[1] - win.xlim[0], win.ylim[1] - win.ylim[0])
        for lam, vec in zip(vals, vecs):
            a = ax.point(-vec[0] * span, -vec[1] * span)
            b = ax.point(vec[0] * span, vec[1] * span)
            dashed_polyline(surface, theme.BAD if lam > 0 else theme.GOOD, [a, b], 1, 10)

    def _draw_goal(self, surface, ax: Axes) -> None:
        m = self.model
        goal = m.goal
        if goal is None:
            return
        s = self.view.ctx.s
        px_per = ax.rect.width / (m.window.xlim[1] - m.window.xlim[0])
        if goal.type == "closest_approach":
            r = goal.radius or 0.1
            pygame.draw.circle(surface, theme.PURPLE, ax.point(*goal.point), max(3, int(r * px_per)), 2)
            if goal.min_start_distance > 0:
                r = int(goal.min_start_distance * px_per)
                cx, cy = ax.point(*goal.point)
                dashed_polyline(surface, theme.GRID, [(cx + r * math.cos(a), cy + r * math.sin(a))
                                                      for a in np.linspace(0, 2 * math.pi, 73)], 1, 6)
        elif goal.type == "orbit_through":
            for p in goal.points:
                pygame.draw.circle(surface, theme.PURPLE, ax.point(*p), s(7), 2)
        elif goal.type == "reach_disc":
            pygame.draw.circle(surface, theme.GOOD, ax.point(0, 0), max(3, int(goal.radius * px_per)), 2)
        elif goal.type == "gates":
            passed = int(m.score() or 0)
            for i, (gx, gy, gr) in enumerate(goal.gates):
                c = theme.GOOD if i < passed else theme.PURPLE
                pygame.draw.circle(surface, c, ax.point(gx, gy), max(3, int(gr * px_per)), 2)
                img = self.view.ctx.fonts.render(str(i + 1), theme.SMALL_FONT, c, bold=True)
                surface.blit(img, img.get_rect(center=ax.point(gx, gy)))

    # ------------------------------------------------------------ side column
    def _draw_info(self, surface, A, kind) -> None:
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        x, y = v.col.x, v.col.y
        if m.controls.show_type and not v.quiz:
            surface.blit(f.render(t(f"phaseplane.kind.{kind}"), theme.BASE_FONT + 5, kind_colour(kind), bold=True),
                         (x, y))
        p, q = float(np.trace(A)), float(np.linalg.det(A))
        d = p * p - 4 * q
        line = t("phaseplane.quiz.hidden") if v.quiz else \
            f"p = {p:.3g}   q = {q:.3g}   Δ = {d:.3g}   λ = {eig_text(A)}"
        surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (x, y + s(32)))
        if m.system == "oscillator":
            mass, mu, k = m.oscillator()
            regime = planar.damping_regime(mass, mu, k)
            txt = t(f"phaseplane.regime.{regime}") + f"   μ² − 4mk = {mu * mu - 4 * mass * k:.3g}"
            surface.blit(f.render(txt, theme.SMALL_FONT, theme.ACCENT), (x, y + s(52)))
        if m.shapes_v:
            self._draw_formulas(surface, A)

    def _draw_formulas(self, surface, A) -> None:
        """V and dV/dt as quadratics on one line (a size smaller if the column is narrow). V is
        red when it is not positive definite; dV/dt green when it is < 0 off the origin, yellow
        when only <= 0, red when it is > 0 somewhere."""
        v, m = self.view, self.model
        s, f = v.ctx.s, v.ctx.fonts
        P = m.P()
        kind = lyapunov.signs(m.Q(), lyapunov.tolerance(A, P)).kind
        colours = (theme.TEXT if lyapunov.positive_definite(P) else theme.BAD,
                   {"negative_definite": theme.GOOD, "negative_semidefinite": theme.STAR,
                    "zero": theme.STAR}.get(kind, theme.BAD))
        texts = (quadratic_text(P, "V"), quadratic_text(m.Q(), "dV/dt"))
        for size in (theme.SMALL_FONT, theme.SMALL_FONT - 2):
            imgs = [f.render(txt, size, c) for txt, c in zip(texts, colours)]
            if imgs[0].get_width() + s(24) + imgs[1].get_width() <= v.col.width:
                break
        surface.blit(imgs[0], (v.col.x, v.v_top))
        surface.blit(imgs[1], (v.col.x + imgs[0].get_width() + s(24), v.v_top))

    def _draw_td(self, surface, A) -> None:
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        td = v.td
        key = (td.rect.topleft, td.rect.size, surface.get_size(), t.lang)
        if self._td_bg is None or self._td_key != key:
            bg = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            td.draw_frame(bg, f, grid=False, ticks=4)
            p = np.linspace(*TD_P, 200)
            pts = td.polyline(np.stack([p, p * p / 4], axis=1))
            clip = bg.get_clip()
            bg.set_clip(td.rect)
            pygame.draw.lines(bg, theme.STAR, False, pts, 2)
            for img, r in self._td_labels():
                bg.blit(img, r)
            bg.set_clip(clip)
            area = td.rect.inflate(s(60), s(40)).clip(bg.get_rect())
            self._td_bg, self._td_off, self._td_key = bg.subsurface(area).copy(), area.topleft, key
        surface.blit(self._td_bg, self._td_off)
        p, q = float(np.trace(A)), float(np.linalg.det(A))
        pos = td.point(float(np.clip(p, *TD_P)), float(np.clip(q, *TD_Q)))
        r = s(7 if v.td_draggable() else 5)
        pygame.draw.circle(surface, theme.WARN, pos, r)
        pygame.draw.circle(surface, theme.TEXT, pos, r, 1)
        if m.goal is not None and m.goal.type == "regions_visited":
            txt, colour = t("phaseplane.td.visited", n=len(m.visited & set(goals.TD_REGIONS))), theme.STAR
        else:
            txt, colour = t("phaseplane.td.title"), theme.TEXT_DIM
        surface.blit(f.render(txt, theme.SMALL_FONT - 1, colour), (td.rect.x, td.rect.y - s(18)))

    def _td_labels(self) -> list[tuple[pygame.Surface, pygame.Rect]]:
        """The inset's axis names and region names, each kept whole inside the inset.

        The axis names sit in the bottom corners (the saddle half-plane q < 0,
        where no curve runs): at the top the parabola leaves through both
        corners. A region name is centred on its place, moved inwards to stay
        inside, and left out when there is no room for it (a small inset) or
        it would cover another name.
        """
        v = self.view
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        td = v.td
        inner = td.rect.inflate(-2 * s(3), -2 * s(3))
        placed: list[tuple[pygame.Surface, pygame.Rect]] = []
        q_img = f.render(t("phaseplane.td.q"), theme.SMALL_FONT, theme.TEXT)
        p_img = f.render(t("phaseplane.td.p"), theme.SMALL_FONT, theme.TEXT)
        q_rect = q_img.get_rect(bottomleft=inner.bottomleft)
        p_rect = p_img.get_rect(bottomright=inner.bottomright)
        if q_rect.right + s(8) <= p_rect.left:
            placed += [(q_img, q_rect), (p_img, p_rect)]
        for name, px, qy in TD_LABELS:
            img = f.render(t(f"phaseplane.short.{name}"), theme.SMALL_FONT - 3, theme.TEXT_DIM)
            if img.get_width() >= td.rect.width * 0.3:      # no room for it: leave the map clean
                continue
            r = img.get_rect(center=td.point(px, qy)).clamp(inner)
            if any(r.colliderect(o.inflate(s(4), 0)) for _, o in placed):
                continue
            placed.append((img, r))
        return placed

    def _draw_ts(self, surface) -> None:
        """The time-series inset, cached per change of the launches."""
        v, m = self.view, self.model
        s = v.ctx.s
        region = v.ts.rect.inflate(s(80), s(60))
        region.top = v.ts.rect.top - s(22)
        region = region.clip(surface.get_rect())
        key = (m.version, m.v_version, region.size, v.ctx.text.lang, m.system)
        if key != self._ts_key or self._ts_layer is None:
            layer = self._ts_layer
            if layer is None or layer.get_size() != region.size:
                layer = pygame.Surface(region.size)     # reused while the size holds
            layer.fill(theme.BG)
            self._draw_ts_into(layer, Axes(v.ts.rect.move(-region.x, -region.y), v.ts.xlim, v.ts.ylim))
            self._ts_layer, self._ts_key = layer, key
        surface.blit(self._ts_layer, region.topleft)

    def _draw_ts_into(self, surface, ts: Axes) -> None:
        v, m = self.view, self.model
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        if m.shapes_v:
            self._draw_v_series(surface, ts)
            return
        surface.blit(f.render(t("phaseplane.ts.title"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                     (ts.rect.x, ts.rect.y - s(18)))
        if not m.launches or len(m.launches[-1].fwd.t) < 2:
            ts.draw_frame(surface, f, "t", "", ticks=4)
            return
        last = m.launches[-1]
        tt = np.abs(last.fwd.t)
        xy = last.fwd.xy
        series = [(xy[:, 0], theme.ACCENT, "x"), (xy[:, 1], theme.WARN, "y")]
        if m.system == "oscillator":
            mass, _, k = m.oscillator()
            series.append((planar.oscillator_energy(mass, k, xy[:, 0], xy[:, 1]), theme.GOOD, "V"))
        lo = min(float(np.min(y)) for y, _, _ in series)
        hi = max(float(np.max(y)) for y, _, _ in series)
        pad = 0.05 * (hi - lo if hi > lo else 1.0)
        ts.set_limits((0.0, float(tt[-1]) if tt[-1] > 0 else 1.0), (lo - pad, hi + pad))
        ts.draw_frame(surface, f, "t", "", ticks=4)
        clip = surface.get_clip()
        surface.set_clip(ts.rect)
        for pts, (_, c, _) in zip(ts.polylines([np.stack([tt, y], axis=1) for y, _, _ in series]), series):
            if len(pts) > 1:
                pygame.draw.lines(surface, c, False, pts, 2)
        surface.set_clip(clip)
        for i, (_, c, name) in enumerate(series):
            img = f.render(name, theme.SMALL_FONT - 1, c, bold=True)
            surface.blit(img, (ts.rect.right - s(22) * (len(series) - i), ts.rect.y - s(18)))

    def _v_runs(self, width: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """(t, V(t)) along every launch, about one sample per pixel of the inset. The states are
        kept while the launches and the width hold (a drag of V only re-evaluates V on them)."""
        m = self.model
        key = (m.version, width)
        if key != self._flow_key:
            done = [l for l in m.launches if l.fwd is not None and len(l.fwd.t) > 1]
            t_all = max((abs(float(l.fwd.t[-1])) for l in done), default=0.0) or 1.0
            self._flow_cache = [m.flow_along(l, width * abs(float(l.fwd.t[-1])) / t_all) for l in done]
            self._flow_key = key
        P = m.P()
        return [(t, lyapunov.value(P, xy[:, 0], xy[:, 1])) for t, xy in self._flow_cache]

    def _draw_v_series(self, surface, ts: Axes) -> None:
        """V(t) along every launch (the last in green), the stretches where it rises in red."""
        v = self.view
        s, f, t = v.ctx.s, v.ctx.fonts, v.ctx.text
        surface.blit(f.render(t("phaseplane.ts.v_title"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                     (ts.rect.x, ts.rect.y - s(18)))
        runs = self._v_runs(ts.rect.width)
        if not runs:
            ts.draw_frame(surface, f, "t", "V", ticks=4)
            img = f.render(t("phaseplane.ts.v_empty"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
            surface.blit(img, img.get_rect(center=ts.rect.center))
            return
        t_end = max(float(tt[-1]) for tt, _ in runs)
        lo = min(0.0, min(float(np.min(V)) for _, V in runs))
        hi = max(float(np.max(V)) for _, V in runs)
        pad = 0.05 * (hi - lo if hi > lo else 1.0)
        ts.set_limits((0.0, t_end if t_end > 0 else 1.0), (lo - pad, hi + pad))
        ts.draw_frame(surface, f, "t", "V", ticks=4)
        clip = surface.get_clip()
        surface.set_clip(ts.rect)
        rises = []
        for i, (tt, V) in enumerate(runs):
            pts = np.stack(ts.to_px(tt, V), axis=1)
            pygame.draw.lines(surface, V_LAST if i == len(runs) - 1 else OLDER, False, pts, 2)
            rises += [pts[a:b + 1] for a, b in _rising(V)]
        # every rise in one vectorised pass (solid: one dash longer than any path)
        dashed_pixels(surface, rises, [RISE] * len(rises), dash=1e9, width=max(3, s(3)))
        surface.set_clip(clip)

    def legend_groups(self) -> list[list[tuple[str, tuple, str]]]:
        """Legend rows (swatch style, colour, i18n key) in groups, the most needed first:
        on a lyapunov level the candidate's marks, then the paths (and eigenvectors)."""
        paths = [("solid", theme.WARN, "phaseplane.legend.forward"),
                 ("dash", theme.WARN, "phaseplane.legend.backward"),
                 ("dot", theme.STAR, "phaseplane.legend.moving")]
        if self.model.controls.show_eigen:
            paths += [("dash", theme.GOOD, "phaseplane.legend.stable_dir"),
                      ("dash", theme.BAD, "phaseplane.legend.unstable_dir")]
        if not self.model.shapes_v:
            return [paths]
        return [[("block", tint(RISE), "phaseplane.legend.v_rises"),
                 ("solid", FLAT, "phaseplane.legend.v_flat"),
                 ("thin", theme.PURPLE, "phaseplane.legend.v_level"),
                 ("block", tint(NOT_PD), "phaseplane.legend.v_low")], paths]

    def candidate_columns(self) -> int:
        """2 when the candidate's legend rows fit side by side in the column, else 1."""
        v = self.view
        f, t, s = v.ctx.fonts, v.ctx.text, v.ctx.s
        widest = max(f.render(t(key), theme.SMALL_FONT, theme.TEXT_DIM).get_width()
                     for _, _, key in self.legend_groups()[0])
        return 2 if widest + s(40) <= v.col.width // 2 - s(8) else 1

    def _draw_legend(self, surface) -> None:
        """What each mark means, in the space left under the controls: whole groups, in order,
        while they fit (never half a group); the candidate's group in two columns when it can."""
        v = self.view
        s = v.ctx.s
        y = v.legend_top
        for i, group in enumerate(self.legend_groups()):
            cols = self.candidate_columns() if self.model.shapes_v and i == 0 else 1
            per = -(-len(group) // cols)
            if y + s(22) * per > v.col.bottom:
                break
            for c in range(cols):
                draw_legend(surface, v.ctx, group[c * per:(c + 1) * per], v.col.x + c * (v.col.width // 2), y,
                            v.col.bottom)
            y += s(22) * per
