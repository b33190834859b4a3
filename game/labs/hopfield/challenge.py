"""Goals the Hopfield sandbox offers for "save as challenge".

The saved setup is the sandbox's network as level tables: its gallery
(named glyphs by name, any other pattern drawn inline), what is stored, the
rule, the update mode, the grid as the start state and the annealing
schedule. With a target pattern chosen (the gallery's reference) the
instructor can ask for a recall from the current corrupted grid (the
default), the widest basin, the fewest painted flips, the inverse attractor
or a crowded memory; without one, an escape from spurious states.
Synchronous 2-cycles are offered on any grid. Thresholds follow the shipped
example levels, scaled to the grid size where the score counts units or
patterns.
"""

from __future__ import annotations

import math

from game.labs.common.challenge import ChallengeWriter
from game.labs.hopfield import goals
from game.sim import patterns as pt


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


def default_goal(model) -> dict:
    """Recall of the reference from a start at least as noisy as the grid now; else an escape."""
    if model.reference is not None:
        noise = math.floor(goals.distance_pct(model.s, model.X[model.reference]))
        return {"type": "recall", "min_noise_pct": noise, "better": "higher", "stars": [0.8, 0.9, 0.99]}
    return {"type": "escape", "better": "higher", "stars": [0.7, 0.9, 0.99]}


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``)."""
    out: list[dict] = [{"goal": default_goal(model)}]
    n_units = int(model.shape[0] * model.shape[1])
    if model.reference is not None:
        out.append({"goal": {"type": "basin", "better": "higher", "stars": [30, 40, 44]}})
        out.append({"goal": {"type": "fewest_flips", "better": "lower", "stars": [20, 10, 5]}})
        out.append({"goal": {"type": "inverse", "better": "lower", "stars": [75, 62, 56]}})
        n = len(model.X)
        if n >= 3:
            a = max(1, n // 3)
            b = max(a + 1, n // 2)
            c = max(b + 1, (3 * n) // 4)
            out.append({"goal": {"type": "crowded", "better": "higher", "stars": [a, b, c]},
                        "controls": {"store": True}})
        out.append({"goal": {"type": "escape", "better": "higher", "stars": [0.7, 0.9, 0.99]}})
    quarter = max(4, n_units // 4)
    out.append({"goal": {"type": "cycle", "better": "higher", "stars": [quarter // 4, quarter // 2, quarter]},
                "controls": {"mode": True}})
    return out
