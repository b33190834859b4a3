"""Networks the Hopfield sim tests share: random symmetric nets, Hebbian nets, a naive reference."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.sim import hopfield as hf


def naive_async(W, s, order, theta):
    """Reference: visit units one by one, full field each time, sign(0) keeps s_i."""
    s = s.astype(float).copy()
    energies = []
    for i in order:
        h_i = W[i] @ s - theta[i]
        if h_i * s[i] < -hf.ZERO_FIELD_TOL:
            s[i] = -s[i]
        energies.append(-0.5 * s @ W @ s + theta @ s)
    return s, np.asarray(energies)


@st.composite
def networks(draw, max_n=12, dyadic=False):
    """Random symmetric W with zero diagonal, thresholds, a state and a seed.

    ``dyadic``: entries are multiples of 1/8, so every field is computed exactly
    and exact zero fields (sign(0)) are common, with no round-off at the boundary.
    """
    n = draw(st.integers(2, max_n))
    if dyadic:
        w_el, t_el = st.integers(-8, 8).map(lambda k: k / 8), st.integers(-4, 4).map(lambda k: k / 8)
    else:
        w_el, t_el = st.floats(-1, 1, allow_subnormal=False), st.floats(-0.5, 0.5, allow_subnormal=False)
    upper = draw(hnp.arrays(float, (n, n), elements=w_el))
    W = np.triu(upper, 1)
    W = W + W.T
    theta = draw(hnp.arrays(float, n, elements=t_el))
    s = np.where(draw(hnp.arrays(bool, n)), 1.0, -1.0)
    seed = draw(st.integers(0, 2**32 - 1))
    return W, theta, s, seed


def hebbian_net(N, P, seed):
    rng = np.random.default_rng(seed)
    X = hf.random_patterns(P, N, rng)
    return X, hf.hebbian(X), rng
