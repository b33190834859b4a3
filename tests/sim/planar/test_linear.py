"""game.sim.planar.linear: the trace-determinant classification and the exact flow of x' = Ax."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from game.sim import planar as P


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
