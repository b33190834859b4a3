"""Goals the Hopfield sandbox offers for "save as challenge".

The saved setup is the sandbox's network as level tables: its gallery
(named glyphs by name, any other pattern drawn inline), what is stored, the
rule, the update mode, the grid as the start state and the annealing
schedule. With a target pattern chosen (the gallery's reference) the
instructor can ask for a recall from the current corrupted grid (the
default), the widest basin, the inverse attractor or a crowded memory
(the level starts with the target alone stored; the solution stores the
instructor's set); without one, an escape from spurious states. A
synchronous 2-cycle is offered from any grid (the level starts
asynchronous; the solution switches). The dialog proves each offer by
playing its solution headless and keeps those whose run achieves the goal:
a recall or an escape needs an overlap of at least :data:`MIN_OVERLAP`.
"Fewest flips" is not offered: the saved solution runs from the grid as it
is, so it would flip nothing (write such a level by hand, see
``levels/examples/``).
"""

from __future__ import annotations

import math

from game.core.readout import Say
from game.labs.common.challenge import ChallengeWriter
from game.labs.hopfield import goals
from game.sim import patterns as pt

#: Least final overlap that counts as a recall (or an escape onto a stored pattern).
MIN_OVERLAP = 0.9


class Writer(ChallengeWriter):
    """Save as challenge from the hopfield sandbox."""

    def setup(self) -> dict:
        data = super().setup()
        m = self.model
        h, w = m.shape
        patterns: list = []
        for name, xi in zip(m.names, m.X):
            if name in pt.PATTERN_NAMES:
                patterns.append(name)
            else:
                patterns.append({"name": name, "rows": pt.format_grid(xi, (h, w))})
        anneal = m.fixed.anneal
        fixed = {"size": [h, w], "patterns": patterns, "on": "#", "off": ".",
                 "stored": [m.names[i] for i in m.stored_idx], "rule": m.rule, "mode": m.update_mode,
                 "start": {"rows": pt.format_grid(m.s, (h, w))},
                 "anneal": {"T0": float(max(m.values["anneal_T0"], anneal.T1)), "T1": float(anneal.T1),
                            "sweeps": int(round(m.values["anneal_sweeps"])), "kind": anneal.kind}}
        if m.reference is not None:
            fixed["target"] = m.names[m.reference]
        data["fixed"] = fixed
        data["controls"] = {"paint": True, "corrupt": True, "store": False, "load": False, "anneal": True,
                            "mode": False, "rule": False, "step": True}
        return data

    def solution(self) -> dict:
        return {"params": {k: float(v) for k, v in self.model.values.sliders().items()}, "action": "run"}

    def offers(self) -> list[dict]:
        return offers(self.model)

    counts = frozenset({"crowded", "cycle", "fewest_flips"})

    def floor(self, goal) -> float:
        """One unit of the grid, in % for the distance goals."""
        return 100.0 / self.model.n if goal["type"] in ("basin", "inverse") else 0.0

    def bounds(self, goal):
        return (0.0, 100.0) if goal["type"] in ("basin", "inverse") else None

    def thresholds(self, goal, score):
        if goal["type"] in ("recall", "escape") and score < MIN_OVERLAP:
            return None
        return super().thresholds(goal, score)

    def brief_fields(self, data) -> dict:
        name = data.get("fixed", {}).get("target")
        if name is None:
            return {}
        return {"target": Say(f"hopfield.pattern.{name}") if name in pt.SYMBOLS else name}


def default_goal(model) -> dict:
    """Recall of the reference from a start at least as noisy as the grid now; else an escape."""
    if model.reference is not None:
        noise = math.floor(goals.distance_pct(model.s, model.X[model.reference]))
        return {"type": "recall", "min_noise_pct": noise, "better": "higher", "stars": [0.8, 0.9, 0.99]}
    return {"type": "escape", "better": "higher", "stars": [0.7, 0.9, 0.99]}


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``); their
    thresholds are placeholders until the dialog proves them."""
    out: list[dict] = [{"goal": default_goal(model)}]
    higher = {"better": "higher", "stars": [1, 2, 3]}
    if model.reference is not None:
        target = model.names[model.reference]
        out.append({"goal": {"type": "basin", **higher}})
        out.append({"goal": {"type": "inverse", "better": "lower", "stars": [3, 2, 1]}})
        stored = [model.names[i] for i in model.stored_idx]
        if len(stored) >= 3 and target in stored:
            out.append({"goal": {"type": "crowded", **higher}, "controls": {"store": True},
                        "fixed": {"stored": [target]}, "solution": {"store": stored}})
        out.append({"goal": {"type": "escape", **higher}})
    out.append({"goal": {"type": "cycle", **higher}, "controls": {"mode": True},
                "fixed": {"mode": "async"}, "solution": {"mode": "sync"}})
    return out
