"""The firing-pattern atlas: its two axes and the job that computes a map in slices.

``game.sim.izhikevich.atlas_steps`` classifies every point of a 2-D parameter
grid (all neurons at once as numpy arrays, about 2 s of CPU for 100 x 100 x
1 s, one yield per 1 ms time step). :func:`atlas_job` is that generator for
the model's job scheduler, which advances it in the main thread within a
time budget per frame, so the frame loop never waits for it. (A background
thread looked free but was not: it shares the GIL, and every pygame or numpy
call that released the GIL handed it to the thread for up to the 5 ms switch
interval, doubling frames and stretching a window resize to 200 ms.) No
pygame here; the renderer draws the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

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

    def at(self, fx: float, fy: float) -> tuple[float, float]:
        """The (x, y) values at fractions ``fx``, ``fy`` (0..1, clipped) of the map's width and height."""
        fx, fy = (float(np.clip(f, 0.0, 1.0)) for f in (fx, fy))
        return (self.x_range[0] + fx * (self.x_range[1] - self.x_range[0]),
                self.y_range[0] + fy * (self.y_range[1] - self.y_range[0]))

    def fraction(self, x: float, y: float) -> tuple[float, float]:
        """Where (x, y) lies on the map, as fractions of its width and height (outside: beyond 0..1)."""
        return ((x - self.x_range[0]) / (self.x_range[1] - self.x_range[0]),
                (y - self.y_range[0]) / (self.y_range[1] - self.y_range[0]))


#: The maps the sandbox offers: reset (c, d) as in Izhikevich (2003) Fig. 2, and recovery (a, b).
AXES = {
    "cd": AtlasAxes("c", (-80.0, -40.0), "d", (0.0, 10.0)),
    "ab": AtlasAxes("a", (0.005, 0.2), "b", (0.05, 0.3)),
}


def atlas_job(axes: AtlasAxes, params: dict, current: Callable | float, t_ms: float,
              eqs: izh.Equations = izh.STANDARD, n: int = ATLAS_N) -> Iterator[float]:
    """The map of ``axes`` with the other parameters of ``params`` (and ``eqs``), as slices.

    A generator for :meth:`game.core.jobs.Scheduler.slices`: it yields the
    fraction done and returns an int array of shape (n, n) of indices into
    ``FIRING_CLASSES`` (rows follow y upward, columns x).
    """
    xs, ys = axes.values(n)
    other = {k: v for k, v in params.items() if k in "abcd" and k not in (axes.x, axes.y)}
    return izh.atlas_steps(axes.x, xs, axes.y, ys, other, current, min(t_ms, ATLAS_T_MS), eqs=eqs)
