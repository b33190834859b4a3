"""A phase plane shared by the planar labs: its window, pan and zoom, marks and legend.

- :class:`Window` (no pygame): the visible x and y ranges in model units,
  the level's home window, and the arithmetic of zooming about a point and
  panning by pixels. Models keep one, since trajectories stop where the
  window ends.
- :class:`Navigator`: the mouse and keys that move a window: the wheel
  zooms (about the pointer or the centre), a right-drag pans, ``V`` returns
  home. It calls ``on_change`` after every accepted move.
- :func:`kind_colour`, :func:`is_stable`, :func:`draw_equilibrium`: one look
  for an equilibrium in every lab: green for stable, red for unstable (and
  saddles), yellow for centres; filled when stable, hollow when not.
- :func:`stop_note`: the i18n key that says why a trajectory stopped.
- :func:`draw_legend`: rows of swatch + label (solid line, dashed line, dot,
  filled or hollow disc).
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import pygame

from game.ui import theme
from game.ui.plot import Axes, dashed_polyline

#: Zoom factor per wheel click (<1 zooms in).
WHEEL_FACTOR = 0.85


class Window:
    """Visible x and y ranges (model units) with a home to return to.

    A move is refused (the window stays) when it would make a range
    narrower than ``min_span`` or wider than ``max_span``, or not finite.
    ``zoom_range = (lo, hi)`` bounds each axis relative to the home window
    as well: its range stays within [lo, hi] times the home's on that axis
    (for axes of very different units, such as mV against a fraction).
    """

    def __init__(self, x: Sequence[float], y: Sequence[float], min_span: float = 1e-3,
                 max_span: float = 1e4, zoom_range: tuple[float, float] | None = None) -> None:
        self.home = ((float(x[0]), float(x[1])), (float(y[0]), float(y[1])))
        self.xlim, self.ylim = self.home
        self.min_span, self.max_span = min_span, max_span
        self.zoom_range = zoom_range
        self.version = 0                   # counts accepted changes (for caches)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax)."""
        return (*self.xlim, *self.ylim)

    @property
    def width(self) -> float:
        return self.xlim[1] - self.xlim[0]

    def set(self, xlim: Sequence[float], ylim: Sequence[float]) -> bool:
        """Show another window; False (nothing changes) when it is refused."""
        vals = (*xlim, *ylim)
        if not all(map(math.isfinite, vals)):
            return False
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        if not (self.min_span <= w <= self.max_span and self.min_span <= h <= self.max_span):
            return False
        if self.zoom_range is not None:
            lo, hi = self.zoom_range
            (hx0, hx1), (hy0, hy1) = self.home
            if not (lo * (hx1 - hx0) <= w <= hi * (hx1 - hx0) and lo * (hy1 - hy0) <= h <= hi * (hy1 - hy0)):
                return False
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.ylim = (float(ylim[0]), float(ylim[1]))
        self.version += 1
        return True

    def set_home(self, x: Sequence[float], y: Sequence[float]) -> None:
        """A new home window, shown at once."""
        self.home = ((float(x[0]), float(x[1])), (float(y[0]), float(y[1])))
        self.go_home()

    def go_home(self) -> bool:
        return self.set(*self.home)

    def zoom(self, factor: float, about: tuple[float, float] | None = None) -> bool:
        """Scale both ranges by ``factor`` about ``about`` (model units; the centre by default)."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        cx, cy = about if about is not None else ((x0 + x1) / 2, (y0 + y1) / 2)
        return self.set((cx - (cx - x0) * factor, cx + (x1 - cx) * factor),
                        (cy - (cy - y0) * factor, cy + (y1 - cy) * factor))

    def pan_px(self, dx_px: float, dy_px: float, size_px: tuple[int, int]) -> bool:
        """Move the content by a mouse drag of (dx, dy) screen pixels over a plot of ``size_px``."""
        dx = dx_px / max(1, size_px[0]) * (self.xlim[1] - self.xlim[0])
        dy = dy_px / max(1, size_px[1]) * (self.ylim[1] - self.ylim[0])
        return self.set((self.xlim[0] - dx, self.xlim[1] - dx), (self.ylim[0] + dy, self.ylim[1] + dy))


class Navigator:
    """Wheel zoom, right-drag pan and ``V`` (home) for one window shown in one :class:`Axes`.

    Parameters
    ----------
    window : Window
    axes : callable
        Returns the :class:`Axes` the window is drawn in (it changes on a rebuild).
    on_change : callable
        Called after each accepted move.
    about_pointer : bool
        Zoom about the mouse pointer (else about the centre).
    """

    def __init__(self, window: Window, axes: Callable[[], Axes], on_change: Callable[[], None],
                 about_pointer: bool = False) -> None:
        self.window = window
        self.axes = axes
        self.on_change = on_change
        self.about_pointer = about_pointer
        self.mouse = (0, 0)
        self._drag: tuple[int, int] | None = None

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def handle(self, event: pygame.event.Event) -> bool:
        ax = self.axes()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 3 and ax.contains(event.pos):
            self._drag = event.pos
            return True
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self._drag is not None:
                dx, dy = event.pos[0] - self._drag[0], event.pos[1] - self._drag[1]
                self._drag = event.pos
                self._moved(self.window.pan_px(dx, dy, ax.rect.size))
                return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 3 and self._drag is not None:
            self._drag = None
            return True
        if event.type == pygame.MOUSEWHEEL and ax.contains(self.mouse):
            about = None
            if self.about_pointer:
                mx, my = ax.to_model(*self.mouse)
                about = (float(mx), float(my))
            self._moved(self.window.zoom(WHEEL_FACTOR ** event.y, about))
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_v and not event.mod & (
                pygame.KMOD_CTRL | pygame.KMOD_ALT):
            self._moved(self.window.go_home())
            return True
        return False

    def _moved(self, accepted: bool) -> None:
        if accepted:
            ax = self.axes()
            ax.set_limits(self.window.xlim, self.window.ylim)
            self.on_change()


# ------------------------------------------------------------------ launches

#: Seconds of wall time the moving point takes along a forward path.
ANIM_S = 3.0


class Launch:
    """One launched trajectory: its start, forward and backward paths, and a moving point.

    ``fwd`` and ``bwd`` are ``game.sim.planar.Trajectory`` objects (``t``,
    ``xy``, ``reason``) or None while they are being computed.
    """

    def __init__(self, start, fwd=None, bwd=None) -> None:
        self.start = (float(start[0]), float(start[1]))
        self.fwd = fwd
        self.bwd = bwd
        self.anim = 0.0            # model time of the moving point
        self._tt = None

    def _times(self) -> np.ndarray:
        f = self.fwd
        if self._tt is None or self._tt[0] is not f:
            self._tt = (f, np.abs(f.t))          # once per path, not per frame
        return self._tt[1]

    def dot(self) -> tuple[float, float] | None:
        """Where the moving point is on the forward path (model units), or None."""
        f = self.fwd
        if f is None or len(f.t) < 2:
            return None
        t = self._times()
        ta = min(self.anim, float(t[-1]))
        return float(np.interp(ta, t, f.xy[:, 0])), float(np.interp(ta, t, f.xy[:, 1]))

    def advance(self, dt: float) -> None:
        """Move the point on by ``dt`` s of wall time (a path takes ``ANIM_S``, then it loops)."""
        if self.fwd is None or len(self.fwd.t) == 0:
            return
        t_end = float(self._times()[-1])
        if t_end > 0:
            self.anim = (self.anim + dt * max(t_end / ANIM_S, 0.5)) % (t_end * 1.15)


# ------------------------------------------------------------------ marks

def is_stable(kind: str) -> bool:
    """Lyapunov stable: sinks and centres (filled marks); saddles and sources are not."""
    return kind.startswith("stable") or kind in ("center", "non_isolated")


def kind_colour(kind: str) -> tuple[int, int, int]:
    """Green for asymptotically stable, red for unstable and saddles, yellow for centres."""
    if kind.startswith("unstable") or kind == "saddle":
        return theme.BAD
    if kind in ("center", "non_isolated"):
        return theme.STAR
    return theme.GOOD


def draw_equilibrium(surface: pygame.Surface, pos: tuple[int, int], kind: str, radius: int,
                     stable: bool | None = None) -> None:
    """An equilibrium mark: filled when stable, a ring when not (``stable`` overrides ``kind``)."""
    filled = is_stable(kind) if stable is None else stable
    colour = kind_colour(kind)
    if filled:
        pygame.draw.circle(surface, colour, pos, radius)
    else:
        pygame.draw.circle(surface, theme.BG, pos, radius)
        pygame.draw.circle(surface, colour, pos, radius, max(2, radius // 3))


def stop_note(reason: str, prefix: str = "phaseplane") -> str | None:
    """The i18n key that explains why a trajectory stopped early (None if it ran its time)."""
    if reason in ("left_view", "blew_up", "equilibrium"):
        return f"{prefix}.stop.{reason}"
    return None


# ------------------------------------------------------------------ legend

def draw_swatch(surface: pygame.Surface, style: str, colour, x: int, cy: int, length: int, s) -> None:
    """One legend swatch ``length`` px wide centred on ``cy``: solid, thin, dash, dot, disc, ring
    or block (a filled patch, for a tinted region)."""
    if style == "block":
        pygame.draw.rect(surface, colour, pygame.Rect(x, cy - s(6), length, s(12)))
    elif style == "thin":
        pygame.draw.line(surface, colour, (x, cy), (x + length, cy), 1)
    elif style == "solid":
        pygame.draw.line(surface, colour, (x, cy), (x + length, cy), max(2, s(2)))
    elif style == "dash":
        dashed_polyline(surface, colour, [(x, cy), (x + length, cy)], max(2, s(2)), s(5))
    elif style == "ring":
        pygame.draw.circle(surface, colour, (x + length // 2, cy), s(5), max(2, s(2)))
    else:                                   # "dot" / "disc"
        pygame.draw.circle(surface, colour, (x + length // 2, cy), s(5))


def draw_legend(surface: pygame.Surface, ctx, rows: Sequence[tuple[str, tuple, str]], x: int, y: int,
                bottom: int, row_h: int | None = None) -> int:
    """Rows of (style, colour, i18n key) from ``(x, y)`` down; rows that would pass ``bottom``
    are left out. Returns the y below the last row drawn."""
    s, f, t = ctx.s, ctx.fonts, ctx.text
    lh = row_h or s(22)
    for style, colour, key in rows:
        if y + lh > bottom:
            break
        cy = y + lh // 2
        draw_swatch(surface, style, colour, x, cy, s(28), s)
        surface.blit(f.render(t(key), theme.SMALL_FONT, theme.TEXT_DIM), (x + s(40), y + s(2)))
        y += lh
    return y
