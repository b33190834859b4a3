"""Level-file schema of the nonlinear lab (nonlinear planar systems).

``fixed`` names the system (a built-in one or ``"custom"`` with user
equations), the values of its parameters that the player may not change,
an optional trajectory length and quiz; ``params`` are the tunables (the
system's own parameters, or those the user equations declare, plus ``kick``
for excitability levels); ``controls`` say what the player may do; ``goal``
is one of the types below and ``solution`` what the winnability test plays.

User equations are data: each is compiled with ``planar.compile_field``
(a whitelist parser; nothing is evaluated as Python) when the file loads,
and a bad one gives the loader's message with the column, e.g.::

    fixed.equations: dy = 'eps*(x + a - b*z)': unknown name 'z'; allowed names
    are x, y, eps, a, b, pi, e (column 15)
"""

from __future__ import annotations

import difflib
import math
from typing import Any, Iterator, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from game.core.schema import Goal, Strict, Window
from game.labs.nonlinear.analysis import QUIZ_KINDS, quiz_truth
from game.labs.nonlinear.systems import (ALL_SYSTEMS, CUSTOM, MAX_EQ_PARAMS, SYSTEMS, is_ml, system_window,
                                         usable_name)
from game.sim import planar

#: Limits for any parameter name: built-in systems are held to their own,
#: narrower ranges in `cross_check` (which knows the system); user equations
#: may give a familiar name such as eps any meaning, so names alone do not
#: narrow the range.
GENERIC_LIMITS = (-1e4, 1e4)
#: The tunables this lab knows by name (listed in messages), with hard limits.
KNOWN_LIMITS = {"I": GENERIC_LIMITS, "a": GENERIC_LIMITS, "b": GENERIC_LIMITS, "eps": GENERIC_LIMITS,
                "mu": GENERIC_LIMITS, "kick": (-5.0, 5.0)}
MAX_QUIZ = 8
MAX_STARTS = 10


class ParamLimits(Mapping):
    """Hard limits per tunable name (the lab's ``LIMITS``).

    Built-in parameters have fixed limits; any other plain identifier may be
    a parameter of user equations and gets `GENERIC_LIMITS` here. Whether a
    name really belongs to the level's system is checked in `cross_check`,
    which can name the system's parameters in its message.
    """

    def __getitem__(self, name: str) -> tuple[float, float]:
        if name in KNOWN_LIMITS:
            return KNOWN_LIMITS[name]
        if usable_name(name):
            return GENERIC_LIMITS
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in KNOWN_LIMITS or usable_name(name)

    def __iter__(self) -> Iterator[str]:
        return iter(KNOWN_LIMITS)

    def __len__(self) -> int:
        return len(KNOWN_LIMITS)


#: The hard limits of every tunable (the loader checks ``params`` against them; ``Tunables`` clamps to them).
LIMITS = ParamLimits()

Point = tuple[float, float]


def _finite_point(v, what: str):
    if v is not None and not all(math.isfinite(c) for c in v):
        raise ValueError(f"{what} must be two finite numbers")
    return v


def _compile(dx: str, dy: str, params: Mapping[str, float]) -> planar.CompiledField:
    """Compile user equations or raise ValueError with the field, text and column."""
    try:
        return planar.compile_field(dx, dy, dict(params))
    except (RecursionError, MemoryError):
        raise ValueError("the equations are nested too deeply") from None
    except planar.ExpressionError as err:
        text = dx if err.field == "dx" else dy if err.field == "dy" else None
        shown = ""
        if isinstance(text, str):
            shown = f" = {text!r}" if len(text) <= 60 else f" = {text[:57]!r}..."
        where = f" (column {err.col})" if err.col else ""
        raise ValueError(f"{err.field or 'params'}{shown}: {err.message}{where}") from None


class Equations(Strict):
    """User right-hand sides dx/dt, dy/dt with their parameters' values."""

    dx: str = Field(max_length=planar.MAX_EXPR_CHARS, description="right-hand side of dx/dt")
    dy: str = Field(max_length=planar.MAX_EXPR_CHARS, description="right-hand side of dy/dt")
    params: dict[str, float] = Field(default_factory=dict, max_length=MAX_EQ_PARAMS,
                                     description="parameter names and values used in dx, dy")

    @model_validator(mode="after")
    def _compiles(self) -> "Equations":
        _compile(self.dx, self.dy, self.params)
        return self


class QuizItem(Strict):
    """One system of a "predict the type" quiz and the equilibrium it asks about."""

    dx: str = Field(max_length=planar.MAX_EXPR_CHARS, description="right-hand side of dx/dt")
    dy: str = Field(max_length=planar.MAX_EXPR_CHARS, description="right-hand side of dy/dt")
    params: dict[str, float] = Field(default_factory=dict, max_length=MAX_EQ_PARAMS,
                                     description="parameter values used in dx, dy")
    point: Point = Field(description="the equilibrium asked about (refined by a root finder)")
    window: Window | None = Field(default=None, description="plot window for this item (else the level's)")

    @model_validator(mode="after")
    def _has_equilibrium(self) -> "QuizItem":
        _finite_point(self.point, "point")
        _compile(self.dx, self.dy, self.params)
        win = self.window or Window()
        span = (win.x[1] - win.x[0], win.y[1] - win.y[0])
        if not (win.x[0] <= self.point[0] <= win.x[1] and win.y[0] <= self.point[1] <= win.y[1]):
            raise ValueError(f"point = [{self.point[0]:g}, {self.point[1]:g}] is outside the item's window")
        try:
            quiz_truth(self.dx, self.dy, self.params, self.point, span)
        except ValueError:
            raise
        except Exception as exc:      # the root finder on a strange field: still a clean message
            raise ValueError(f"could not analyse the equilibrium near the point ({type(exc).__name__})") from None
        return self


class Fixed(Strict):
    """The system and what the player may not change.

    Built-in systems keep the parameter ranges ``systems.SYSTEMS``
    declares (the loader names them when a value is outside); a custom
    system tunes the names its ``equations.params`` declare.
    """

    system: Literal[ALL_SYSTEMS] = Field(
        default="morris_lecar_hopf",
        description="built-in system, or custom (fixed.equations; a quiz brings its own)")
    values: dict[str, float] = Field(default_factory=dict, max_length=16,
                                     description="fixed values of the system's parameters, e.g. { I = 30 }")
    equations: Equations | None = Field(
        default=None, description='{ dx = "...", dy = "...", params = { name = value } }, checked by a '
                                  "whitelist parser when the file loads (custom systems)")
    t_max: float | None = Field(default=None, gt=0, le=5000,
                                description="trajectory length in model time (ms for Morris–Lecar); "
                                            "else the system's")
    quiz: list[QuizItem] = Field(default_factory=list, max_length=MAX_QUIZ,
                                 description="for goal quiz: [{ dx, dy, params, point, window }, ...]; each "
                                             "point must be a saddle, focus or node")

    @field_validator("values")
    @classmethod
    def _finite_values(cls, v):
        for name, value in v.items():
            if not math.isfinite(value):
                raise ValueError(f"values.{name} must be a finite number")
        return v


class Controls(Strict):
    """Which interactions and displays a level allows."""

    start: Literal["click", "kick", "none"] = Field(
        default="click", description="click: click the plane to launch; kick: launch from rest displaced "
                                     "by params.kick along x (Space); none: no launches")
    show_type: bool = Field(default=True, description="name equilibria and their eigenvalues")
    show_nullclines: bool = Field(default=True, description="draw both nullclines with a legend")
    show_field: bool = Field(default=True, description="draw the direction field")
    show_bifurcation: bool = Field(default=True, description="Morris–Lecar I-sweep panel (needs params.I)")
    show_manifold: bool = Field(
        default=False, description="draw the repelling slow manifold, the threshold of an excitable slow-fast "
                                   "system: a backward trajectory from the x-nullcline's repelling middle branch, "
                                   "with a legend entry")
    max_launches: int = Field(default=0, ge=0, le=100,
                              description="launches kept at once (0: the last 10)")


class EquilibriaVisited(Goal):
    """How many equilibria have a launch start within ``radius`` window units."""

    type: Literal["equilibria_visited"]
    radius: float = Field(default=0.03, gt=0, le=0.5, description="in window units (fractions of the plot)")


class BifurcationCurrent(Goal):
    """Distance of a locked-in current I from I_c, the Hopf or SNIC current (uA/cm^2)."""

    type: Literal["bifurcation_current"]
    which: Literal["hopf", "snic"] = Field(default="hopf", description="hopf (ML Hopf set) or snic (ML SNIC set)")
    max_answers: int = Field(default=3, ge=1, le=20, description="how many times I may be locked in")


class OnsetFrequency(Goal):
    """Firing frequency (Hz) of the cycle reached from ``start``; rest misses."""

    type: Literal["onset_frequency"]
    start: Point = Field(default=(20.0, 0.0), description="(V mV, N) the measurement starts from")


class BistableBoundary(Goal):
    """Least distance (window units) between starts that reach different attractors."""

    type: Literal["bistable_boundary"]


class KickThreshold(Goal):
    """Smallest kick (from rest, along x) whose trajectory passes x = ``fire_x``."""

    type: Literal["kick_threshold"]
    fire_x: float = Field(default=1.0, allow_inf_nan=False, description="a spike is x passing this value")


class CyclePeriod(Goal):
    """Relative error of the limit cycle's period against ``target`` (model time)."""

    type: Literal["cycle_period"]
    target: float = Field(gt=0, le=1e5, description="target period (model time)")
    start: Point = Field(default=(2.0, 0.0), description="the measurement starts from this point")


class Quiz(Goal):
    """Correct types for the quiz equilibria, plus a speed bonus below 1."""

    type: Literal["quiz"]
    bonus_time_s: float = Field(default=120.0, gt=0, le=3600,
                                description="the speed bonus shrinks to 0 over this time (s)")


class Solution(Strict):
    """What the winnability test plays: sliders, then starts, a lock-in, a kick or answers."""

    params: dict[str, float] = Field(default_factory=dict, description="slider values, set with the keyboard")
    starts: list[Point] = Field(default_factory=list, max_length=MAX_STARTS,
                                description="points clicked on the plane, one after another")
    lock: bool = Field(default=False, description="press Lock in I (bifurcation_current)")
    kick: bool = Field(default=False, description="press Kick! (kick_threshold)")
    answers: list[str] = Field(default_factory=list, max_length=MAX_QUIZ,
                               description="quiz answers in order (saddle, stable_focus, ...)")

    @field_validator("answers")
    @classmethod
    def _answers(cls, v):
        for a in v:
            if a not in QUIZ_KINDS:
                raise ValueError(f"answer {a!r} is not one of {', '.join(QUIZ_KINDS)}")
        return v

    @field_validator("starts")
    @classmethod
    def _starts(cls, v):
        for p in v:
            _finite_point(p, "each start")
        return v


def declared_params(fixed: Fixed) -> dict[str, tuple[float, float]]:
    """The system's own parameters with their allowed ranges."""
    if fixed.system == CUSTOM:
        names = fixed.equations.params if fixed.equations else {}
        return {k: GENERIC_LIMITS for k in names}
    return {k: (p.min, p.max) for k, p in SYSTEMS[fixed.system].params.items()}


def _unknown(name: str, allowed) -> str:
    close = difflib.get_close_matches(name, list(allowed), n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(allowed) or 'none'}"


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: parameters belong to the system, goals fit it, ..."""
    problems: list[str] = []
    fixed: Fixed = parts["fixed"]
    controls: Controls = parts["controls"]
    goal = parts["goal"]
    solution: Solution = parts["solution"]
    params = header.params
    system = fixed.system
    if system == CUSTOM and fixed.equations is None and not fixed.quiz:
        problems.append('fixed.system = "custom" needs fixed.equations = { dx = "...", dy = "..." }')
    if system != CUSTOM and fixed.equations is not None:
        problems.append(f'fixed.equations is only read when fixed.system = "custom" (here "{system}")')
    declared = declared_params(fixed)
    label = f"system {system}"
    for name, value in fixed.values.items():
        if name not in declared:
            problems.append(f"fixed.values.{name} is not a parameter of {label}{_unknown(name, declared)}")
        elif system != CUSTOM and not declared[name][0] <= value <= declared[name][1]:
            lo, hi = declared[name]
            problems.append(f"fixed.values.{name} = {value:g} is outside [{lo:g}, {hi:g}]")
    tunable = dict(declared)
    if controls.start == "kick":
        tunable["kick"] = KNOWN_LIMITS["kick"]
    for name, p in params.items():
        if name not in tunable:
            extra = " (kick needs controls.start = \"kick\")" if name == "kick" else ""
            problems.append(f"params.{name} is not a parameter of {label}{extra}{_unknown(name, tunable)}")
            continue
        lo, hi = tunable[name]
        if system != CUSTOM and (p.min < lo or p.max > hi):
            problems.append(f"params.{name} = [{p.min:g}, {p.max:g}] must lie inside {system}'s range "
                            f"[{lo:g}, {hi:g}]")
    wx, wy = (header.window.x, header.window.y) if header.window else \
        (system_window(system) if system in ALL_SYSTEMS else ((-3, 3), (-3, 3)))
    for i, p in enumerate(solution.starts):
        if not (wx[0] <= p[0] <= wx[1] and wy[0] <= p[1] <= wy[1]):
            problems.append(f"solution.starts[{i}] = [{p[0]:g}, {p[1]:g}] is outside the window "
                            f"x = [{wx[0]:g}, {wx[1]:g}], y = [{wy[0]:g}, {wy[1]:g}]")
    for name, value in solution.params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not p.min <= value <= p.max:
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    gtype = goal.type
    if gtype in ("bifurcation_current", "onset_frequency"):
        if not is_ml(system):
            problems.append(f"goal.type = {gtype!r} needs a Morris–Lecar system "
                            f"(morris_lecar_hopf or morris_lecar_snic)")
        elif "I" not in params:
            problems.append(f"goal.type = {gtype!r} needs the current as a slider: params.I")
    if gtype == "bifurcation_current" and goal.which == "snic" and system != "morris_lecar_snic":
        problems.append('goal.which = "snic" needs fixed.system = "morris_lecar_snic"')
    if gtype == "bifurcation_current" and goal.which == "hopf" and system == "morris_lecar_snic":
        problems.append('goal.which = "hopf" needs fixed.system = "morris_lecar_hopf"')
    if gtype == "kick_threshold" and (controls.start != "kick" or "kick" not in params):
        problems.append('goal.type = "kick_threshold" needs controls.start = "kick" and params.kick')
    if gtype == "quiz":
        if not fixed.quiz:
            problems.append('goal.type = "quiz" needs fixed.quiz, a list of { dx, dy, point }')
        if solution.answers and len(solution.answers) != len(fixed.quiz):
            problems.append(f"solution.answers has {len(solution.answers)} answers for "
                            f"{len(fixed.quiz)} quiz items")
    elif fixed.quiz:
        problems.append('fixed.quiz is only used with goal.type = "quiz"')
    if gtype in ("equilibria_visited", "bistable_boundary") and controls.start != "click":
        problems.append(f'goal.type = {gtype!r} needs controls.start = "click"')
    return problems
