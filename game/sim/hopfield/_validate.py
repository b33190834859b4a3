"""Checks shared by the Hopfield modules: patterns, states, weights, thresholds, temperatures.

Each helper returns a float array of the expected shape (a copy where the
caller modifies it) or raises ``ValueError`` with a message naming the
argument and what was expected. Private to :mod:`game.sim.hopfield`.
"""

from __future__ import annotations

import numpy as np


def as_patterns(patterns) -> np.ndarray:
    """Patterns as a float (P, N) array of +-1 (one pattern may be given as a vector)."""
    X = np.asarray(patterns, dtype=float)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"patterns must have shape (P, N) with N >= 1, got {X.shape}")
    if not np.all(np.abs(X) == 1.0):
        raise ValueError("patterns must contain only -1 and +1")
    return X


def as_state(s, n: int | None = None, name: str = "s") -> np.ndarray:
    """A copy of state ``s`` as a flat float array of +-1 (of ``n`` units when given)."""
    x = np.array(s, dtype=float).ravel()  # always a copy
    if n is not None and x.size != n:
        raise ValueError(f"{name} has {x.size} units but W is {n}x{n}")
    if not np.all(np.abs(x) == 1.0):
        raise ValueError(f"{name} must contain only -1 and +1")
    return x


def as_weights(W) -> np.ndarray:
    """Weights as a square float array."""
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (N, N), got shape {W.shape}")
    return W


def as_theta(theta, n: int) -> np.ndarray:
    """Thresholds as a float array of ``n`` entries (None: zeros; a number: that number each)."""
    if theta is None:
        return np.zeros(n)
    t = np.asarray(theta, dtype=float)
    if t.ndim == 0:
        return np.full(n, float(t))
    t = t.ravel()
    if t.size != n:
        raise ValueError(f"theta has {t.size} entries but the network has {n} units")
    return t


def check_temperature(temperature: float, name: str = "temperature") -> float:
    """A temperature as a float, finite and >= 0."""
    T = float(temperature)
    if not np.isfinite(T) or T < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {temperature!r}")
    return T
