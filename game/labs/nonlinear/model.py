"""The nonlinear lab's model: which field a level describes, and its analysis.

No pygame here. A level (or the sandbox) names a built-in system of
``game.sim.planar.SYSTEMS`` (Morris–Lecar with the Hopf or the SNIC
parameter set, FitzHugh–Nagumo, van der Pol) or ``"custom"`` with user
equations; :func:`make_field` turns that plus the current slider values into
a vectorised field ``f(x, y) -> (dx/dt, dy/dt)``. :func:`analyse` computes
nullclines and equilibria once per parameter (or view) change, never per
frame. :func:`quiz_truth` finds and names the equilibrium a quiz item asks
about (used by the loader and by the view).

Units follow the sim: Morris–Lecar V in mV, N dimensionless, time in ms,
I in uA/cm^2 (shown as µA/cm²); the other systems are dimensionless.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np
from scipy.optimize import root

from game.core.schema import Param
from game.sim import planar

#: Built-in systems this lab offers (the linear ones live in the phaseplane lab).
SYSTEM_NAMES = ("morris_lecar_hopf", "morris_lecar_snic", "fitzhugh_nagumo", "van_der_pol")
CUSTOM = "custom"
ALL_SYSTEMS = SYSTEM_NAMES + (CUSTOM,)
ML_SETS = {"morris_lecar_hopf": planar.ML_HOPF, "morris_lecar_snic": planar.ML_SNIC}

#: Sim unit strings -> what a slider shows.
UNITS = {"uA/cm^2": "µA/cm²"}

#: Grid sizes for nullclines and equilibria: full quality at rest, a draft
#: while a slider is moving (the 200 x 200 analysis costs ~7 ms on its own).
GRID_FULL = 200
GRID_DRAFT = 80

#: The sandbox's custom system starts as FitzHugh–Nagumo written out by hand.
CUSTOM_DEFAULT = {"dx": "x - x**3/3 - y + I", "dy": "eps*(x + a - b*y)",
                  "params": {"I": 0.5, "a": 0.7, "b": 0.8, "eps": 0.08}}
CUSTOM_WINDOW = ((-2.5, 2.5), (-1.0, 2.0))
CUSTOM_T_MAX = 100.0

#: Trajectory and cycle-measurement times per system, model time units.
T_MAX = {"morris_lecar_hopf": 500.0, "morris_lecar_snic": 500.0, "fitzhugh_nagumo": 200.0,
         "van_der_pol": 60.0, CUSTOM: CUSTOM_T_MAX}
MEASURE = {  # (t_transient, t_observe, longest t_observe)
    "morris_lecar_hopf": (500.0, 1500.0, 12000.0), "morris_lecar_snic": (500.0, 1500.0, 12000.0),
    "fitzhugh_nagumo": (200.0, 400.0, 1600.0), "van_der_pol": (60.0, 100.0, 400.0),
    CUSTOM: (100.0, 200.0, 800.0),
}


def is_ml(system: str) -> bool:
    return system in ML_SETS


def nice_step(span: float) -> float:
    """A 1, 2 or 5 x 10^k step giving roughly 100 slider positions over ``span``."""
    raw = max(span, 1e-9) / 100.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)


def auto_param(value: float) -> Param:
    """Slider declaration for a user-equation parameter from its value alone.

    The range spans two powers of ten around the value (0.08 -> [-0.12, 0.28]),
    so small rates such as eps keep useful resolution.
    """
    value = float(value)
    mag = 10.0 ** math.ceil(math.log10(abs(value))) if value != 0 else 1.0
    lo, hi = round(value - 2 * mag, 12), round(value + 2 * mag, 12)
    return Param(default=value, min=lo, max=hi, step=nice_step(hi - lo), unit="")


def system_params(system: str, equations: Mapping[str, Any] | None = None) -> dict[str, Param]:
    """Every tunable of a system, declared as the sim declares it."""
    if system == CUSTOM:
        params = dict((equations or CUSTOM_DEFAULT).get("params") or {})
        return {k: auto_param(v) for k, v in params.items()}
    spec = planar.SYSTEMS[system]
    return {k: Param(default=p.default, min=p.min, max=p.max, step=p.step, unit=UNITS.get(p.unit, p.unit))
            for k, p in spec.params.items()}


def system_window(system: str) -> tuple[tuple[float, float], tuple[float, float]]:
    if system == CUSTOM:
        return CUSTOM_WINDOW
    spec = planar.SYSTEMS[system]
    return tuple(spec.xlim), tuple(spec.ylim)


def axis_labels(system: str) -> tuple[str, str]:
    """Axis labels as the sim declares them (symbols and units, not words)."""
    if system == CUSTOM:
        return "x", "y"
    spec = planar.SYSTEMS[system]
    return spec.xlabel, spec.ylabel


def variable_names(system: str) -> tuple[str, str]:
    """The two state variables' symbols: (V, N), (v, w) or (x, y)."""
    if is_ml(system):
        return "V", "N"
    if system == "fitzhugh_nagumo":
        return "v", "w"
    return "x", "y"


def make_field(system: str, values: Mapping[str, float], compiled: planar.CompiledField | None = None):
    """The vector field of ``system`` at parameter ``values``.

    Built-in systems clamp each value to the sim's declared range; a custom
    system rebinds its compiled equations (compiled once per edit, elsewhere).
    """
    if system == CUSTOM:
        if compiled is None:
            raise ValueError("a custom system needs compiled equations")
        known = {k: float(v) for k, v in values.items() if k in compiled.params and math.isfinite(v)}
        return compiled.bind(**known)
    spec = planar.SYSTEMS[system]
    return spec.make({k: v for k, v in values.items() if k in spec.params and math.isfinite(v)})


class Analysis(NamedTuple):
    """Nullclines and equilibria of one field on one window.

    ``x_null`` are the polylines where dx/dt = 0, ``y_null`` where dy/dt = 0
    (model units); ``grid`` is the number of samples per axis used.
    """

    x_null: list
    y_null: list
    equilibria: list
    grid: int


def analyse(f, xlim, ylim, grid: int = GRID_FULL, hints=()) -> Analysis:
    """Nullclines and equilibria on a ``grid`` x ``grid`` sampling of the window.

    A field that raises or returns garbage gives an empty analysis rather
    than an exception: a user equation may be undefined almost everywhere.
    A draft (``grid < GRID_FULL``, while a slider moves) skips the Newton
    refinement of the nullcline vertices; equilibria are always refined.
    ``hints`` (points of the previous analysis, while a slider moves) warm-start
    the root finder; they change how fast, not what, it finds.
    """
    return analyse_finish(analyse_start(f, xlim, ylim, grid), hints)


class PendingAnalysis(NamedTuple):
    """The first half of an analysis: nullclines done, equilibria to find (see `analyse_start`)."""

    f: Any
    xlim: tuple
    ylim: tuple
    grid: int
    x_null: list
    y_null: list
    sampled: Any           # planar's grid, or None when the field could not be sampled


_ANALYSIS_ERRORS = (ValueError, FloatingPointError, ZeroDivisionError, OverflowError, np.linalg.LinAlgError)


def analyse_start(f, xlim, ylim, grid: int = GRID_FULL) -> PendingAnalysis:
    """Sample the field and trace the nullclines: half of `analyse`.

    While a slider moves the view spreads `analyse` over two frames:
    this half in one, `analyse_finish` (the equilibria) in the next.
    """
    try:
        with warnings.catch_warnings():
            # a field that is NaN on the whole grid makes numpy warn inside the sim
            warnings.simplefilter("ignore", RuntimeWarning)
            xs, ys, sampled = planar.nullclines_with_grid(f, xlim, ylim, grid, refine=grid >= GRID_FULL)
    except _ANALYSIS_ERRORS:
        return PendingAnalysis(f, xlim, ylim, grid, [], [], None)
    return PendingAnalysis(f, xlim, ylim, grid, xs, ys, sampled)


def analyse_finish(p: PendingAnalysis, hints=()) -> Analysis:
    """The equilibria on the grid `analyse_start` sampled: the analysis is complete."""
    if p.sampled is None:
        return Analysis([], [], [], p.grid)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            eqs = planar.equilibria_on_grid(p.f, p.xlim, p.ylim, p.sampled, hints)
    except _ANALYSIS_ERRORS:
        return Analysis([], [], [], p.grid)
    eqs = [e for e in eqs if np.all(np.isfinite(e.point)) and np.all(np.isfinite(e.jacobian))]
    return Analysis(p.x_null, p.y_null, eqs, p.grid)


def stable_rest(equilibria: Sequence[planar.Equilibrium], near=None) -> planar.Equilibrium | None:
    """The stable equilibrium (nearest to ``near`` when given), or None."""
    stable = [e for e in equilibria if e.stable]
    if not stable:
        return None
    if near is None:
        return stable[0]
    return min(stable, key=lambda e: float(np.hypot(*(e.point - np.asarray(near, dtype=float)))))


# --------------------------------------------------------------------- quiz
#: Portrait names a quiz may ask for (a linearised centre says nothing about
#: a nonlinear system, so it is never a quiz answer).
QUIZ_KINDS = ("saddle", "stable_focus", "unstable_focus", "stable_node", "unstable_node")


@dataclass(frozen=True)
class QuizTruth:
    """The equilibrium a quiz item asks about: where, its Jacobian, its type."""

    point: np.ndarray
    jacobian: np.ndarray
    kind: str
    field: Any = field(repr=False, default=None)


def quiz_truth(dx: str, dy: str, params: Mapping[str, float], point, span=(1.0, 1.0)) -> QuizTruth:
    """Refine ``point`` to the nearby equilibrium and classify its linearisation.

    Raises ``ValueError`` (with a message for the level author) when there is
    no equilibrium within 5 % of the window ``span`` or the type is not one
    of `QUIZ_KINDS`; ``planar.ExpressionError`` for a bad expression.
    """
    f = planar.compile_field(dx, dy, dict(params))
    p0 = np.asarray(point, dtype=float)
    span = np.asarray(span, dtype=float)

    def F(z):
        return np.array(f(float(z[0]), float(z[1])), dtype=float)

    with np.errstate(all="ignore"):
        sol = root(F, p0, method="hybr", options={"xtol": 1e-12})
    z = sol.x
    res = F(z) if np.all(np.isfinite(z)) else np.array([np.inf, np.inf])
    scale = max(1.0, float(np.max(np.abs(F(p0))))) if np.all(np.isfinite(F(p0))) else 1.0
    if not (np.all(np.isfinite(res)) and np.max(np.abs(res)) < 1e-8 * scale
            and np.all(np.abs(z - p0) <= 0.05 * span)):
        raise ValueError(f"there is no equilibrium near [{p0[0]:g}, {p0[1]:g}]")
    J = planar.jacobian(f, z, h=np.maximum(1e-6 * span, 1e-6))
    kind = planar.classify(J, planar.JACOBIAN_RTOL)
    if kind not in QUIZ_KINDS:
        raise ValueError(f"the equilibrium near [{p0[0]:g}, {p0[1]:g}] is a {kind.replace('_', ' ')}; "
                         f"a quiz asks for one of {', '.join(QUIZ_KINDS)}")
    return QuizTruth(z, J, kind, f)
