r"""Linear systems x' = A x: the trace-determinant classification and the exact flow.

With A = [[a, b], [c, d]], p = trace A = a + d, q = det A = ad - bc and
Delta = p^2 - 4q = (a - d)^2 + 4bc, the exact solution is x(t) = expm(tA) x0
with the 2x2 closed form (B = A - p/2 I, B^2 = Delta/4 I)::

    expm(tA) = exp(pt/2) [C(t) I + S(t) B],
    C = cosh(wt), S = sinh(wt)/w  with w = sqrt(Delta)/2   when Delta > 0,
    C = cos(wt),  S = sin(wt)/w   with w = sqrt(-Delta)/2  when Delta < 0,
    C = 1,        S = t                                     when Delta = 0.

References
----------
.. [1] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, ch. 5.
"""

from __future__ import annotations

import math

import numpy as np

from game.sim.planar.fields import Field, _as_point

KINDS = (
    "saddle", "center", "stable_focus", "unstable_focus", "stable_node",
    "unstable_node", "stable_degenerate_node", "unstable_degenerate_node",
    "stable_star", "unstable_star", "non_isolated",
)

#: Relative tolerance for the boundaries of the trace-determinant plane.
#: With s = ||A||_F, a quantity is taken as zero when |p| <= RTOL s,
#: |q| <= RTOL s^2, |Delta| <= RTOL s^2, and A is a star when |b|, |c|,
#: |a - d| <= RTOL s. Rounding of decimal slider values (e.g. 0.1 * 0.6 -
#: 0.2 * 0.3) is ~1e-16 s^2, far inside; any visible distance from a
#: boundary (>= 1e-6 relative) is far outside.
RTOL = 1e-9

#: Magnitude at which `linear_flow` clips its output (see there).
FLOW_LIMIT = 1e100


def _as_matrix(A) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    if A.shape != (2, 2) or not np.all(np.isfinite(A)):
        raise ValueError(f"A must be a finite 2x2 matrix, got {A.tolist()!r}")
    return A


def _invariants(A: np.ndarray) -> tuple[float, float, float, float]:
    """Return p, q, Delta and the scale s = ||A||_F of a 2x2 matrix."""
    a, b, c, d = A.ravel()
    p = a + d
    q = a * d - b * c
    delta = (a - d) ** 2 + 4.0 * b * c  # = p^2 - 4q without cancellation
    return p, q, delta, float(np.hypot(np.hypot(a, b), np.hypot(c, d)))


def classify(A, rtol: float = RTOL) -> str:
    """Name the equilibrium at the origin of x' = A x.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        System matrix (finite entries, any units of 1/time).
    rtol : float
        Relative tolerance for the boundaries, scaled by s = ||A||_F
        (see `RTOL`). Numerical Jacobians want a looser value (~1e-6).

    Returns
    -------
    str
        One of `KINDS`. With p = trace, q = det, Delta = p^2 - 4q:
        q ~ 0 -> "non_isolated" (a line or plane of equilibria);
        q < 0 -> "saddle"; p ~ 0 -> "center"; Delta ~ 0 -> star if A is a
        multiple of I, else degenerate node; Delta < 0 -> focus;
        Delta > 0 -> node; stable when p < 0.

    Examples
    --------
    >>> classify([[0, 1], [-1, 0]])
    'center'
    >>> classify([[-1, 0], [0, -1]])
    'stable_star'
    """
    A = _as_matrix(A)
    p, q, delta, s = _invariants(A)
    if s == 0.0 or abs(q) <= rtol * s * s:
        return "non_isolated"
    if q < 0:
        return "saddle"
    if abs(p) <= rtol * s:
        return "center"
    side = "stable" if p < 0 else "unstable"
    if abs(delta) <= rtol * s * s:
        a, b, c, d = A.ravel()
        if max(abs(b), abs(c), abs(a - d)) <= rtol * s:
            return f"{side}_star"
        return f"{side}_degenerate_node"
    return f"{side}_focus" if delta < 0 else f"{side}_node"


def _null_vector(A: np.ndarray, lam: float) -> np.ndarray:
    a, b, c, d = A.ravel()
    v1 = np.array([b, lam - a])          # orthogonal to row (a - lam, b)
    v2 = np.array([lam - d, c])          # orthogonal to row (c, d - lam)
    v = v1 if np.hypot(*v1) >= np.hypot(*v2) else v2
    v = v / np.hypot(*v)
    if v[0] < 0 or (v[0] == 0 and v[1] < 0):
        v = -v
    return v


def eig_directions(A, rtol: float = RTOL) -> tuple[np.ndarray, np.ndarray]:
    """Real eigenvalues and unit eigenvectors, for drawing invariant lines.

    Parameters
    ----------
    A : array_like, shape (2, 2)
    rtol : float
        Same tolerance as `classify`, so a matrix named a focus never gets
        eigen-lines and a degenerate node gets exactly one.

    Returns
    -------
    values : ndarray, shape (k,)
        Real eigenvalues in ascending order (k = 0, 1 or 2).
    vectors : ndarray, shape (k, 2)
        Unit eigenvectors (row i belongs to ``values[i]``), first nonzero
        component positive. Complex eigenvalues give k = 0; a degenerate
        node gives k = 1; a star (every line invariant) or the zero matrix
        gives the coordinate axes.
    """
    A = _as_matrix(A)
    p, q, delta, s = _invariants(A)
    tol = rtol * s * s
    if s == 0.0:
        return np.zeros(2), np.eye(2)
    if delta < -tol:
        return np.empty(0), np.empty((0, 2))
    if abs(delta) <= tol:
        lam = p / 2.0
        a, b, c, d = A.ravel()
        if max(abs(b), abs(c), abs(a - d)) <= rtol * s:
            return np.array([lam, lam]), np.eye(2)
        return np.array([lam]), _null_vector(A, lam)[None, :]
    root_d = math.sqrt(delta)
    lam1 = 0.5 * (p + math.copysign(root_d, p))  # no cancellation
    lam2 = q / lam1 if lam1 != 0.0 else 0.5 * (p - root_d)
    values = np.sort(np.array([lam1, lam2]))
    return values, np.array([_null_vector(A, lam) for lam in values])


# ---------------------------------------------------------------------------
# Exact flow
# ---------------------------------------------------------------------------


def _flow_parts(A: np.ndarray, t: np.ndarray):
    """Return log-growth g, C_n, S_n with expm(tA) = exp(g) (C_n I + S_n B)."""
    p, _, delta, _ = _invariants(A)
    with np.errstate(all="ignore"):
        if delta > 0:
            w = 0.5 * math.sqrt(delta)
            at = np.abs(t)
            decay = np.exp(-2.0 * w * at)
            log_g = 0.5 * p * t + w * at
            c_n = 0.5 * (1.0 + decay)
            s_n = np.sign(t) * (-np.expm1(-2.0 * w * at)) / (2.0 * w)
        elif delta < 0:
            w = 0.5 * math.sqrt(-delta)
            log_g = 0.5 * p * t
            c_n = np.cos(w * t)
            s_n = t * np.sinc(w * t / np.pi)  # sin(wt)/w, exact at w -> 0
        else:
            log_g = 0.5 * p * t
            c_n = np.ones_like(t)
            s_n = t
    return log_g, c_n, s_n


def linear_flow(A, x0, t) -> np.ndarray:
    """Exact solution x(t) = expm(tA) x0 of x' = A x, vectorised over t.

    Uses the closed form in the module docstring, which is exact for every
    2x2 matrix including defective ones (Delta = 0, A != lambda I) and is
    continuous across Delta = 0. The growth factor is kept separate from the
    bounded part so huge values keep their direction.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        System matrix (1/time units).
    x0 : array_like, shape (2,)
        Initial state at t = 0.
    t : array_like, shape (n,) or scalar
        Times (same time unit as A); negative times run backwards.

    Returns
    -------
    ndarray, shape (n, 2)
        States. Never warns, never NaN: magnitudes beyond `FLOW_LIMIT`
        (1e100), including overflow to inf, are clipped to +-FLOW_LIMIT.

    Examples
    --------
    >>> linear_flow([[0, 1], [-1, 0]], [1, 0], [0, np.pi / 2]).round(12)
    array([[ 1.,  0.],
           [ 0., -1.]])
    """
    A = _as_matrix(A)
    x0 = _as_point(x0)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    p = np.trace(A)
    Bx0 = (A - 0.5 * p * np.eye(2)) @ x0
    log_g, c_n, s_n = _flow_parts(A, t)
    with np.errstate(all="ignore"):
        bounded = c_n[:, None] * x0[None, :] + s_n[:, None] * Bx0[None, :]
        xy = np.where(bounded == 0.0, 0.0, bounded * np.exp(log_g)[:, None])
    return np.clip(np.nan_to_num(xy, nan=0.0), -FLOW_LIMIT, FLOW_LIMIT)


def linear_field(A) -> Field:
    """Vector field f(x, y) = A (x, y) of a linear system, vectorised.

    Examples
    --------
    >>> linear_field([[0, 1], [-2, -3]])(1.0, 2.0)
    (2.0, -8.0)
    """
    A = _as_matrix(A)
    a, b, c, d = (float(v) for v in A.ravel())

    def f(x, y):
        return a * x + b * y, c * x + d * y

    return f
