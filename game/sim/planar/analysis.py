"""Nonlinear analysis of planar fields: Jacobian, nullclines, equilibria, limit cycles.

Nullclines are the zero contours of each component on a grid (contourpy),
optionally moved onto the exact zero set by Newton steps; equilibria are
the roots where both components change sign in a cell, refined and named by
the :func:`~game.sim.planar.linear.classify` of their Jacobian. A limit
cycle is detected on a Poincare section; the repelling slow manifold of a
slow-fast system is a backward trajectory from the x-nullcline's repelling
branch.

References
----------
.. [1] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, ch. 6-7.
.. [2] E. M. Izhikevich, Dynamical Systems in Neuroscience, MIT Press, 2007, ch. 4, 7.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import contourpy
import numpy as np
from scipy.integrate import solve_ivp
from scipy.ndimage import label
from scipy.optimize import brentq, root

from game.sim.planar.fields import Field, _as_point, _eval_grid, _mesh
from game.sim.planar.linear import classify
from game.sim.planar.trajectories import _rhs, _terminal, trajectory

def jacobian(f: Field, point, h=None) -> np.ndarray:
    """Jacobian of ``f`` at ``point`` by central differences (one vectorised call).

    Parameters
    ----------
    f : callable
        Vectorised field.
    point : array_like, shape (2,)
    h : float or (float, float), optional
        Steps; default cbrt(machine eps) * max(1, |point_i|), which balances
        truncation (O(h^2)) against rounding error.

    Returns
    -------
    ndarray, shape (2, 2)
        J[i, j] = d f_i / d x_j.
    """
    p = _as_point(point)
    if h is None:
        h = np.cbrt(np.finfo(float).eps) * np.maximum(1.0, np.abs(p))
    h = np.broadcast_to(np.asarray(h, dtype=float), (2,))
    xs = p[0] + np.array([h[0], -h[0], 0.0, 0.0])
    ys = p[1] + np.array([0.0, 0.0, h[1], -h[1]])
    U, V = _eval_grid(f, xs, ys)
    return np.array([[(U[0] - U[1]) / (2 * h[0]), (U[2] - U[3]) / (2 * h[1])],
                     [(V[0] - V[1]) / (2 * h[0]), (V[2] - V[3]) / (2 * h[1])]])


def _contours(X, Y, Z) -> list[np.ndarray]:
    """Zero contour of Z on the 2-D grid X, Y as polylines.

    Builds contourpy's serial generator directly with a precomputed mask:
    `contourpy.contour_generator` spends most of its ~1 ms in
    ``np.ma.masked_invalid`` and ``meshgrid`` on a 200 x 200 grid.
    """
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    bad = ~np.isfinite(Z)
    mask = bad if bad.any() else None
    if mask is not None:
        Z = np.where(bad, 0.0, Z)
    gen = contourpy.SerialContourGenerator(
        X, Y, Z, mask, corner_mask=True, line_type=contourpy.LineType.Separate,
        fill_type=contourpy.FillType.OuterCode, quad_as_tri=False,
        z_interp=contourpy.ZInterp.Linear, x_chunk_size=0, y_chunk_size=0)
    return [np.asarray(line, dtype=float) for line in gen.lines(0.0) if len(line) > 1]


def _project(f, lines, which: int, cell: np.ndarray, steps: int = 2):
    """Newton steps of each vertex onto f_which = 0 (each at most half a cell)."""
    if not lines:
        return lines
    sizes = np.cumsum([len(line) for line in lines])[:-1]
    P = np.concatenate(lines)
    h = 1e-4 * cell
    for _ in range(steps):
        xs = np.concatenate([P[:, 0], P[:, 0] + h[0], P[:, 0] - h[0], P[:, 0], P[:, 0]])
        ys = np.concatenate([P[:, 1], P[:, 1], P[:, 1], P[:, 1] + h[1], P[:, 1] - h[1]])
        F = _eval_grid(f, xs, ys)[which].reshape(5, -1)
        grad = np.stack([(F[1] - F[2]) / (2 * h[0]), (F[3] - F[4]) / (2 * h[1])], axis=1)
        with np.errstate(all="ignore"):
            step = -F[0][:, None] * grad / np.sum(grad * grad, axis=1, keepdims=True)
        ok = np.all(np.isfinite(step), axis=1) & np.all(np.abs(step) <= 0.5 * cell, axis=1)
        P = P + np.where(ok[:, None], step, 0.0)
    return np.split(P, sizes)


@lru_cache(maxsize=8)
def _shared_mesh(x0: float, x1: float, y0: float, y1: float, n) -> tuple:
    """The analysis grid of one window, read-only.

    A bounded memo of a pure function (eight windows, at most ~5 MB at
    200 x 200): a slider drag re-analyses the same window every frame, and
    the arrays are shared between calls, so they are never written.
    """
    mesh = _mesh((x0, x1), (y0, y1), n)
    for a in mesh:
        a.setflags(write=False)
    return mesh


def _grid_analysis(f, xlim, ylim, n):
    mesh = _shared_mesh(float(xlim[0]), float(xlim[1]), float(ylim[0]), float(ylim[1]),
                        n if np.isscalar(n) else tuple(n))
    x, y, X, Y = mesh
    # Row and column vectors broadcast inside the field: what depends on x
    # alone (Morris-Lecar's tanh and cosh of V) is evaluated n times, not n^2.
    U, V = _eval_grid(f, x[None, :], y[:, None])
    cell = np.array([x[1] - x[0], y[1] - y[0]])
    return x, y, X, Y, np.ascontiguousarray(U), np.ascontiguousarray(V), cell


def nullclines(f: Field, xlim, ylim, n=200, refine: bool = True):
    """Nullclines dx/dt = 0 and dy/dt = 0 as polylines (contourpy on a grid).

    Parameters
    ----------
    f : callable
        Vectorised field.
    xlim, ylim : (float, float)
        Window.
    n : int or (int, int)
        Grid points per axis.
    refine : bool
        Move each vertex two Newton steps (each bounded to half a grid cell)
        onto the exact zero set, so points satisfy their equation to ~1e-10
        instead of the O(cell^2) error of linear interpolation (~1e-3 on a
        120 x 120 grid for FitzHugh-Nagumo).

    Returns
    -------
    x_null, y_null : list of ndarray, shape (k, 2)
        Polylines where dx/dt = 0 and where dy/dt = 0. Regions where the
        field is NaN/inf are masked out.
    """
    x, y, X, Y, U, V, cell = _grid_analysis(f, xlim, ylim, n)
    return _nullclines_from_grid(f, X, Y, U, V, cell, refine)


def _nullclines_from_grid(f, X, Y, U, V, cell, refine):
    xs, ys = _contours(X, Y, U), _contours(X, Y, V)
    if refine:
        xs, ys = _project(f, xs, 0, cell), _project(f, ys, 1, cell)
    return xs, ys


class Equilibrium(NamedTuple):
    """An equilibrium of a planar field with its linearisation.

    Attributes
    ----------
    point : ndarray, shape (2,)
    jacobian : ndarray, shape (2, 2)
    eigenvalues : ndarray, shape (2,), complex
    kind : str
        `classify` of the Jacobian (tolerance `JACOBIAN_RTOL`).
    """

    point: np.ndarray
    jacobian: np.ndarray
    eigenvalues: np.ndarray
    kind: str

    @property
    def stable(self) -> bool:
        """True when both eigenvalues have negative real part."""
        return bool(np.all(self.eigenvalues.real < 0))


#: classify() tolerance for finite-difference Jacobians (their relative error
#: is ~1e-10, so a true centre such as van der Pol at mu = 0 is still named).
JACOBIAN_RTOL = 1e-6

#: Maximum number of root-finder seeds per call of `equilibria`.
MAX_SEEDS = 64


def _sign_change(Z: np.ndarray) -> np.ndarray:
    """Cells (ny-1, nx-1) whose corners have both signs (finite corners only)."""
    pos = Z > 0
    neg = Z <= 0  # NaN is neither, so a cell touching NaN needs both elsewhere
    a, b, c, d = pos[:-1, :-1], pos[1:, :-1], pos[:-1, 1:], pos[1:, 1:]
    e, g, h, k = neg[:-1, :-1], neg[1:, :-1], neg[:-1, 1:], neg[1:, 1:]
    return (a | b | c | d) & (e | g | h | k)


#: At most this many root-finder seeds per cluster of candidate cells.
SEEDS_PER_CLUSTER = 3


def _seeds(X, Y, U, V, cell) -> np.ndarray:
    """Seeds for the root finder: cells where both components change sign.

    Adjacent candidate cells are clustered; within a cluster the cells with
    the smallest scaled residual are taken, at least 3 cells apart (two
    equilibria about to merge share a cluster), best first.
    """
    cand = _sign_change(U) & _sign_change(V)
    if not cand.any():
        return np.empty((0, 2))
    rows, cols = np.nonzero(cand)
    su = float(np.nanmax(np.abs(U))) or 1.0
    sv = float(np.nanmax(np.abs(V))) or 1.0
    mean_u = 0.25 * (U[rows, cols] + U[rows + 1, cols] + U[rows, cols + 1] + U[rows + 1, cols + 1])
    mean_v = 0.25 * (V[rows, cols] + V[rows + 1, cols] + V[rows, cols + 1] + V[rows + 1, cols + 1])
    resid = np.abs(mean_u) / su + np.abs(mean_v) / sv
    labels, _ = label(cand, structure=np.ones((3, 3)))
    labs = labels[rows, cols]
    order = np.lexsort((resid, labs))
    picked: list[tuple[float, int, int]] = []
    per_label: dict[int, list[tuple[int, int]]] = {}
    for i in order:
        mine = per_label.setdefault(int(labs[i]), [])
        r, c = int(rows[i]), int(cols[i])
        if len(mine) >= SEEDS_PER_CLUSTER or any(
                max(abs(r - r2), abs(c - c2)) < 3 for r2, c2 in mine):
            continue
        mine.append((r, c))
        picked.append((float(resid[i]), r, c))
    picked.sort()
    picked = picked[:MAX_SEEDS]
    return np.array([[X[r, c] + 0.5 * cell[0], Y[r, c] + 0.5 * cell[1]]
                     for _, r, c in picked], dtype=float)


def _refine_roots(f, seeds, xlim, ylim, cell, U, V, hints=()):
    """Roots near ``seeds``, deduplicated, sorted by x.

    Each seed is refined by `_newton_2d` (cheap), falling back to
    ``scipy.optimize.root`` (hybr) when Newton stalls or lands off the
    window. ``hints`` are roots found a moment ago (a slider drag's previous
    frame): a seed near one starts from it, which takes fewer steps; the
    roots found are the same.
    """
    hints = [np.asarray(h, dtype=float) for h in hints]
    su = float(np.nanmax(np.abs(U))) or 1.0
    sv = float(np.nanmax(np.abs(V))) or 1.0
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]], dtype=float)

    def F(z):                             # called under np.errstate(all="ignore"), below
        try:                              # Python floats: several times cheaper scalar maths
            dx, dy = f(float(z[0]), float(z[1]))
        except (ZeroDivisionError, OverflowError):
            dx, dy = f(z[0], z[1])        # numpy scalars give inf / nan instead, as the solver expects
        return np.array([float(dx) / su, float(dy) / sv])

    found: list[np.ndarray] = []
    def inside(z):
        return (xlim[0] - cell[0] <= z[0] <= xlim[1] + cell[0]
                and ylim[0] - cell[1] <= z[1] <= ylim[1] + cell[1])

    for s in seeds:
        if any(np.max(np.abs(s - q) / cell) < 1.5 for q in found):
            continue  # this seed's cell already holds a refined root
        start = next((h for h in hints if np.max(np.abs(s - h) / cell) < 1.5), s)
        with np.errstate(all="ignore"):
            z = _newton_2d(f, start, cell, su, sv)
            if z is None or not inside(z):   # stalled, or a root off the window: the robust solver
                z = root(F, start, method="hybr", options={"xtol": 1e-12}).x
            if not (np.all(np.isfinite(z)) and np.max(np.abs(F(z))) < 1e-9):
                continue
        if not inside(z):
            continue
        if all(np.max(np.abs(z - q) / span) > 1e-7 for q in found):
            found.append(z)
    return sorted(found, key=lambda z: (z[0], z[1]))


def _newton_2d(f, start, cell, su: float, sv: float, iters: int = 20):
    """Newton's method on one root in plain Python floats, or None.

    A Python-level call of ``scipy.optimize.root`` costs ~20 field
    evaluations plus the solver's own overhead; from a seed in the root's
    grid cell (or last frame's root, see `_refine_roots`) Newton with a
    forward-difference Jacobian (steps of at most one cell) needs a handful.
    Returns the root once the scaled residual max(|f_x| / su, |f_y| / sv) is
    below 1e-13, or None when it does not get there (the caller then uses
    hybr).
    """
    x, y = float(start[0]), float(start[1])
    cx, cy = float(cell[0]), float(cell[1])
    hx, hy = 1e-7 * cx, 1e-7 * cy
    try:
        for _ in range(iters):
            u, v = f(x, y)
            u, v = float(u) / su, float(v) / sv
            if abs(u) < 1e-13 and abs(v) < 1e-13:
                return np.array([x, y])
            ux, vx = f(x + hx, y)
            uy, vy = f(x, y + hy)
            a, c = (float(ux) / su - u) / hx, (float(vx) / sv - v) / hx
            b, d = (float(uy) / su - u) / hy, (float(vy) / sv - v) / hy
            det = a * d - b * c
            if not det or not math.isfinite(det):
                return None
            dx, dy = (d * u - b * v) / det, (a * v - c * u) / det
            m = max(abs(dx) / cx, abs(dy) / cy)
            if not math.isfinite(m):
                return None
            if m > 1.0:                   # at most a cell per step
                dx, dy = dx / m, dy / m
            x, y = x - dx, y - dy
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    return None


def _equilibrium_at(f, z, span) -> Equilibrium:
    J = jacobian(f, z, h=np.maximum(1e-7 * span, 1e-6 * np.abs(z)))
    eig = np.linalg.eigvals(J).astype(complex)
    return Equilibrium(np.asarray(z, dtype=float), J, eig, classify(J, JACOBIAN_RTOL))


def equilibria(f: Field, xlim, ylim, n=200) -> list[Equilibrium]:
    """Equilibria of a planar field inside a window, with type.

    Grid cells where both components change sign (where the nullclines
    cross) seed `scipy.optimize.root` (hybr); roots are kept when the scaled
    residual is < 1e-9 and they lie in the window (plus one cell), and
    deduplicated at 1e-7 of the window size. A tangency of the nullclines
    that does not cross (exactly at a saddle-node) can be missed.

    Parameters
    ----------
    f : callable
        Vectorised field.
    xlim, ylim : (float, float)
    n : int or (int, int)
        Grid points per axis.

    Returns
    -------
    list of Equilibrium
        Sorted by x. Jacobian by central differences (`jacobian`), kind by
        `classify` with `JACOBIAN_RTOL`.
    """
    x, y, X, Y, U, V, cell = _grid_analysis(f, xlim, ylim, n)
    return _equilibria_from_grid(f, xlim, ylim, X, Y, U, V, cell)


def _equilibria_from_grid(f, xlim, ylim, X, Y, U, V, cell, hints=()):
    seeds = _seeds(X, Y, U, V, cell)
    points = _refine_roots(f, seeds, xlim, ylim, cell, U, V, hints)
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]], dtype=float)
    return _equilibria_at(f, points, span)


def _equilibria_at(f, points, span) -> list[Equilibrium]:
    """`_equilibrium_at` for many points, their Jacobians from one vectorised field call."""
    if len(points) <= 1:
        return [_equilibrium_at(f, z, span) for z in points]
    P = np.array(points, dtype=float)
    H = np.maximum(1e-7 * span[None, :], 1e-6 * np.abs(P))
    xs = (P[:, :1] + np.array([[1.0, -1.0, 0.0, 0.0]]) * H[:, :1]).ravel()
    ys = (P[:, 1:] + np.array([[0.0, 0.0, 1.0, -1.0]]) * H[:, 1:]).ravel()
    U, V = (a.reshape(-1, 4) for a in _eval_grid(f, xs, ys))
    out = []
    for z, u, v, h in zip(P, U, V, H):
        J = np.array([[(u[0] - u[1]) / (2 * h[0]), (u[2] - u[3]) / (2 * h[1])],
                      [(v[0] - v[1]) / (2 * h[0]), (v[2] - v[3]) / (2 * h[1])]])
        eig = np.linalg.eigvals(J).astype(complex)
        out.append(Equilibrium(z, J, eig, classify(J, JACOBIAN_RTOL)))
    return out


def nullclines_and_equilibria(f: Field, xlim, ylim, n=200, refine: bool = True, hints=()):
    """`nullclines` and `equilibria` sharing one grid evaluation (for sliders).

    ``hints``: equilibria found a moment ago (points), used as warm starts of
    the root finder where they lie in a seed's cell (see `_refine_roots`).

    Returns
    -------
    x_null, y_null, equilibria : list, list, list of Equilibrium
    """
    xs, ys, grid = nullclines_with_grid(f, xlim, ylim, n, refine)
    return xs, ys, equilibria_on_grid(f, xlim, ylim, grid, hints)


def nullclines_with_grid(f: Field, xlim, ylim, n=200, refine: bool = True):
    """`nullclines` plus the sampled grid, so `equilibria_on_grid` can follow later.

    The two halves of `nullclines_and_equilibria`, for a caller that spreads
    the work over two frames. Returns ``(x_null, y_null, grid)``; ``grid``
    is opaque.
    """
    x, y, X, Y, U, V, cell = _grid_analysis(f, xlim, ylim, n)
    xs, ys = _nullclines_from_grid(f, X, Y, U, V, cell, refine)
    # the root finder's seeds come from the grid too: found here, the second
    # half is only the refinement
    return xs, ys, (U, V, cell, _seeds(X, Y, U, V, cell))


def equilibria_on_grid(f: Field, xlim, ylim, grid, hints=()) -> list[Equilibrium]:
    """`equilibria` from the grid `nullclines_with_grid` sampled (same ``f`` and window)."""
    U, V, cell, seeds = grid
    points = _refine_roots(f, seeds, xlim, ylim, cell, U, V, hints)
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]], dtype=float)
    return _equilibria_at(f, points, span)


class LimitCycle(NamedTuple):
    """A stable periodic orbit found by `limit_cycle`.

    Attributes
    ----------
    period : float
        In the model's time unit (ms for Morris-Lecar).
    x_min, x_max, y_min, y_max : float
        Extent of the orbit.
    orbit : ndarray, shape (k, 2)
        One period, sampled evenly in time.
    """

    period: float
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    orbit: np.ndarray

    @property
    def amplitude(self) -> float:
        """Half the peak-to-peak range of x."""
        return 0.5 * (self.x_max - self.x_min)


def limit_cycle(f: Field, x0, t_transient: float = 200.0, t_observe: float = 200.0,
                *, rtol: float = 1e-7, atol: float = 1e-9, min_amplitude: float = 1e-6,
                cycle_tol: float = 1e-3, blow_up: float = 1e6,
                method: str = "RK45") -> LimitCycle | None:
    """Detect an attracting limit cycle reached from ``x0``.

    Integrates for ``t_transient``, then for ``t_observe`` records the
    upward crossings of the Poincare section x = (min x + max x) / 2. A
    cycle is reported when at least three crossings occur and the last two
    return points and periods agree to ``cycle_tol`` (relative to the orbit
    size / period); a slowly decaying focus fails that test.

    Parameters
    ----------
    f : callable
        Vectorised field.
    x0 : array_like, shape (2,)
    t_transient, t_observe : float
        Model time units; ``t_observe`` must cover >= 3 periods.
    min_amplitude : float
        Orbits with x range below this (relative to max(1, |x|)) count as rest.

    Returns
    -------
    LimitCycle or None
        None when the run settles, blows up or does not repeat.
    """
    z = _as_point(x0)
    rhs = _rhs(f)
    blow = _terminal(lambda t, s: blow_up - max(abs(s[0]), abs(s[1])))
    with np.errstate(all="ignore"):
        if t_transient > 0:
            pre = solve_ivp(rhs, (0.0, t_transient), z, method=method, rtol=rtol,
                            atol=atol, events=[blow])
            if pre.status != 0:
                return None
            z = pre.y[:, -1]
        sol = solve_ivp(rhs, (0.0, t_observe), z, method=method, rtol=rtol, atol=atol,
                        dense_output=True, events=[blow])
        if sol.status != 0:
            return None
        ts = np.linspace(0.0, t_observe, max(4000, 8 * len(sol.t)))
        xy = sol.sol(ts)
    x_lo, x_hi = float(xy[0].min()), float(xy[0].max())
    if x_hi - x_lo <= min_amplitude * max(1.0, abs(x_hi)):
        return None
    section = 0.5 * (x_lo + x_hi)
    up = np.flatnonzero((xy[0, :-1] < section) & (xy[0, 1:] >= section))
    if len(up) < 3:
        return None
    g = lambda s: float(sol.sol(s)[0]) - section  # noqa: E731
    tc = np.array([brentq(g, ts[i], ts[i + 1], xtol=1e-12 * t_observe) for i in up])
    yc = sol.sol(tc)[1]
    periods = np.diff(tc)
    y_span = float(xy[1].max() - xy[1].min()) or 1.0
    if (abs(yc[-1] - yc[-2]) > cycle_tol * y_span
            or abs(periods[-1] - periods[-2]) > cycle_tol * periods[-1]):
        return None
    period = float(periods[-1])
    one = sol.sol(np.linspace(tc[-2], tc[-1], 400)).T
    return LimitCycle(period, float(one[:, 0].min()), float(one[:, 0].max()),
                      float(one[:, 1].min()), float(one[:, 1].max()), one)


class SlowManifold(NamedTuple):
    """The repelling slow manifold found by `repelling_slow_manifold`.

    Attributes
    ----------
    xy : ndarray, shape (k, 2)
        Points of the manifold (model units), from ``start`` down the branch.
    start : ndarray, shape (2,)
        The point of the repelling x-nullcline branch the backward run left from.
    """

    xy: np.ndarray
    start: np.ndarray


def _dfdx(f: Field, P: np.ndarray, h: float) -> np.ndarray:
    """d(dx/dt)/dx at the points ``P`` (shape (k, 2)) by central differences."""
    xs = np.concatenate([P[:, 0] + h, P[:, 0] - h])
    ys = np.concatenate([P[:, 1], P[:, 1]])
    U = _eval_grid(f, xs, ys)[0]
    return (U[:len(P)] - U[len(P):]) / (2.0 * h)


def _repelling_runs(f: Field, lines, h: float):
    """Stretches of the x-nullcline polylines along which d(dx/dt)/dx > 0, longest first."""
    runs = []
    for line in lines:
        line = np.asarray(line, dtype=float)
        if len(line) < 3:
            continue
        up = _dfdx(f, line, h) > 0
        edges = np.flatnonzero(np.diff(np.concatenate([[0], up.astype(int), [0]])))
        for a, b in zip(edges[::2], edges[1::2]):
            if b - a >= 3:
                run = line[a:b]
                runs.append((float(np.sum(np.hypot(*np.diff(run, axis=0).T))), run))
    runs.sort(key=lambda r: -r[0])
    return [r for _, r in runs]


def repelling_slow_manifold(f: Field, xlim, ylim, t_max: float, *, x_null=None, n: int = 200,
                            inset: float = 0.1, max_points: int = 2000) -> SlowManifold | None:
    """The repelling slow manifold beside the middle branch of the x-nullcline.

    For a slow-fast system (x fast, y slow, e.g. FitzHugh-Nagumo with
    eps << 1) the part of the x-nullcline where d(dx/dt)/dx > 0 is the
    repelling branch of the critical manifold; close to it runs a repelling
    slow manifold. In reversed time it attracts, so a backward trajectory
    started on that branch converges onto it within a few fast time units
    and then slides along it. The run starts a fraction ``inset`` of the
    branch's points in from the end towards which the forward slow flow
    (sign of dy/dt) moves, and is cut where it leaves the repelling side
    (d(dx/dt)/dx <= 0, past the fold) or the grown window.

    For an excitable system this curve is the threshold: starts on the side
    of rest return at once, starts on the other side make the long
    excursion (a spike). It is a quasi-threshold (FitzHugh 1955, 1961):
    starts close to it give responses of every intermediate size, so the
    response grows steeply but continuously across it; trajectories that
    follow it for a while are canards (Izhikevich 2007, ch. 7).

    Parameters
    ----------
    f : callable
        Vectorised field.
    xlim, ylim : (float, float)
        Window (model units) searched for the branch; the run stops half a
        window outside it.
    t_max : float
        Longest backward time (model time units).
    x_null : list of ndarray, optional
        The x-nullcline polylines if already computed (else `nullclines` on
        an ``n`` x ``n`` grid).
    inset : float
        Fraction of the branch skipped at its end, away from the fold.
    max_points : int
        Cap on returned points.

    Returns
    -------
    SlowManifold or None
        None when the x-nullcline has no repelling branch in the window.

    References
    ----------
    .. [1] R. FitzHugh, "Mathematical models of threshold phenomena in the
           nerve membrane", Bull. Math. Biophys. 17:257-278, 1955.
    .. [2] R. FitzHugh, "Impulses and physiological states in theoretical
           models of nerve membrane", Biophys. J. 1:445-466, 1961.
    .. [3] E. M. Izhikevich, Dynamical Systems in Neuroscience, MIT Press,
           2007, ch. 7 (thresholds, canards).
    """
    if x_null is None:
        x_null, _ = nullclines(f, xlim, ylim, n)
    span = max(float(xlim[1]) - float(xlim[0]), 1e-12)
    h = 1e-6 * span
    runs = _repelling_runs(f, x_null, h)
    if not runs:
        return None
    run = runs[0]
    mid = run[len(run) // 2]
    dy = float(_eval_grid(f, mid[:1], mid[1:])[1][0])
    k = int(round(inset * (len(run) - 1)))
    # slide backwards down the branch: start at the end the forward slow flow heads to
    start = run[-1 - k] if dy * (run[-1, 1] - run[0, 1]) >= 0 else run[k]
    w, hgt = span, float(ylim[1]) - float(ylim[0])
    bounds = (xlim[0] - 0.5 * w, xlim[1] + 0.5 * w, ylim[0] - 0.5 * hgt, ylim[1] + 0.5 * hgt)
    tr = trajectory(f, start, t_max, backward=True, bounds=bounds, max_points=max_points)
    xy = tr.xy
    off = np.flatnonzero(~(_dfdx(f, xy, h) > 0))
    if len(off):
        xy = xy[:max(int(off[0]), 1)]
    return SlowManifold(np.array(xy), np.array(start, dtype=float))
