"""Gabor lab: V1-style orientation filters on images (kernel, response, tuning, hypercolumn).

A Gabor cell (θ, λ, σ, ψ, γ) looks at a generated picture or a PNG / JPEG:
its kernel and profile, its response map (even, odd, energy or a hand-built
quadrature pair), its polar orientation tuning and a hypercolumn of eight
orientations; scored by ``goals.GOALS``.
"""

from game.core.lab import make_spec
from game.labs.gabor import challenge, goals, sandbox, schema
from game.labs.gabor.model import GaborModel
from game.labs.gabor.scripts import SCRIPTS
from game.labs.gabor.view import GaborView

SPEC = make_spec("gabor", order=10, colour=(230, 159, 0), schema=schema, goals=goals, model=GaborModel,
                 view=GaborView, sandbox=sandbox.level, scripts=SCRIPTS, challenge=challenge.Writer)

__all__ = ["SPEC"]
