"""The izhikevich sandbox: every parameter on a slider, presets, protocols, Fig. 1 panels, the atlas."""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param
from game.labs.izhikevich import schema
from game.sim import izhikevich as izh

#: Slider declarations of the sandbox (units as in the level files).
PARAMS = {
    "a": Param(default=0.02, min=0.0, max=0.2, step=0.005, unit="1/ms"),
    "b": Param(default=0.2, min=-0.1, max=0.35, step=0.005, unit=""),
    "c": Param(default=-65.0, min=-80.0, max=-40.0, step=0.5, unit="mV"),
    "d": Param(default=8.0, min=0.0, max=10.0, step=0.05, unit=""),
    "I": Param(default=10.0, min=-20.0, max=40.0, step=0.1, unit=""),
}

#: What each protocol button switches to (the amplitude is always the I slider).
PROTOCOLS: dict[str, dict[str, float]] = {
    "constant": {},
    "step": {"onset_ms": 50.0},
    "pulse": {"onset_ms": 50.0, "width_ms": 5.0, "count": 5.0, "interval_ms": 150.0},
    "ramp": {},
    "negative_step": {"onset_ms": 50.0, "offset_ms": 250.0},
}


def level() -> Level:
    """RS at I = 10 with every control on: presets, protocols, all 20 Fig. 1 panels, the atlas."""
    return sandbox_level("izhikevich", schema.Fixed(), PARAMS,
                         schema.Controls(presets=True, protocols=True, atlas=True, figure1=list(izh.LETTERS)),
                         schema.Solution())
