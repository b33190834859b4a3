"""Nullclines, equilibria and the quiz's equilibrium: the nonlinear lab's analysis of a field.

No pygame here. :func:`analyse` computes nullclines and equilibria of a
field on a window once per parameter (or view) change, never per frame; a
slider drag spreads a coarse draft over two frames (:func:`analyse_start`,
then :func:`analyse_finish`). :func:`quiz_truth` finds and names the
equilibrium a quiz item asks about (used by the loader and by the model).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np
from scipy.optimize import root

from game.sim import planar

#: Grid sizes for nullclines and equilibria: full quality at rest, a draft
#: while a slider is moving (the 200 x 200 analysis costs ~7 ms on its own).
GRID_FULL = 200
GRID_DRAFT = 80

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
