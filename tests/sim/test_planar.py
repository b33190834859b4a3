"""Tests for game.sim.planar: behaviour against closed forms and published values."""

import math
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.linalg import expm
from scipy.optimize import brentq

from game.sim import planar as P

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    """Every test here runs with warnings as errors: the sim must never warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------------------
# classify
# ---------------------------------------------------------------------------

CLASSIFY_TABLE = [
    # saddles
    ([[1, 0], [0, -1]], "saddle"),
    ([[0, 1], [1, 0]], "saddle"),
    ([[2, 3], [1, -1]], "saddle"),
    ([[1, 0], [0, -1e-6]], "saddle"),                     # q = -1e-6, just a saddle
    # non-isolated (q = 0)
    ([[0, 0], [0, 0]], "non_isolated"),
    ([[1, 0], [0, 0]], "non_isolated"),
    ([[1, 2], [2, 4]], "non_isolated"),
    ([[0.1, 0.2], [0.3, 0.6]], "non_isolated"),           # det rounds to ~1e-17
    ([[0, 1], [0, 0]], "non_isolated"),                   # nilpotent
    ([[1, 0], [0, 1e-12]], "non_isolated"),               # inside RTOL
    # centres (p = 0, q > 0)
    ([[0, 1], [-1, 0]], "center"),
    ([[0.3, -1], [2, -0.3]], "center"),
    ([[0.1 + 0.2, 1], [-1, -0.3]], "center"),             # p = 5.6e-17 from sliders
    ([[0, 4], [-0.25, 0]], "center"),
    # foci
    ([[-1, 2], [-2, -1]], "stable_focus"),
    ([[-1e-6, 1], [-1, -1e-6]], "stable_focus"),          # just off the centre line
    ([[1, 2], [-2, 1]], "unstable_focus"),
    ([[1e-6, 1], [-1, 0]], "unstable_focus"),
    ([[-1, 1], [-(1 + 1e-4), -1]], "stable_focus"),       # Delta slightly < 0
    # nodes
    ([[-1, 0], [0, -2]], "stable_node"),
    ([[-3, 1], [0, -1]], "stable_node"),
    ([[-1, 1], [0, -1 - 1e-3]], "stable_node"),           # Delta = 1e-6 > 0
    ([[2, 0], [0, 1]], "unstable_node"),
    ([[1, 5], [0, 3]], "unstable_node"),
    ([[1, 1e-3], [0, 1 + 1e-3]], "unstable_node"),
    # degenerate nodes (Delta = 0, not a multiple of I)
    ([[-1, 1], [0, -1]], "stable_degenerate_node"),
    ([[-2, 1], [-1, 0]], "stable_degenerate_node"),
    ([[-0.3, 0.1], [-0.1, -0.1]], "stable_degenerate_node"),  # Delta rounds to ~1e-18
    ([[1, 1], [0, 1]], "unstable_degenerate_node"),
    ([[3, -1], [1, 1]], "unstable_degenerate_node"),
    ([[-1, 1e-6], [0, -1]], "stable_degenerate_node"),    # b just beyond the star tolerance
    # stars
    ([[-1, 0], [0, -1]], "stable_star"),
    ([[-0.1 - 0.2, 0], [0, -0.3]], "stable_star"),        # a != d by one rounding error
    ([[2, 0], [0, 2]], "unstable_star"),
    ([[1e-3, 0], [0, 1e-3]], "unstable_star"),
]


@pytest.mark.parametrize("A, expected", CLASSIFY_TABLE)
def test_classify_names_every_region_and_boundary_of_the_trace_determinant_plane(A, expected):
    assert P.classify(A) == expected, (
        f"classify({A}) should be {expected}: check the tolerance on p, q or Delta "
        f"(p={np.trace(A):.3g}, q={np.linalg.det(np.array(A, float)):.3g})")


def test_classify_table_covers_every_kind_with_at_least_thirty_matrices():
    kinds = {k for _, k in CLASSIFY_TABLE}
    assert len(CLASSIFY_TABLE) >= 30
    assert kinds == set(P.KINDS), f"kinds without a test matrix: {set(P.KINDS) - kinds}"


@pytest.mark.parametrize("A, expected", CLASSIFY_TABLE)
@pytest.mark.parametrize("scale", [1e-6, 1e6])
def test_classify_is_unchanged_by_rescaling_time(A, expected, scale):
    scaled = np.array(A, dtype=float) * scale
    assert P.classify(scaled) == expected, "tolerances must be relative to ||A||"


finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.tuples(finite, finite, finite, finite))
@example((0.0, 0.0, 5e-324, 1.0))     # subnormal entry: numpy's det warned "divide by zero"
def test_classify_agrees_with_the_eigenvalues_away_from_boundaries(entries):
    A = np.array(entries).reshape(2, 2)
    s = np.linalg.norm(A)
    p, q = A[0, 0] + A[1, 1], A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]   # closed form: LAPACK det warns on subnormals
    delta = p * p - 4 * q
    if s < 1e-3 or min(abs(p), abs(q) / s, abs(delta) / s) < 1e-6 * s:
        return  # too close to a boundary for an eigenvalue-based check
    lam = np.linalg.eigvals(A)
    if q < 0:
        expected = "saddle"
    else:
        side = "stable" if lam.real.max() < 0 else "unstable"
        expected = f"{side}_{'focus' if abs(lam.imag).max() > 0 else 'node'}"
    assert P.classify(A) == expected


def test_classify_refuses_a_non_finite_or_wrongly_shaped_matrix():
    for bad in ([[np.nan, 0], [0, 1]], [[np.inf, 0], [0, 1]], [1, 2, 3], [[1, 2, 3]]):
        with pytest.raises(ValueError):
            P.classify(bad)


def test_eig_directions_are_unit_eigenvectors_for_real_eigenvalues():
    for A in ([[1, 2], [3, -1]], [[-3, 1], [0, -1]], [[2, 1], [1, 2]], [[1, 0], [0, 0]]):
        values, vectors = P.eig_directions(A)
        assert len(values) == 2
        for lam, v in zip(values, vectors):
            assert np.isclose(np.linalg.norm(v), 1.0)
            assert np.allclose(np.array(A) @ v, lam * v, atol=1e-12), "not an eigenvector"
        assert values[0] <= values[1], "eigenvalues should be ascending"


def test_eig_directions_give_none_for_a_focus_one_for_a_degenerate_node_and_axes_for_a_star():
    assert len(P.eig_directions([[-1, 2], [-2, -1]])[0]) == 0
    values, vectors = P.eig_directions([[-1, 1], [0, -1]])
    assert np.allclose(values, [-1]) and np.allclose(vectors, [[1, 0]])
    values, vectors = P.eig_directions([[2, 0], [0, 2]])
    assert np.allclose(values, [2, 2]) and np.allclose(vectors, np.eye(2))


# ---------------------------------------------------------------------------
# linear_flow
# ---------------------------------------------------------------------------

FLOW_MATRICES = [
    [[1, 2], [3, -1]], [[-1, 2], [-2, -1]], [[0, 1], [-1, 0]], [[-1, 1], [0, -1]],
    [[2, 0], [0, 2]], [[0, 1], [0, 0]], [[0, 0], [0, 0]], [[1, 2], [2, 4]],
    [[-3, 1], [0, -1]], [[0.3, -1], [2, -0.3]], [[-2, 1], [-1, 0]],
]


@pytest.mark.parametrize("A", FLOW_MATRICES)
def test_linear_flow_equals_scipy_expm_including_defective_matrices(A):
    t = np.linspace(-2.0, 2.0, 17)
    x0 = np.array([0.3, -0.7])
    expected = np.array([expm(s * np.array(A, float)) @ x0 for s in t])
    got = P.linear_flow(A, x0, t)
    assert got.shape == (17, 2)
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), "closed form disagrees with expm"


@pytest.mark.parametrize("A", FLOW_MATRICES[:6])
def test_linear_flow_agrees_with_numerical_integration(A):
    A = np.array(A, float)
    t = np.linspace(0, 3, 31)
    sol = solve_ivp(lambda _, z: A @ z, (0, 3), [1.0, 0.5], t_eval=t, rtol=1e-11, atol=1e-12)
    assert np.allclose(P.linear_flow(A, [1.0, 0.5], t), sol.y.T, rtol=1e-8, atol=1e-9)


def test_linear_flow_matches_the_closed_form_of_diagonal_and_rotation_matrices():
    t = np.linspace(-1, 5, 50)
    diag = P.linear_flow([[-0.5, 0], [0, 0.3]], [2.0, -1.0], t)
    assert np.allclose(diag, np.c_[2 * np.exp(-0.5 * t), -np.exp(0.3 * t)], rtol=1e-12)
    w = 1.7
    rot = P.linear_flow([[0, -w], [w, 0]], [1.0, 0.0], t)
    assert np.allclose(rot, np.c_[np.cos(w * t), np.sin(w * t)], atol=1e-12)


def test_linear_flow_clips_overflow_without_warnings_or_nans():
    out = P.linear_flow([[100, 0], [0, -100]], [1, 1], [0, 10, 1e6, -1e6])
    assert np.all(np.isfinite(out)), "overflow must be clipped, never inf/NaN"
    assert np.abs(out).max() <= P.FLOW_LIMIT
    assert out[1, 0] == P.FLOW_LIMIT and out[1, 1] == 0.0, "huge values should keep direction"
    assert np.all(np.isfinite(P.linear_flow([[1e3, 1e3], [-1e3, 1e3]], [1, 1], [1e5])))


# ---------------------------------------------------------------------------
# linear_trajectory and trajectory
# ---------------------------------------------------------------------------

VIEW = (-3.0, 3.0, -3.0, 3.0)


def test_linear_trajectory_stops_exactly_on_the_view_edge():
    tr = P.linear_trajectory([[1, 0], [0, -1]], [0.5, 2.0], 100.0, bounds=VIEW)
    assert tr.reason == "left_view"
    assert np.isclose(tr.xy[-1, 0], 3.0, atol=1e-9), "last point should lie on x = 3"
    assert np.isclose(tr.t[-1], math.log(6.0), atol=1e-9), "exit time should be ln(3/0.5)"
    assert np.all(np.abs(tr.xy[:-1]) <= 3.0 + 1e-12)


def test_linear_trajectory_points_lie_on_the_exact_flow_forward_and_backward():
    A = [[0.2, 1], [-1, 0.2]]
    for backward in (False, True):
        t, xy = P.linear_trajectory(A, [1, 0], 50.0, backward=backward, bounds=VIEW)
        assert (t <= 0).all() if backward else (t >= 0).all()
        assert np.allclose(xy, P.linear_flow(A, [1, 0], t), atol=1e-9)


def test_linear_trajectory_names_rest_and_full_time_runs():
    assert P.linear_trajectory([[-1, 2], [-2, -1]], [1, 1], 100, bounds=VIEW).reason == "equilibrium"
    tr = P.linear_trajectory([[0, 1], [-1, 0]], [1, 0], 20 * np.pi, bounds=VIEW)
    assert tr.reason == "t_max" and np.isclose(tr.t[-1], 20 * np.pi)
    assert len(tr.t) >= 10 * 96, "ten turns of a centre need enough points to look round"
    assert P.linear_trajectory([[1, 0], [0, 1]], [1, 1], 100).reason == "blew_up"
    assert P.linear_trajectory([[0, 0], [0, 0]], [1, 1], 10).reason == "equilibrium"


def test_linear_trajectory_is_fast_enough_for_a_click():
    A = [[0.1, 2], [-2, 0.1]]
    P.linear_trajectory(A, [0.1, 0], 100, bounds=VIEW)
    start = time.perf_counter()
    for _ in range(20):
        P.linear_trajectory(A, [0.1, 0], 100, bounds=VIEW)
    per_click = (time.perf_counter() - start) / 20
    assert per_click < 0.02, f"{per_click * 1e3:.1f} ms per click: sampling too fine?"


def test_trajectory_stops_cleanly_when_the_solution_blows_up():
    tr = P.trajectory(lambda x, y: (x * x, -y), [1.0, 0.5], 100.0)
    assert tr.reason == "blew_up"
    assert np.all(np.isfinite(tr.xy)) and tr.t[-1] < 1.0, "x' = x^2 escapes before t = 1"
    tr = P.trajectory(P.compile_field("exp(exp(x))", "1"), [1.0, 0.0], 100.0)
    assert tr.reason == "blew_up" and np.all(np.isfinite(tr.xy))


def test_trajectory_stops_where_the_field_is_undefined():
    tr = P.trajectory(P.compile_field("-1", "log(x)"), [1.0, 0.5], 100.0)
    assert tr.reason == "undefined" and np.isclose(tr.xy[-1, 0], 0.0, atol=1e-6)


def test_trajectory_stops_slightly_outside_the_view_and_unpacks_as_t_xy():
    t, xy = P.trajectory(P.linear_field([[1, 0], [0, -1]]), [0.5, 2.0], 100.0, bounds=VIEW)
    tr = P.trajectory(P.linear_field([[1, 0], [0, -1]]), [0.5, 2.0], 100.0, bounds=VIEW)
    assert tr.reason == "left_view" and len(tr) == 2
    assert 3.0 < xy[-1, 0] <= 3.0 + 0.02 * 6 + 1e-9, "should stop within the 2% margin"
    assert np.allclose(xy, P.linear_flow([[1, 0], [0, -1]], [0.5, 2.0], t), rtol=1e-4, atol=1e-5)


def test_trajectory_backward_runs_negative_time_and_reaches_rest():
    tr = P.trajectory(P.linear_field([[1, 2], [-2, 1]]), [1.0, 1.0], 100.0, backward=True)
    assert tr.reason == "equilibrium" and tr.t[-1] < 0
    assert np.hypot(*tr.xy[-1]) < 1e-6


def test_direction_field_has_grid_shape_and_replaces_undefined_values_by_zero():
    X, Y, U, V = P.direction_field(P.compile_field("log(x)", "1/y"), (-1, 1), (-1, 1), (5, 4))
    assert X.shape == Y.shape == U.shape == V.shape == (4, 5)
    assert np.all(np.isfinite(U)) and np.all(np.isfinite(V))
    assert np.all(U[:, X[0] < 0] == 0), "log of a negative number should give no arrow"


# ---------------------------------------------------------------------------
# damped oscillator
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("m, mu, k, regime", [
    (1, 0, 1, "undamped"), (1, 1, 1, "underdamped"), (1, 2, 1, "critically_damped"),
    (1, 3, 1, "overdamped"), (0.3, 0.6, 0.3, "critically_damped"),
    (2, 0.1 + 0.2 + 0.1, 0.02, "critically_damped"), (1, 2 - 1e-6, 1, "underdamped"),
    (1, 2 + 1e-6, 1, "overdamped"), (1, 0.5, 0, "overdamped"),
])
def test_damping_regime_follows_the_sign_of_mu_squared_minus_four_m_k(m, mu, k, regime):
    assert P.damping_regime(m, mu, k) == regime


def test_oscillator_matrix_classifies_like_its_damping_regime():
    assert P.classify(P.oscillator_matrix(1, 0, 1)) == "center"
    assert P.classify(P.oscillator_matrix(1, 1, 1)) == "stable_focus"
    assert P.classify(P.oscillator_matrix(1, 2, 1)) == "stable_degenerate_node"
    assert P.classify(P.oscillator_matrix(1, 3, 1)) == "stable_node"
    with pytest.raises(ValueError):
        P.oscillator_matrix(0, 1, 1)


@settings(max_examples=60, deadline=None)
@given(m=st.floats(0.1, 5), mu=st.floats(0, 5), k=st.floats(0, 5),
       x=st.floats(-3, 3), v=st.floats(-3, 3))
def test_oscillator_energy_never_increases_along_a_solution(m, mu, k, x, v):
    t = np.linspace(0, 20, 400)
    xs, vs = P.linear_flow(P.oscillator_matrix(m, mu, k), [x, v], t).T
    energy = P.oscillator_energy(m, k, xs, vs)
    rises = np.diff(energy)
    assert rises.max() <= 1e-9 * max(1.0, energy[0]), "V = kx^2/2 + mv^2/2 rose: wrong A?"


def test_critical_damping_has_the_fastest_decay_and_settles_faster_than_clear_extremes():
    mus = np.linspace(0.2, 6, 59)
    rates = [P.decay_rate(1, mu, 1) for mu in mus]
    assert np.isclose(mus[int(np.argmax(rates))], 2.0, atol=0.1)
    critical = P.settling_time(1, 2, 1, [1, 0], 1e-3)
    assert critical < P.settling_time(1, 1, 1, [1, 0], 1e-3)
    assert critical < P.settling_time(1, 4, 1, [1, 0], 1e-3)
    # critical damping: x = (1 + t) e^-t, v = -t e^-t; norm crosses 1e-3 near t ~ 9.56
    assert 9 < critical < 10.5


def test_settling_time_is_infinite_without_damping_and_zero_inside_the_band():
    assert P.settling_time(1, 0, 1, [1, 0], 0.1) == np.inf
    assert P.settling_time(1, 1, 1, [1e-3, 0], 0.1) == 0.0


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


# ---------------------------------------------------------------------------
# limit cycles and Morris-Lecar bifurcations
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


def test_ml_hopf_set_loses_stability_at_the_published_hopf_current():
    # Rinzel & Ermentrout (1989) / Ermentrout & Terman (2010, ch. 3): subcritical
    # Hopf of the rest state at I ~ 93.86 uA/cm^2 for the "Hopf" set.
    bif = P.ml_bifurcation(P.ML_HOPF, cycles=False)
    assert np.min(np.abs(bif.hopf_I - 93.86)) < 1.0, f"Hopf points at {bif.hopf_I}"
    assert len(bif.fold_I) == 0, "the Hopf set has a monotone I-V curve (no folds)"


def test_ml_snic_set_has_its_saddle_node_at_the_published_current():
    # Same sources: rest and saddle merge on the invariant circle at I ~ 39.96 uA/cm^2.
    bif = P.ml_bifurcation(P.ML_SNIC, cycles=False)
    assert np.min(np.abs(bif.fold_I - 39.96)) < 1.0, f"folds at {bif.fold_I}"
    below = np.interp(39.0, bif.branch_I[:800], bif.branch_V[:800])
    assert below < -25, "the lower branch should still exist just below the SNIC"


def test_ml_hopf_set_is_bistable_below_the_hopf_point_and_fires_at_finite_frequency():
    f = P.morris_lecar(90.0)
    rest = P.limit_cycle(f, [-27.0, 0.13], 500, 500, rtol=1e-6, atol=1e-8)
    cycle = P.limit_cycle(f, [20.0, 0.0], 500, 800, rtol=1e-6, atol=1e-8)
    assert rest is None, "a start near rest should stay at rest (rest is stable below 93.86)"
    assert cycle is not None, "a large kick should reach the coexisting limit cycle"
    assert 1000 / cycle.period > 8, "class 2 starts firing at a finite frequency (7.4-10.8 Hz)"


def test_ml_hopf_set_fires_at_10_75_hz_at_its_hopf_current():
    # nl-03 and docs/model.md: the tonic firing the Hopf set jumps to when rest is lost
    I_H = float(np.min(P.ml_bifurcation(P.ML_HOPF, cycles=False).hopf_I))
    cycle = P.limit_cycle(P.morris_lecar(I_H), [20.0, 0.0], 1000, 1500, rtol=1e-9, atol=1e-11)
    assert I_H == pytest.approx(93.858, abs=0.001)
    assert 1000 / cycle.period == pytest.approx(10.75, abs=0.01)


def test_ml_hopf_set_fires_no_slower_than_7_4_hz_the_rate_at_its_fold_of_cycles():
    # nl-02/nl-03 and docs/model.md: the stable cycle exists down to I = 88.29 (not 88.3 and
    # 7.9 Hz: the rate falls steeply in the last 0.01 uA/cm^2 before the cycles merge)
    fold = P.ml_cycle_fold(P.ML_HOPF)
    assert fold.I == pytest.approx(88.293, abs=0.001)
    assert fold.frequency_hz == pytest.approx(7.39, abs=0.01)
    above = P.limit_cycle(P.morris_lecar(fold.I + 0.003), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    below = P.limit_cycle(P.morris_lecar(fold.I - 0.003), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    assert above is not None and below is None, "the stable cycle must end at the computed fold"
    assert fold.frequency_hz < 1000 / above.period < 7.9, "just above the fold it fires slightly faster"
    at_88_3 = P.limit_cycle(P.morris_lecar(88.3), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    assert 1000 / at_88_3.period == pytest.approx(7.90, abs=0.01), "7.9 Hz is the rate at 88.30, above the fold"


def test_ml_snic_frequency_starts_from_zero_roughly_like_the_square_root_of_the_excess_current():
    # nl-03: f ~ c sqrt(I - I_c) just above the SNIC current, c drifting only slowly
    I_c = float(np.max(P.ml_bifurcation(P.ML_SNIC, cycles=False).fold_I))
    assert I_c == pytest.approx(39.96, abs=0.01)
    c = []
    for I in (40.0, 40.5, 42.0):
        lc = P.limit_cycle(P.morris_lecar(I, **P.ML_SNIC), [20.0, 0.0], 1000, 8000, rtol=1e-8, atol=1e-10)
        c.append(1000 / lc.period / math.sqrt(I - I_c))
    assert c[0] == pytest.approx(5.5, abs=0.1) and max(c) / min(c) < 1.2, c


def test_ml_snic_set_fires_slowly_just_above_onset_and_faster_further_up():
    bif = P.ml_bifurcation(P.ML_SNIC, [40.5, 60.0], t_transient=300, t_observe=1500)
    slow, fast = bif.frequency_hz
    assert slow < 5, f"{slow:.2f} Hz at I = 40.5: class 1 frequency should start near 0"
    assert fast > 3 * slow


# ---------------------------------------------------------------------------
# compile_field
# ---------------------------------------------------------------------------


VALID = [
    ("x - x**3/3 - y + I", lambda x, y, I, c: x - x ** 3 / 3 - y + I),
    ("0.08*(x + 0.7 - 0.8*y)", lambda x, y, I, c: 0.08 * (x + 0.7 - 0.8 * y)),
    ("-sin(x) - c*y", lambda x, y, I, c: -np.sin(x) - c * y),
    ("exp(-x**2) * cos(pi*y) + e", lambda x, y, I, c: np.exp(-x ** 2) * np.cos(np.pi * y) + np.e),
    ("sqrt(abs(x)) + tanh(y) - sinh(x/4) + cosh(y/4)",
     lambda x, y, I, c: np.sqrt(np.abs(x)) + np.tanh(y) - np.sinh(x / 4) + np.cosh(y / 4)),
    ("minimum(x, y) + maximum(x, 2) + tan(x/10)",
     lambda x, y, I, c: np.minimum(x, y) + np.maximum(x, 2) + np.tan(x / 10)),
    ("+x ** -2 + log(1 + y*y)", lambda x, y, I, c: x ** -2.0 + np.log(1 + y * y)),
    ("2 ** 10 - 3", lambda x, y, I, c: np.full_like(x, 1021.0)),
]


@pytest.mark.parametrize("expr, reference", VALID)
def test_compiled_expressions_equal_numpy_evaluation_on_a_grid(expr, reference):
    f = P.compile_field(expr, "y", {"I": 0.5, "c": 0.3})
    x, y = np.meshgrid(np.linspace(0.5, 2, 7), np.linspace(-1, 1, 5))
    dx, dy = f(x, y)
    assert dx.shape == x.shape and np.array_equal(dy, y)
    assert np.allclose(dx, reference(x, y, 0.5, 0.3), rtol=1e-14)


def test_compiled_field_rebinds_parameters_and_returns_scalars_for_scalars():
    f = P.compile_field("x + I", "-y", {"I": 1.0})
    assert f(1.0, 2.0) == (2.0, -2.0)
    assert f.bind(I=3.0)(1.0, 2.0) == (4.0, -2.0) and f(1.0, 2.0) == (2.0, -2.0)


def test_compiled_field_gives_nan_and_inf_without_warnings():
    f = P.compile_field("log(x)", "1/x + exp(1000*y)")
    dx, dy = f(np.array([-1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]))
    assert np.isnan(dx[0]) and dx[1] == -np.inf and dy[1] == np.inf and dy[2] == np.inf


HOSTILE = [
    ("__import__('os').system('touch {marker}')", "'__import__' is not allowed", 1),
    ("x + __import__('os')", "'__import__' is not allowed", 5),
    ("x.__class__", "'__class__' is not allowed", 3),
    ("().__class__.__bases__[0].__subclasses__()", "'__class__' is not allowed", 4),
    ("(1).real.imag", "attribute access", 9),
    ("x.real", "attribute access", 2),
    ("open('{marker}', 'w')", "'open' is not an allowed function", 1),
    ("eval('1')", "'eval' is not an allowed function", 1),
    ("exec('x=1')", "'exec' is not an allowed function", 1),
    ("__builtins__", "'__builtins__' is not allowed", 1),
    ("(lambda: 1)()", "lambda", 2),
    ("x(1)", "'x' is not an allowed function", 1),
    ("lambda x: x", "lambda", 1),
    ("[i for i in range(10)]", "a comprehension", 1),
    ("sum(i for i in range(10**8))", "'sum' is not an allowed function", 1),
    ("x[0]", "indexing", 1),
    ("'abc'", "text (strings)", 1),
    ("b'abc'", "text (strings)", 1),
    ("f'{x}'", "text (strings)", 1),
    ("9**9**9", "exponent", 4),
    ("10**400", "exponent", 5),
    ("x**11", "exponent", 4),
    ("2**-11", "exponent", 4),
    ("exp(x, out=x)", "keyword arguments", 0),
    ("maximum(*x)", "'*' unpacking", 9),
    ("sin(x, y)", "takes 1 argument", 1),
    ("x if y else 1", "'if ... else'", 1),
    ("x < y", "a comparison", 1),
    ("x and y", "'and'/'or'", 1),
    ("(z := 1)", "':='", 2),
    ("x % 2", "'%'", 1),
    ("x // 2", "'//'", 1),
    ("x ^ 2", "use ** for powers", 1),
    ("~x", "'~'", 1),
    ("True", "is not allowed; only numbers", 1),
    ("1j", "is not allowed; only numbers", 1),
    ("x, y", "a tuple", 1),
    ("{x: 1}", "a dict", 1),
    ("[x]", "a list", 1),
    ("import os", "syntax error", 0),
    ("x = 1", "syntax error", 0),
    ("x +", "syntax error", 0),
    ("", "empty", 0),
    ("foo + 1", "unknown name 'foo'", 1),
    ("sin", "is a function", 1),
    ("1" + "0" * 400, "too large", 1),
    ("x" + "+x" * 300, "longer than 500 characters", 501),
    ("(" * 240 + "x" + ")" * 240, "too many nested parentheses", 0),
    ("-" * 200 + "x", "nested too deeply", 0),
    ("sin(" * 60 + "x" + ")" * 60, "nested too deeply", 0),
]


@pytest.mark.parametrize("expr, fragment, col", HOSTILE)
def test_hostile_expressions_are_refused_quickly_with_a_pointed_message(expr, fragment, col, tmp_path):
    marker = tmp_path / "pwned"
    expr = expr.replace("{marker}", str(marker))
    start = time.perf_counter()
    with pytest.raises(P.ExpressionError) as info:
        P.compile_field(expr, "y", {"I": 1.0})
    elapsed = time.perf_counter() - start
    err = info.value
    assert fragment in err.message, f"message {err.message!r} should mention {fragment!r}"
    assert err.field == "dx" and str(err).startswith("dx: ")
    if col:
        assert err.col == col, f"column {err.col} should point at the offending part ({col})"
    assert elapsed < 0.05, f"refusing took {elapsed * 1e3:.1f} ms"
    assert not marker.exists(), "the expression was executed!"


def test_redundant_parentheses_are_harmless():
    f = P.compile_field("(" * 60 + "x" + ")" * 60, "((y))")
    assert f(2.0, 3.0) == (2.0, 3.0)


def test_expression_error_names_the_field_and_column_in_its_text():
    with pytest.raises(P.ExpressionError) as info:
        P.compile_field("x", "y + __import__('os')")
    assert str(info.value) == "dy: '__import__' is not allowed (column 5)"


def test_parameter_names_that_shadow_variables_or_functions_are_refused():
    for name in ("x", "exp", "pi", "__class__", "1a"):
        with pytest.raises(P.ExpressionError):
            P.compile_field("x", "y", {name: 1.0})
    with pytest.raises(P.ExpressionError):
        P.compile_field("x", "y", {"I": float("nan")})


# ---------------------------------------------------------------------------
# registry and purity
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(P.SYSTEMS))
def test_every_built_in_system_evaluates_finitely_on_its_window(name):
    spec = P.SYSTEMS[name]
    for key, par in spec.params.items():
        assert par.min <= par.default <= par.max, f"{name}.{key} default outside its range"
    X, Y, U, V = P.direction_field(spec.make(), spec.xlim, spec.ylim, 25)
    assert np.all(np.isfinite(U)) and np.abs(U).max() > 0
    assert spec.values({list(spec.params)[0]: 1e9})[list(spec.params)[0]] == \
        list(spec.params.values())[0].max, "values should be clamped to the declared range"


def test_the_sim_module_never_imports_pygame():
    code = "import sys, game.sim.planar; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# what the linearisation decides (nl-07, pp-08)
# ---------------------------------------------------------------------------


def test_node_trajectories_curve_in_tangent_to_the_slow_eigenvector():
    # pp-08's stable node: paths are not straight; they end along the eigenvector whose
    # eigenvalue is nearer zero (only the two eigenvector lines are straight)
    A = np.array([[-2.0, 0.5], [0.3, -1.0]])
    lam, vec = np.linalg.eig(A)
    slow, fast = vec[:, np.argmax(lam.real)], vec[:, np.argmin(lam.real)]
    xy = P.linear_flow(A, [-2.0, 2.5], np.linspace(0.0, 12.0, 600))
    heading = np.diff(xy, axis=0)
    heading /= np.linalg.norm(heading, axis=1, keepdims=True)
    turn = np.degrees(np.arccos(np.clip(abs(heading[0] @ heading[-1]), -1, 1)))
    assert turn > 20, "the path bends on its way in"
    assert abs(heading[-1] @ slow) > 0.9999, "it arrives tangent to the slow eigenvector"
    line = P.linear_flow(A, 2.0 * fast, np.linspace(0.0, 3.0, 50))
    assert np.allclose(line[:, 0] * fast[1] - line[:, 1] * fast[0], 0.0, atol=1e-12), \
        "a start on an eigenvector moves straight"


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
