"""Nonlinear phase-plane lab: Morris–Lecar, FitzHugh–Nagumo, van der Pol, user equations.

Nullclines, equilibria named by their linearisation, trajectories forward
and backward, limit cycles, the repelling slow manifold, and the Hopf and
SNIC routes to firing in a bifurcation diagram over the applied current;
scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.nonlinear import challenge, goals, sandbox, schema
from game.labs.nonlinear.model import NonlinearModel
from game.labs.nonlinear.scripts import SCRIPTS
from game.labs.nonlinear.view import NonlinearView

SPEC = make_spec("nonlinear", order=30, colour=(204, 121, 167), schema=schema, goals=goals,
                 model=NonlinearModel, view=NonlinearView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
