"""Boltzmann-machine lab: sample, anneal and train stochastic Hopfield units with hidden units.

The network drawn as units and weighted edges, the distribution over the
visible states (exact against sampled, live), temperature and annealing,
clamped units, and learning by the two phases (Ackley, Hinton & Sejnowski
1985); scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.boltzmann import challenge, goals, sandbox, schema
from game.labs.boltzmann.model import BoltzmannModel
from game.labs.boltzmann.scripts import SCRIPTS
from game.labs.boltzmann.view import BoltzmannView

SPEC = make_spec("boltzmann", order=60, colour=(0, 158, 115), schema=schema, goals=goals,
                 model=BoltzmannModel, view=BoltzmannView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
