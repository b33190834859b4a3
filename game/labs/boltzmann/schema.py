"""Level-file schema of the boltzmann lab (sample, anneal, train a Boltzmann machine).

``fixed`` describes the network a level builds: how many units are visible
and hidden (units ``0 .. visible-1`` are visible, the rest hidden, as in
:mod:`game.sim.boltzmann`), its weights as ``[i, j, w]`` edges and its biases
(or Sherrington-Kirkpatrick couplings drawn from the level seed), the
training data as 0/1 strings over the visible units (or a named set), the
connectivity, noisy clamping, the start clamps, the temperature and the
annealing schedule. ``params`` are the tunables within :data:`LIMITS`,
``controls`` switch interactions on, ``goal`` is one of the goal types
scored in ``goals.py`` and ``solution`` is what the winnability test plays.

Example::

    fixed = { visible = 3, hidden = 1, weights = [[0, 1, 0.6], [0, 3, 0.4]], biases = [-0.25, 0, 0, 1.2] }
    fixed = { visible = 3, data = "parity", lr = 0.3 }
    fixed = { visible = 8, hidden = 2, data = "encoder", connect = "encoder", clamp_noise = [0.15, 0.05] }

Every check that spans fields (unit indices, string lengths, what a goal
needs) lives in :func:`cross_check`, one problem per line with its key path.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Mapping

from pydantic import Field, field_validator

from game.core.schema import Goal, Strict

#: Hard limits of every tunable (a slider can never leave them).
LIMITS = {
    "T": (0.05, 10.0),            # temperature (dimensionless, the units of the energy)
    "chains": (1.0, 512.0),       # Gibbs chains sampled side by side
    "speed": (1.0, 1000.0),       # sweeps per second
    "anneal_T0": (0.05, 10.0),    # start temperature of an anneal
    "anneal_sweeps": (1.0, 1000.0),
    "hidden": (0.0, 4.0),         # hidden units (training levels)
    "lr": (0.001, 2.0),           # learning rate
    "epochs_per_s": (1.0, 240.0),  # training epochs per second
}
#: Most visible units, hidden units and units in all (2^12 states are enumerated in well under a ms).
MAX_VISIBLE = 12
MAX_HIDDEN = 4
MAX_UNITS = 12
#: Largest weight or bias a level may give (exact distributions stay well inside float range).
MAX_WEIGHT = 10.0
#: Named training sets (``fixed.data``): 3-bit parity (any width), the v-2-v encoder, two memories.
DATA_SETS = ("parity", "encoder", "memories")
#: Goal types that need training data (``fixed.data``).
NEEDS_DATA = ("kl", "completion")
BITS = r"^[01]{1,12}$"
CLAMP = r"^[01-]{1,12}$"


def _finite(v: float, what: str) -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number")
    return v


class Anneal(Strict):
    """Geometric (or linear) cooling from ``T0`` to ``T1`` over ``sweeps`` sweeps, then T = 0."""

    T0: float = Field(default=2.0, description="start temperature, > 0")
    T1: float = Field(default=0.05, description="end temperature, > 0 and <= T0; then T = 0 until settled")
    sweeps: int = Field(default=100, ge=1, le=1000, description="sweeps in the schedule, one temperature each")
    kind: Literal["geometric", "linear"] = Field(default="geometric", description="spacing of the temperatures")

    @field_validator("T0", "T1")
    @classmethod
    def _positive(cls, v):
        if not math.isfinite(v) or not LIMITS["T"][0] <= v <= LIMITS["T"][1]:
            raise ValueError(f"must be a temperature from {LIMITS['T'][0]:g} to {LIMITS['T'][1]:g}, got {v:g}")
        return v


class Fixed(Strict):
    """The network a level builds, its data and the values no slider sets."""

    visible: int = Field(default=4, ge=1, le=MAX_VISIBLE, description="visible units (units 0 .. visible-1)")
    hidden: int = Field(default=0, ge=0, le=MAX_HIDDEN,
                        description="hidden units after the visible ones (when params.hidden is no slider)")
    weights: list[tuple[int, int, float]] = Field(
        default_factory=list, max_length=MAX_UNITS * (MAX_UNITS - 1) // 2,
        description="edges [i, j, w]: w_ij = w_ji = w (units count from 0, visible first); others 0")
    biases: list[float] | None = Field(default=None, max_length=MAX_UNITS,
                                       description="one bias b_i per unit (default all 0)")
    couplings: Literal["given", "spin_glass"] = Field(
        default="given", description='"spin_glass": w_ij ~ N(0, 1/n) drawn from the level seed (no weights)')
    data: list[str] | Literal["parity", "encoder", "memories"] | None = Field(
        default=None, description='training patterns as 0/1 strings over the visible units, or "parity", '
                                  '"encoder" (one-of-v/2, copied), "memories" (two orthogonal patterns)')
    connect: Literal["all", "encoder"] = Field(
        default="all", description='"encoder": no connections between the two halves of the visible units')
    clamp_noise: tuple[float, float] | None = Field(
        default=None, description="noisy clamping [p(on shown off), p(off shown on)], e.g. [0.15, 0.05]")
    clamp: str | None = Field(default=None, pattern=CLAMP,
                              description='start clamps of the visible units: "1" on, "0" off, "-" free')
    view: Literal["sample", "train"] | None = Field(
        default=None, description="lower panels: sampling or training (default: training when data is given)")
    T: float = Field(default=1.0, ge=LIMITS["T"][0], le=LIMITS["T"][1], description="temperature when not a slider")
    chains: int = Field(default=64, ge=1, le=512, description="Gibbs chains when not a slider")
    speed: float = Field(default=60.0, ge=LIMITS["speed"][0], le=LIMITS["speed"][1],
                         description="sweeps per second when not a slider")
    lr: float = Field(default=0.3, ge=LIMITS["lr"][0], le=LIMITS["lr"][1], description="learning rate when not a slider")
    epochs_per_s: float = Field(default=60.0, ge=LIMITS["epochs_per_s"][0], le=LIMITS["epochs_per_s"][1],
                                description="training epochs per second when not a slider")
    init_scale: float = Field(default=0.5, ge=0.0, le=2.0, description="initial weights ~ N(0, init_scale^2)")
    anneal: Anneal = Field(default_factory=Anneal, description="what the Anneal button runs")

    @field_validator("weights")
    @classmethod
    def _edges(cls, v):
        for k, (i, j, w) in enumerate(v):
            if not math.isfinite(w) or abs(w) > MAX_WEIGHT:
                raise ValueError(f"weights[{k}] = {w:g} must be a number from -{MAX_WEIGHT:g} to {MAX_WEIGHT:g}")
            if i == j:
                raise ValueError(f"weights[{k}] joins unit {i} to itself (w_ii = 0 in a Boltzmann machine)")
        return v

    @field_validator("biases")
    @classmethod
    def _biases(cls, v):
        for k, x in enumerate(v or []):
            if not math.isfinite(x) or abs(x) > MAX_WEIGHT:
                raise ValueError(f"biases[{k}] = {x:g} must be a number from -{MAX_WEIGHT:g} to {MAX_WEIGHT:g}")
        return v

    @field_validator("data")
    @classmethod
    def _patterns(cls, v):
        if isinstance(v, list):
            if not 1 <= len(v) <= 64:
                raise ValueError(f"has {len(v)} patterns; give 1 to 64")
            bad = [p for p in v if not (1 <= len(p) <= MAX_VISIBLE and set(p) <= {"0", "1"})]
            if bad:
                raise ValueError(f"patterns are strings of 0 and 1 (one per visible unit): {bad[0][:20]!r}")
        return v

    @field_validator("clamp_noise")
    @classmethod
    def _noise(cls, v):
        if v is not None and not all(math.isfinite(x) and 0.0 <= x < 0.5 for x in v):
            raise ValueError(f"must be two flip probabilities in [0, 0.5), got {list(v)}")
        return v

    @field_validator("T", "speed", "lr", "epochs_per_s", "init_scale")
    @classmethod
    def _finite_numbers(cls, v, info):
        return _finite(v, info.field_name)


class Controls(Strict):
    """Which interactions a level allows."""

    clamp: bool = Field(default=True, description="click a visible unit to clamp it on, off, or free it")
    sample: bool = Field(default=True, description="the Sample button (Gibbs sampling into the histogram)")
    anneal: bool = Field(default=False, description="the Anneal and Quench buttons")
    train: bool = Field(default=False, description="the Train, Step epoch and Restart buttons")


class TvDistance(Goal):
    """Total variation between the sampled histogram and the exact distribution (lower is better)."""

    type: Literal["tv_distance"]


class EqualOdds(Goal):
    """How unequal the probabilities of two visible patterns are, in % of the larger (lower is better)."""

    type: Literal["equal_odds"]
    a: str = Field(pattern=BITS, description="pattern A of the visible units, 0/1 string")
    b: str = Field(pattern=BITS, description="pattern B of the visible units, 0/1 string")


class GroundState(Goal):
    """Share (%) of the chains that end an anneal (or quench) in a ground state."""

    type: Literal["ground_state"]


class Kl(Goal):
    """KL(P_data || P_model) of the visible units in nats (lower is better)."""

    type: Literal["kl"]


class Completion(Goal):
    """For each data pattern, clamp its cue units: the smallest probability of the right completion."""

    type: Literal["completion"]
    cue: str = Field(pattern=BITS, description="0/1 over the visible units: 1 = clamped to the pattern as the cue")


class Solution(Strict):
    """What the winnability test plays, in this order (all optional)."""

    params: dict[str, float] = Field(default_factory=dict, description="slider values, set with the keyboard")
    restarts: int = Field(default=0, ge=0, le=20, description="press Restart this many times (new initial weights)")
    clamp: str | None = Field(default=None, pattern=CLAMP, description="click visible units until these clamps show")
    action: Literal["sample", "anneal", "quench", "train", "none"] = Field(
        default="none", description="then press this button and wait")
    sweeps: int = Field(default=0, ge=0, le=100_000, description="sample: sweeps since the chains started to wait for, then pause")
    epochs: int = Field(default=0, ge=0, le=5000, description="train: epochs to wait for, then pause")


# ---------------------------------------------------------------------- cross-checks

def hidden_range(params: Mapping[str, Any], fixed: Fixed) -> tuple[int, int]:
    """Fewest and most hidden units the level can have (the slider's range, else fixed.hidden)."""
    p = params.get("hidden")
    if p is None:
        return fixed.hidden, fixed.hidden
    return int(math.ceil(p.min)), int(math.floor(p.max))


def data_width(fixed: Fixed) -> int | None:
    """Length of each training pattern (the visible units a named set needs), None without data."""
    if fixed.data is None:
        return None
    if isinstance(fixed.data, list):
        return len(fixed.data[0])
    return fixed.visible


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: unit indices, string lengths, data sets, what goals and solutions need.

    ``header`` is the validated common part (``game.levels.LevelHeader``).
    """
    fixed: Fixed = parts["fixed"]
    controls: Controls = parts["controls"]
    problems = _check_network(fixed, header.params)
    problems.extend(_check_data(fixed, header.params))
    problems.extend(_check_goal(parts["goal"], fixed, controls))
    problems.extend(_check_params(header.params, fixed, controls))
    problems.extend(_check_solution(parts["solution"], header.params, fixed, controls))
    return problems


def _check_network(fixed: Fixed, params: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    lo, hi = hidden_range(params, fixed)
    nv = fixed.visible
    if nv + hi > MAX_UNITS:
        problems.append(f"fixed.visible = {nv} with up to {hi} hidden units makes {nv + hi} units; "
                        f"the lab enumerates at most {MAX_UNITS}")
    n_min = nv + lo
    seen: set[tuple[int, int]] = set()
    for k, (i, j, _) in enumerate(fixed.weights):
        if not (0 <= i < n_min and 0 <= j < n_min):
            problems.append(f"fixed.weights[{k}] = [{i}, {j}, ...] names a unit outside 0..{n_min - 1} "
                            f"({nv} visible + {lo} hidden)")
        pair = (min(i, j), max(i, j))
        if pair in seen:
            problems.append(f"fixed.weights[{k}] joins units {pair[0]} and {pair[1]} a second time")
        seen.add(pair)
    if fixed.biases is not None and len(fixed.biases) != n_min:
        problems.append(f"fixed.biases has {len(fixed.biases)} entries; the network has {n_min} units")
    if (fixed.weights or fixed.biases) and lo != hi:
        problems.append("fixed.weights and fixed.biases need a fixed number of hidden units (no params.hidden)")
    if fixed.couplings == "spin_glass" and fixed.weights:
        problems.append('fixed.couplings = "spin_glass" draws the weights: leave fixed.weights empty')
    if fixed.couplings == "spin_glass" and nv + hi < 2:
        problems.append('fixed.couplings = "spin_glass" needs at least 2 units')
    if fixed.clamp is not None and len(fixed.clamp) != nv:
        problems.append(f"fixed.clamp has {len(fixed.clamp)} characters; give one per visible unit ({nv})")
    if fixed.connect == "encoder" and (nv % 2 or nv < 4 or hi < 1):
        problems.append('fixed.connect = "encoder" needs an even number of visible units (at least 4) '
                        'and hidden units')
    return problems


def _check_data(fixed: Fixed, params: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    nv, data = fixed.visible, fixed.data
    if isinstance(data, list):
        widths = {len(p) for p in data}
        if widths != {nv}:
            problems.append(f"fixed.data patterns must each have {nv} characters (one per visible unit), "
                            f"got lengths {sorted(widths)}")
    elif data == "encoder" and (nv % 2 or nv < 4):
        problems.append('fixed.data = "encoder" needs an even number of visible units, at least 4')
    elif data == "memories" and nv % 4:
        problems.append('fixed.data = "memories" needs a multiple of 4 visible units')
    if data is None and (fixed.clamp_noise is not None or "lr" in params or "hidden" in params):
        problems.append("fixed.clamp_noise, params.lr and params.hidden are for training: give fixed.data")
    if data is not None and (fixed.weights or fixed.biases is not None):
        problems.append("fixed.data trains the weights from N(0, init_scale^2) and biases from 0: "
                        "leave fixed.weights and fixed.biases out")
    if data is None and fixed.view == "train":
        problems.append('fixed.view = "train" shows learning: give fixed.data')
    if data is not None and fixed.couplings == "spin_glass":
        problems.append('fixed.data trains the weights: it cannot be used with couplings = "spin_glass"')
    return problems


def _check_goal(goal, fixed: Fixed, controls: Controls) -> list[str]:
    """What each goal type needs: data, a control, patterns of the right width."""
    problems: list[str] = []
    nv = fixed.visible
    gtype = goal.type
    if gtype in NEEDS_DATA and fixed.data is None:
        problems.append(f'goal.type = "{gtype}" needs fixed.data (the patterns to learn)')
    if gtype == "kl" and not controls.train:
        problems.append('goal.type = "kl" needs controls.train = true')
    if gtype == "tv_distance" and not controls.sample:
        problems.append('goal.type = "tv_distance" needs controls.sample = true')
    if gtype == "ground_state" and not controls.anneal:
        problems.append('goal.type = "ground_state" needs controls.anneal = true')
    for key in ("a", "b", "cue"):
        value = getattr(goal, key, None)
        if value is not None and len(value) != nv:
            problems.append(f"goal.{key} = {value!r} needs {nv} characters, one per visible unit")
    if gtype == "equal_odds" and goal.a == goal.b:
        problems.append("goal.a and goal.b are the same pattern")
    if gtype == "completion" and "1" not in goal.cue:
        problems.append("goal.cue clamps no unit: mark the cue units with 1")
    if gtype == "completion" and "0" not in goal.cue:
        problems.append("goal.cue clamps every unit: nothing is left to complete")
    return problems


def _check_params(params: Mapping[str, Any], fixed: Fixed, controls: Controls) -> list[str]:
    """Sliders that need a control, schedule temperatures, whole counts."""
    problems: list[str] = []
    needs = {"anneal_T0": controls.anneal, "anneal_sweeps": controls.anneal, "lr": controls.train,
             "epochs_per_s": controls.train, "hidden": controls.train}
    for name, ok in needs.items():
        if name in params and not ok:
            what = "anneal" if name.startswith("anneal") else "train"
            problems.append(f"params.{name} is only used with controls.{what} = true")
    T0 = params.get("anneal_T0")
    if T0 is not None and T0.min < fixed.anneal.T1:
        problems.append(f"params.anneal_T0.min = {T0.min:g} must not be below fixed.anneal.T1 = "
                        f"{fixed.anneal.T1:g} (annealing cools down)")
    if fixed.anneal.T1 > fixed.anneal.T0:
        problems.append(f"fixed.anneal.T1 = {fixed.anneal.T1:g} must not be above fixed.anneal.T0 = "
                        f"{fixed.anneal.T0:g} (annealing cools down)")
    for name in ("chains", "anneal_sweeps", "hidden"):
        p = params.get(name)
        if p is not None and not (float(p.step).is_integer() and float(p.min).is_integer()
                                  and float(p.default).is_integer()):
            problems.append(f"params.{name} counts {name.replace('anneal_', '')}: min, default and step "
                            f"must be whole numbers")
    return problems


def _check_solution(sol: Solution, params: Mapping[str, Any], fixed: Fixed, controls: Controls) -> list[str]:
    """The solution may only use sliders the level declares and controls it switches on."""
    problems: list[str] = []
    for name, value in sol.params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    if sol.clamp is not None:
        if len(sol.clamp) != fixed.visible:
            problems.append(f"solution.clamp needs {fixed.visible} characters, one per visible unit")
        if not controls.clamp:
            problems.append("solution.clamp needs controls.clamp = true")
    needs = (("sample", controls.sample, "controls.sample"), ("anneal", controls.anneal, "controls.anneal"),
             ("quench", controls.anneal, "controls.anneal"), ("train", controls.train, "controls.train"))
    for action, ok, control in needs:
        if sol.action == action and not ok:
            problems.append(f'solution.action = "{action}" needs {control} = true')
    if sol.restarts and not controls.train:
        problems.append("solution.restarts needs controls.train = true")
    if sol.action == "train" and fixed.data is None:
        problems.append('solution.action = "train" needs fixed.data')
    return problems
