"""Registration of the izhikevich lab: schema, goals, view, sandbox."""

from __future__ import annotations

from game.labs.legacy import legacy_spec
from game.labs.izhikevich import schema
from game.core.level import Level
from game.core.schema import Param

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
                 controls=schema.Controls(presets=True, protocols=True, atlas=True,
                                          figure1=list(schema.fig1.LETTERS)),
                 goal=None, solution=schema.Solution())


def _view(level, ctx, mode, spec):
    from game.labs.izhikevich.view import IzhikevichView
    return IzhikevichView(level, ctx, mode, spec)


SPEC = legacy_spec("izhikevich", order=40, colour=(230, 159, 0), schema=schema, view=_view,
                   sandbox=sandbox_level)
