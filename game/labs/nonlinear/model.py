"""The nonlinear lab's model: a planar field, its analysis, launched trajectories, cycles, the I sweep.

No pygame here. :class:`NonlinearModel` holds the science state of one
level: which system (``systems``: a built-in one or user equations), the
parameter values (``values``: sliders over the level's fixed values), the
plane's window, the nullclines and equilibria (``analysis``), the launched
trajectories, the measured limit cycle, the repelling slow manifold, the
Morris–Lecar bifurcation sweep, locked-in answers and the quiz. It is
scored by the scorers in ``goals.py``.

Time and work
-------------
Nullclines and equilibria are computed in :meth:`NonlinearModel.step`,
once per change: while a slider or the window moves (for ``SETTLE_S`` of
model clock) a coarse draft spread over two steps (nullclines, then the
equilibria, shown together), then the full 200 x 200 analysis once it
rests. Everything slow runs on the model's one scheduler (``self.jobs``):
trajectories, the cycle measurement and the manifold on the ``main`` thread
lane, the I sweep on its own ``sweep`` lane, so a long sweep never delays a
click. Results are collected in :meth:`step` and applied only if the field
they were computed for is still the current one.
"""

from __future__ import annotations

import math
import time
from typing import Mapping

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.core.schema import Param
from game.labs.common.plane import Launch, Window, stop_note
from game.labs.nonlinear import goals, jobs, systems
from game.labs.nonlinear.analysis import (GRID_DRAFT, GRID_FULL, Analysis, analyse, analyse_finish, analyse_start,
                                          quiz_truth, stable_rest)
from game.labs.nonlinear.schema import LIMITS, Fixed
from game.labs.nonlinear.systems import CUSTOM, CUSTOM_DEFAULT, format_param_table
from game.sim import planar

MAX_TRAJ = 10
SETTLE_S = 0.25            # the analysis is a draft until the sliders rest this long (model clock, s)
MEASURE_DELAY_S = 0.25     # a limit-cycle measurement waits for the sliders to rest
RELAUNCH_S = 0.1           # shortest interval between reruns of the paths while a slider moves
HOME_GRID = 100            # grid for the goal's equilibria on the home window
#: A window may zoom to 1/1000 of its home's span per axis, and out to 50 times it.
ZOOM_RANGE = (1e-3, 50.0)
#: Job keys: what runs on the ``main`` lane (everything the score may need), and the sweep.
MAIN_WORK = ("launch:", "measure", "manifold")
SWEEP = "bif"


class NLaunch(Launch):
    """A launch whose paths arrive from the thread lane; knows what it led to."""

    def __init__(self, start, kick: float | None = None, serial: int = 0) -> None:
        super().__init__(start, None, None)
        self.kick = kick
        self.serial = serial
        self.pending = True                 # drawn dimmed until its paths arrive
        self.outcome: str | None = None     # bistable levels: rest / cycle / unsettled
        self.fired: bool | None = None      # kick levels


class NonlinearModel(LabModel):
    """A nonlinear planar system on one level: analysis, trajectories, cycles, sweep, quiz."""

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        self.system = level.fixed.system
        eq = level.fixed.equations
        source = {"dx": eq.dx, "dy": eq.dy, "params": eq.params} if eq else CUSTOM_DEFAULT
        self.eq_texts = {"dx": source["dx"], "dy": source["dy"], "params": format_param_table(source["params"])}
        self.eq_params = dict(source["params"])
        self.compiled = planar.compile_field(self.eq_texts["dx"], self.eq_texts["dy"], self.eq_params)
        self.fixed_values = {**(self.eq_params if self.system == CUSTOM else {}), **level.fixed.values}
        self.params: dict[str, Param] = dict(level.params)
        super().__init__(level, mode)
        self.clock = 0.0                     # model clock (s of wall time stepped)
        self.elapsed = 0.0                   # the player's time on the level (quiz bonus)
        self.version = 0                     # bumps with every change a picture shows
        self.note: str | None = None         # i18n key of a short status note
        self.launches: list[NLaunch] = []
        self.latest: NLaunch | None = None   # the launch whose paths arrived last
        self._serial = 0
        self.answers: list[float] = []       # locked-in currents
        self._clear_work()
        self._changed_at = -1e9
        self._relaunched_at = -1e9
        self.analysis = Analysis([], [], [], 0)
        # quiz
        self.quiz = list(self.fixed.quiz)
        self.quiz_truths = [quiz_truth(q.dx, q.dy, q.params, q.point, self._span(q.window)) for q in self.quiz]
        self.quiz_index = 0
        self.quiz_answers: list[str] = []
        self.revealed = False
        win = level.window
        home = (tuple(win.x), tuple(win.y)) if win else systems.system_window(self.system)
        self.window = Window(*home, min_span=0.0, max_span=math.inf, zoom_range=ZOOM_RANGE)
        if self.quiz:
            self._enter_quiz_item(0)
        self.target_I = self._bifurcation_target()
        if self.measures():
            self._measure_due = 0.0          # show the starting frequency or period

    def _clear_work(self) -> None:
        """Forget every result of background work and every pending change."""
        self.measurement: jobs.Measurement | None = None
        self._measure_job = None
        self._measure_due: float | None = None
        self.manifold: planar.SlowManifold | None = None
        self._manifold_job = None
        self._manifold_key = None
        self.bif: planar.MLBifurcation | None = None
        self.bif_branch: planar.MLBifurcation | None = None
        self._bif_job = None
        self._bif_key = None
        self._relaunch_due = False
        self._dirty = True
        self._pending = None                 # a half-done draft analysis
        self._field_cache = None
        self._home_eq = None

    # ------------------------------------------------------------------ the field
    def base_values(self) -> Mapping[str, float]:
        return self.fixed_values

    def field_values(self) -> dict[str, float]:
        """Parameter values of the field: fixed ones overlaid with the sliders (the kick is no parameter)."""
        return {**self.fixed_values, **{k: v for k, v in self.values.sliders().items() if k != "kick"}}

    def field(self):
        """The current vector field, rebuilt only when its parameters change."""
        vals = self.field_values()
        key = (self.system, tuple(sorted(vals.items())), id(self.compiled))
        if self._field_cache is None or self._field_cache[0] != key:
            try:
                f = systems.make_field(self.system, vals, self.compiled)
            except (ValueError, planar.ExpressionError):
                f = systems.make_field(self.system, {}, self.compiled)
            self._field_cache = (key, f)
            self._home_eq = None
        return self._field_cache[1]

    def field_key(self):
        self.field()
        return self._field_cache[0]

    def is_ml(self) -> bool:
        return systems.is_ml(self.system)

    def _span(self, window) -> tuple[float, float]:
        win = window or self.level.window
        if win is None:
            return (6.0, 6.0)
        return (win.x[1] - win.x[0], win.y[1] - win.y[0])

    def _bifurcation_target(self) -> float | None:
        """The Hopf or SNIC current of the level's parameter set (µA/cm²)."""
        if self.goal is None or self.goal.type != "bifurcation_current" or not self.is_ml():
            return None
        p = self.params.get("I")
        return jobs.bifurcation_current(systems.ML_SETS[self.system], self.goal.which,
                                        *((p.min, p.max) if p is not None else ()))

    def home_equilibria(self) -> list[planar.Equilibrium]:
        """Equilibria in the level's own window (goals never depend on the zoom)."""
        key = (self.field_key(), self.window.home)
        if self._home_eq is None or self._home_eq[0] != key:
            self._home_eq = (key, analyse(self.field(), *self.window.home, grid=HOME_GRID).equilibria)
        return self._home_eq[1]

    def rest(self) -> planar.Equilibrium | None:
        return stable_rest(self.home_equilibria())

    def home_bounds(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.window.home
        return (x0, x1, y0, y1)

    def run_bounds(self) -> tuple[float, float, float, float]:
        """Where trajectories stop: the home window and the view, grown so cycles can leave and return."""
        (hx0, hx1), (hy0, hy1) = self.window.home
        x0, x1 = min(hx0, self.window.xlim[0]), max(hx1, self.window.xlim[1])
        y0, y1 = min(hy0, self.window.ylim[0]), max(hy1, self.window.ylim[1])
        w, h = x1 - x0, y1 - y0
        return (x0 - 0.5 * w, x1 + 0.5 * w, y0 - 0.5 * h, y1 + 0.5 * h)

    def t_max(self) -> float:
        return float(self.fixed.t_max) if self.fixed.t_max is not None else systems.t_max(self.system)

    def measures(self) -> bool:
        """Is the goal scored on a measured limit cycle?"""
        return self.goal is not None and self.goal.type in goals.SCORED_ON["measure"]

    def hidden(self) -> bool:
        """The quiz hides the portrait until the type is named."""
        return bool(self.quiz) and not self.revealed

    # ------------------------------------------------------------------ changes
    def on_param(self, name: str, value: float) -> None:
        if name == "kick":
            self.version += 1
            return
        if self.system == CUSTOM and name in self.eq_params:
            self.eq_params[name] = value
        self.field_changed()
        for l in self.launches:
            l.pending = True                  # drawn dimmed until the new path arrives
        if self.measures() or (self.mode.sandbox and self.launches):
            self._schedule_measure()

    def field_changed(self) -> None:
        """The field (its parameters or equations) changed: a draft analysis now, the paths rerun soon."""
        self._dirty = True
        self._changed_at = self.clock
        self._field_cache = None
        self._pending = None                  # a half-done draft of the old field
        self._relaunch_due = bool(self.launches)

    def window_changed(self) -> None:
        """The view moved (pan, zoom, home): analyse the new window."""
        self._dirty = True
        self._changed_at = self.clock
        self.version += 1

    def drafting(self) -> bool:
        """A slider or the view moved within the last ``SETTLE_S`` seconds."""
        return self.clock - self._changed_at < SETTLE_S

    # ------------------------------------------------------------------ launches
    def launch(self, start, kick: float | None = None) -> NLaunch:
        """Launch a trajectory (forward and backward) from ``start`` (model units)."""
        if self.controls.max_launches and not self.mode.sandbox:
            while len(self.launches) >= self.controls.max_launches:
                self._drop(self.launches[0])
        self._serial += 1
        l = NLaunch(start, kick, self._serial)
        self.launches.append(l)
        while len(self.launches) > MAX_TRAJ:
            self._drop(self.launches[0])
        self._submit(l)
        if self.mode.sandbox or self.measures():
            self._schedule_measure()
        self.version += 1
        return l

    def kick(self) -> NLaunch | None:
        """Launch from the rest state displaced by the kick along x (None, and a note, without rest)."""
        r = self.rest()
        if r is None:
            self.note = "nonlinear.note.no_rest"
            return None
        k = float(self.values.get("kick", 0.0))
        return self.launch((float(r.point[0] + k), float(r.point[1])), kick=k)

    def clear(self) -> None:
        """Drop every launch."""
        self.jobs.cancel("launch:")
        self.launches = []
        self.note = None
        self.version += 1

    def done_launches(self) -> list[NLaunch]:
        return [l for l in self.launches if not l.pending]

    def judged_launch(self) -> NLaunch | None:
        """The launch a per-launch goal scores: the one whose paths arrived last, else the last done."""
        if self.latest is not None and self.latest in self.launches and not self.latest.pending:
            return self.latest
        done = self.done_launches()
        return done[-1] if done else None

    def _drop(self, l: NLaunch) -> None:
        self.jobs.cancel(f"launch:{l.serial}", exact=True)
        self.launches.remove(l)

    def _submit(self, l: NLaunch) -> None:
        l.pending = True
        self.jobs.thread(f"launch:{l.serial}", jobs.launch, self.field(), l.start, self.t_max(),
                         self.run_bounds(), meta=(l.serial, self.field_key()))

    def _apply_launch(self, job) -> None:
        serial, key = job.meta
        l = next((x for x in self.launches if x.serial == serial), None)
        if l is None or key != self.field_key():
            return
        l.pending = False
        self.version += 1
        if job.error is not None or job.result is None:
            l.fwd = planar.Trajectory(np.zeros(1), np.array([l.start], dtype=float), "undefined")
            l.bwd = None
            self.note = "nonlinear.note.failed"
            return
        l.fwd, l.bwd = job.result
        self.latest = l
        if l is self.launches[-1]:
            self.note = stop_note(l.fwd.reason)
        goal = self.goal
        judge = goals.JUDGES.get(goal.type) if goal is not None else None
        if judge is not None:
            self.note = judge(self, goal, l)
        if goal is not None and goal.type in goals.SCORED_ON["launch"]:
            self.record()

    def _relaunch(self) -> None:
        """Parameters changed: rerun every kept trajectory from its start (kicks from the new rest)."""
        for l in self.launches:
            if l.kick is not None:
                r = self.rest()
                if r is not None:
                    l.start = (float(r.point[0] + l.kick), float(r.point[1]))
            self._submit(l)

    # ------------------------------------------------------------------ measuring
    def _schedule_measure(self) -> None:
        self._measure_due = self.clock + MEASURE_DELAY_S
        self.measurement = None
        if self._measure_job is not None:
            self.jobs.cancel("measure", exact=True)
            self._measure_job = None

    def _start_measure(self) -> None:
        self._measure_due = None
        start = self.goal.start if self.measures() else (self.launches[-1].start if self.launches else None)
        if start is None:
            return
        tt, to, tl = systems.measure_times(self.system)
        self._measure_job = self.jobs.thread("measure", jobs.measure_cycle, self.field(), start, tt, to, tl,
                                             meta=self.field_key())

    def _apply_measure(self, job) -> None:
        if job is not self._measure_job:
            return
        self._measure_job = None
        if job.meta != self.field_key() or job.error is not None:
            return
        self.measurement = job.result
        self.version += 1
        if self.measures():
            self.record()

    def measuring(self) -> bool:
        """A cycle measurement is due or running."""
        return self._measure_job is not None or self._measure_due is not None

    def computing(self) -> bool:
        """A path or a cycle measurement is being computed (what the plane's spinner shows)."""
        return self._measure_job is not None or any(l.pending for l in self.launches)

    # ------------------------------------------------------------------ manifold
    def _ensure_manifold(self) -> None:
        """Compute the repelling slow manifold when the field changed (controls.show_manifold).

        It is computed on the level's home window, so zooming never moves it.
        """
        if not self.controls.show_manifold or self.hidden():
            return
        key = self.field_key()
        job = self._manifold_job
        if job is not None and job.meta == key and not job.cancelled:
            return
        if job is None and self._manifold_key == key:
            return
        self.manifold = None
        self._manifold_job = self.jobs.thread("manifold", jobs.manifold, self.field(), *self.window.home,
                                              self.t_max(), meta=key)

    def _apply_manifold(self, job) -> None:
        if job is not self._manifold_job:
            return
        self._manifold_job = None
        self._manifold_key = job.meta          # a failed run is not retried for the same field
        if job.error is None and job.meta == self.field_key():
            self.manifold = job.result
            self.version += 1

    # ------------------------------------------------------------------ the I sweep
    def wants_bifurcation(self) -> bool:
        return self.is_ml() and self.controls.show_bifurcation and "I" in self.params

    def request_sweep(self) -> None:
        """The bifurcation panel is on screen: compute its I sweep (at once if a finished one is kept)."""
        if not self.wants_bifurcation():
            return
        p = self.params["I"]
        params = systems.ML_SETS[self.system]
        self.bif_branch = jobs.branch(params)
        key = jobs.sweep_key(params, p.min, p.max)
        if key == self._bif_key and (self.bif is not None or self._bif_job is not None):
            return
        self._bif_key = key
        self.bif = jobs.cached_sweep(key)
        self._bif_job = None
        if self.bif is None:
            self._bif_job = self.jobs.thread(SWEEP, jobs.bifurcation, params, p.min, p.max, meta=key, lane="sweep")

    def _apply_sweep(self, job) -> None:
        if job is not self._bif_job:
            return
        self._bif_job = None
        if job.error is None and job.meta == self._bif_key and job.result is not None:
            self.bif = job.result
            self.version += 1

    def sweep_progress(self) -> float | None:
        """Completed fraction of the running I sweep, None when none runs."""
        job = self._bif_job
        return None if job is None or job.done else job.progress

    # ------------------------------------------------------------------ answers
    def lock_in(self) -> None:
        """Commit the current I as the answer (bifurcation levels)."""
        if self.goal is None or self.goal.type != "bifurcation_current":
            return
        if len(self.answers) >= self.goal.max_answers:
            self.note = "nonlinear.note.no_answers"
            return
        self.answers.append(float(self.values.get("I", math.nan)))
        self.record()
        self.note = "nonlinear.note.locked"

    def tries_left(self) -> int | None:
        """Lock-ins left on a bifurcation level (None on other levels)."""
        if self.goal is None or self.goal.type != "bifurcation_current":
            return None
        return max(0, self.goal.max_answers - len(self.answers))

    def answer(self, kind: str) -> bool | None:
        """Name the quiz equilibrium; True if right (None when there is nothing to answer)."""
        if not self.quiz or self.revealed or self.quiz_index >= len(self.quiz):
            return None
        self.quiz_answers.append(kind)
        right = kind == self.quiz_truths[self.quiz_index].kind
        self.note = "nonlinear.quiz.right" if right else "nonlinear.quiz.wrong"
        self.revealed = True
        self.version += 1
        if len(self.quiz_answers) >= len(self.quiz):
            self.record()
        return right

    def can_go_on(self) -> bool:
        """The quiz item is answered and another one follows."""
        return self.revealed and self.quiz_index + 1 < len(self.quiz)

    def next_item(self) -> None:
        """The next quiz system (after the current one is answered)."""
        if not self.can_go_on():
            return
        self.quiz_index += 1
        self.revealed = False
        self.jobs.cancel("")
        self.launches = []
        self.note = None
        self._enter_quiz_item(self.quiz_index)
        self.window_changed()

    def _enter_quiz_item(self, i: int) -> None:
        item = self.quiz[i]
        self._pending = None
        win = item.window or self.level.window
        self.window.set_home(*((tuple(win.x), tuple(win.y)) if win else ((-3.0, 3.0), (-3.0, 3.0))))
        self.system = CUSTOM
        self.compiled = self.quiz_truths[i].field
        self.fixed_values = dict(item.params)
        self.eq_texts = {"dx": item.dx, "dy": item.dy, "params": format_param_table(item.params)}
        self._field_cache = None
        self._dirty = True

    # ------------------------------------------------------------------ sandbox
    def switch_system(self, system: str) -> dict[str, Param]:
        """Sandbox: another built-in system, or the custom equations; returns the new sliders."""
        self.system = system
        params = systems.system_params(system, {"params": self.eq_params})
        fixed = dict(self.eq_params) if system == CUSTOM else {}
        self._restart(params, fixed, systems.system_window(system))
        return params

    def load_equations(self, dx: str, dy: str, params: Mapping[str, float], window=None) -> dict[str, Param]:
        """Sandbox: custom equations from text (a preset); their parameters get sliders."""
        self.eq_texts = {"dx": dx, "dy": dy, "params": format_param_table(params)}
        self.eq_params = dict(params)
        self.compiled = planar.compile_field(dx, dy, self.eq_params)
        self.system = CUSTOM
        new = systems.system_params(CUSTOM, {"params": params})
        self._restart(new, dict(params), window or systems.CUSTOM_WINDOW)
        return new

    def use_equations(self, texts: Mapping[str, str], compiled: planar.CompiledField,
                      params: Mapping[str, float]) -> bool:
        """The editor compiled new equations: use them now. True when a parameter is new (its slider
        comes with :meth:`adopt_equation_sliders`); the table's values move the existing sliders."""
        self.eq_texts = dict(texts)
        self.compiled = compiled
        self.eq_params = dict(params)
        self.fixed_values = dict(params)
        self.values.set_base(self.fixed_values)
        new_names = list(params) != list(self.params)
        if not new_names:
            for k, v in params.items():
                self.values.set(k, v)
        self.field_changed()
        return new_names

    def adopt_equation_sliders(self) -> dict[str, Param]:
        """One slider per parameter of the equations (at their values); returns them."""
        self.params = systems.system_params(CUSTOM, {"params": self.eq_params})
        self.values = type(self.values)(self.params, self.LIMITS, self.fixed_values)
        self.field_changed()
        return self.params

    def _restart(self, params: dict[str, Param], fixed: dict[str, float], home) -> None:
        """A new system: new sliders and window; everything computed for the old one is dropped."""
        self.jobs.cancel("")
        self.params = params
        self.fixed_values = fixed
        self.values = type(self.values)(params, self.LIMITS, fixed)
        self.launches = []
        self.note = None
        self._clear_work()
        self.window.set_home(*home)
        self._changed_at = -1e9
        self.version += 1

    # ------------------------------------------------------------------ time
    def step(self, dt: float) -> None:
        """Advance the clock: the analysis, reruns, finished jobs, due measurements, moving points."""
        super().step(dt)
        if not math.isfinite(dt) or dt < 0:
            dt = 0.0
        self.clock += dt
        self.elapsed += dt
        self._advance_analysis()
        if self._relaunch_due and (not self.drafting() or self.clock - self._relaunched_at >= RELAUNCH_S):
            # while a slider moves, rerun the paths a few times a second, not every frame
            self._relaunch_due = False
            self._relaunched_at = self.clock
            self._relaunch()
        apply = {"launch": self._apply_launch, "measure": self._apply_measure, "manifold": self._apply_manifold,
                 SWEEP: self._apply_sweep}
        for job in self.jobs.collect():
            apply[job.key.split(":", 1)[0]](job)
        self._ensure_manifold()
        if self._measure_due is not None and self.clock >= self._measure_due:
            self._start_measure()
        for l in self.launches:
            l.advance(dt)

    def _advance_analysis(self) -> None:
        settled = not self.drafting()
        hints = [e.point for e in self.analysis.equilibria]
        if self._pending is not None:
            # second half of a draft: the equilibria on the grid sampled last step
            self.analysis = analyse_finish(self._pending, hints)
            self._pending = None
            self.version += 1
        elif self._dirty or (settled and self.analysis.grid != GRID_FULL):
            if settled:
                self.analysis = analyse(self.field(), self.window.xlim, self.window.ylim, GRID_FULL, hints)
                self.version += 1
            else:
                # while a slider moves the draft is spread over two steps (nullclines, then
                # equilibria) and shown once whole, a step later
                self._pending = analyse_start(self.field(), self.window.xlim, self.window.ylim, GRID_DRAFT)
            self._dirty = False

    def busy(self, sweep: bool = True) -> bool:
        """Work outstanding: a draft analysis, a due measurement, a path or (``sweep``) the I sweep."""
        if self._dirty or self._pending is not None or self._relaunch_due or self.analysis.grid != GRID_FULL:
            return True
        if self.measuring() or self._manifold_job is not None or any(l.pending for l in self.launches):
            return True
        if sweep and self._bif_job is not None:
            return True
        return any(self.jobs.busy(k) for k in MAIN_WORK) or (sweep and self.jobs.busy(SWEEP))

    def settle(self, sweep: bool = False, timeout_s: float = 60.0) -> bool:
        """Headless: step until the work is done (``sweep``: the I sweep too); True if it is."""
        t0 = time.monotonic()
        while self.busy(sweep):
            if time.monotonic() - t0 > timeout_s:
                return False
            time.sleep(0.002)
            self.step(0.05)
        return True

    def reset(self) -> None:
        """Ctrl+R: the level's start (sliders, launches, answers, quiz); the best score stays."""
        for prefix in MAIN_WORK:
            self.jobs.cancel(prefix)
        self._manifold_job = None
        self.launches = []
        self.answers = []
        self.note = None
        self.measurement = None
        self._measure_job = None
        self._measure_due = None
        if self.quiz:
            self.quiz_index = 0
            self.quiz_answers = []
            self.revealed = False
            self._enter_quiz_item(0)
            self.window_changed()
        super().reset()
        self.field_changed()
        if self.measures():
            self._schedule_measure()
        self.version += 1

    def state(self) -> dict[str, np.ndarray]:
        out = {"values": np.array(list(self.values.values()) or [0.0], dtype=float),
               "window": np.array(self.window.bounds, dtype=float)}
        for i, e in enumerate(self.analysis.equilibria):
            out[f"eq{i}"] = e.point
        for i, l in enumerate(self.launches):
            if l.fwd is not None:
                out[f"fwd{i}"] = l.fwd.xy
            if l.bwd is not None:
                out[f"bwd{i}"] = l.bwd.xy
        return out
