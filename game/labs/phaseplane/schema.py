"""Level-file schema of the phaseplane lab (linear systems, damped oscillator).

``fixed`` holds what the player may not change (the matrix A, the oscillator's
m, mu, k, a fixed start, a quiz, the coefficients of a Lyapunov candidate),
``params`` the tunables (a11 a12 a21 a22, m mu k, and alpha beta gamma of the
candidate V = alpha x² + 2 beta xy + gamma y²) within :data:`LIMITS`,
``controls`` which interactions are on,
``goal`` one of the goal types (their fields here, their scorers in
``goals.py``) and ``solution`` what the winnability test plays.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from game.core.schema import Goal, Strict

#: Hard limits of every tunable (a slider can never leave them).
LIMITS = {
    "a11": (-10.0, 10.0), "a12": (-10.0, 10.0), "a21": (-10.0, 10.0), "a22": (-10.0, 10.0),
    "m": (0.05, 20.0), "mu": (0.0, 20.0), "k": (0.05, 20.0),
    "alpha": (-10.0, 10.0), "beta": (-10.0, 10.0), "gamma": (-10.0, 10.0),
}
#: The coefficients of the Lyapunov candidate V = alpha x² + 2 beta xy + gamma y².
V_TERMS = ("alpha", "beta", "gamma")
ENTRY_LIMIT = 10.0
MAX_QUIZ = 10
MAX_GATES = 12
MAX_POINTS = 8
PORTRAITS = ("saddle", "center", "stable_focus", "unstable_focus", "stable_node", "unstable_node")


def _finite(v: float, what: str = "value") -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number")
    return v


def check_matrix(A: Any) -> list[list[float]]:
    """A 2x2 list of finite numbers within the entry limit, or a clear error."""
    if not isinstance(A, (list, tuple)) or len(A) != 2 or any(
            not isinstance(r, (list, tuple)) or len(r) != 2 for r in A):
        raise ValueError("must be a 2x2 matrix written as [[a11, a12], [a21, a22]]")
    out = []
    for row in A:
        r = []
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError(f"entries must be numbers, got {v!r}")
            if not math.isfinite(v) or abs(v) > ENTRY_LIMIT:
                raise ValueError(f"entries must lie in [-{ENTRY_LIMIT:g}, {ENTRY_LIMIT:g}], got {v!r}")
            r.append(float(v))
        out.append(r)
    return out


Point = tuple[float, float]


class Fixed(Strict):
    mode: Literal["linear", "oscillator"] = Field(
        default="linear", description="x' = Ax, or the damped oscillator m x'' + mu x' + k x = 0 · 线性系统或阻尼振子")
    A: list[list[float]] | None = Field(
        default=None, description="the matrix [[a11, a12], [a21, a22]], entries in [-10, 10]; tunable entries "
                                  "in params override it · 系统矩阵")
    m: float = Field(default=1.0, gt=0, le=20, description="oscillator mass · 质量")
    mu: float = Field(default=0.5, ge=0, le=20, description="oscillator damping · 阻尼")
    k: float = Field(default=1.0, gt=0, le=20, description="oscillator stiffness · 刚度")
    start: Point | None = Field(default=None, description="a fixed initial condition [x, y] · 固定的初始条件")
    t_max: float = Field(default=30.0, gt=0, le=500, description="longest trajectory, model time · 轨迹最长时间")
    quiz: list[list[list[float]]] = Field(default_factory=list, max_length=MAX_QUIZ,
                                          description="matrices to name, for the quiz goal · 测验用的矩阵")
    alpha: float = Field(default=1.0, ge=-10, le=10, description="x² coefficient of the candidate V = alpha x² + "
                                                                 "2 beta xy + gamma y² · 候选 V 的 x² 系数")
    beta: float = Field(default=0.0, ge=-10, le=10, description="half the xy coefficient of V · V 的 xy 系数之半")
    gamma: float = Field(default=1.0, ge=-10, le=10, description="y² coefficient of V · V 的 y² 系数")

    @field_validator("A", mode="before")
    @classmethod
    def _matrix(cls, v):
        return None if v is None else check_matrix(v)

    @field_validator("quiz", mode="before")
    @classmethod
    def _quiz(cls, v):
        if not isinstance(v, list):
            raise ValueError("must be a list of 2x2 matrices")
        if len(v) > MAX_QUIZ:
            raise ValueError(f"at most {MAX_QUIZ} quiz matrices, got {len(v)}")
        return [check_matrix(a) for a in v]

    @field_validator("start")
    @classmethod
    def _start(cls, v):
        if v is not None:
            _finite(v[0], "start"), _finite(v[1], "start")
        return v


class Controls(Strict):
    """Which interactions a level allows."""

    start: Literal["click", "fixed"] = Field(
        default="click", description="the player clicks starts, or fixed.start is used · 点击设定或固定初始条件")
    td_drag: bool = Field(default=False, description="the dot on the trace-determinant plane can be dragged · 可拖动迹–行列式平面上的点")
    show_type: bool = Field(default=True, description="name the equilibrium in words · 显示平衡点类型")
    show_td: bool = Field(default=True, description="show the trace-determinant inset · 显示迹–行列式平面")
    show_eigen: bool = Field(default=True, description="draw the eigenvectors · 画出特征向量")
    max_launches: int = Field(default=0, ge=0, le=100, description="keep at most this many launches; 0 = no limit · 轨迹数上限")


class ClosestApproach(Goal):
    """Lowest distance from ``point`` along the launched trajectory (model units)."""

    type: Literal["closest_approach"]
    point: Point = Field(default=(0.0, 0.0), description="the target [x, y] · 目标点")
    radius: float | None = Field(default=None, gt=0, description="radius of the ring drawn at the target · 目标圆环半径")
    min_start_distance: float = Field(default=0.0, ge=0, description="starts closer than this to the target score "
                                                                      "nothing · 起点与目标的最小距离")


class OrbitThrough(Goal):
    """The origin must be a centre; score is how far the orbit misses the points."""

    type: Literal["orbit_through"]
    points: list[Point] = Field(min_length=1, max_length=MAX_POINTS,
                                description="points the closed orbit must pass · 闭合轨道必须经过的点")


class ReachDisc(Goal):
    """Time to enter the disc |x| < radius without leaving the window (model time)."""

    type: Literal["reach_disc"]
    radius: float = Field(gt=0, description="radius of the disc around the origin · 原点周围圆盘半径")
    require: Literal[PORTRAITS] | None = Field(default=None, description="the origin must be of this type · "
                                                                          "原点必须是该类型")


class RegionsVisited(Goal):
    """How many of the six classic regions of the trace-determinant plane A visits."""

    type: Literal["regions_visited"]


class Gates(Goal):
    """Number of gates (x, y, radius) the trajectory passes in order."""

    type: Literal["gates"]
    gates: list[tuple[float, float, float]] = Field(min_length=1, max_length=MAX_GATES,
                                                    description="[x, y, radius] of each gate, in order · 各个门")


class SettlingTime(Goal):
    """Time after which the oscillator stays within ``tol`` of rest (model time)."""

    type: Literal["settling_time"]
    tol: float = Field(default=0.05, gt=0, le=1, description="settled once |(x, v)| stays below this · 稳定阈值")
    no_overshoot: bool = Field(default=True, description="under-damped runs score nothing · 欠阻尼不得分")


class Quiz(Goal):
    """Correct names for the quiz portraits, plus a speed bonus below 1."""

    type: Literal["quiz"]
    bonus_time_s: float = Field(default=120.0, gt=0, description="all right within this time adds up to 1 · "
                                                                  "全对时的限时加分（秒）")


class Lyapunov(Goal):
    """Percent of the window's cells where V is a Lyapunov function of the system.

    V = alpha x² + 2 beta xy + gamma y² must be positive definite (else the
    score is 0); the window (the level's, not the panned view) is cut into
    41 x 41 cells, the origin's cell left out, and a cell counts when
    dV/dt <= 0 on the whole cell, or dV/dt < 0 on the whole cell when
    ``strict`` (see ``game.sim.lyapunov``).
    """

    type: Literal["lyapunov"]
    strict: bool = Field(default=False, description="ask for dV/dt < 0 (asymptotic stability), not dV/dt <= 0 "
                                                    "(stability) · 要求 dV/dt < 0（渐近稳定）")

    @model_validator(mode="after")
    def _percent(self) -> "Lyapunov":
        if self.better != "higher":
            raise ValueError('goal.better must be "higher" for a lyapunov goal (a percent of the window)')
        if not all(0 <= s <= 100 for s in self.stars):
            raise ValueError(f"goal.stars of a lyapunov goal are percents of the window, in [0, 100]: "
                             f"got {list(self.stars)}")
        if max(self.stars) <= 1:        # fractions where percents were meant: 1 % would be a free win
            raise ValueError(f"goal.stars of a lyapunov goal are percents of the window: got {list(self.stars)}; "
                             f"did you mean {[round(100 * s, 4) for s in self.stars]}?")
        return self


class Solution(Strict):
    """What the winnability test plays: slider values, then starts or answers."""

    params: dict[str, float] = Field(default_factory=dict, description="slider values to set · 滑块取值")
    starts: list[Point] = Field(default_factory=list, max_length=10, description="points to click · 点击的起点")
    td_points: list[Point] = Field(default_factory=list, max_length=20,
                                   description="[p, q] points to drag the dot to · 拖动到的 (p, q)")
    answers: list[str] = Field(default_factory=list, max_length=MAX_QUIZ, description="quiz answers · 测验答案")
    zoom: int = Field(default=0, ge=-10, le=10, description="wheel clicks over the plane first · 先滚动缩放")

    @field_validator("answers")
    @classmethod
    def _answers(cls, v):
        for a in v:
            if a not in PORTRAITS:
                raise ValueError(f"answer {a!r} is not one of {', '.join(PORTRAITS)}")
        return v


def _check_candidate(goal, fixed: Fixed, params) -> list[str]:
    """The candidate V belongs to a lyapunov goal, and a lyapunov goal lets the player shape it."""
    tuned = [t for t in V_TERMS if t in params]
    if goal.type == "lyapunov":
        if not tuned:
            return ["a lyapunov goal needs at least one of params.alpha, params.beta, params.gamma"]
        if fixed.quiz:
            return ["a lyapunov goal cannot be combined with fixed.quiz"]
        return []
    given = [f"params.{t}" for t in tuned] + [f"fixed.{t}" for t in V_TERMS if t in fixed.model_fields_set]
    return [f"{', '.join(given)}: the candidate V only matters for a lyapunov goal"] if given else []


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: start inside the window, A given or tunable, ...

    ``header`` is the validated common part (``game.levels.LevelHeader``).
    """
    problems: list[str] = []
    fixed: Fixed = parts["fixed"]
    params = header.params
    wx = header.window.x if header.window else (-3, 3)
    wy = header.window.y if header.window else (-3, 3)

    def inside(p) -> bool:
        return wx[0] <= p[0] <= wx[1] and wy[0] <= p[1] <= wy[1]

    if fixed.start is not None and not inside(fixed.start):
        problems.append(f"fixed.start = [{fixed.start[0]:g}, {fixed.start[1]:g}] is outside the window "
                        f"x = [{wx[0]:g}, {wx[1]:g}], y = [{wy[0]:g}, {wy[1]:g}]")
    for i, p in enumerate(parts["solution"].starts):
        if not inside(p):
            problems.append(f"solution.starts[{i}] = [{p[0]:g}, {p[1]:g}] is outside the window")
    entries = ("a11", "a12", "a21", "a22")
    if fixed.mode == "linear" and fixed.A is None and not all(e in params for e in entries):
        missing = [e for e in entries if e not in params]
        problems.append(f"fixed.A is missing, so params must tune every entry; missing: {', '.join(missing)}")
    if fixed.mode == "oscillator" and any(e in params for e in entries):
        problems.append("an oscillator level tunes m, mu and k, not the entries a11..a22")
    if parts["controls"].start == "fixed" and fixed.start is None:
        problems.append('controls.start = "fixed" needs fixed.start = [x, y]')
    goal = parts["goal"]
    if goal.type == "quiz" and not fixed.quiz:
        problems.append("a quiz goal needs fixed.quiz, a list of 2x2 matrices")
    problems.extend(_check_candidate(goal, fixed, params))
    for name, value in parts["solution"].params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    return problems
