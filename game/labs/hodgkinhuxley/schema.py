"""Level-file schema of the hodgkinhuxley lab (the squid axon membrane, current and voltage clamp).

``fixed`` holds what the player may not change: the mode (``current`` clamp,
the membrane driven by an input protocol, or ``clamp``, Hodgkin and Huxley's
voltage clamp), the input protocol and its shape, the run length, the
membrane's temperature, blockers and conductances, and the clamp
potentials. ``params`` are the tunables (any of :data:`LIMITS`) within those
hard limits; ``controls`` switch the sandbox's buttons on; ``goal`` is one of
the goal types (fields here, scorers in ``goals.py``) and ``solution`` is what
the winnability test plays.

Example::

    fixed = { protocol = "pulse", width_ms = 1.0, t_ms = 40 }
    params.I = { default = 15, min = 0, max = 20, step = 0.05 }      # µA/cm² (the label says so)
    goal = { type = "min_current", better = "lower", stars = [10, 8, 7.0] }
    solution = { params = { I = 6.95 } }

Units: currents in µA/cm², times in ms, potentials in mV, conductances in
mS/cm², temperature in °C, blockers as the fraction (0-1) of channels blocked.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Mapping

from pydantic import Field

from game.core.schema import Goal, Strict
from game.sim import hodgkin_huxley as hh

#: Hard limits of every tunable and fixed value (a slider never leaves them; the loader refuses
#: values outside). The membrane's limits are the model's own (``hh.LIMITS``); the input is
#: kept to +-200 uA/cm^2, past the upper Hopf current (154.5) where the membrane stops oscillating.
LIMITS: dict[str, tuple[float, float]] = {
    "I": (-200.0, 200.0),            # uA/cm^2, the protocol's amplitude
    "width_ms": (0.05, 50.0),        # pulse width (ms)
    "gap_ms": (0.0, 100.0),          # from the end of the first pulse to the second (ms)
    "duration_ms": (1.0, 200.0),     # hyperpolarising step (ms)
    "temperature_c": hh.LIMITS["temperature_c"],
    "ttx": hh.LIMITS["ttx"],
    "tea": hh.LIMITS["tea"],
    "gNa": hh.LIMITS["gNa"],
    "gK": hh.LIMITS["gK"],
    "gL": hh.LIMITS["gL"],
    "v_hold": (-150.0, 100.0),       # clamp holding potential (mV)
    "v_step": (-150.0, 150.0),       # clamp command potential (mV)
}
#: Units of each tunable, as the sliders show them (the input's, µA/cm², is in its label: it would not
#: fit beside the value).
UNITS = {"I": "", "width_ms": "ms", "gap_ms": "ms", "duration_ms": "ms", "temperature_c": "°C",
         "ttx": "", "tea": "", "gNa": "mS/cm²", "gK": "mS/cm²", "gL": "mS/cm²", "v_hold": "mV", "v_step": "mV"}
#: The membrane's own parameters (handed to the model as ``hh.Params``).
MEMBRANE = ("temperature_c", "ttx", "tea", "gNa", "gK", "gL")
PROTOCOLS = ("step", "pulse", "pulse_pair", "ramp", "negative_step")
#: The tunables each protocol uses beside I (the others hide their sliders).
PROTOCOL_TUNABLES = {"step": (), "pulse": ("width_ms",), "pulse_pair": ("width_ms", "gap_ms"),
                     "ramp": (), "negative_step": ("duration_ms",)}
#: Tunables of each mode (the membrane's are shared).
MODE_TUNABLES = {"current": ("I", "width_ms", "gap_ms", "duration_ms"), "clamp": ("v_hold", "v_step")}
T_MS_RANGE = (5.0, 2000.0)
CLAMP_T_MS_RANGE = (2.0, 100.0)


def _limited(name: str, **kw):
    lo, hi = LIMITS[name]
    return Field(ge=lo, le=hi, **kw)


class Fixed(Strict):
    """What a level fixes; a tunable in ``params`` overrides the value of the same name."""

    mode: Literal["current", "clamp"] = Field(
        default="current", description="current clamp (an input protocol drives the membrane) or voltage "
                                       "clamp (V is held and stepped) · 电流钳（输入驱动膜）或电压钳")
    protocol: Literal[PROTOCOLS] = Field(
        default="step", description="input protocol: step, pulse, pulse_pair, ramp (0 to I over the run), "
                                    "negative_step (-|I|, then release) · 输入方案")
    I: float = _limited("I", default=10.0, description="amplitude of the input, µA/cm² · 输入电流幅度")
    onset_ms: float = Field(default=5.0, ge=0.0, le=1000.0, description="start of the step, pulse or "
                                                                          "hyperpolarisation (ms) · 开始时刻")
    width_ms: float = _limited("width_ms", default=1.0, description="pulse width (ms) · 脉冲宽度")
    gap_ms: float = _limited("gap_ms", default=10.0, description="from the end of the first pulse to the "
                                                                  "second (ms) · 两脉冲间隔")
    duration_ms: float = _limited("duration_ms", default=20.0, description="length of the hyperpolarising "
                                                                            "step (ms) · 超极化时长")
    t_ms: float = Field(default=100.0, ge=T_MS_RANGE[0], le=T_MS_RANGE[1],
                        description="length of a current-clamp run (ms) · 运行时长")
    clamp_ms: float = Field(default=12.0, ge=CLAMP_T_MS_RANGE[0], le=CLAMP_T_MS_RANGE[1],
                            description="length of a voltage-clamp record; the step starts at 1 ms · 电压钳记录时长")
    temperature_c: float = _limited("temperature_c", default=6.3, description="temperature (°C) · 温度")
    ttx: float = _limited("ttx", default=0.0, description="fraction of Na⁺ channels blocked by TTX · TTX 阻断比例")
    tea: float = _limited("tea", default=0.0, description="fraction of K⁺ channels blocked by TEA · TEA 阻断比例")
    gNa: float = _limited("gNa", default=120.0, description="maximal Na⁺ conductance (mS/cm²) · 最大钠电导")
    gK: float = _limited("gK", default=36.0, description="maximal K⁺ conductance (mS/cm²) · 最大钾电导")
    gL: float = _limited("gL", default=0.3, description="leak conductance (mS/cm²) · 漏电导")
    v_hold: float = _limited("v_hold", default=-65.0, description="clamp holding potential (mV) · 钳制保持电位")
    v_step: float = _limited("v_step", default=0.0, description="clamp command potential (mV) · 钳制阶跃电位")
    panel: Literal["fi", "plane"] = Field(
        default="fi", description="the right-hand panel shown first: the f–I curves or the reduced (V, n) "
                                  "plane · 右侧先显示 f–I 曲线或约化相平面")

    def base(self) -> dict[str, float]:
        """Every tunable's fixed value (what the model uses where no slider is declared)."""
        return {k: float(getattr(self, k)) for k in LIMITS}


class Controls(Strict):
    """Which of the sandbox's buttons a level shows."""

    protocols: bool = Field(default=False, description="buttons that switch the input protocol · 输入方案按钮")
    clamp: bool = Field(default=False, description="a button that switches current and voltage clamp · 电流钳/电压钳切换")
    panels: bool = Field(default=True, description="a button that switches the f–I curves and the (V, n) plane · "
                                                   "切换 f–I 曲线与相平面")


class MinCurrent(Goal):
    """The input amplitude |I| (µA/cm²) when the run fires enough spikes; a miss when it does not."""

    type: Literal["min_current"]
    spikes: int = Field(default=1, ge=1, le=100, description="spikes (0 mV crossings) the run must fire · 需要的峰电位数")
    sustained: bool = Field(default=False, description="firing must go on to the end of the run (repetitive "
                                                       "firing) · 须持续发放")


class MinGap(Goal):
    """The pulse pair's gap (ms) when both pulses fire; a miss when the second fails."""

    type: Literal["min_gap"]


class SlowestRate(Goal):
    """The sustained firing rate (Hz) of the run's second half; a miss when firing does not go on."""

    type: Literal["slowest_rate"]


class SpikeWidth(Goal):
    """Width (ms) of the first spike at 0 mV; a miss when nothing crosses 0 mV and comes back."""

    type: Literal["spike_width"]


class Reversal(Goal):
    """|I_Na| (µA/cm²) under clamp when the Na⁺ conductance peaks; a miss if the channels stay shut."""

    type: Literal["reversal"]
    min_conductance: float = Field(default=1.0, gt=0, le=500, description="peak Na⁺ conductance (mS/cm²) below "
                                                                          "which the channels count as shut · 最小钠电导")


class InwardPeak(Goal):
    """Largest inward total clamp current (µA/cm², as a positive number); a miss when the late outward
    current falls below ``keep_late`` of the unblocked membrane's."""

    type: Literal["inward_peak"]
    keep_late: float = Field(default=0.5, ge=0, le=1, description="share of the unblocked late outward current "
                                                                   "that must remain · 须保留的晚期外向电流比例")


class Solution(Strict):
    """What the winnability test plays: slider values (set with the keyboard, then the run is awaited)."""

    params: dict[str, float] = Field(default_factory=dict, description="slider values to set · 滑块取值")


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: the goal's protocol or mode, its slider, the solution's values."""
    problems: list[str] = []
    fixed: Fixed = parts["fixed"]
    goal = parts["goal"]
    params = header.params
    mode_of = {"min_current": "current", "min_gap": "current", "slowest_rate": "current",
               "spike_width": "current", "reversal": "clamp", "inward_peak": "clamp"}
    need = mode_of.get(goal.type)
    if need is not None and fixed.mode != need:
        problems.append(f'goal.type = "{goal.type}" needs fixed.mode = "{need}"')
    if goal.type == "min_gap" and fixed.protocol != "pulse_pair":
        problems.append('goal.type = "min_gap" needs fixed.protocol = "pulse_pair"')
    if goal.type == "min_gap" and "gap_ms" not in params:
        problems.append('goal.type = "min_gap" needs a gap_ms slider in params')
    if goal.type == "min_current" and "I" not in params:
        problems.append('goal.type = "min_current" needs an I slider in params')
    t_end = fixed.t_ms
    if fixed.mode == "current" and fixed.onset_ms >= t_end:
        problems.append(f"fixed.onset_ms = {fixed.onset_ms:g} is not inside the run (t_ms = {t_end:g})")
    for name, value in parts["solution"].params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not math.isfinite(value) or not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    return problems
