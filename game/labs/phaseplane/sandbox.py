"""The phaseplane sandbox: every entry of A on a slider (or m, mu, k), the classic presets."""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param, Window
from game.labs.phaseplane import schema

#: Slider range of each entry of A in the sandbox.
ENTRY = dict(min=-5.0, max=5.0, step=0.1)

#: The six classic portraits, as matrices (the sandbox's preset buttons).
PRESETS = {
    "saddle": [[1.0, 0.0], [0.0, -1.0]],
    "center": [[0.0, 1.0], [-1.0, 0.0]],
    "stable_focus": [[-0.3, 1.0], [-1.0, -0.3]],
    "unstable_focus": [[0.3, 1.0], [-1.0, 0.3]],
    "stable_node": [[-1.0, 0.0], [0.0, -2.0]],
    "unstable_node": [[1.0, 0.0], [0.0, 2.0]],
}


def sandbox_params(system: str) -> dict[str, Param]:
    """Every tunable of the sandbox, for the linear system or the oscillator."""
    if system == "oscillator":
        return {"m": Param(default=1.0, min=0.1, max=5.0, step=0.1, unit=""),
                "mu": Param(default=0.5, min=0.0, max=5.0, step=0.05, unit=""),
                "k": Param(default=1.0, min=0.1, max=5.0, step=0.1, unit="")}
    defaults = {"a11": -0.3, "a12": 1.0, "a21": -1.0, "a22": -0.3}
    return {k: Param(default=v, **ENTRY) for k, v in defaults.items()}


def level() -> Level:
    """A stable focus in a [-3, 3]² window, the trace-determinant dot draggable."""
    return sandbox_level("phaseplane", schema.Fixed(), sandbox_params("linear"),
                         schema.Controls(td_drag=True), schema.Solution(), window=Window(x=(-3, 3), y=(-3, 3)))
