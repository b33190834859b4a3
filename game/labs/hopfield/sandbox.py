"""The hopfield sandbox: 16 glyphs (or 16 random patterns) on a grid of 8 to 32 cells a side.

Every control is on; the sliders are noise, temperature, speed and the
annealing schedule. The size button steps through :data:`SIZES`, the set
button swaps the glyphs for seeded random patterns.
"""

from __future__ import annotations

from game.core.level import Level, sandbox_level
from game.core.schema import Param
from game.labs.hopfield import schema
from game.labs.hopfield.gallery import MAX_PATTERNS

#: Letters, digits and symbols the sandbox gallery starts with (16, the maximum).
PATTERNS = ["A", "B", "C", "E", "H", "O", "T", "X", "2", "5", "7",
            "heart", "smiley", "arrow_up", "plus", "diamond"]
#: Grid sides the size button steps through (cells).
SIZES = (8, 16, 24, 32)
#: The sandbox's level seed (random patterns, corruption, update order).
SEED = 1


def params() -> dict[str, Param]:
    """Every tunable of the sandbox."""
    return {
        "noise_pct": Param(default=20.0, min=0.0, max=100.0, step=1.0, unit="%"),
        "T": Param(default=0.0, min=0.0, max=2.0, step=0.05, unit=""),
        "speed": Param(default=4.0, min=0.5, max=30.0, step=0.5, unit=""),
        "anneal_T0": Param(default=0.8, min=0.1, max=3.0, step=0.05, unit=""),
        "anneal_sweeps": Param(default=30.0, min=5.0, max=100.0, step=5.0, unit=""),
    }


def fixed(size=(16, 16), random: bool = False) -> schema.Fixed:
    """The sandbox network: 16 glyphs (or 16 random patterns), three stored."""
    anneal = {"T0": 0.8, "T1": 0.05, "sweeps": 30}
    if random:
        return schema.Fixed.model_validate({
            "size": list(size), "patterns": [], "random": MAX_PATTERNS, "stored": ["R1", "R2", "R3"],
            "target": "R1", "start": {"pattern": "R1", "noise_pct": 20}, "anneal": anneal})
    return schema.Fixed.model_validate({
        "size": list(size), "patterns": PATTERNS, "stored": ["A", "H", "X"], "target": "A",
        "start": {"pattern": "A", "noise_pct": 20}, "anneal": anneal})


def level() -> Level:
    """The sandbox level: the glyph gallery on a 16 x 16 grid, every control on."""
    controls = schema.Controls(paint=True, corrupt=True, store=True, load=True, anneal=True, mode=True,
                               rule=True, step=True)
    return sandbox_level("hopfield", fixed(), params(), controls, schema.Solution(), seed=SEED)
