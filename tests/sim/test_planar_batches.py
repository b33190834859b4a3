"""The batched and split forms of planar's slider-frame work give the plain forms' results."""

import numpy as np
import pytest

from game.sim import planar as P

VIEW = (-3.0, 3.0, -3.0, 3.0)


@pytest.mark.parametrize("A", [[[0.3, 1], [-1, 0.3]], [[0, 1], [-1, 0]], [[1, 0], [0, -1]], [[-1, 0], [0, -2]],
                               [[2, 0], [0, 2]], [[0, 1], [0, 0]], [[0, 0], [0, 0]], [[10, -10], [10, 10]]])
@pytest.mark.parametrize("cap", [320, 4000])
def test_forward_and_backward_pairs_equal_two_separate_batches(A, cap):
    starts = np.random.default_rng(0).uniform(-3, 3, (7, 2))
    starts[0] = 0.0
    starts[1] = (1e7, 0.0)            # starts beyond the blow-up limit
    fwd, bwd = P.linear_trajectory_pairs(A, starts, 30.0, bounds=VIEW, max_points=cap)
    for got, backward in ((fwd, False), (bwd, True)):
        want = P.linear_trajectories(A, starts, 30.0, backward=backward, bounds=VIEW, max_points=cap)
        assert len(got) == len(want) == len(starts)
        for g, w in zip(got, want):
            assert g.reason == w.reason
            np.testing.assert_array_equal(g.t, w.t)
            np.testing.assert_array_equal(g.xy, w.xy)


def test_batched_paths_are_exact_flow_points_that_stop_at_the_view():
    A = np.array([[0.3, 1.0], [-1.0, 0.3]])
    starts = [(1.0, 0.0), (-2.0, 1.0)]
    fwd, bwd = P.linear_trajectory_pairs(A, starts, 30.0, bounds=VIEW)
    for tr, s in zip(fwd + bwd, starts + starts):
        np.testing.assert_allclose(tr.xy, P.linear_flow(A, s, tr.t), rtol=1e-9, atol=1e-12)
        assert np.all(np.abs(tr.xy[:-1]) <= 3.0 + 1e-9)
    # an unstable focus: forward the paths leave the view, backward they wind into the origin
    assert [tr.reason for tr in fwd] == ["left_view", "left_view"]
    assert all(tr.reason != "left_view" and np.hypot(*tr.xy[-1]) < 0.1 for tr in bwd)
    assert all(tr.t[-1] > 0 for tr in fwd) and all(tr.t[-1] < 0 for tr in bwd)


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
