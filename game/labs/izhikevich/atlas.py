"""The firing-pattern atlas, computed in slices of the frame loop.

``game.sim.izhikevich.atlas_steps`` classifies every point of a 2-D parameter
grid (all neurons at once as numpy arrays, about 2 s of CPU for 100 x 100 x
1 s, one yield per 1 ms time step). :class:`AtlasWorker` runs it in the main
thread, a few steps per frame within a time budget, so the frame loop never
waits for it. (A background thread looked free but was not: it shares the
GIL, and every pygame or numpy call that released the GIL handed it to the
thread for up to the 5 ms switch interval, doubling frames and stretching a
window resize to 200 ms.) A new job replaces a stale one at once. No pygame
here; the view draws the result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from game.sim import izhikevich as izh

#: Grid points per axis.
ATLAS_N = 100
#: Longest run the atlas simulates (ms): classes need a second at most.
ATLAS_T_MS = 1000.0


@dataclass(frozen=True)
class AtlasAxes:
    """Two parameters and their ranges; columns follow x, rows follow y (upward)."""

    x: str
    x_range: tuple[float, float]
    y: str
    y_range: tuple[float, float]

    def values(self, n: int = ATLAS_N) -> tuple[np.ndarray, np.ndarray]:
        return np.linspace(*self.x_range, n), np.linspace(*self.y_range, n)


#: The maps the sandbox offers: reset (c, d) as in Izhikevich (2003) Fig. 2, and recovery (a, b).
AXES = {
    "cd": AtlasAxes("c", (-80.0, -40.0), "d", (0.0, 10.0)),
    "ab": AtlasAxes("a", (0.005, 0.2), "b", (0.05, 0.3)),
}


class AtlasWorker:
    """Computes at most one atlas job, in time-budgeted slices of the frame loop.

    ``start(key, ...)`` begins a job (dropping any other); the view calls
    ``advance(budget_s)`` once a frame and reads ``progress`` (0..1), ``busy``
    and, when done, ``result`` as ``(key, classes)`` with ``classes`` an int
    array of shape (n, n) of indices into ``FIRING_CLASSES``. ``error`` holds
    the text of a failed job.
    """

    def __init__(self) -> None:
        self._steps = None
        self.progress = 0.0
        self.busy = False
        self.pending_key = None
        self.result: tuple | None = None
        self.error: str | None = None

    def start(self, key, axes: AtlasAxes, fixed: dict, current: Callable | float, t_ms: float,
              n: int = ATLAS_N, eqs: izh.Equations = izh.STANDARD) -> None:
        """Start computing the map ``axes`` with the other parameters in ``fixed`` (and ``eqs``)."""
        xs, ys = axes.values(n)
        other = {k: v for k, v in fixed.items() if k not in (axes.x, axes.y)}
        self._steps = izh.atlas_steps(axes.x, xs, axes.y, ys, other, current, min(t_ms, ATLAS_T_MS), eqs=eqs)
        self.progress = 0.0
        self.busy = True
        self.pending_key = key
        self.error = None

    def advance(self, budget_s: float) -> bool:
        """Compute until ``budget_s`` (s, wall clock) is spent or the job ends; True when a map landed."""
        if self._steps is None:
            return False
        t0 = time.perf_counter()
        try:
            while True:
                self.progress = float(next(self._steps))
                if time.perf_counter() - t0 >= budget_s:
                    return False
        except StopIteration as done:
            self.result = (self.pending_key, done.value)
            self.progress = 1.0
            return self._end()
        except (ValueError, FloatingPointError, MemoryError) as exc:
            self.error = str(exc)
            self._end()
            return False

    def _end(self) -> bool:
        self._steps = None
        self.busy = False
        return True

    def cancel(self) -> None:
        """Drop any job in progress."""
        self._steps = None
        self.busy = False
        self.pending_key = None

    def wait(self, timeout: float = 10.0) -> bool:
        """Compute the current job to its end now, within ``timeout`` s (tests); True if it finished."""
        if self.busy:
            self.advance(timeout)
        return not self.busy
