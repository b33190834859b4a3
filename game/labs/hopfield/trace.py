"""What a hopfield run leaves behind: its outcome and the energy after every update.

:class:`Outcome` is how a run ended (the states are copies, so later edits
cannot change a scored run); :class:`EnergyTrace` is the energy-versus-time
record the energy plot draws, in unit updates since the run began (a sweep
is N updates). Energies are dimensionless, ``E = -1/2 s^T W s``. No pygame.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: Energy samples kept for the plot; beyond this every other one is dropped.
MAX_TRACE = 12_000


class Outcome(NamedTuple):
    """How a run ended (states are copies)."""

    start: np.ndarray            #: state the run began from
    final: np.ndarray            #: settled state (one state of a 2-cycle)
    kind: str                    #: "fixed_point" or "cycle"
    partner: np.ndarray | None   #: other state of the 2-cycle
    stored: tuple[int, ...]      #: gallery indices stored during the run
    annealed: bool               #: the run followed an annealing schedule
    sweeps: int                  #: sweeps (or parallel steps) it took


class EnergyTrace:
    """Energy after updates, for the energy-versus-time plot.

    ``t`` counts unit updates since the run began (a sweep is N updates);
    only updates that change the energy are kept, plus the latest time.
    Samples live in growing numpy buffers, so appending a sweep's flips and
    reading the curve each frame cost no Python loops.
    """

    def __init__(self) -> None:
        self._t = np.zeros(256)
        self._e = np.zeros(256)
        self.count = 0
        self.now_t = 0.0
        self.version = 0

    def reset(self, energy: float) -> None:
        self._t[0], self._e[0] = 0.0, float(energy)
        self.count = 1
        self.now_t = 0.0
        self.version += 1

    @property
    def last(self) -> float:
        return float(self._e[self.count - 1]) if self.count else float("nan")

    def _push(self, t: np.ndarray, e: np.ndarray) -> None:
        need = self.count + t.size
        if need > self._t.size:
            size = max(need, 2 * self._t.size)
            self._t = np.resize(self._t, size)
            self._e = np.resize(self._e, size)
        self._t[self.count:need] = t
        self._e[self.count:need] = e
        self.count = need
        if self.count > MAX_TRACE:
            # keep the first sample and every other one after it
            keep = np.r_[0, np.arange(1, self.count, 2)]
            n = keep.size
            self._t[:n] = self._t[keep]
            self._e[:n] = self._e[keep]
            self.count = n

    def add(self, t0: float, energies: np.ndarray, changed: np.ndarray) -> None:
        """Append the updates ``t0 + 1 .. t0 + len(energies)``; keep those in ``changed``."""
        idx = np.flatnonzero(changed)
        if idx.size:
            self._push(t0 + 1 + idx.astype(float), np.asarray(energies, dtype=float)[idx])
        self.now_t = t0 + len(energies)
        self.version += 1

    def add_point(self, t: float, energy: float) -> None:
        """Append one sample (a synchronous step changes every unit at once)."""
        self._push(np.array([float(t)]), np.array([float(energy)]))
        self.now_t = float(t)
        self.version += 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Step-curve points (t, E), ending at the current time."""
        if not self.count:
            return np.zeros(0), np.zeros(0)
        n = self.count
        t = np.empty(n + 1)
        e = np.empty(n + 1)
        t[:n], e[:n] = self._t[:n], self._e[:n]
        t[n], e[n] = max(self.now_t, self._t[n - 1]), self._e[n - 1]
        return t, e
