"""Drawing of the boltzmann lab: the network, the distribution, energy or KL, and the side panel.

:class:`Renderer` reads the model (``view.model``) and the view's layout
and writes nothing but its own cached surfaces. What depends only on the
weights (the edges, the exact bars, the matrices) is cached under the
model's ``version``; what moves every sweep (unit states, sampled bars,
traces) is drawn each frame from a handful of arrays.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.core.memo import KeyedMemo
from game.labs.boltzmann.network import bit_string, bits, clamp_string
from game.labs.common.grid import OFF, ON, blit_text
from game.sim import boltzmann as bm
from game.ui import theme
from game.ui.fonts import ScaledFonts
from game.ui.plot import DIVERGING, Axes, array_surface, colourise, dashed_polyline

#: Colours of a positive and a negative weight: the red and blue of the matrices' diverging map,
#: lightened to stand out on the dark board.
POSITIVE = (232, 96, 76)
NEGATIVE = (84, 150, 222)
#: Widest edge (px at UI scale 1), for the largest |w| of the network.
EDGE_MAX_PX = 8
#: Most states the energy ladder lists (the lowest energies).
LADDER_STATES = 12
LN2 = math.log(2.0)


def mix(a, b, t: float) -> tuple[int, int, int]:
    """The colour ``t`` of the way from ``a`` to ``b`` (t in [0, 1])."""
    t = min(1.0, max(0.0, float(t)))
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def edge_style(w: float, w_ref: float, s) -> tuple[tuple[int, int, int, int], int]:
    """Colour (RGBA: sign, and opacity by size) and width (px) of an edge of weight ``w``."""
    frac = min(1.0, abs(w) / w_ref) if w_ref > 0 else 0.0
    base = POSITIVE if w > 0 else NEGATIVE
    return (*base, int(90 + 165 * frac)), max(1, round(1 + (s(EDGE_MAX_PX) - 1) * frac))


def nice_top(x: float) -> float:
    """A round upper limit for a probability axis: the next 0.05 (or 0.1, 0.2, 0.25 ...) above ``x``."""
    for step in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0):
        if x <= 4 * step:
            return max(step, math.ceil(x / step - 1e-9) * step)
    return 1.0


def sticky_max(n: float) -> float:
    """A round x-axis end for a growing count (10, 20, 50, 100, 200, 500, ...): it changes seldom,
    so the plot's frame is drawn again seldom."""
    top = 10.0
    while top < n:
        top *= 2.5 if str(int(top)).startswith("2") else 2.0
    return top


def sticky_range(lo: float, hi: float) -> tuple[float, float]:
    """``[lo, hi]`` widened to multiples of a round step (a fifth to a half of the span's decade)."""
    span = max(hi - lo, 1e-9)
    q = 10.0 ** math.floor(math.log10(span)) / 2.0
    a, b = math.floor(lo / q) * q, math.ceil(hi / q) * q
    return (a, b if b > a else a + q)


class Renderer:
    """Draws one boltzmann view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.fonts = ScaledFonts(view.ctx.fonts, view.k)
        self._memo = KeyedMemo()

    # ------------------------------------------------------------ helpers
    def _text(self, surface, text, pos, size=None, colour=theme.TEXT, bold=False, anchor="topleft"):
        return blit_text(surface, self.fonts, text, pos, size or theme.SMALL_FONT, colour, bold, anchor)

    def _cached(self, name: str, key, make):
        def made():
            value = make()
            if isinstance(value, pygame.Surface) and pygame.display.get_surface() is not None:
                value = value.convert_alpha()      # the display's pixel format blits several times faster
            return value
        return self._memo.get(name, key, made)

    def t(self, key: str, **fmt) -> str:
        return self.view.ctx.text(key, **fmt)

    def unit_name(self, i: int) -> str:
        m = self.model
        return f"v{i + 1}" if i < m.nv else f"h{i - m.nv + 1}"

    # ------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        v = self.view
        if self.fonts.k != v.k:
            self.fonts = ScaledFonts(v.ctx.fonts, v.k)
        self._draw_graph(surface)
        self._draw_graph_text(surface)
        self._draw_chart(surface)
        train = self.model.view_kind() == "train"
        if train:
            self._draw_kl(surface)
            self._draw_phases(surface)
        else:
            self._draw_energy(surface)
            if self.model.controls.anneal:
                self._draw_schedule(surface)
            else:
                self._draw_ladder(surface)
        self._draw_note(surface)

    # ------------------------------------------------------------ the network
    def _edges(self) -> pygame.Surface:
        """Every existing connection as a line: colour by sign, width and opacity by |w|."""
        v, m = self.view, self.model
        r = v.graph
        surf = pygame.Surface(r.size, pygame.SRCALPHA)
        W = m.W * m.net.mask
        w_ref = max(1.0, float(np.abs(W).max(initial=0.0)))
        xy = v.units - np.array(r.topleft)
        iu, ju = np.nonzero(np.triu(W != 0, 1))
        order = np.argsort(np.abs(W[iu, ju]))            # strong edges on top
        for i, j in zip(iu[order].tolist(), ju[order].tolist()):
            colour, width = edge_style(float(W[i, j]), w_ref, v.s)
            pygame.draw.line(surf, colour, xy[i].tolist(), xy[j].tolist(), width)
        return surf

    def unit_means(self) -> np.ndarray:
        """Mean state of each unit over the chains (exact marginals before any sweep)."""
        m = self.model
        if m.sampler.sweeps > 0:
            return m.sampler.X.mean(axis=0)
        return self._cached("marginals", m.version,
                            lambda: bm.marginals(m.machine.distribution(m.full_clamp())))

    def _draw_graph(self, surface) -> None:
        v, m = self.view, self.model
        key = (m.w_version, m.net_version, v.graph.topleft, v.graph.size, v.radius, v.k)
        surface.blit(self._cached("edges", key, self._edges), v.graph.topleft)
        means = self.unit_means()
        r = v.radius
        for i, (x, y) in enumerate(v.units.tolist()):
            centre = (int(round(x)), int(round(y)))
            fill = mix(OFF, ON, (1.0 + float(means[i])) / 2.0)
            hidden = i >= m.nv
            if hidden:
                box = pygame.Rect(0, 0, 2 * r, 2 * r)
                box.center = centre
                pygame.draw.rect(surface, fill, box, border_radius=max(2, r // 4))
                pygame.draw.rect(surface, theme.PURPLE, box, max(2, v.s(2)), border_radius=max(2, r // 4))
            else:
                pygame.draw.circle(surface, fill, centre, r)
                pygame.draw.circle(surface, theme.ACCENT, centre, r, max(2, v.s(2)))
            if not hidden and m.clamp[i] != 0:
                pygame.draw.circle(surface, theme.STAR, centre, r + v.s(5), max(2, v.s(3)))
                sign = "1" if m.clamp[i] > 0 else "0"
                self._text(surface, sign, centre, theme.SMALL_FONT, OFF if m.clamp[i] > 0 else ON, True,
                           anchor="center")
            if i == v.hover_unit:
                pygame.draw.circle(surface, theme.TEXT, centre, r + v.s(8), 1)
            out = np.array([x - v.graph.centerx, y - v.graph.centery])
            out = out / max(1e-9, float(np.hypot(*out)))
            lp = (int(x + out[0] * (r + v.s(16))), int(y + out[1] * (r + v.s(14))))
            self._text(surface, self.unit_name(i), lp, theme.SMALL_FONT - 2,
                       theme.PURPLE if hidden else theme.ACCENT, anchor="center")

    def _draw_graph_text(self, surface) -> None:
        """The caption (or the hovered unit), and the legend under the network."""
        v, m = self.view, self.model
        s = v.s
        x, y = v.left.x + s(12), v.graph.bottom + s(2)
        i = v.hover_unit
        if i is not None and i < m.n:
            state = "free" if i >= m.nv or m.clamp[i] == 0 else ("on" if m.clamp[i] > 0 else "off")
            line = self.t("boltzmann.unit_info", name=self.unit_name(i), b=f"{m.b[i]:.2f}",
                          s=f"{self.unit_means()[i]:+.2f}", state=self.t(f"boltzmann.clamp.{state}"))
        else:
            line = self.t("boltzmann.caption", nv=m.nv, nh=m.nh, T=f"{m.T:.2f}", clamps=clamp_string(m.clamp))
        self._text(surface, line, (x, y), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        self._draw_legend(surface, x, y + s(20))

    def _draw_legend(self, surface, x: int, y: int) -> None:
        s = self.view.s
        r = s(6)
        items = [("disc", theme.ACCENT, "boltzmann.legend.visible"), ("square", theme.PURPLE, "boltzmann.legend.hidden"),
                 ("ring", theme.STAR, "boltzmann.legend.clamped"), ("line", POSITIVE, "boltzmann.legend.positive"),
                 ("line", NEGATIVE, "boltzmann.legend.negative")]
        cy = y + s(8)
        for kind, colour, key in items:
            if kind == "disc":
                pygame.draw.circle(surface, colour, (x + r, cy), r, 2)
            elif kind == "square":
                pygame.draw.rect(surface, colour, (x, cy - r, 2 * r, 2 * r), 2)
            elif kind == "ring":
                pygame.draw.circle(surface, colour, (x + r, cy), r, 2)
                pygame.draw.circle(surface, colour, (x + r, cy), max(1, r // 3))
            else:
                pygame.draw.line(surface, colour, (x, cy), (x + 2 * r, cy), max(2, s(3)))
            rect = self._text(surface, self.t(key), (x + 2 * r + s(4), cy), theme.SMALL_FONT - 2, theme.TEXT_DIM,
                              anchor="midleft")
            x = rect.right + s(10)

    # ------------------------------------------------------------ the distribution
    def _chart_scale(self, shown: np.ndarray) -> float:
        m = self.model
        top = float(m.chart_distribution()[shown].max(initial=0.0))
        d = m.data_visible()
        if d is not None:
            top = max(top, float(d[shown].max(initial=0.0)))
        return nice_top(1.1 * top)

    def _draw_chart(self, surface) -> None:
        """The frame (cached), the sampled bars, then the exact outlines and data ticks over them."""
        v, m = self.view, self.model
        s = v.s
        r = v.chart
        shown = v.shown_states()
        top = self._chart_scale(shown)
        ax = Axes(r, (0.0, float(len(shown))), (0.0, top))
        key = (m.net_version, r.topleft, r.size, shown.tobytes(), top, v.k, v.ctx.text.lang)
        surface.blit(self._cached("chart", key, lambda: self._chart_frame(ax, shown)), (r.x - s(44), r.y - s(4)))
        slot = r.width / len(shown)
        bw = max(1, int(slot * 0.7))
        x0 = (r.x + slot * np.arange(len(shown)) + (slot - bw) / 2).astype(int).tolist()
        scale = r.height / top
        q = m.sampler.histogram()
        if m.sampler.counted:
            for x, h in zip(x0, (np.minimum(q[shown], top) * scale).astype(int).tolist()):
                if h >= 1:
                    pygame.draw.rect(surface, theme.GOOD, (x, r.bottom - h, bw, h))
        self._chart_marks(surface, shown, x0, bw, top)
        self._draw_chart_header(surface, q, shown)

    def _chart_marks(self, surface, shown: np.ndarray, x0: list[int], bw: int, top: float) -> None:
        """Exact outlines, data ticks and the goal's letters (drawn each frame: a few dozen rectangles)."""
        v, m = self.view, self.model
        s = v.s
        r = v.chart
        scale = r.height / top
        p = np.minimum(m.chart_distribution()[shown], top)
        d = m.data_visible()
        marks = self._goal_marks()
        line = max(1, s(2))
        for k, state in enumerate(shown.tolist()):
            h = int(round(p[k] * scale))
            x = x0[k]
            if h >= 1:
                pygame.draw.rect(surface, theme.ACCENT, (x, r.bottom - h, bw, h), line)
            if d is not None and d[state] > 0:
                yd = r.bottom - int(round(min(d[state], top) * scale))
                pygame.draw.line(surface, theme.STAR, (x - s(2), yd), (x + bw + s(1), yd), max(2, s(3)))
            if state in marks:
                self._text(surface, marks[state], (x + bw // 2, max(r.y, r.bottom - h - s(18))), theme.SMALL_FONT,
                           theme.STAR, True, anchor="midtop")

    def _chart_frame(self, ax: Axes, shown: np.ndarray) -> pygame.Surface:
        """The chart's panel, probability ticks and state labels (kept while the states shown stay)."""
        s = self.view.s
        r = ax.rect
        pad = pygame.Rect(r.x - s(44), r.y - s(4), r.width + s(52), r.height + s(48))
        back = pygame.Surface(pad.size, pygame.SRCALPHA)
        local = Axes(r.move(-pad.x, -pad.y), ax.xlim, ax.ylim)
        pygame.draw.rect(back, theme.PANEL, local.rect)
        for yv in (0.0, ax.ylim[1] / 2, ax.ylim[1]):
            py = local.point(0, yv)[1]
            pygame.draw.line(back, theme.GRID, (local.rect.x, py), (local.rect.right - 1, py))
            self._text(back, f"{yv:g}", (local.rect.x - s(4), py), theme.SMALL_FONT - 2, theme.TEXT_DIM,
                       anchor="midright")
        pygame.draw.rect(back, theme.AXIS, local.rect, 1)
        self._bar_labels(back, local.rect, shown)
        return back

    def _goal_marks(self) -> dict[int, str]:
        """Bars the goal names (A and B of an equal-odds goal), as state index -> letter."""
        goal = self.model.goal
        if goal is None or goal.type != "equal_odds":
            return {}
        return {int(bm.state_index(bits(goal.a))): "A", int(bm.state_index(bits(goal.b))): "B"}

    def _bar_labels(self, surf, r: pygame.Rect, shown: np.ndarray) -> None:
        """Each bar's state as 0/1 under it (turned upright when they do not fit side by side)."""
        v, m = self.view, self.model
        s = v.s
        if len(shown) > 16:
            self._text(surf, self.t("boltzmann.chart.top", k=len(shown), total=2 ** m.nv)
                       if len(shown) < 2 ** m.nv else self.t("boltzmann.chart.all", total=2 ** m.nv),
                       (r.centerx, r.bottom + s(6)), theme.SMALL_FONT - 2, theme.TEXT_DIM, anchor="midtop")
            return
        slot = r.width / len(shown)
        font_size = theme.SMALL_FONT - 2
        width = self.fonts.get(font_size).size("0" * m.nv)[0]
        upright = width > slot - s(2)
        for k, state in enumerate(shown.tolist()):
            img = self.fonts.render(bit_string(bm.states(m.nv)[state]), font_size, theme.TEXT_DIM)
            if upright:
                img = pygame.transform.rotate(img, 90)
            cx = r.x + int(slot * (k + 0.5))
            surf.blit(img, img.get_rect(midtop=(cx, r.bottom + s(3))))

    def _draw_chart_header(self, surface, q: np.ndarray, shown: np.ndarray) -> None:
        """Title with the legend swatches; under it the hovered bar or the distance readout."""
        v, m = self.view, self.model
        s = v.s
        r = v.chart
        x, y = r.x - s(44), r.y - s(40)
        rect = self._text(surface, self.t("boltzmann.chart.title", T=f"{m.chart_T():.2f}"), (x, y), theme.SMALL_FONT - 1,
                          theme.TEXT_DIM)
        x = rect.right + s(10)
        for colour, key, fill in ((theme.ACCENT, "boltzmann.chart.exact", False),
                                  (theme.GOOD, "boltzmann.chart.sampled", True),
                                  (theme.STAR, "boltzmann.chart.data", None)):
            if fill is None and m.data is None:
                continue
            sw = pygame.Rect(x, y + s(4), s(12), s(10))
            if fill is None:
                pygame.draw.line(surface, colour, (sw.x, sw.centery), (sw.right, sw.centery), max(2, s(3)))
            else:
                pygame.draw.rect(surface, colour, sw, 0 if fill else max(1, s(2)))
            x = self._text(surface, self.t(key), (sw.right + s(4), y), theme.SMALL_FONT - 1, theme.TEXT_DIM).right + s(10)
        self._text(surface, self._chart_readout(q), (r.x - s(44), y + s(18)), theme.SMALL_FONT - 1, theme.TEXT)

    def _chart_readout(self, q: np.ndarray) -> str:
        v, m = self.view, self.model
        state = v.hover_bar
        if state is not None and state < q.size:
            d = m.data_visible()
            fields = {"s": bit_string(bm.states(m.nv)[state]), "p": f"{m.chart_distribution()[state]:.3f}",
                      "q": f"{q[state]:.3f}" if m.sampler.counted else "—"}
            if d is None:
                return self.t("boltzmann.chart.bar", **fields)
            return self.t("boltzmann.chart.bar_data", d=f"{d[state]:.3f}", **fields)
        s = m.sampler
        if s.final is not None:
            return self.t("boltzmann.chart.final", m=s.m)
        if s.annealing:
            return self.t("boltzmann.chart.annealing")
        if s.counted:
            tv = bm.total_variation(q, m.exact_visible())
            return self.t("boltzmann.chart.tv", tv=f"{tv:.3f}", n=s.counted)
        return self.t("boltzmann.chart.empty")

    # ------------------------------------------------------------ the plots below
    def _plot_frame(self, ax: Axes, title: str, xlabel: str, ref: tuple | None) -> pygame.Surface:
        """A plot's title, frame, ticks, x label and dashed reference line (value, colour, label),
        as one surface to blit at ``(ax.rect.x - s(44), ax.rect.y - s(40))``."""
        s = self.view.s
        area = pygame.Rect(ax.rect.x - s(44), ax.rect.y - s(40), ax.rect.width + s(64), ax.rect.height + s(80))
        surf = pygame.Surface(area.size, pygame.SRCALPHA)
        local = Axes(ax.rect.move(-area.x, -area.y), ax.xlim, ax.ylim)
        self._text(surf, title, (0, 0), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        local.draw_frame(surf, self.fonts, "", "", ticks=4)
        self._text(surf, xlabel, (local.rect.right, local.rect.bottom + s(18)), theme.SMALL_FONT - 2, theme.TEXT_DIM,
                   anchor="topright")
        if ref is not None:
            value, colour, label = ref
            y = local.point(0, value)[1]
            if local.rect.top <= y <= local.rect.bottom:
                dashed_polyline(surf, colour, [(local.rect.x, y), (local.rect.right, y)], 1, dash=s(6))
                self._text(surf, label, (local.rect.right - s(4), y - s(2)), theme.SMALL_FONT - 2, colour,
                           anchor="bottomright")
        return surf

    def _curve(self, surface, name: str, ax: Axes, title: str, xlabel: str, ref, y: np.ndarray) -> Axes:
        """A cached frame (re-drawn only when its limits change) and the curve ``y`` over it."""
        v = self.view
        key = (ax.xlim, ax.ylim, ax.rect.topleft, ax.rect.size, title, xlabel, ref, v.k)
        surface.blit(self._cached(name, key, lambda: self._plot_frame(ax, title, xlabel, ref)),
                     (ax.rect.x - v.s(44), ax.rect.y - v.s(40)))
        if y.size >= 2:
            clip = surface.get_clip()
            surface.set_clip(ax.rect)
            pts = ax.polyline(np.stack([np.arange(y.size, dtype=float), y], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surface, theme.ACCENT, False, pts, 2)
            surface.set_clip(clip)
        return ax

    def _draw_energy(self, surface) -> None:
        """Mean energy of the chains after each sweep, with the lowest energy as a dashed line."""
        m = self.model
        E = m.sampler.trace_E
        e0 = m.ground_energy()
        lo = min(e0, float(E.min())) if E.size else e0
        hi = max(e0 + 1.0, float(E.max())) if E.size else e0 + 1.0
        ax = Axes(self.view.plot.rect, (0.0, sticky_max(E.size)), sticky_range(lo, hi))
        ref = (e0, theme.GOOD, self.t("boltzmann.energy.ground", E=f"{e0:.2f}"))
        self._curve(surface, "energy", ax, self.t("boltzmann.energy.title"), self.t("boltzmann.energy.x"), ref, E)

    def _draw_kl(self, surface) -> None:
        """KL(P_data || P_model) per epoch; ln 2 marked where it is the bound without hidden units."""
        m = self.model
        kl = np.asarray(m.trainer.history.kl if m.trainer is not None else [], dtype=float)
        kl = kl[np.isfinite(kl)]
        bound = self._parity_bound()
        hi = max([0.1] + ([float(kl.max())] if kl.size else []) + ([LN2] if bound else []))
        ax = Axes(self.view.plot.rect, (0.0, sticky_max(kl.size - 1)), (0.0, sticky_range(0.0, 1.05 * hi)[1]))
        ref = (LN2, theme.WARN, self.t("boltzmann.kl.ln2")) if bound else None
        self._curve(surface, "kl", ax, self.t("boltzmann.kl.title"), self.t("boltzmann.kl.x"), ref, kl)
        if kl.size:
            pygame.draw.circle(surface, theme.STAR, ax.point(kl.size - 1, kl[-1]), self.view.s(4))

    def _parity_bound(self) -> bool:
        """ln 2 bounds KL for parity data of 3 or more units without hidden units (docs/model.md)."""
        return self.model.fixed.data == "parity" and self.model.nv >= 3

    # ------------------------------------------------------------ the side panel
    def _draw_schedule(self, surface) -> None:
        """The annealing schedule T(sweep), the sweep under way, and the last anneal's result."""
        v, m = self.view, self.model
        s = v.s
        sampler = m.sampler
        sched = sampler.schedule if sampler.annealing or sampler.final is not None else m.anneal_plan()
        sched = sched if sched is not None else m.anneal_plan()
        n = max(1, len(sched))
        peak = float(sched.max()) if len(sched) else 1.0
        ax = Axes(v.sched_ax.rect, (0.0, float(n)), (0.0, max(0.1, (math.floor(peak * 2.0) + 1.0) / 2.0)))
        key = (sched.tobytes(), ax.ylim, ax.rect.topleft, ax.rect.size, v.ctx.text.lang, v.k)
        area_pos = (ax.rect.x - s(36), ax.rect.y - s(22))
        surface.blit(self._cached("schedule", key, lambda: self._schedule_surface(ax, sched)), area_pos)
        if sampler.annealing and len(sched):
            k = min(sampler.position, len(sched))
            pygame.draw.circle(surface, theme.STAR, ax.point(k, sampler.temperature() or 0.0), s(4))
        y = ax.rect.bottom + s(34)
        if sampler.final is not None:
            share = 100.0 * float(np.mean(bm.energies(m.W, m.b, sampler.final) <= m.ground_energy() + 1e-9))
            k = int(round(share / 100.0 * sampler.m))
            kind = "quench" if len(sched) == 0 else "anneal"
            self._text(surface, self.t(f"boltzmann.result.{kind}", k=k, m=sampler.m, E=f"{m.ground_energy():.2f}"),
                       (v.right.x, y), theme.SMALL_FONT - 1, theme.STAR)
        else:
            self._text(surface, self.t("boltzmann.result.none"), (v.right.x, y), theme.SMALL_FONT - 1, theme.TEXT_DIM)

    def _schedule_surface(self, ax: Axes, sched: np.ndarray) -> pygame.Surface:
        v = self.view
        s = v.s
        area = pygame.Rect(ax.rect.x - s(36), ax.rect.y - s(22), ax.rect.width + s(44), ax.rect.height + s(52))
        surf = pygame.Surface(area.size, pygame.SRCALPHA)
        local = Axes(ax.rect.move(-area.x, -area.y), ax.xlim, ax.ylim)
        self._text(surf, self.t("boltzmann.schedule.title"), (0, 0), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        local.draw_frame(surf, self.fonts, "", "", ticks=3)
        self._text(surf, self.t("boltzmann.schedule.x"), (local.rect.right, local.rect.bottom + s(16)),
                   theme.SMALL_FONT - 2, theme.TEXT_DIM, anchor="topright")
        if len(sched):
            k = np.arange(len(sched) + 1, dtype=float)
            pts = local.polyline(np.stack([np.repeat(k, 2)[1:-1], np.repeat(sched, 2)], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surf, theme.PURPLE, False, pts, 2)
        return surf

    def _draw_ladder(self, surface) -> None:
        """The lowest energies as rungs, each as long as its state's probability at T (Boltzmann factors)."""
        v, m = self.view, self.model
        s = v.s
        r = v.lower
        self._text(surface, self.t("boltzmann.ladder.title", T=f"{m.T:.2f}"), (r.x, r.y - s(20)),
                   theme.SMALL_FONT - 1, theme.TEXT_DIM)
        surface.blit(self._cached("ladder", (m.version, r.topleft, r.size, v.k), self._ladder_surface), r.topleft)

    def _ladder_surface(self) -> pygame.Surface:
        v, m = self.view, self.model
        s = v.s
        r = v.lower
        surf = pygame.Surface(r.size, pygame.SRCALPHA)
        S = bm.states(m.n)
        E = bm.energies(m.W, m.b, S)
        p = m.machine.distribution(m.full_clamp())
        order = np.argsort(E, kind="stable")[:LADDER_STATES]
        order = order[p[order] > 0] if m.clamp.any() else order
        if order.size == 0:
            return surf
        row = max(s(12), min(s(22), (r.height - s(4)) // max(1, order.size)))
        label_w = s(16) + self.fonts.get(theme.SMALL_FONT - 2).size("0" * m.n + " | E = -00.00")[0]
        bar_w = max(s(20), r.width - label_w - s(50))
        for k, i in enumerate(order.tolist()):
            y = k * row
            name = bit_string(S[i][:m.nv]) + (" | " + bit_string(S[i][m.nv:]) if m.nh else "")
            self._text(surf, f"{name}  E = {E[i] + 0.0:.2f}".replace("-0.00", "0.00"), (0, y + row // 2), theme.SMALL_FONT - 2, theme.TEXT_DIM,
                       anchor="midleft")
            w = int(round(bar_w * float(p[i])))
            pygame.draw.rect(surf, theme.PANEL_HI, (label_w, y + 2, bar_w, row - 4))
            if w:
                pygame.draw.rect(surf, theme.ACCENT, (label_w, y + 2, w, row - 4))
            self._text(surf, f"{p[i]:.3f}", (label_w + bar_w + s(4), y + row // 2), theme.SMALL_FONT - 2,
                       theme.TEXT, anchor="midleft")
        return surf

    def _draw_phases(self, surface) -> None:
        """Clamped and free correlations of the last epoch and the weights, as matrices; hidden codes."""
        v, m = self.view, self.model
        s = v.s
        mach = m.machine
        titles = ("boltzmann.phase.positive", "boltzmann.phase.negative", "boltzmann.phase.weights")
        mats = (None if mach.positive is None else mach.positive.correlations,
                None if mach.negative is None else mach.negative.correlations, m.W)
        for rect, title, M in zip(v.matrices, titles, mats):
            self._text(surface, self.t(title), (rect.x, rect.y - s(20)), theme.SMALL_FONT - 2, theme.TEXT_DIM)
            if M is None:
                pygame.draw.rect(surface, theme.PANEL, rect)
                self._text(surface, self.t("boltzmann.phase.none"), rect.center, theme.SMALL_FONT - 2,
                           theme.TEXT_DIM, anchor="center")
            else:
                lim = 1.0 if title != titles[2] else max(1e-9, float(np.abs(M).max(initial=0.0)))
                img = self._cached(title, (m.version, rect.size, lim),
                                   lambda M=M, lim=lim, rect=rect: array_surface(
                                       colourise(M, DIVERGING, -lim, lim), rect.size))
                surface.blit(img, rect.topleft)
            pygame.draw.rect(surface, theme.AXIS, rect.inflate(2, 2), 1)
        y = v.matrices[0].bottom + s(8)
        self._text(surface, self.t("boltzmann.phase.rule"), (v.right.x, y), theme.SMALL_FONT - 2, theme.TEXT_DIM)
        self._draw_codes(surface, y + s(20))

    def _draw_codes(self, surface, y: int) -> None:
        """Each training pattern and the most probable hidden state given it."""
        v, m = self.view, self.model
        s = v.s
        codes = m.hidden_codes()
        if codes is None or y + s(16) > v.right.bottom:
            return
        distinct = m.fixed.connect == "encoder"          # the encoder needs one code per pattern
        title = "boltzmann.codes.title_encoder" if distinct else "boltzmann.codes.title"
        self._text(surface, self.t(title), (v.right.x, y), theme.SMALL_FONT - 2, theme.TEXT_DIM)
        H = bm.states(m.nh)
        col_w = v.right.width // 2
        line = s(16)
        rows = max(1, (v.right.bottom - y - s(18)) // line)
        for k, (x, c) in enumerate(zip(m.data, codes.tolist())):
            if k >= 2 * rows:
                break
            text = f"{bit_string(x)} → {bit_string(H[c])}"
            dup = int(np.sum(codes == c)) > 1
            self._text(surface, text, (v.right.x + (k // rows) * col_w, y + s(18) + (k % rows) * line),
                       theme.SMALL_FONT - 2, theme.BAD if dup and distinct else theme.TEXT)

    def _draw_note(self, surface) -> None:
        v, m = self.view, self.model
        if not m.note:
            return
        s = v.s
        img = self.fonts.render(self.t(m.note, **m.note_fmt), theme.SMALL_FONT, theme.WARN)
        r = img.get_rect(midtop=(v.graph.centerx, v.graph.y + s(4)))
        r.x = max(v.left.x + s(4), min(r.x, v.left.right - r.width - s(4)))
        pygame.draw.rect(surface, theme.BG, r.inflate(s(12), s(6)), border_radius=5)
        surface.blit(img, r)
