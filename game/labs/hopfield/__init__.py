"""Hopfield lab: store patterns, corrupt one, recall it; energy, annealing, capacity.

A grid of +-1 units with a gallery of candidate patterns, Hebbian, Storkey
or pseudo-inverse weights, asynchronous or synchronous updates at a
temperature or along an annealing schedule; scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.hopfield import challenge, goals, sandbox, schema
from game.labs.hopfield.model import HopfieldModel
from game.labs.hopfield.scripts import SCRIPTS
from game.labs.hopfield.view import HopfieldView

SPEC = make_spec("hopfield", order=50, colour=(204, 121, 167), schema=schema, goals=goals,
                 model=HopfieldModel, view=HopfieldView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
