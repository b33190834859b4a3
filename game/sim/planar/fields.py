"""Planar vector fields on points and grids: the field type and the direction field.

Every field of this package has the signature ``f(x, y) -> (dx, dy)`` and is
vectorised: ``x`` and ``y`` may be scalars or arrays of one shape, and so are
the results. No pygame here.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

#: A planar vector field: ``f(x, y) -> (dx/dt, dy/dt)``, vectorised.
Field = Callable[[np.ndarray, np.ndarray], tuple]


def _as_point(x0) -> np.ndarray:
    x0 = np.asarray(x0, dtype=float).reshape(-1)
    if x0.shape != (2,) or not np.all(np.isfinite(x0)):
        raise ValueError(f"a point must be 2 finite numbers, got {x0.tolist()!r}")
    return x0


def _eval_grid(f: Field, X: np.ndarray, Y: np.ndarray):
    with np.errstate(all="ignore"):
        U, V = f(X, Y)
    shape = np.broadcast(X, Y).shape
    U = np.broadcast_to(np.asarray(U, dtype=float), shape)
    V = np.broadcast_to(np.asarray(V, dtype=float), shape)
    return U, V


def _mesh(xlim, ylim, n):
    nx, ny = (n, n) if np.isscalar(n) else n
    x = np.linspace(float(xlim[0]), float(xlim[1]), int(nx))
    y = np.linspace(float(ylim[0]), float(ylim[1]), int(ny))
    X, Y = np.meshgrid(x, y)
    return x, y, X, Y


def direction_field(f: Field, xlim, ylim, n=21):
    """Sample a vector field on a regular grid (for arrows or streaks).

    Parameters
    ----------
    f : callable
        Vectorised field ``f(x, y) -> (dx, dy)``.
    xlim, ylim : (float, float)
        Window in model units.
    n : int or (int, int)
        Grid points per axis (nx, ny).

    Returns
    -------
    X, Y, U, V : ndarray, shape (ny, nx)
        Grid coordinates and raw (not normalised) velocities; the view
        normalises and colours by speed. Non-finite velocities (a field that
        is undefined or overflows there) are returned as 0, i.e. no arrow.
    """
    _, _, X, Y = _mesh(xlim, ylim, n)
    U, V = _eval_grid(f, X, Y)
    ok = np.isfinite(U) & np.isfinite(V)
    return X, Y, np.where(ok, U, 0.0), np.where(ok, V, 0.0)
