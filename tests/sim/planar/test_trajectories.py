"""game.sim.planar.trajectories: integrated and exact trajectories that stop cleanly and say why."""

import math
import time

import numpy as np
import pytest

from game.sim import planar as P


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


# ---------------------------------------------------------------------------
# batches for live sliders: the batched forms give the plain forms' results
# ---------------------------------------------------------------------------


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
