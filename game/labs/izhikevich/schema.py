"""Level-file schema of the izhikevich lab.

A level fixes what the player may not change (``fixed``: any of the model
parameters a, b, c, d, the input I, a cell-class ``preset``, the run length
``t_ms``, the input ``protocol`` and where the run starts), declares the
tunables in ``params`` (a, b, c, d, I), switches interactions on or off in
``controls``, names one goal type of ``goals.py`` in ``goal`` and gives the
``solution`` the winnability test plays::

    fixed = { preset = "TC", t_ms = 500, start = "rest",
              protocol = { kind = "negative_step", onset_ms = 50, offset_ms = 250 } }
    params.I = { default = 5, min = 0, max = 20, step = 0.5 }
    goal = { type = "rebound_latency", better = "lower", stars = [25, 12, 8] }
    solution = { I = 15 }

Units: a in 1/ms, c in mV, I (and d) in the model's current units (mV/ms of
drive), times in ms. The protocol's amplitude is always the level's I (the
slider or ``fixed.I``): ``negative_step`` applies ``-|I|`` and ``ramp``
rises from ``base`` to I at the end of the run, so ``amp``, ``slope_per_ms``
and ``amp_max`` are not written in the file.
"""

from __future__ import annotations

import difflib
import math
from typing import Any, Literal, Mapping

import numpy as np
from pydantic import Field, field_validator

from game.core.schema import Goal, Strict
from game.sim import izhikevich as izh

NAMES = ("a", "b", "c", "d", "I")
#: Protocol values a level may declare as tunables (``params.interval_ms``): a slider then sets them.
PROTOCOL_TUNABLES = ("base", "onset_ms", "interval_ms", "width_ms", "offset_ms")
TUNABLES = NAMES + PROTOCOL_TUNABLES
#: The protocol kind that plays a Fig. 1 panel's own input (``fixed.figure1``), scaled by I / I_ref.
FIGURE1 = "figure1"
#: Input protocols a level may name (besides ``figure1``): the Izhikevich kinds of game.sim.inputs.
PROTOCOLS = izh.PROTOCOLS

#: Hard limits of every tunable and fixed value (a slider can never leave them).
#: Wider than physiology on purpose: a level may show what breaks (c above the
#: +30 mV peak, d < 0, a < 0); the sim clamps and the view says so.
T_MIN_MS, T_MAX_MS = 50.0, 2000.0
LIMITS = {
    "a": (-1.0, 2.0),
    "b": (-5.0, 5.0),
    "c": (-150.0, 60.0),
    "d": (-50.0, 100.0),
    "I": (-200.0, 500.0),
    "base": (-200.0, 500.0),
    "onset_ms": (0.0, T_MAX_MS),
    "interval_ms": (0.1, T_MAX_MS),
    "width_ms": (0.1, T_MAX_MS),
    "offset_ms": (0.0, T_MAX_MS),
}

#: Protocol keys that come from the level's I, never from the file.
AMPLITUDE_KEYS = ("amp", "slope_per_ms", "amp_max")
MAX_PULSES = 50
V_RANGE = (-150.0, 60.0)
U_LIMIT = 1000.0


def _finite(v: float, what: str) -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number")
    return v


def check_value(name: str, v: Any) -> float:
    """A model parameter as a finite float inside :data:`LIMITS`, or a clear error."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"{name} must be a number, got {v!r}")
    lo, hi = LIMITS[name]
    if not math.isfinite(v) or not (lo <= v <= hi):
        raise ValueError(f"{name} = {v!r} is outside this lab's limits [{lo:g}, {hi:g}]")
    return float(v)


def check_preset(name: Any) -> str:
    """A name of ``game.sim.izhikevich.PRESETS``, or an error with a suggestion."""
    if not isinstance(name, str):
        raise ValueError(f"preset must be a name such as 'RS', got {name!r}")
    if name in izh.PRESETS:
        return name
    upper = name.upper()
    hint = f"; did you mean '{upper}'?" if upper in izh.PRESETS else ""
    if not hint:
        close = difflib.get_close_matches(upper, list(izh.PRESETS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ValueError(f"unknown preset {name!r}{hint} (presets: {', '.join(izh.PRESETS)})")


def check_protocol(p: Any) -> dict[str, Any]:
    """Validate an input protocol table; returns it with ``kind`` filled in.

    The kind and its parameter names and values are checked by
    :func:`game.sim.izhikevich.protocol_current` itself (so the file can use
    exactly what the model accepts); times must be within the run limits.
    """
    if not isinstance(p, Mapping):
        raise ValueError("protocol must be a table such as { kind = \"step\", onset_ms = 50 }")
    p = dict(p)
    kind = p.pop("kind", "constant")
    if not isinstance(kind, str):
        raise ValueError(f"protocol.kind must be one of {', '.join(PROTOCOLS)}, got {kind!r}")
    if kind == FIGURE1:
        if p:
            raise ValueError(f"protocol {{ kind = \"figure1\" }} plays the panel's own input; "
                             f"remove {', '.join(sorted(p))}")
        return {"kind": FIGURE1}
    if kind not in PROTOCOLS:
        close = difflib.get_close_matches(kind, list(PROTOCOLS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"protocol.kind = {kind!r} is not a protocol{hint} "
                         f"(allowed: {', '.join(PROTOCOLS)}, {FIGURE1})")
    fixed_amp = [k for k in AMPLITUDE_KEYS if k in p]
    if fixed_amp:
        raise ValueError(f"protocol.{fixed_amp[0]}: the amplitude is the level's I "
                         f"(fixed.I or params.I); remove {', '.join(fixed_amp)}")
    for k, v in p.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(f"protocol.{k} must be a number, got {v!r}")
    try:
        izh.protocol_current(kind, np.zeros(1), **p)
    except ValueError as exc:
        raise ValueError(f"protocol: {exc}") from None
    for k, v in p.items():
        if k.endswith("_ms") and not (k == "offset_ms" and v == math.inf) and not (0.0 <= v <= T_MAX_MS):
            raise ValueError(f"protocol.{k} = {v:g} must lie in [0, {T_MAX_MS:g}] ms")
        if k == "base" and not (LIMITS["I"][0] <= v <= LIMITS["I"][1]):
            raise ValueError(f"protocol.base = {v:g} is outside [{LIMITS['I'][0]:g}, "
                             f"{LIMITS['I'][1]:g}]")
    if kind == "pulse":
        count = p.get("count", 1)
        if count != int(count) or not (1 <= count <= MAX_PULSES):
            raise ValueError(f"protocol.count = {count:g} must be a whole number in [1, {MAX_PULSES}]")
        if p.get("width_ms", 1.0) <= 0 or p.get("interval_ms", 1.0) <= 0:
            raise ValueError("protocol.width_ms and protocol.interval_ms must be above 0")
    if kind in ("step", "negative_step") and p.get("offset_ms", math.inf) <= p.get("onset_ms", 50.0):
        raise ValueError("protocol.offset_ms must come after protocol.onset_ms")
    return {"kind": kind, **{k: float(v) for k, v in p.items()}}


def check_panel(letter: Any) -> str:
    """A letter of Izhikevich (2004) Fig. 1 ("A" ... "T"), or a clear error."""
    if isinstance(letter, str) and letter.upper() in izh.PANELS:
        return letter.upper()
    raise ValueError(f"figure1 must be a panel letter of Fig. 1 ({izh.LETTERS[0]}-{izh.LETTERS[-1]}), "
                     f"got {letter!r}")


class Fixed(Strict):
    """What the player may not change."""

    preset: str | None = Field(default=None, description="RS, IB, CH, FS, LTS, TC or RZ: the a, b, c, d "
                               "not set elsewhere (else RS)")
    figure1: str | None = Field(default=None, description="a panel of Izhikevich (2004) Fig. 1, A-T: its a, b, "
                                "c, d, equations, start, input (protocol figure1, I = the panel's largest "
                                "input) and length, for what is not set elsewhere")
    a: float | None = Field(default=None, description="recovery rate (1/ms)")
    b: float | None = Field(default=None, description="sensitivity of u to v")
    c: float | None = Field(default=None, description="after-spike reset of v (mV); above +29 is clamped")
    d: float | None = Field(default=None, description="after-spike jump of u")
    I: float | None = Field(default=None, description="input amplitude of the protocol (else 10)")
    t_ms: float = Field(default=1000.0, ge=T_MIN_MS, le=T_MAX_MS, description="run length (ms)")
    protocol: dict[str, Any] = Field(default_factory=lambda: {"kind": "constant"},
                                     description="{ kind = constant | step | pulse | ramp | negative_step | "
                                     "figure1, onset_ms, offset_ms, width_ms, count, interval_ms, base }; the "
                                     "amplitude is I (negative_step: -|I|; ramp: rises to I at the end; "
                                     "figure1: the panel's input times I / its largest input)")
    start: Literal["default", "rest"] = Field(default="default", description="default: v0, u0 (= b v0); "
                                              "rest: the stable resting state for the input before the "
                                              "protocol starts")
    v0: float = Field(default=-65.0, ge=V_RANGE[0], le=V_RANGE[1], description="start v (mV)")
    u0: float | None = Field(default=None, ge=-U_LIMIT, le=U_LIMIT, description="start u (else b v0)")

    @field_validator("preset", mode="before")
    @classmethod
    def _preset(cls, v):
        return None if v is None else check_preset(v)

    @field_validator("figure1", mode="before")
    @classmethod
    def _figure1(cls, v):
        return None if v is None else check_panel(v)

    @field_validator("a", "b", "c", "d", "I", mode="before")
    @classmethod
    def _value(cls, v, info):
        return None if v is None else check_value(info.field_name, v)

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol(cls, v):
        return check_protocol(v)

    @field_validator("v0", "u0")
    @classmethod
    def _start(cls, v, info):
        return None if v is None else _finite(v, info.field_name)

    def sets(self, name: str) -> bool:
        """Does the level file set ``name`` itself (not left to the panel or the default)?"""
        return name in self.model_fields_set


class Controls(Strict):
    """Which interactions a level allows (the sandbox turns everything on)."""

    click_start: bool = Field(default=True, description="click the phase plane to set (v0, u0)")
    presets: bool = Field(default=False, description="cell-class preset buttons")
    protocols: bool = Field(default=False, description="input protocol buttons")
    atlas: bool = Field(default=False, description="the firing-pattern atlas (c-d and a-b maps)")
    figure1: list[str] = Field(default_factory=list, description="Fig. 1 panels offered as buttons, e.g. "
                               "[\"G\", \"H\"]: a press loads the panel (what the level does not fix)")
    show_sn: bool = Field(default=True, description="show the Hopf and saddle-node currents I_H and I_sn "
                          "above the plane and on the current's axis")

    @field_validator("figure1", mode="before")
    @classmethod
    def _panels(cls, v):
        if not isinstance(v, list):
            raise ValueError("figure1 must be a list of panel letters such as [\"G\", \"H\"]")
        return [check_panel(x) for x in v]


class Target(Strict):
    """The hidden neuron of a ``match_trace`` goal: a preset and/or values."""

    preset: str | None = None
    a: float | None = None
    b: float | None = None
    c: float | None = None
    d: float | None = None
    I: float | None = None

    @field_validator("preset", mode="before")
    @classmethod
    def _preset(cls, v):
        return None if v is None else check_preset(v)

    @field_validator("a", "b", "c", "d", "I", mode="before")
    @classmethod
    def _value(cls, v, info):
        return None if v is None else check_value(info.field_name, v)


class FiringRate(Goal):
    """|rate - target_hz| (Hz), the rate counted from ``from_ms`` to the end of the run."""

    type: Literal["firing_rate"]
    target_hz: float = Field(gt=0, le=1000, description="the rate to reach (Hz)")
    from_ms: float = Field(default=0.0, ge=0, le=T_MAX_MS, description="count spikes from here (ms)")


class SpikesPerBurst(Goal):
    """Mean spikes per burst while the train is tonic bursting (else 0)."""

    type: Literal["spikes_per_burst"]
    max_isi_ms: float = Field(default=izh.BURST_ISI_MS, gt=0, le=100, description="largest interval in a burst")


class BurstRate(Goal):
    """Bursts per second of a tonic-bursting train with >= ``min_spikes`` per burst (else 0)."""

    type: Literal["burst_rate"]
    min_spikes: float = Field(default=3.0, ge=2, le=50, description="mean spikes per burst needed")
    max_isi_ms: float = Field(default=izh.BURST_ISI_MS, gt=0, le=100, description="largest interval in a burst")


class Adaptation(Goal):
    """How much the interval lengthens (steady ISI - first ISI, ms); needs ``min_rate_hz``."""

    type: Literal["adaptation_ms"]
    min_rate_hz: float = Field(default=100.0, ge=0, le=1000, description="slower runs score nothing")


class Rheobase(Goal):
    """I - rheobase while the neuron fires (closeness from above); no score while silent."""

    type: Literal["rheobase"]


class SpikeCount(Goal):
    """Number of spikes with from_ms <= t < to_ms (to the end if to_ms is absent)."""

    type: Literal["spike_count"]
    from_ms: float = Field(default=0.0, ge=0, le=T_MAX_MS, description="window start (ms)")
    to_ms: float | None = Field(default=None, gt=0, le=T_MAX_MS, description="window end (ms; else the run's end)")


class Phasic(Goal):
    """Spikes after the first, if the first comes within ``latency_ms`` of the input onset."""

    type: Literal["phasic"]
    latency_ms: float = Field(default=50.0, gt=0, le=T_MAX_MS, description="the first spike must come this soon "
                              "after the protocol's onset")


class ReboundLatency(Goal):
    """ms from the release of inhibition to the first spike; none before the release."""

    type: Literal["rebound_latency"]


class MatchTrace(Goal):
    """Coincidence factor Gamma between the run and the hidden neuron's recording."""

    type: Literal["match_trace"]
    target: Target = Field(description="the hidden neuron: { preset, a, b, c, d, I }, the rest as the level's")
    window_ms: float = Field(default=2.0, gt=0, le=20, description="coincidence precision (ms)")


class PersistentFiring(Goal):
    """ms from the protocol's onset (the kick) to the last spike, if the neuron was silent before it (else 0)."""

    type: Literal["persistent_firing"]


class OnsetRate(Goal):
    """Rate of the first interval (Hz: 1000 / (second spike - first)); no score with fewer than two spikes."""

    type: Literal["onset_rate"]


class WeakestPair(Goal):
    """The pulse amplitude I when two pulses fire the neuron only after the second (lower is better);
    no score if it fires before the second pulse or not at all."""

    type: Literal["weakest_pair"]


class SwitchOff(Goal):
    """Spikes after the second of two pulses, once the first has switched firing on (at least
    ``min_spikes`` between the pulses; else no score)."""

    type: Literal["switch_off"]
    min_spikes: float = Field(default=2.0, ge=1, le=100, description="spikes between the two pulses needed")


class Solution(Strict):
    """What the winnability test plays: a Fig. 1 panel button, slider values, then a click on the plane.
    A slider value (a, b, c, d, I, base, onset_ms, interval_ms, width_ms, offset_ms) needs that slider in
    ``params`` and must lie within its min and max; a slider the solution does not name is left as it is."""

    figure1: str | None = Field(default=None, description="press this Fig. 1 panel's button first")
    a: float | None = Field(default=None, description="value for params.a, the recovery rate (1/ms)")
    b: float | None = Field(default=None, description="value for params.b, the sensitivity of u to v")
    c: float | None = Field(default=None, description="value for params.c, the after-spike reset of v (mV)")
    d: float | None = Field(default=None, description="value for params.d, the after-spike jump of u (model "
                            "units, as I)")
    I: float | None = Field(default=None, description="value for params.I, the protocol's input amplitude (model "
                            "units: 10 means 10 mV/ms of drive)")
    base: float | None = Field(default=None, description="value for params.base, the protocol's input outside "
                               "its step or pulses (a ramp's start)")
    onset_ms: float | None = Field(default=None, description="value for params.onset_ms, when the protocol's "
                                   "step, first pulse or ramp starts (ms)")
    interval_ms: float | None = Field(default=None, description="value for params.interval_ms, from one pulse's "
                                      "start to the next (ms)")
    width_ms: float | None = Field(default=None, description="value for params.width_ms, each pulse's length "
                                   "(ms)")
    offset_ms: float | None = Field(default=None, description="value for params.offset_ms, when the protocol's "
                                    "step ends (ms)")
    start: tuple[float, float] | None = Field(default=None, description="(v0 mV, u0) clicked on the phase plane")

    @field_validator("figure1", mode="before")
    @classmethod
    def _figure1(cls, v):
        return None if v is None else check_panel(v)

    @field_validator(*TUNABLES, mode="before")
    @classmethod
    def _value(cls, v, info):
        return None if v is None else check_value(info.field_name, v)

    @field_validator("start")
    @classmethod
    def _start(cls, v):
        if v is not None:
            _finite(v[0], "start"), _finite(v[1], "start")
        return v

    def values(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in TUNABLES if getattr(self, k) is not None}


def protocol_onset(protocol: Mapping[str, Any]) -> float:
    """When the protocol's input starts (ms); 0 for a constant input."""
    kind = protocol.get("kind", "constant")
    if kind == "constant":
        return 0.0
    return float(protocol.get("onset_ms", PROTOCOLS[kind].get("onset_ms", 0.0)))


def protocol_offset(protocol: Mapping[str, Any]) -> float | None:
    """When a step's input ends (ms), or None if it never does."""
    kind = protocol.get("kind", "constant")
    if kind not in ("step", "negative_step"):
        return None
    off = float(protocol.get("offset_ms", PROTOCOLS[kind]["offset_ms"]))
    return off if math.isfinite(off) else None


def pulse_pair(protocol: Mapping[str, Any]) -> tuple[float, float, float] | None:
    """(onset, interval, width) in ms of a two-pulse protocol, or None for any other protocol."""
    if protocol.get("kind") != "pulse" or int(protocol.get("count", 1)) != 2:
        return None
    d = PROTOCOLS["pulse"]
    return tuple(float(protocol.get(k, d[k])) for k in ("onset_ms", "interval_ms", "width_ms"))


#: Goal types that need a two-pulse protocol ({ kind = "pulse", count = 2 }).
PAIR_GOALS = ("weakest_pair", "switch_off")


def _check_sources(fixed: Fixed, params) -> list[str]:
    """One source per value: a fixed value or a slider; a preset or a panel; protocol values or sliders."""
    problems = [f"{name} is both fixed.{name} and params.{name}; keep one"
                for name in NAMES if name in params and getattr(fixed, name) is not None]
    if fixed.preset is not None and fixed.figure1 is not None:
        problems.append("fixed.preset and fixed.figure1 both set a, b, c, d; keep one")
    kind = fixed.protocol["kind"]
    if kind == FIGURE1 and fixed.figure1 is None:
        problems.append('protocol { kind = "figure1" } needs fixed.figure1 (the panel whose input it plays)')
    for name in PROTOCOL_TUNABLES:
        if name not in params:
            continue
        if name not in PROTOCOLS.get(kind, {}):
            problems.append(f"params.{name} needs a protocol that has {name} (this one is {kind!r})")
        elif name in fixed.protocol:
            problems.append(f"{name} is both protocol.{name} and params.{name}; keep one")
    return problems


def _check_goal_protocol(goal, fixed: Fixed, params) -> list[str]:
    """Goals that need a certain protocol or start."""
    problems = []
    kind = fixed.protocol["kind"]
    if goal.type == "rheobase":
        if kind != "constant" or fixed.start != "rest":
            problems.append('goal.type = "rheobase" needs a constant protocol and fixed.start = "rest" '
                            "(the rheobase is a step of constant input from rest)")
        if set(params) != {"I"}:
            problems.append('goal.type = "rheobase" needs exactly one tunable, params.I')
    if goal.type == "rebound_latency" and protocol_offset(fixed.protocol) is None:
        problems.append('goal.type = "rebound_latency" needs a protocol that ends, e.g. '
                        '{ kind = "negative_step", onset_ms = 50, offset_ms = 250 }')
    if goal.type in ("phasic", "persistent_firing") and kind in ("constant", FIGURE1):
        problems.append(f'goal.type = "{goal.type}" needs a protocol with an onset, e.g. {{ kind = "step" }}')
    if goal.type in PAIR_GOALS and pulse_pair(fixed.protocol) is None:
        problems.append(f'goal.type = "{goal.type}" needs two pulses: {{ kind = "pulse", count = 2 }}')
    return problems


def _check_solution(header, parts) -> list[str]:
    problems = []
    params = header.params
    sol = parts["solution"]
    for name, value in sol.values().items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.{name} is not a tunable of this level")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    if sol.figure1 is not None and sol.figure1 not in parts["controls"].figure1:
        problems.append(f"solution.figure1 = {sol.figure1!r} needs that panel in controls.figure1")
    start = sol.start
    if start is not None:
        if not parts["controls"].click_start:
            problems.append("solution.start needs controls.click_start = true")
        if header.window is not None:
            wx, wy = header.window.x, header.window.y
            if not (wx[0] <= start[0] <= wx[1] and wy[0] <= start[1] <= wy[1]):
                problems.append(f"solution.start = [{start[0]:g}, {start[1]:g}] is outside the window")
    return problems


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: one source per value, goals that need a protocol, solution ranges."""
    fixed: Fixed = parts["fixed"]
    problems = _check_sources(fixed, header.params)
    problems += _check_goal_protocol(parts["goal"], fixed, header.params)
    problems += _check_solution(header, parts)
    for axis, lim in (("x", V_RANGE), ("y", (-U_LIMIT, U_LIMIT))):
        if header.window is not None:
            lo, hi = getattr(header.window, axis)
            if lo < lim[0] or hi > lim[1]:
                problems.append(f"window.{axis} = [{lo:g}, {hi:g}] must lie within [{lim[0]:g}, {lim[1]:g}]")
    return problems
