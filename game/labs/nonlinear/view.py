"""The nonlinear lab's view: nullclines, equilibria, trajectories, cycles, I sweep.

Layout (inside the lab rectangle): the phase plane on the left with a
nullcline legend in its corner; on the right, top-down, the system picker
(sandbox), the system and its equilibria named in words, then either the
bifurcation panel (Morris–Lecar), the equation editor (custom system,
sandbox) or the Jacobian to judge (quiz), then the sliders, the buttons and
the legend. The column is budgeted: panels shrink or hide before anything
overlaps at a large UI scale.

The sandbox's picker, presets and equation editor live in ``sandbox.py``,
the drawing in ``draw.py`` and the two side panels in ``panels.py``.

Interaction as in the linear lab: left click launches a trajectory forward
(solid) and backward (dashed), wheel zooms, right-drag pans, V resets the
view, C clears. Slow work (trajectories, limit cycles, the I sweep) runs on
a background worker (``worker.py``); nullclines and equilibria are computed
in the frame, once per change, on a coarse grid while a slider moves (split
over two frames: nullclines, then equilibria, shown together) and on the
full 200 x 200 grid once it rests.
"""

from __future__ import annotations

import math
import time
import weakref

import numpy as np
import pygame
import pygame_gui

from game.labs.legacy import LegacyView as LabView
from game.labs.nonlinear import draw as nldraw
from game.labs.nonlinear import goals, jobs, model
from game.labs.nonlinear.panels import BifurcationPanel, EquationEditor, format_param_table
from game.labs.nonlinear.sandbox import PRESETS, SandboxControls
from game.labs.nonlinear.worker import Worker
from game.labs.common.plane import Launch, stop_note
from game.sim import planar
from game.ui.plot import Axes
from game.ui.widgets import SliderPanel

MAX_TRAJ = 10
SETTLE_S = 0.25            # model analysis is a draft until sliders rest this long
MEASURE_DELAY_S = 0.25     # limit-cycle measurement waits for the sliders to rest
ANIM_S = 3.0               # wall seconds to animate a forward path
RELAUNCH_S = 0.1           # shortest interval between reruns of the paths while a slider moves
HOME_GRID = 100            # grid for the goal's equilibria on the home window

#: One shared thread for the I sweeps: a new parameter set cancels the old sweep.
SWEEPER = Worker("nonlinear-sweep")
_SWEEPS: dict[tuple, object] = {}

class FramePanel(SliderPanel):
    """The slider panel, whose focus outline is the last thing a frame draws.

    ``PlayScene.draw_over`` calls ``draw_focus`` after the GUI is drawn, so
    this is where the view tells its workers that the frame is done.
    """

    def __init__(self, on_frame_end) -> None:
        super().__init__()
        self.on_frame_end = on_frame_end

    def draw_focus(self, surface, ctx) -> None:
        super().draw_focus(surface, ctx)
        self.on_frame_end()


class NLaunch(Launch):
    """A launch whose paths arrive from the worker; knows what it led to."""

    def __init__(self, start, kick: float | None = None) -> None:
        super().__init__(start, None, None)
        self.kick = kick
        self.pending = True
        self.outcome: str | None = None     # bistable levels: rest / cycle / unsettled
        self.fired: bool | None = None      # kick levels
        self.serial = 0


class NonlinearView(SandboxControls, LabView):
    help_keys = (("Click", "nonlinear.help.click"), ("Wheel", "phaseplane.help.zoom"),
                 ("Right-drag", "phaseplane.help.pan"), ("V", "phaseplane.help.view"),
                 ("C", "phaseplane.help.clear"), ("Space", "nonlinear.help.kick"))

    def __init__(self, level, ctx, mode="campaign", spec=None) -> None:
        super().__init__(level, ctx, mode, spec)
        self.fixed = level.fixed
        self.controls = level.controls
        self.goal = level.goal
        self.system = self.fixed.system
        self.clock = 0.0
        self.worker = Worker()
        # a view left behind (scene closed) stops its background work
        weakref.finalize(self, self.worker.cancel, "")
        self.launches: list[NLaunch] = []
        self._serial = 0
        self.note: str | None = None
        self.answers: list[float] = []            # locked-in currents
        self.measurement: jobs.Measurement | None = None
        self._measure_job = None
        self._measure_due: float | None = None
        self.bif: planar.MLBifurcation | None = None
        self.bif_branch: planar.MLBifurcation | None = None
        self._bif_job = None
        self._bif_key = None
        self.manifold: planar.SlowManifold | None = None     # controls.show_manifold
        self._manifold_job = None
        self._manifold_key = None
        self._changed_at = -1e9
        self._relaunch_due = False
        self._relaunched_at = -1e9
        self._table_due = False
        self._dirty = True
        self._pending: model.PendingAnalysis | None = None     # half-done draft analysis
        self._version = 0
        self._layer = None
        self._layer_key = None
        self._field_cache = None
        self._home_eq = None
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.drop = None
        self.editor: EquationEditor | None = None
        self.panel_bif: BifurcationPanel | None = None
        self._pending_sliders = False
        self._drag_pan = None
        self._mouse = (0, 0)
        # equations: level's custom system, or the sandbox's editable one
        eq = self.fixed.equations
        self.eq_texts = {"dx": eq.dx, "dy": eq.dy, "params": format_param_table(eq.params)} if eq else {
            "dx": model.CUSTOM_DEFAULT["dx"], "dy": model.CUSTOM_DEFAULT["dy"],
            "params": format_param_table(model.CUSTOM_DEFAULT["params"])}
        self.eq_params = dict(eq.params) if eq else dict(model.CUSTOM_DEFAULT["params"])
        self.compiled = planar.compile_field(self.eq_texts["dx"], self.eq_texts["dy"], self.eq_params)
        self.fixed_values = {**(self.eq_params if self.system == model.CUSTOM else {}), **self.fixed.values}
        # quiz
        self.quiz = list(self.fixed.quiz)
        self.quiz_truths = [model.quiz_truth(q.dx, q.dy, q.params, q.point, self._span(q.window))
                            for q in self.quiz]
        self.quiz_index = 0
        self.quiz_answers: list[str] = []
        self.revealed = False
        self.elapsed = 0.0
        # windows
        win = level.window
        self.home = (tuple(win.x), tuple(win.y)) if win else model.system_window(self.system)
        if self.quiz:
            self._enter_quiz_item(0)
        self.xlim, self.ylim = self.home
        self.plane = Axes(pygame.Rect(0, 0, 100, 100), self.xlim, self.ylim)
        self.target_I = self._bifurcation_target()
        self.analysis = model.Analysis([], [], [], 0)
        if self._measures():
            self._measure_due = 0.0           # show the starting frequency or period

    # ------------------------------------------------------------------ model
    def _span(self, window) -> tuple[float, float]:
        win = window or self.level.window
        if win is None:
            return (6.0, 6.0)
        return (win.x[1] - win.x[0], win.y[1] - win.y[0])

    def _enter_quiz_item(self, i: int) -> None:
        item = self.quiz[i]
        self._pending = None
        win = item.window or self.level.window
        self.home = (tuple(win.x), tuple(win.y)) if win else ((-3.0, 3.0), (-3.0, 3.0))
        self.system = model.CUSTOM
        self.compiled = self.quiz_truths[i].field
        self.fixed_values = dict(item.params)
        self.eq_texts = {"dx": item.dx, "dy": item.dy, "params": format_param_table(item.params)}

    def _bifurcation_target(self) -> float | None:
        """The Hopf or SNIC current of the level's parameter set (uA/cm^2)."""
        if self.goal is None or self.goal.type != "bifurcation_current" or not model.is_ml(self.system):
            return None
        base = jobs.branch(model.ML_SETS[self.system])
        pts = base.hopf_I if self.goal.which == "hopf" else base.fold_I
        p = self.params.get("I")
        inside = [float(v) for v in pts if p is None or p.min <= v <= p.max]
        return max(inside) if inside else None

    def field_values(self) -> dict[str, float]:
        """Parameter values of the field: fixed ones overlaid with the sliders."""
        return {**self.fixed_values, **{k: v for k, v in self.values.items() if k != "kick"}}

    def field(self):
        """The current vector field, rebuilt only when its parameters change."""
        vals = self.field_values()
        key = (self.system, tuple(sorted(vals.items())), id(self.compiled))
        if self._field_cache is None or self._field_cache[0] != key:
            try:
                f = model.make_field(self.system, vals, self.compiled)
            except (ValueError, planar.ExpressionError):
                f = model.make_field(self.system, {}, self.compiled)
            self._field_cache = (key, f)
            self._home_eq = None
        return self._field_cache[1]

    def field_key(self):
        self.field()
        return self._field_cache[0]

    def home_equilibria(self) -> list[planar.Equilibrium]:
        """Equilibria in the level's own window (goals never depend on the zoom)."""
        key = (self.field_key(), self.home)
        if self._home_eq is None or self._home_eq[0] != key:
            eqs = model.analyse(self.field(), *self.home, grid=HOME_GRID).equilibria
            self._home_eq = (key, eqs)
        return self._home_eq[1]

    def rest(self) -> planar.Equilibrium | None:
        return model.stable_rest(self.home_equilibria())

    def home_bounds(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.home
        return (x0, x1, y0, y1)

    def run_bounds(self) -> tuple[float, float, float, float]:
        """Where trajectories stop: the home window and the view, grown so cycles can leave and return."""
        x0 = min(self.home[0][0], self.xlim[0])
        x1 = max(self.home[0][1], self.xlim[1])
        y0 = min(self.home[1][0], self.ylim[0])
        y1 = max(self.home[1][1], self.ylim[1])
        w, h = x1 - x0, y1 - y0
        return (x0 - 0.5 * w, x1 + 0.5 * w, y0 - 0.5 * h, y1 + 0.5 * h)

    def t_max(self) -> float:
        if self.fixed.t_max is not None:
            return float(self.fixed.t_max)
        return model.T_MAX.get(self.system, model.CUSTOM_T_MAX)

    # -------------------------------------------------------------- launches
    def launch(self, start, kick: float | None = None) -> None:
        if self.controls.max_launches and self.mode != "sandbox":
            while len(self.launches) >= self.controls.max_launches:
                self._drop(self.launches[0])
        l = NLaunch(start, kick)
        self._serial += 1
        l.serial = self._serial
        self.launches.append(l)
        while len(self.launches) > MAX_TRAJ:
            self._drop(self.launches[0])
        self._submit(l)
        if self.mode == "sandbox" or self._measures():
            self._schedule_measure()
        self._version += 1

    def _drop(self, l: NLaunch) -> None:
        self.worker.cancel(f"launch:{l.serial}")
        self.launches.remove(l)

    def _submit(self, l: NLaunch) -> None:
        l.pending = True
        self.worker.submit(f"launch:{l.serial}", jobs.launch, self.field(), l.start, self.t_max(),
                           self.run_bounds(), meta=(l.serial, self.field_key()))

    def _apply_launch(self, job) -> None:
        serial, key = job.meta
        l = next((x for x in self.launches if x.serial == serial), None)
        if l is None or key != self.field_key():
            return
        if job.error is not None or job.result is None:
            l.pending = False
            l.fwd = planar.Trajectory(np.zeros(1), np.array([l.start], dtype=float), "undefined")
            l.bwd = None
            self.note = "nonlinear.note.failed"
            self._version += 1
            return
        l.fwd, l.bwd = job.result
        l.pending = False
        self._version += 1
        self.note = stop_note(l.fwd.reason) if l is self.launches[-1] else self.note
        goal = self.goal
        if goal is not None and goal.type == "kick_threshold":
            l.fired = goals.fired(l.fwd.xy, goal.fire_x)
            self.note = "nonlinear.note.fired" if l.fired else "nonlinear.note.no_fire"
        if goal is not None and goal.type == "bistable_boundary":
            rest = self.rest()
            l.outcome = goals.outcome(l.fwd.t, l.fwd.xy, None if rest is None else rest.point,
                                      self.home_bounds())
            self.note = f"nonlinear.note.{l.outcome}"
        if goal is not None and goal.type in ("equilibria_visited", "kick_threshold", "bistable_boundary"):
            self.record(self.score(l))

    def recompute(self) -> None:
        """Parameters changed: rerun every kept trajectory from its start."""
        for l in self.launches:
            if l.kick is not None:
                r = self.rest()
                if r is not None:
                    l.start = (float(r.point[0] + l.kick), float(r.point[1]))
            self._submit(l)

    def kick(self) -> None:
        """Launch from the rest state displaced by the kick along x."""
        r = self.rest()
        if r is None:
            self.note = "nonlinear.note.no_rest"
            return
        k = float(self.values.get("kick", 0.0))
        self.launch((float(r.point[0] + k), float(r.point[1])), kick=k)

    # ------------------------------------------------------------ measuring
    def _measures(self) -> bool:
        return self.goal is not None and self.goal.type in ("onset_frequency", "cycle_period")

    def _measure_start(self):
        if self.goal is not None and self.goal.type in ("onset_frequency", "cycle_period"):
            return self.goal.start
        return self.launches[-1].start if self.launches else None

    def _schedule_measure(self) -> None:
        self._measure_due = self.clock + MEASURE_DELAY_S
        self.measurement = None
        if self._measure_job is not None:
            self.worker.cancel("measure")
            self._measure_job = None

    def _start_measure(self) -> None:
        start = self._measure_start()
        self._measure_due = None
        if start is None:
            return
        tt, to, tl = model.MEASURE.get(self.system, model.MEASURE[model.CUSTOM])
        self._measure_job = self.worker.submit("measure", jobs.measure_cycle, self.field(), start, tt, to, tl,
                                               meta=self.field_key())

    def _apply_measure(self, job) -> None:
        if job is not self._measure_job:
            return
        self._measure_job = None
        if job.meta != self.field_key() or job.error is not None:
            return
        self.measurement = job.result
        self._version += 1
        if self._measures():
            self.record(self.score())

    # ------------------------------------------------------------- manifold
    def _ensure_manifold(self) -> None:
        """Start computing the repelling slow manifold when the field changed (controls.show_manifold).

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
        self._manifold_job = self.worker.submit("manifold", jobs.manifold, self.field(), self.home[0], self.home[1],
                                                self.t_max(), meta=key)

    def _apply_manifold(self, job) -> None:
        if job is not self._manifold_job:
            return
        self._manifold_job = None
        self._manifold_key = job.meta          # a failed run is not retried for the same field
        if job.error is None and job.meta == self.field_key():
            self.manifold = job.result
            self._version += 1

    # ---------------------------------------------------------- bifurcation
    def wants_bifurcation(self) -> bool:
        return model.is_ml(self.system) and self.controls.show_bifurcation and "I" in self.params

    def _ensure_sweep(self) -> None:
        if not self.wants_bifurcation():
            return
        p = self.params["I"]
        params = model.ML_SETS[self.system]
        self.bif_branch = jobs.branch(params)
        key = jobs.sweep_key(params, p.min, p.max)
        if key == self._bif_key and (self.bif is not None or self._bif_job is not None):
            return
        self._bif_key = key
        self.bif = jobs.cached_sweep(key)
        if self.bif is not None:
            self._bif_job = None
            return
        job = _SWEEPS.get(key)
        if job is None or job.cancelled or (job.done and job.result is None):
            SWEEPER.cancel("bif:")
            job = SWEEPER.submit(f"bif:{key!r}", jobs.bifurcation, params, p.min, p.max)
            SWEEPER.collect()
            _SWEEPS.clear()
            _SWEEPS[key] = job
        self._bif_job = job

    def _poll_sweep(self) -> None:
        job = self._bif_job
        if job is None:
            return
        if job.done:
            self._bif_job = None
            if job.result is not None:
                self.bif = job.result
            SWEEPER.collect()
        elif job.cancelled:
            self._bif_job = None
            self._bif_key = None

    # -------------------------------------------------------------- params
    def on_param(self, name: str, value: float) -> None:
        if name == "kick":
            self._version += 1
            return
        self._dirty = True
        self._changed_at = self.clock
        self._field_cache = None
        self._relaunch_due = bool(self.launches)
        for l in self.launches:
            l.pending = True                  # drawn dimmed until the new path arrives
        if self._measures() or (self.mode == "sandbox" and self.launches):
            self._schedule_measure()

    def reset(self) -> None:
        self.worker.cancel("")
        self.launches = []
        self.answers = []
        self.note = None
        self.measurement = None
        self._measure_job = None
        if self.quiz:
            self.quiz_index = 0
            self.quiz_answers = []
            self.revealed = False
            self._enter_quiz_item(0)
            self.set_view(*self.home)
        super().reset()
        if self._measures():
            self._schedule_measure()
        if "lock" in self.buttons:
            self.buttons["lock"].enable()
        self._quiz_buttons()
        self._version += 1

    # ---------------------------------------------------------------- scoring
    def score(self, latest: NLaunch | None = None) -> float | None:
        goal = self.goal
        if goal is None:
            return None
        t = goal.type
        done = [l for l in self.launches if not l.pending]
        if t == "equilibria_visited":
            if not self.launches:
                return None
            pts = [e.point for e in self.home_equilibria()]
            return goals.equilibria_visited([l.start for l in self.launches], pts, self.home_bounds(), goal.radius)
        if t == "bifurcation_current":
            if not self.answers:
                return None
            return goals.bifurcation_error(self.answers[-1], self.target_I)
        if t in ("onset_frequency", "cycle_period"):
            m = self.measurement
            if m is None:
                return None
            period = m.cycle.period if m.cycle is not None else None
            if t == "onset_frequency":
                return goals.frequency_hz(period)
            return goals.period_error(period, goal.target)
        if t == "kick_threshold":
            l = latest or (done[-1] if done else None)
            if l is None or l.fired is None:
                return None
            return goals.kick_score(l.kick if l.kick is not None else math.inf, l.fired)
        if t == "bistable_boundary":
            if not done:
                return None
            return goals.boundary_gap([l.start for l in done], [l.outcome for l in done], self.home_bounds())
        if t == "quiz":
            if len(self.quiz_answers) < len(self.quiz):
                return None
            truth = [q.kind for q in self.quiz_truths]
            return goals.quiz_score(self.quiz_answers, truth, self.elapsed, goal.bonus_time_s)
        return None

    def lock_in(self) -> None:
        """Commit the current I as the answer (bifurcation levels)."""
        if self.goal is None or self.goal.type != "bifurcation_current":
            return
        if len(self.answers) >= self.goal.max_answers:
            self.note = "nonlinear.note.no_answers"
            return
        self.answers.append(float(self.values.get("I", math.nan)))
        self.record(self.score())
        self.note = "nonlinear.note.locked"
        b = self.buttons.get("lock")
        if b is not None and len(self.answers) >= self.goal.max_answers:
            b.disable()

    # ------------------------------------------------------------------ quiz
    def answer(self, kind: str) -> None:
        if not self.quiz or self.revealed or self.quiz_index >= len(self.quiz):
            return
        self.quiz_answers.append(kind)
        right = kind == self.quiz_truths[self.quiz_index].kind
        self.note = "nonlinear.quiz.right" if right else "nonlinear.quiz.wrong"
        self.ctx.sound.play("star" if right else "error")
        self.revealed = True
        self._version += 1
        if len(self.quiz_answers) >= len(self.quiz):
            self.record(self.score())
        self._quiz_buttons()

    def next_item(self) -> None:
        if not self.revealed or self.quiz_index + 1 >= len(self.quiz):
            return
        self.quiz_index += 1
        self.revealed = False
        self.worker.cancel("")
        self.launches = []
        self.note = None
        self._enter_quiz_item(self.quiz_index)
        self.set_view(*self.home)
        self._quiz_buttons()

    def _quiz_buttons(self) -> None:
        for k, b in self.buttons.items():
            if k.startswith("quiz:"):
                b.disable() if self.revealed else b.enable()
        nb = self.buttons.get("next")
        if nb is not None:
            nb.enable() if self.revealed and self.quiz_index + 1 < len(self.quiz) else nb.disable()

    def hidden(self) -> bool:
        """The quiz hides the portrait until the type is named."""
        return bool(self.quiz) and not self.revealed

    # ---------------------------------------------------------------- layout
    def frame_begin(self) -> None:
        """A frame starts: background work pauses until it is drawn (see ``worker``)."""
        self.worker.frame_begin()
        SWEEPER.frame_begin()

    def frame_end(self) -> None:
        self.worker.frame_end()
        SWEEPER.frame_end()

    def layout(self, scene, rect: pygame.Rect) -> None:
        """Plane left; right column budgeted top-down (see module docstring)."""
        s = scene.s
        self.panel = FramePanel(self.frame_end)
        m = s(12)
        side = min(rect.height - m - s(34), int(rect.width * 0.5))
        self.plane = Axes(pygame.Rect(rect.x + s(58), rect.y + m, side, side), self.xlim, self.ylim)
        x0 = self.plane.rect.right + s(36)
        w = rect.right - m - x0
        self.col = pygame.Rect(x0, rect.y + m, w, rect.height - 2 * m)
        bh = s(30)
        y = self.col.y
        self.buttons = {}
        self.drop = None
        self.editor = None
        self.panel_bif = None
        sandbox = self.mode == "sandbox"
        quiz = bool(self.quiz)
        custom_editor = sandbox and self.system == model.CUSTOM and not quiz
        if sandbox:
            names = [(self.ctx.text(f"nonlinear.system.{n}"), n) for n in model.ALL_SYSTEMS]
            current = next(o for o in names if o[1] == self.system)
            self.drop = scene.add(pygame_gui.elements.UIDropDownMenu(
                names, current, pygame.Rect(x0, y, min(w, s(360)), bh), manager=self.ctx.ui))
            y += bh + s(8)
        # -- what must fit below the info block: panel, sliders, buttons
        row_h = bh + s(6)
        self.show_presets = sandbox and not quiz
        mid_need = s(120) if quiz else (EquationEditor.height_for(s) if custom_editor else 0)
        bottom_h = len(self.params) * s(30) + s(6) + (2 if quiz else 1) * row_h

        def info_h(rows: int) -> int:
            return s(92) if quiz else s(44) + (rows + 2) * s(19) + s(8)

        free = self.col.bottom - y - mid_need - bottom_h
        if self.show_presets and free - row_h < info_h(1):
            self.show_presets = False             # a small window: presets go first
        if self.show_presets:
            free -= row_h
        want_bif = self.wants_bifurcation()
        rows = next((r for r in (3, 2) if free - info_h(r) >= (s(150) if want_bif else 0)), 1)
        self.eq_rows = rows
        self.info_top = y
        y += info_h(rows)
        free -= info_h(rows)
        # -- middle panel
        self.mid = pygame.Rect(x0, y, w, 0)
        if quiz:
            self.mid.height = mid_need if free >= 0 else 0
        elif custom_editor:
            self.editor = EquationEditor(scene, self.ctx, pygame.Rect(x0, y, w, 0), self.eq_texts)
            self.editor.compile()
            self.mid.height = self.editor.height
        elif want_bif and free >= s(120):
            h = min(s(190), free - s(10))
            self.mid.height = h
            self.panel_bif = BifurcationPanel(scene, self.ctx, pygame.Rect(x0, y, w, h),
                                              (self.params["I"].min, self.params["I"].max), self.home[0])
            self._ensure_sweep()
        y += self.mid.height + (s(10) if self.mid.height else 0)
        # -- sliders and buttons
        y = self.add_sliders(scene, pygame.Rect(x0, y, w, 0), list(self.params))
        y += s(6)
        bw = (w - 2 * s(8)) // 3
        row = []
        if quiz:
            bw5 = (w - 2 * s(8)) // 3
            for i, kind in enumerate(model.QUIZ_KINDS):
                r = pygame.Rect(x0 + (i % 3) * (bw5 + s(8)), y + (i // 3) * (bh + s(6)), bw5, bh)
                self.buttons["quiz:" + kind] = scene.button(r, f"phaseplane.kind.{kind}")
            r = pygame.Rect(x0 + 2 * (bw5 + s(8)), y + bh + s(6), bw5, bh)
            self.buttons["next"] = scene.button(r, "nonlinear.next")
            y += 2 * (bh + s(6))
            self._quiz_buttons()
        else:
            row.append("clear")
            if self.controls.start == "kick":
                row.append("kick")
            if self.goal is not None and self.goal.type == "bifurcation_current":
                row.append("lock")
            for i, name in enumerate(row):
                r = pygame.Rect(x0 + i * (bw + s(8)), y, bw, bh)
                self.buttons[name] = scene.button(r, f"nonlinear.{name}")
            if "lock" in self.buttons and self.goal is not None and len(self.answers) >= self.goal.max_answers:
                self.buttons["lock"].disable()
            y += bh + s(6)
            if self.show_presets:
                for i, (key, _) in enumerate(PRESETS.get(self.system, [])):
                    r = pygame.Rect(x0 + i * (bw + s(8)), y, bw, bh)
                    self.buttons["preset:" + key] = scene.button(r, f"nonlinear.preset.{key}")
                y += bh + s(6)
        self.legend_top = y + s(10)
        self._layer_key = None
        self._field_surf_key = None

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        self.frame_begin()
        if self.dispatch_button(event):
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and self.drop is not None \
                and event.ui_element is self.drop:
            choice = getattr(event, "selected_option_id", None)
            if choice in model.ALL_SYSTEMS and choice != self.system:
                self.switch_system(choice)
            return True
        if self.editor is not None:
            if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and self.editor.owns(event.ui_element):
                self.edit_equations()
                return True
            if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and self.editor.owns(event.ui_element):
                self.edit_equations(finished=True)
                return True
            if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT) and self.editor.focused():
                return True       # typing must not clear, zoom or step sliders
            if event.type == pygame.MOUSEBUTTONDOWN and self._pending_sliders and not self.editor.focused():
                self.edit_equations(finished=True)
        if super().handle(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN:
            if self.plane.contains(event.pos):
                if event.button == 1:
                    if self.controls.start == "click" and not self.hidden():
                        x, y = self.plane.to_model(*event.pos)
                        self.launch((float(x), float(y)))
                    elif self.controls.start == "kick":
                        self.kick()
                    return True
                if event.button == 3:
                    self._drag_pan = event.pos
                    return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
            if self._drag_pan is not None:
                span_x = self.xlim[1] - self.xlim[0]
                span_y = self.ylim[1] - self.ylim[0]
                dx = (event.pos[0] - self._drag_pan[0]) / self.plane.rect.width * span_x
                dy = (event.pos[1] - self._drag_pan[1]) / self.plane.rect.height * span_y
                self._drag_pan = event.pos
                self.set_view((self.xlim[0] - dx, self.xlim[1] - dx), (self.ylim[0] + dy, self.ylim[1] + dy))
                return True
        if event.type == pygame.MOUSEBUTTONUP and self._drag_pan is not None:
            self._drag_pan = None
            return True
        if event.type == pygame.MOUSEWHEEL and self.plane.contains(self._mouse):
            factor = 0.85 ** event.y
            cx, cy = (self.xlim[0] + self.xlim[1]) / 2, (self.ylim[0] + self.ylim[1]) / 2
            hx, hy = (self.xlim[1] - self.xlim[0]) / 2 * factor, (self.ylim[1] - self.ylim[0]) / 2 * factor
            self.set_view((cx - hx, cx + hx), (cy - hy, cy + hy))
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_v:
                self.set_view(*self.home)
                return True
            if event.key == pygame.K_c:
                self.press("clear")
                return True
            if event.key == pygame.K_SPACE and self.controls.start == "kick":
                self.kick()
                return True
        return False

    def press(self, key: str) -> None:
        if key == "clear":
            self.worker.cancel("launch:")
            self.launches = []
            self.note = None
            self._version += 1
        elif key == "kick":
            self.kick()
        elif key == "lock":
            self.lock_in()
        elif key == "next":
            self.next_item()
        elif key.startswith("quiz:"):
            self.answer(key.split(":", 1)[1])
        elif key.startswith("preset:"):
            self.apply_preset(key.split(":", 1)[1])

    def _restart_system(self) -> None:
        if self._bif_job is not None:         # its parameter set is gone: stop the sweep
            self._bif_job.cancel()
            SWEEPER.cancel("bif:")
            _SWEEPS.clear()
        self.worker.cancel("")
        self.launches = []
        self.measurement = None
        self._measure_job = None
        self._measure_due = None
        self.bif = None
        self.bif_branch = None
        self.manifold = None
        self._bif_job = None
        self._bif_key = None
        self.note = None
        self.xlim, self.ylim = self.home
        self.plane.set_limits(self.xlim, self.ylim)
        self._field_cache = None
        self._dirty = True
        self._pending = None                  # a half-done draft of the old system
        self._changed_at = -1e9
        self._version += 1
        if self.scene is not None:
            self.scene.rebuild()

    def set_view(self, xlim, ylim) -> None:
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        if not all(map(math.isfinite, (*xlim, *ylim))):
            return
        hw, hh = self.home[0][1] - self.home[0][0], self.home[1][1] - self.home[1][0]
        if not (1e-3 * hw <= w <= 50 * hw and 1e-3 * hh <= h <= 50 * hh):
            return
        self.xlim, self.ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
        self.plane.set_limits(self.xlim, self.ylim)
        self._dirty = True
        self._changed_at = self.clock

    # ------------------------------------------------------------------ frame
    def drafting(self) -> bool:
        """A slider or the view moved within the last `SETTLE_S` seconds."""
        return self.clock - self._changed_at < SETTLE_S

    def busy(self) -> bool:
        """Work outstanding: a draft analysis, a running job or a due measurement."""
        return (self._dirty or self._pending is not None or self._relaunch_due
                or self.analysis.grid != model.GRID_FULL or self.worker.busy()
                or self._measure_due is not None or any(l.pending for l in self.launches))

    def update(self, dt: float) -> None:
        self.frame_begin()
        self.clock += dt
        self.elapsed += dt
        settled = self.clock - self._changed_at >= SETTLE_S
        hints = [e.point for e in self.analysis.equilibria]
        if self._pending is not None:
            # second half of a draft: the equilibria on the grid sampled last frame
            self.analysis = model.analyse_finish(self._pending, hints)
            self._pending = None
            self._version += 1
        elif self._dirty or (settled and self.analysis.grid != model.GRID_FULL):
            if settled:
                self.analysis = model.analyse(self.field(), self.xlim, self.ylim, model.GRID_FULL, hints)
                self._version += 1
            else:
                # while a slider moves the draft is spread over two frames (nullclines,
                # then equilibria) and shown once whole, a frame later
                self._pending = model.analyse_start(self.field(), self.xlim, self.ylim, model.GRID_DRAFT)
            self._dirty = False
        if self._relaunch_due and (settled or self.clock - self._relaunched_at >= RELAUNCH_S):
            # while a slider moves, rerun the paths a few times a second, not every frame
            self._relaunch_due = False
            self._relaunched_at = self.clock
            self.recompute()
        for job in self.worker.collect():
            if job.key.startswith("launch:"):
                self._apply_launch(job)
            elif job.key == "measure":
                self._apply_measure(job)
            elif job.key == "manifold":
                self._apply_manifold(job)
        self._ensure_manifold()
        if self._table_due and settled:
            self.sync_param_table()
        if self._measure_due is not None and self.clock >= self._measure_due:
            self._start_measure()
        self._poll_sweep()
        if self.panel_bif is not None:
            job = self._bif_job
            self.panel_bif.set_progress(job.progress if job is not None and not job.done else None)
        for l in self.launches:
            if l.fwd is not None and len(l.fwd.t) > 1:
                t_end = abs(float(l.fwd.t[-1]))
                l.anim = (l.anim + dt * max(t_end / ANIM_S, 0.5)) % (t_end * 1.15)

    def draw(self, surface: pygame.Surface) -> None:
        nldraw.draw_view(self, surface)

    # ------------------------------------------------------------ files/soak
    def tour_steps(self):
        """First-level tour: the plane with its nullclines, then the sliders."""
        steps = [(lambda: self.plane.rect, "nonlinear.tour.plane")]
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "nonlinear.tour.sliders"))
        return steps

    def caption(self) -> str:
        vals = ", ".join(f"{k} = {v:g}" for k, v in self.field_values().items())
        name = self.ctx.text(f"nonlinear.system.{self.system}")
        return f"{self.level.id}: {name}" + (f", {vals}" if vals else "")

    def challenge_setup(self) -> dict:
        data = super().challenge_setup()
        data["window"] = {"x": list(self.xlim), "y": list(self.ylim)}
        fixed: dict = {"system": self.system}
        if self.system == model.CUSTOM:
            params = {**self.eq_params, **{k: v for k, v in self.values.items() if k in self.eq_params}}
            fixed["equations"] = {"dx": self.eq_texts["dx"], "dy": self.eq_texts["dy"], "params": params}
            data["params"] = {k: v for k, v in data["params"].items() if k in params}
        data["fixed"] = fixed
        return data

    def default_goal(self) -> dict:
        n = len(self.home_equilibria())
        stars = [1, 2, 3] if n >= 3 else ([0.5, 1, 2] if n == 2 else [0.25, 0.5, 1])
        return {"type": "equilibria_visited", "radius": 0.03, "better": "higher", "stars": stars}

    def close(self) -> None:
        """Cancel this view's launches and measurements and any bifurcation sweep."""
        self.worker.cancel("")
        SWEEPER.cancel("bif:")

    def challenge_goals(self) -> list[dict]:
        from game.labs.nonlinear.challenge import goals_for
        return goals_for(self)

    def challenge_solution(self) -> dict:
        pts = [[float(e.point[0]), float(e.point[1])] for e in self.home_equilibria()][:10]
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        pts = [p for p in pts if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]
        out: dict = {"params": {k: v for k, v in self.values.items() if k in self.params}}
        if pts:
            out["starts"] = pts
        return out

    def model_state(self) -> dict:
        out = {"values": np.array(list(self.values.values()) or [0.0], dtype=float),
               "window": np.array([*self.xlim, *self.ylim], dtype=float)}
        for i, e in enumerate(self.analysis.equilibria):
            out[f"eq{i}"] = e.point
        for i, l in enumerate(self.launches):
            if l.fwd is not None:
                out[f"fwd{i}"] = l.fwd.xy
            if l.bwd is not None:
                out[f"bwd{i}"] = l.bwd.xy
        return out

    # -------------------------------------------------------------- solution
    def settle(self, driver, timeout_s: float = 60.0) -> None:
        """Run frames until background work is done (tests, solutions, screenshots).

        Frames are separated by short real sleeps, as in the interactive
        loop: the worker computes between frames, so back-to-back frames
        alone would starve it.
        """
        t0 = time.monotonic()
        while self.busy() and time.monotonic() - t0 < timeout_s:
            time.sleep(0.008)
            driver.frames(1)
        driver.frames(1)

    def play_solution(self, driver) -> None:
        """Play the level's ``solution`` with real events (winnability test)."""
        sol = self.level.solution
        for name, value in sol.params.items():
            driver.set_slider(self, name, value)
        self.settle(driver)
        if sol.lock:
            driver.press(self.buttons["lock"])
        if sol.kick:
            driver.press(self.buttons["kick"])
            self.settle(driver)
        for x, y in sol.starts:
            driver.click(self.plane.point(x, y))
            self.settle(driver)
        for name in sol.answers:
            driver.press(self.buttons["quiz:" + name])
            if "next" in self.buttons and self.buttons["next"].is_enabled:
                driver.press(self.buttons["next"])
        self.settle(driver)

    def bench_script(self, driver, i: int) -> None:
        """One frame of scripted input for ``neuroarcade bench``: clicks, then drag a slider."""
        if i < 6:
            a = 2 * math.pi * i / 6
            cx, cy = self.plane.rect.center
            r = self.plane.rect.width * 0.3
            driver.click((cx + r * math.cos(a), cy + r * math.sin(a)), frames=0)
            return
        if self.panel.sliders:
            key = pygame.K_RIGHT if (i // 40) % 2 == 0 else pygame.K_LEFT
            driver.post(pygame.KEYDOWN, key=key, mod=pygame.KMOD_SHIFT, unicode="", scancode=0)
