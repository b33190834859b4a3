"""The boltzmann lab's model: a Boltzmann machine, its Gibbs chains and its training (no pygame).

:class:`BoltzmannModel` holds the science state of one level: the machine
(``W``, ``b``, units ``0..nv-1`` visible and the rest hidden, the
temperature ``T``), the clamps of the visible units, the :class:`Sampler`'s
chains and histogram, and, when the level has training data, a
:class:`game.sim.boltzmann.Trainer` whose machine *is* the lab's machine
(its ``W`` and ``b`` change in place each epoch). The view calls its verbs
(``toggle_clamp``, ``toggle_sampling``, ``anneal``, ``quench``,
``toggle_training``, ``train_epochs``, ``restart``); it never touches the
arrays. Exact results (the visible distribution, the ground energy) are
computed by enumeration and kept until ``version`` changes.

Time
----
Sampling, annealing and training advance only in :meth:`BoltzmannModel.step`,
at fixed internal rates: ``speed`` sweeps and ``epochs_per_s`` epochs per
second of the clock, the fraction carried to the next frame. At most
:data:`MAX_OWED_S` seconds of work are owed at once (a long frame drops the
rest), and the work of one frame stops after :data:`FRAME_BUDGET_S` of
computing, carrying the rest; results do not depend on how they are sliced.

Randomness (reproducible scores)
--------------------------------
The chains restart from the generator seeded ``[seed, 1]`` whenever what
they sample changes (``T``, clamps, weights, chains), anneals from
``[seed, 2]`` (see :mod:`game.labs.boltzmann.sampler`); the initial weights
of training come from ``[seed, 3, restarts, hidden]``, the couplings of a
spin glass from ``[seed, 0]``.
"""

from __future__ import annotations

import math
import time
from typing import Mapping

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.core.memo import KeyedMemo
from game.labs.boltzmann import goals, network, sandbox
from game.labs.boltzmann.sampler import Sampler
from game.labs.boltzmann.schema import LIMITS, Fixed
from game.sim import boltzmann as bm
from game.sim import hopfield as hf

#: Computing time per frame for sweeps and epochs before the rest is carried to the next frame (s).
FRAME_BUDGET_S = 0.004
#: At most this much clock time (s) of sweeps or epochs is owed at once.
MAX_OWED_S = 0.1
#: Sweeps per call of the sampler (the budget is checked between calls).
SWEEP_BATCH = 16
#: A sampled score is recorded after this many more counted sweeps (and when sampling pauses).
RECORD_SWEEPS = 20
#: Values of the tunables a level may leave out.
DEFAULTS = {"T": 1.0, "chains": 64.0, "speed": 60.0, "anneal_T0": 2.0, "anneal_sweeps": 100.0, "hidden": 0.0,
            "lr": 0.3, "epochs_per_s": 60.0}


class BoltzmannModel(LabModel):
    """A Boltzmann machine on one level: clamps, Gibbs chains, anneals and training.

    Attributes
    ----------
    net : network.Network
        The network as the level built it (before training).
    machine : game.sim.boltzmann.BoltzmannMachine
        The current weights ``W``, biases ``b`` and temperature ``T``.
    trainer : game.sim.boltzmann.Trainer or None
        Training on ``data`` (levels with ``fixed.data``).
    sampler : Sampler
        The chains and their histogram.
    clamp : ndarray, shape (nv,)
        Clamps of the visible units in {-1, 0, +1} (0 = free).
    running, training : bool
        Sampling (or an anneal) and training advance in :meth:`step`.
    version : int
        Bumps whenever ``W``, ``b``, ``T`` or the clamps change (for caches).
    w_version : int
        Bumps whenever ``W`` or ``b`` change (each epoch, each rebuild).
    net_version : int
        Bumps whenever the network is rebuilt (other units, other data).
    """

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        self.preset = sandbox.DEFAULT if Mode(mode).sandbox else None
        super().__init__(level, mode)
        self.seed = int(level.seed)
        self.running = False
        self.training = False
        self.restarts = 0
        self.version = 0
        self.w_version = 0
        self.net_version = 0
        self._acc = 0.0
        self._epoch_acc = 0.0
        self._recorded_at = 0
        self._build()

    # ------------------------------------------------------------ building
    def base_values(self) -> Mapping[str, float]:
        f = self.fixed
        return {"T": f.T, "chains": float(f.chains), "speed": f.speed, "anneal_T0": f.anneal.T0,
                "anneal_sweeps": float(f.anneal.sweeps), "hidden": float(f.hidden), "lr": f.lr,
                "epochs_per_s": f.epochs_per_s}

    def _build(self) -> None:
        """The machine, trainer and chains the current ``fixed`` table describes."""
        f = self.fixed
        self.net = network.build(f, self.seed, self.n_hidden_wanted())
        net = self.net
        self.data = net.data
        self.trainer: bm.Trainer | None = None
        if net.data is not None:
            rng = np.random.default_rng([self.seed, 3, self.restarts, net.nh])
            self.trainer = bm.Trainer(net.data, net.nh, self.values["lr"], rng, "exact", self.values["T"],
                                      mask=net.mask, init_scale=f.init_scale, clamp_noise=f.clamp_noise)
            self.machine = self.trainer.model
        else:
            self.machine = bm.BoltzmannMachine(net.W.copy(), net.b.copy(), net.nv, net.nh, self.values["T"],
                                               net.mask)
        self.clamp = network.clamp_vector(f.clamp, net.nv)
        self.sampler = Sampler(net.n, net.nv, self.chains_wanted(), self.seed)
        self.running = self.training = False
        self._memo = KeyedMemo()
        self.net_version += 1
        self._changed(weights=True)

    def n_hidden_wanted(self) -> int:
        return int(round(self.values.get("hidden", self.fixed.hidden)))

    def chains_wanted(self) -> int:
        return max(1, int(round(self.values["chains"])))

    @property
    def nv(self) -> int:
        return self.net.nv

    @property
    def nh(self) -> int:
        return self.net.nh

    @property
    def n(self) -> int:
        return self.net.n

    @property
    def W(self) -> np.ndarray:
        return self.machine.W

    @property
    def b(self) -> np.ndarray:
        return self.machine.b

    @property
    def T(self) -> float:
        return self.machine.T

    def view_kind(self) -> str:
        """Which lower panels the view shows: "train" with data (unless the level says), else "sample"."""
        if self.fixed.view is not None:
            return self.fixed.view
        return "train" if self.data is not None else "sample"

    # ------------------------------------------------------------ exact results (cached per version)
    def _cached(self, name: str, make, key=None):
        """``make()``, kept under ``name`` until ``version`` (and ``key``) change: one entry per name."""
        return self._memo.get(name, (self.version, key), make)

    def full_clamp(self) -> np.ndarray:
        """The clamps over all units (hidden units are never clamped)."""
        return np.concatenate([self.clamp, np.zeros(self.nh)])

    def exact_visible(self, free: bool = False) -> np.ndarray:
        """The exact distribution of the visible units over ``states(nv)`` at T, given the clamps
        (``free``: without them)."""
        if free or not self.clamp.any():
            return self._cached("free", lambda: self.machine.visible_distribution())
        return self._cached("clamped", lambda: self.machine.visible_distribution(self.clamp))

    def chart_T(self) -> float:
        """The temperature of the chart's exact bars: T, or, while an anneal's end is shown, the
        schedule's last temperature (``fixed.anneal.T1`` for a quench): where a perfect anneal ends."""
        s = self.sampler
        if not (s.annealing or s.final is not None):
            return self.T
        return float(s.schedule[-1]) if s.schedule is not None and s.schedule.size else self.fixed.anneal.T1

    def chart_distribution(self) -> np.ndarray:
        """The exact visible distribution at :meth:`chart_T`, given the clamps."""
        T = self.chart_T()
        if T == self.T:
            return self.exact_visible()

        def make():
            q = bm.exact_distribution(self.W, self.b, T, self.full_clamp())
            return q.reshape(2 ** self.nv, 2 ** self.nh).sum(axis=1)
        return self._cached("chart", make, key=T)

    def data_visible(self) -> np.ndarray | None:
        """The data distribution over ``states(nv)`` given the clamps (None without data)."""
        if self.trainer is None or self.trainer.p_data is None:
            return None
        return goals.conditional(self.trainer.p_data, self.clamp)

    def ground_energy(self) -> float:
        """The lowest energy of any state that agrees with the clamps."""
        def make():
            S = bm.states(self.n)
            E = bm.energies(self.W, self.b, S)
            ok = goals.consistent(self.n, self.full_clamp())
            return float(E[ok].min())
        return self._cached("E0", make)

    def kl(self) -> float:
        """KL(P_data || P_model) of the visible units now, in nats (NaN without data)."""
        if self.trainer is None:
            return float("nan")
        return self._cached("kl", self.trainer.kl)

    def hidden_codes(self) -> np.ndarray | None:
        """For each data pattern, the most probable hidden state given it (indices into states(nh))."""
        if self.data is None or self.nh == 0:
            return None

        def make():
            return np.array([int(np.argmax(self.machine.hidden_distribution(x))) for x in self.data])
        return self._cached("codes", make)

    # ------------------------------------------------------------ changes
    def _changed(self, reset_chains: bool = True, weights: bool = False) -> None:
        """W, b, T or the clamps changed: exact results are stale; the chains start afresh.
        ``weights``: W or b changed (``w_version`` too)."""
        self.version += 1
        if weights:
            self.w_version += 1
        if reset_chains:
            self.sampler.reset(self.chains_wanted())
            self._recorded_at = 0

    def on_param(self, name: str, value: float) -> None:
        if name == "T":
            self.machine.T = float(value)
            self._changed()
            self._record_now()
        elif name == "chains":
            self.sampler.reset(self.chains_wanted())
            self._recorded_at = 0
        elif name == "hidden":
            if self.n_hidden_wanted() != self.nh:
                self._build()
        elif name == "lr" and self.trainer is not None:
            self.trainer.lr = float(value)

    def toggle_clamp(self, i: int) -> float | None:
        """Visible unit ``i``: free -> clamped on -> clamped off -> free. Returns the new clamp."""
        if not 0 <= i < self.nv:
            return None
        c = self.clamp[i]
        self.clamp[i] = 1.0 if c == 0 else (-1.0 if c > 0 else 0.0)
        self._changed()
        self._record_now()
        return float(self.clamp[i])

    def set_clamp(self, text: str | None) -> None:
        """Clamps from a string ("1" on, "0" off, "-" free)."""
        self.clamp = network.clamp_vector(text, self.nv)
        self._changed()
        self._record_now()

    def clear_clamps(self) -> None:
        self.set_clamp(None)

    def reset(self) -> None:
        """Ctrl+R: the level as it opened (the sandbox's first preset); the best score stays."""
        super().reset()
        self.restarts = 0
        self.note = None
        if self.mode.sandbox:
            self.load_preset(sandbox.DEFAULT)
        else:
            self._build()

    def load_preset(self, name: str) -> dict:
        """Sandbox: build one of :data:`sandbox.PRESETS`; returns its sliders."""
        self.preset = name
        self.fixed = sandbox.fixed(name)
        params = sandbox.params(name)
        self.values = type(self.values)(params, self.LIMITS, dict(self.base_values()))
        self.restarts = 0
        self._build()
        return params

    # ------------------------------------------------------------ verbs
    def stop_sampling(self) -> None:
        """Pause sampling; an anneal under way is abandoned (its chains start afresh)."""
        if self.sampler.annealing:
            self.sampler.reset()
        self.running = False
        self._acc = 0.0

    def toggle_sampling(self) -> None:
        """Sample / pause (training pauses while sampling; pausing records a sampled score)."""
        was = self.running and not self.sampler.annealing
        self.stop_sampling()
        if was:
            self._record_now()
            return
        self.training = False
        self.running = True

    def reset_samples(self) -> None:
        """Empty the histogram and start the chains afresh."""
        self.sampler.reset(self.chains_wanted())
        self._recorded_at = 0

    def anneal_plan(self) -> np.ndarray:
        """The temperatures the Anneal button would run (geometric or linear, ``anneal_T0`` to T1)."""
        a = self.fixed.anneal
        T0 = max(self.values["anneal_T0"], a.T1)
        sweeps = int(max(1, round(self.values["anneal_sweeps"])))
        return self._plan(T0, a.T1, sweeps, a.kind)

    def _plan(self, T0, T1, sweeps, kind):
        return self._memo.get("plan", (T0, T1, sweeps, kind), lambda: hf.anneal_schedule(T0, T1, sweeps, kind))

    def anneal(self, schedule=None) -> None:
        """Start an anneal of every chain along ``schedule`` (default :meth:`anneal_plan`), shown at
        ``speed`` sweeps per second; training pauses."""
        self.training = False
        self.sampler.begin_anneal(self.anneal_plan() if schedule is None else schedule)
        self.running = True
        self._acc = 0.0

    def quench(self) -> None:
        """Start a quench: T = 0 sweeps from random states until settled."""
        self.anneal(np.zeros(0))

    def toggle_training(self) -> None:
        """Train / pause (levels with data)."""
        if self.trainer is None:
            self.say("boltzmann.note.no_data")
            return
        self.training = not self.training
        self._epoch_acc = 0.0
        if self.training:
            self.stop_sampling()
        else:
            self._record_now(training=True)

    def train_epochs(self, k: int) -> None:
        """Run ``k`` epochs now (Step epoch; headless solving)."""
        if self.trainer is None:
            return
        for _ in range(int(k)):
            self.trainer.step()
        self._after_epochs()

    def _after_epochs(self) -> None:
        self._changed(weights=True)
        self._record_now(training=True)

    def restart(self) -> None:
        """New initial weights (the next stream of the seed) and an empty history."""
        if self.trainer is None:
            return
        self.restarts += 1
        self.training = False
        self._build()

    # ------------------------------------------------------------ scoring
    def _record_now(self, training: bool = False) -> None:
        """Score the current state against the goal (when it has a score) and keep the best."""
        goal = self.goal
        if goal is None or self.mode.sandbox:
            return
        if goal.type in ("kl", "completion") and not training:
            return
        score = self.score()
        if score is not None:
            self.record(score)
            self._recorded_at = self.sampler.counted

    # ------------------------------------------------------------ the clock
    def step(self, dt: float) -> None:
        """Age the note; advance sampling (or an anneal) and training by ``dt`` s of the clock."""
        super().step(dt)
        if not math.isfinite(dt) or dt <= 0:
            return
        t0 = time.perf_counter()
        if self.training:
            self._train_for(dt, t0)
        if self.running:
            self._sample_for(dt, t0)

    def _train_for(self, dt: float, t0: float) -> None:
        rate = self.values["epochs_per_s"]
        self._epoch_acc = min(self._epoch_acc + dt * rate, max(1.0, rate * MAX_OWED_S))
        done = 0
        while self._epoch_acc >= 1.0:
            self.trainer.step()
            self._epoch_acc -= 1.0
            done += 1
            if time.perf_counter() - t0 > FRAME_BUDGET_S:
                break
        if done:
            self._after_epochs()

    def _sample_for(self, dt: float, t0: float) -> None:
        rate = self.values["speed"]
        self._acc = min(self._acc + dt * rate, max(1.0, rate * MAX_OWED_S))
        s = self.sampler
        clamp = self.full_clamp()
        while self._acc >= 1.0:
            k = min(int(self._acc), SWEEP_BATCH)
            if s.annealing:
                if s.anneal(self.W, self.b, clamp, k):
                    self._acc = 0.0
                    self.running = False
                    self._record_now()
                    return
            else:
                s.sample(self.W, self.b, self.T, clamp, k)
            self._acc -= k
            if time.perf_counter() - t0 > FRAME_BUDGET_S:
                break
        if not s.annealing and s.counted - self._recorded_at >= RECORD_SWEEPS * s.m:
            self._record_now()

    def run_sweeps(self, k: int) -> None:
        """Headless: ``k`` sweeps of sampling now."""
        self.sampler.sample(self.W, self.b, self.T, self.full_clamp(), k)
        self._record_now()

    def run_anneal(self) -> None:
        """Headless: run the anneal (or quench) under way to its end."""
        clamp = self.full_clamp()
        while self.sampler.annealing:
            if self.sampler.anneal(self.W, self.b, clamp, 64):
                self.running = False
                self._record_now()

    def state(self) -> dict[str, np.ndarray]:
        out = {"W": self.W, "b": self.b, "chains": self.sampler.X, "histogram": self.sampler.histogram(),
               "exact": self.exact_visible(), "energy": self.sampler.trace_E}
        if self.trainer is not None:
            out["kl"] = np.asarray(self.trainer.history.kl)
        return out
