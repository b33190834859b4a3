"""Quadratic Lyapunov functions against closed forms, brute force and the matrix exponential."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import solve_continuous_lyapunov

from game.sim import lyapunov as ly
from game.sim import planar

HOMEWORK = np.array([[0.0, 1.0], [-2.0, -3.0]])      # phi'' + (a + b) phi' + ab phi = 0, a = 1, b = 2


def _random_pairs(n, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        A = rng.uniform(-3, 3, (2, 2))
        a, c = rng.uniform(0.2, 3, 2)
        b = rng.uniform(-1, 1) * math.sqrt(a * c) * 0.9
        yield A, ly.candidate(a, b, c)


def test_dvdt_is_the_quadratic_form_of_at_p_plus_pa_along_exact_trajectories():
    t = np.linspace(0.0, 0.5, 2001)
    for A, P in _random_pairs(20):
        x0 = np.array([0.7, -1.1])
        xy = planar.linear_flow(A, x0, t)
        V = ly.value(P, xy[:, 0], xy[:, 1])
        numeric = np.gradient(V, t)[1:-1]
        exact = ly.derivative(A, P, xy[1:-1, 0], xy[1:-1, 1])
        np.testing.assert_allclose(numeric, exact, rtol=1e-4, atol=1e-5 * np.abs(exact).max(),
                                   err_msg="dV/dt must equal x'(A'P + PA)x")


def test_the_energy_of_a_damped_oscillator_decreases_as_minus_mu_v_squared():
    for m, mu, k in ((1.0, 3.0, 2.0), (2.0, 0.5, 4.0), (0.5, 0.0, 1.0)):
        A = planar.oscillator_matrix(m, mu, k)
        P = ly.candidate(k / 2, 0.0, m / 2)            # V = k x^2 / 2 + m v^2 / 2
        np.testing.assert_allclose(ly.derivative_matrix(A, P), [[0, 0], [0, -mu]], atol=1e-15)
        x, v = np.meshgrid(np.linspace(-2, 2, 9), np.linspace(-2, 2, 9))
        np.testing.assert_allclose(ly.value(P, x, v), planar.oscillator_energy(m, k, x, v))


@pytest.mark.parametrize("a,b,c,pd", [(1, 0, 1, True), (2, 1, 1, True), (1, 1, 1, False), (1, -1.01, 1, False),
                                      (-1, 0, 1, False), (0, 0, 1, False), (5, 1, 1, True), (1e-12, 0, 1, False)])
def test_positive_definite_is_alpha_positive_and_alpha_gamma_above_beta_squared(a, b, c, pd):
    assert ly.positive_definite(ly.candidate(a, b, c)) is pd
    if abs(a) > 1e-6:
        assert (a > 0 and a * c - b * b > 0) is pd


def test_signs_by_direction_match_the_form_on_a_fine_circle():
    theta = np.linspace(0, 2 * np.pi, 3601)[:-1]
    u = np.stack([np.cos(theta), np.sin(theta)])
    rng = np.random.default_rng(3)
    for _ in range(200):
        Q = rng.normal(size=(2, 2))
        Q = Q + Q.T
        D = np.einsum("in,ij,jn->n", u, Q, u)
        s = ly.signs(Q)
        inside = np.zeros_like(theta, dtype=bool)
        for a, b in s.positive:
            inside |= ((theta - a) % (2 * np.pi) < (b - a))
        clear = np.abs(D) > 1e-6 * np.abs(Q).max()
        assert np.array_equal(inside[clear], D[clear] > 0), s
        for z in s.zero:
            assert abs(np.array([math.cos(z), math.sin(z)]) @ Q @ np.array([math.cos(z), math.sin(z)])) < 1e-9


def test_signs_name_the_degenerate_cases():
    tol = 1e-9
    assert ly.signs(np.zeros((2, 2)), tol).kind == "zero"
    assert ly.signs(np.diag([0.0, -6.0]), tol) == ly.Signs("negative_semidefinite", (), (0.0,))
    assert ly.signs(-np.eye(2), tol).kind == "negative_definite"
    s = ly.signs(np.diag([0.0, 2.0]), tol)
    assert s.kind == "positive_semidefinite" and s.zero == (0.0,)
    assert ly.signs(np.eye(2), tol).kind == "positive_definite"


def test_cell_max_is_the_largest_value_on_the_cell_by_brute_force():
    rng = np.random.default_rng(7)
    grid = ly.cells((-2.0, 3.0), (-1.5, 2.5), 13)
    s = grid.scored
    fx = np.linspace(0, 1, 41)
    for _ in range(30):
        Q = rng.normal(size=(2, 2))
        Q = Q + Q.T
        top = ly.cell_max(Q, grid.x0[s], grid.x1[s], grid.y0[s], grid.y1[s])
        # the same by sampling each cell's boundary (directions of a cell are those of its boundary)
        for k, (x0, x1, y0, y1) in enumerate(zip(grid.x0[s], grid.x1[s], grid.y0[s], grid.y1[s])):
            X = np.concatenate([x0 + (x1 - x0) * fx, np.full(41, x1), x1 - (x1 - x0) * fx, np.full(41, x0)])
            Y = np.concatenate([np.full(41, y0), y0 + (y1 - y0) * fx, np.full(41, y1), y1 - (y1 - y0) * fx])
            r = np.hypot(X, Y)
            D = ly.value(Q, X / r, Y / r)
            assert D.max() <= top[k] + 1e-12
            assert D.max() >= top[k] - 2e-3 * np.abs(Q).max()


def test_the_origin_cell_is_left_out_one_or_four_at_a_time():
    assert int((~ly.cells((-3, 3), (-3, 3), 41).scored).sum()) == 1
    assert int((~ly.cells((-3, 3), (-3, 3), 40).scored).sum()) == 4
    assert int((~ly.cells((1, 3), (-3, 3), 41).scored).sum()) == 0


def test_the_homework_energy_is_non_increasing_everywhere_and_zero_on_one_row():
    s = ly.grid_shares(HOMEWORK, ly.candidate(2.0, 0.0, 1.0), (-3, 3), (-3, 3))
    assert (s.cells, s.decreasing, s.zero, s.increasing) == (1680, 1640, 40, 0)
    assert s.share() == 1.0
    assert s.share(strict=True) == pytest.approx(1640 / 1680)


def test_a_line_of_zero_fails_the_strict_count_whatever_its_direction():
    """dV/dt = -(w.x)^2 is zero on one line: the cells it crosses fail, about one per column."""
    for angle in (0.0, 0.3, 0.7854, 1.2, 2.0):
        w = np.array([-math.sin(angle), math.cos(angle)])
        Q = -np.outer(w, w)
        grid = ly.cells((-3, 3), (-3, 3), 41)
        s = grid.scored
        top = ly.cell_max(Q, grid.x0[s], grid.x1[s], grid.y0[s], grid.y1[s])
        zero = np.abs(top) <= 1e-12
        assert (top <= 1e-12).all()
        assert 40 <= zero.sum() <= 2 * 80, f"the line at {angle} rad crosses {zero.sum()} cells"


def test_a_strict_lyapunov_function_from_the_lyapunov_equation_wins_the_strict_count():
    for A in (HOMEWORK, np.array([[0.0, 1.0], [-2.0, -0.5]]), np.array([[-1.0, 5.0], [-0.2, -0.3]])):
        P = solve_continuous_lyapunov(A.T, -np.eye(2))        # A'P + PA = -I
        assert ly.positive_definite(P)
        s = ly.grid_shares(A, P, (-3, 3), (-3, 3))
        assert s.share(strict=True) == 1.0 and s.zero == 0 and s.increasing == 0


def test_energy_plus_a_small_cross_term_is_strict_for_the_lightly_damped_spring():
    A = planar.oscillator_matrix(1.0, 0.5, 2.0)
    assert ly.grid_shares(A, ly.candidate(2.0, 0.0, 1.0), (-3, 3), (-3, 3)).share(True) < 1
    for beta in (0.05, 0.1, 0.25, 0.45):
        s = ly.grid_shares(A, ly.candidate(2.0, beta, 1.0), (-3, 3), (-3, 3))
        assert s.share(strict=True) == 1.0, beta
    assert ly.grid_shares(A, ly.candidate(2.0, 0.55, 1.0), (-3, 3), (-3, 3)).share(True) < 1


def test_a_centre_has_no_strict_lyapunov_function_and_conserves_one_quadratic():
    A = np.array([[1.0, 2.0], [-1.0, -1.0]])
    assert planar.classify(A) == "center"
    P = ly.candidate(1.0, 1.0, 2.0)
    assert np.array_equal(ly.derivative_matrix(A, P), np.zeros((2, 2)))
    s = ly.grid_shares(A, P, (-3, 3), (-3, 3))
    assert (s.share(), s.share(strict=True)) == (1.0, 0.0)
    for _, P in _random_pairs(300, seed=11):
        Q = ly.derivative_matrix(A, P)
        kind = ly.signs(Q, ly.tolerance(A, P)).kind
        assert kind in ("indefinite", "zero"), "a V that falls along closed orbits cannot exist"


def test_a_candidate_that_is_not_positive_definite_scores_nothing():
    s = ly.grid_shares(HOMEWORK, ly.candidate(1.0, 2.0, 1.0), (-3, 3), (-3, 3))
    assert not s.positive_definite and s.share() == 0.0 and s.share(strict=True) == 0.0


def test_level_curves_are_where_v_equals_the_level():
    P = ly.candidate(1.0, 1.0, 2.0)
    pts = ly.level_curve(P, 2.5)
    np.testing.assert_allclose(ly.value(P, pts[:, 0], pts[:, 1]), 2.5)
    with pytest.raises(ValueError):
        ly.level_curve(ly.candidate(1.0, 2.0, 1.0), 1.0)
