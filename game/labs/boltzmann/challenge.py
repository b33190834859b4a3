"""Goals the boltzmann sandbox offers for "save as challenge".

The saved setup is the sandbox's preset as level tables (its ``fixed``
table, the clamps on screen, the sliders at their values, and the controls
it needs). For a network without data the instructor can ask for a sampled
histogram close to the exact one, for ground states by annealing, and (when
the two most probable visible states are within 10 % of each other) for the
temperature at which they are equally likely; for a network with data, for
a low KL divergence or for completing each pattern from the first half of
its units. Each offer's thresholds come from replaying its solution on a
fresh model of the saved level (the game's own solver and scorers), so the
saved level earns three stars with it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.core.level import Level, Mode
from game.core.schema import Param
from game.labs.boltzmann import goals, schema
from game.labs.boltzmann.model import BoltzmannModel
from game.labs.boltzmann.network import bit_string, clamp_string
from game.labs.boltzmann.scripts import solve
from game.labs.common.challenge import ChallengeWriter
from game.sim import boltzmann as bm

#: Sweeps the saved sampling solution runs; epochs of a training solution when none were run yet.
SOLUTION_SWEEPS = 400
SOLUTION_EPOCHS = 300


class Writer(ChallengeWriter):
    """Save as challenge from the boltzmann sandbox."""

    def setup(self) -> dict:
        data = super().setup()
        m = self.model
        fixed = m.fixed.model_dump(mode="json", exclude_defaults=True)
        fixed.pop("clamp", None)
        if m.clamp.any():
            fixed["clamp"] = clamp_string(m.clamp)
        data["fixed"] = fixed
        data["controls"] = {"clamp": True, "sample": True, "anneal": m.data is None, "train": m.data is not None}
        return data

    def solution(self) -> dict:
        m = self.model
        out: dict[str, Any] = {"params": {k: float(v) for k, v in m.values.sliders().items()}}
        if m.restarts:
            out["restarts"] = int(m.restarts)
        return out

    def offers(self) -> list[dict]:
        m = self.model
        out: list[dict] = []
        if m.data is None:
            out += [self._tv(), self._ground(), self._equal_odds()]
        else:
            out += [self._kl(), self._completion()]
        return [o for o in out if o is not None]

    # ------------------------------------------------------------ replays
    def replay(self, goal: dict, solution: dict, tune: bool = False) -> float | None:
        """The best score the saved level reaches with ``solution`` (a fresh model, headless)."""
        setup = self.setup()
        params = {}
        for name, p in setup["params"].items():
            p = dict(p)
            if tune and name in self.view.params:
                p["default"] = self.view.params[name].default
            params[name] = Param(**p)
        sol = {**self.solution(), **solution}
        texts = {"en": "probe", "zh": "probe"}
        level = Level(id="probe", kind="boltzmann", title=texts, brief=texts, learned=texts, hints=(), window=None,
                      fixed=schema.Fixed.model_validate(setup["fixed"]), params=params,
                      controls=schema.Controls.model_validate(setup["controls"]),
                      goal=goals.GOALS[goal["type"]].schema.model_validate(goal),
                      solution=schema.Solution.model_validate(sol), seed=int(self.view.level.seed))
        model = BoltzmannModel(level, Mode.CHALLENGE)
        try:
            solve(model)
            return model.best
        finally:
            model.close()

    def _offer(self, goal: dict, solution: dict, stars, tune: bool = False) -> dict | None:
        probe = dict(goal, stars=[0, 1, 2] if goal["better"] == "higher" else [2, 1, 0])
        score = self.replay(probe, solution, tune)
        if score is None or not np.isfinite(score):
            return None
        st = [round(float(x), 4) for x in stars(score)]
        if len(set(st)) < 3:
            return None
        out = {"goal": {**goal, "stars": st}, "solution": solution}
        if tune:
            out["tune"] = True
        return out

    def _tv(self) -> dict | None:
        goal = {"type": "tv_distance", "better": "lower"}
        return self._offer(goal, {"action": "sample", "sweeps": SOLUTION_SWEEPS},
                           lambda x: [3 * x + 0.02, 1.8 * x + 0.01, 1.2 * x + 0.002])

    def _ground(self) -> dict | None:
        goal = {"type": "ground_state", "better": "higher"}
        return self._offer(goal, {"action": "anneal"}, lambda x: [x / 3, 2 * x / 3, x] if x > 0 else [0, 0, 0])

    def _equal_odds(self) -> dict | None:
        """The two most probable visible states now, when they are within 10 % of each other."""
        m = self.model
        p = m.exact_visible()
        if p.size < 2:
            return None
        i, j = np.argsort(-p, kind="stable")[:2]
        gap = goals.odds_gap(float(p[i]), float(p[j]))
        if not gap < 10.0:
            return None
        S = bm.states(m.nv)
        goal = {"type": "equal_odds", "better": "lower", "a": bit_string(S[i]), "b": bit_string(S[j])}
        return self._offer(goal, {}, lambda g: [max(10.0, 3 * g), max(4.0, 2 * g), max(1.0, 1.2 * g)], tune=True)

    def _epochs(self) -> int:
        t = self.model.trainer
        return int(t.epoch) if t is not None and t.epoch > 0 else SOLUTION_EPOCHS

    def _kl(self) -> dict | None:
        goal = {"type": "kl", "better": "lower"}
        return self._offer(goal, {"action": "train", "epochs": self._epochs()},
                           lambda x: [x + 0.4, x + 0.15, 1.05 * x + 0.005])

    def _completion(self) -> dict | None:
        nv = self.model.nv
        if nv < 2:
            return None
        goal = {"type": "completion", "better": "higher", "cue": "1" * (nv // 2) + "0" * (nv - nv // 2)}
        return self._offer(goal, {"action": "train", "epochs": self._epochs()},
                           lambda x: [x / 2, 0.75 * x, 0.98 * x] if x > 0 else [0, 0, 0])
