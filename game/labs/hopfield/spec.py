"""Registration of the hopfield lab: schema, goals, view, sandbox, model factory."""

from __future__ import annotations

import numpy as np

from game.labs.legacy import legacy_spec
from game.labs.hopfield import schema
from game.labs.hopfield.model import LabModel
from game.core.level import Level
from game.core.schema import Param

#: Letters, digits and symbols the sandbox gallery starts with (16, the maximum).
SANDBOX_PATTERNS = ["A", "B", "C", "E", "H", "O", "T", "X", "2", "5", "7",
                    "heart", "smiley", "arrow_up", "plus", "diamond"]


def sandbox_params() -> dict[str, Param]:
    """Every tunable of the sandbox."""
    return {
        "noise_pct": Param(default=20.0, min=0.0, max=100.0, step=1.0, unit="%"),
        "T": Param(default=0.0, min=0.0, max=2.0, step=0.05, unit=""),
        "speed": Param(default=4.0, min=0.5, max=30.0, step=0.5, unit=""),
        "anneal_T0": Param(default=0.8, min=0.1, max=3.0, step=0.05, unit=""),
        "anneal_sweeps": Param(default=30.0, min=5.0, max=100.0, step=5.0, unit=""),
    }


def sandbox_fixed(size=(16, 16), random: bool = False) -> schema.Fixed:
    """The sandbox network: 16 glyphs (or 16 random patterns), three stored."""
    anneal = {"T0": 0.8, "T1": 0.05, "sweeps": 30}
    if random:
        return schema.Fixed.model_validate({
            "size": list(size), "patterns": [], "random": schema.MAX_PATTERNS, "stored": ["R1", "R2", "R3"],
            "target": "R1", "start": {"pattern": "R1", "noise_pct": 20}, "anneal": anneal})
    return schema.Fixed.model_validate({
        "size": list(size), "patterns": SANDBOX_PATTERNS, "stored": ["A", "H", "X"], "target": "A",
        "start": {"pattern": "A", "noise_pct": 20}, "anneal": anneal})


def sandbox_level() -> Level:
    texts = {"en": "Sandbox", "zh": "沙盒"}
    controls = schema.Controls(paint=True, corrupt=True, store=True, load=True, anneal=True, mode=True,
                               rule=True, step=True)
    return Level(id="sandbox-hopfield", kind="hopfield", title=texts, brief=texts, learned=texts,
                 hints=(), window=None, fixed=sandbox_fixed(), params=sandbox_params(),
                 controls=controls, goal=None, solution=schema.Solution(), seed=1)


def build_model(fixed: schema.Fixed, seed: int) -> LabModel:
    """The network a (validated) level describes."""
    names, X, problems = schema.gallery(fixed, seed)
    if problems:
        raise ValueError("; ".join(problems))
    if fixed.stored is None:
        stored = np.ones(len(names), dtype=bool)
    else:
        keep = {schema.canonical(n) for n in fixed.stored}
        stored = np.array([n in keep for n in names], dtype=bool)
    target = names.index(schema.canonical(fixed.target)) if fixed.target is not None else None
    rng = np.random.default_rng([int(seed), 0])
    start = schema.start_state(fixed, names, X, rng)
    model = LabModel(names, X, fixed.size, stored, start, seed, rule=fixed.rule, target=target,
                     mode=fixed.mode)
    # "Corrupt" continues the same stream, so the level's own start is draw 0
    model.corr_rng = rng
    return model


def _view(level, ctx, mode, spec):
    from game.labs.hopfield.view import HopfieldView
    return HopfieldView(level, ctx, mode, spec)


SPEC = legacy_spec("hopfield", order=50, colour=(204, 121, 167), schema=schema, view=_view,
                   sandbox=sandbox_level)
