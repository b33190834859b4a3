"""The nonlinear sandbox: every system on the picker, the equation editor, all sliders, presets.

It opens on Morris–Lecar's SNIC set at I = 35 µA/cm² (three equilibria, a
SNIC to find by moving I). :data:`PRESETS` are the preset buttons of each
system: parameter values for a built-in one, whole equations for the
custom system (with the window each shows best).
"""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Window
from game.labs.nonlinear import schema, systems
from game.labs.nonlinear.systems import CUSTOM, CUSTOM_DEFAULT, CUSTOM_WINDOW

#: The system the sandbox opens with: three equilibria and a SNIC to find.
SANDBOX_SYSTEM = "morris_lecar_snic"

#: Presets per system: (i18n key suffix, parameter values or equations).
PRESETS = {
    "morris_lecar_hopf": [("rest", {"I": 60.0}), ("bistable", {"I": 90.0}), ("firing", {"I": 110.0})],
    "morris_lecar_snic": [("three_eq", {"I": 30.0}), ("slow", {"I": 40.5}), ("firing", {"I": 80.0})],
    "fitzhugh_nagumo": [("excitable", {"I": 0.0, "eps": 0.08}), ("oscillating", {"I": 0.5, "eps": 0.08}),
                        ("relaxation", {"I": 0.5, "eps": 0.02})],
    "van_der_pol": [("harmonic", {"mu": 0.2}), ("standard", {"mu": 1.0}), ("relaxation", {"mu": 6.0})],
    CUSTOM: [
        ("pendulum", {"dx": "y", "dy": "-sin(x) - c*y", "params": {"c": 0.3}}),
        ("brusselator", {"dx": "a - (b + 1)*x + x**2*y", "dy": "b*x - x**2*y", "params": {"a": 1.0, "b": 3.0}}),
        ("fhn", CUSTOM_DEFAULT),
    ],
}
#: The window each custom preset shows best (model units).
CUSTOM_PRESET_WINDOWS = {"pendulum": ((-7.0, 7.0), (-3.5, 3.5)), "brusselator": ((-0.5, 4.0), (-0.5, 6.0)),
                         "fhn": CUSTOM_WINDOW}


def preset(system: str, name: str) -> dict | None:
    """The values (or, for the custom system, the equations) of one preset of ``system``."""
    return dict(PRESETS.get(system, [])).get(name)


def level(system: str = SANDBOX_SYSTEM) -> Level:
    """Every control unlocked: system picker, equation editor, all sliders."""
    equations = CUSTOM_DEFAULT if system == CUSTOM else None
    fixed = schema.Fixed.model_validate({"system": system, "equations": equations})
    (wx, wy) = systems.system_window(system)
    return sandbox_level("nonlinear", fixed, systems.system_params(system, equations), schema.Controls(),
                         schema.Solution(), window=Window(x=wx, y=wy))
