"""The hopfield lab's model: gallery, stored set, grid state and runs (no pygame).

The view owns one :class:`LabModel` and calls its verbs (``paint``,
``corrupt``, ``toggle_stored``, ``begin``, ``advance``, ...); it never
touches the network arrays itself.  Dynamics live in :mod:`game.sim.hopfield`:
asynchronous runs use :class:`~game.sim.hopfield.RecallAnimator` (one unit at
a time, so the view can highlight the unit being updated), synchronous runs
apply :func:`~game.sim.hopfield.sync_step` once per sweep's worth of time.

Randomness (reproducible scores)
--------------------------------
* Corruption draws from one generator seeded ``[seed, 0]``: the k-th press
  of "Corrupt" after opening (or resetting) a level is always the same.
* Every run starts a fresh generator seeded ``[seed, 1]`` for its update
  order and Glauber noise, so a run's result is a pure function of the
  weights, the start state, the temperatures and the level seed.

A run ends with an :class:`Outcome` when a zero-temperature sweep changes
nothing (a fixed point) or, in synchronous mode, when the state returns to
the one two steps back (a 2-cycle).  Any edit (painting, corrupting, storing,
switching rule or mode) abandons the current run.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from game.sim import hopfield as hf

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


class LabModel:
    """A Hopfield network with a gallery of candidate patterns and a grid state.

    Parameters
    ----------
    names : list of str
        Gallery names, one per row of ``X``.
    X : ndarray, shape (P, N)
        Candidate patterns of +-1.
    shape : (h, w)
        Grid rows and columns, ``h * w == N``.
    stored : sequence of bool
        Which candidates are stored in the weights.
    start : ndarray, shape (N,)
        The level's start state (what "Restore" returns to before any run).
    seed : int
        Level seed (see the module docstring).
    rule : {"hebbian", "storkey", "pseudo_inverse"}
    target : int or None
        Gallery index of the pattern the level is about ("Corrupt" uses it).
    mode : {"async", "sync"}
    """

    def __init__(self, names, X, shape, stored, start, seed: int, rule: str = "hebbian",
                 target: int | None = None, mode: str = "async") -> None:
        self.names = list(names)
        self.X = np.asarray(X, dtype=float)
        self.shape = (int(shape[0]), int(shape[1]))
        self.n = self.shape[0] * self.shape[1]
        self.stored = np.array(stored, dtype=bool)
        self.rule = rule
        self.target = target
        self.reference = target          # pattern that "Corrupt" starts from
        self.mode = mode
        self.seed = int(seed)
        self.given = np.array(start, dtype=float).copy()   # the level's start state
        self.state = self.given.copy()
        self.corr_rng = np.random.default_rng([self.seed, 0])
        self.temperature = 0.0
        self.anim: hf.RecallAnimator | None = None
        self.schedule: np.ndarray | None = None
        self.run_start: np.ndarray | None = None
        self.last_start: np.ndarray | None = None   # survives edits, for "Restore"
        self.outcome: Outcome | None = None
        self.trace = EnergyTrace()
        self.version = 0                  # bumps whenever ``state`` changes
        self.last_unit: int | None = None
        self.last_flipped = np.zeros(0, dtype=np.intp)
        self._sync_prev: np.ndarray | None = None
        self._sync_steps = 0
        self._sync_credit = 0
        self._finished = False
        self._weights: dict[tuple, np.ndarray] = {}
        self._settled_version: tuple | None = None   # (version, rule, stored) a run ended settled at
        self.trace.reset(self.energy())

    # ---------------------------------------------------------------- network
    @property
    def stored_idx(self) -> tuple[int, ...]:
        return tuple(int(i) for i in np.flatnonzero(self.stored))

    @property
    def W(self) -> np.ndarray:
        """Weights of the stored patterns under the current rule (cached)."""
        key = (self.rule, self.stored_idx)
        W = self._weights.get(key)
        if W is None:
            if key[1]:
                W = hf.learn(self.X[list(key[1])], self.rule)
            else:
                W = np.zeros((self.n, self.n))
            if len(self._weights) > 6:
                self._weights.clear()
            self._weights[key] = W
        return W

    def energy(self, s=None) -> float:
        """Energy of ``s`` (default: the grid) under the current weights."""
        return hf.energy(self.W, self.state if s is None else s)

    def overlaps(self) -> np.ndarray:
        """Overlap of the grid with every gallery pattern, shape (P,)."""
        return hf.overlaps(self.state, self.X) if len(self.X) else np.zeros(0)

    def load(self) -> float:
        """Stored patterns per unit, P/N."""
        return float(self.stored.sum()) / self.n

    def settled(self) -> bool:
        """The grid is a zero-temperature fixed point of the current weights.

        A run that just ended on a fixed point has proved it (a whole sweep at
        T = 0 without a flip); otherwise the local fields are computed, which
        for a 32 x 32 grid reads the whole 8 MB weight matrix (~3 ms cold).
        """
        if self._settled_version == (self.version, self.rule, self.stored_idx):
            return True
        return hf.is_fixed_point(self.W, self.state)

    def classify(self) -> tuple[str, int | None, tuple[int, ...] | None]:
        """("pattern" | "inverse" | "spurious" | "empty", gallery index, mixture indices)."""
        idx = self.stored_idx
        if not idx:
            return ("empty", None, None)
        P = self.X[list(idx)]
        kind, k = hf.classify_state(self.state, P)
        if kind != "spurious":
            return (kind, idx[k], None)
        comp = hf.mixture_components(self.state, P)
        return ("spurious", None, None if comp is None else tuple(idx[c] for c in comp))

    # ------------------------------------------------------------------ edits
    def _edited(self) -> None:
        self.anim = None
        self.schedule = None
        self.run_start = None
        self._sync_prev = None
        self.last_unit = None
        self.last_flipped = np.zeros(0, dtype=np.intp)
        self.version += 1
        self.trace.reset(self.energy())

    def set_state(self, s) -> None:
        s = np.asarray(s, dtype=float).ravel()
        if s.size != self.n:
            raise ValueError(f"state has {s.size} units, the grid {self.n}")
        self.state = np.where(s > 0, 1.0, -1.0)
        self._edited()

    def paint(self, cells, value: float) -> int:
        """Set grid cells (flat indices) to ``value`` (+1 on, -1 off); returns cells changed."""
        idx = np.asarray(cells, dtype=np.intp).ravel()
        idx = idx[(idx >= 0) & (idx < self.n)]
        v = 1.0 if value > 0 else -1.0
        changed = int(np.count_nonzero(self.state[idx] != v))
        if changed:
            self.state[idx] = v
            self._edited()
        return changed

    def occlude(self, mask) -> int:
        """Hide the cells under ``mask`` (set them off); returns cells changed."""
        m = np.asarray(mask, dtype=bool).ravel()
        new = hf.occlude(self.state, m, -1)
        changed = int(np.count_nonzero(new != self.state))
        if changed:
            self.state = new
            self._edited()
        return changed

    def corrupt(self, noise_pct: float) -> bool:
        """Put the reference pattern with ``noise_pct`` % flipped units on the grid."""
        if self.reference is None:
            return False
        frac = min(1.0, max(0.0, float(noise_pct) / 100.0))
        self.state = hf.corrupt(self.X[self.reference], frac, self.corr_rng)
        self._edited()
        return True

    def show_pattern(self, i: int) -> None:
        """Put gallery pattern ``i`` on the grid and make it the reference."""
        self.reference = int(i)
        self.state = self.X[i].copy()
        self._edited()

    def restore(self) -> None:
        """Back to the state the last run began from (or the level's start)."""
        self.state = (self.last_start if self.last_start is not None else self.given).copy()
        self._edited()

    def restore_given(self) -> None:
        """Back to the level's own start state."""
        self.state = self.given.copy()
        self._edited()

    def toggle_stored(self, i: int, reset: bool = False) -> None:
        self.stored[i] = not self.stored[i]
        if reset:
            self.state = self.given.copy()
        self._edited()

    def set_stored(self, mask) -> None:
        self.stored = np.array(mask, dtype=bool)
        self._edited()

    def set_rule(self, rule: str) -> None:
        if rule not in hf.RULES:
            raise ValueError(f"unknown rule {rule!r}")
        self.rule = rule
        self._edited()

    def set_mode(self, mode: str) -> None:
        if mode not in ("async", "sync"):
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self._edited()

    def set_temperature(self, T: float) -> None:
        """Constant temperature of the next run (and of a running one without schedule)."""
        T = float(T)
        if not np.isfinite(T) or T < 0:
            return
        self.temperature = T
        if self.anim is not None and self.schedule is None:
            self.anim.temperature = T

    # ------------------------------------------------------------------- runs
    @property
    def has_run(self) -> bool:
        """A run has begun and not been abandoned (it may have finished)."""
        return self.run_start is not None

    def begin(self, schedule=None) -> None:
        """Start a run from the grid (an anneal when ``schedule`` is given)."""
        self.run_start = self.state.copy()
        self.last_start = self.run_start.copy()
        self.schedule = None if schedule is None else np.asarray(schedule, dtype=float)
        self.last_unit = None
        self._sync_prev = None
        self._sync_steps = 0
        self._sync_credit = 0
        self._finished = False
        rng = np.random.default_rng([self.seed, 1])
        if self.mode == "async":
            T = 0.0 if self.schedule is not None else self.temperature
            self.anim = hf.RecallAnimator(self.W, self.state, rng, temperature=T, schedule=self.schedule)
            # the animator keeps its own copy; share it so the grid shows progress
            self.state = self.anim.state
            self.trace.reset(self.anim.energy)
        else:
            self.anim = None
            self.trace.reset(self.energy())

    def finished(self) -> bool:
        """The current run has ended (fixed point or 2-cycle)."""
        return self.run_start is not None and self._finished

    def sweep_now(self) -> int:
        """Sweeps completed in the current run."""
        if self.mode == "sync":
            return self._sync_steps
        return self.anim.sweeps if self.anim is not None else 0

    def current_temperature(self) -> float:
        """Temperature of the sweep under way (0 for synchronous runs)."""
        if self.mode == "async" and self.anim is not None:
            return self.anim.temperature
        return 0.0 if self.mode == "sync" else self.temperature

    def advance(self, n_units: int) -> Outcome | None:
        """Advance the run by ``n_units`` unit updates; returns a new outcome if it ended.

        Synchronous mode counts N unit-times per parallel step and carries
        the remainder inside ``_sync_credit``.
        """
        if self.run_start is None:
            self.begin()
        n_units = int(n_units)
        if n_units <= 0:
            return None
        if self.mode == "sync":
            self._sync_credit += n_units
            out = None
            while self._sync_credit >= self.n:
                self._sync_credit -= self.n
                out = self.sync_step() or out
            return out
        anim = self.anim
        t0 = anim.sweeps * self.n + anim.position
        was_done = self._finished
        chunk = anim.advance(n_units)
        self.trace.add(t0, chunk.energies, chunk.flipped)
        if chunk.units.size:
            self.last_unit = int(chunk.units[-1])
            self.last_flipped = chunk.units[chunk.flipped]
            if chunk.flipped.any():
                self.version += 1
        if anim.converged and anim.sweep_temperature() == 0.0 and not was_done:
            self._finished = True
            self._settled_version = (self.version, self.rule, self.stored_idx)
            self.outcome = Outcome(self.run_start.copy(), self.state.copy(), "fixed_point", None,
                                   self.stored_idx, self.schedule is not None, anim.sweeps)
            return self.outcome
        return None

    def step_unit(self) -> Outcome | None:
        """Update one unit ("Step one neuron"); synchronous mode has no single-unit step."""
        if self.mode == "sync":
            return None
        if self.run_start is None:
            self.begin()
        return self.advance(1)

    def step_sweep(self) -> Outcome | None:
        """Finish the current sweep (async) or make one parallel step (sync)."""
        if self.run_start is None:
            self.begin()
        if self.mode == "sync":
            return self.sync_step()
        return self.advance(self.n - self.anim.position)

    def sync_step(self) -> Outcome | None:
        """One synchronous update of every unit; detects fixed points and 2-cycles."""
        if self.run_start is None:
            self.begin()
        W = self.W
        new = hf.sync_step(W, self.state)
        prev = self._sync_prev
        self._sync_prev = self.state.copy()
        changed = np.flatnonzero(new != self.state)
        self.state = new
        self._sync_steps += 1
        self.last_flipped = changed
        self.last_unit = None
        if changed.size:
            self.version += 1
        self.trace.add_point(self._sync_steps * self.n, self.energy())
        if self._finished:
            return None
        if changed.size == 0:
            self._finished = True
            self.outcome = Outcome(self.run_start.copy(), self.state.copy(), "fixed_point", None,
                                   self.stored_idx, False, self._sync_steps)
            return self.outcome
        if prev is not None and np.array_equal(new, prev):
            self._finished = True
            self.outcome = Outcome(self.run_start.copy(), self.state.copy(), "cycle",
                                   self._sync_prev.copy(), self.stored_idx, False, self._sync_steps)
            return self.outcome
        return None

    def model_state(self) -> dict[str, np.ndarray]:
        t, e = self.trace.arrays()
        return {"state": self.state, "W": self.W, "energy_t": t, "energy": e,
                "overlaps": self.overlaps()}
