r"""Quadratic Lyapunov functions of planar linear systems x' = Ax.

Pure numpy; never imports pygame.

Equations
---------
Candidate
    V(x, y) = alpha x^2 + 2 beta x y + gamma y^2 = x^T P x,  P = [[alpha, beta], [beta, gamma]].
    V is positive definite (V > 0 except at the origin) iff alpha > 0 and
    alpha gamma - beta^2 > 0, i.e. iff the smaller eigenvalue of P is positive.
Derivative along x' = Ax
    dV/dt = x'^T P x + x^T P x' = x^T (A^T P + P A) x = x^T Q x,  Q = A^T P + P A.
Signs by direction
    Both V and dV/dt are homogeneous quadratics: along a ray from the origin
    their sign does not change. With u = (cos theta, sin theta),
    D(theta) = u^T Q u = m + R cos(2 theta - phi),
    m = (q11 + q22) / 2,  R = hypot((q11 - q22) / 2, q12),  phi = atan2(q12, (q11 - q22) / 2),
    so dV/dt > 0 on two opposite sectors (or nowhere, or everywhere) and
    dV/dt = 0 on at most two lines through the origin, unless Q = 0
    (dV/dt = 0 everywhere: V is conserved).

Shares on a grid
    A window is cut into n x n equal cells; the cells whose closed rectangle
    holds the origin are left out (V = dV/dt = 0 there). A cell counts for
    "dV/dt <= 0" when dV/dt <= 0 at every point of the cell, and for
    "dV/dt < 0" when dV/dt < 0 at every point of the cell: a line on which
    dV/dt = 0 (which has no area) thus fails every cell it crosses in the
    strict count, whatever its direction. The maximum of dV/dt over a cell is
    exact (the maximum of D over the cell's range of directions, times r^2).
    "Zero" is zero to rounding: |D| <= RTOL ||A|| ||P|| (Frobenius norms).

References
----------
.. [1] H. K. Khalil, Nonlinear Systems, 3rd ed., Prentice Hall, 2002, ch. 4
       (Lyapunov's theorem, Thm. 4.1; LaSalle's invariance principle, Thm. 4.4;
       the Lyapunov equation A^T P + P A = -Q, Thm. 4.6).
.. [2] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, sec. 7.2
       (Liapunov functions).

Examples
--------
The damped oscillator x'' + 3x' + 2x = 0 and its energy V = 2x^2 + y^2 (y = x'):

>>> A = np.array([[0.0, 1.0], [-2.0, -3.0]])
>>> P = candidate(2.0, 0.0, 1.0)
>>> derivative_matrix(A, P).tolist()
[[0.0, 0.0], [0.0, -6.0]]
>>> s = grid_shares(A, P, (-3, 3), (-3, 3), n=41)
>>> s.cells, s.decreasing, s.zero, s.increasing
(1680, 1640, 40, 0)
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

import numpy as np

__all__ = ["RTOL", "GRID_N", "candidate", "value", "derivative_matrix", "derivative", "positive_definite",
           "tolerance", "harmonic", "Signs", "signs", "cell_max", "Cells", "cells", "classify_cells", "Shares",
           "grid_shares",
           "level_curve"]

#: Relative size below which a value of a quadratic form counts as zero (rounding).
RTOL = 1e-9
#: Cells per side of the scoring grid.
GRID_N = 41


def candidate(alpha: float, beta: float, gamma: float) -> np.ndarray:
    """P of V = alpha x^2 + 2 beta x y + gamma y^2 (so that V = x^T P x).

    >>> candidate(1.0, 0.5, 2.0).tolist()
    [[1.0, 0.5], [0.5, 2.0]]
    """
    return np.array([[float(alpha), float(beta)], [float(beta), float(gamma)]])


def value(P, x, y):
    """V = x^T P x at points (x, y) (vectorised; P symmetric 2x2)."""
    P = np.asarray(P, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return P[0, 0] * x * x + 2.0 * P[0, 1] * x * y + P[1, 1] * y * y


def derivative_matrix(A, P) -> np.ndarray:
    """Q = A^T P + P A, so that dV/dt = x^T Q x along x' = Ax (symmetric)."""
    A = np.asarray(A, dtype=float)
    P = np.asarray(P, dtype=float)
    PA = P @ A
    return PA + PA.T


def derivative(A, P, x, y):
    """dV/dt of V = x^T P x along x' = Ax at points (x, y) (vectorised)."""
    return value(derivative_matrix(A, P), x, y)


def tolerance(A, P) -> float:
    """What counts as zero for a value of V or dV/dt on a unit vector: RTOL ||A|| ||P||.

    (||P|| alone for V: pass A = I / sqrt(2), whose Frobenius norm is 1.)
    """
    return RTOL * float(np.linalg.norm(A)) * float(np.linalg.norm(P))


def positive_definite(P, rtol: float = RTOL) -> bool:
    """Is V = x^T P x positive definite? (smallest eigenvalue of P above rtol ||P||)

    >>> positive_definite(candidate(2, 1, 1)), positive_definite(candidate(1, 1, 1))
    (True, False)
    """
    P = np.asarray(P, dtype=float)
    if not np.isfinite(P).all():
        return False
    a, b, c = P[0, 0], 0.5 * (P[0, 1] + P[1, 0]), P[1, 1]
    lam_min = 0.5 * (a + c) - math.hypot(0.5 * (a - c), b)
    return bool(lam_min > rtol * float(np.linalg.norm(P)))


def harmonic(Q) -> tuple[float, float, float]:
    """(m, R, phi) with u^T Q u = m + R cos(2 theta - phi) for u = (cos theta, sin theta)."""
    Q = np.asarray(Q, dtype=float)
    h = 0.5 * (Q[0, 0] - Q[1, 1])
    q12 = 0.5 * (Q[0, 1] + Q[1, 0])
    return 0.5 * (Q[0, 0] + Q[1, 1]), math.hypot(h, q12), math.atan2(q12, h)


class Signs(NamedTuple):
    """Where a quadratic form x^T Q x is positive and where it is zero, by direction.

    ``kind`` is "zero" (Q = 0), "negative_definite", "negative_semidefinite"
    (zero on one line), "indefinite", "positive_semidefinite" or
    "positive_definite"; ``positive`` lists the open sectors (theta1, theta2)
    in radians, theta1 < theta2, where the form is positive; ``zero`` the
    directions (radians, in [0, pi)) of the lines where it is zero.
    """

    kind: str
    positive: tuple[tuple[float, float], ...]
    zero: tuple[float, ...]


def _line(theta: float) -> float:
    return float(theta % math.pi)


def signs(Q, tol: float = 0.0) -> Signs:
    """The sectors where x^T Q x > 0 and the lines where it is 0 (values within ``tol`` are 0).

    >>> signs(np.diag([0.0, -6.0]), 1e-9)
    Signs(kind='negative_semidefinite', positive=(), zero=(0.0,))
    >>> s = signs(np.array([[0.0, 1.0], [1.0, 0.0]]))   # 2xy: positive in quadrants I and III
    >>> s.kind, [round(t, 4) for t in s.positive[0]], [round(t, 4) for t in s.zero]
    ('indefinite', [0.0, 1.5708], [0.0, 1.5708])
    """
    m, R, phi = harmonic(Q)
    hi, lo = m + R, m - R
    if abs(hi) <= tol and abs(lo) <= tol:
        return Signs("zero", (), ())
    if hi < -tol:
        return Signs("negative_definite", (), ())
    if abs(hi) <= tol:
        return Signs("negative_semidefinite", (), (_line(phi / 2),))
    if lo > tol:
        return Signs("positive_definite", ((0.0, 2 * math.pi),), ())
    if abs(lo) <= tol:
        null = (phi + math.pi) / 2
        return Signs("positive_semidefinite", ((null, null + math.pi), (null + math.pi, null + 2 * math.pi)),
                     (_line(null),))
    psi = math.acos(max(-1.0, min(1.0, -m / R)))       # D > 0 where |2 theta - phi| < psi
    a, b = (phi - psi) / 2, (phi + psi) / 2
    return Signs("indefinite", ((a, b), (a + math.pi, b + math.pi)), (_line(a), _line(b)))


def cell_max(Q, x0, x1, y0, y1) -> np.ndarray:
    """The largest u^T Q u over the directions u of each cell [x0, x1] x [y0, y1].

    The cells (arrays of one shape) must not contain the origin, so each one
    spans less than pi of directions, bounded by two of its corners. Times r^2
    this bounds x^T Q x on the cell, and it has the sign of the cell's maximum.
    """
    m, R, phi = harmonic(Q)
    x0, x1, y0, y1 = (np.asarray(v, dtype=float) for v in (x0, x1, y0, y1))
    centre = np.arctan2(0.5 * (y0 + y1), 0.5 * (x0 + x1))
    offsets = np.stack([(np.arctan2(y, x) - centre + np.pi) % (2 * np.pi) - np.pi
                        for x in (x0, x1) for y in (y0, y1)])
    lo = centre + offsets.min(axis=0)
    hi = centre + offsets.max(axis=0)
    # the peak m + R sits at theta = phi/2 + k pi: is one of them inside [lo, hi]?
    k_lo = np.ceil((2 * lo - phi) / (2 * np.pi))
    k_hi = np.floor((2 * hi - phi) / (2 * np.pi))
    ends = np.maximum(m + R * np.cos(2 * lo - phi), m + R * np.cos(2 * hi - phi))
    return np.where(k_lo <= k_hi, m + R, ends)


class Cells(NamedTuple):
    """An n x n grid of equal cells over a window: bounds (n, n) each, and which are scored.

    Row i holds y cells from the bottom, column j x cells from the left.
    ``scored`` is False for the cells whose closed rectangle holds the origin.
    """

    x0: np.ndarray
    x1: np.ndarray
    y0: np.ndarray
    y1: np.ndarray
    scored: np.ndarray


def cells(xlim: Sequence[float], ylim: Sequence[float], n: int = GRID_N) -> Cells:
    """The scoring grid of a window (model units).

    >>> g = cells((-3, 3), (-3, 3), 41)
    >>> int(g.scored.size - g.scored.sum())        # the origin's cell
    1
    """
    xe = np.linspace(float(xlim[0]), float(xlim[1]), n + 1)
    ye = np.linspace(float(ylim[0]), float(ylim[1]), n + 1)
    x0, y0 = np.meshgrid(xe[:-1], ye[:-1])
    x1, y1 = np.meshgrid(xe[1:], ye[1:])
    origin = (x0 <= 0) & (x1 >= 0) & (y0 <= 0) & (y1 >= 0)
    return Cells(x0, x1, y0, y1, ~origin)


class Shares(NamedTuple):
    """How a candidate V fares on a grid of cells.

    ``cells`` scored cells, of which ``decreasing`` have dV/dt < 0 on the whole
    cell, ``zero`` have dV/dt <= 0 on the whole cell and = 0 (to rounding)
    somewhere in it, ``increasing`` have dV/dt > 0 somewhere.
    """

    positive_definite: bool
    cells: int
    decreasing: int
    zero: int
    increasing: int

    def share(self, strict: bool = False) -> float:
        """Fraction (0..1) of the cells where V does its job; 0 when V is not positive definite.

        ``strict``: dV/dt < 0 on the whole cell (asymptotic stability);
        else dV/dt <= 0 on the whole cell (stability).
        """
        if not self.positive_definite or self.cells == 0:
            return 0.0
        good = self.decreasing if strict else self.decreasing + self.zero
        return good / self.cells


def classify_cells(A, P, grid: Cells) -> np.ndarray:
    """Per cell: -1 where dV/dt < 0 on the whole cell, 0 where it is <= 0 and 0 somewhere,
    +1 where it is > 0 somewhere (the origin's cells read 0)."""
    Q = derivative_matrix(A, P)
    tol = tolerance(A, P)
    out = np.zeros(grid.scored.shape, dtype=np.int8)
    s = grid.scored
    top = cell_max(Q, grid.x0[s], grid.x1[s], grid.y0[s], grid.y1[s])
    out[s] = np.where(top > tol, 1, np.where(top < -tol, -1, 0))
    return out


def grid_shares(A, P, xlim: Sequence[float], ylim: Sequence[float], n: int = GRID_N) -> Shares:
    """Count the cells of an n x n grid over the window where V = x^T P x decreases along x' = Ax."""
    grid = cells(xlim, ylim, n)
    c = classify_cells(A, P, grid)[grid.scored]
    return Shares(positive_definite(P), int(c.size), int((c < 0).sum()), int((c == 0).sum()),
                  int((c > 0).sum()))


def level_curve(P, level: float, n: int = 121) -> np.ndarray:
    """The closed curve V = level (an ellipse; P positive definite, level > 0) as (n, 2) points."""
    lam, U = np.linalg.eigh(np.asarray(P, dtype=float))
    if lam[0] <= 0 or level <= 0:
        raise ValueError("a level curve of V needs P positive definite and level > 0")
    t = np.linspace(0.0, 2 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)]) * math.sqrt(level)
    return (U @ (circle / np.sqrt(lam)[:, None])).T
