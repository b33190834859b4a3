"""Hopfield lab: store patterns, corrupt one, recall it; energy, annealing, capacity."""

from game.labs.hopfield.spec import SPEC

__all__ = ["SPEC"]
