"""The hopfield lab's model: gallery, stored set, the grid state and its runs (no pygame).

:class:`HopfieldModel` holds the science state of one level: the gallery of
candidate patterns (``names``, ``X``), which are stored (``stored``) under
which learning rule (``rule``), the grid state ``s`` (+-1 per unit,
row-major), and the current run. The view calls its verbs (``paint``,
``corrupt``, ``toggle_stored``, ``toggle_run``, ``anneal``, ...); it never
touches the network arrays. Dynamics live in :mod:`game.sim.hopfield`:
asynchronous runs use :class:`~game.sim.hopfield.RecallAnimator` (one unit
at a time, so the view can highlight the unit being updated), synchronous
runs apply :func:`~game.sim.hopfield.sync_step` once per sweep's worth of
unit-time.

Time
----
A running network advances only in :meth:`HopfieldModel.step`, at a fixed
internal step: one unit update every ``1 / (speed N)`` s, the leftover time
carried to the next frame. At most :data:`MAX_SWEEPS_PER_FRAME` sweeps are
owed at once (a long frame drops the rest), and the updates of one frame
stop after :data:`FRAME_BUDGET_S` of computing, carrying the rest; the run's
result does not depend on how it is sliced.

Randomness (reproducible scores)
--------------------------------
* Corruption draws from one generator seeded ``[seed, 0]``: the k-th press
  of "Corrupt" after opening (or resetting) a level is always the same (the
  level's own noisy start is draw 0).
* Every run starts a fresh generator seeded ``[seed, 1]`` for its update
  order and Glauber noise, so a run's result is a pure function of the
  weights, the start state, the temperatures and the level seed.

A run ends with an :class:`~game.labs.hopfield.trace.Outcome` when a
zero-temperature sweep changes nothing (a fixed point) or, in synchronous
mode, when the state returns to the one two steps back (a 2-cycle); the
outcome is scored at once by ``goals.GOALS``. Any edit (painting,
corrupting, storing, switching rule or update mode) abandons the run.
"""

from __future__ import annotations

import math
import time
from typing import Mapping

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.labs.hopfield import goals, sandbox
from game.labs.hopfield.gallery import canonical, gallery, start_state
from game.labs.hopfield.schema import LIMITS, STORKEY_MAX_N, Fixed
from game.labs.hopfield.trace import EnergyTrace, Outcome
from game.sim import hopfield as hf

#: At most this many sweeps are owed at once (a long frame drops the rest).
MAX_SWEEPS_PER_FRAME = 2
#: Computing time per frame the dynamics may use before the rest is carried to the next frame (s).
#: A hot sweep of the 32 x 32 grid (hundreds of flips) takes about 2 ms.
FRAME_BUDGET_S = 0.003
#: The order the rule button steps through (Storkey is skipped above ``STORKEY_MAX_N`` units).
RULE_ORDER = ("hebbian", "storkey", "pseudo_inverse")
#: Weight matrices kept per (rule, stored set) before the memo is emptied (bounded: at most
#: 7 x 8 MB at 32 x 32).
WEIGHTS_KEPT = 6


class HopfieldModel(LabModel):
    """A Hopfield network with a gallery of candidate patterns and a grid state, on one level.

    Attributes
    ----------
    names : list of str
        Gallery names, one per row of ``X``.
    X : ndarray, shape (P, N)
        Candidate patterns of +-1.
    shape : (h, w)
        Grid rows and columns, ``h * w == n``.
    stored : ndarray of bool, shape (P,)
        Which candidates are stored in the weights.
    s : ndarray, shape (n,)
        The grid state (+-1 per unit, row-major); a run updates it in place.
    given : ndarray, shape (n,)
        The level's start state (what "Restore" returns to before any run).
    rule : {"hebbian", "storkey", "pseudo_inverse"}
    update_mode : {"async", "sync"}
    target : int or None
        Gallery index of the pattern the level is about.
    reference : int or None
        The pattern "Corrupt" starts from (the target, or the last one loaded).
    running : bool
        The run advances in :meth:`step`.
    note : str or None
        i18n key of a short explanation (``note_fmt`` its fields), shown by :meth:`say` for
        :data:`game.core.lab.NOTE_S`.
    """

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        super().__init__(level, mode)
        self.seed = int(level.seed)
        self.random_set = False           # sandbox: the gallery holds random patterns
        self.running = False
        self._acc = 0.0                   # unit updates owed to the run (fractional)
        self.net_version = 0              # bumps with every new gallery (for caches)
        self._plan: tuple | None = None
        self._build(self.fixed)

    # ---------------------------------------------------------------- building
    def base_values(self) -> Mapping[str, float]:
        f = self.fixed
        return {"noise_pct": f.noise_pct, "T": f.T, "speed": f.speed, "anneal_T0": f.anneal.T0,
                "anneal_sweeps": float(f.anneal.sweeps)}

    def _build(self, fixed: Fixed) -> None:
        """The network ``fixed`` describes (a validated level: its gallery has no problems)."""
        names, X, problems = gallery(fixed, self.seed)
        if problems:
            raise ValueError("; ".join(problems))
        self.names = list(names)
        self.X = np.asarray(X, dtype=float)
        self.shape = (int(fixed.size[0]), int(fixed.size[1]))
        self.n = self.shape[0] * self.shape[1]
        if fixed.stored is None:
            self.stored = np.ones(len(names), dtype=bool)
        else:
            keep = {canonical(n) for n in fixed.stored}
            self.stored = np.array([n in keep for n in names], dtype=bool)
        self.rule = fixed.rule
        self.update_mode = fixed.mode
        self.target = names.index(canonical(fixed.target)) if fixed.target is not None else None
        self.reference = self.target
        # "Corrupt" continues the stream the level's noisy start was drawn from
        self.corr_rng = np.random.default_rng([self.seed, 0])
        self.given = start_state(fixed, names, X, self.corr_rng)
        self.s = self.given.copy()
        self.temperature = self.values["T"]
        self.anim: hf.RecallAnimator | None = None
        self.schedule: np.ndarray | None = None
        self.run_start: np.ndarray | None = None
        self.last_start: np.ndarray | None = None    # survives edits, for "Restore"
        self.outcome: Outcome | None = None
        self.trace = EnergyTrace()
        self.version = 0                             # bumps whenever ``s`` changes
        self.net_version += 1
        self.last_unit: int | None = None
        self.last_flipped = np.zeros(0, dtype=np.intp)
        self._sync_prev: np.ndarray | None = None
        self._sync_steps = 0
        self._sync_credit = 0
        self._finished = False
        self._weights: dict[tuple, np.ndarray] = {}
        self._settled_version: tuple | None = None   # (version, rule, stored) a run ended settled at
        self._verdict: tuple | None = None
        self.trace.reset(self.energy())

    def reset(self) -> None:
        """Ctrl+R: the level as it opened (the sandbox's default gallery); the best score stays."""
        super().reset()
        self.random_set = False
        self.stop()
        self.note = None
        self._build(sandbox.fixed() if self.mode.sandbox else self.fixed)

    def rebuild(self, shape: tuple[int, int], random: bool, keep_stored: bool) -> None:
        """Sandbox: a new gallery (grid size or pattern set changed), keeping what it can."""
        self.stop()
        old_stored, old_rule, old_mode = self.stored, self.rule, self.update_mode
        self._build(sandbox.fixed(shape, random) if self.mode.sandbox else self.fixed)
        if keep_stored and len(old_stored) == len(self.stored):
            self.set_stored(old_stored)
        if old_rule in hf.RULES:
            self.set_rule(old_rule)
        self.set_update_mode(old_mode)
        self.random_set = random

    def next_size(self) -> None:
        """Sandbox: the next grid size (32 x 32 is skipped under the Storkey rule)."""
        h = self.shape[0]
        nxt = sandbox.SIZES[(sandbox.SIZES.index(h) + 1) % len(sandbox.SIZES)] if h in sandbox.SIZES else 16
        if self.rule == "storkey" and nxt * nxt > STORKEY_MAX_N:
            nxt = sandbox.SIZES[0]
        self.rebuild((nxt, nxt), self.random_set, keep_stored=True)

    def toggle_set(self) -> None:
        """Sandbox: glyphs <-> seeded random patterns."""
        self.rebuild(self.shape, not self.random_set, keep_stored=False)

    # ---------------------------------------------------------------- network
    @property
    def stored_idx(self) -> tuple[int, ...]:
        return tuple(int(i) for i in np.flatnonzero(self.stored))

    @property
    def W(self) -> np.ndarray:
        """Weights of the stored patterns under the current rule (a bounded memo)."""
        key = (self.rule, self.stored_idx)
        W = self._weights.get(key)
        if W is None:
            if key[1]:
                W = hf.learn(self.X[list(key[1])], self.rule)
            else:
                W = np.zeros((self.n, self.n))
            if len(self._weights) > WEIGHTS_KEPT:
                self._weights.clear()
            self._weights[key] = W
        return W

    def energy(self, s=None) -> float:
        """Energy of ``s`` (default: the grid) under the current weights."""
        return hf.energy(self.W, self.s if s is None else s)

    def overlaps(self) -> np.ndarray:
        """Overlap of the grid with every gallery pattern, shape (P,)."""
        return hf.overlaps(self.s, self.X) if len(self.X) else np.zeros(0)

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
        return hf.is_fixed_point(self.W, self.s)

    def classify(self) -> tuple[str, int | None, tuple[int, ...] | None]:
        """("pattern" | "inverse" | "spurious" | "empty", gallery index, mixture indices)."""
        idx = self.stored_idx
        if not idx:
            return ("empty", None, None)
        P = self.X[list(idx)]
        kind, k = hf.classify_state(self.s, P)
        if kind != "spurious":
            return (kind, idx[k], None)
        comp = hf.mixture_components(self.s, P)
        return ("spurious", None, None if comp is None else tuple(idx[c] for c in comp))

    def verdict(self) -> tuple[str, dict]:
        """What the grid is now, for the state badge: (kind, fields).

        Kinds: "annealing" (k, K, T), "running" (k), "cycle" (n blinking
        units), "empty" (nothing stored), "unsettled", "pattern" / "inverse"
        (index), "mixture" (indices), "spurious". The classification is kept
        until the state, the rule or the stored set changes.
        """
        if self.has_run and not self.finished() and self.running:
            if self.schedule is not None and self.anim is not None and self.anim.sweeps < len(self.schedule):
                return ("annealing", {"k": self.sweep_now() + 1, "K": len(self.schedule),
                                      "T": self.current_temperature()})
            return ("running", {"k": self.sweep_now() + 1})
        out = self.outcome
        if self.finished() and out is not None and out.kind == "cycle":
            return ("cycle", {"n": int(goals.cycle_score(out.final, out.partner))})
        key = (self.version, self.net_version, self.rule, self.stored_idx)
        if self._verdict is None or self._verdict[0] != key:
            kind, idx, comp = self.classify()
            settled = kind != "empty" and self.settled()
            self._verdict = (key, kind, idx, comp, settled)
        _, kind, idx, comp, settled = self._verdict
        if kind == "empty":
            return ("empty", {})
        if not settled:
            return ("unsettled", {})
        if kind in ("pattern", "inverse"):
            return (kind, {"index": idx})
        return ("mixture", {"indices": comp}) if comp else ("spurious", {})

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
        self.s = np.where(s > 0, 1.0, -1.0)
        self._edited()

    def paint(self, cells, value: float) -> int:
        """Set grid cells (flat indices) to ``value`` (+1 on, -1 off); returns cells changed."""
        idx = np.asarray(cells, dtype=np.intp).ravel()
        idx = idx[(idx >= 0) & (idx < self.n)]
        v = 1.0 if value > 0 else -1.0
        changed = int(np.count_nonzero(self.s[idx] != v))
        if changed:
            self.s[idx] = v
            self._edited()
        return changed

    def occlude(self, mask) -> int:
        """Hide the cells under ``mask`` (set them off); returns cells changed."""
        m = np.asarray(mask, dtype=bool).ravel()
        new = hf.occlude(self.s, m, -1)
        changed = int(np.count_nonzero(new != self.s))
        if changed:
            self.s = new
            self._edited()
        return changed

    def corrupt(self, noise_pct: float | None = None) -> bool:
        """Put the reference pattern with ``noise_pct`` % flipped units on the grid (default: the
        slider's); False (and a note) when there is no reference."""
        if self.reference is None:
            self.say("hopfield.note.no_reference")
            return False
        pct = self.values["noise_pct"] if noise_pct is None else noise_pct
        frac = min(1.0, max(0.0, float(pct) / 100.0))
        self.s = hf.corrupt(self.X[self.reference], frac, self.corr_rng)
        self._edited()
        return True

    def show_pattern(self, i: int) -> None:
        """Put gallery pattern ``i`` on the grid and make it the reference."""
        self.reference = int(i)
        self.s = self.X[i].copy()
        self._edited()

    def restore(self) -> None:
        """Back to the state the last run began from (or the level's start)."""
        self.s = (self.last_start if self.last_start is not None else self.given).copy()
        self._edited()

    def restore_given(self) -> None:
        """Back to the level's own start state."""
        self.s = self.given.copy()
        self._edited()

    def resets_on_memory_change(self) -> bool:
        """Levels put the start state back when the memory changes (so runs compare)."""
        return self.fixed.reset_on_store and not self.mode.sandbox

    def toggle_stored(self, i: int, reset: bool | None = None) -> None:
        """Store or forget gallery pattern ``i`` (``reset``: back to the level's start; default:
        as the level says). Storkey learning falls back to Hebbian on grids too large for it."""
        if self.rule == "storkey" and self.n > STORKEY_MAX_N:
            self.set_rule("hebbian")
        self.stored[i] = not self.stored[i]
        if self.resets_on_memory_change() if reset is None else reset:
            self.s = self.given.copy()
        self._edited()

    def set_stored(self, mask) -> None:
        self.stored = np.array(mask, dtype=bool)
        self._edited()

    def store_all(self, on: bool) -> None:
        """Store every pattern (or none)."""
        self.stop()
        self.set_stored(np.full(len(self.names), bool(on)))

    def set_rule(self, rule: str) -> None:
        if rule not in hf.RULES:
            raise ValueError(f"unknown rule {rule!r}")
        self.rule = rule
        self._edited()

    def cycle_rule(self) -> None:
        """The next learning rule (Storkey only up to 24 x 24)."""
        self.stop()
        rules = [r for r in RULE_ORDER if r != "storkey" or self.n <= STORKEY_MAX_N]
        if self.n > STORKEY_MAX_N:
            self.say("hopfield.note.storkey_size")
        i = rules.index(self.rule) if self.rule in rules else -1
        self.set_rule(rules[(i + 1) % len(rules)])
        if self.resets_on_memory_change():
            self.restore_given()

    def set_update_mode(self, mode: str) -> None:
        if mode not in ("async", "sync"):
            raise ValueError(f"unknown update mode {mode!r}")
        self.update_mode = mode
        self._edited()

    def toggle_update_mode(self) -> None:
        """Asynchronous <-> synchronous updates."""
        self.stop()
        self.set_update_mode("sync" if self.update_mode == "async" else "async")

    def plant_mixture(self) -> None:
        """A preset: the symmetric mixture of the first three stored patterns, a spurious state."""
        idx = self.stored_idx
        if len(idx) < 3:
            self.say("hopfield.note.mixture_needs_three")
            return
        self.stop()
        self.set_state(hf.mixture_state(self.X, list(idx[:3])))

    # ------------------------------------------------------------ temperature
    def set_temperature(self, T: float) -> None:
        """Constant temperature of the next run (and of a running one without schedule)."""
        T = float(T)
        if not np.isfinite(T) or T < 0:
            return
        self.temperature = T
        if self.anim is not None and self.schedule is None:
            self.anim.temperature = T

    def on_param(self, name: str, value: float) -> None:
        if name == "T":
            if self.schedule is not None and self.has_run and not self.finished():
                self.say("hopfield.note.anneal_owns_T")
            if self.update_mode == "sync" and value > 0:
                self.say("hopfield.note.sync_no_temperature")
            self.set_temperature(value)

    def anneal_plan(self) -> np.ndarray:
        """The annealing schedule the Anneal button would run (kept while its inputs stay)."""
        a = self.fixed.anneal
        T0 = max(self.values["anneal_T0"], a.T1)
        sweeps = int(max(1, round(self.values["anneal_sweeps"])))
        key = (T0, a.T1, sweeps, a.kind)
        if self._plan is None or self._plan[0] != key:    # the view draws it every frame
            self._plan = (key, hf.anneal_schedule(T0, a.T1, sweeps, a.kind))
        return self._plan[1]

    def current_temperature(self) -> float:
        """Temperature of the sweep under way (0 for synchronous runs)."""
        if self.update_mode == "async" and self.anim is not None:
            return self.anim.temperature
        return 0.0 if self.update_mode == "sync" else self.temperature

    # ------------------------------------------------------------------- runs
    @property
    def has_run(self) -> bool:
        """A run has begun and not been abandoned (it may have finished)."""
        return self.run_start is not None

    def begin(self, schedule=None) -> None:
        """Start a run from the grid (an anneal when ``schedule`` is given)."""
        self.run_start = self.s.copy()
        self.last_start = self.run_start.copy()
        self.schedule = None if schedule is None else np.asarray(schedule, dtype=float)
        self.last_unit = None
        self._sync_prev = None
        self._sync_steps = 0
        self._sync_credit = 0
        self._finished = False
        rng = np.random.default_rng([self.seed, 1])
        if self.update_mode == "async":
            T = 0.0 if self.schedule is not None else self.temperature
            self.anim = hf.RecallAnimator(self.W, self.s, rng, temperature=T, schedule=self.schedule)
            # the animator keeps its own copy; share it so the grid shows progress
            self.s = self.anim.state
            self.trace.reset(self.anim.energy)
        else:
            self.anim = None
            self.trace.reset(self.energy())

    def finished(self) -> bool:
        """The current run has ended (fixed point or 2-cycle)."""
        return self.run_start is not None and self._finished

    def sweep_now(self) -> int:
        """Sweeps completed in the current run."""
        if self.update_mode == "sync":
            return self._sync_steps
        return self.anim.sweeps if self.anim is not None else 0

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
        if self.update_mode == "sync":
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
            self._settled_version = (self.version, self.rule, self.stored_idx)
            return self._end(Outcome(self.run_start.copy(), self.s.copy(), "fixed_point", None,
                                     self.stored_idx, self.schedule is not None, anim.sweeps))
        return None

    def step_unit(self) -> Outcome | None:
        """Update one unit ("Step one neuron"); synchronous mode has no single-unit step (a note)."""
        if self.update_mode == "sync":
            self.say("hopfield.note.sync_no_single")
            return None
        if self.run_start is None:
            self.begin()
        return self.advance(1)

    def step_sweep(self) -> Outcome | None:
        """Finish the current sweep (async) or make one parallel step (sync)."""
        if self.run_start is None:
            self.begin()
        if self.update_mode == "sync":
            return self.sync_step()
        return self.advance(self.n - self.anim.position)

    def sync_step(self) -> Outcome | None:
        """One synchronous update of every unit; detects fixed points and 2-cycles."""
        if self.run_start is None:
            self.begin()
        new = hf.sync_step(self.W, self.s)
        prev = self._sync_prev
        self._sync_prev = self.s.copy()
        changed = np.flatnonzero(new != self.s)
        self.s = new
        self._sync_steps += 1
        self.last_flipped = changed
        self.last_unit = None
        if changed.size:
            self.version += 1
        self.trace.add_point(self._sync_steps * self.n, self.energy())
        if self._finished:
            return None
        if changed.size == 0:
            return self._end(Outcome(self.run_start.copy(), self.s.copy(), "fixed_point", None,
                                     self.stored_idx, False, self._sync_steps))
        if prev is not None and np.array_equal(new, prev):
            return self._end(Outcome(self.run_start.copy(), self.s.copy(), "cycle", self._sync_prev.copy(),
                                     self.stored_idx, False, self._sync_steps))
        return None

    def _end(self, out: Outcome) -> Outcome:
        """A run ended: keep its outcome, score it against the goal (keeping the best), explain a zero."""
        self._finished = True
        self.outcome = out
        goal = self.goal
        if goal is not None:
            score = self.score()
            if score is not None:
                self.record(score)
            why = goals.NOTES.get(goal.type)
            note = why(self, goal) if why is not None else None
            if note is not None:
                self.say(note[0], **note[1])
        return out

    # -------------------------------------------------------------- the clock
    def toggle_run(self) -> None:
        """Run / pause; a run that ended (or none) starts afresh from the grid."""
        self.running = not self.running
        if self.running and (not self.has_run or self.finished()):
            self.begin()
        self._acc = 0.0

    def anneal(self) -> None:
        """Start an annealing run (:meth:`anneal_plan`, then T = 0 until settled)."""
        if self.update_mode == "sync":
            self.say("hopfield.note.sync_no_temperature")
            return
        self.begin(schedule=self.anneal_plan())
        self.running = True
        self._acc = 0.0

    def stop(self) -> None:
        """Pause the run (it can go on later)."""
        self.running = False
        self._acc = 0.0

    def step(self, dt: float) -> None:
        """Age the note; advance a running network by ``dt`` s at ``speed`` sweeps per second."""
        super().step(dt)
        if not self.running or not math.isfinite(dt) or dt <= 0:
            return
        # fixed internal step: one unit update every 1 / (speed N) s, leftover carried
        self._acc = min(self._acc + dt * self.values["speed"] * self.n, float(MAX_SWEEPS_PER_FRAME * self.n))
        n = int(self._acc)
        self._acc -= n
        self._run_units(n)

    def _run_units(self, n: int) -> None:
        """Do ``n`` unit updates within the frame budget; carry what does not fit.

        Hot sweeps at N = 1024 flip hundreds of units, so the work goes in
        quarter sweeps (each call has a fixed cost, ~0.1 ms).
        """
        t0 = time.perf_counter()
        step = self.n if self.update_mode == "sync" else max(32, self.n // 4)
        while n > 0:
            k = min(n, step)
            out = self.advance(k)
            n -= k
            if out is not None:
                # a fixed point ends the run; a 2-cycle pauses on one of its states rather
                # than flash the whole grid several times a second
                self.stop()
                return
            if n and time.perf_counter() - t0 > FRAME_BUDGET_S:
                self._acc += n
                return

    def run_to_end(self, max_units: int = 200_000) -> Outcome | None:
        """Headless: advance a running network until its run ends (at most ``max_units`` updates)."""
        done = 0
        while self.running and done < max_units:
            out = self.advance(self.n)
            done += self.n
            if out is not None:
                self.stop()
                return out
        return None

    def state(self) -> dict[str, np.ndarray]:
        t, e = self.trace.arrays()
        return {"state": self.s, "W": self.W, "energy_t": t, "energy": e, "overlaps": self.overlaps()}
