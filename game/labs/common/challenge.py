"""Save as challenge: a sandbox setup plus one offered goal, as level-file tables.

Each lab subclasses :class:`ChallengeWriter` (its ``challenge.py``) and
fills in three things from its view and model: :meth:`setup` (the tables
that reproduce the sandbox's state: ``params``, ``fixed``, ``window``, …),
:meth:`offers` (the goals the current run can make sense of, each with the
thresholds and any ``fixed``/``controls``/``solution`` it needs) and
:meth:`solution` (what the saved level's winnability proof plays). The
common part, :meth:`level`, merges them into one level table.
"""

from __future__ import annotations

from typing import Any


class ChallengeWriter:
    """The level tables "save as challenge" writes for one lab view."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.model = view.model

    # ------------------------------------------------------------ per lab
    def setup(self) -> dict[str, Any]:
        """The current setup as level-file tables; by default the sliders at their values."""
        values = self.model.values
        return {"params": {k: {"default": values.get(k, p.default), "min": p.min, "max": p.max,
                               "step": p.step, "unit": p.unit} for k, p in self.view.params.items()}}

    def offers(self) -> list[dict[str, Any]]:
        """The goals to offer: ``{"goal": table}`` plus optional ``fixed``, ``controls`` and
        ``solution`` tables merged over the setup, and ``"tune": True`` when the goal is to find
        the current slider values (the saved level then starts its sliders at their defaults, so
        it does not start already won). The first is the default."""
        raise NotImplementedError

    def solution(self) -> dict[str, Any]:
        """Solution table for the saved level: the current setup."""
        return {}

    # ------------------------------------------------------------ shared
    def level(self, text: Any, choice: dict[str, Any] | None = None) -> dict[str, Any]:
        """The sandbox setup with one of :meth:`offers` as a level table."""
        level = self.view.level
        data: dict[str, Any] = {
            "schema": 1, "id": "my-challenge", "kind": self.view.spec.kind,
            "title": text.both("challenge.default_title"),
            "brief": text.both("challenge.default_brief"),
            "learned": text.both("challenge.default_learned"),
            "seed": int(level.seed),
        }
        data.update(self.setup())
        if choice is None:
            choice = self.offers()[0]
        data["goal"] = dict(choice["goal"])
        sol = self.solution()
        if sol:
            data["solution"] = sol
        for table in ("fixed", "controls", "solution"):
            if choice.get(table):
                data[table] = {**data.get(table, {}), **choice[table]}
        if choice.get("tune"):
            for name, p in data.get("params", {}).items():
                if name in self.view.params:
                    p["default"] = self.view.params[name].default
        return data


class LegacyWriter(ChallengeWriter):
    """A legacy view's own challenge methods behind the writer's face (transition)."""

    def setup(self) -> dict[str, Any]:
        return self.view.challenge_setup()

    def offers(self) -> list[dict[str, Any]]:
        return self.view.challenge_goals()

    def solution(self) -> dict[str, Any]:
        return self.view.challenge_solution()

    def level(self, text: Any, choice: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.view.challenge_level(text, choice)
