r"""Asynchronous recall one unit at a time, for animation and the step buttons.

:class:`RecallAnimator` runs the dynamics of :func:`game.sim.hopfield.recall`
(same sweep code, same use of the random stream per sweep: one permutation,
then one set of logistic thresholds when ``T > 0``) but can stop anywhere
inside a sweep, so a view can highlight the unit being updated, draw the
energy falling update by update, and offer "step one neuron" and "step
sweep". Energies are dimensionless, ``E = -1/2 s^T W s + theta^T s``.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

import numpy as np

from game.sim.hopfield._validate import as_state, as_theta, as_weights, check_temperature
from game.sim.hopfield._sweeps import logistic_thresholds, order_for, sweep_inplace
from game.sim.hopfield.observables import energy_from_field

__all__ = ["UnitUpdate", "Chunk", "RecallAnimator"]


class UnitUpdate(NamedTuple):
    """One unit visited by :class:`RecallAnimator`: which, whether it flipped, energy after."""

    index: int
    flipped: bool
    energy: float


class Chunk(NamedTuple):
    """Several consecutive unit updates from :meth:`RecallAnimator.advance`.

    ``units[k]`` was visited k-th, ``flipped[k]`` says whether it changed and
    ``energies[k]`` is the energy right after (all arrays of equal length).
    """

    units: np.ndarray
    flipped: np.ndarray
    energies: np.ndarray


class RecallAnimator:
    """Asynchronous recall that advances one unit (or a few) at a time, for the view.

    It runs the same dynamics as :func:`recall` (same sweep code, same random
    stream use per sweep), but can stop anywhere inside a sweep so the view
    can highlight :attr:`current_unit`, draw the energy falling update by
    update, and offer "step one neuron" / "step sweep" buttons.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Symmetric weights, zero diagonal.
    s0 : array_like, shape (N,)
        Start state (copied).
    rng : numpy.random.Generator, optional
        Random order per sweep and Glauber noise; required unless ``order``
        is given and the temperature stays 0.
    temperature : float, default 0
        Constant temperature (settable between frames through
        :attr:`temperature`; takes effect for the rest of the current sweep).
    theta : array_like, optional
        Thresholds.
    schedule : array_like of float, optional
        Annealing temperatures, one per sweep; afterwards ``T = 0``.
    order : array_like of int, optional
        Fixed update order (length N) used for every sweep.

    Attributes
    ----------
    state : ndarray, shape (N,)
        Current state (the view reads it; do not modify).
    field : ndarray, shape (N,)
        Current local fields ``W s - theta``.
    energy : float
        Current energy.
    sweeps : int
        Completed sweeps.
    position : int
        Units already visited in the current sweep.
    converged : bool
        A whole zero-temperature sweep changed nothing.

    Examples
    --------
    >>> import numpy as np
    >>> from game.sim.hopfield import corrupt, hebbian, overlap, random_patterns
    >>> rng = np.random.default_rng(0)
    >>> X = random_patterns(3, 64, rng)
    >>> anim = RecallAnimator(hebbian(X), corrupt(X[1], 0.2, rng), rng)
    >>> first = anim.step()          # one neuron: UnitUpdate(index, flipped, energy)
    >>> updates = list(anim)         # ... or iterate to convergence
    >>> anim.converged, overlap(anim.state, X[1])
    (True, 1.0)
    """

    def __init__(self, W, s0, rng: np.random.Generator | None = None, *,
                 temperature: float = 0.0, theta=None, schedule=None, order=None):
        self.W = as_weights(W)
        n = self.W.shape[0]
        self.n = n
        self.theta = as_theta(theta, n)
        self.state = as_state(s0, n, "s0")
        self._T = check_temperature(temperature)
        self.schedule = None if schedule is None else np.asarray(schedule, dtype=float).ravel()
        if self.schedule is not None and (np.any(self.schedule < 0) or not np.all(np.isfinite(self.schedule))):
            raise ValueError("schedule temperatures must be finite and >= 0")
        self._fixed_order = None if order is None else order_for(order, n)
        if self._fixed_order is not None and self._fixed_order.size != n:
            raise ValueError(f"order must have {n} entries, got {self._fixed_order.size}")
        if rng is None and (self._fixed_order is None or self._T > 0 or
                            (self.schedule is not None and np.any(self.schedule > 0))):
            raise ValueError("RecallAnimator needs rng for a random order or temperature > 0")
        self.rng = rng
        self.sweeps = 0
        self.position = 0
        self.converged = False
        self._flips_this_sweep = 0
        self._since_refresh = 0
        self.field: np.ndarray | None = None
        self.energy = 0.0
        self._start_sweep()

    # -- temperature -----------------------------------------------------
    def sweep_temperature(self, k: int | None = None) -> float:
        """Temperature of sweep ``k`` (default: the current one)."""
        k = self.sweeps if k is None else k
        if self.schedule is not None:
            return float(self.schedule[k]) if k < self.schedule.size else 0.0
        return self._T

    @property
    def temperature(self) -> float:
        """Temperature of the current sweep (setting it only acts without a schedule)."""
        return self._sweep_T

    @temperature.setter
    def temperature(self, value: float) -> None:
        self._T = check_temperature(value)
        if self.schedule is None:
            self._sweep_T = self._T
            self._z = None if self._T == 0 else logistic_thresholds(self._T, self.n, self._need_rng())
            if self._T > 0:
                self.converged = False

    def _need_rng(self) -> np.random.Generator:
        if self.rng is None:
            raise ValueError("temperature > 0 needs an rng")
        return self.rng

    # -- stepping --------------------------------------------------------
    @property
    def current_unit(self) -> int:
        """Index of the unit the next :meth:`step` will update (highlight it)."""
        return int(self._order[self.position])

    def _start_sweep(self) -> None:
        if self.field is None or self._since_refresh >= self.n:
            # exact fields after N incremental updates: round-off cannot pile up
            self.field = self.W @ self.state - self.theta
            self.energy = energy_from_field(self.state, self.field, self.theta)
            self._since_refresh = 0
        self._order = (self._fixed_order if self._fixed_order is not None
                       else self._need_rng().permutation(self.n))
        self._sweep_T = self.sweep_temperature()
        self._z = None if self._sweep_T == 0 else logistic_thresholds(self._sweep_T, self.n, self.rng)
        self._flips_this_sweep = 0

    def advance(self, n_units: int) -> Chunk:
        """Update the next ``n_units`` units (crossing sweep boundaries as needed)."""
        units, flipped, energies = [], [], []
        left = int(n_units)
        while left > 0:
            m = min(left, self.n - self.position)
            seg = self._order[self.position:self.position + m]
            pos, dE = sweep_inplace(self.W, self.state, self.field, seg, self._z)
            fl = np.zeros(m, dtype=bool)
            d = np.zeros(m)
            if pos:
                fl[pos] = True
                d[pos] = dE
            e = self.energy + np.cumsum(d)
            if pos:
                self.energy = float(e[-1])
            units.append(seg)
            flipped.append(fl)
            energies.append(e)
            self._flips_this_sweep += len(pos)
            self._since_refresh += len(pos)
            self.position += m
            left -= m
            if self.position == self.n:
                if self._sweep_T == 0 and self._flips_this_sweep == 0:
                    self.converged = True
                self.sweeps += 1
                self.position = 0
                self._start_sweep()
        if not units:
            return Chunk(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool), np.zeros(0))
        return Chunk(np.concatenate(units), np.concatenate(flipped), np.concatenate(energies))

    def step(self) -> UnitUpdate:
        """Update one unit ("step one neuron")."""
        c = self.advance(1)
        return UnitUpdate(int(c.units[0]), bool(c.flipped[0]), float(c.energies[0]))

    def sweep(self) -> Chunk:
        """Finish the current sweep ("step sweep"; a whole sweep if at its start)."""
        return self.advance(self.n - self.position)

    def __iter__(self) -> Iterator[UnitUpdate]:
        """Yield :class:`UnitUpdate` one unit at a time until :attr:`converged`.

        At a constant temperature > 0 this never ends; take as many as needed.
        """
        while not self.converged:
            yield self.step()
