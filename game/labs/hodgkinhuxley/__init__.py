"""Hodgkin–Huxley lab: the squid axon membrane, its gates and currents, voltage clamp, class 2 firing.

A current or voltage clamp of the 4-D model (``game.sim.hodgkin_huxley``)
shown on an oscilloscope with its gates and currents, the Na+ and K+
channels opening, the f–I curve beside the Morris–Lecar SNIC set's, and
Rinzel's (V, n) reduction; scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.hodgkinhuxley import challenge, goals, sandbox, schema
from game.labs.hodgkinhuxley.model import HodgkinHuxleyModel
from game.labs.hodgkinhuxley.scripts import SCRIPTS
from game.labs.hodgkinhuxley.view import HodgkinHuxleyView

SPEC = make_spec("hodgkinhuxley", order=35, colour=(0, 158, 115), schema=schema, goals=goals,
                 model=HodgkinHuxleyModel, view=HodgkinHuxleyView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
