"""The boltzmann sandbox: presets for the classic tasks, every control on.

The preset button steps through :data:`PRESETS`: a small network to sample,
the two memories of the temperature level (one hidden unit), a frustrated
spin glass to anneal, two memories to learn and complete, 3-bit parity with
hidden units, and the 4-2-4 encoder of Ackley, Hinton & Sejnowski (1985)
with noisy clamping. Each preset has its own sliders (:func:`params`).
"""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param
from game.labs.boltzmann import schema
from game.sim.boltzmann import AHS_CLAMP_NOISE

#: The sandbox's level seed (spin-glass couplings, chains, initial weights).
SEED = 1

#: A 4-unit network with two modes (all pairs coupled by 0.6, units 0 and 3 by -0.3).
FOUR_UNITS = {"visible": 4, "weights": [[0, 1, 0.6], [0, 2, 0.6], [1, 2, 0.6], [1, 3, 0.6], [2, 3, 0.6],
                                        [0, 3, -0.3]],
              "biases": [0.1, -0.1, 0.1, 0.2]}
#: Memory A = 111 is deepest with its hidden unit on; B = 000 is shallower with either hidden state.
TWO_MEMORIES = {"visible": 3, "hidden": 1,
                "weights": [[0, 1, 0.6], [0, 2, 0.6], [1, 2, 0.6], [0, 3, 0.4], [1, 3, 0.4], [2, 3, 0.4]],
                "biases": [-0.25, -0.25, -0.25, 1.2]}

#: Preset name -> its ``fixed`` table (what a level file would say).
PRESETS = {
    "sampling": dict(FOUR_UNITS, view="sample"),
    "entropy": dict(TWO_MEMORIES, view="sample"),
    "spin_glass": {"visible": 10, "couplings": "spin_glass", "view": "sample", "chains": 64,
                   "anneal": {"T0": 2.0, "T1": 0.05, "sweeps": 100}},
    "memories": {"visible": 8, "data": "memories", "view": "train"},
    "parity": {"visible": 3, "hidden": 2, "data": "parity", "view": "train"},
    "encoder": {"visible": 8, "hidden": 2, "data": "encoder", "connect": "encoder",
                "clamp_noise": list(AHS_CLAMP_NOISE), "view": "train"},
}
#: The preset the sandbox opens with.
DEFAULT = "sampling"


def fixed(name: str = DEFAULT) -> schema.Fixed:
    """The ``fixed`` table of preset ``name``."""
    return schema.Fixed.model_validate(PRESETS[name])


def params(name: str = DEFAULT) -> dict[str, Param]:
    """The sliders of preset ``name``: sampling and annealing, plus training where it has data."""
    f = fixed(name)
    out = {
        "T": Param(default=f.T, min=0.1, max=5.0, step=0.05, unit=""),
        "chains": Param(default=float(f.chains), min=1.0, max=256.0, step=1.0, unit=""),
        "speed": Param(default=f.speed, min=5.0, max=600.0, step=5.0, unit=""),
    }
    if f.data is None:
        out["anneal_T0"] = Param(default=f.anneal.T0, min=0.1, max=5.0, step=0.05, unit="")
        out["anneal_sweeps"] = Param(default=float(f.anneal.sweeps), min=5.0, max=500.0, step=5.0, unit="")
    else:
        out["hidden"] = Param(default=float(f.hidden), min=0.0, max=float(min(schema.MAX_HIDDEN,
                                                                           schema.MAX_UNITS - f.visible)),
                              step=1.0, unit="")
        out["lr"] = Param(default=f.lr, min=0.01, max=1.0, step=0.01, unit="")
        out["epochs_per_s"] = Param(default=f.epochs_per_s, min=5.0, max=240.0, step=5.0, unit="")
    return out


def controls() -> schema.Controls:
    return schema.Controls(clamp=True, sample=True, anneal=True, train=True)


def level() -> Level:
    """The sandbox level: the first preset, every control on."""
    return sandbox_level("boltzmann", fixed(DEFAULT), params(DEFAULT), controls(), schema.Solution(), seed=SEED)
