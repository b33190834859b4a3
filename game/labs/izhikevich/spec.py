"""Registration of the izhikevich lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.base import LabSpec
from game.labs.izhikevich import schema
from game.levels import Level, Param

#: Slider declarations of the sandbox (units as in the level files).
SANDBOX_PARAMS = {
    "a": Param(default=0.02, min=0.0, max=0.2, step=0.005, unit="1/ms"),
    "b": Param(default=0.2, min=-0.1, max=0.35, step=0.005, unit=""),
    "c": Param(default=-65.0, min=-80.0, max=-40.0, step=0.5, unit="mV"),
    "d": Param(default=8.0, min=0.0, max=10.0, step=0.05, unit=""),
    "I": Param(default=10.0, min=-20.0, max=40.0, step=0.1, unit=""),
}


def sandbox_level() -> Level:
    texts = {"en": "Sandbox", "zh": "沙盒"}
    return Level(id="sandbox-izhikevich", kind="izhikevich", title=texts, brief=texts, learned=texts,
                 hints=(), window=None, fixed=schema.Fixed(), params=dict(SANDBOX_PARAMS),
                 controls=schema.Controls(presets=True, protocols=True, atlas=True),
                 goal=None, solution=schema.Solution())


def _view(level, ctx, mode):
    from game.labs.izhikevich.view import IzhikevichView
    return IzhikevichView(level, ctx, mode)


SPEC = LabSpec(
    kind="izhikevich", name_key="izhikevich.name", blurb_key="izhikevich.blurb", view=_view,
    param_limits=schema.PARAM_LIMITS, goals=schema.GOALS, fixed=schema.Fixed,
    controls=schema.Controls, solution=schema.Solution, order=40, sandbox=sandbox_level,
    cross_check=schema.cross_check, colour=(230, 159, 0),
)
