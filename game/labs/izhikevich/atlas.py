"""The firing-pattern atlas, computed in a background thread.

``game.sim.izhikevich.atlas`` classifies every point of a 2-D parameter grid
(all neurons at once as numpy arrays, about 2 s for 100 x 100 x 1 s). The
frame loop must keep running meanwhile, so :class:`AtlasWorker` runs it in a
daemon thread, publishes its progress as a float, and cancels a stale job
through the simulator's ``should_stop`` hook when the player changes a
parameter the map depends on. No pygame here; the view draws the result.
"""

from __future__ import annotations

import threading
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
    """Runs at most one atlas job at a time in a daemon thread.

    ``start(key, ...)`` begins a job (cancelling any other); the frame loop
    reads ``progress`` (0..1), ``busy`` and, when done, ``result`` as
    ``(key, classes)`` with ``classes`` an int array of shape (n, n) of
    indices into ``FIRING_CLASSES``. ``error`` holds the text of a failed job.
    """

    def __init__(self) -> None:
        self._job = 0
        self._lock = threading.Lock()
        self.progress = 0.0
        self.busy = False
        self.pending_key = None
        self.result: tuple | None = None
        self.error: str | None = None

    def start(self, key, axes: AtlasAxes, fixed: dict, current: Callable | float, t_ms: float,
              n: int = ATLAS_N) -> None:
        """Start computing the map ``axes`` with the other parameters in ``fixed``."""
        with self._lock:
            self._job += 1
            job = self._job
            self.progress = 0.0
            self.busy = True
            self.pending_key = key
            self.error = None
        xs, ys = axes.values(n)
        other = {k: v for k, v in fixed.items() if k not in (axes.x, axes.y)}

        def stale() -> bool:
            return self._job != job

        def report(f: float) -> None:
            if not stale():
                self.progress = float(f)

        def work() -> None:
            try:
                classes = izh.atlas(axes.x, xs, axes.y, ys, other, current, min(t_ms, ATLAS_T_MS),
                                    progress=report, should_stop=stale)
            except izh.Cancelled:
                return
            except (ValueError, FloatingPointError, MemoryError) as exc:
                with self._lock:
                    if not stale():
                        self.error, self.busy = str(exc), False
                return
            with self._lock:
                if not stale():
                    self.result = (key, classes)
                    self.progress, self.busy = 1.0, False

        threading.Thread(target=work, name="izhikevich-atlas", daemon=True).start()

    def cancel(self) -> None:
        """Make any running job stale (it stops at its next progress check)."""
        with self._lock:
            self._job += 1
            self.busy = False
            self.pending_key = None

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the current job ends (tests only); True if it finished."""
        import time
        end = time.monotonic() + timeout
        while self.busy and time.monotonic() < end:
            time.sleep(0.01)
        return not self.busy
