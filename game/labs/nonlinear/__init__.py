"""Nonlinear phase-plane lab: Morris–Lecar, FitzHugh–Nagumo, van der Pol, user equations.

Nullclines, equilibria named by their linearisation, trajectories forward
and backward, limit cycles, and the Hopf and SNIC routes to firing in a
bifurcation diagram over the applied current.
"""

from game.labs.nonlinear.spec import SPEC

__all__ = ["SPEC"]
