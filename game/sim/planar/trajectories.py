"""Trajectories of planar fields: integrated (any field) or exact (x' = A x), stopping cleanly.

:func:`trajectory` integrates any field with scipy's ``solve_ivp`` and says
why it stopped (``Trajectory.reason``: ran its time, left the view, blew up,
came to rest, or the field is undefined there). :func:`linear_trajectory`
and the batched :func:`linear_trajectories` / :func:`linear_trajectory_pairs`
sample the exact flow of x' = A x instead (no integration error), for
clicks and live sliders. Times are in the model's time unit (ms for
Morris-Lecar); negative for backward runs.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from game.sim.planar.fields import Field, _as_point
from game.sim.planar.linear import FLOW_LIMIT, _as_matrix, _flow_parts, linear_flow

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
