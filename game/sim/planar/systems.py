r"""Model systems: Morris-Lecar (with its bifurcations in the current), FitzHugh-Nagumo, van der Pol.

Morris-Lecar (time in ms, V in mV, conductances in mS/cm^2, I in uA/cm^2, C in uF/cm^2)::

    C V' = I - gL (V - VL) - gCa M_ss(V) (V - VCa) - gK N (V - VK)
    N'   = phi cosh((V - V3) / (2 V4)) (N_ss(V) - N)
    M_ss = (1 + tanh((V - V1) / V2)) / 2,  N_ss = (1 + tanh((V - V3) / V4)) / 2

FitzHugh-Nagumo (dimensionless)::

    v' = v - v^3/3 - w + I,   w' = eps (v + a - b w)

van der Pol (dimensionless)::

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
.. [4] R. FitzHugh, "Impulses and physiological states in theoretical models
       of nerve membrane", Biophys. J. 1:445-466, 1961.
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, NamedTuple

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, minimize_scalar

from game.sim.planar.analysis import JACOBIAN_RTOL, limit_cycle
from game.sim.planar.fields import Field
from game.sim.planar.linear import classify
from game.sim.planar.trajectories import _rhs

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
                   t_observe=1500.0, t_continue: float | None = None,
                   progress: Callable[[float], None] | None = None,
                   wrap: Callable[[Field], Field] | None = None) -> MLBifurcation:
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
    t_transient : float
        ms of transient before a run that starts from the depolarisation.
    t_observe : float or sequence of float
        ms observed per current (one value, or one per current); raise it
        near a SNIC, where periods grow without bound.
    t_continue : float, optional
        ms of transient before a run that continues from the previous
        current's cycle (it starts close to the new one); default ``t_transient``.
    progress : callable, optional
        Called with the completed fraction in [0, 1] (for a progress bar).
    wrap : callable, optional
        Applied to each current's field before integrating (e.g. a wrapper
        that lets a background thread yield and be cancelled).

    Returns
    -------
    MLBifurcation

    Examples
    --------
    >>> bif = ml_bifurcation(ML_SNIC, cycles=False)
    >>> round(float(max(bif.fold_I)), 1)
    40.0
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
        t_obs = np.broadcast_to(np.asarray(t_observe, dtype=float), I_values.shape)
        cont = t_transient if t_continue is None else t_continue
        _ml_cycle_sweep(P, I_values, t_obs, (t_transient, cont), (vmax, vmin, freq), progress, wrap)
    return MLBifurcation(ml_steady_current(V, P), V, n_ss, np.all(eig.real < 0, axis=1),
                         kinds, hopf_I, fold_I, I_values, vmax, vmin, freq)


def _ml_cycle_sweep(P, I_values, t_obs, transients, out, progress, wrap) -> None:
    """Stable cycles from the highest current down, each run continuing from the last cycle.

    Fills ``out`` = (V max, V min, frequency in Hz) in place, NaN where no cycle is found.
    """
    vmax, vmin, freq = out
    start = np.array([20.0, 0.0])
    z = start
    order = np.argsort(I_values)[::-1]
    for done, i in enumerate(order, 1):
        f = morris_lecar(float(I_values[i]), **P)
        if wrap is not None:
            f = wrap(f)
        # a run that continues from the previous cycle needs a shorter transient
        t_transient = transients[0] if z is start else transients[1]
        lc = limit_cycle(f, z, t_transient, float(t_obs[i]), rtol=1e-6, atol=1e-8)
        if lc is None:
            z = start
        else:
            vmax[i], vmin[i], freq[i] = lc.x_max, lc.x_min, 1000.0 / lc.period
            z = lc.orbit[0]
        if progress is not None:
            progress(done / len(order))


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
