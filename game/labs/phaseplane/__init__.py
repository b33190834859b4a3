"""Phase-plane lab: linear systems x' = Ax and the damped oscillator."""

from game.labs.phaseplane.spec import SPEC

__all__ = ["SPEC"]
