"""game.sim.planar.fields: sampling a field on a grid."""

import numpy as np

from game.sim import planar as P


def test_direction_field_has_grid_shape_and_replaces_undefined_values_by_zero():
    X, Y, U, V = P.direction_field(P.compile_field("log(x)", "1/y"), (-1, 1), (-1, 1), (5, 4))
    assert X.shape == Y.shape == U.shape == V.shape == (4, 5)
    assert np.all(np.isfinite(U)) and np.all(np.isfinite(V))
    assert np.all(U[:, X[0] < 0] == 0), "log of a negative number should give no arrow"
