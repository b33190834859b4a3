"""Registration of the gabor lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.legacy import legacy_spec
from game.labs.gabor import schema
from game.core.level import Level
from game.core.schema import Param


def sandbox_params() -> dict[str, Param]:
    """Every slider of the sandbox, declared once (θ and ψ in degrees, λ and σ in px).

    λ reaches down to 1 px on purpose: below 2 px the view clamps it and
    explains aliasing (Nyquist).
    """
    return {
        "theta_deg": Param(default=0.0, min=-180.0, max=180.0, step=1.0, unit="°"),
        "wavelength": Param(default=10.0, min=1.0, max=64.0, step=0.5, unit="px"),
        "sigma": Param(default=4.0, min=0.5, max=16.0, step=0.25, unit="px"),
        "phase_deg": Param(default=0.0, min=-180.0, max=180.0, step=5.0, unit="°"),
        "gamma": Param(default=1.0, min=0.2, max=4.0, step=0.05, unit=""),
    }


def sandbox_level() -> Level:
    texts = {"en": "Sandbox", "zh": "沙盒"}
    return Level(id="sandbox-gabor", kind="gabor", title=texts, brief=texts, learned=texts, hints=(),
                 window=None, fixed=schema.Fixed(source=schema.default_source("bars")),
                 params=sandbox_params(), controls=schema.Controls(picker=True), goal=None,
                 solution=schema.Solution())


def _view(level, ctx, mode, spec):
    from game.labs.gabor.view import GaborView
    return GaborView(level, ctx, mode, spec)


SPEC = legacy_spec("gabor", order=10, colour=(230, 159, 0), schema=schema, view=_view,
                   sandbox=sandbox_level)
