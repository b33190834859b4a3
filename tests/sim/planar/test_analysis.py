"""game.sim.planar.analysis: nullclines, equilibria, limit cycles and the slow manifold."""

import time

import numpy as np
import pytest
from scipy.optimize import brentq

from game.sim import planar as P


# ---------------------------------------------------------------------------
# nullclines and equilibria
# ---------------------------------------------------------------------------


def test_fitzhugh_nagumo_nullcline_points_satisfy_their_equations():
    I, a, b = 0.3, 0.7, 0.8
    xs, ys = P.nullclines(P.fitzhugh_nagumo(I), (-2.5, 2.5), (-1, 2), 120)
    v, w = np.concatenate(xs).T
    assert np.allclose(w, v - v ** 3 / 3 + I, atol=1e-8), "dv = 0 curve off the cubic"
    v, w = np.concatenate(ys).T
    assert np.allclose(w, (v + a) / b, atol=1e-8), "dw = 0 curve off the line"


def test_morris_lecar_nullcline_points_satisfy_their_equations():
    p = P.ML_SNIC
    xs, ys = P.nullclines(P.morris_lecar(30.0, **p), (-70, 50), (-0.05, 0.6), 200)
    V, N = np.concatenate(ys).T
    assert np.allclose(N, 0.5 * (1 + np.tanh((V - p["V3"]) / p["V4"])), atol=1e-8)
    V, N = np.concatenate(xs).T
    m_ss = 0.5 * (1 + np.tanh((V - p["V1"]) / p["V2"]))
    N_v = (30.0 - p["gL"] * (V - p["VL"]) - p["gCa"] * m_ss * (V - p["VCa"])) / (p["gK"] * (V - p["VK"]))
    assert np.allclose(N, N_v, atol=1e-8)


@pytest.mark.parametrize("I", [0.0, 0.33, 1.0, 1.5])
def test_fitzhugh_nagumo_equilibria_match_the_roots_of_the_cubic(I):
    a, b = 0.7, 0.8
    roots = np.roots([-1 / 3, 0, 1 - 1 / b, I - a / b])
    v_true = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
    eq = P.equilibria(P.fitzhugh_nagumo(I, a, b), (-2.5, 2.5), (-1, 2.5), 200)
    assert len(eq) == len(v_true), f"found {len(eq)} equilibria, cubic has {len(v_true)}"
    for e, v in zip(eq, v_true):
        assert np.allclose(e.point, [v, (v + a) / b], atol=1e-9)


def test_fitzhugh_nagumo_rest_state_is_stable_at_zero_current_and_unstable_at_half():
    assert P.equilibria(P.fitzhugh_nagumo(0.0), (-2.5, 2.5), (-1, 2), 100)[0].kind == "stable_focus"
    assert P.equilibria(P.fitzhugh_nagumo(0.5), (-2.5, 2.5), (-1, 2), 100)[0].kind == "unstable_focus"


def _ml_equilibria_independently(I, p):
    V = np.linspace(-90, 70, 16001)
    g = lambda v: P.ml_steady_current(v, p) - I  # noqa: E731
    vals = g(V)
    idx = np.flatnonzero(np.sign(vals[:-1]) != np.sign(vals[1:]))
    return [brentq(g, V[i], V[i + 1], xtol=1e-12) for i in idx]


@pytest.mark.parametrize("I, params, kinds", [
    (20.0, P.ML_SNIC, ["stable_node", "saddle", "unstable_focus"]),
    (60.0, P.ML_SNIC, ["unstable_focus"]),
    (80.0, P.ML_HOPF, ["stable_focus"]),
    (100.0, P.ML_HOPF, ["unstable_focus"]),
])
def test_morris_lecar_equilibria_match_the_steady_state_current_curve(I, params, kinds):
    eq = P.equilibria(P.morris_lecar(I, **params), (-70, 50), (-0.05, 0.6), 200)
    v_true = _ml_equilibria_independently(I, params)
    assert [e.kind for e in eq] == kinds
    for e, v in zip(eq, v_true):
        n = 0.5 * (1 + np.tanh((v - params["V3"]) / params["V4"]))
        assert np.allclose(e.point, [v, n], rtol=1e-8, atol=1e-10)
        J = P.ml_jacobian(v, params)
        assert np.allclose(e.jacobian, J, rtol=1e-5, atol=1e-8), "numeric Jacobian off"


def test_equilibria_of_linear_and_van_der_pol_fields_are_named_by_classify():
    (e,) = P.equilibria(P.linear_field([[1, 2], [3, -1]]), (-3, 3), (-3, 3), 50)
    assert np.allclose(e.point, 0, atol=1e-12) and e.kind == "saddle"
    (e,) = P.equilibria(P.van_der_pol(0.0), (-4, 4), (-8, 8), 50)
    assert e.kind == "center", "numeric Jacobian of a linear centre must still be a centre"
    (e,) = P.equilibria(P.van_der_pol(1.0), (-4, 4), (-8, 8), 50)
    assert e.kind == "unstable_focus" and not e.stable


def test_nullclines_and_equilibria_for_morris_lecar_fit_a_slider_frame():
    f = P.morris_lecar(35.0, **P.ML_SNIC)
    P.nullclines_and_equilibria(f, (-70, 50), (-0.05, 0.6), 200)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        xs, ys, eq = P.nullclines_and_equilibria(f, (-70, 50), (-0.05, 0.6), 200)
        times.append(time.perf_counter() - start)
    assert len(eq) == 3 and xs and ys
    assert np.median(times) < 0.03, f"median {np.median(times) * 1e3:.1f} ms (budget 8 ms)"


@pytest.mark.parametrize("field, xlim, ylim", [
    (P.morris_lecar(36.0, **P.ML_SNIC), (-70, 50), (-0.05, 0.6)),
    (P.morris_lecar(100.0, **P.ML_HOPF), (-70, 50), (-0.05, 0.6)),
    (P.fitzhugh_nagumo(0.33), (-2.5, 2.5), (-1, 2.5)),
    (P.van_der_pol(1.0), (-4, 4), (-8, 8)),
])
def test_analysis_in_two_halves_and_with_hints_finds_the_same_equilibria(field, xlim, ylim):
    xs, ys, eqs = P.nullclines_and_equilibria(field, xlim, ylim, 80, refine=False)
    xs2, ys2, grid = P.nullclines_with_grid(field, xlim, ylim, 80, refine=False)
    eqs2 = P.equilibria_on_grid(field, xlim, ylim, grid)
    assert [len(a) for a in xs] == [len(a) for a in xs2] and [len(a) for a in ys] == [len(a) for a in ys2]
    hinted = P.equilibria_on_grid(field, xlim, ylim, grid, hints=[e.point + 1e-3 for e in eqs])
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
    for other in (eqs2, hinted):
        assert [e.kind for e in other] == [e.kind for e in eqs]
        for a, b in zip(other, eqs):
            assert np.all(np.abs(a.point - b.point) <= 1e-9 * span)


def test_a_field_undefined_at_a_root_guess_still_finds_its_equilibrium():
    # 1/x is infinite on x = 0 (a Python float raises there; the solver must not)
    f = P.compile_field("1/(x + 2) - 0.5", "y - x", {})
    (e,) = P.equilibria(f, (-1, 1), (-1, 1), 40)
    np.testing.assert_allclose(e.point, [0.0, 0.0], atol=1e-9)


# ---------------------------------------------------------------------------
# limit cycles and the slow manifold
# ---------------------------------------------------------------------------


def test_van_der_pol_limit_cycle_has_the_known_period_and_amplitude():
    lc = P.limit_cycle(P.van_der_pol(1.0), [0.5, 0.0], 50, 40)
    # mu = 1: T = 6.6632868593..., max x = 2.00861986...
    assert lc is not None and np.isclose(lc.period, 6.66329, atol=2e-4)
    assert np.isclose(lc.x_max, 2.00862, atol=1e-3) and np.isclose(lc.amplitude, 2.00862, atol=1e-3)


def test_fitzhugh_nagumo_oscillates_only_when_the_current_destabilises_rest():
    assert P.limit_cycle(P.fitzhugh_nagumo(0.0), [1.0, 0.0], 100, 200) is None
    lc = P.limit_cycle(P.fitzhugh_nagumo(0.5), [1.0, 0.0], 100, 200)
    assert lc is not None and 30 < lc.period < 50 and lc.x_max > 1.5


def _fhn_rest(I=0.0, a=0.7, b=0.8):
    v = brentq(lambda v: v - v ** 3 / 3 + I - (v + a) / b, -3.0, 3.0)
    return v, (v + a) / b


def _fhn_peak(k, rtol=1e-11):
    """Largest v reached after a kick k along v from FitzHugh-Nagumo's rest (I = 0)."""
    v0, w0 = _fhn_rest()
    tr = P.trajectory(P.fitzhugh_nagumo(0.0), (v0 + k, w0), 200.0, rtol=rtol, atol=1e-13, max_points=20000)
    return float(tr.xy[:, 0].max())


def _crossing(xy, w):
    """v where the polyline xy first crosses the level w (linear interpolation)."""
    i = np.flatnonzero((xy[:-1, 1] - w) * (xy[1:, 1] - w) <= 0)[0]
    t = (w - xy[i, 1]) / (xy[i + 1, 1] - xy[i, 1])
    return xy[i, 0] + t * (xy[i + 1, 0] - xy[i, 0])


def test_fitzhugh_nagumo_threshold_is_the_repelling_slow_manifold_not_the_middle_branch():
    # nl-05: a kick along v from rest (v*, w*) fires when it lands beyond the repelling
    # slow manifold; the middle branch of the v-nullcline at w* is 0.14 closer to rest
    f = P.fitzhugh_nagumo(0.0)
    v0, w0 = _fhn_rest()
    m = P.repelling_slow_manifold(f, (-2.5, 2.5), (-1.0, 2.0), 200.0)
    kick = _crossing(m.xy, w0) - v0
    assert kick == pytest.approx(0.5555, abs=0.001)
    middle = np.sort(np.roots([-1 / 3, 0, 1, -w0]).real)[1]
    assert middle - v0 == pytest.approx(0.413, abs=0.001)
    lo, hi = 0.5, 0.6                      # the threshold by a long run, bisected
    for _ in range(20):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if _fhn_peak(mid, rtol=1e-10) > 1.0 else (mid, hi)
    assert abs(kick - hi) < 1e-4, "the manifold's crossing is where kicks start to fire"


def test_fitzhugh_nagumo_slow_manifold_hugs_the_middle_branch_and_is_cut_at_the_fold():
    f = P.fitzhugh_nagumo(0.0)
    m = P.repelling_slow_manifold(f, (-2.5, 2.5), (-1.0, 2.0), 200.0)
    v, w = m.xy.T
    assert np.all(np.abs(v) <= 1.0 + 1e-9), "only the repelling side (|v| < 1, dv'/dv > 0) is kept"
    assert v[0] > 0.5 and v[-1] < -0.95, "it runs down the whole middle branch to the lower fold"
    assert np.max(np.abs(w - (v - v ** 3 / 3))) < 0.15, "within O(eps) of the middle branch"
    assert P.repelling_slow_manifold(P.linear_field([[-1, 0], [0, -2]]), (-1, 1), (-1, 1), 10.0) is None


def test_fitzhugh_nagumo_kicks_that_push_v_up_still_fall_back_below_the_manifold():
    # the middle branch is not the threshold: from 0.42 to 0.555 the kick leaves rest with
    # v' > 0 and the peak stays far below the firing line v = 1
    f = P.fitzhugh_nagumo(0.0)
    v0, w0 = _fhn_rest()
    for k in (0.42, 0.45, 0.5, 0.55, 0.555):
        assert f(v0 + k, w0)[0] > 0, f"kick {k}: v' should be positive at the start"
        assert _fhn_peak(k, rtol=1e-10) < 0.0, f"kick {k} fired: the threshold is above it"


def test_fitzhugh_nagumo_response_grows_steeply_but_continuously_a_quasi_threshold():
    # FitzHugh (1955, 1961): no all-or-none jump; every peak between rest and a spike is
    # reached by some kick, all within 0.00001 of one another
    kicks = [brentq(lambda k, p=p: _fhn_peak(k) - p, 0.5554, 0.5555, xtol=1e-12) for p in (0.0, 0.5, 1.0)]
    assert kicks[0] < kicks[1] < kicks[2]
    assert kicks[2] - kicks[0] < 1e-5
    for k, p in zip(kicks, (0.0, 0.5, 1.0)):
        assert _fhn_peak(k) == pytest.approx(p, abs=0.02), "an intermediate response exists"
    rises = np.diff([_fhn_peak(k, rtol=1e-10) for k in (0.40, 0.45, 0.50, 0.55)])
    assert np.all(rises > 0), "below threshold the peak rises with the kick"
    assert np.all(np.diff(rises) > 0) and rises[-1] > 3 * rises[0], "and ever more steeply"


# ---------------------------------------------------------------------------
# what the linearisation leaves open (nl-07)
# ---------------------------------------------------------------------------


def test_a_linear_centre_can_be_a_nonlinear_focus():
    # nl-07: p = 0, q > 0 is not decided by the linearisation
    f = P.compile_field("-y - x*(x**2 + y**2)", "x - y*(x**2 + y**2)", {})
    assert P.classify(P.jacobian(f, (0.0, 0.0)), P.JACOBIAN_RTOL) == "center"
    t, xy = P.trajectory(f, (0.5, 0.0), 50.0)
    assert np.hypot(*xy[-1]) < 0.5 * 0.5, "the cubic terms make it spiral in: a stable focus"


def test_a_zero_eigenvalue_leaves_the_type_to_the_nonlinear_terms():
    # nl-07's higher-order equilibrium: q = 0, yet the origin is isolated (a saddle-node)
    f = P.compile_field("x**2", "-y", {})
    assert P.classify(P.jacobian(f, (0.0, 0.0)), P.JACOBIAN_RTOL) == "non_isolated"
    assert len(P.equilibria(f, (-1, 1), (-1, 1), 101)) == 1, "only one equilibrium, not a line of them"
    left = P.trajectory(f, (-0.5, 0.5), 30.0).xy[-1]
    right = P.trajectory(f, (0.05, 0.5), 30.0, bounds=(-1, 1, -1, 1)).xy[-1]
    assert np.hypot(*left) < 0.05 and right[0] > 1.0, "attracting from the left, repelling to the right"
