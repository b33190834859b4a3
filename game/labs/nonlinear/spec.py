"""Registration of the nonlinear lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.base import LabSpec
from game.labs.nonlinear import model, schema
from game.levels import Level, Window

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


def _view(level, ctx, mode):
    from game.labs.nonlinear.view import NonlinearView
    return NonlinearView(level, ctx, mode)


SPEC = LabSpec(
    kind="nonlinear", name_key="nonlinear.name", blurb_key="nonlinear.blurb", view=_view,
    param_limits=schema.PARAM_LIMITS, goals=schema.GOALS, fixed=schema.Fixed,
    controls=schema.Controls, solution=schema.Solution, order=30, sandbox=sandbox_level,
    cross_check=schema.cross_check, colour=(204, 121, 167),
)
