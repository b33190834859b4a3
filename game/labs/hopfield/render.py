"""Drawing of the hopfield lab: grid, badge, energy, overlaps, load, gallery, weights, schedule.

:class:`Renderer` reads the model (``view.model``) and the view's layout
(its rectangles, its :class:`~game.labs.common.grid.PaintGrid` and
:class:`~game.labs.common.grid.Gallery`) and writes nothing but its own
cached surfaces. Surfaces that depend only on data (the grid image,
thumbnails, the gallery, the weight matrix, the schedule plot) are cached
under a key of what they show, so a frame redraws only what moved.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.core.memo import KeyedMemo
from game.labs.common.grid import GalleryPainter, GridPainter, blit_text
from game.labs.hopfield.goals import READOUTS
from game.sim import hopfield as hf
from game.sim import patterns as pt
from game.ui import theme
from game.ui.fonts import ScaledFonts
from game.ui.plot import DIVERGING, Axes, array_surface, colourise

#: Largest side of the weight matrix image before scaling (block averages beyond).
MATRIX_PX = 256
#: Badge colour of each verdict of the model (``HopfieldModel.verdict``).
VERDICT_COLOURS = {"annealing": theme.PURPLE, "running": theme.ACCENT, "cycle": theme.WARN,
                   "empty": theme.TEXT_DIM, "unsettled": theme.TEXT_DIM, "pattern": theme.GOOD,
                   "inverse": theme.PURPLE, "mixture": theme.BAD, "spurious": theme.BAD}


def dash_strip(width: int, dash: int, colour) -> pygame.Surface:
    """A 1 px horizontal line ``width`` long as ``plot.dashed_polyline`` dashes it (the same
    pixels), as a surface to blit: the energy plot's reference line is drawn every frame."""
    surf = pygame.Surface((width + 1, 1))
    surf.set_colorkey((0, 0, 0))
    n = max(2, int(width / (dash / 2)) + 1)
    xs = np.linspace(0.0, width, n)
    on = (np.floor(xs / dash) % 2) == 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    for a, b in zip(edges[::2][:400], edges[1::2][:400]):
        if b - a >= 2:
            pygame.draw.lines(surf, colour, False, [(x, 0.0) for x in xs[a:b].tolist()], 1)
    return surf


def downsample(W: np.ndarray, max_px: int = MATRIX_PX) -> np.ndarray:
    """Block means of ``W`` so that its side is at most ``max_px`` (keeps structure)."""
    n = W.shape[0]
    k = int(np.ceil(n / max_px))
    if k <= 1:
        return W
    m = (n // k) * k
    return W[:m, :m].reshape(m // k, k, m // k, k).mean(axis=(1, 3))


def diverging_rgb(values: np.ndarray) -> np.ndarray:
    """Values in a diverging map (blue < 0 < red), symmetric about 0 (NaN and inf ignored)."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    lim = float(np.max(np.abs(finite))) if finite.size else 0.0
    return colourise(v, DIVERGING, -(lim or 1.0), lim or 1.0)


class Renderer:
    """Draws one hopfield view; owns only its cached surfaces."""

    def __init__(self, view) -> None:
        self.view = view
        self.model = view.model
        self.grid = GridPainter()
        self.gallery = GalleryPainter()
        self.fonts = ScaledFonts(view.ctx.fonts, view.k)
        self._memo = KeyedMemo()

    # ------------------------------------------------------------ helpers
    def _text(self, surface, text, pos, size=None, colour=theme.TEXT, bold=False, anchor="topleft"):
        return blit_text(surface, self.fonts, text, pos, size or theme.SMALL_FONT, colour, bold, anchor)

    def _cached(self, name: str, key, make):
        return self._memo.get(name, key, make)

    def _weights_key(self) -> tuple:
        """What the weights depend on."""
        m = self.model
        return (m.net_version, m.rule, m.stored_idx, m.n)

    def pattern_label(self, i: int) -> str:
        name = self.model.names[i]
        key = f"hopfield.pattern.{name}"
        return self.view.ctx.text(key) if name in pt.SYMBOLS and self.view.ctx.text.has(key) else name

    # ------------------------------------------------------------ frame
    def draw(self, surface: pygame.Surface) -> None:
        v = self.view
        if self.fonts.k != v.k:
            self.fonts = ScaledFonts(v.ctx.fonts, v.k)
        self._draw_grid(surface)
        self._draw_badge(surface)
        self._draw_energy(surface)
        self._draw_overlaps(surface)
        self._draw_load(surface)
        self._draw_gallery(surface)
        if v.room_for_matrix:
            self._draw_matrix(surface)
            if v.show_schedule:
                self._draw_schedule(surface)

    def _draw_grid(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        g = v.grid
        marks = []
        if 0 < m.last_flipped.size <= 64:
            marks.append((m.last_flipped[-64:], theme.WARN, max(1, g.cell // 6), 0))
        if m.last_unit is not None and m.update_mode == "async" and not m.finished():
            marks.append(([m.last_unit], theme.STAR, max(2, g.cell // 5), 1))
        brush = theme.PURPLE if v.tool == "occluder" and m.controls.corrupt else None
        self.grid.draw(surface, g, m.s, (m.version, m.net_version), marks, brush)
        h, w = m.shape
        line = t("hopfield.caption", n=m.n, h=h, w=w, k=m.sweep_now(), T=f"{m.current_temperature():.2f}",
                 E=f"{m.trace.last:.1f}")
        self._text(surface, line, (g.box.x, g.box.bottom + s(5)), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        hint = t("hopfield.grid_hint_paint") if m.controls.paint else t("hopfield.grid_hint_locked")
        if v.hint_y + s(16) < v.rect.bottom:
            self._text(surface, hint, (g.box.x, v.hint_y), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        if m.note:
            img = self.fonts.render(t(m.note, **m.note_fmt), theme.SMALL_FONT, theme.WARN)
            r = img.get_rect(midtop=(g.rect.centerx, g.rect.y + s(6)))
            r.x = max(g.box.x, min(r.x, g.box.right - r.width))
            pygame.draw.rect(surface, theme.BG, r.inflate(s(12), s(6)), border_radius=5)
            surface.blit(img, r)

    def status(self) -> tuple[str, dict, tuple]:
        """The badge: its text key, the text's fields and its colour (from the model's verdict)."""
        kind, fields = self.model.verdict()
        fmt = dict(fields)
        if "T" in fmt:
            fmt["T"] = f"{fmt['T']:.2f}"
        if "index" in fmt:
            fmt = {"name": self.pattern_label(fmt.pop("index"))}
        if "indices" in fmt:
            fmt = {"names": ", ".join(self.pattern_label(i) for i in fmt.pop("indices"))}
        return f"hopfield.status.{kind}", fmt, VERDICT_COLOURS[kind]

    def readout(self) -> str | None:
        """A live number for the level's goal: cells changed, patterns stored, distance from the target."""
        goal = self.model.goal
        fn = READOUTS.get(goal.type) if goal is not None else None
        out = fn(self.model, goal) if fn is not None else None
        if out is None:
            return None
        key, fields = out
        fields = dict(fields)
        if "target" in fields:
            fields["name"] = self.pattern_label(fields.pop("target"))
        return self.view.ctx.text(key, **fields)

    def _draw_badge(self, surface) -> None:
        v = self.view
        s, badge = v.s, v.badge
        key, fmt, colour = self.status()
        text = v.ctx.text(key, **fmt)
        img = self.fonts.render(text, theme.BASE_FONT, theme.BG if colour != theme.TEXT_DIM else theme.TEXT,
                                bold=True)
        r = pygame.Rect(badge.x, badge.y, min(badge.width, img.get_width() + s(20)), badge.height)
        fill = colour if colour != theme.TEXT_DIM else theme.PANEL_HI
        pygame.draw.rect(surface, fill, r, border_radius=s(8))
        clip = surface.get_clip()
        surface.set_clip(r)
        surface.blit(img, img.get_rect(midleft=(r.x + s(10), r.centery)))
        surface.set_clip(clip)
        text = self.readout()
        if text:
            img = self.fonts.render(text, theme.SMALL_FONT, theme.STAR)
            if img.get_width() < badge.right - r.right - s(10):
                surface.blit(img, img.get_rect(midright=(badge.right, r.centery)))

    def _pattern_energy(self, i: int) -> float:
        m = self.model
        return self._cached(f"E{i}", self._weights_key(), lambda: m.energy(m.X[i]))

    def _draw_energy(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        rect = v.energy_ax.rect
        self._text(surface, t("hopfield.energy.title"), (rect.x - s(40), rect.y - s(20)),
                   theme.SMALL_FONT - 1, theme.TEXT_DIM)
        tt, ee = m.trace.arrays()
        # reference: the energy of the target (or of the deepest stored pattern)
        refs, ref_key = [], "hopfield.energy.target"
        if m.target is not None and m.stored[m.target]:
            refs.append(self._pattern_energy(m.target))
        elif m.stored_idx:
            refs.append(min(self._pattern_energy(i) for i in m.stored_idx))
            ref_key = "hopfield.energy.stored"
        key = (m.trace.version, m.net_version, rect.size, tuple(refs))

        def make():
            x = tt / m.n
            finite = ee[np.isfinite(ee)]
            lo = float(min([finite.min(), *refs])) if finite.size else -1.0
            hi = float(max([finite.max(), *refs])) if finite.size else 0.0
            pad = 0.08 * (hi - lo) if hi > lo else 1.0
            xmax = max(1.0, float(x[-1]) if x.size else 1.0)
            return (x, (0.0, xmax), (lo - pad, hi + pad))
        x, xl, yl = self._cached("energy", key, make)
        ax = Axes(rect, xl, yl)              # the view's axes keep their layout; limits are drawn here
        ax.draw_frame(surface, self.fonts, "", "", ticks=4)
        self._text(surface, t("hopfield.energy.x"), (ax.rect.right, ax.rect.bottom + s(18)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM, anchor="topright")
        clip = surface.get_clip()
        surface.set_clip(ax.rect)
        for E in refs:
            y = ax.point(0, E)[1]
            surface.blit(self._cached("refdash", (ax.rect.width, s(6)),
                                      lambda: dash_strip(ax.rect.width, s(6), theme.GOOD)), (ax.rect.x, y))
            self._text(surface, t(ref_key), (ax.rect.right - s(4), y - s(2)),
                       theme.SMALL_FONT - 2, theme.GOOD, anchor="bottomright")
        if x.size >= 2:
            # a staircase: the energy holds between flips, then drops
            sx = np.repeat(x, 2)[1:]
            sy = np.repeat(ee, 2)[:-1]
            pts = ax.polyline(np.stack([sx, sy], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surface, theme.ACCENT, False, pts, 2)
            pygame.draw.circle(surface, theme.STAR, ax.point(x[-1], ee[-1]), s(4))
        surface.set_clip(clip)

    def _draw_overlaps(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        r = v.overlap_rect
        self._text(surface, t("hopfield.overlap.title"), (r.x - s(40), r.y - s(22)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM)
        pygame.draw.rect(surface, theme.PANEL, r)
        idx = m.stored_idx
        label_h = s(18)
        plot = pygame.Rect(r.x, r.y + s(4), r.width, r.height - label_h - s(8))
        zero = plot.centery
        for val, lab in ((1, "+1"), (0, "0"), (-1, "-1")):
            y = zero - int(val * plot.height / 2)
            pygame.draw.line(surface, theme.GRID if val else theme.AXIS, (plot.x, y), (plot.right, y))
            self._text(surface, lab, (plot.x - s(4), y), theme.SMALL_FONT - 2, theme.TEXT_DIM, anchor="midright")
        if not idx:
            self._text(surface, t("hopfield.overlap.none"), plot.center, theme.SMALL_FONT, theme.TEXT_DIM,
                       anchor="center")
            pygame.draw.rect(surface, theme.AXIS, r, 1)
            return
        ms = hf.overlaps(m.s, m.X[list(idx)])
        slot = plot.width / len(idx)
        bw = max(2, min(s(28), int(slot * 0.6)))
        tp = max(s(8), min(label_h - s(2), int(slot * 0.8)))
        for k, (i, val) in enumerate(zip(idx, ms)):
            cx = plot.x + int(slot * (k + 0.5))
            hgt = int(abs(val) * plot.height / 2)
            colour = theme.GOOD if val >= 0.95 else theme.PURPLE if val <= -0.95 else theme.ACCENT
            top = zero - hgt if val >= 0 else zero
            pygame.draw.rect(surface, colour, (cx - bw // 2, top, bw, max(1, hgt)))
            if i == m.target:
                self._text(surface, "★", (cx, plot.y), theme.SMALL_FONT - 2, theme.STAR, anchor="midtop")
            thumb = self.gallery.thumb(m.net_version, i, m.X[i], m.shape, tp, False)
            surface.blit(thumb, thumb.get_rect(midtop=(cx, plot.bottom + s(4))))
        pygame.draw.rect(surface, theme.AXIS, r, 1)

    def _draw_load(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        r = v.load_rect
        P = int(m.stored.sum())
        alpha = m.load()
        top = 0.3
        self._text(surface, t("hopfield.load.title", P=P, N=m.n, a=f"{alpha:.3f}"), (r.x - s(40), r.y - s(22)),
                   theme.SMALL_FONT - 1, theme.TEXT_DIM)
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=4)
        frac = min(1.0, alpha / top)
        colour = theme.GOOD if alpha < 0.5 * hf.CRITICAL_LOAD else theme.WARN if alpha < hf.CRITICAL_LOAD else theme.BAD
        if frac > 0:
            pygame.draw.rect(surface, colour, (r.x, r.y, max(2, int(r.width * frac)), r.height), border_radius=4)
        x = r.x + int(r.width * hf.CRITICAL_LOAD / top)
        pygame.draw.line(surface, theme.STAR, (x, r.y - s(4)), (x, r.bottom + s(3)), 2)
        self._text(surface, t("hopfield.load.critical"), (x + s(4), r.y - s(4)), theme.SMALL_FONT - 2, theme.STAR,
                   anchor="bottomleft")
        pygame.draw.rect(surface, theme.AXIS, r, 1, border_radius=4)

    def _draw_gallery(self, surface) -> None:
        """Thumbnails with stored / target / reference marks, cached until one changes."""
        v, m = self.view, self.model
        g = v.gallery
        if not g.rects:
            return
        s, t = v.s, v.ctx.text
        area = g.bounds().inflate(s(16), s(52))
        area.y, area.x, area.width = v.right.y, v.right.x - s(8), v.right.width + s(16)
        title = t("hopfield.gallery.title_store") if m.controls.store else t("hopfield.gallery.title")
        labels = self._cached("labels", (m.net_version, t.lang),
                              lambda: [self.pattern_label(i) for i in range(len(m.names))])
        accent = m.reference if m.controls.load else None
        self.gallery.draw(surface, g, area, m.X, m.shape, m.net_version, labels, m.stored, self.fonts, s,
                          title=title, star=m.target, accent=accent, extra=(t.lang, v.k))

    def _draw_matrix(self, surface) -> None:
        v, m = self.view, self.model
        s, t = v.s, v.ctx.text
        r = v.matrix_rect
        self._text(surface, t("hopfield.matrix.title", n=m.n), (r.x, r.y - s(18)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM)
        W = m.W
        wkey = self._weights_key()
        # the block means of a 1024 x 1024 matrix cost a few ms: kept per weight matrix
        rgb = self._cached("matrix_rgb", wkey, lambda: diverging_rgb(downsample(W)))
        img = self._cached("matrix", (wkey, r.size), lambda: array_surface(rgb, r.size))
        surface.blit(img, r.topleft)
        pygame.draw.rect(surface, theme.AXIS, r.inflate(2, 2), 1)
        # the weights into the hovered unit, else the unit being updated, else the centre one
        h, w = m.shape
        unit = m.last_unit
        if v.grid.hover is not None:
            unit = v.grid.hover[0] * w + v.grid.hover[1]
        if unit is None:
            unit = (h // 2) * w + w // 2
        y = r.y + int((unit + 0.5) * r.height / m.n)
        pygame.draw.line(surface, theme.STAR, (r.x - s(5), y), (r.x - 1, y), 2)
        fr = v.field_rect
        fsize = (fr.width, max(1, round(fr.width * h / w)))
        rows = self._cached("field_rows", wkey, dict)          # unit -> image, for these weights
        if unit not in rows:
            rows[unit] = diverging_rgb(W[unit].reshape(m.shape))
        img = self._cached("field", (wkey, unit, fsize), lambda: array_surface(rows[unit], fsize))
        surface.blit(img, fr.topleft)
        pygame.draw.rect(surface, theme.AXIS, pygame.Rect(fr.topleft, fsize).inflate(2, 2), 1)
        cx = fr.x + int((unit % w + 0.5) * fsize[0] / w)
        cy = fr.y + int((unit // w + 0.5) * fsize[1] / h)
        pygame.draw.circle(surface, theme.STAR, (cx, cy), max(2, s(2)))
        self._text(surface, t("hopfield.matrix.row"), (fr.x, fr.y + fsize[1] + s(4)), theme.SMALL_FONT - 2,
                   theme.TEXT_DIM)

    def _draw_schedule(self, surface) -> None:
        """Annealing schedule T(sweep) and the constant T.

        The axes and the schedule are cached; the T line (it follows the slider
        while dragged) and the current-sweep dot are drawn each frame.
        """
        v, m = self.view, self.model
        s = v.s
        sched = m.schedule if m.schedule is not None else (m.anneal_plan() if m.controls.anneal else None)
        T = m.values["T"]
        # the y range grows in steps of 0.5, so dragging T rescales the plot (and
        # re-renders the cached axes) only when it crosses a step
        peak = max([T] + ([float(sched.max())] if sched is not None and sched.size else []))
        top = (np.floor(peak * 2.0) + 1.0) / 2.0
        n = len(sched) if sched is not None else 10
        ax = Axes(v.sched_ax.rect, (0.0, float(n)), (0.0, max(top, 0.1)))
        area = pygame.Rect(ax.rect.x - s(36), ax.rect.y - s(20), ax.rect.width + s(48), ax.rect.height + s(52))
        key = (None if sched is None else sched.tobytes(), ax.ylim, area.topleft, ax.rect.size,
               v.ctx.text.lang, v.k)
        surface.blit(self._cached("schedule", key, lambda: self._schedule_surface(area, ax, sched)), area.topleft)
        annealing = sched is not None and m.schedule is not None and m.anim is not None and m.has_run
        if annealing:
            k = min(m.anim.sweeps + m.anim.position / m.n, float(len(sched)))
            pygame.draw.circle(surface, theme.STAR, ax.point(k, m.current_temperature()), s(4))
        else:
            y = ax.point(0, T)[1]
            dash = max(2, s(6))
            for x in range(ax.rect.x, ax.rect.right, 2 * dash):
                pygame.draw.line(surface, theme.WARN, (x, y), (min(x + dash, ax.rect.right - 1), y))

    def _schedule_surface(self, area: pygame.Rect, ax: Axes, sched) -> pygame.Surface:
        """The schedule plot's axes, titles and staircase of temperatures."""
        v = self.view
        s, t = v.s, v.ctx.text
        surf = pygame.Surface(area.size, pygame.SRCALPHA)
        local = Axes(ax.rect.move(-area.x, -area.y), ax.xlim, ax.ylim)
        self._text(surf, t("hopfield.schedule.title"), (local.rect.x - s(30), local.rect.y - s(18)),
                   theme.SMALL_FONT - 1, theme.TEXT_DIM)
        local.draw_frame(surf, self.fonts, "", "", ticks=3)
        self._text(surf, t("hopfield.schedule.x"), (local.rect.right, local.rect.bottom + s(16)),
                   theme.SMALL_FONT - 2, theme.TEXT_DIM, anchor="topright")
        surf.set_clip(local.rect)
        if sched is not None and len(sched):
            k = np.arange(len(sched) + 1, dtype=float)
            pts = local.polyline(np.stack([np.repeat(k, 2)[1:-1], np.repeat(sched, 2)], axis=1))
            if len(pts) > 1:
                pygame.draw.lines(surf, theme.PURPLE, False, pts, 2)
        return surf
