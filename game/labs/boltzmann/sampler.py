"""Gibbs chains of the boltzmann lab: the histogram they fill, and annealing runs (no pygame).

:class:`Sampler` keeps ``m`` persistent chains of all ``n`` units, advanced
by :func:`game.sim.boltzmann.gibbs` (one numpy operation per unit per sweep
updates every chain). After :data:`BURN_IN` sweeps from a fresh start, the
visible part of every chain after every sweep is counted into a histogram
over ``states(nv)``; the sampled distribution is ``counts / counted``.

An anneal starts every chain afresh and runs the schedule (one temperature
per sweep), then zero-temperature sweeps until a whole sweep flips no unit
of any chain (at most :data:`MAX_QUENCH_SWEEPS`): each chain then sits in a
local minimum of the energy. The final states are kept and make the
histogram until sampling starts again. A quench is an anneal with an empty
schedule.

Randomness: every :meth:`Sampler.reset` starts the generator seeded
``[seed, 1]`` and every anneal the one seeded ``[seed, 2]``, so a histogram
is a pure function of the network, the temperature, the clamps, the number
of chains and the sweeps since the reset (however the sweeps are split
between frames), and an anneal's outcome one of its schedule.
"""

from __future__ import annotations

import numpy as np

from game.sim import boltzmann as bm

#: Sweeps after a reset whose states are not counted (the chains start uniformly at random).
BURN_IN = 10
#: Zero-temperature sweeps an anneal may take to settle after its schedule.
MAX_QUENCH_SWEEPS = 100
#: Sweeps of the mean-energy trace kept for the plot (older ones are dropped).
MAX_TRACE = 1200


class Sampler:
    """Persistent Gibbs chains, their histogram over the visible states, and anneals.

    Parameters
    ----------
    n, nv : int
        Units in all, and visible units (the first ``nv``).
    chains : int
        Chains sampled side by side.
    seed : int
        The level seed (see the module docstring).

    Attributes
    ----------
    X : ndarray, shape (chains, n)
        The chains' current states (+-1).
    counts : ndarray, shape (2^nv,)
        How often each visible state was seen after the burn-in.
    counted : int
        Samples counted (chains x counted sweeps).
    sweeps : int
        Sweeps since the last reset (or anneal start).
    schedule : ndarray or None
        The temperatures of the anneal under way (or last run).
    final : ndarray or None
        The chains' states at the end of the last anneal, until the next reset.
    """

    def __init__(self, n: int, nv: int, chains: int, seed: int) -> None:
        self.n, self.nv, self.seed = int(n), int(nv), int(seed)
        self._w = 2 ** np.arange(self.nv - 1, -1, -1, dtype=np.int64)
        self.trace_E = np.zeros(0)
        self.trace_T = np.zeros(0)
        self.reset(chains)

    @property
    def m(self) -> int:
        return self.X.shape[0]

    # ------------------------------------------------------------ life
    def reset(self, chains: int | None = None) -> None:
        """A fresh start: new random chains from the generator seeded ``[seed, 1]``, an empty histogram."""
        m = self.m if chains is None else max(1, int(chains))
        self.rng = np.random.default_rng([self.seed, 1])
        self.X = np.where(self.rng.random((m, self.n)) < 0.5, -1.0, 1.0)
        self.counts = np.zeros(2 ** self.nv)
        self.counted = 0
        self.sweeps = 0
        self.schedule: np.ndarray | None = None
        self.position = 0              # sweeps of the schedule done
        self.quench_sweeps = 0
        self.annealing = False
        self.final: np.ndarray | None = None
        self.trace_E = np.zeros(0)
        self.trace_T = np.zeros(0)

    def histogram(self) -> np.ndarray:
        """The sampled distribution over ``states(nv)`` (zeros before anything is counted)."""
        return self.counts / self.counted if self.counted else np.zeros_like(self.counts)

    # ------------------------------------------------------------ sampling
    def sample(self, W, b, T: float, clamp, k: int) -> int:
        """``k`` sweeps at temperature ``T`` with the units of ``clamp`` (length n) held; returns ``k``."""
        k = int(k)
        if k <= 0 or self.annealing:
            return 0
        if self.final is not None:              # the histogram showed an anneal's end: start afresh
            self.reset()
        S = bm.gibbs(W, b, T, k, self.rng, s0=self.X, clamp=clamp)
        self.X = S[-1].astype(float)
        self._trace(W, b, S, np.full(k, float(T)))
        first = max(0, BURN_IN - self.sweeps)
        self.sweeps += k
        if first < k:
            self._count(S[first:])
        return k

    def _count(self, S: np.ndarray) -> None:
        idx = (S[..., :self.nv] > 0).astype(np.int64) @ self._w
        self.counts += np.bincount(idx.ravel(), minlength=self.counts.size)
        self.counted += idx.size

    def _trace(self, W, b, S: np.ndarray, temps: np.ndarray) -> None:
        E = bm.energies(W, b, S).mean(axis=1)
        self.trace_E = np.concatenate([self.trace_E, E])[-MAX_TRACE:]
        self.trace_T = np.concatenate([self.trace_T, temps])[-MAX_TRACE:]

    # ------------------------------------------------------------ annealing
    def begin_anneal(self, schedule) -> None:
        """Start an anneal from fresh random chains (generator ``[seed, 2]``); ``schedule`` may be empty."""
        m = self.m
        self.reset(m)
        self.rng = np.random.default_rng([self.seed, 2])
        self.X = np.where(self.rng.random((m, self.n)) < 0.5, -1.0, 1.0)
        self.schedule = np.asarray(schedule, dtype=float).ravel()
        self.annealing = True

    def anneal(self, W, b, clamp, k: int) -> bool:
        """Up to ``k`` more sweeps of the anneal under way; True when it has just ended."""
        if not self.annealing:
            return False
        k = int(k)
        left = self.schedule.size - self.position
        if left > 0 and k > 0:
            step = min(k, left)
            temps = self.schedule[self.position:self.position + step]
            S = bm.gibbs(W, b, temps, step, self.rng, s0=self.X, clamp=clamp)
            self.X = S[-1].astype(float)
            self._trace(W, b, S, temps)
            self.position += step
            self.sweeps += step
            k -= step
        if self.position < self.schedule.size or k <= 0:
            return False
        return self._quench(W, b, clamp, k)

    def _quench(self, W, b, clamp, k: int) -> bool:
        """Zero-temperature sweeps until one flips nothing (or the cap); True when settled."""
        k = min(k, MAX_QUENCH_SWEEPS - self.quench_sweeps)
        if k > 0:
            S = bm.gibbs(W, b, 0.0, k, self.rng, s0=self.X, clamp=clamp)
            prev = np.concatenate([self.X[None], S[:-1].astype(float)])
            still = np.all(S == prev, axis=(1, 2))
            done = int(np.argmax(still)) + 1 if still.any() else k
            self._trace(W, b, S[:done], np.zeros(done))
            self.X = S[done - 1].astype(float)
            self.quench_sweeps += done
            self.sweeps += done
            if not still.any() and self.quench_sweeps < MAX_QUENCH_SWEEPS:
                return False
        self.annealing = False
        self.final = self.X.copy()
        self.counts = np.zeros_like(self.counts)
        self._count(self.final[None])
        return True

    def temperature(self) -> float | None:
        """The temperature of the anneal's current sweep (0 while quenching), None when not annealing."""
        if not self.annealing:
            return None
        if self.position < self.schedule.size:
            return float(self.schedule[self.position])
        return 0.0
