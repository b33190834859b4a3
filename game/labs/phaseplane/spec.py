"""Registration of the phaseplane lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.legacy import legacy_spec
from game.labs.phaseplane import schema
from game.core.level import Level
from game.core.schema import Param, Window

ENTRY = dict(min=-5.0, max=5.0, step=0.1)


def sandbox_params(mode: str) -> dict[str, Param]:
    """Every tunable of the sandbox, for the linear or the oscillator system."""
    if mode == "oscillator":
        return {"m": Param(default=1.0, min=0.1, max=5.0, step=0.1, unit=""),
                "mu": Param(default=0.5, min=0.0, max=5.0, step=0.05, unit=""),
                "k": Param(default=1.0, min=0.1, max=5.0, step=0.1, unit="")}
    defaults = {"a11": -0.3, "a12": 1.0, "a21": -1.0, "a22": -0.3}
    return {k: Param(default=v, **ENTRY) for k, v in defaults.items()}


def sandbox_level() -> Level:
    texts = {"en": "Sandbox", "zh": "沙盒"}
    return Level(id="sandbox-phaseplane", kind="phaseplane", title=texts, brief=texts, learned=texts,
                 hints=(), window=Window(x=(-3, 3), y=(-3, 3)), fixed=schema.Fixed(),
                 params=sandbox_params("linear"), controls=schema.Controls(td_drag=True),
                 goal=None, solution=schema.Solution())


def _view(level, ctx, mode, spec):
    from game.labs.phaseplane.view import PhasePlaneView
    return PhasePlaneView(level, ctx, mode, spec)


SPEC = legacy_spec("phaseplane", order=20, colour=(86, 180, 233), schema=schema, view=_view,
                   sandbox=sandbox_level)
