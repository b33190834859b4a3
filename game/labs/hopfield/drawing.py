"""Drawing of the hopfield view: grid, badge, energy, overlaps, load, gallery, weights.

:class:`Drawing` is mixed into :class:`game.labs.hopfield.view.HopfieldView`;
it reads the view's layout rectangles and its model and never changes them.
Surfaces that depend only on data (the grid image, thumbnails, the gallery,
the weight matrix, the schedule plot) are cached under a key of what they
show, so a frame redraws only what moved.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.labs.hopfield import goals, panels
from game.sim import hopfield as hf
from game.sim import patterns as pt
from game.ui import theme
from game.ui.plot import Axes


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


class ScaledFonts:
    """The context's fonts with every size multiplied by ``k`` (see ``layout``)."""

    def __init__(self, fonts, k: float) -> None:
        self._fonts, self.k = fonts, k

    def render(self, text: str, size: float, colour, bold: bool = False) -> pygame.Surface:
        return self._fonts.render(text, size * self.k, colour, bold)

    def get(self, size: float, bold: bool = False) -> pygame.font.Font:
        return self._fonts.get(size * self.k, bold)


class Drawing:
    """The view's ``draw`` and its panels (see the module docstring)."""

    def draw(self, surface: pygame.Surface) -> None:
        self._draw_grid(surface)
        self._draw_badge(surface)
        self._draw_energy(surface)
        self._draw_overlaps(surface)
        self._draw_load(surface)
        self._draw_gallery(surface)
        if self.room_for_matrix:
            self._draw_matrix(surface)
            if self.show_schedule:
                self._draw_schedule(surface)

    def _text(self, surface, text, pos, size=None, colour=theme.TEXT, bold=False, anchor="topleft"):
        img = self.fonts.render(text, size or theme.SMALL_FONT, colour, bold=bold)
        r = img.get_rect(**{anchor: pos})
        surface.blit(img, r)
        return r

    def _cached(self, name: str, key, make):
        hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = make()
        self._cache[name] = (key, value)
        return value

    def _draw_grid(self, surface) -> None:
        s, t = self.s, self.ctx.text
        mdl = self.net
        gr = self.grid_rect
        key = (mdl.version, id(mdl), gr.size)
        img = self._cached("grid", key, lambda: panels.grid_surface(mdl.state, mdl.shape, gr.size))
        surface.blit(img, gr.topleft)
        if self.cell >= 6:
            lines = self._cached("lines", (mdl.shape, self.cell), lambda: panels.grid_lines(mdl.shape, self.cell))
            surface.blit(lines, gr.topleft)
        h, w = mdl.shape
        c = self.cell
        if 0 < mdl.last_flipped.size <= 64:
            for i in mdl.last_flipped[-64:]:
                r, col = divmod(int(i), w)
                pygame.draw.rect(surface, theme.WARN, (gr.x + col * c, gr.y + r * c, c, c), max(1, c // 6))
        if mdl.last_unit is not None and mdl.mode == "async" and not mdl.finished():
            r, col = divmod(mdl.last_unit, w)
            pygame.draw.rect(surface, theme.STAR, (gr.x + col * c - 1, gr.y + r * c - 1, c + 2, c + 2),
                             max(2, c // 5))
        hover = self.cell_at(self._mouse)
        if hover is not None and self.tool == "occluder" and self.controls.corrupt:
            b = self.brush()
            r0, c0 = max(0, hover[0] - b // 2), max(0, hover[1] - b // 2)
            rr = pygame.Rect(gr.x + c0 * c, gr.y + r0 * c, min(b, w - c0) * c, min(b, h - r0) * c)
            pygame.draw.rect(surface, theme.PURPLE, rr, 2)
        pygame.draw.rect(surface, theme.AXIS, gr.inflate(2, 2), 1)
        # caption: size, sweep, temperature, energy
        T = mdl.current_temperature()
        line = t("hopfield.caption", n=mdl.n, h=h, w=w, k=mdl.sweep_now(), T=f"{T:.2f}",
                 E=f"{mdl.trace.last:.1f}")
        self._text(surface, line, (self.grid_box.x, self.grid_box.bottom + s(5)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM)
        hint = t("hopfield.grid_hint_paint") if self.controls.paint else t("hopfield.grid_hint_locked")
        if self.hint_y + s(16) < self.rect.bottom:
            self._text(surface, hint, (self.grid_box.x, self.hint_y), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        if self.note:
            msg = t(self.note, **self.note_fmt)
            img = self.fonts.render(msg, theme.SMALL_FONT, theme.WARN)
            r = img.get_rect(midtop=(gr.centerx, gr.y + s(6)))
            r.x = max(self.grid_box.x, min(r.x, self.grid_box.right - r.width))
            pygame.draw.rect(surface, theme.BG, r.inflate(s(12), s(6)), border_radius=5)
            surface.blit(img, r)

    def _status(self) -> tuple[str, dict, tuple]:
        """Badge text key, its fields and colour."""
        mdl = self.net
        if mdl.has_run and not mdl.finished() and self.running:
            if mdl.schedule is not None and mdl.anim is not None and mdl.anim.sweeps < len(mdl.schedule):
                return ("hopfield.status.annealing", {"k": mdl.sweep_now() + 1, "K": len(mdl.schedule),
                                                      "T": f"{mdl.current_temperature():.2f}"}, theme.PURPLE)
            return ("hopfield.status.running", {"k": mdl.sweep_now() + 1}, theme.ACCENT)
        out = mdl.outcome
        if mdl.finished() and out is not None and out.kind == "cycle":
            return ("hopfield.status.cycle", {"n": int(goals.cycle_score(out.final, out.partner))}, theme.WARN)
        key = (mdl.version, id(mdl), mdl.rule, mdl.stored_idx)
        if self._status_cache is None or self._status_cache[0] != key:
            kind, idx, comp = mdl.classify()
            settled = kind != "empty" and mdl.settled()
            self._status_cache = (key, kind, idx, comp, settled)
        _, kind, idx, comp, settled = self._status_cache
        if kind == "empty":
            return ("hopfield.status.empty", {}, theme.TEXT_DIM)
        if not settled:
            return ("hopfield.status.unsettled", {}, theme.TEXT_DIM)
        if kind == "pattern":
            return ("hopfield.status.pattern", {"name": self.pattern_label(idx)}, theme.GOOD)
        if kind == "inverse":
            return ("hopfield.status.inverse", {"name": self.pattern_label(idx)}, theme.PURPLE)
        if comp:
            return ("hopfield.status.mixture", {"names": ", ".join(self.pattern_label(i) for i in comp)}, theme.BAD)
        return ("hopfield.status.spurious", {}, theme.BAD)

    def pattern_label(self, i: int) -> str:
        name = self.net.names[i]
        key = f"hopfield.pattern.{name}"
        return self.ctx.text(key) if name in pt.SYMBOLS and self.ctx.text.has(key) else name

    def _draw_badge(self, surface) -> None:
        s = self.s
        key, fmt, colour = self._status()
        text = self.ctx.text(key, **fmt)
        img = self.fonts.render(text, theme.BASE_FONT, theme.BG if colour != theme.TEXT_DIM else theme.TEXT,
                                    bold=True)
        r = pygame.Rect(self.badge.x, self.badge.y, min(self.badge.width, img.get_width() + s(20)),
                        self.badge.height)
        fill = colour if colour != theme.TEXT_DIM else theme.PANEL_HI
        pygame.draw.rect(surface, fill, r, border_radius=s(8))
        clip = surface.get_clip()
        surface.set_clip(r)
        surface.blit(img, img.get_rect(midleft=(r.x + s(10), r.centery)))
        surface.set_clip(clip)
        text = self.readout()
        if text:
            right = self.badge.right
            img = self.fonts.render(text, theme.SMALL_FONT, theme.STAR)
            if img.get_width() < right - r.right - s(10):
                surface.blit(img, img.get_rect(midright=(right, r.centery)))

    def readout(self) -> str | None:
        """A live number for the level's goal: cells changed, distance from the target."""
        goal = self.level.goal
        mdl = self.net
        t = self.ctx.text
        if goal is None:
            return None
        # while (or after) a run, show the start it was scored from, not the moving state
        start = mdl.run_start if mdl.run_start is not None else mdl.state
        if goal.type == "fewest_flips":
            return t("hopfield.readout.flips", k=goals.cells_changed(start, mdl.given))
        if goal.type == "crowded":
            return t("hopfield.readout.stored", P=int(mdl.stored.sum()), total=len(mdl.names))
        if goal.type in ("recall", "basin", "inverse") and mdl.target is not None:
            p = goals.distance_pct(start, mdl.X[mdl.target])
            return t("hopfield.readout.distance", p=f"{p:.1f}", name=self.pattern_label(mdl.target))
        return None

    def _draw_energy(self, surface) -> None:
        s, f, t = self.s, self.fonts, self.ctx.text
        ax = self.energy_ax
        mdl = self.net
        self._text(surface, t("hopfield.energy.title"), (ax.rect.x - s(40), ax.rect.y - s(20)),
                   theme.SMALL_FONT - 1, theme.TEXT_DIM)
        tt, ee = mdl.trace.arrays()
        # reference: the energy of the target (or of the deepest stored pattern)
        refs, ref_key = [], "hopfield.energy.target"
        if mdl.target is not None and mdl.stored[mdl.target]:
            refs.append(self._pattern_energy(mdl.target))
        elif mdl.stored_idx:
            refs.append(min(self._pattern_energy(i) for i in mdl.stored_idx))
            ref_key = "hopfield.energy.stored"
        key = (mdl.trace.version, id(mdl), ax.rect.size, tuple(refs))

        def make():
            x = tt / mdl.n
            finite = ee[np.isfinite(ee)]
            lo = float(min([finite.min(), *refs])) if finite.size else -1.0
            hi = float(max([finite.max(), *refs])) if finite.size else 0.0
            pad = 0.08 * (hi - lo) if hi > lo else 1.0
            xmax = max(1.0, float(x[-1]) if x.size else 1.0)
            return (x, (0.0, xmax), (lo - pad, hi + pad))
        x, xl, yl = self._cached("energy", key, make)
        ax.set_limits(xl, yl)
        ax.draw_frame(surface, f, "", "", ticks=4)
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

    def _pattern_energy(self, i: int) -> float:
        mdl = self.net
        return self._cached(f"E{i}", self._weights_key(), lambda: mdl.energy(mdl.X[i]))

    def _weights_key(self) -> tuple:
        """What the weights depend on (an ``id`` of the matrix could be reused by a new one)."""
        mdl = self.net
        return (id(mdl), mdl.rule, mdl.stored_idx, mdl.n)

    def _draw_overlaps(self, surface) -> None:
        s, f, t = self.s, self.fonts, self.ctx.text
        r = self.overlap_rect
        mdl = self.net
        self._text(surface, t("hopfield.overlap.title"), (r.x - s(40), r.y - s(22)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM)
        pygame.draw.rect(surface, theme.PANEL, r)
        idx = mdl.stored_idx
        label_h = s(18)
        plot = pygame.Rect(r.x, r.y + s(4), r.width, r.height - label_h - s(8))
        zero = plot.centery
        for v, lab in ((1, "+1"), (0, "0"), (-1, "-1")):
            y = zero - int(v * plot.height / 2)
            pygame.draw.line(surface, theme.GRID if v else theme.AXIS, (plot.x, y), (plot.right, y))
            self._text(surface, lab, (plot.x - s(4), y), theme.SMALL_FONT - 2, theme.TEXT_DIM, anchor="midright")
        if not idx:
            self._text(surface, t("hopfield.overlap.none"), plot.center, theme.SMALL_FONT, theme.TEXT_DIM,
                       anchor="center")
            pygame.draw.rect(surface, theme.AXIS, r, 1)
            return
        m = hf.overlaps(mdl.state, mdl.X[list(idx)])
        slot = plot.width / len(idx)
        bw = max(2, min(s(28), int(slot * 0.6)))
        tp = max(s(8), min(label_h - s(2), int(slot * 0.8)))
        for k, (i, v) in enumerate(zip(idx, m)):
            cx = plot.x + int(slot * (k + 0.5))
            hgt = int(abs(v) * plot.height / 2)
            colour = theme.GOOD if v >= 0.95 else theme.PURPLE if v <= -0.95 else theme.ACCENT
            top = zero - hgt if v >= 0 else zero
            pygame.draw.rect(surface, colour, (cx - bw // 2, top, bw, max(1, hgt)))
            if i == mdl.target:
                self._text(surface, "★", (cx, plot.y), theme.SMALL_FONT - 2, theme.STAR, anchor="midtop")
            thumb = self._thumb(i, tp, False)
            surface.blit(thumb, thumb.get_rect(midtop=(cx, plot.bottom + s(4))))
        pygame.draw.rect(surface, theme.AXIS, r, 1)

    def _draw_load(self, surface) -> None:
        s, t = self.s, self.ctx.text
        r = self.load_rect
        mdl = self.net
        P = int(mdl.stored.sum())
        alpha = mdl.load()
        top = 0.3
        self._text(surface, t("hopfield.load.title", P=P, N=mdl.n, a=f"{alpha:.3f}"), (r.x - s(40), r.y - s(22)),
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

    def _thumb(self, i: int, px: int, dim: bool) -> pygame.Surface:
        mdl = self.net
        return self._cached(f"thumb{i}:{px}:{dim}", (id(mdl), mdl.shape),
                            lambda: panels.thumb_surface(mdl.X[i], mdl.shape, px, dim))

    def _draw_gallery(self, surface) -> None:
        """Thumbnails with stored / target / reference marks, cached until one changes."""
        mdl = self.net
        if not self.thumb_rects:
            return
        hover = next((i for i, r in enumerate(self.thumb_rects) if r.collidepoint(self._mouse)), None)
        area = self.thumb_rects[0].unionall(self.thumb_rects).inflate(self.s(16), self.s(52))
        area.y, area.x, area.width = self.right.y, self.right.x - self.s(8), self.right.width + self.s(16)
        key = (id(mdl), mdl.stored.tobytes(), mdl.reference, hover, area.topleft, area.size,
               self.ctx.text.lang, self.k)
        img = self._cached("gallery", key, lambda: self._gallery_surface(area, hover))
        surface.blit(img, area.topleft)

    def _gallery_surface(self, area: pygame.Rect, hover: int | None) -> pygame.Surface:
        s, t = self.s, self.ctx.text
        mdl = self.net
        surf = pygame.Surface(area.size, pygame.SRCALPHA)
        title = t("hopfield.gallery.title_store") if self.controls.store else t("hopfield.gallery.title")
        self._text(surf, title, (self.right.x - area.x, 0), theme.SMALL_FONT - 1, theme.TEXT_DIM)
        font = self.fonts.get(theme.SMALL_FONT - 2)
        for i, r in enumerate(self.thumb_rects[:len(mdl.names)]):
            r = r.move(-area.x, -area.y)
            on = bool(mdl.stored[i])
            surf.blit(self._thumb(i, r.width, not on), r.topleft)
            pygame.draw.rect(surf, theme.GOOD if on else theme.GRID, r.inflate(s(4), s(4)), 2 if on else 1,
                             border_radius=3)
            if i == hover:
                pygame.draw.rect(surf, theme.TEXT, r.inflate(s(6), s(6)), 1, border_radius=3)
            if i == mdl.target:
                self._text(surf, "★", (r.right + s(3), r.y - s(5)), theme.SMALL_FONT, theme.STAR,
                           anchor="topright")
            label = self.pattern_label(i)
            while len(label) > 1 and font.size(label)[0] > r.width + s(6):
                label = label[:-1]
            colour = theme.TEXT if on else theme.TEXT_DIM
            if i == mdl.reference and self.controls.load:
                colour = theme.ACCENT
            self._text(surf, label, (r.centerx, r.bottom + s(3)), theme.SMALL_FONT - 2, colour, anchor="midtop")
        return surf

    def _draw_matrix(self, surface) -> None:
        s, t = self.s, self.ctx.text
        mdl = self.net
        r = self.matrix_rect
        self._text(surface, t("hopfield.matrix.title", n=mdl.n), (r.x, r.y - s(18)), theme.SMALL_FONT - 1,
                   theme.TEXT_DIM)
        W = mdl.W
        wkey = self._weights_key()
        rgb = self._cached("matrix_rgb", wkey, lambda: panels.matrix_rgb(W))
        img = self._cached("matrix", (wkey, r.size), lambda: panels.matrix_surface(W, r.width, rgb))
        surface.blit(img, r.topleft)
        pygame.draw.rect(surface, theme.AXIS, r.inflate(2, 2), 1)
        # the weights into the hovered unit, else the unit being updated, else the centre one
        unit = mdl.last_unit
        hover = self.cell_at(self._mouse)
        if hover is not None:
            unit = hover[0] * mdl.shape[1] + hover[1]
        if unit is None:
            unit = (mdl.shape[0] // 2) * mdl.shape[1] + mdl.shape[1] // 2
        y = r.y + int((unit + 0.5) * r.height / mdl.n)
        pygame.draw.line(surface, theme.STAR, (r.x - s(5), y), (r.x - 1, y), 2)
        fr = self.field_rect
        h, w = mdl.shape
        fsize = (fr.width, max(1, round(fr.width * h / w)))
        rows = self._cached("field_rows", wkey, dict)          # unit -> image, for these weights
        if unit not in rows:
            rows[unit] = panels.field_rgb(W[unit], mdl.shape)
        img = self._cached("field", (wkey, unit, fsize), lambda: panels.field_surface(None, mdl.shape, fsize,
                                                                                      rows[unit]))
        surface.blit(img, fr.topleft)
        pygame.draw.rect(surface, theme.AXIS, pygame.Rect(fr.topleft, fsize).inflate(2, 2), 1)
        cr = unit // w, unit % w
        cx = fr.x + int((cr[1] + 0.5) * fsize[0] / w)
        cy = fr.y + int((cr[0] + 0.5) * fsize[1] / h)
        pygame.draw.circle(surface, theme.STAR, (cx, cy), max(2, s(2)))
        self._text(surface, t("hopfield.matrix.row"), (fr.x, fr.y + fsize[1] + s(4)), theme.SMALL_FONT - 2,
                   theme.TEXT_DIM)

    def _draw_schedule(self, surface) -> None:
        """Annealing schedule T(sweep) and the constant T.

        The axes and the schedule are cached; the T line (it follows the slider
        while dragged) and the current-sweep dot are drawn each frame.
        """
        s, t = self.s, self.ctx.text
        ax = self.sched_ax
        mdl = self.net
        sched = mdl.schedule if mdl.schedule is not None else (self.schedule() if self.controls.anneal else None)
        T = self.value("T")
        # the y range grows in steps of 0.5, so dragging T rescales the plot (and
        # re-renders the cached axes) only when it crosses a step
        peak = max([T] + ([float(sched.max())] if sched is not None and sched.size else []))
        top = (np.floor(peak * 2.0) + 1.0) / 2.0
        n = len(sched) if sched is not None else 10
        ax.set_limits((0.0, float(n)), (0.0, max(top, 0.1)))
        area = pygame.Rect(ax.rect.x - s(36), ax.rect.y - s(20), ax.rect.width + s(48), ax.rect.height + s(52))
        key = (None if sched is None else sched.tobytes(), ax.ylim, area.topleft, ax.rect.size,
               self.ctx.text.lang, self.k)

        def make() -> pygame.Surface:
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

        surface.blit(self._cached("schedule", key, make), area.topleft)
        annealing = sched is not None and mdl.schedule is not None and mdl.anim is not None and mdl.has_run
        if annealing:
            k = min(mdl.anim.sweeps + mdl.anim.position / mdl.n, float(len(sched)))
            pygame.draw.circle(surface, theme.STAR, ax.point(k, mdl.current_temperature()), s(4))
        else:
            y = ax.point(0, T)[1]
            dash = max(2, s(6))
            for x in range(ax.rect.x, ax.rect.right, 2 * dash):
                pygame.draw.line(surface, theme.WARN, (x, y), (min(x + dash, ax.rect.right - 1), y))
