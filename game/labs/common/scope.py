"""An oscilloscope shared by the neuron labs: the sweep, scrolling traces, spike marks, a raster.

A neuron lab computes a whole run (e.g. 1 s of membrane potential sampled
every 0.2 ms) and shows it as an oscilloscope would: a cursor sweeps through
the run at a chosen speed, the traces are drawn up to the cursor in a
scrolling window, spikes are marked above the frame as the cursor passes
them (and click, rate-limited), and a strip shows every spike of the run.

- :class:`Sweep` (no pygame): cursor, speed, window, pause; advanced at a
  fixed internal step with the leftover time carried (``advance`` returns
  how many spikes it passed, for the click).
- :class:`SpikeClicker`: plays the spike sound at most every ``gap_s``.
- :func:`trace` / :func:`trace_points`: a sampled signal projected once per
  run and zoom; each frame only slices the kept samples in view.
- :class:`ScopeRenderer`: draws channels (any number, sharing the time
  axis), spike marks, the cursor, a dashed level line and the raster strip,
  with its own caches keyed by the run's version.
- :func:`plan_rows`: rows of buttons (presets, protocols, tools) whose
  labels all fit.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple, Sequence

import numpy as np
import pygame

from game.ui import theme
from game.ui.plot import Axes

#: Model ms per wall second the sweep can run at ([ and ] step through them).
SPEEDS = (31.25, 62.5, 125.0, 250.0, 500.0, 1000.0, 2000.0)
DEFAULT_SPEED = 250.0
#: Wall-clock step of the sweep (s); the leftover time carries to the next frame.
SWEEP_STEP_S = 1.0 / 120.0
#: Longest frame gap the sweep catches up on (s): a stall never fast-forwards the scope.
MAX_CATCH_UP_S = 0.25
#: Shortest wall time between two spike clicks (s): fast trains stay a buzz, not a roar.
CLICK_GAP_S = 1.0 / 30.0
DEFAULT_WINDOW_MS = 250.0
#: Wall time (s) a sweep keeps looping over the same run before it rests at the run's end: a lab
#: left alone stops animating (and clicking), so it costs no core; a new run or Play starts it again.
REST_AFTER_S = 10.0
MIN_WINDOW_MS = 20.0


class Sweep:
    """Where an oscilloscope's cursor is in a run of ``t_end_ms``, and how it moves.

    >>> s = Sweep(1000.0, speed=250.0)
    >>> s.advance(0.1, np.array([10.0, 20.0, 900.0]))    # 25 ms of model time
    2
    >>> round(s.cursor_ms, 6), s.window()
    (25.0, (0.0, 250.0))

    After :data:`REST_AFTER_S` of looping over the same run it rests at the
    run's end (``paused`` and ``rested``); :meth:`restart` (a new run) or
    :meth:`play` starts it again.

    >>> s = Sweep(100.0, speed=1000.0)
    >>> _ = s.advance(REST_AFTER_S + 0.2, np.zeros(0)) + sum(s.advance(0.2, np.zeros(0)) for _ in range(60))
    >>> s.rested, s.paused, s.cursor_ms
    (True, True, 100.0)
    """

    def __init__(self, t_end_ms: float, speed: float = DEFAULT_SPEED, window_ms: float = DEFAULT_WINDOW_MS) -> None:
        self.t_end = float(t_end_ms)
        self.speed = float(speed)
        self.window_ms = float(min(window_ms, self.t_end))
        self.cursor_ms = 0.0
        self.paused = False
        self.rested = False
        self._acc = 0.0
        self._swept_s = 0.0

    def restart(self, t_end_ms: float | None = None) -> None:
        """Back to t = 0 (a new run, maybe of another length); the window fits inside it; see
        :meth:`wake`."""
        if t_end_ms is not None:
            self.t_end = float(t_end_ms)
            self.window_ms = min(self.window_ms, self.t_end)
        self.cursor_ms = 0.0
        self._acc = 0.0
        self.wake()

    def wake(self) -> None:
        """Something new to show (a new run): a rested sweep moves again, with a fresh allowance of
        looping; one the player paused stays paused."""
        self._swept_s = 0.0
        if self.rested:
            self.paused = self.rested = False
            if self.cursor_ms >= self.t_end:
                self.cursor_ms = 0.0

    def play(self) -> None:
        """Pause or Play pressed: toggle, and a fresh allowance of looping when it moves again."""
        self.paused = not self.paused
        self.rested = False
        self._swept_s = 0.0

    def advance(self, dt: float, spikes: np.ndarray) -> int:
        """Move on by ``dt`` s of wall time (looping at the end); the number of spikes passed."""
        if self.paused:
            return 0
        dt = min(max(float(dt), 0.0), MAX_CATCH_UP_S)
        self._acc += dt
        self._swept_s += dt
        passed = 0
        while self._acc >= SWEEP_STEP_S - 1e-9:        # tolerance: half a step twice is a step
            self._acc = max(0.0, self._acc - SWEEP_STEP_S)
            prev = self.cursor_ms
            nxt = prev + self.speed * SWEEP_STEP_S
            if nxt > self.t_end and self._swept_s >= REST_AFTER_S:   # rest at the end
                passed += int(np.count_nonzero(spikes > prev))
                self.cursor_ms = self.t_end
                self.paused = self.rested = True
                self._acc = 0.0
                return passed
            if nxt > self.t_end:                         # loop the sweep
                passed += int(np.count_nonzero(spikes > prev))
                nxt = 0.0
            else:
                passed += int(np.searchsorted(spikes, nxt, "right") - np.searchsorted(spikes, prev, "right"))
            self.cursor_ms = nxt
        return passed

    def window(self) -> tuple[float, float]:
        """The time window shown (ms): it fills up to ``window_ms``, then scrolls with the cursor."""
        t0 = max(0.0, self.cursor_ms - self.window_ms)
        return t0, t0 + self.window_ms

    def change_speed(self, direction: int) -> None:
        """One step faster (+1) or slower (-1) through :data:`SPEEDS`."""
        i = min(range(len(SPEEDS)), key=lambda k: abs(SPEEDS[k] - self.speed))
        self.speed = SPEEDS[min(len(SPEEDS) - 1, max(0, i + direction))]

    def zoom(self, clicks: int) -> None:
        """Wheel clicks: narrow (up) or widen (down) the window, within the run."""
        self.window_ms = float(min(self.t_end, max(MIN_WINDOW_MS, self.window_ms * 0.8 ** clicks)))


class SpikeClicker:
    """Plays ``play()`` for passed spikes, at most once every ``gap_s`` of wall time."""

    def __init__(self, play: Callable[[], None], gap_s: float = CLICK_GAP_S) -> None:
        self.play = play
        self.gap_s = gap_s
        self.wall = 0.0
        self.last = -1.0
        self.clicks = 0                      # clicks played (tests read it)

    def tick(self, dt: float, passed: int) -> None:
        self.wall += max(0.0, float(dt))
        if passed and self.wall - self.last >= self.gap_s:
            self.last = self.wall
            self.clicks += 1
            self.play()


# ------------------------------------------------------------------ projection

class Trace(NamedTuple):
    """A sampled signal y(t) projected once for a scrolling time window (:func:`trace_points`).

    The thinning to ~``min_px`` spacing depends only on the arc length between
    samples, which does not change as the window scrolls, so it is done once
    for the whole run; each frame only picks the kept samples in view.
    """

    kept: np.ndarray      # sample indices kept by the thinning
    py: np.ndarray        # y px of every sample, from the plot's top
    sx: float             # px per ms


def trace(t: np.ndarray, y: np.ndarray, ylim, size, window_ms: float, min_px: float = 1.5) -> Trace:
    """Project ``y`` for plots of ``size`` px showing ``window_ms`` of time and ``ylim``."""
    w, h = size
    sx = w / window_ms
    sy = h / (ylim[1] - ylim[0])
    py = h - (np.asarray(y, dtype=float) - ylim[0]) * sy
    step = np.hypot(np.diff(t) * sx, np.diff(py))
    s = np.concatenate([[0.0], np.cumsum(step)])
    bucket = np.floor(s / min_px)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    return Trace(np.flatnonzero(keep), py, sx)


def trace_points(tr: Trace, t: np.ndarray, i0: int, i1: int, t0: float, rect: pygame.Rect) -> np.ndarray:
    """(n, 2) px of samples ``i0..i1`` in a plot at ``rect`` whose window starts at ``t0`` ms."""
    i0, i1 = max(0, int(i0)), min(len(t), int(i1))
    if i1 - i0 < 2:
        return np.zeros((0, 2))
    a, b = np.searchsorted(tr.kept, [i0 + 1, i1 - 1]).tolist()
    idx = np.concatenate([[i0], tr.kept[a:b], [i1 - 1]])
    return np.column_stack([rect.x + (t[idx] - t0) * tr.sx, rect.y + tr.py[idx]])


def raster_surface(size, t_ms: float, rows: Sequence, colours: Sequence) -> pygame.Surface:
    """Spike ticks of one or more trains over the whole run, one row each."""
    w, h = size
    surf = pygame.Surface((w, h))
    surf.fill(theme.PANEL)
    n = max(1, len(rows))
    for k, (spikes, colour) in enumerate(zip(rows, colours)):
        s = np.asarray(spikes, dtype=float)
        if s.size == 0:
            continue
        x = np.clip(np.rint(s / t_ms * (w - 1)).astype(int), 0, w - 1)
        y0, y1 = int(k * h / n) + 1, int((k + 1) * h / n) - 1
        col = np.zeros(w, dtype=bool)
        col[x] = True
        pix = pygame.surfarray.pixels2d(surf)
        try:
            pix[np.flatnonzero(col), y0:y1] = surf.map_rgb(colour)
        finally:
            del pix
    pygame.draw.rect(surf, theme.GRID, surf.get_rect(), 1)
    return surf


# ------------------------------------------------------------------ drawing

class ScopeRenderer:
    """Draws oscilloscope channels for one view; owns only its caches.

    ``s`` scales a length given at UI scale 1. Each channel's projection is
    cached under its name and the run's ``version`` (plus its y range, size
    and window), so a frame only slices it.
    """

    def __init__(self, s: Callable[[float], int]) -> None:
        self.s = s
        self._traces: dict[str, tuple] = {}
        self._dashes: dict[tuple, pygame.Surface] = {}
        self._mark: tuple[int, pygame.Surface] | None = None
        self._raster: tuple | None = None

    def channel(self, surface: pygame.Surface, ax: Axes, name: str, version, t: np.ndarray, y: np.ndarray,
                sweep: Sweep, dt_ms: float, colour, width: int = 2) -> None:
        """``y(t)`` from the window's start to the cursor, clipped to ``ax``."""
        t0, _ = sweep.window()
        key = (version, ax.ylim, ax.rect.size, sweep.window_ms)
        hit = self._traces.get(name)
        if hit is None or hit[0] != key:
            hit = (key, trace(t, y, ax.ylim, ax.rect.size, sweep.window_ms))
            self._traces[name] = hit
        i0 = int(t0 / dt_ms)
        i1 = int(min(len(t) - 1, max(0, round(sweep.cursor_ms / dt_ms)))) + 1
        pts = trace_points(hit[1], t, i0, i1, t0, ax.rect)
        if len(pts) > 1:
            clip = surface.get_clip()
            surface.set_clip(ax.rect)
            pygame.draw.lines(surface, colour, False, pts, width)
            surface.set_clip(clip)

    def cursor(self, surface: pygame.Surface, ax: Axes, sweep: Sweep) -> None:
        xc = ax.point(sweep.cursor_ms, ax.ylim[0])[0]
        if ax.rect.x <= xc < ax.rect.right:
            pygame.draw.line(surface, theme.TEXT_DIM, (xc, ax.rect.y), (xc, ax.rect.bottom - 1))

    def level_line(self, surface: pygame.Surface, ax: Axes, y: float) -> None:
        """A dashed horizontal line at model value ``y`` (e.g. the spike peak or 0 mV)."""
        py = ax.point(ax.xlim[0], y)[1]
        if ax.rect.top <= py < ax.rect.bottom:
            surface.blit(self._dash_line(ax.rect.width, self.s(6)), (ax.rect.x, py))

    def spike_marks(self, surface: pygame.Surface, ax: Axes, spikes: np.ndarray, sweep: Sweep) -> None:
        """Small triangles just above the frame at each spike the cursor has passed in the window."""
        t0, _ = sweep.window()
        sp = spikes[(spikes >= t0) & (spikes <= sweep.cursor_ms)]
        if not sp.size:
            return
        s = self.s
        xs, _ = ax.to_px(sp[-300:], np.zeros(min(sp.size, 300)))
        mark = self._spike_mark()
        top = ax.rect.y - s(8)
        surface.blits([(mark, (x, top)) for x in np.rint(xs - s(4)).astype(int).tolist()], doreturn=False)

    def raster(self, surface: pygame.Surface, rect: pygame.Rect, version, t_ms: float, rows, colours,
               sweep: Sweep) -> None:
        """Every spike of the run (one row per train), with the scope's window and cursor marked."""
        key = (version, rect.size, t_ms)
        if self._raster is None or self._raster[0] != key:
            self._raster = (key, raster_surface(rect.size, t_ms, rows, colours))
        surface.blit(self._raster[1], rect)
        t0, t1 = sweep.window()
        x0 = rect.x + int(t0 / t_ms * rect.width)
        x1 = rect.x + int(min(t1, t_ms) / t_ms * rect.width)
        pygame.draw.rect(surface, theme.ACCENT, (x0, rect.y - 2, max(2, x1 - x0), rect.height + 4), 1)
        xc = rect.x + int(sweep.cursor_ms / t_ms * rect.width)
        pygame.draw.line(surface, theme.STAR, (xc, rect.y - 2), (xc, rect.bottom + 1))

    def _dash_line(self, length: int, dash: int) -> pygame.Surface:
        key = (length, dash)
        img = self._dashes.get(key)
        if img is None:
            img = pygame.Surface((length, 1))
            img.set_colorkey((0, 0, 0))
            for k in range(0, length, 2 * dash):
                pygame.draw.line(img, theme.GRID, (k, 0), (min(k + dash, length) - 1, 0))
            self._dashes[key] = img
        return img

    def _spike_mark(self) -> pygame.Surface:
        s = self.s
        if self._mark is None or self._mark[0] != s(8):
            img = pygame.Surface((2 * s(4) + 1, s(6) + 1), pygame.SRCALPHA)
            pygame.draw.polygon(img, theme.STAR, ((0, 0), (2 * s(4), 0), (s(4), s(6))))
            self._mark = (s(8), img)
        return self._mark[1]


# ------------------------------------------------------------------ controls

def plan_rows(labels: Sequence[str], width: int, font: pygame.font.Font, pad: int, gap: int) -> tuple[int, int]:
    """(rows, buttons per row) for buttons whose widest label fits, rows balanced.

    >>> class F:
    ...     def size(self, text): return (10 * len(text), 12)
    >>> plan_rows(["RS", "IB", "CH", "FS", "LTS"], 100, F(), pad=10, gap=5)
    (3, 2)
    """
    need = max((font.size(x)[0] for x in labels), default=0) + pad
    per_row = max(1, min(len(labels), (width + gap) // (need + gap)))
    rows = math.ceil(len(labels) / per_row) if labels else 0
    return rows, (math.ceil(len(labels) / rows) if rows else 0)
