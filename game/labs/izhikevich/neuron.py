"""The izhikevich lab's neuron: a level's setup turned into runs of ``game.sim.izhikevich``.

No pygame here. :class:`Neuron` holds what a run needs besides a, b, c, d
and I (those are the model's tunables, :class:`game.core.tunables.Tunables`):

- the input current I(t) on the run's time grid, from the protocol with the
  level's I as its amplitude (``negative_step`` applies -|I|, ``ramp`` rises
  from ``base`` to I at the end of the run); protocol values a level declares
  as tunables (``params.interval_ms``) come from their sliders;
- the start: Izhikevich's ``v0 = -65 mV, u0 = b v0`` (or a Fig. 1 panel's),
  the stable resting state for the input before the protocol, or a point
  clicked on the phase plane;
- a Fig. 1 panel (``fixed.figure1`` or a panel button): its equations, start,
  input and length where the level does not fix them (its a, b, c, d and I
  are base values of the tunables: :func:`panel_base`).

Every clamp the simulator reports comes back as an i18n note key with its
numbers (:func:`note_keys`), so the view can say what it changed in either
language. :func:`run_pieces` computes a run in pieces, for the model's job
scheduler; the pieces join into the same run as :meth:`Neuron.simulate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import numpy as np

from game.labs.izhikevich.schema import FIGURE1, NAMES, PROTOCOL_TUNABLES, T_MAX_MS, T_MIN_MS, Fixed
from game.sim import izhikevich as izh

DT_MS = izh.DEFAULT_DT_MS
#: Steps per piece of a run computed in pieces (50 ms of model time, about 0.3 ms of CPU).
CHUNK_STEPS = 250


def input_current(protocol: Mapping[str, Any], I: float, t: np.ndarray) -> np.ndarray:
    """I(t) of a validated protocol table with amplitude ``I`` on the grid ``t`` (ms).

    A Fig. 1 panel's input (``{"kind": "figure1", "panel": "G"}``) is sampled at
    the middle of each step, as ``figure1(letter, "exact")`` does, and scaled
    by ``I / I_ref`` (the published input at ``I = I_ref``).

    >>> t = np.arange(0.0, 100.2, 0.2)
    >>> float(input_current({"kind": "ramp"}, 12.0, t)[-1])
    12.0
    >>> float(input_current({"kind": "negative_step"}, 7.0, t)[400])
    -7.0
    """
    p = {k: v for k, v in protocol.items() if k != "kind"}
    kind = protocol.get("kind", "constant")
    if kind == FIGURE1:
        panel = izh.PANELS[protocol["panel"]]
        h = float(t[1] - t[0]) if len(t) > 1 else DT_MS
        return izh.panel_current(panel.letter, t + 0.5 * h, I / panel.I_ref)
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


def panel_values(letter: str) -> dict[str, float]:
    """a, b, c, d and I (its largest input, ``I_ref``) of a Fig. 1 panel."""
    p = izh.PANELS[letter]
    return {"a": p.a, "b": p.b, "c": p.c, "d": p.d, "I": p.I_ref}


def panel_base(fixed: Fixed, letter: str) -> dict[str, float]:
    """The panel's a, b, c, d and I where the level does not fix them."""
    return {k: v for k, v in panel_values(letter).items() if getattr(fixed, k) is None}


def base_values(fixed: Fixed) -> dict[str, float]:
    """a, b, c, d, I before the sliders: fixed values, else the Fig. 1 panel or the preset, else RS, I = 10.

    >>> base_values(Fixed(preset="CH", I=5))
    {'a': 0.02, 'b': 0.2, 'c': -50.0, 'd': 2.0, 'I': 5.0}
    """
    out = dict(zip("abcd", izh.PRESETS[fixed.preset or "RS"]))
    out["I"] = 10.0
    if fixed.figure1 is not None:
        out.update(panel_values(fixed.figure1))
    for name in NAMES:
        v = getattr(fixed, name)
        if v is not None:
            out[name] = v
    return out


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


def trajectory_of(run: izh.Run, c: float) -> izh.Trajectory:
    """The phase-plane path of a run, with reset hops (as ``izh.trajectory``, without re-running)."""
    idx = np.flatnonzero(run.v >= izh.V_PEAK_MV)
    if idx.size > len(run.spikes):
        idx = idx[idx.size - len(run.spikes):]
    c_used = min(max(float(c), izh.PARAM_BOUNDS["c"][0]), izh.PARAM_BOUNDS["c"][1])
    reset_to = np.column_stack([np.full(len(run.spikes), c_used), run.reset_u]).reshape(-1, 2)
    return izh.Trajectory(run.t, run.v, run.u, idx, reset_to, run.notes)


def result_of(run: izh.Run, current: np.ndarray, start, c: float, t_ms: float, extra: tuple) -> Result:
    """A finished run with its path, firing class and notes."""
    return Result(run, current, start, trajectory_of(run, c), izh.classify_firing(run.spikes, t_ms),
                  tuple(note_keys(run.notes)) + tuple(extra))


class Neuron:
    """The input, start, equations and length of one Izhikevich neuron set up by a level.

    Parameters
    ----------
    fixed : Fixed
        The level's fixed part (validated).
    values : mapping
        The current tunables (a, b, c, d, I and any declared protocol values),
        read at each run (the model's :class:`~game.core.tunables.Tunables`).
    """

    def __init__(self, fixed: Fixed, values: Mapping[str, float]) -> None:
        self.fixed = fixed
        self.values = values
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
        """Take from Fig. 1's panel ``letter`` what the level does not fix: its equations, start,
        input (scaled by I) and length (its a, b, c, d, I are :func:`panel_base`)."""
        p = izh.PANELS[letter]
        f = self.fixed
        self.panel, self.eqs = letter, p.eqs
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
        """a, b, c, d, I now."""
        return {k: float(self.values[k]) for k in NAMES}

    def set_protocol(self, kind: str, params: Mapping[str, float]) -> None:
        self.protocol = {"kind": kind, **dict(params)}

    def protocol_now(self) -> dict[str, Any]:
        """The protocol with the values of its sliders (``params.interval_ms`` ...) and its panel."""
        out = dict(self.protocol)
        for k in PROTOCOL_TUNABLES:
            if k in self.values:
                out[k] = float(self.values[k])
        if out.get("kind") == FIGURE1:
            out["panel"] = out.get("panel") or self.panel
        return out

    def set_length(self, t_ms: float) -> None:
        self.t_ms = float(min(max(t_ms, T_MIN_MS), T_MAX_MS))
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
        return result_of(run, cur, (v0, u0), p["c"], self.t_ms, tuple(extra) + self.equation_notes())

    def bifurcations(self, p: Mapping[str, float] | None = None) -> tuple[float, float]:
        """(I_H, I_sn): the Hopf and saddle-node currents of rest (NaN where there is none)."""
        p = p or self.params()
        return izh.hopf_current(p["a"], p["b"], self.eqs), izh.saddle_node_current(p["b"], self.eqs)

    def equation_notes(self) -> tuple:
        """Notes naming the equations when they are not Izhikevich's own (Fig. 1 G, L, R), and saying
        how a panel whose published picture depends on the script's Euler step differs here."""
        out = []
        if self.panel in izh.STEP_DEPENDENT and self.protocol.get("kind") == FIGURE1:
            out.append((f"izhikevich.note.euler_{self.panel}", {}))
        if self.eqs.leak == 0.0:
            out.append(("izhikevich.note.equations_u", {"vu": f"{-self.eqs.v_u:g}"}))
        elif self.eqs != izh.STANDARD:
            out.append(("izhikevich.note.equations_v", {"k1": f"{self.eqs.k1:g}", "k0": f"{self.eqs.k0:g}"}))
        return tuple(out)

    def target_params(self, target, base: Mapping[str, float]) -> dict[str, float]:
        """The hidden neuron of a match goal: the level's ``base`` values under the target's preset and values."""
        out = {k: float(base[k]) for k in NAMES}
        if target.preset is not None:
            out.update(zip("abcd", izh.PRESETS[target.preset]))
        for k in NAMES:
            v = getattr(target, k)
            if v is not None:
                out[k] = v
        return out


def run_pieces(neuron: Neuron, p: Mapping[str, float], chunk: int = CHUNK_STEPS) -> Iterator[float]:
    """The run :meth:`Neuron.simulate` would give, computed ``chunk`` steps at a time.

    The input, start and notes are taken now; the returned generator yields
    the fraction done after each piece and returns the :class:`Result`. Each
    piece is a call of ``izh.simulate`` continued from the previous piece's
    ``state_end`` with the input samples of its stretch; the scheme is
    one-step, so the finished run equals :meth:`Neuron.simulate` sample for
    sample (spike times to rounding).
    """
    p = dict(p)
    current = neuron.current(p)
    start, extra = neuron.start(p)
    extra = tuple(extra) + neuron.equation_notes()
    return _pieces(p, neuron.t, neuron.t_ms, current, start, neuron.eqs, extra, chunk)


def _pieces(p, t, t_ms, current, start, eqs, extra, chunk):
    n = len(t) - 1
    state = start
    vs, us, spikes, reset_u, notes = [], [], [], [], []
    done = 0
    while done < n:
        i, j = done, min(n, done + chunk)
        run = izh.simulate(p["a"], p["b"], p["c"], p["d"], current[i:j + 1], (j - i) * DT_MS, DT_MS,
                           v0=state[0], u0=state[1], eqs=eqs)
        vs.append(run.v if i == 0 else run.v[1:])
        us.append(run.u if i == 0 else run.u[1:])
        spikes.append(run.spikes + i * DT_MS)
        reset_u.append(run.reset_u)
        notes.extend(x for x in run.notes if x not in notes)
        state = run.state_end
        done = j
        if done < n:
            yield done / n
    run = izh.Run(t, np.concatenate(vs), np.concatenate(us), np.concatenate(spikes), notes, state,
                  np.concatenate(reset_u))
    return result_of(run, current, start, p["c"], t_ms, extra)
