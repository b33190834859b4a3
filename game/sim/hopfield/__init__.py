r"""Hopfield network: content-addressable memory, energy, Glauber dynamics.

A network of :math:`N` binary units :math:`s_i = \pm 1` with symmetric
weights :math:`w_{ij} = w_{ji}`, :math:`w_{ii} = 0`, and thresholds
:math:`\theta_i` (Hopfield 1982).  All quantities are dimensionless::

    h_i = sum_j w_ij s_j - theta_i                  local field
    s_i <- sign(h_i), sign(0) := s_i                zero-temperature update
    E(s) = -1/2 s^T W s + theta^T s                  energy, a Lyapunov function of async updates
    P(s_i = +1) = 1 / (1 + exp(-2 h_i / T))          stochastic (Glauber) unit at temperature T
    m_mu = (1/N) sum_i s_i xi_i^mu                   overlap with pattern mu, in [-1, 1]

One module per job; every public name is importable from the package
(``from game.sim import hopfield; hopfield.recall(...)``):

- :mod:`~game.sim.hopfield.learning`: random patterns, probe states
  (``corrupt``, ``occlude``) and the learning rules (Hebbian, Storkey,
  pseudo-inverse);
- :mod:`~game.sim.hopfield.observables`: fields, energy, overlaps, fixed points;
- :mod:`~game.sim.hopfield.dynamics`: asynchronous and synchronous sweeps,
  Glauber units, annealing schedules and ``recall``;
- :mod:`~game.sim.hopfield.animator`: the same recall one unit at a time
  (``RecallAnimator``), for animation;
- :mod:`~game.sim.hopfield.attractors`: what a state is (a pattern, its
  inverse, a mixture or spurious);
- :mod:`~game.sim.hopfield.capacity`: recall quality against the load ``P/N``.

References
----------
.. [1] J. J. Hopfield, "Neural networks and physical systems with emergent
   collective computational abilities", PNAS 79, 2554-2558 (1982).
.. [2] D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of
   patterns in a spin-glass model of neural networks", Phys. Rev. Lett. 55,
   1530-1533 (1985); "Spin-glass models of neural networks", Phys. Rev. A 32,
   1007-1018 (1985) (mixture states and their temperatures).
.. [3] A. J. Storkey, "Increasing the capacity of a Hopfield network without
   sacrificing functionality", ICANN'97, LNCS 1327, 451-456 (1997).
.. [4] L. Personnaz, I. Guyon, G. Dreyfus, "Information storage and retrieval
   in spin-glass like neural networks", J. Physique Lett. 46, L359 (1985).
.. [5] R. J. Glauber, "Time-dependent statistics of the Ising model",
   J. Math. Phys. 4, 294 (1963).

Examples
--------
>>> import numpy as np
>>> from game.sim import hopfield
>>> rng = np.random.default_rng(2)
>>> X = hopfield.random_patterns(4, 100, rng)
>>> r = hopfield.recall(hopfield.hebbian(X), hopfield.corrupt(X[2], 0.15, rng), rng)
>>> hopfield.classify_state(r.state, X)
('pattern', 2)
"""

from game.sim.hopfield.animator import Chunk, RecallAnimator, UnitUpdate
from game.sim.hopfield.attractors import classify_state, is_mixture, mixture_components, mixture_state
from game.sim.hopfield.capacity import CRITICAL_LOAD, CapacityCurve, capacity_curve
from game.sim.hopfield.dynamics import (Recall, UnitStep, anneal_schedule, async_sweep, glauber_probability,
                                        glauber_sweep, recall, step_unit, sync_step)
from game.sim.hopfield.learning import (RULES, corrupt, hebbian, learn, occlude, pseudo_inverse, random_patterns,
                                        storkey)
from game.sim.hopfield.observables import ZERO_FIELD_TOL, energy, is_fixed_point, local_field, overlap, overlaps

__all__ = [
    "CRITICAL_LOAD",
    "ZERO_FIELD_TOL",
    "Recall",
    "UnitStep",
    "UnitUpdate",
    "Chunk",
    "CapacityCurve",
    "RecallAnimator",
    "random_patterns",
    "hebbian",
    "storkey",
    "pseudo_inverse",
    "RULES",
    "learn",
    "local_field",
    "energy",
    "overlap",
    "overlaps",
    "corrupt",
    "occlude",
    "is_fixed_point",
    "async_sweep",
    "sync_step",
    "step_unit",
    "glauber_probability",
    "glauber_sweep",
    "anneal_schedule",
    "recall",
    "classify_state",
    "mixture_state",
    "mixture_components",
    "is_mixture",
    "capacity_curve",
]
