"""The gabor sandbox: every slider but ψ2, the bars picture, the image picker, four presets."""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param
from game.labs.gabor import schema

#: Preset cells of the sandbox: θ (°), λ (px), σ (px), ψ (°), γ.
PRESETS: dict[str, dict[str, float]] = {
    "edge": {"theta_deg": 0.0, "wavelength": 12.0, "sigma": 4.0, "phase_deg": 90.0, "gamma": 0.5},
    "line": {"theta_deg": 0.0, "wavelength": 12.0, "sigma": 4.0, "phase_deg": 0.0, "gamma": 0.5},
    "v1": {"theta_deg": 45.0, "wavelength": 10.0, "sigma": 5.5, "phase_deg": 0.0, "gamma": 0.5},
    "fine": {"theta_deg": 90.0, "wavelength": 4.0, "sigma": 2.25, "phase_deg": 0.0, "gamma": 1.0},
}


def sandbox_params() -> dict[str, Param]:
    """Every slider of the sandbox, declared once (θ and ψ in degrees, λ and σ in px).

    λ reaches down to 1 px on purpose: below 2 px the model clamps it and
    the view explains aliasing (Nyquist).
    """
    return {
        "theta_deg": Param(default=0.0, min=-180.0, max=180.0, step=1.0, unit="°"),
        "wavelength": Param(default=10.0, min=1.0, max=64.0, step=0.5, unit="px"),
        "sigma": Param(default=4.0, min=0.5, max=16.0, step=0.25, unit="px"),
        "phase_deg": Param(default=0.0, min=-180.0, max=180.0, step=5.0, unit="°"),
        "gamma": Param(default=1.0, min=0.2, max=4.0, step=0.05, unit=""),
    }


def level() -> Level:
    """The bars picture (eight orientations), the picker on."""
    return sandbox_level("gabor", schema.Fixed(source=schema.default_source("bars")), sandbox_params(),
                         schema.Controls(picker=True), schema.Solution())
