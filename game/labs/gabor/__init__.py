"""Gabor lab: V1-style orientation filters on images (kernel, response, tuning, bank)."""

from game.labs.gabor.spec import SPEC

__all__ = ["SPEC"]
