"""The izhikevich lab's model: one neuron, its run, the oscilloscope's sweep, the plane, the atlas.

No pygame here. :class:`IzhikevichModel` holds the science state of one level:

- the tunables a, b, c, d, I (and any declared protocol value) in
  ``self.values`` (sliders over the level's fixed values, a Fig. 1 panel's or
  a preset's, clamped to ``schema.LIMITS``), and the rest of the setup in
  ``self.neuron`` (input protocol, start, equations, length);
- the current run (``self.result``, counted by ``self.version``) and its
  score through ``goals.GOALS``; the run behind the best score;
- the oscilloscope's sweep (``self.sweep``, a :class:`game.labs.common.scope.Sweep`);
- the (v, u) window of the phase plane, fitted to the run;
- the firing-class atlas over two parameters.

A change re-runs the neuron (about 5 ms for 1 s of model time). A one-off
change (a click, a key, the end of a drag) is computed at once in the next
:meth:`step`; while a slider is dragged (changes in consecutive steps) the
run is a job of the model's scheduler computed in 50 ms pieces within
:data:`SIM_BUDGET_S` per frame, and the finished run is identical. The atlas
is a job too, advanced within :data:`ATLAS_BUDGET_S` per frame while it is
shown. The sweep advances at a fixed internal step, carrying the leftover
time; :attr:`passed` says how many spikes the last step passed (the view
clicks for them).
"""

from __future__ import annotations

import math
from typing import Callable, Mapping

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.core.tunables import Tunables
from game.labs.common.scope import DEFAULT_SPEED, DEFAULT_WINDOW_MS, MAX_CATCH_UP_S, Sweep
from game.labs.izhikevich import goals, sandbox
from game.labs.izhikevich.atlas import AXES, atlas_job
from game.labs.izhikevich.neuron import (Neuron, Result, base_values, input_current, panel_base, panel_values,
                                         run_pieces)
from game.labs.izhikevich.schema import AMPLITUDE_KEYS, LIMITS, U_LIMIT, V_RANGE, Fixed
from game.sim import izhikevich as izh

#: Wall-clock time (s) a frame may spend re-running the neuron while a slider is dragged.
SIM_BUDGET_S = 0.0015
#: A one-off change computes its whole run in the frame (s): far more than a run takes.
FULL_RUN_S = 10.0
#: Wall time (s) the atlas inputs must stay unchanged before a new map is computed.
ATLAS_DEBOUNCE_S = 0.3
#: Time (s) a frame may spend computing the atlas (a 100 x 100 map takes ~2 s of CPU: ~6 s at 60 fps).
ATLAS_BUDGET_S = 0.005
#: Job keys of the model's scheduler.
RUN, ATLAS = "run", "atlas"
#: The plane's v range before it is fitted to a run (mV).
V_DEFAULT = (-90.0, 40.0)


class IzhikevichModel(LabModel):
    """One Izhikevich neuron on one level: its runs, sweep, plane window, atlas and score."""

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        super().__init__(level, mode)
        self.neuron = Neuron(self.fixed, self.values)
        self.result: Result = self.neuron.simulate()
        self.version = 0
        self.best_result: Result | None = None
        self.dirty = False                     # the setup changed since the run in hand was started
        self._touched = self._touched_before = False
        self.dragging = False                  # parameters changed in this step and the last
        self.simulated = False                 # this step spent its budget on the neuron
        self.rheobase: float | None = None
        self.target: Result | None = None
        prepare = goals.PREPARE.get(self.goal.type) if self.goal is not None else None
        if prepare is not None:
            prepare(self, self.goal)
        self.sweep = Sweep(self.neuron.t_ms, DEFAULT_SPEED, DEFAULT_WINDOW_MS)
        self.passed = 0                        # spikes the sweep passed in the last step
        self.wall = 0.0                        # wall time stepped (s)
        self.preset: str | None = None         # the preset loaded, if any
        self.user_view = False                 # the player zoomed the plane: keep their view
        if level.window is not None:
            self.xlim, self.ylim = tuple(level.window.x), tuple(level.window.y)
        else:
            self.xlim, self.ylim = self.fit_window()
        self.atlas_on = False
        self.atlas_axes = "cd"
        self.atlas: tuple | None = None        # (key, classes) of the last map computed
        self.atlas_error: str | None = None
        self._atlas_since = 0.0
        self._atlas_tried = None

    # ------------------------------------------------------------ parameters
    def base_values(self) -> Mapping[str, float]:
        return base_values(self.fixed)

    def params(self) -> dict[str, float]:
        """a, b, c, d, I now."""
        return self.neuron.params()

    def on_param(self, name: str, value: float) -> None:
        self.dirty = True
        self._touched = True

    def rerun(self) -> None:
        """The setup changed (start, protocol, reset): drop any run in progress and run anew."""
        self.jobs.cancel(RUN, exact=True)
        self.dirty = True

    def recompute(self) -> None:
        """Re-run the neuron now with the current values, protocol and start; score it."""
        self.jobs.cancel(RUN, exact=True)
        self.dirty = False
        self._apply(self.neuron.simulate())

    def _apply(self, result: Result) -> None:
        """A finished run becomes what the view shows and what is scored."""
        self.result = result
        self.version += 1
        self.sweep.wake()                   # a rested sweep shows the new run (from where it is)
        best = self.best
        self.record()
        if self.best is not None and (self.best != best or self.best_result is None):
            self.best_result = result
        self.grow_view()

    def result_for(self, score: float | None) -> Result | None:
        """The run behind ``score``: the last one, or the best one of this visit."""
        if score is None:
            return None
        if score == self.last:
            return self.result
        if score == self.best:
            return self.best_result
        return None

    # ------------------------------------------------------------ commands
    def set_start(self, v: float, u: float) -> None:
        """Start the run from (v0, u0), clipped to the plane's window, and replay it from t = 0."""
        v = min(max(v, self.xlim[0]), self.xlim[1])
        u = min(max(u, self.ylim[0]), self.ylim[1])
        self.neuron.click = (float(v), float(u))
        self.sweep.cursor_ms = 0.0
        self.rerun()

    def clear_start(self) -> None:
        """Forget a clicked start."""
        if self.neuron.click is not None:
            self.neuron.click = None
            self.sweep.cursor_ms = 0.0
            self.rerun()

    def set_protocol(self, kind: str) -> None:
        """Switch to a protocol button's input (the amplitude stays the I slider)."""
        self.neuron.set_protocol(kind, sandbox.PROTOCOLS[kind])
        self.neuron.set_length(self.fixed.t_ms)
        self.sweep.restart(self.neuron.t_ms)
        self.rerun()

    def apply_preset(self, name: str, fit: Callable[[str, float], float] | None = None) -> None:
        """A published cell class with the protocol that shows its behaviour (``PRESET_NOTES``):
        its a, b, c, d and amplitude go to the sliders the level declares, through ``fit(name,
        value)`` if given (the view snaps them to its sliders)."""
        self.neuron.unload_panel()
        note = izh.PRESET_NOTES[name]
        values = dict(zip("abcd", izh.PRESETS[name]), I=abs(note.params.get("amp", 10.0)))
        for k, v in values.items():
            if k in self.values.declared:
                self.values.set(k, v if fit is None else fit(k, v))
        self.neuron.set_protocol(note.protocol, {k: v for k, v in note.params.items() if k not in AMPLITUDE_KEYS})
        self.neuron.set_length(note.t_ms)
        self.neuron.start_mode = "rest" if note.from_rest else "default"
        self.neuron.click = None
        self.preset = name
        self.restart(window_ms=DEFAULT_WINDOW_MS)

    def load_panel(self, letter: str) -> None:
        """A panel of Izhikevich (2004) Fig. 1: its neuron, equations, start, input and length, for
        what the level does not fix. In the sandbox the sliders take the panel's values; in a level
        they stay the player's. Call :meth:`restart` after (the view first adjusts its sliders)."""
        self.neuron.load_panel(letter)
        self.values.set_base(panel_base(self.fixed, letter))
        if self.mode.sandbox:
            for k, v in panel_values(letter).items():
                if k in self.values.declared:
                    self.values.set(k, v)
            self.neuron.start_mode = "default"
        self.neuron.click = None
        self.preset = None

    def restart(self, window_ms: float | None = DEFAULT_WINDOW_MS) -> None:
        """After a new setup: run it now, sweep from t = 0 and fit the plane to it."""
        self.sweep.restart(self.neuron.t_ms)
        if window_ms is not None:
            self.sweep.window_ms = min(window_ms, self.neuron.t_ms)
        self.recompute()
        self.fit_view()

    def reset(self) -> None:
        """Back to the level's start: values (a panel button changed their base), protocol, start
        and panel; a new run."""
        self.values = Tunables(self.level.params, self.LIMITS, self.base_values())
        self.neuron = Neuron(self.fixed, self.values)
        self.preset = None
        self.sweep.restart(self.neuron.t_ms)
        self.rerun()

    def settle(self) -> None:
        """Compute a pending run now (headless solving, scripts)."""
        if self.dirty or self.jobs.busy(RUN):
            self.recompute()

    # ------------------------------------------------------------ the plane's window
    def fit_window(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """A (v, u) window that holds the run, its start, the nullcline's dip and the equilibria."""
        p = self.params()
        r = self.result.run
        vmin = min(V_DEFAULT[0], float(np.percentile(r.v, 1)) - 5.0, min(p["c"], izh.C_MAX_MV) - 5.0)
        vmin = max(V_RANGE[0], 10.0 * math.floor(vmin / 10.0))
        I_lo, I_hi = float(np.min(self.result.current)), float(np.max(self.result.current))
        q0 = self.neuron.eqs.q0                  # the v-nullcline's dip lies at u = I + q0
        us = [float(np.percentile(r.u, 2)), float(np.percentile(r.u, 98)), I_lo + q0, I_hi + q0,
              float(r.u[0])]
        for I in (I_lo, I_hi):
            us += [e.u for e in izh.equilibria(p["a"], p["b"], I, self.neuron.eqs)]
        us = [u for u in us if math.isfinite(u)]
        lo, hi = min(us), max(us)
        pad = max(0.15 * (hi - lo), 4.0)
        return (vmin, V_DEFAULT[1]), (max(-U_LIMIT, lo - pad), min(U_LIMIT, hi + pad))

    def fit_view(self) -> None:
        """Fit the window to the run (V); the player's zoom is forgotten."""
        self.xlim, self.ylim = self.fit_window()
        self.user_view = False

    def set_view(self, xlim, ylim) -> bool:
        """Show another (v, u) window; refused outside the lab's ranges or when too thin."""
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        if not all(map(math.isfinite, (*xlim, *ylim))) or not (5.0 <= w and 0.5 <= h):
            return False
        if xlim[0] < V_RANGE[0] or xlim[1] > V_RANGE[1] or ylim[0] < -U_LIMIT or ylim[1] > U_LIMIT:
            return False
        self.xlim, self.ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
        return True

    def zoom_plane(self, v: float, u: float, clicks: int) -> None:
        """Zoom the window about (v, u): in for clicks > 0."""
        f = 0.85 ** clicks
        self.user_view = True
        self.set_view((v - (v - self.xlim[0]) * f, v + (self.xlim[1] - v) * f),
                      (u - (u - self.ylim[0]) * f, u + (self.ylim[1] - u) * f))

    def grow_view(self) -> None:
        """Widen the plane's u range when the new run leaves it (never narrows it, and never
        overrides a view the player zoomed; V fits it again)."""
        if self.user_view:
            return
        lo, hi = (float(x) for x in np.percentile(self.result.run.u, [2, 98]))
        if lo >= self.ylim[0] and hi <= self.ylim[1]:
            return
        _, (flo, fhi) = self.fit_window()
        self.set_view(self.xlim, (min(self.ylim[0], flo), max(self.ylim[1], fhi)))

    # ------------------------------------------------------------ what the sweep shows now
    def cursor_index(self) -> int:
        return int(min(len(self.result.run.t) - 1, max(0, round(self.sweep.cursor_ms / izh.DEFAULT_DT_MS))))

    def I_now(self) -> float:
        """The input at the sweep's cursor."""
        return float(self.result.current[self.cursor_index()])

    def I_shown(self) -> float:
        """I(t) at the cursor, quantised to 1/40 of the input's span, so a ramp redraws the
        plane a few times per second rather than every frame (steps and ends stay exact)."""
        cur = self.result.current
        lo, hi = float(cur.min()), float(cur.max())
        if hi - lo <= 0:
            return lo
        q = (hi - lo) / 40.0
        return lo + round((self.I_now() - lo) / q) * q

    # ------------------------------------------------------------ the atlas
    def toggle_atlas(self) -> None:
        """Show or hide the atlas; a map is computed only while it is shown."""
        self.atlas_on = not self.atlas_on and self.controls.atlas
        self._atlas_since = self.wall
        if not self.atlas_on:                  # a half-done map is dropped; showing it again restarts it
            self.jobs.cancel(ATLAS, exact=True)
            self._atlas_tried = None

    def switch_atlas_axes(self) -> None:
        self.atlas_axes = "ab" if self.atlas_axes == "cd" else "cd"
        self._atlas_since = self.wall

    def atlas_key(self) -> tuple:
        """What the current map depends on: its axes, the other parameters and the input."""
        p = self.params()
        ax = AXES[self.atlas_axes]
        others = tuple(round(p[k], 6) for k in "abcd" if k not in (ax.x, ax.y))
        protocol = self.neuron.protocol_now()
        proto = tuple(sorted((k, v) for k, v in protocol.items() if k != "kind"))
        return (self.atlas_axes, others, round(p["I"], 6), protocol["kind"], proto,
                self.neuron.t_ms, self.neuron.eqs)

    def atlas_cell(self, fx: float, fy: float) -> dict[str, float]:
        """The values of the atlas's two parameters at fractions (fx, fy) of the map, where tunable."""
        ax = AXES[self.atlas_axes]
        x, y = ax.at(fx, fy)
        return {name: value for name, value in ((ax.x, x), (ax.y, y)) if name in self.values.declared}

    def _poll_atlas(self) -> None:
        """Start, cancel or advance (within ``ATLAS_BUDGET_S``) the map while it is shown."""
        if not self.atlas_on:
            return
        key = self.atlas_key()
        job = self.jobs.get(ATLAS)
        if job is not None and job.meta != key:
            self.jobs.cancel(ATLAS, exact=True)
            self._atlas_since = self.wall
        elif job is None and (self.atlas is None or self.atlas[0] != key) and self._atlas_tried != key \
                and self.wall - self._atlas_since >= ATLAS_DEBOUNCE_S:
            p, protocol = self.params(), self.neuron.protocol_now()
            I = p["I"]
            steps = atlas_job(AXES[self.atlas_axes], p, lambda t: input_current(protocol, I, t),
                              self.neuron.t_ms, eqs=self.neuron.eqs)
            self.jobs.slices(ATLAS, steps, meta=key)
            self._atlas_tried = key
            self.atlas_error = None
        if self.jobs.busy(ATLAS):
            self.jobs.run(ATLAS_BUDGET_S, ATLAS)

    # ------------------------------------------------------------ time
    def step(self, dt: float, redraw_pending: bool = False) -> None:
        """One frame: the run (at once, or in pieces while dragging), the sweep, the atlas.

        ``redraw_pending``: the view's plane still shows an older run; while
        dragging, this frame then redraws it and does not simulate.
        """
        dt = min(max(float(dt), 0.0), MAX_CATCH_UP_S)
        self.wall += dt
        self._advance_run(redraw_pending)
        self.passed = self.sweep.advance(dt, self.result.run.spikes)
        self._poll_atlas()
        self._collect()

    def _advance_run(self, redraw_pending: bool) -> None:
        """Re-run the neuron for new parameters without ever stalling a frame.

        A one-off change runs at once. While a slider is dragged the run is
        computed in pieces within ``SIM_BUDGET_S`` per frame, and a frame
        whose plane must catch up does no simulation; parameters that change
        meanwhile wait for the next run (the latest values win).
        """
        touched, self._touched = self._touched, False
        dragging = touched and self._touched_before
        self._touched_before = touched
        self.dragging = dragging
        self.simulated = False
        if self.dirty and not self.jobs.busy(RUN):
            self.jobs.slices(RUN, run_pieces(self.neuron, self.params()))
            self.dirty = False
        if not self.jobs.busy(RUN) or (dragging and redraw_pending):
            return
        self.jobs.run(SIM_BUDGET_S if dragging else FULL_RUN_S, RUN)
        self.simulated = True
        self._collect()

    def _collect(self) -> None:
        for job in self.jobs.collect():
            if job.key == RUN and job.result is not None:
                self._apply(job.result)
            elif job.key == ATLAS:
                if job.error:
                    self.atlas_error = job.error
                elif job.result is not None:
                    self.atlas = (job.meta, job.result)

    # ------------------------------------------------------------ life
    def state(self) -> dict[str, np.ndarray]:
        r = self.result
        return {"v": r.run.v, "u": r.run.u, "I": r.current, "spikes": r.run.spikes,
                "window": np.array([*self.xlim, *self.ylim]), "cursor": np.array([self.sweep.cursor_ms])}
