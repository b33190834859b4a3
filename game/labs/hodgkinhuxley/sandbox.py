"""The hodgkinhuxley sandbox: every protocol and both clamps, the membrane's temperature and blockers.

Sliders hide when the protocol or mode does not use them (``view.visible``);
the buttons switch the protocol, the clamp and the right-hand panel.
"""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param
from game.labs.hodgkinhuxley import schema


def params() -> dict[str, Param]:
    """Every tunable of the sandbox (ranges inside ``schema.LIMITS``)."""
    u = schema.UNITS
    return {
        "I": Param(default=10.0, min=-20.0, max=160.0, step=0.05, unit=u["I"]),
        "width_ms": Param(default=1.0, min=0.1, max=20.0, step=0.05, unit=u["width_ms"]),
        "gap_ms": Param(default=10.0, min=0.0, max=40.0, step=0.05, unit=u["gap_ms"]),
        "duration_ms": Param(default=20.0, min=1.0, max=100.0, step=0.5, unit=u["duration_ms"]),
        "v_hold": Param(default=-65.0, min=-100.0, max=0.0, step=1.0, unit=u["v_hold"]),
        "v_step": Param(default=0.0, min=-100.0, max=100.0, step=1.0, unit=u["v_step"]),
        "temperature_c": Param(default=6.3, min=0.0, max=35.0, step=0.1, unit=u["temperature_c"]),
        "ttx": Param(default=0.0, min=0.0, max=1.0, step=0.01, unit=u["ttx"]),
        "tea": Param(default=0.0, min=0.0, max=1.0, step=0.01, unit=u["tea"]),
    }


def level() -> Level:
    """A 100 ms step of 10 µA/cm² at 6.3 °C, every button on."""
    return sandbox_level("hodgkinhuxley", schema.Fixed(t_ms=100.0), params(),
                         schema.Controls(protocols=True, clamp=True, panels=True), schema.Solution())
