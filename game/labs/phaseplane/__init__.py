"""Phase-plane lab: linear systems x' = Ax and the damped oscillator.

Direction field, exact trajectories forward and backward, eigenvectors, the
trace-determinant plane and the time series; scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.phaseplane import challenge, goals, sandbox, schema
from game.labs.phaseplane.model import PhasePlaneModel
from game.labs.phaseplane.scripts import SCRIPTS
from game.labs.phaseplane.view import PhasePlaneView

SPEC = make_spec("phaseplane", order=20, colour=(86, 180, 233), schema=schema, goals=goals,
                 model=PhasePlaneModel, view=PhasePlaneView, sandbox=sandbox.level, scripts=SCRIPTS,
                 challenge=challenge.Writer)

__all__ = ["SPEC"]
