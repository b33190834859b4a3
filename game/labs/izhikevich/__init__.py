"""Izhikevich lab: make a neuron spike, burst and chatter; oscilloscope, phase plane, atlas, Fig. 1, sound.

Sliders for a, b, c, d and the input current, an oscilloscope of v(t) and
I(t) with a spike strip, the (v, u) phase plane with nullclines, equilibria
marked stable or unstable, the Hopf and saddle-node currents, the run's
path with its reset hops; presets, input protocols and the 20 panels of
Izhikevich (2004) Fig. 1; the firing-class atlas; scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.izhikevich import challenge, goals, sandbox, schema
from game.labs.izhikevich.model import IzhikevichModel
from game.labs.izhikevich.scripts import SCRIPTS
from game.labs.izhikevich.view import IzhikevichView

SPEC = make_spec("izhikevich", order=40, colour=(230, 159, 0), schema=schema, goals=goals,
                 model=IzhikevichModel, view=IzhikevichView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
