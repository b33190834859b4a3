"""Boltzmann learning (Ackley, Hinton & Sejnowski 1985): clamped and free phases, exact or sampled.

The equations and conventions are in the docstring of :mod:`game.sim.boltzmann`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from game.sim.boltzmann.core import (MAX_EXACT_UNITS, _as_clamp, _as_pm1, _check_exact, _exact, _energies,
                                     _fstates, _positive_T, _softmax, _sweep, correlations, exact_distribution,
                                     gibbs, kl_divergence, marginals, state_index, states)

# ----------------------------------------------------------------------------
# learning
# ----------------------------------------------------------------------------

class Phase(NamedTuple):
    """Statistics of one learning phase over all units (visible first, then hidden)."""

    means: np.ndarray         #: <s_i>, shape (n,)
    correlations: np.ndarray  #: <s_i s_j>, shape (n, n), diagonal 1


@dataclass
class History:
    """Per-epoch record of training; entry 0 is the model before the first epoch."""

    kl: list[float] = field(default_factory=list)       #: KL(P_data || P_model) of the visibles, nats (NaN if n > 16)
    W: list[np.ndarray] = field(default_factory=list)   #: weights (when recorded)
    b: list[np.ndarray] = field(default_factory=list)   #: biases (when recorded)


@dataclass
class BoltzmannMachine:
    """A Boltzmann machine: units ``0..n_visible-1`` visible, the rest hidden.

    Attributes
    ----------
    W : ndarray, shape (n, n)
        Symmetric weights, zero diagonal (zero where ``mask`` is False).
    b : ndarray, shape (n,)
        Biases.
    n_visible, n_hidden : int
    T : float
        Temperature of the model distribution.
    mask : ndarray of bool, shape (n, n)
        Which connections exist.
    history : History
        Training record (empty for a model built by hand).
    positive, negative : Phase or None
        Clamped and free statistics of the last training epoch.
    """

    W: np.ndarray
    b: np.ndarray
    n_visible: int
    n_hidden: int = 0
    T: float = 1.0
    mask: np.ndarray | None = None
    history: History = field(default_factory=History)
    positive: Phase | None = None
    negative: Phase | None = None

    @property
    def n(self) -> int:
        """Total number of units."""
        return self.n_visible + self.n_hidden

    def distribution(self, clamp=None) -> np.ndarray:
        """Exact distribution over ``states(n)`` (all units), optionally clamped."""
        return exact_distribution(self.W, self.b, self.T, clamp)

    def visible_distribution(self, clamp=None) -> np.ndarray:
        """Exact distribution of the visible units over ``states(n_visible)`` (hidden summed out).

        ``clamp`` (length ``n_visible``, 0 = free) conditions on some visible units.
        """
        c = None if clamp is None else np.concatenate([_as_clamp(clamp, self.n_visible), np.zeros(self.n_hidden)])
        return self.distribution(c).reshape(2 ** self.n_visible, 2 ** self.n_hidden).sum(axis=1)

    def complete(self, clamp) -> tuple[np.ndarray, float]:
        """Most probable visible state given the clamped visible units, and its probability.

        Examples
        --------
        >>> m = BoltzmannMachine(np.array([[0.0, 2.0], [2.0, 0.0]]), np.zeros(2), 2)
        >>> s, p = m.complete([1, 0])
        >>> s.tolist(), round(p, 3)
        ([1, 1], 0.982)
        """
        q = self.visible_distribution(clamp)
        k = int(np.argmax(q))
        return states(self.n_visible)[k].copy(), float(q[k])

    def hidden_distribution(self, clamp) -> np.ndarray:
        """Exact distribution of the hidden units over ``states(n_hidden)`` given visible ``clamp``.

        ``clamp`` has ``n_visible`` entries in {-1, 0, +1} (0 = free, summed out).
        """
        c = np.concatenate([_as_clamp(clamp, self.n_visible), np.zeros(self.n_hidden)])
        return self.distribution(c).reshape(2 ** self.n_visible, 2 ** self.n_hidden).sum(axis=0)

    def sample(self, n_sweeps: int, rng: np.random.Generator, **kwargs) -> np.ndarray:
        """Gibbs samples of all units at the model temperature (see :func:`gibbs`)."""
        return gibbs(self.W, self.b, self.T, n_sweeps, rng, **kwargs)


def _data_distribution(data, weights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct patterns, their probabilities, and the distribution over states(n_visible)."""
    X = _as_pm1(data, "data")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"data must have shape (patterns, n_visible), got {X.shape}")
    w = np.ones(X.shape[0]) if weights is None else np.asarray(weights, dtype=float).ravel()
    if w.size != X.shape[0] or np.any(w < 0) or not np.all(np.isfinite(w)) or w.sum() <= 0:
        raise ValueError("weights must be one non-negative number per pattern, not all 0")
    uniq, inv = np.unique(X, axis=0, return_inverse=True)
    pu = np.bincount(inv.ravel(), weights=w) / w.sum()
    p = None
    if X.shape[1] <= MAX_EXACT_UNITS:
        p = np.zeros(2 ** X.shape[1])
        np.add.at(p, np.asarray(state_index(uniq)).ravel(), pu)
    return uniq, pu, p


#: Noisy clamping of Ackley, Hinton & Sejnowski (1985): during the clamped phase a visible
#: unit that is on in the data is presented off with probability 0.15, one that is off is
#: presented on with probability 0.05.  It keeps the weights finite.
AHS_CLAMP_NOISE = (0.15, 0.05)


def _check_noise(noise) -> tuple[float, float] | None:
    if noise is None:
        return None
    a, c = (float(x) for x in noise)
    if not (0.0 <= a < 0.5 and 0.0 <= c < 0.5):
        raise ValueError(f"clamp_noise must be two flip probabilities in [0, 0.5), got {noise!r}")
    return a, c


def _noisy(V: np.ndarray, pv: np.ndarray, noise: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The clamped patterns under noisy clamping, as a distribution over states(n_visible).

    ``P(s | v) = (1-a)^{n11} a^{n10} c^{n01} (1-c)^{n00}`` with ``n_xy`` the number of
    units on (x = 1) or off in ``v`` and on (y = 1) or off in ``s``; ``0^0 = 1``.
    """
    nv = V.shape[1]
    _check_exact(nv)
    if V.shape[0] * 2 ** nv > 2 ** 24:
        raise ValueError("noisy clamping by enumeration is limited to patterns x 2^n_visible <= 2^24")
    a, c = noise
    on_v, on_s = (V > 0).astype(float), (_fstates(nv) > 0).astype(float)
    n11, n10 = on_v @ on_s.T, on_v @ (1.0 - on_s).T
    n01, n00 = (1.0 - on_v) @ on_s.T, (1.0 - on_v) @ (1.0 - on_s).T
    p = pv @ ((1.0 - a) ** n11 * a ** n10 * c ** n01 * (1.0 - c) ** n00)
    keep = p > 0
    return _fstates(nv)[keep], p[keep] / p[keep].sum()


def _exact_positive(W, b, T, V, pv, n_hidden) -> Phase:
    """Clamped phase by enumeration: each pattern with the hidden units at equilibrium."""
    H = _fstates(n_hidden)
    X = np.concatenate([np.repeat(V[:, None, :], H.shape[0], axis=1),
                        np.broadcast_to(H, (V.shape[0],) + H.shape)], axis=2)   # (P, 2^h, n)
    logits = -_energies(W, b, X) / T
    q = pv[:, None] * _softmax(logits, axis=1)
    return Phase(np.einsum("ph,phi->i", q, X), np.einsum("ph,phi,phj->ij", q, X, X))


def _phase_from_samples(X: np.ndarray) -> Phase:
    """Statistics of samples stacked as (samples, n)."""
    return Phase(X.mean(axis=0), (X.T @ X) / X.shape[0])


class Trainer:
    """Boltzmann learning one epoch at a time (for labs that animate training).

    One epoch is one full-batch update of every weight and bias::

        w_ij += (lr / T) (<s_i s_j>+ - <s_i s_j>-)      (only where mask allows)
        b_i  += (lr / T) (<s_i>+ - <s_i>-)

    Parameters
    ----------
    data : array_like, shape (P, n_visible)
        Training patterns of ±1; repeated rows count repeatedly.
    n_hidden : int
    lr : float
        Learning rate.
    rng : numpy.random.Generator
        Initial weights and all sampling.
    method : {"exact", "sampled"}
        ``exact``: both phases by enumeration (``n_visible + n_hidden <= 16``).
        ``sampled``: both phases by Gibbs sampling from persistent chains
        (stochastic maximum likelihood, Younes 1989; "persistent contrastive
        divergence", Tieleman 2008): the free chains and the hidden units of the
        clamped chains carry over from epoch to epoch, ``k`` sweeps each.
    T : float
        Temperature of the model.
    weights : array_like, shape (P,), optional
        Probability weights of the patterns (default: equal).
    mask : array_like of bool, shape (n, n), optional
        Allowed connections (default: all pairs), e.g. :func:`encoder_mask`.
    init_scale : float
        Initial weights ~ ``N(0, init_scale^2)``; biases start at 0.  The
        all-zero network is a stationary point of learning (with parity data
        both phases then agree), so very small initial weights start on a
        plateau.
    n_chains : int
        ``sampled``: free-phase chains, and the minimum number of clamped chains.
    k : int
        ``sampled``: Gibbs sweeps per phase per epoch.
    weight_decay : float
        Subtracts ``lr * weight_decay * W`` each epoch (keeps weights finite
        when the data has zero-probability states).
    clamp_noise : (float, float), optional
        Noisy clamping: in the clamped phase a visible unit on in the data is
        presented off with probability ``clamp_noise[0]``, one off is presented
        on with probability ``clamp_noise[1]`` (:data:`AHS_CLAMP_NOISE` is the
        paper's ``(0.15, 0.05)``).  ``exact`` enumerates every noisy pattern;
        ``sampled`` redraws the noise each epoch.  The history's KL is still
        measured against the noise-free data.
    record_weights : bool, optional
        Keep ``W`` and ``b`` of every epoch in the history (default: when n <= 32).

    Attributes
    ----------
    model : BoltzmannMachine
        The current model (its ``W`` and ``b`` change in place each epoch).
    epoch : int
    p_data : ndarray or None
        The data distribution over ``states(n_visible)`` (None if n_visible > 16).
    """

    def __init__(self, data, n_hidden: int = 0, lr: float = 0.1, rng: np.random.Generator | None = None,
                 method: str = "exact", T: float = 1.0, weights=None, mask=None, init_scale: float = 0.5,
                 n_chains: int = 100, k: int = 1, weight_decay: float = 0.0, clamp_noise=None,
                 record_weights: bool | None = None):
        if rng is None:
            raise ValueError("Trainer needs rng (a numpy.random.Generator)")
        if not (np.isfinite(lr) and np.isfinite(init_scale) and init_scale >= 0 and weight_decay >= 0):
            raise ValueError("lr must be finite, init_scale and weight_decay finite and >= 0")
        if method not in ("exact", "sampled"):
            raise ValueError(f"method must be 'exact' or 'sampled', got {method!r}")
        self.V, self.pv, self.p_data = _data_distribution(data, weights)
        self.clamp_noise = _check_noise(clamp_noise)
        if self.clamp_noise is not None and method == "exact":
            self.V, self.pv = _noisy(self.V, self.pv, self.clamp_noise)
        nv, nh = self.V.shape[1], int(n_hidden)
        n = nv + nh
        if nh < 0:
            raise ValueError(f"n_hidden must be >= 0, got {n_hidden}")
        if method == "exact":
            _check_exact(n)
        M = np.ones((n, n), dtype=bool) if mask is None else np.array(mask, dtype=bool)
        if M.shape != (n, n) or not np.array_equal(M, M.T):
            raise ValueError(f"mask must be a symmetric ({n}, {n}) boolean array")
        np.fill_diagonal(M, False)
        self.rng, self.method, self.lr = rng, method, float(lr)
        self.T = _positive_T(T)
        self.k, self.weight_decay = max(1, int(k)), float(weight_decay)
        W = np.triu(rng.normal(0.0, float(init_scale), (n, n)), 1) * M
        self.model = BoltzmannMachine(W + W.T, np.zeros(n), nv, nh, self.T, M)
        self.epoch = 0
        self._record = (n <= 32) if record_weights is None else bool(record_weights)
        self._exact_kl = n <= MAX_EXACT_UNITS and self.p_data is not None
        if method == "sampled":
            rows = np.resize(np.arange(self.V.shape[0]), max(int(n_chains), self.V.shape[0]))
            self._clean = self.V[rows]
            self._pos = np.hstack([self._clean, np.where(rng.random((rows.size, nh)) < 0.5, -1.0, 1.0)])
            self._pos_w = self.pv[rows] / self.pv[rows].sum()
            self._neg = np.where(rng.random((max(1, int(n_chains)), n)) < 0.5, -1.0, 1.0)
        self._q: tuple[np.ndarray, np.ndarray, float, np.ndarray] | None = None
        self._log()

    @property
    def history(self) -> History:
        return self.model.history

    @property
    def positive(self) -> Phase | None:
        """Clamped-phase statistics of the last epoch."""
        return self.model.positive

    @property
    def negative(self) -> Phase | None:
        """Free-phase statistics of the last epoch."""
        return self.model.negative

    def kl(self) -> float:
        """Exact ``KL(P_data || P_model)`` of the visible units now (NaN when n > 16)."""
        if not self._exact_kl:
            return float("nan")
        return kl_divergence(self.p_data, self._visible())

    def _visible(self) -> np.ndarray:
        m = self.model
        return self._free().reshape(2 ** m.n_visible, 2 ** m.n_hidden).sum(axis=1)

    def _free(self) -> np.ndarray:
        """Exact distribution of the current model, cached until W, b or T change
        (a lab may edit the weights between epochs)."""
        m = self.model
        c = self._q
        if c is None or c[2] != m.T or not (np.array_equal(c[0], m.W) and np.array_equal(c[1], m.b)):
            c = self._q = (m.W.copy(), m.b.copy(), m.T, _exact(m.W, m.b, m.T, np.zeros(m.n)))
        return c[3]

    def _log(self) -> None:
        h = self.model.history
        h.kl.append(self.kl())
        if self._record:
            h.W.append(self.model.W.copy())
            h.b.append(self.model.b.copy())

    def _phases(self) -> tuple[Phase, Phase]:
        m = self.model
        if self.method == "exact":
            pos = _exact_positive(m.W, m.b, m.T, self.V, self.pv, m.n_hidden)
            q = self._free()
            return pos, Phase(marginals(q), correlations(q))
        return self._sampled_positive(), self._sampled_negative()

    def _sampled_positive(self) -> Phase:
        """Clamped chains: visibles held at their data rows, hidden units persistent."""
        m = self.model
        if self.clamp_noise is not None:
            a, c = self.clamp_noise
            v = self._clean
            flip = self.rng.random(v.shape) < np.where(v > 0, a, c)
            self._pos[:, :m.n_visible] = np.where(flip, -v, v)
        X = self._pos.T.copy()                      # (n, chains)
        free = np.arange(m.n) >= m.n_visible
        samples = []
        for _ in range(self.k if m.n_hidden else 1):
            if m.n_hidden:
                noise = self.rng.logistic(0.0, 1.0, size=X.shape)
                _sweep(m.W, m.b, X, free, self.rng.permutation(m.n), m.T, noise)
            samples.append(X.T.copy())
        self._pos = samples[-1]
        P = np.concatenate(samples)
        w = np.tile(self._pos_w, len(samples)) / len(samples)
        return Phase(w @ P, P.T @ (w[:, None] * P))

    def _sampled_negative(self) -> Phase:
        """Free chains, persistent from epoch to epoch."""
        m = self.model
        S = gibbs(m.W, m.b, m.T, self.k, self.rng, s0=self._neg)
        self._neg = S[-1].astype(float)
        return _phase_from_samples(S.reshape(-1, m.n).astype(float))

    def step(self) -> float:
        """One epoch: both phases, one update; returns the KL afterwards (NaN when n > 16)."""
        m = self.model
        pos, neg = self._phases()
        g = (self.lr / m.T) * (pos.correlations - neg.correlations) * m.mask
        m.W += g - self.lr * self.weight_decay * m.W
        m.b += (self.lr / m.T) * (pos.means - neg.means)
        m.positive, m.negative = pos, neg
        self.epoch += 1
        self._log()
        return m.history.kl[-1]

    def run(self, epochs: int) -> BoltzmannMachine:
        """Run ``epochs`` more epochs; returns the model."""
        for _ in range(int(epochs)):
            self.step()
        return self.model


def fit(data, n_hidden: int = 0, epochs: int = 500, lr: float = 0.1, rng: np.random.Generator | None = None,
        method: str = "exact", T: float = 1.0, **kwargs) -> BoltzmannMachine:
    """Train a Boltzmann machine on ``data`` with the Boltzmann learning rule.

    Parameters are those of :class:`Trainer` plus ``epochs``; the returned model
    carries ``history`` (KL per epoch, weights) and the two phases of the last
    epoch (``positive``: clamped, ``negative``: free).

    Examples
    --------
    >>> from game.sim.boltzmann import parity_data
    >>> m = fit(parity_data(), n_hidden=0, epochs=200, lr=0.5, rng=np.random.default_rng(0))
    >>> round(m.history.kl[-1], 3)   # ln 2: no pairwise model can do better (see docs)
    0.693
    """
    return Trainer(data, n_hidden, lr, rng, method, T, **kwargs).run(epochs)
