"""The nonlinear lab's two widgets: the I-sweep diagram panel and the equation editor.

:class:`BifurcationPanel` draws Morris–Lecar's bifurcation diagram over the
applied current: the equilibrium branch V(I) (stable solid, unstable
dashed), the stable limit cycle's V max and min, and the firing frequency
against I (class 2 jumps to a finite frequency, class 1 starts near 0 Hz).
The static part is drawn once per result; a marker follows the current I
every frame. While the sweep runs in the background a progress bar shows.

:class:`EquationEditor` holds two text fields (dx/dt, dy/dt) and a
parameter table line (``I = 0.5, a = 0.7``). Each edit is compiled once
with ``planar.compile_field``, never per frame; a refused expression shows
the parser's message, wrapped to as many lines as it needs (up to
:data:`MESSAGE_LINES`), and a caret under the offending column.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.labs.common.equations import error_message
from game.labs.nonlinear.systems import parse_param_table
from game.sim import planar
from game.ui import theme
from game.ui.fonts import draw_wrapped
from game.ui.plot import Axes, dashed_polyline

STABLE = theme.GOOD
UNSTABLE = theme.BAD
CYCLE = theme.WARN
MARKER = theme.STAR


class Progress(pygame_gui.elements.UIProgressBar):
    """A progress bar whose text is a translated "computing … %" line."""

    def __init__(self, rect, manager, label: str) -> None:
        self.label = label          # before the base init: it asks for the text's font
        super().__init__(rect, manager=manager)

    def status_text(self):
        return self.label.format(pct=f"{self.current_progress:.0f}")


def densify(points, step: float = 2.0) -> list:
    """Screen points with extra ones so no gap exceeds ``step`` px (for dashing).

    The branch is sampled evenly in V; where I changes fast with V the
    samples are several pixels apart, longer than a dash.
    """
    pts = np.asarray(points, dtype=float)
    if len(pts) < 2:
        return list(map(tuple, pts))
    seg = np.hypot(*np.diff(pts, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    n = int(min(20000, max(2, s[-1] / step)))
    t = np.linspace(0.0, s[-1], n)
    return np.stack([np.interp(t, s, pts[:, 0]), np.interp(t, s, pts[:, 1])], axis=1).tolist()


def _runs(mask: np.ndarray):
    """(start, stop) index pairs of consecutive True runs in ``mask``."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return list(zip(edges[::2], edges[1::2]))


class BifurcationPanel:
    """Morris–Lecar V–I diagram and frequency–I curve, with a marker at the current I."""

    def __init__(self, scene, ctx, rect: pygame.Rect, I_range, V_range) -> None:
        s = scene.s
        self.ctx = ctx
        self.rect = rect
        self.title_h = s(18)
        body = pygame.Rect(rect.x + s(44), rect.y + self.title_h + s(4), rect.width - s(58),
                           rect.height - self.title_h - s(26))
        self.two = body.width >= s(330)
        if self.two:
            w1 = int(body.width * 0.56)
            self.vi = Axes(pygame.Rect(body.x, body.y, w1, body.height), I_range, V_range)
            self.fi = Axes(pygame.Rect(body.x + w1 + s(40), body.y, body.width - w1 - s(40), body.height),
                           I_range, (0.0, 20.0))
        else:
            self.vi = Axes(body, I_range, V_range)
            self.fi = None
        self.scale = scene.s
        bar = pygame.Rect(self.vi.rect.x + s(8), self.vi.rect.bottom - s(26), self.vi.rect.width - s(16), s(20))
        self.bar = scene.add(Progress(bar, ctx.ui, ctx.text("nonlinear.bif.computing")))
        self.bar.hide()
        self._bg: pygame.Surface | None = None
        self._key = None

    def set_progress(self, fraction: float | None) -> None:
        """Show the bar at ``fraction`` (0-1) while computing; hide it with None."""
        if fraction is None:
            if self.bar.visible:
                self.bar.hide()
            return
        if not self.bar.visible:
            self.bar.show()
        pct = round(100 * fraction)
        if pct != round(self.bar.current_progress):
            self.bar.set_current_progress(pct)

    def _background(self, surface, bif, show_special: bool = True) -> tuple[pygame.Surface, tuple[int, int]]:
        """Frames, branches, cycle points and Hopf lines, cached per result.

        Opaque on the scene's background colour (the panel owns its area), so
        the per-frame blit is a plain copy rather than an alpha blend.
        """
        s, f, t = self.scale, self.ctx.fonts, self.ctx.text
        area = self.rect.inflate(s(8), s(8)).clip(surface.get_rect())
        key = (bif, area.size, self.ctx.text.lang, self.vi.rect.topleft, show_special)
        if self._key is not None and key[0] is self._key[0] and key[1:] == self._key[1:] and self._bg is not None:
            return self._bg, area.topleft
        bg = pygame.Surface(area.size)
        bg.fill(theme.BG)
        off = (-area.x, -area.y)
        vi = Axes(self.vi.rect.move(off), self.vi.xlim, self.vi.ylim)
        vi.draw_frame(bg, f, "I", "V", ticks=4)
        bg.blit(f.render(t("nonlinear.bif.title"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                (self.rect.x - area.x, self.rect.y - area.y))
        fi = None
        if self.fi is not None:
            fmax = 20.0
            if bif is not None and np.isfinite(bif.frequency_hz).any():
                fmax = max(5.0, float(np.nanmax(bif.frequency_hz)) * 1.15)
            self.fi.set_limits(self.fi.xlim, (0.0, fmax))
            fi = Axes(self.fi.rect.move(off), self.fi.xlim, self.fi.ylim)
            fi.draw_frame(bg, f, "I", "Hz", ticks=4)
            img = f.render(t("nonlinear.bif.freq"), theme.SMALL_FONT - 1, theme.TEXT_DIM)
            bg.blit(img, (fi.rect.x, self.rect.y - area.y))
        if bif is not None:
            clip = bg.get_clip()
            bg.set_clip(vi.rect)
            I, V, stable = bif.branch_I, bif.branch_V, bif.branch_stable
            for a, b in _runs(stable):
                pts = vi.polyline(np.stack([I[a:b], V[a:b]], axis=1))
                if len(pts) > 1:
                    pygame.draw.lines(bg, STABLE, False, pts, 2)
            for a, b in _runs(~stable):
                pts = vi.polyline(np.stack([I[a:b], V[a:b]], axis=1))
                dashed_polyline(bg, UNSTABLE, densify(pts), 2, s(6))
            ok = np.isfinite(bif.cycle_V_max)
            for series in (bif.cycle_V_max, bif.cycle_V_min):
                pts = [vi.point(i, v) for i, v in zip(bif.I[ok], series[ok])]
                for p in pts:
                    pygame.draw.circle(bg, CYCLE, p, max(2, s(3)))
            bg.set_clip(clip)
            if fi is not None:
                bg.set_clip(fi.rect)
                pts = [fi.point(i, v) for i, v in zip(bif.I[ok], bif.frequency_hz[ok])]
                # class 1 curves start from 0 Hz: draw the points and join neighbours
                if len(pts) > 1:
                    pygame.draw.lines(bg, CYCLE, False, pts, 1)
                for p in pts:
                    pygame.draw.circle(bg, CYCLE, p, max(2, s(3)))
                rest = [fi.point(i, 0.0) for i in bif.I[~ok]]
                for p in rest:
                    pygame.draw.circle(bg, STABLE, p, max(2, s(2)))
                bg.set_clip(clip)
            if show_special:
                bg.set_clip(vi.rect)
                for I_h in bif.hopf_I:
                    if vi.xlim[0] <= I_h <= vi.xlim[1]:
                        hx = vi.point(I_h, 0)[0]
                        dashed_polyline(bg, theme.PURPLE, [(hx, vi.rect.top), (hx, vi.rect.bottom)], 1, s(4))
                bg.set_clip(clip)
        self._bg, self._key = bg, key
        return bg, area.topleft

    def draw(self, surface, bif, I_now: float, V_now: list[float], stable_now: list[bool],
             show_special: bool = True) -> None:
        """The diagram (cached) plus the current-I marker and the equilibria there."""
        bg, pos = self._background(surface, bif, show_special)
        surface.blit(bg, pos)
        s = self.scale
        vi = self.vi
        clip = surface.get_clip()
        surface.set_clip(vi.rect)
        x = vi.point(I_now, 0)[0]
        pygame.draw.line(surface, MARKER, (x, vi.rect.top), (x, vi.rect.bottom - 1), 1)
        for v, st in zip(V_now, stable_now):
            p = vi.point(I_now, v)
            pygame.draw.circle(surface, STABLE if st else UNSTABLE, p, s(5), 0 if st else 2)
        surface.set_clip(clip)
        if self.fi is not None:
            fi = self.fi
            surface.set_clip(fi.rect)
            x = fi.point(I_now, 0)[0]
            pygame.draw.line(surface, MARKER, (x, fi.rect.top), (x, fi.rect.bottom - 1), 1)
            surface.set_clip(clip)


# ------------------------------------------------------------------ editor
#: Lines the editor keeps for its message (an error names the field, the column and what is allowed).
MESSAGE_LINES = 3
#: Height of one message line at UI scale 1 (px).
MESSAGE_LINE_H = 20


class EquationEditor:
    """dx/dt and dy/dt text fields plus a parameter line, compiled once per edit."""

    FIELDS = ("dx", "dy", "params")

    def __init__(self, scene, ctx, rect: pygame.Rect, texts: dict[str, str]) -> None:
        s = scene.s
        self.ctx = ctx
        self.scale = s
        self.rect = rect
        row = s(34)
        lab_w = s(92)
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.labels: list[tuple[str, tuple[int, int]]] = []
        for i, name in enumerate(self.FIELDS):
            r = pygame.Rect(rect.x + lab_w, rect.y + i * row, rect.width - lab_w, row - s(4))
            entry = scene.add(pygame_gui.elements.UITextEntryLine(r, manager=ctx.ui))
            entry.set_text_length_limit(planar.MAX_EXPR_CHARS)
            entry.set_text(texts.get(name, ""))
            self.entries[name] = entry
            self.labels.append((f"nonlinear.editor.{name}", (rect.x, r.y + s(6))))
        self.error: planar.ExpressionError | None = None
        self.message_y = rect.y + len(self.FIELDS) * row

    @property
    def height(self) -> int:
        return self.height_for(self.scale)

    @classmethod
    def height_for(cls, s) -> int:
        """Height the editor takes at UI scale function ``s`` (for layout budgets)."""
        return len(cls.FIELDS) * s(34) + MESSAGE_LINES * s(MESSAGE_LINE_H) + s(4)

    def owns(self, element) -> str | None:
        for name, e in self.entries.items():
            if e is element:
                return name
        return None

    def focused(self) -> bool:
        return any(e.is_focused for e in self.entries.values())

    def texts(self) -> dict[str, str]:
        return {k: e.get_text() for k, e in self.entries.items()}

    def compile(self) -> tuple[planar.CompiledField | None, dict[str, float]]:
        """Compile the current texts; on failure keep the error for display."""
        t = self.texts()
        try:
            params = parse_param_table(t["params"])
            compiled = planar.compile_field(t["dx"], t["dy"], params)
        except planar.ExpressionError as err:
            self.error = err
            return None, {}
        self.error = None
        return compiled, params

    def draw(self, surface) -> None:
        s, f, t = self.scale, self.ctx.fonts, self.ctx.text
        for key, pos in self.labels:
            surface.blit(f.render(t(key), theme.SMALL_FONT, theme.TEXT_DIM), pos)
        x, y = self.rect.x, self.message_y
        err = self.error
        if err is None:
            surface.blit(f.render(t("nonlinear.editor.ok"), theme.SMALL_FONT - 1, theme.GOOD), (x, y))
            return
        name = t(f"nonlinear.editor.field_{err.field or 'params'}")
        key = "nonlinear.editor.error" if err.col else "nonlinear.editor.error_nocol"
        msg = t(key, field=name, col=err.col, msg=error_message(err, t))
        box = pygame.Rect(x, y, self.rect.width, MESSAGE_LINES * s(MESSAGE_LINE_H))
        draw_wrapped(surface, msg, f.get(theme.SMALL_FONT - 1), theme.BAD, box)
        entry = self.entries.get(err.field or "params")
        if entry is not None and err.col:
            # caret under the offending character (the entry's text starts ~6 px in)
            text = entry.get_text()
            cx = entry.rect.x + s(6) + f.get(theme.BASE_FONT).size(text[:max(0, err.col - 1)])[0]
            cx = min(cx, entry.rect.right - s(6))
            cy = entry.rect.bottom - s(2)
            pygame.draw.polygon(surface, theme.BAD, [(cx, cy - s(6)), (cx - s(5), cy + s(2)), (cx + s(5), cy + s(2))])
