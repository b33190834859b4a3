r"""Boltzmann machine: Hopfield units made stochastic, then made to learn.

``n`` units ``s_i = ±1`` (the Hopfield lab's convention), weights ``W``
symmetric with ``w_ii = 0`` and biases ``b``; all quantities dimensionless::

    E(s) = -1/2 s^T W s - b^T s            (Hopfield's energy with theta = -b)
    p(s) = exp(-E(s)/T) / Z,   Z = sum_s exp(-E(s)/T),   T > 0

The local field is ``h_i = sum_j w_ij s_j + b_i``.  Flipping unit ``i`` changes
the energy by ``2 s_i h_i``, so the probability of ``s_i = +1`` given all the
other units is the Glauber rule of ``hopfield.glauber_probability``::

    P(s_i = +1 | rest) = 1 / (1 + exp(-2 h_i / T))

Gibbs sampling (Geman & Geman 1984) visits the units in turn and redraws each
from that conditional; ``p(s)`` is its stationary distribution.  At ``T = 0`` a
unit takes ``sign(h_i)`` and keeps its state when ``h_i = 0`` (the
deterministic Hopfield rule), so the energy never rises: a *quench*.
Annealing (Kirkpatrick, Gelatt & Vecchi 1983) lowers ``T`` along a schedule
(``hopfield.anneal_schedule``) and then quenches.

Exact results enumerate all ``2^n`` states (``n <= MAX_EXACT_UNITS = 16``) in the
order of ``itertools.product([-1, 1], repeat=n)``: unit 0 is the most
significant "bit" and ``+1`` counts as 1, so state ``k`` has
``s_i = +1`` exactly where bit ``n-1-i`` of ``k`` is set.

Learning (Ackley, Hinton & Sejnowski 1985).  The first ``n_visible`` units are
visible, the rest hidden.  Gradient descent on the Kullback-Leibler divergence
``G = KL(P_data || P_model)`` of the visible distribution gives::

    dG/dw_ij = -(1/T) (<s_i s_j>+ - <s_i s_j>-),   dG/db_i = -(1/T) (<s_i>+ - <s_i>-)

``<.>+``: the *clamped* (positive) phase, visible units held at a data vector
and hidden units at equilibrium given it, averaged over the data;
``<.>-``: the *free* (negative) phase, the whole network at equilibrium.
``method="exact"`` computes both by enumeration; ``method="sampled"`` estimates
both by Gibbs sampling from persistent chains (Younes 1989; Tieleman 2008).

Layout: ``core`` (states, energies, exact distributions, Gibbs sampling,
annealing), ``datasets`` (parity, the 4-2-4 encoder, two memories, a spin
glass), ``learning`` (``BoltzmannMachine``, ``Trainer``, ``fit``); everything
is importable from this package.

References
----------
.. [1] D. H. Ackley, G. E. Hinton, T. J. Sejnowski, "A learning algorithm for
   Boltzmann machines", Cognitive Science 9, 147-169 (1985).
.. [2] G. E. Hinton, T. J. Sejnowski, "Learning and relearning in Boltzmann
   machines", in Rumelhart & McClelland (eds.), Parallel Distributed
   Processing, vol. 1, ch. 7, MIT Press (1986).
.. [3] S. Geman, D. Geman, "Stochastic relaxation, Gibbs distributions, and the
   Bayesian restoration of images", IEEE Trans. PAMI 6, 721-741 (1984).
.. [4] S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi, "Optimization by simulated
   annealing", Science 220, 671-680 (1983).
.. [5] L. Younes, "Parametric inference for imperfectly observed Gibbsian
   fields", Probab. Theory Relat. Fields 82, 625-645 (1989).
.. [6] T. Tieleman, "Training restricted Boltzmann machines using
   approximations to the likelihood gradient", ICML (2008).
"""

from game.sim.boltzmann.core import (MAX_EXACT_UNITS, ZERO_FIELD_TOL, GroundStates, Settled, anneal,
                                     correlations, empirical_distribution, energies, exact_distribution,
                                     gibbs, ground_states, kl_divergence, marginals, quench, state_index,
                                     states, total_variation)
from game.sim.boltzmann.datasets import encoder_data, encoder_mask, parity_data, spin_glass, two_memories
from game.sim.boltzmann.learning import AHS_CLAMP_NOISE, BoltzmannMachine, History, Phase, Trainer, fit

__all__ = [
    "MAX_EXACT_UNITS", "ZERO_FIELD_TOL", "states", "state_index", "energies", "exact_distribution",
    "marginals", "correlations", "empirical_distribution", "total_variation", "kl_divergence",
    "gibbs", "Settled", "anneal", "quench", "GroundStates", "ground_states",
    "parity_data", "encoder_data", "encoder_mask", "two_memories", "spin_glass",
    "AHS_CLAMP_NOISE", "Phase", "History", "BoltzmannMachine", "Trainer", "fit",
]
