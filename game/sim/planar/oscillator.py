"""The damped harmonic oscillator m x'' + mu x' + k x = 0 as a planar linear system.

Written as (x, v)' = [[0, 1], [-k/m, -mu/m]] (x, v); its energy
V = k x^2 / 2 + m v^2 / 2 is a Lyapunov function, dV/dt = -mu v^2 <= 0.
The damping regime follows the sign of mu^2 - 4 m k. Dimensionless model
units (mass, damping and stiffness in any consistent units).

References
----------
.. [1] S. H. Strogatz, Nonlinear Dynamics and Chaos, 2nd ed., 2015, sec. 5.1, 7.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from game.sim.planar.fields import _as_point
from game.sim.planar.linear import linear_flow

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
