"""Registration of the nonlinear lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.legacy import legacy_spec
from game.labs.nonlinear import model, schema
from game.core.level import Level
from game.core.schema import Window

#: The system the sandbox opens with: three equilibria and a SNIC to find.
SANDBOX_SYSTEM = "morris_lecar_snic"


def sandbox_level(system: str = SANDBOX_SYSTEM) -> Level:
    """Every control unlocked: system picker, equation editor, all sliders."""
    texts = {"en": "Sandbox", "zh": "沙盒"}
    equations = model.CUSTOM_DEFAULT if system == model.CUSTOM else None
    fixed = schema.Fixed.model_validate({"system": system, "equations": equations})
    (wx, wy) = model.system_window(system)
    return Level(id="sandbox-nonlinear", kind="nonlinear", title=texts, brief=texts, learned=texts,
                 hints=(), window=Window(x=wx, y=wy), fixed=fixed,
                 params=model.system_params(system, equations), controls=schema.Controls(),
                 goal=None, solution=schema.Solution())


def _view(level, ctx, mode, spec):
    from game.labs.nonlinear.view import NonlinearView
    return NonlinearView(level, ctx, mode, spec)


SPEC = legacy_spec("nonlinear", order=30, colour=(204, 121, 167), schema=schema, view=_view,
                   sandbox=sandbox_level)
