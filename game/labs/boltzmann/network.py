"""The network a boltzmann level describes: weights, biases, connectivity and training data.

:func:`build` turns a validated ``fixed`` table (``schema.Fixed``) into a
:class:`Network`: ``W`` from the ``[i, j, w]`` edges (or
Sherrington-Kirkpatrick couplings drawn from the generator seeded
``[seed, 0]``), ``b``, the connectivity ``mask`` (all pairs, or the v-h-v
encoder's), and the data as a (P, visible) array of +-1. Strings of 0 and 1
name states of the visible units ("1" = on = +1, unit 0 first, as
``game.sim.boltzmann.states`` orders them). No pygame here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim import boltzmann as bm


@dataclass(frozen=True)
class Network:
    """A network before any training: units ``0..nv-1`` visible, then ``nh`` hidden."""

    W: np.ndarray                 #: (n, n) symmetric, zero diagonal, zero where ``mask`` is False
    b: np.ndarray                 #: (n,) biases
    nv: int
    nh: int
    mask: np.ndarray              #: (n, n) bool: which connections exist
    data: np.ndarray | None       #: (P, nv) training patterns of +-1, or None
    given: bool                   #: W and b come from the level (not drawn by a trainer)

    @property
    def n(self) -> int:
        return self.nv + self.nh


def bits(text: str) -> np.ndarray:
    """A 0/1 string as a state of +-1 (``"101"`` -> ``[1, -1, 1]``)."""
    return np.array([1.0 if ch == "1" else -1.0 for ch in text])


def bit_string(s) -> str:
    """A state of +-1 as a 0/1 string (the inverse of :func:`bits`)."""
    return "".join("1" if x > 0 else "0" for x in np.asarray(s).ravel())


def clamp_vector(text: str | None, nv: int) -> np.ndarray:
    """A clamp string ("1" on, "0" off, "-" free) as a vector in {-1, 0, +1} of length ``nv``."""
    if not text:
        return np.zeros(nv)
    return np.array([{"1": 1.0, "0": -1.0}.get(ch, 0.0) for ch in text[:nv]] + [0.0] * max(0, nv - len(text)))


def clamp_string(c) -> str:
    """The inverse of :func:`clamp_vector`."""
    return "".join("1" if x > 0 else "0" if x < 0 else "-" for x in np.asarray(c).ravel())


def data_patterns(data, nv: int) -> np.ndarray | None:
    """Training patterns (P, nv) of +-1 from ``fixed.data`` (strings or a named set)."""
    if data is None:
        return None
    if data == "parity":
        return bm.parity_data(nv).astype(float)
    if data == "encoder":
        return bm.encoder_data(nv // 2).astype(float)
    if data == "memories":
        return bm.two_memories(nv).astype(float)
    return np.stack([bits(p) for p in data])


def mask_for(connect: str, nv: int, nh: int) -> np.ndarray:
    """Connectivity: every pair, or the encoder's (no links between the two halves of the visibles)."""
    n = nv + nh
    if connect == "encoder":
        M = np.ones((n, n), dtype=bool)
        v = nv // 2
        M[:v, v:nv] = False
        M[v:nv, :v] = False
    else:
        M = np.ones((n, n), dtype=bool)
    np.fill_diagonal(M, False)
    return M


def build(fixed, seed: int, hidden: int) -> Network:
    """The network ``fixed`` describes with ``hidden`` hidden units (a validated level)."""
    nv, nh = int(fixed.visible), int(hidden)
    n = nv + nh
    mask = mask_for(fixed.connect, nv, nh)
    W = np.zeros((n, n))
    if fixed.couplings == "spin_glass":
        W = bm.spin_glass(n, np.random.default_rng([int(seed), 0]))
    for i, j, w in fixed.weights:
        if i < n and j < n:
            W[i, j] = W[j, i] = float(w)
    W = W * mask
    b = np.zeros(n)
    if fixed.biases is not None:
        m = min(n, len(fixed.biases))
        b[:m] = fixed.biases[:m]
    given = bool(fixed.weights or fixed.biases or fixed.couplings == "spin_glass")
    return Network(W, b, nv, nh, mask, data_patterns(fixed.data, nv), given)


def layout_key(net: Network) -> tuple:
    """What the drawing of a network's units depends on (their number and kinds)."""
    return (net.nv, net.nh)
