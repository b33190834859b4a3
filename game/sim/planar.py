r"""Planar (2-D) dynamical systems: linear, damped oscillator, nonlinear models.

Pure numpy/scipy; never imports pygame. All vector fields in this module have
the signature ``f(x, y) -> (dx, dy)`` and are vectorised: ``x`` and ``y`` may
be scalars or arrays of one shape, and so are the results.

Equations
---------
Linear system
    x' = A x,  A = [[a, b], [c, d]],  p = trace A = a + d,  q = det A = ad - bc,
    Delta = p^2 - 4q = (a - d)^2 + 4bc.  Exact solution x(t) = expm(tA) x0 with
    the 2x2 closed form (B = A - p/2 I, B^2 = Delta/4 I)
    expm(tA) = exp(pt/2) [C(t) I + S(t) B],
    C = cosh(wt), S = sinh(wt)/w with w = sqrt(Delta)/2 when Delta > 0,
    C = cos(wt),  S = sin(wt)/w  with w = sqrt(-Delta)/2 when Delta < 0,
    C = 1,        S = t                                  when Delta = 0.
Damped oscillator
    m x'' + mu x' + k x = 0 as (x, v)' = [[0, 1], [-k/m, -mu/m]] (x, v);
    energy (Lyapunov function) V = k x^2 / 2 + m v^2 / 2, dV/dt = -mu v^2 <= 0.
Morris-Lecar (time in ms, V in mV, conductances in mS/cm^2, I in uA/cm^2, C in uF/cm^2)
    C V' = I - gL (V - VL) - gCa M_ss(V) (V - VCa) - gK N (V - VK)
    N'   = phi cosh((V - V3) / (2 V4)) (N_ss(V) - N)
    M_ss = (1 + tanh((V - V1) / V2)) / 2,  N_ss = (1 + tanh((V - V3) / V4)) / 2
FitzHugh-Nagumo
    v' = v - v^3/3 - w + I,   w' = eps (v + a - b w)
van der Pol
    x' = y,   y' = mu (1 - x^2) y - x

References
----------
.. [1] J. Rinzel and G. B. Ermentrout, "Analysis of neural excitability and
       oscillations", in Methods in Neuronal Modeling, C. Koch and I. Segev
       (eds.), MIT Press, 1989 (2nd ed. 1998), ch. 7.
.. [2] G. B. Ermentrout and D. H. Terman, Mathematical Foundations of
       Neuroscience, Springer, 2010, ch. 3 (Table 3.1: Morris-Lecar parameter
       sets "Hopf" and "SNLC").
.. [3] C. Morris and H. Lecar, "Voltage oscillations in the barnacle giant
       muscle fiber", Biophys. J. 35:193-213, 1981.
.. [4] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, ch. 5-8.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Callable, Mapping, NamedTuple, Sequence

import contourpy
import numpy as np
from scipy.integrate import solve_ivp
from scipy.ndimage import label
from scipy.optimize import brentq, minimize_scalar, root

Field = Callable[[np.ndarray, np.ndarray], tuple]

__all__ = [
    "KINDS", "RTOL", "FLOW_LIMIT", "classify", "eig_directions", "linear_flow",
    "linear_field", "direction_field", "REASONS", "Trajectory", "trajectory",
    "linear_trajectory", "linear_trajectories", "linear_trajectory_pairs", "oscillator_matrix", "damping_regime",
    "oscillator_energy", "decay_rate", "settling_time", "jacobian", "nullclines",
    "Equilibrium", "equilibria", "nullclines_and_equilibria", "nullclines_with_grid",
    "equilibria_on_grid", "LimitCycle",
    "limit_cycle", "SlowManifold", "repelling_slow_manifold", "ML_HOPF", "ML_SNIC", "morris_lecar", "ml_steady_current",
    "ml_jacobian", "MLBifurcation", "ml_bifurcation", "CycleFold", "ml_cycle_fold", "fitzhugh_nagumo",
    "van_der_pol", "ExpressionError", "CompiledField", "compile_field",
    "Param", "SystemSpec", "SYSTEMS",
]

# ---------------------------------------------------------------------------
# Linear systems: classification
# ---------------------------------------------------------------------------

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
# Linear systems: exact flow and fields
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


def _as_point(x0) -> np.ndarray:
    x0 = np.asarray(x0, dtype=float).reshape(-1)
    if x0.shape != (2,) or not np.all(np.isfinite(x0)):
        raise ValueError(f"a point must be 2 finite numbers, got {x0.tolist()!r}")
    return x0


def _eval_grid(f: Field, X: np.ndarray, Y: np.ndarray):
    with np.errstate(all="ignore"):
        U, V = f(X, Y)
    shape = np.broadcast(X, Y).shape
    U = np.broadcast_to(np.asarray(U, dtype=float), shape)
    V = np.broadcast_to(np.asarray(V, dtype=float), shape)
    return U, V


def _mesh(xlim, ylim, n):
    nx, ny = (n, n) if np.isscalar(n) else n
    x = np.linspace(float(xlim[0]), float(xlim[1]), int(nx))
    y = np.linspace(float(ylim[0]), float(ylim[1]), int(ny))
    X, Y = np.meshgrid(x, y)
    return x, y, X, Y


def direction_field(f: Field, xlim, ylim, n=21):
    """Sample a vector field on a regular grid (for arrows or streaks).

    Parameters
    ----------
    f : callable
        Vectorised field ``f(x, y) -> (dx, dy)``.
    xlim, ylim : (float, float)
        Window in model units.
    n : int or (int, int)
        Grid points per axis (nx, ny).

    Returns
    -------
    X, Y, U, V : ndarray, shape (ny, nx)
        Grid coordinates and raw (not normalised) velocities; the view
        normalises and colours by speed. Non-finite velocities (a field that
        is undefined or overflows there) are returned as 0, i.e. no arrow.
    """
    _, _, X, Y = _mesh(xlim, ylim, n)
    U, V = _eval_grid(f, X, Y)
    ok = np.isfinite(U) & np.isfinite(V)
    return X, Y, np.where(ok, U, 0.0), np.where(ok, V, 0.0)


# ---------------------------------------------------------------------------
# Trajectories
# ---------------------------------------------------------------------------

#: Why a trajectory stopped.
REASONS = ("t_max", "left_view", "blew_up", "equilibrium", "undefined")


class Trajectory(tuple):
    """Result of `trajectory`: a 2-tuple ``(t, xy)`` that also carries ``reason``.

    It unpacks as ``t, xy = trajectory(...)`` (the DESIGN.md contract), and
    ``.t``, ``.xy``, ``.reason`` name the parts. ``reason`` is one of
    `REASONS`: "t_max" (ran the full time), "left_view" (stopped just
    outside ``bounds``), "blew_up" (|state| exceeded the blow-up limit or the
    field overflowed), "equilibrium" (came to rest) or "undefined" (the field
    is NaN there, e.g. ``log`` of a negative number). ``t`` is negative for
    backward trajectories; ``xy[0]`` is always the start.
    """

    def __new__(cls, t, xy, reason: str):
        self = super().__new__(cls, (t, xy))
        self.reason = reason  # tuple subclasses keep an instance __dict__
        return self

    def __getnewargs__(self):
        return (self[0], self[1], self.reason)

    @property
    def t(self) -> np.ndarray:
        return self[0]

    @property
    def xy(self) -> np.ndarray:
        return self[1]

    def __repr__(self) -> str:
        return f"Trajectory(n={len(self[0])}, reason={self.reason!r})"


#: Largest |dx/dt| handed to the ODE solver; beyond it the field counts as
#: overflowing and the blow-up event ends the run.
RATE_CAP = 1e12


def _box_distance(bounds, margin: float):
    """Signed distance-like function, > 0 inside ``bounds`` grown by ``margin``.

    ``margin`` is a fraction of each axis span, so views with very different
    axis scales (Morris-Lecar: V in mV, N in [0, 1]) stop alike on all sides.
    """
    xmin, xmax, ymin, ymax = (float(b) for b in bounds)
    mx, my = margin * (xmax - xmin), margin * (ymax - ymin)
    sx, sy = max(xmax - xmin, 1e-300), max(ymax - ymin, 1e-300)

    def g(z):
        return min((z[0] - (xmin - mx)) / sx, ((xmax + mx) - z[0]) / sx,
                   (z[1] - (ymin - my)) / sy, ((ymax + my) - z[1]) / sy)

    return g


def _terminal(fn):
    fn.terminal = True
    fn.direction = -1.0
    return fn


def _field_events(f, sign, bounds, blow_up, rest_speed):
    def speed(z):  # callers hold np.errstate(all="ignore")
        dx, dy = f(z[0], z[1])
        return math.hypot(float(dx), float(dy))

    def room(t, z):  # negative once the state or its rate overflows
        return -1.0 if np.isinf(speed(z)) else blow_up - max(abs(z[0]), abs(z[1]))

    events = {
        "blew_up": _terminal(room),
        "equilibrium": _terminal(lambda t, z: speed(z) - rest_speed),
        "undefined": _terminal(lambda t, z: -1.0 if np.isnan(speed(z)) else 1.0),
    }
    if bounds is not None:
        box = _box_distance(bounds, 0.02)  # stop slightly outside
        events["left_view"] = _terminal(lambda t, z: box(z))
    return events, speed


def _dense_times(t_steps: np.ndarray, max_points: int) -> np.ndarray:
    """Step times plus interior points, at most ``max_points`` in total."""
    n_steps = len(t_steps) - 1
    if n_steps < 1:
        return t_steps
    if n_steps + 1 > max_points:
        idx = np.unique(np.linspace(0, n_steps, max_points).round().astype(int))
        return t_steps[idx]
    k = int(np.clip((max_points - 1) // n_steps - 1, 0, 8))
    frac = np.arange(k + 1) / (k + 1)
    inner = t_steps[:-1, None] + frac[None, :] * np.diff(t_steps)[:, None]
    return np.append(inner.ravel(), t_steps[-1])


def trajectory(f: Field, x0, t_max: float, backward: bool = False, bounds=None,
               max_points: int = 2000, *, blow_up: float = 1e6,
               rest_speed: float | None = None, rtol: float = 1e-6,
               atol: float = 1e-9, method: str = "RK45") -> Trajectory:
    """Integrate x' = f(x) from ``x0`` with scipy's solve_ivp, stopping cleanly.

    Parameters
    ----------
    f : callable
        Vectorised field ``f(x, y) -> (dx, dy)``.
    x0 : array_like, shape (2,)
        Start point (model units).
    t_max : float
        Longest duration (model time units; ms for Morris-Lecar).
    backward : bool
        Integrate x' = -f(x); returned times are then <= 0.
    bounds : (xmin, xmax, ymin, ymax), optional
        View; the run stops 2 % of each axis span outside it.
    max_points : int
        Cap on returned samples; solver steps are subdivided with the dense
        output (up to 8 points per step) so curves draw smoothly.
    blow_up : float
        Stop when max(|x|, |y|) exceeds this (model units).
    rest_speed : float, optional
        Stop when |f| falls below this; default 1e-9 times the view size
        (or max(1, |x0|) without a view).
    rtol, atol, method
        Passed to `scipy.integrate.solve_ivp`.

    Returns
    -------
    Trajectory
        ``t, xy = trajectory(...)``; ``.reason`` tells why it stopped.
        Never warns: the field is evaluated under ``np.errstate(all="ignore")``
        and non-finite rates are capped at `RATE_CAP`.
    """
    x0 = _as_point(x0)
    sign = -1.0 if backward else 1.0
    scale = (max(bounds[1] - bounds[0], bounds[3] - bounds[2]) if bounds is not None
             else max(1.0, float(np.hypot(*x0))))
    rest = 1e-9 * scale if rest_speed is None else float(rest_speed)
    events, speed = _field_events(f, sign, bounds, blow_up, rest)

    with np.errstate(all="ignore"):
        s0 = speed(x0)
    if not np.isfinite(s0):
        reason = "undefined" if np.isnan(s0) else "blew_up"
        return Trajectory(np.zeros(1), x0[None, :].copy(), reason)
    if s0 <= rest:
        return Trajectory(np.zeros(1), x0[None, :].copy(), "equilibrium")

    rhs = _rhs(f, sign)

    names = list(events)
    with np.errstate(all="ignore"):
        sol = solve_ivp(rhs, (0.0, float(t_max)), x0, method=method,
                        events=[events[k] for k in names], dense_output=True,
                        rtol=rtol, atol=atol, max_step=float(t_max) / 64.0)
        times = _dense_times(sol.t, max_points)
        xy = sol.sol(times).T if sol.sol is not None else sol.y.T
    reason = "t_max"
    if sol.status == 1:
        reason = next(k for k, te in zip(names, sol.t_events) if len(te))
    elif sol.status < 0:
        reason = "blew_up"
    xy[0] = x0
    xy = np.nan_to_num(xy, nan=0.0, posinf=blow_up, neginf=-blow_up)
    return Trajectory(sign * times, xy, reason)


def _capped(value: float) -> float:
    if value != value:  # NaN: no motion; the "undefined" event ends the run
        return 0.0
    return min(max(value, -RATE_CAP), RATE_CAP)


def _rhs(f, sign: float = 1.0):
    """solve_ivp right-hand side; callers hold np.errstate(all="ignore").

    Finite rates take a fast path (this runs ~10^4 times per trajectory);
    NaN becomes 0 and +-inf is capped at `RATE_CAP`, so the solver never sees
    a non-finite number and the events can name the cause.
    """
    def rhs(t, z):
        dx, dy = f(z[0], z[1])
        dx, dy = float(dx), float(dy)
        if not (math.isfinite(dx) and math.isfinite(dy)):
            dx, dy = _capped(dx), _capped(dy)
        return np.array([sign * dx, sign * dy])

    return rhs


def _first(mask: np.ndarray, start: int = 0) -> int | None:
    hits = np.flatnonzero(mask[start:])
    return int(hits[0]) + start if len(hits) else None


def _exit_index(xy: np.ndarray, bounds) -> int | None:
    """Index of the first sample outside ``bounds`` after being inside."""
    xmin, xmax, ymin, ymax = bounds
    inside = ((xy[:, 0] >= xmin) & (xy[:, 0] <= xmax)
              & (xy[:, 1] >= ymin) & (xy[:, 1] <= ymax))
    enter = _first(inside)
    return None if enter is None else _first(~inside, enter)


def linear_trajectory(A, x0, t_max: float, backward: bool = False, bounds=None,
                      n: int = 400, *, max_points: int = 4000,
                      blow_up: float = 1e6) -> Trajectory:
    """Exact trajectory of x' = A x for drawing, truncated exactly at the view.

    Samples `linear_flow` densely (no integration error), cuts it where it
    first leaves ``bounds`` (the last point lies exactly on the boundary,
    found with brentq), where max(|x|, |y|) > ``blow_up``, or where it has
    come to rest (|A x| below 1e-6 |A| L, L the view size), then resamples
    evenly in arc length plus time so that fast and slow parts both draw
    smoothly. A click costs about 1 ms.

    Parameters
    ----------
    A : array_like, shape (2, 2)
    x0 : array_like, shape (2,)
    t_max : float
        Longest duration (model time units).
    backward : bool
        Run time backwards (returned t <= 0).
    bounds : (xmin, xmax, ymin, ymax), optional
    n : int
        Minimum number of returned points; more are used for orbits that
        turn many times (96 per turn), up to ``max_points``.

    Returns
    -------
    Trajectory
        As `trajectory`; reason is "t_max", "left_view", "blew_up" or
        "equilibrium".
    """
    A = _as_matrix(A)
    x0 = _as_point(x0)
    sign = -1.0 if backward else 1.0
    norm_a = float(np.linalg.norm(A))
    if norm_a == 0.0:
        return Trajectory(np.zeros(1), x0[None, :].copy(), "equilibrium")
    t_max = float(t_max)
    n_fine = int(np.clip(np.ceil(32.0 * norm_a * t_max), 256, 8000))
    ts = sign * np.linspace(0.0, t_max, n_fine)
    scale = (max(bounds[1] - bounds[0], bounds[3] - bounds[2]) if bounds is not None
             else max(1.0, float(np.hypot(*x0))))
    # Most clicks stop early (leave the view, come to rest): look at a short
    # prefix first and only sample the whole span when nothing stopped.
    for stage in (n_fine // 16, n_fine // 4, n_fine):
        if stage < 2:
            continue
        xy = linear_flow(A, x0, ts[:stage])
        reason, end = _linear_stop(A, xy, bounds, blow_up, 1e-6 * norm_a * scale)
        if reason != "t_max":
            break
    if end == 0:  # the start itself is at rest or beyond the blow-up limit
        return Trajectory(np.zeros(1), x0[None, :].copy(), reason)
    t_end = ts[end]
    if reason == "left_view":
        t_end = _exit_time(A, x0, bounds, ts[end - 1], ts[end])
    return _resample_linear(A, x0, ts[:end + 1], xy[:end + 1], t_end, n,
                            max_points, bounds if reason == "left_view" else None,
                            reason)


def linear_trajectories(A, starts, t_max: float, backward: bool = False, bounds=None,
                        *, blow_up: float = 1e6, max_points: int = 4000) -> list[Trajectory]:
    """Exact trajectories of x' = Ax from many starts at once (for live sliders).

    The flow matrix expm(tA) is the same for every start, so it is evaluated
    once on a shared time grid and applied to all starts as one array
    operation; each path is then cut where it first leaves ``bounds`` (the
    first sample outside is kept so the drawing reaches the edge), exceeds
    ``blow_up`` or comes to rest. Ten trajectories cost about as much as one
    call of `linear_trajectory`.

    Parameters
    ----------
    A : array_like, shape (2, 2)
    starts : array_like, shape (k, 2)
        Start points (model units).
    t_max : float
        Longest duration (model time units).
    backward : bool
        Run time backwards (returned t <= 0).
    bounds : (xmin, xmax, ymin, ymax), optional
    blow_up : float
        Stop where max(|x|, |y|) exceeds this.
    max_points : int
        Cap on the shared time grid (at least 256 points, 24 per 1/|A|).

    Returns
    -------
    list of Trajectory
        One per start, as `linear_trajectory` returns.
    """
    return _linear_batch(A, starts, t_max, (-1.0,) if backward else (1.0,), bounds, blow_up, max_points)[0]


def linear_trajectory_pairs(A, starts, t_max: float, bounds=None, *, blow_up: float = 1e6,
                            max_points: int = 4000) -> tuple[list[Trajectory], list[Trajectory]]:
    """Forward and backward `linear_trajectories` from the same starts in one pass.

    Returns ``(forward, backward)``, each exactly what `linear_trajectories`
    returns with ``backward=False`` / ``True``; both directions share one
    array pass, which halves the fixed numpy cost of a slider-drag frame.
    """
    return _linear_batch(A, starts, t_max, (1.0, -1.0), bounds, blow_up, max_points)


def _linear_batch(A, starts, t_max: float, signs: tuple[float, ...], bounds, blow_up: float,
                  max_points: int) -> list[list[Trajectory]]:
    """`linear_trajectories` for every time direction in ``signs``: one list per sign."""
    A = _as_matrix(A)
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    k, m = len(starts), len(signs)
    if k == 0:
        return [[] for _ in signs]
    norm_a = float(np.linalg.norm(A))
    if norm_a == 0.0:
        return [[Trajectory(np.zeros(1), s[None, :].copy(), "equilibrium") for s in starts] for _ in signs]
    n = int(np.clip(np.ceil(24.0 * norm_a * float(t_max)), 256, max_points))
    ts = np.asarray(signs, dtype=float)[:, None] * np.linspace(0.0, float(t_max), n)[None, :]   # (m, n)
    B = A - 0.5 * (A[0, 0] + A[1, 1]) * np.eye(2)
    log_g, c_n, s_n = (v.reshape(m, 1, n) for v in _flow_parts(A, ts.ravel()))
    bx = starts @ B.T
    with np.errstate(all="ignore"):
        # (m, k, n): direction, start, time. x and y as separate arrays:
        # reductions over a length-2 last axis are slow in numpy, and this
        # runs every frame of a slider drag. 0 * inf growth gives NaN -> 0.
        growth = np.exp(log_g)
        xs = (c_n * starts[None, :, :1] + s_n * bx[None, :, :1]) * growth
        ys = (c_n * starts[None, :, 1:] + s_n * bx[None, :, 1:]) * growth
    rows = m * k
    xs, ys = xs.reshape(rows, n), ys.reshape(rows, n)
    for v in (xs, ys):                                 # in place: no copies per drag frame
        np.clip(v, -FLOW_LIMIT, FLOW_LIMIT, out=v)     # +-inf -> +-FLOW_LIMIT
        np.copyto(v, 0.0, where=np.isnan(v))
    scale = (max(bounds[1] - bounds[0], bounds[3] - bounds[2]) if bounds is not None else 1.0)
    rest = 1e-6 * norm_a * scale
    # Each path stops at the first sample that left the view (after having
    # been inside), blew up or came to rest; on a tie that order decides.
    blew = (np.abs(xs) > blow_up) | (np.abs(ys) > blow_up)
    with np.errstate(all="ignore"):
        vx, vy = A[0, 0] * xs + A[0, 1] * ys, A[1, 0] * xs + A[1, 1] * ys
        if 1e-150 < rest < 1e150:       # squares stay finite: 5x cheaper than np.hypot
            resting = vx * vx + vy * vy <= rest * rest
        else:
            resting = np.hypot(vx, vy) <= rest
    stopped = blew | resting
    if bounds is not None:
        xmin, xmax, ymin, ymax = bounds
        inside = (xs >= xmin) & (xs <= xmax) & (ys >= ymin) & (ys <= ymax)
        left = np.logical_or.accumulate(inside, axis=1) & ~inside
        stopped |= left
    else:
        left = np.zeros_like(stopped)
    hit = stopped.any(axis=1)
    idx = np.where(hit, stopped.argmax(axis=1), n - 1)
    r_all = np.arange(rows)
    code = np.where(~hit, 3, np.where(left[r_all, idx], 0, np.where(blew[r_all, idx], 1, 2)))
    names = ("left_view", "blew_up", "equilibrium", "t_max")
    paths = np.stack([xs, ys], axis=2)                 # (rows, n, 2): each path a contiguous slice
    out: list[list[Trajectory]] = [[] for _ in signs]
    for r, (end, c) in enumerate(zip(idx.tolist(), code.tolist())):
        if end == 0:
            out[r // k].append(Trajectory(np.zeros(1), starts[r % k][None, :].copy(), names[c]))
        else:
            out[r // k].append(Trajectory(ts[r // k, :end + 1], paths[r, :end + 1], names[c]))
    return out


def _linear_stop(A, xy, bounds, blow_up, rest_speed) -> tuple[str, int]:
    """First stopping reason and index in sampled linear flow ``xy``."""
    speed = np.hypot(*(xy @ A.T).T)
    stops = {
        "left_view": _exit_index(xy, bounds) if bounds is not None else None,
        "blew_up": _first(np.abs(xy).max(axis=1) > blow_up),
        "equilibrium": _first(speed <= rest_speed),
    }
    found = {k: v for k, v in stops.items() if v is not None}
    if not found:
        return "t_max", len(xy) - 1
    reason = min(found, key=found.get)
    return reason, found[reason]


def _exit_time(A, x0, bounds, t_in: float, t_out: float) -> float:
    box = _box_distance(bounds, 0.0)

    def g(t):
        return box(linear_flow(A, x0, t)[0])

    if g(t_in) < 0 or g(t_out) > 0:
        return t_out
    return brentq(g, t_in, t_out, xtol=1e-12 * max(1.0, abs(t_out)))


def _resample_linear(A, x0, ts, xy, t_end, n, max_points, clip_to, reason):
    ts = ts.copy()
    ts[-1] = t_end
    seg = np.diff(xy, axis=0)
    seg_len = np.hypot(seg[:, 0], seg[:, 1])
    arc = np.concatenate([[0.0], np.cumsum(seg_len)])
    heading = np.unwrap(np.arctan2(seg[:, 1], seg[:, 0])[seg_len > 0])
    turns = float(np.abs(np.diff(heading)).sum()) / (2 * np.pi) if len(heading) > 1 else 0.0
    n_out = int(np.clip(max(n, np.ceil(96 * turns)), 2, max_points))
    u = np.abs(ts - ts[0]) / max(abs(t_end - ts[0]), 1e-300)
    if arc[-1] > 0:
        u = u + arc / arc[-1]
    t_new = np.interp(np.linspace(0.0, u[-1], n_out), u, ts)
    t_new[0], t_new[-1] = 0.0, t_end
    out = linear_flow(A, x0, t_new)
    if clip_to is not None:
        xmin, xmax, ymin, ymax = clip_to
        out[-1] = np.clip(out[-1], [xmin, ymin], [xmax, ymax])
    return Trajectory(t_new, out, reason)


# ---------------------------------------------------------------------------
# Damped oscillator
# ---------------------------------------------------------------------------

#: Relative tolerance for the critical-damping boundary: critically damped
#: when |mu^2 - 4 m k| <= REGIME_RTOL * max(mu^2, 4 m k); undamped when
#: mu <= REGIME_RTOL * sqrt(4 m k) (i.e. mu == 0 for slider values).
REGIME_RTOL = 1e-9


def _check_oscillator(m, mu, k) -> tuple[float, float, float]:
    m, mu, k = float(m), float(mu), float(k)
    if not (np.isfinite(m) and np.isfinite(mu) and np.isfinite(k)):
        raise ValueError(f"m, mu, k must be finite, got {m}, {mu}, {k}")
    if m <= 0 or k < 0:
        raise ValueError(f"need mass m > 0 and stiffness k >= 0, got m={m}, k={k}")
    return m, mu, k


def oscillator_matrix(m: float, mu: float, k: float) -> np.ndarray:
    """Matrix of m x'' + mu x' + k x = 0 written as (x, v)' = A (x, v).

    Parameters
    ----------
    m : float
        Mass (> 0).
    mu : float
        Damping coefficient (force per velocity; negative means driving).
    k : float
        Spring constant (>= 0).

    Returns
    -------
    ndarray, shape (2, 2)
        [[0, 1], [-k/m, -mu/m]].
    """
    m, mu, k = _check_oscillator(m, mu, k)
    return np.array([[0.0, 1.0], [-k / m, -mu / m]])


def damping_regime(m: float, mu: float, k: float) -> str:
    """Name the damping regime from the discriminant mu^2 - 4 m k.

    Returns
    -------
    str
        "undamped" (mu = 0), "underdamped" (mu^2 < 4mk),
        "critically_damped" (mu^2 = 4mk, within `REGIME_RTOL`) or
        "overdamped" (mu^2 > 4mk).
    """
    m, mu, k = _check_oscillator(m, mu, k)
    if mu < 0:
        raise ValueError(f"damping_regime needs mu >= 0, got mu={mu}")
    four_mk = 4.0 * m * k
    if mu <= REGIME_RTOL * math.sqrt(four_mk):
        return "undamped"
    disc = mu * mu - four_mk
    if abs(disc) <= REGIME_RTOL * max(mu * mu, four_mk):
        return "critically_damped"
    return "underdamped" if disc < 0 else "overdamped"


def oscillator_energy(m: float, k: float, x, v):
    """Energy V = k x^2 / 2 + m v^2 / 2 (a Lyapunov function for mu >= 0).

    Vectorised over x (displacement) and v (velocity).
    """
    x = np.asarray(x, dtype=float)
    v = np.asarray(v, dtype=float)
    return 0.5 * k * x * x + 0.5 * m * v * v


def decay_rate(m: float, mu: float, k: float) -> float:
    """Slowest exponential decay rate sigma = -max Re(lambda), in 1/time.

    Every solution decays like exp(-sigma t) (times a polynomial at critical
    damping). sigma = mu / 2m when underdamped, (mu - sqrt(mu^2 - 4mk)) / 2m
    when overdamped, so it is largest, sqrt(k/m), exactly at critical damping
    mu^2 = 4mk. Use it to score "settle fastest": `settling_time` at a finite
    tolerance is minimised slightly below critical damping (e.g. mu ~ 1.7
    for m = k = 1, tol = 1e-2 from (1, 0)) because a small overshoot can
    end inside the tolerance band.
    """
    lam = np.linalg.eigvals(oscillator_matrix(m, mu, k))
    return -float(np.max(lam.real))


def settling_time(m: float, mu: float, k: float, x0, tol: float = 1e-2,
                  t_max: float | None = None) -> float:
    """Time after which the state norm sqrt(x^2 + v^2) stays below ``tol``.

    Computed from the exact flow on a grid fine enough to resolve the
    oscillation (>= 20 samples per 1/|lambda|), with the last crossing
    refined by brentq.

    Parameters
    ----------
    m, mu, k : float
        Oscillator parameters (mu >= 0 for a finite answer).
    x0 : array_like, shape (2,)
        Start (x, v).
    tol : float
        Threshold on the state norm.
    t_max : float, optional
        Horizon; default grows until the state has settled.

    Returns
    -------
    float
        Settling time, 0.0 if the state never exceeds ``tol``, ``inf`` if it
        does not settle within the horizon (e.g. undamped).
    """
    A = oscillator_matrix(m, mu, k)
    x0 = _as_point(x0)
    lam = np.linalg.eigvals(A)
    sigma = -float(np.max(lam.real))
    rate = float(np.max(np.abs(lam))) or 1.0
    if t_max is None:
        base = max(np.log(max(np.hypot(*x0) / tol, 1.0)), 0.0) + 5.0
        horizon = base / sigma if sigma > 0 else 50.0 / rate
    else:
        horizon = float(t_max)
    for _ in range(12):
        n = int(np.clip(np.ceil(20.0 * rate * horizon), 2048, 400000))
        t = np.linspace(0.0, horizon, n)
        norm = np.hypot(*linear_flow(A, x0, t).T)
        above = np.flatnonzero(norm > tol)
        if len(above) == 0:
            return 0.0
        last = int(above[-1])
        if last < n - 1:
            g = lambda s: float(np.hypot(*linear_flow(A, x0, s)[0])) - tol  # noqa: E731
            return brentq(g, t[last], t[last + 1], xtol=1e-12 * horizon)
        if sigma <= 0 or t_max is not None:
            return np.inf
        horizon *= 2.0
    return np.inf


# ---------------------------------------------------------------------------
# Nonlinear analysis: Jacobian, nullclines, equilibria, limit cycles
# ---------------------------------------------------------------------------


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


#: Recent analysis grids by (window, n): a slider drag re-analyses the same window every frame.
_MESHES: dict[tuple, tuple] = {}


def _grid_analysis(f, xlim, ylim, n):
    key = (float(xlim[0]), float(xlim[1]), float(ylim[0]), float(ylim[1]), n if np.isscalar(n) else tuple(n))
    mesh = _MESHES.get(key)
    if mesh is None:
        mesh = _mesh(xlim, ylim, n)
        for a in mesh:
            a.setflags(write=False)       # shared between calls: never written
        if len(_MESHES) >= 8:
            _MESHES.clear()
        _MESHES[key] = mesh
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


# ---------------------------------------------------------------------------
# Morris-Lecar
# ---------------------------------------------------------------------------

#: Rinzel & Ermentrout (1989) [1] / Ermentrout & Terman (2010) Table 3.1 [2],
#: "Hopf" set (class 2 excitability). Units: C uF/cm^2, g mS/cm^2, V mV, phi 1/ms.
#: With these values the rest state loses stability in a subcritical Hopf
#: bifurcation at I ~ 93.9 uA/cm^2 and the stable limit cycle exists from its
#: saddle-node of periodic orbits at I ~ 88.3 uA/cm^2 (bistability between).
ML_HOPF = dict(C=20.0, gL=2.0, gCa=4.4, gK=8.0, VL=-60.0, VCa=120.0, VK=-84.0,
               V1=-1.2, V2=18.0, V3=2.0, V4=30.0, phi=0.04)

#: "SNLC"/SNIC set of the same sources (class 1): gCa = 4, V3 = 12, V4 = 17.4,
#: phi = 1/15. Rest and saddle merge on the cycle at I ~ 39.96 uA/cm^2, where
#: the firing frequency starts from zero.
ML_SNIC = dict(ML_HOPF, gCa=4.0, V3=12.0, V4=17.4, phi=1.0 / 15.0)


def _ml_params(params: Mapping[str, float] | None) -> dict:
    base = dict(ML_HOPF)
    for key, value in (params or {}).items():
        if key not in base:
            raise TypeError(f"unknown Morris-Lecar parameter {key!r}; "
                            f"expected one of {', '.join(base)}")
        base[key] = float(value)
    return base


def morris_lecar(I: float, **params) -> Field:
    """Morris-Lecar vector field f(V, N) -> (dV/dt, dN/dt) (module docstring).

    Parameters
    ----------
    I : float
        Applied current, uA/cm^2.
    **params
        Any of the keys of `ML_HOPF` (the default set); e.g.
        ``morris_lecar(40.0, **ML_SNIC)``.

    Returns
    -------
    callable
        Vectorised field; V in mV, N dimensionless, rates per ms.
    """
    P = _ml_params(params)
    I = float(I)
    C, gL, gCa, gK = P["C"], P["gL"], P["gCa"], P["gK"]
    VL, VCa, VK = P["VL"], P["VCa"], P["VK"]
    V1, V2, V3, V4, phi = P["V1"], P["V2"], P["V3"], P["V4"], P["phi"]

    def f(V, N):
        m_ss = 0.5 * (1.0 + np.tanh((V - V1) / V2))
        n_ss = 0.5 * (1.0 + np.tanh((V - V3) / V4))
        dV = (I - gL * (V - VL) - gCa * m_ss * (V - VCa) - gK * N * (V - VK)) / C
        dN = phi * np.cosh((V - V3) / (2.0 * V4)) * (n_ss - N)
        return dV, dN

    return f


def ml_steady_current(V, params: Mapping[str, float] | None = None):
    """Current I_ss(V) (uA/cm^2) that holds the steady state at V (mV).

    Equilibria of Morris-Lecar are (V, N_ss(V)) with I = I_ss(V).
    """
    P = _ml_params(params)
    V = np.asarray(V, dtype=float)
    m_ss = 0.5 * (1.0 + np.tanh((V - P["V1"]) / P["V2"]))
    n_ss = 0.5 * (1.0 + np.tanh((V - P["V3"]) / P["V4"]))
    return (P["gL"] * (V - P["VL"]) + P["gCa"] * m_ss * (V - P["VCa"])
            + P["gK"] * n_ss * (V - P["VK"]))


def ml_jacobian(V, params: Mapping[str, float] | None = None) -> np.ndarray:
    """Analytic Jacobian at the steady state (V, N_ss(V)); shape V.shape + (2, 2)."""
    P = _ml_params(params)
    V = np.asarray(V, dtype=float)
    tm = np.tanh((V - P["V1"]) / P["V2"])
    tn = np.tanh((V - P["V3"]) / P["V4"])
    m_ss, n_ss = 0.5 * (1 + tm), 0.5 * (1 + tn)
    dm = 0.5 * (1 - tm * tm) / P["V2"]
    dn = 0.5 * (1 - tn * tn) / P["V4"]
    lam = P["phi"] * np.cosh((V - P["V3"]) / (2 * P["V4"]))
    J = np.empty(V.shape + (2, 2))
    J[..., 0, 0] = (-P["gL"] - P["gCa"] * (m_ss + dm * (V - P["VCa"])) - P["gK"] * n_ss) / P["C"]
    J[..., 0, 1] = -P["gK"] * (V - P["VK"]) / P["C"]
    J[..., 1, 0] = lam * dn
    J[..., 1, 1] = -lam
    return J


class MLBifurcation(NamedTuple):
    """Bifurcation diagram of Morris-Lecar in the applied current I.

    Attributes
    ----------
    branch_I, branch_V, branch_N : ndarray
        Equilibrium curve, parametrised by V (so folds are drawn correctly).
    branch_stable : ndarray of bool
        Stable (both eigenvalues with negative real part): draw solid, else dashed.
    branch_kind : list of str
        `classify` of the Jacobian along the branch.
    hopf_I, fold_I : ndarray
        Currents of Hopf points (trace = 0 with det > 0) and saddle-node
        folds (det = 0) on the branch, uA/cm^2.
    I : ndarray
        The swept currents.
    cycle_V_max, cycle_V_min, frequency_hz : ndarray
        Stable limit cycle at each I (NaN where none was found); frequency
        in Hz from the period in ms.
    """

    branch_I: np.ndarray
    branch_V: np.ndarray
    branch_N: np.ndarray
    branch_stable: np.ndarray
    branch_kind: list
    hopf_I: np.ndarray
    fold_I: np.ndarray
    I: np.ndarray
    cycle_V_max: np.ndarray
    cycle_V_min: np.ndarray
    frequency_hz: np.ndarray


def _branch_points(V, values, fn) -> np.ndarray:
    out = []
    for i in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        out.append(brentq(fn, V[i], V[i + 1], xtol=1e-10))
    return np.array(out)


def _ml_special_points(P, V):
    J = ml_jacobian(V, P)
    tr = np.trace(J, axis1=-2, axis2=-1)
    det = np.linalg.det(J)
    tr_fn = lambda v: float(np.trace(ml_jacobian(v, P)))  # noqa: E731
    det_fn = lambda v: float(np.linalg.det(ml_jacobian(v, P)))  # noqa: E731
    hopf_v = [v for v in _branch_points(V, tr, tr_fn) if det_fn(v) > 0]
    fold_v = _branch_points(V, det, det_fn)
    return (np.array(ml_steady_current(np.array(hopf_v), P)).reshape(-1),
            np.array(ml_steady_current(fold_v, P)).reshape(-1), J)


def ml_bifurcation(params: Mapping[str, float] | None = None, I_values=(),
                   *, V_range=(-90.0, 70.0), n_branch: int = 2001,
                   cycles: bool = True, t_transient: float = 1000.0,
                   t_observe: float = 1500.0,
                   progress: Callable[[float], None] | None = None) -> MLBifurcation:
    """Sweep the Morris-Lecar applied current: equilibria, Hopf/fold points, cycles.

    The equilibrium branch is exact: it is the curve (I_ss(V), V) over
    ``V_range`` (mV), with stability from the analytic Jacobian. Limit
    cycles are followed from the highest current downwards, each run
    starting where the previous cycle ended, so the branch of stable cycles
    is tracked into a bistable range (down to the saddle-node of cycles for
    `ML_HOPF`); when none is found the next run starts from a large
    depolarisation (V = 20 mV, N = 0).

    Parameters
    ----------
    params : mapping, optional
        Parameter set (default `ML_HOPF`).
    I_values : sequence of float
        Currents (uA/cm^2) for the limit-cycle sweep.
    cycles : bool
        Skip the (slow, ~0.1-0.5 s per current) cycle search when False.
    t_transient, t_observe : float
        ms per current; raise ``t_observe`` near a SNIC where periods grow.
    progress : callable, optional
        Called with the completed fraction in [0, 1] (for a progress bar).

    Returns
    -------
    MLBifurcation
    """
    P = _ml_params(params)
    V = np.linspace(V_range[0], V_range[1], n_branch)
    hopf_I, fold_I, J = _ml_special_points(P, V)
    eig = np.linalg.eigvals(J)
    kinds = [classify(j, JACOBIAN_RTOL) for j in J]
    n_ss = 0.5 * (1.0 + np.tanh((V - P["V3"]) / P["V4"]))
    I_values = np.asarray(I_values, dtype=float).reshape(-1)
    vmax, vmin, freq = (np.full(len(I_values), np.nan) for _ in range(3))
    if cycles and len(I_values):
        start = np.array([20.0, 0.0])
        z = start
        order = np.argsort(I_values)[::-1]
        for done, i in enumerate(order, 1):
            lc = limit_cycle(morris_lecar(I_values[i], **P), z, t_transient, t_observe,
                             rtol=1e-6, atol=1e-8)
            if lc is None:
                z = start
            else:
                vmax[i], vmin[i], freq[i] = lc.x_max, lc.x_min, 1000.0 / lc.period
                z = lc.orbit[0]
            if progress is not None:
                progress(done / len(order))
    return MLBifurcation(ml_steady_current(V, P), V, n_ss, np.all(eig.real < 0, axis=1),
                         kinds, hopf_I, fold_I, I_values, vmax, vmin, freq)


class CycleFold(NamedTuple):
    """The fold (saddle-node) of limit cycles found by `ml_cycle_fold`.

    Attributes
    ----------
    I : float
        Current (uA/cm^2) at which the stable and the unstable cycle merge;
        below it no cycle is left and every start comes to rest.
    period : float
        Period of the cycle there, ms.
    """

    I: float
    period: float

    @property
    def frequency_hz(self) -> float:
        """Firing frequency of the merging cycle, Hz."""
        return 1000.0 / self.period


def _ml_return_map(f, V_s: float, N_rest: float, s: float, rtol: float):
    """Poincare map on the section V = V_s, N > N_rest, crossed with V falling: (N after one turn, time)."""
    def cross(t, z):
        return z[0] - V_s
    cross.direction = -1.0
    cross.terminal = True
    rhs = _rhs(f)
    t0, z = 0.0, np.array([V_s, s])
    with np.errstate(all="ignore"):
        for _ in range(3):
            # leave the section first (the start would count as a crossing), then stop at the next one
            lead = solve_ivp(rhs, (t0, t0 + 2.0), z, method="DOP853", rtol=rtol, atol=1e-12)
            sol = solve_ivp(rhs, (t0 + 2.0, t0 + 2000.0), lead.y[:, -1], method="DOP853", rtol=rtol,
                            atol=1e-12, events=[cross])
            if sol.status != 1:
                return math.nan, math.nan
            t0, z = float(sol.t_events[0][0]), sol.y_events[0][0]
            if z[1] > N_rest:
                return float(z[1]), t0
    return math.nan, math.nan


def ml_cycle_fold(params: Mapping[str, float] | None = None, I_bracket=None, *,
                  tol: float = 1e-4, rtol: float = 1e-10, n_grid: int = 16) -> CycleFold | None:
    """Fold of limit cycles below a subcritical Hopf point of Morris-Lecar.

    Below a subcritical Hopf current I_H a stable (large) and an unstable
    (small) cycle coexist with the stable rest state; lowering I they merge
    and vanish at the fold of cycles, the lowest current at which the neuron
    can fire tonically. Found on the Poincare section through the rest state
    (V = V_rest, N above rest, crossed with V falling): G(I) = max over the
    section of P(s) - s is positive while the two cycles exist (the stable
    one attracts the points between them) and negative once they are gone,
    and G(I) = 0 is solved by Brent's method. The period is the return time
    where P(s) - s is largest at that current.

    Parameters
    ----------
    params : mapping, optional
        Parameter set (default `ML_HOPF`).
    I_bracket : (float, float), optional
        Currents (uA/cm^2) with the cycles gone at the first and present at
        the second; default (I_H - 15, I_H - 0.01).
    tol : float
        Absolute tolerance on the fold current, uA/cm^2.
    rtol : float
        Integration tolerance of each return (the map is steep near the
        unstable cycle).
    n_grid : int
        Section points searched for the largest P(s) - s, then refined.

    Returns
    -------
    CycleFold or None
        None when the set has no Hopf point or no stable cycle below it.

    References
    ----------
    .. [1] J. Rinzel and G. B. Ermentrout (1989), see the module references.
    .. [2] E. M. Izhikevich, Dynamical Systems in Neuroscience, MIT Press,
           2007, ch. 6 (fold limit cycle bifurcation).
    """
    P = _ml_params(params)
    base = ml_bifurcation(P, cycles=False)
    if not len(base.hopf_I):
        return None
    I_H = float(np.min(base.hopf_I))
    lo, hi = (I_H - 15.0, I_H - 0.01) if I_bracket is None else (float(I_bracket[0]), float(I_bracket[1]))
    order = np.argsort(base.branch_I)

    def rest(I):
        V = float(np.interp(I, base.branch_I[order], base.branch_V[order]))
        return V, 0.5 * (1.0 + math.tanh((V - P["V3"]) / P["V4"]))

    span = _ml_section_span(P, hi, rest(hi))
    if span is None:
        return None
    best: dict[float, tuple[float, float]] = {}

    def G(I):
        best[I] = _ml_return_gap(morris_lecar(I, **P), rest(I), span, rtol, n_grid)
        return best[I][0]

    if not (G(lo) < 0 < G(hi)):
        return None
    I_f = brentq(G, lo, hi, xtol=tol)
    if I_f not in best:
        G(I_f)
    return CycleFold(float(I_f), best[I_f][1])


def _ml_section_span(P, I: float, rest) -> tuple[float, float] | None:
    """Part of the section V = V_rest (N above rest) searched for the cycles at current ``I``."""
    cycle = limit_cycle(morris_lecar(I, **P), [20.0, 0.0], 1000.0, 1500.0, rtol=1e-8, atol=1e-10)
    if cycle is None:
        return None
    V_s, N_r = rest
    orbit = cycle.orbit
    falls = np.flatnonzero((orbit[:-1, 0] >= V_s) & (orbit[1:, 0] < V_s) & (orbit[1:, 1] > N_r))
    if not len(falls):
        return None
    s_top = float(orbit[falls[0] + 1, 1])
    # the upper half of the section: near rest P(s) - s is a slow focus's small
    # contraction, which would hide the narrow positive hump next to the fold
    return N_r + 0.5 * (s_top - N_r), s_top + 0.05 * (s_top - N_r)


def _ml_return_gap(f, rest, span, rtol: float, n_grid: int) -> tuple[float, float]:
    """Largest P(s) - s over ``span`` of the section through ``rest``, and the return time there."""
    V, N = rest
    s = np.linspace(span[0], span[1], n_grid)
    gap = np.array([_ml_return_map(f, V, N, si, rtol)[0] - si for si in s])
    gap = np.where(np.isfinite(gap), gap, -np.inf)
    k = int(np.argmax(gap))
    step = s[1] - s[0]
    res = minimize_scalar(lambda x: -(_ml_return_map(f, V, N, x, rtol)[0] - x),
                          bounds=(s[max(k - 1, 0)], s[min(k + 1, n_grid - 1)]), method="bounded",
                          options={"xatol": 1e-6 * step})
    g = -float(res.fun) if np.isfinite(res.fun) else float(gap[k])
    return g, _ml_return_map(f, V, N, float(res.x), rtol)[1]


# ---------------------------------------------------------------------------
# FitzHugh-Nagumo and van der Pol
# ---------------------------------------------------------------------------


def fitzhugh_nagumo(I: float, a: float = 0.7, b: float = 0.8, eps: float = 0.08) -> Field:
    """FitzHugh-Nagumo field f(v, w): v' = v - v^3/3 - w + I, w' = eps (v + a - b w).

    Dimensionless; defaults are FitzHugh's (1961) a = 0.7, b = 0.8, eps = 0.08.
    """
    I, a, b, eps = float(I), float(a), float(b), float(eps)

    def f(v, w):
        return v - v * v * v / 3.0 - w + I, eps * (v + a - b * w)

    return f


def van_der_pol(mu: float) -> Field:
    """van der Pol field f(x, y): x' = y, y' = mu (1 - x^2) y - x (dimensionless)."""
    mu = float(mu)

    def f(x, y):
        return y + 0.0 * x, mu * (1.0 - x * x) * y - x

    return f


# ---------------------------------------------------------------------------
# User-written equations: whitelist parser
# ---------------------------------------------------------------------------

#: Longest accepted expression (characters).
MAX_EXPR_CHARS = 500
#: Largest |constant exponent| in ``a ** c``.
MAX_EXPONENT = 10.0
#: Deepest accepted expression tree.
MAX_DEPTH = 40

_FUNCTIONS = {
    "exp": (np.exp, 1), "log": (np.log, 1), "sqrt": (np.sqrt, 1),
    "sin": (np.sin, 1), "cos": (np.cos, 1), "tan": (np.tan, 1),
    "tanh": (np.tanh, 1), "sinh": (np.sinh, 1), "cosh": (np.cosh, 1),
    "abs": (np.abs, 1), "minimum": (np.minimum, 2), "maximum": (np.maximum, 2),
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_BINOPS = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
           ast.Div: np.divide, ast.Pow: np.power}
_UNARY = {ast.UAdd: np.positive, ast.USub: np.negative}
# Refused syntax: (code, English words). The code names the construct in an error's
# ``data["what"]`` so a user interface can say it in its own language.
_OP_TEXT = {ast.Mod: ("mod", "'%'"), ast.FloorDiv: ("floordiv", "'//'"), ast.MatMult: ("matmul", "'@'"),
            ast.BitAnd: ("bitand", "'&'"), ast.BitOr: ("bitor", "'|'"),
            ast.BitXor: ("xor", "'^' (use ** for powers)"), ast.LShift: ("lshift", "'<<'"),
            ast.RShift: ("rshift", "'>>'"), ast.Invert: ("invert", "'~'"), ast.Not: ("not", "'not'")}
_OTHER_OP = ("operator", "this operator")
_NODE_TEXT = {
    ast.Attribute: ("attribute", "attribute access ('.')"), ast.Subscript: ("subscript", "indexing ('[...]')"),
    ast.Lambda: ("lambda", "lambda"), ast.ListComp: ("comprehension", "a comprehension"),
    ast.SetComp: ("comprehension", "a comprehension"), ast.DictComp: ("comprehension", "a comprehension"),
    ast.GeneratorExp: ("comprehension", "a comprehension"), ast.Starred: ("starred", "'*' unpacking"),
    ast.Compare: ("comparison", "a comparison"), ast.BoolOp: ("boolop", "'and'/'or'"),
    ast.IfExp: ("ifexp", "'if ... else'"), ast.NamedExpr: ("walrus", "':='"), ast.List: ("list", "a list"),
    ast.Tuple: ("tuple", "a tuple (',')"), ast.Dict: ("dict", "a dict"), ast.Set: ("set", "a set"),
    ast.JoinedStr: ("text", "text (strings)"), ast.Await: ("await", "'await'"), ast.Yield: ("yield", "'yield'"),
    ast.YieldFrom: ("yield", "'yield'"), ast.Slice: ("slice", "a slice"),
}


class ExpressionError(ValueError):
    """A user expression was refused.

    Attributes
    ----------
    message : str
        What is wrong, in English words.
    col : int
        1-based column of the offending part (0 when not applicable).
    field : str
        "dx" or "dy" when raised by `compile_field`, else "".
    code : str
        What kind of problem, for a user interface to say in its own
        language (e.g. "unknown_name", "not_allowed"; "" when not coded).
    data : dict
        The values the message names (e.g. ``{"name": "z", "allowed": "x, y"}``);
        ``data["what"]``, when present, is the code of a refused construct
        ("comparison", "xor", ...) or, for one without a code, its text.
    """

    def __init__(self, message: str, col: int = 0, field: str = "", code: str = "",
                 data: Mapping[str, object] | None = None):
        self.message, self.col, self.field = message, int(col), field
        self.code, self.data = code, dict(data or {})
        where = f" (column {self.col})" if self.col else ""
        prefix = f"{field}: " if field else ""
        super().__init__(f"{prefix}{message}{where}")


def _fail(message: str, node: ast.AST | None = None, col: int | None = None, code: str = "", **data):
    if col is None:
        col = getattr(node, "col_offset", -1) + 1
    raise ExpressionError(message, max(col, 0), code=code, data=data)


class _Compiler:
    """Walks a validated AST into numpy closures; never evaluates source."""

    def __init__(self, params: Sequence[str]):
        self.params = tuple(params)

    def build(self, node: ast.AST, depth: int = 0):
        """Return (closure env -> array, constant value or None)."""
        if depth > MAX_DEPTH:
            _fail(f"expression is nested too deeply (more than {MAX_DEPTH} levels)", node, code="too_deep",
                  n=MAX_DEPTH)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what, text = self._describe(node)
            if isinstance(node, ast.Attribute):  # point at the dot
                _fail(text + " is not allowed", col=node.value.end_col_offset + 1, code="not_allowed", what=what)
            _fail(text + " is not allowed", node, code="not_allowed", what=what)
        return method(node, depth + 1)

    @staticmethod
    def _describe(node) -> tuple[str, str]:
        """(code, English words) of a refused construct; one without a code is its own text."""
        if type(node) in _NODE_TEXT:
            return _NODE_TEXT[type(node)]
        text = f"'{type(node).__name__}'"
        return text, text

    def _Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            what, text = ("text", "text (strings)") if isinstance(value, (str, bytes)) else (repr(value),) * 2
            _fail(f"{text} is not allowed; only numbers", node, code="only_numbers", what=what)
        try:
            value = float(value)
        except OverflowError:
            _fail("number is too large", node, code="too_large")
        return (lambda env: value), value

    def _Name(self, node, depth):
        name = node.id
        if name in ("x", "y"):
            idx = 0 if name == "x" else 1
            return (lambda env: env[idx]), None
        if name in self.params:
            return (lambda env: env[2][name]), None
        if name in _CONSTANTS:
            value = _CONSTANTS[name]
            return (lambda env: value), value
        if name in _FUNCTIONS:
            _fail(f"'{name}' is a function: write {name}(...)", node, code="is_function", name=name)
        if name.startswith("_"):
            _fail(f"'{name}' is not allowed", node, code="private", name=name)
        allowed = ", ".join(("x", "y") + self.params + tuple(_CONSTANTS))
        _fail(f"unknown name '{name}'; allowed names are {allowed}", node, code="unknown_name", name=name,
              allowed=allowed)

    def _UnaryOp(self, node, depth):
        op = _UNARY.get(type(node.op))
        if op is None:
            what, text = _OP_TEXT.get(type(node.op), _OTHER_OP)
            _fail(f"{text} is not allowed", node, code="not_allowed", what=what)
        inner, const = self.build(node.operand, depth)
        if const is not None:
            value = float(op(const))
            return (lambda env: value), value
        return (lambda env: op(inner(env))), None

    def _BinOp(self, node, depth):
        op = _BINOPS.get(type(node.op))
        if op is None:
            what, text = _OP_TEXT.get(type(node.op), _OTHER_OP)
            _fail(f"{text} is not allowed; use + - * / **", node, code="op_not_allowed", what=what)
        left, lconst = self.build(node.left, depth)
        right, rconst = self.build(node.right, depth)
        if isinstance(node.op, ast.Pow) and rconst is not None and not abs(rconst) <= MAX_EXPONENT:
            _fail(f"exponent {rconst:g} is too large (at most {MAX_EXPONENT:g} in size)",
                  node.right, code="exponent", value=f"{rconst:g}", limit=f"{MAX_EXPONENT:g}")
        if lconst is not None and rconst is not None:
            with np.errstate(all="ignore"):
                value = float(op(np.float64(lconst), np.float64(rconst)))
            return (lambda env: value), value
        if isinstance(node.op, ast.Pow) and rconst == 3.0:  # np.power(x, 3.0) is ~10x slower
            return (lambda env: (lambda b: b * b * b)(left(env))), None
        return (lambda env: op(left(env), right(env))), None

    def _Call(self, node, depth):
        func = node.func
        if not isinstance(func, ast.Name):
            self.build(func, depth)  # refuses attributes, lambdas, ... at their place
            _fail(f"only the functions {', '.join(_FUNCTIONS)} can be called", node, code="only_functions",
                  functions=", ".join(_FUNCTIONS))
        name = func.id
        if name.startswith("_"):
            _fail(f"'{name}' is not allowed", func, code="private", name=name)
        if name not in _FUNCTIONS:
            shown = f"'{name}'" if len(name) <= 30 else "this name"
            _fail(f"{shown} is not an allowed function; allowed: {', '.join(_FUNCTIONS)}", func,
                  code="unknown_function", name=name[:30], functions=", ".join(_FUNCTIONS))
        if node.keywords:
            _fail("keyword arguments are not allowed", node.keywords[0].value, code="keywords")
        fn, arity = _FUNCTIONS[name]
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                _fail("'*' unpacking is not allowed", arg, code="not_allowed", what="starred")
        if len(node.args) != arity:
            _fail(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}, "
                  f"got {len(node.args)}", node, code="arity", name=name, n=arity, got=len(node.args))
        built = [self.build(arg, depth) for arg in node.args]
        closures = [b[0] for b in built]
        if all(b[1] is not None for b in built):
            with np.errstate(all="ignore"):
                value = float(fn(*(np.float64(b[1]) for b in built)))
            return (lambda env: value), value
        if arity == 1:
            (g,) = closures
            return (lambda env: fn(g(env))), None
        g, h = closures
        return (lambda env: fn(g(env), h(env))), None


def _check_params(params: Mapping[str, float]) -> dict:
    out = {}
    for name, value in params.items():
        if (not isinstance(name, str) or not name.isidentifier() or name.startswith("_")
                or name in ("x", "y") or name in _FUNCTIONS or name in _CONSTANTS):
            raise ExpressionError(f"parameter name {name!r} is not allowed", code="param_name",
                                  data={"name": repr(name)})
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ExpressionError(f"parameter {name} = {value!r} is not a number", code="param_number",
                                  data={"name": name, "value": repr(value)}) from None
        if not np.isfinite(value):
            raise ExpressionError(f"parameter {name} = {value!r} is not finite", code="param_finite",
                                  data={"name": name, "value": repr(value)})
        out[name] = value
    return out


def _refuse_private_names(tree: ast.AST) -> None:
    """Name the leftmost '_'-name or attribute ('__import__', '__class__')."""
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            bad.append((node.col_offset, node.id))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            bad.append((node.value.end_col_offset + 1, node.attr))
    if bad:
        col, name = min(bad)
        _fail(f"'{name}' is not allowed", col=col + 1, code="private", name=name)


def _compile_one(expr: str, params: Sequence[str]):
    if not isinstance(expr, str):
        raise ExpressionError(f"expected text, got {type(expr).__name__}", code="not_text")
    if len(expr) > MAX_EXPR_CHARS:
        raise ExpressionError(f"expression is longer than {MAX_EXPR_CHARS} characters",
                              MAX_EXPR_CHARS + 1, code="too_long", data={"n": MAX_EXPR_CHARS})
    if not expr.strip():
        raise ExpressionError("expression is empty", code="empty")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as err:
        raise ExpressionError(f"syntax error: {err.msg}", err.offset or 0, code="syntax",
                              data={"detail": err.msg}) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression is nested too deeply or malformed", code="malformed") from None
    lead = len(expr) - len(expr.lstrip())
    try:
        _refuse_private_names(tree)
        closure, _ = _Compiler(params).build(tree.body)
    except ExpressionError as err:
        raise ExpressionError(err.message, err.col + lead if err.col else 0, code=err.code, data=err.data) from None
    except RecursionError:
        raise ExpressionError("expression is nested too deeply", code="nested") from None
    return closure


class CompiledField:
    """A user field compiled once; call it like any field, rebind parameters cheaply.

    Calling ``field(x, y)`` evaluates both closures under
    ``np.errstate(all="ignore")``: results may contain NaN (e.g. log(-1)) or
    inf (e.g. exp(1000), 1/0) but never warn; the view must mask them.
    Outputs are broadcast to the shape of ``x`` and ``y`` (a constant
    expression still gives a full grid).
    """

    def __init__(self, dx_expr, dy_expr, closures, params: Mapping[str, float]):
        self.dx_expr, self.dy_expr = dx_expr, dy_expr
        self._closures = closures
        self.params = dict(params)

    def bind(self, **values) -> "CompiledField":
        """Return the same field with some parameter values replaced."""
        unknown = set(values) - set(self.params)
        if unknown:
            raise ExpressionError(f"unknown parameter(s): {', '.join(sorted(unknown))}", code="unknown_params",
                                  data={"names": ", ".join(sorted(unknown))})
        return CompiledField(self.dx_expr, self.dy_expr, self._closures,
                             _check_params({**self.params, **values}))

    def __call__(self, x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        env = (x, y, self.params)
        shape = np.broadcast(x, y).shape
        with np.errstate(all="ignore"):
            dx = np.broadcast_to(self._closures[0](env), shape).astype(float)
            dy = np.broadcast_to(self._closures[1](env), shape).astype(float)
        if shape == ():
            return float(dx), float(dy)
        return dx, dy

    def __repr__(self):
        return f"CompiledField(dx={self.dx_expr!r}, dy={self.dy_expr!r}, params={self.params})"


def compile_field(dx_expr: str, dy_expr: str,
                  params: Mapping[str, float] | None = None) -> CompiledField:
    """Compile user right-hand sides ``x' = dx_expr``, ``y' = dy_expr`` safely.

    Grammar (everything else is refused): number literals (as float), the
    names x, y, the declared parameters and the constants pi, e; binary
    + - * / **; unary - and +; parentheses; calls of exp, log, sqrt, sin,
    cos, tan, tanh, sinh, cosh, abs (one argument) and minimum, maximum (two),
    with positional arguments only. Limits: `MAX_EXPR_CHARS` characters,
    `MAX_DEPTH` levels, constant exponents |c| <= `MAX_EXPONENT` (so
    ``9**9**9`` is refused). The source is parsed by `ast.parse` and the
    validated tree is turned into numpy closures; nothing is ever passed to
    eval/exec.

    Parameters
    ----------
    dx_expr, dy_expr : str
        Right-hand sides, e.g. ``"x - x**3/3 - y + I"``.
    params : mapping of str to float, optional
        Declared parameters and their current values.

    Returns
    -------
    CompiledField
        Vectorised field ``f(x, y) -> (dx, dy)``; ``f.bind(I=0.5)`` rebinds.

    Raises
    ------
    ExpressionError
        With a message and the 1-based column of the offending part, e.g.
        ``dx: '__import__' is not allowed (column 1)``.

    Examples
    --------
    >>> f = compile_field("y", "-sin(x) - c*y", {"c": 0.5})
    >>> f(0.0, 1.0)
    (1.0, -0.5)
    """
    params = _check_params(params or {})
    closures = []
    for which, expr in (("dx", dx_expr), ("dy", dy_expr)):
        try:
            closures.append(_compile_one(expr, tuple(params)))
        except ExpressionError as err:
            raise ExpressionError(err.message, err.col, which, err.code, err.data) from None
    return CompiledField(dx_expr, dy_expr, tuple(closures), params)


# ---------------------------------------------------------------------------
# Registry of built-in systems for the view
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A tunable declared once: default, range, slider step and unit."""

    default: float
    min: float
    max: float
    step: float
    unit: str = ""


@dataclass(frozen=True)
class SystemSpec:
    """A built-in planar system as the view needs it.

    ``make(values)`` builds the field from a mapping of parameter values
    (missing ones take their defaults). ``t_max`` is a sensible trajectory
    length in ``time_unit``.
    """

    name: str
    title: str
    params: Mapping[str, Param]
    build: Callable[..., Field]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xlabel: str
    ylabel: str
    time_unit: str = "model time"
    t_max: float = 20.0
    linear: bool = False

    def values(self, values: Mapping[str, float] | None = None) -> dict:
        """Defaults overlaid with ``values``, each clamped to its range."""
        out = {k: p.default for k, p in self.params.items()}
        for key, value in (values or {}).items():
            if key not in self.params:
                raise KeyError(f"{self.name} has no parameter {key!r}")
            p = self.params[key]
            out[key] = float(np.clip(float(value), p.min, p.max))
        return out

    def make(self, values: Mapping[str, float] | None = None) -> Field:
        """Vector field for these parameter values."""
        return self.build(**self.values(values))

    def matrix(self, values: Mapping[str, float] | None = None) -> np.ndarray | None:
        """System matrix for linear systems (None otherwise)."""
        if not self.linear:
            return None
        v = self.values(values)
        if "m" in v:
            return oscillator_matrix(v["m"], v["mu"], v["k"])
        return np.array([[v["a11"], v["a12"]], [v["a21"], v["a22"]]])


def _linear_from_entries(a11, a12, a21, a22):
    return linear_field([[a11, a12], [a21, a22]])


def _oscillator_field(m, mu, k):
    return linear_field(oscillator_matrix(m, mu, k))


def _ml_maker(base):
    return lambda I: morris_lecar(I, **base)


_ENTRY = dict(min=-5.0, max=5.0, step=0.05)

SYSTEMS: dict[str, SystemSpec] = {
    spec.name: spec for spec in (
        SystemSpec("linear", "Linear system x' = Ax",
                   {"a11": Param(-0.5, **_ENTRY), "a12": Param(1.0, **_ENTRY),
                    "a21": Param(-1.0, **_ENTRY), "a22": Param(-0.5, **_ENTRY)},
                   _linear_from_entries, (-3.0, 3.0), (-3.0, 3.0), "x", "y",
                   t_max=30.0, linear=True),
        SystemSpec("oscillator", "Damped oscillator m x'' + mu x' + k x = 0",
                   {"m": Param(1.0, 0.1, 5.0, 0.1, "kg"),
                    "mu": Param(0.5, 0.0, 10.0, 0.05, "kg/s"),
                    "k": Param(1.0, 0.0, 10.0, 0.1, "N/m")},
                   _oscillator_field, (-3.0, 3.0), (-3.0, 3.0), "x (m)", "v (m/s)",
                   time_unit="s", t_max=40.0, linear=True),
        SystemSpec("morris_lecar_hopf", "Morris-Lecar, Hopf set (class 2)",
                   {"I": Param(80.0, 0.0, 150.0, 0.5, "uA/cm^2")},
                   _ml_maker(ML_HOPF), (-70.0, 50.0), (-0.05, 0.6), "V (mV)", "N",
                   time_unit="ms", t_max=500.0),
        SystemSpec("morris_lecar_snic", "Morris-Lecar, SNIC set (class 1)",
                   {"I": Param(35.0, 0.0, 120.0, 0.5, "uA/cm^2")},
                   _ml_maker(ML_SNIC), (-70.0, 50.0), (-0.05, 0.6), "V (mV)", "N",
                   time_unit="ms", t_max=500.0),
        SystemSpec("fitzhugh_nagumo", "FitzHugh-Nagumo",
                   {"I": Param(0.0, 0.0, 2.0, 0.01), "a": Param(0.7, 0.0, 1.5, 0.01),
                    "b": Param(0.8, 0.0, 2.0, 0.01), "eps": Param(0.08, 0.01, 1.0, 0.01)},
                   fitzhugh_nagumo, (-2.5, 2.5), (-1.0, 2.0), "v", "w", t_max=200.0),
        SystemSpec("van_der_pol", "van der Pol oscillator",
                   {"mu": Param(1.0, 0.0, 10.0, 0.1)},
                   van_der_pol, (-4.0, 4.0), (-8.0, 8.0), "x", "y", t_max=60.0),
    )
}
