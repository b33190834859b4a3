"""The izhikevich lab's model side: one neuron, its input, its run and its score.

No pygame here. :class:`Neuron` turns slider values and a level's fixed part
into a run of ``game.sim.izhikevich.simulate``:

- the parameters a, b, c, d, I (slider, else ``fixed``, else the preset, else
  RS with I = 10);
- the input current I(t) on the run's time grid, from the protocol with the
  level's I as its amplitude (``negative_step`` applies -|I|, ``ramp`` rises
  from ``base`` to I at the end of the run);
- the start: Izhikevich's ``v0 = -65 mV, u0 = b v0`` (or a Fig. 1 panel's),
  the stable resting state for the input before the protocol, or a point
  clicked on the phase plane;
- a Fig. 1 panel (``fixed.figure1`` or a panel button) supplies what the level
  does not fix: a, b, c, d, I, its equations, start, input and length.
- protocol values a level declares as tunables (``params.interval_ms``) come
  from their sliders.

Every clamp the simulator reports comes back as an i18n note key with its
numbers (:func:`note_keys`), so the view can say what it changed in either
language. :func:`evaluate` scores a run for any goal type.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from game.labs.izhikevich import goals
from game.labs.izhikevich.schema import (FIGURE1, NAMES, PARAM_LIMITS, PROTOCOL_TUNABLES, Fixed, panel_values,
                                         protocol_offset, protocol_onset, pulse_pair)
from game.sim import izhikevich as izh
from game.sim.izhikevich import fig1

DT_MS = izh.DEFAULT_DT_MS

#: Protocols the sandbox buttons switch to (the amplitude is always the I slider).
SANDBOX_PROTOCOLS: dict[str, dict[str, float]] = {
    "constant": {},
    "step": {"onset_ms": 50.0},
    "pulse": {"onset_ms": 50.0, "width_ms": 5.0, "count": 5.0, "interval_ms": 150.0},
    "ramp": {},
    "negative_step": {"onset_ms": 50.0, "offset_ms": 250.0},
}


def input_current(protocol: Mapping[str, Any], I: float, t: np.ndarray) -> np.ndarray:
    """I(t) of a validated protocol table with amplitude ``I`` on the grid ``t`` (ms).

    A Fig. 1 panel's input (``{"kind": "figure1", "panel": "G"}``) is sampled at
    the middle of each step, as ``figure1(letter, "exact")`` does, and scaled
    by ``I / I_ref`` (the published input at ``I = I_ref``).
    """
    p = {k: v for k, v in protocol.items() if k != "kind"}
    kind = protocol.get("kind", "constant")
    if kind == FIGURE1:
        panel = fig1.PANELS[protocol["panel"]]
        h = float(t[1] - t[0]) if len(t) > 1 else DT_MS
        return fig1.panel_current(panel.letter, t + 0.5 * h, I / panel.I_ref)
    if kind == "negative_step":
        return izh.protocol_current(kind, t, amp=-abs(I), **p)
    if kind == "ramp":
        base = p.get("base", 0.0)
        onset = p.get("onset_ms", 0.0)
        span = max(float(t[-1]) - onset, 1.0)
        return izh.protocol_current(kind, t, slope_per_ms=(I - base) / span, **p)
    return izh.protocol_current(kind, t, amp=I, **p)


def input_before(protocol: Mapping[str, Any], I: float = 0.0) -> float:
    """The input before the protocol starts: its ``base`` (0 for a constant input, which is
    switched on at t = 0); a Fig. 1 panel's input at t = 0."""
    kind = protocol.get("kind")
    if kind == FIGURE1:
        return float(input_current(protocol, I, np.array([0.0, DT_MS]))[0])
    return float(protocol.get("base", 0.0)) if kind != "constant" else 0.0


_NOTE_PATTERNS = (
    (re.compile(r"^c = (\S+) clamped to (\S+)"), "c_peak"),
    (re.compile(r"^([abd]) = (\S+) clamped to (\S+)"), "clamped"),
    (re.compile(r"^I clamped"), "I_clamped"),
    (re.compile(r"^[vu]0 ="), "start_clamped"),
    (re.compile(r"^u reached the clamp"), "u_clamp"),
    (re.compile(r"^firing capped"), "refire"),
)


def note_keys(notes) -> list[tuple[str, dict[str, str]]]:
    """The simulator's clamp notes as ``(i18n key, format fields)``, in order, without repeats.

    Keys are ``izhikevich.note.<name>``; an unknown note keeps its text in
    ``izhikevich.note.other`` so nothing the model changed goes unsaid.
    """
    out: list[tuple[str, dict[str, str]]] = []
    for text in notes:
        for pattern, name in _NOTE_PATTERNS:
            m = pattern.match(text)
            if m is None:
                continue
            if name == "c_peak":
                fields = {"value": m.group(1), "to": m.group(2)}
            elif name == "clamped":
                fields = {"name": m.group(1), "value": m.group(2), "to": m.group(3)}
            else:
                fields = {}
            item = (f"izhikevich.note.{name}", fields)
            break
        else:
            item = ("izhikevich.note.other", {"text": str(text)})
        if item not in out:
            out.append(item)
    return out


@dataclass(frozen=True)
class Result:
    """One run and what the view shows about it.

    Attributes
    ----------
    run : izh.Run
        Samples (ms, mV), spike times (ms), notes, reset values.
    current : ndarray
        I(t) on ``run.t``.
    start : tuple of float
        (v0 mV, u0) actually used.
    traj : izh.Trajectory
        The same run as a phase-plane path with its reset hops.
    firing : str
        ``classify_firing`` of the spikes.
    notes : tuple
        ``(key, fields)`` pairs for the view (:func:`note_keys` plus the lab's own).
    """

    run: izh.Run
    current: np.ndarray
    start: tuple[float, float]
    traj: izh.Trajectory
    firing: str
    notes: tuple


class Neuron:
    """One Izhikevich neuron set up by a level, driven by sliders and clicks.

    Parameters
    ----------
    fixed : Fixed
        The level's fixed part (validated).
    values : dict
        Current slider values by name (a, b, c, d, I); missing ones are fixed.
    """

    def __init__(self, fixed: Fixed, values: Mapping[str, float]) -> None:
        self.fixed = fixed
        self.base = fixed.base()
        self.values = dict(values)
        self.protocol: dict[str, Any] = dict(fixed.protocol)
        self.start_mode = fixed.start
        self.click: tuple[float, float] | None = None
        self.eqs: izh.Equations = izh.STANDARD
        self.panel: str | None = None          # the Fig. 1 panel loaded, if any
        self.v0, self.u0 = float(fixed.v0), fixed.u0
        self.set_length(fixed.t_ms)
        if fixed.figure1 is not None:
            self.load_panel(fixed.figure1)

    def load_panel(self, letter: str) -> None:
        """Take from Fig. 1's panel ``letter`` what the level does not fix: a, b, c, d, I (the
        panel's largest input), its equations, start, input (scaled by I) and length."""
        p = fig1.PANELS[letter]
        f = self.fixed
        self.panel, self.eqs = letter, p.eqs
        for k, v in panel_values(letter).items():
            if getattr(f, k) is None:
                self.base[k] = v
        if not f.sets("v0"):
            self.v0 = p.v0
            self.u0 = f.u0 if f.sets("u0") else p.u0
        if not f.sets("protocol"):
            self.protocol = {"kind": FIGURE1, "panel": letter}
        if not f.sets("t_ms"):
            self.set_length(p.t_end_ms)

    def unload_panel(self) -> None:
        """Back to Izhikevich's own equations and start (a 2003 preset was chosen)."""
        self.panel, self.eqs = None, izh.STANDARD
        self.v0, self.u0 = float(self.fixed.v0), self.fixed.u0

    # ------------------------------------------------------------- parameters
    def params(self) -> dict[str, float]:
        """a, b, c, d, I now: sliders over fixed values, kept inside the lab's limits."""
        out = dict(self.base)
        for k in NAMES:
            v = self.values.get(k)
            if v is not None and math.isfinite(v):
                lo, hi = PARAM_LIMITS[k]
                out[k] = min(max(float(v), lo), hi)
        return out

    def set_protocol(self, kind: str, params: Mapping[str, float] | None = None) -> None:
        self.protocol = {"kind": kind, **dict(SANDBOX_PROTOCOLS[kind] if params is None else params)}

    def protocol_now(self) -> dict[str, Any]:
        """The protocol with the values of its sliders (``params.interval_ms`` ...) and its panel."""
        out = dict(self.protocol)
        for k in PROTOCOL_TUNABLES:
            v = self.values.get(k)
            if v is not None and math.isfinite(v):
                lo, hi = PARAM_LIMITS[k]
                out[k] = min(max(float(v), lo), hi)
        if out.get("kind") == FIGURE1:
            out["panel"] = out.get("panel") or self.panel
        return out

    def set_length(self, t_ms: float) -> None:
        self.t_ms = float(min(max(t_ms, 50.0), 2000.0))
        n = max(1, int(round(self.t_ms / DT_MS)))
        self.t = np.arange(n + 1) * DT_MS

    def current(self, p: Mapping[str, float] | None = None) -> np.ndarray:
        p = p or self.params()
        return input_current(self.protocol_now(), p["I"], self.t)

    def start(self, p: Mapping[str, float]) -> tuple[tuple[float, float], list]:
        """(v0, u0) and any note about it: the click, the resting state, or Izhikevich's default."""
        if self.click is not None:
            return self.click, []
        if self.start_mode == "rest":
            rest = izh.resting_state(p["a"], p["b"], input_before(self.protocol_now(), p["I"]), self.eqs)
            if rest is not None:
                return (float(rest[0]), float(rest[1])), []
            v0 = -65.0
            return (v0, p["b"] * v0), [("izhikevich.note.no_rest", {})]
        v0 = float(self.v0)
        u0 = self.u0 if self.u0 is not None else p["b"] * v0
        return (v0, float(u0)), []

    # --------------------------------------------------------------------- run
    def simulate(self, p: Mapping[str, float] | None = None) -> Result:
        """One run of ``t_ms`` with the current parameters, input and start (about 5 ms per s)."""
        p = dict(p or self.params())
        cur = self.current(p)
        (v0, u0), extra = self.start(p)
        run = izh.simulate(p["a"], p["b"], p["c"], p["d"], cur, self.t_ms, DT_MS, v0=v0, u0=u0, eqs=self.eqs)
        traj = _trajectory(run, p["c"])
        firing = izh.classify_firing(run.spikes, self.t_ms)
        return Result(run, cur, (v0, u0), traj, firing,
                      tuple(note_keys(run.notes)) + tuple(extra) + self.equation_notes())

    def bifurcations(self, p: Mapping[str, float] | None = None) -> tuple[float, float]:
        """(I_H, I_sn): the Hopf and saddle-node currents of rest (NaN where there is none)."""
        p = p or self.params()
        return izh.hopf_current(p["a"], p["b"], self.eqs), izh.saddle_node_current(p["b"], self.eqs)

    def equation_notes(self) -> tuple:
        """Notes naming the equations when they are not Izhikevich's own (Fig. 1 G, L, R), and saying
        how a panel whose published picture depends on the script's Euler step differs here."""
        out = []
        if self.panel in fig1.STEP_DEPENDENT and self.protocol.get("kind") == FIGURE1:
            out.append((f"izhikevich.note.euler_{self.panel}", {}))
        if self.eqs.leak == 0.0:
            out.append(("izhikevich.note.equations_u", {"vu": f"{-self.eqs.v_u:g}"}))
        elif self.eqs != izh.STANDARD:
            out.append(("izhikevich.note.equations_v", {"k1": f"{self.eqs.k1:g}", "k0": f"{self.eqs.k0:g}"}))
        return tuple(out)

    def start_run(self, p: Mapping[str, float] | None = None) -> "RunJob":
        """The same run as :meth:`simulate`, to be computed in pieces (see :class:`RunJob`)."""
        return RunJob(self, dict(p or self.params()))

    def target_params(self, target) -> dict[str, float]:
        """The hidden neuron of a match goal: the level's values under the target's preset and values."""
        out = dict(self.base)
        if target.preset is not None:
            out.update(zip("abcd", izh.PRESETS[target.preset]))
        for k in NAMES:
            v = getattr(target, k)
            if v is not None:
                out[k] = v
        return out


#: Steps per piece of a :class:`RunJob` (50 ms of model time, about 0.3 ms of CPU).
CHUNK_STEPS = 250


class RunJob:
    """One run computed a piece at a time, so a frame can stop within a time budget.

    Each piece is a call of ``izh.simulate`` continued from the previous
    piece's ``state_end`` with the input samples of its stretch; the scheme
    is one-step, so the finished run equals :meth:`Neuron.simulate` sample
    for sample (spike times to rounding).
    """

    def __init__(self, neuron: Neuron, p: Mapping[str, float]) -> None:
        self.p = dict(p)
        self.t_ms = neuron.t_ms
        self.t = neuron.t
        self.current = neuron.current(self.p)
        self.start, self.extra = neuron.start(self.p)
        self.eqs = neuron.eqs
        self.extra = tuple(self.extra) + neuron.equation_notes()
        self.n = len(self.t) - 1
        self.done_steps = 0
        self._state = self.start
        self._v: list[np.ndarray] = []
        self._u: list[np.ndarray] = []
        self._spikes: list[np.ndarray] = []
        self._reset_u: list[np.ndarray] = []
        self._notes: list[str] = []

    def advance(self, budget_s: float | None = None, chunk: int = CHUNK_STEPS) -> Result | None:
        """Simulate pieces until done or ``budget_s`` (s) is spent; the :class:`Result` when done."""
        import time
        t0 = time.perf_counter()
        p = self.p
        while self.done_steps < self.n:
            i, j = self.done_steps, min(self.n, self.done_steps + chunk)
            run = izh.simulate(p["a"], p["b"], p["c"], p["d"], self.current[i:j + 1], (j - i) * DT_MS, DT_MS,
                               v0=self._state[0], u0=self._state[1], eqs=self.eqs)
            self._v.append(run.v if i == 0 else run.v[1:])
            self._u.append(run.u if i == 0 else run.u[1:])
            self._spikes.append(run.spikes + i * DT_MS)
            self._reset_u.append(run.reset_u)
            self._notes.extend(n for n in run.notes if n not in self._notes)
            self._state = run.state_end
            self.done_steps = j
            if budget_s is not None and time.perf_counter() - t0 >= budget_s:
                break
        if self.done_steps < self.n:
            return None
        run = izh.Run(self.t, np.concatenate(self._v), np.concatenate(self._u), np.concatenate(self._spikes),
                      self._notes, self._state, np.concatenate(self._reset_u))
        firing = izh.classify_firing(run.spikes, self.t_ms)
        return Result(run, self.current, self.start, _trajectory(run, p["c"]), firing,
                      tuple(note_keys(run.notes)) + tuple(self.extra))


def _trajectory(run: izh.Run, c: float) -> izh.Trajectory:
    """The phase-plane path of a run, with reset hops (as ``izh.trajectory``, without re-running)."""
    idx = np.flatnonzero(run.v >= izh.V_PEAK_MV)
    if idx.size > len(run.spikes):
        idx = idx[idx.size - len(run.spikes):]
    c_used = min(max(float(c), izh.PARAM_BOUNDS["c"][0]), izh.PARAM_BOUNDS["c"][1])
    reset_to = np.column_stack([np.full(len(run.spikes), c_used), run.reset_u]).reshape(-1, 2)
    return izh.Trajectory(run.t, run.v, run.u, idx, reset_to, run.notes)


def evaluate(goal, result: Result, neuron: Neuron, rheobase: float | None = None,
             target_spikes: np.ndarray | None = None) -> float | None:
    """The goal's score for one run (None for no goal)."""
    if goal is None:
        return None
    s = result.run.spikes
    t_ms = neuron.t_ms
    kind = goal.type
    if kind == "firing_rate":
        return goals.rate_error(s, t_ms, goal.target_hz, goal.from_ms)
    if kind == "spikes_per_burst":
        return goals.burst_size(s, t_ms, goal.max_isi_ms)
    if kind == "burst_rate":
        return goals.burst_rate(s, t_ms, goal.min_spikes, goal.max_isi_ms)
    if kind == "adaptation_ms":
        return goals.isi_lengthening(s, t_ms, goal.min_rate_hz)
    if kind == "rheobase":
        return goals.rheobase_gap(neuron.params()["I"], len(s) > 0,
                                  math.inf if rheobase is None else rheobase)
    if kind == "spike_count":
        return goals.spike_count(s, goal.from_ms, goal.to_ms)
    protocol = neuron.protocol_now()
    if kind == "phasic":
        return goals.phasic_extra(s, protocol_onset(protocol), goal.latency_ms)
    if kind == "rebound_latency":
        off = protocol_offset(protocol)
        return goals.MISS if off is None else goals.rebound_latency(s, off)
    if kind == "match_trace":
        return goals.match_gamma(s, target_spikes if target_spikes is not None else [], t_ms, goal.window_ms)
    if kind == "persistent_firing":
        return goals.persistent_firing(s, protocol_onset(protocol))
    if kind == "onset_rate":
        return goals.onset_rate(s)
    pair = pulse_pair(protocol)
    if kind == "weakest_pair":
        return goals.MISS if pair is None else goals.weakest_pair(s, neuron.params()["I"], pair[0], pair[1])
    if kind == "switch_off":
        return goals.MISS if pair is None else goals.switch_off(s, *pair, goal.min_spikes)
    return None
