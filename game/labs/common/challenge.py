"""Save as challenge: a sandbox setup plus one offered goal, as level-file tables, proven winnable.

Each lab subclasses :class:`ChallengeWriter` (its ``challenge.py``) and
fills in three things from its view and model: :meth:`setup` (the tables
that reproduce the sandbox's state: ``params``, ``fixed``, ``window``, …),
:meth:`offers` (the goals the current run can make sense of, each with
any ``fixed``/``controls``/``solution`` it needs) and :meth:`solution`
(what the saved level's winnability proof plays). The common part,
:meth:`level`, merges them into one level table, and :meth:`proven` plays
each offer's solution headless with :func:`game.proof.prove` (the code
``neuroarcade check`` runs) and keeps only the offers whose solution earns
three stars, with thresholds set from the proven score (:meth:`thresholds`).

A saved level also needs words: :meth:`texts` writes its title and brief in
every language from the i18n template ``<lab>.brief.<goal type>`` (fields:
the goal table's own fields, the thresholds with their unit, and whatever
:meth:`brief_fields` adds), or a generic line naming the goal and what three
stars need when the lab has no template for that goal type yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from game import levels
from game.core.readout import Say, fmt_number, fmt_value, star_op
from game.levels import LevelError
from game.proof import Proof, default_stars, prove


@dataclass
class Offer:
    """One goal the dialog offers: the writer's choice, its level table and its proof.

    ``proof`` is None when the lab cannot play solutions headless (a spec
    without ``scripts.solve``; every shipped lab has one): the dialog then
    marks the offer "not proven".
    """

    choice: dict[str, Any]
    data: dict[str, Any]
    proof: Proof | None

    @property
    def goal(self) -> dict[str, Any]:
        return self.data["goal"]


def field_text(value: Any) -> str | None:
    """A goal field as a brief shows it: numbers short, a point as (x, y); None for other shapes."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return f"({fmt_number(value[0])}, {fmt_number(value[1])})"
    return None


class ChallengeWriter:
    """The level tables "save as challenge" writes for one lab view."""

    #: Goal types whose score counts things (gates, regions, patterns): integer thresholds.
    counts: frozenset[str] = frozenset()

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
        it does not start already won). The goal's ``stars`` only need to be valid: proven
        offers get theirs from :meth:`thresholds`. The first is the default."""
        raise NotImplementedError

    def solution(self) -> dict[str, Any]:
        """Solution table for the saved level: the current setup."""
        return {}

    def floor(self, goal: Mapping[str, Any]) -> float:
        """Smallest three-star margin of ``goal``'s score (its units): what a player can resolve."""
        return 0.0

    def bounds(self, goal: Mapping[str, Any]) -> tuple[float, float] | None:
        """The range ``goal``'s score can take (e.g. 0-100 for a percentage), if it has one."""
        return None

    def thresholds(self, goal: Mapping[str, Any], score: float) -> list[float] | None:
        """Star thresholds for ``goal`` when its solution scores ``score``; None: the run does not
        achieve this goal, do not offer it. Default: :func:`game.proof.default_stars`."""
        return default_stars(score, goal["better"], count=goal["type"] in self.counts, floor=self.floor(goal),
                             bounds=self.bounds(goal))

    def goal_with_defaults(self, goal: Mapping[str, Any]) -> dict[str, Any]:
        """``goal`` with every field its schema defaults filled in (a brief names them too)."""
        kind = self.view.spec.goals.get(goal["type"])
        if kind is None or kind.schema is None:
            return dict(goal)
        try:
            return {**kind.schema.model_validate(dict(goal)).model_dump(), **goal}
        except ValueError:
            return dict(goal)

    def brief_fields(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Extra fields of the brief template (a :class:`~game.core.readout.Say` is translated per
        language); ``variant`` picks the template ``<lab>.brief.<type>_<variant>``."""
        return {}

    # ------------------------------------------------------------ shared
    def level(self, text: Any, choice: dict[str, Any] | None = None) -> dict[str, Any]:
        """The sandbox setup with one of :meth:`offers` as a level table (title and brief from
        :meth:`texts`)."""
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
        data.update(self.texts(text, data))
        return data

    def texts(self, text: Any, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
        """``title`` ("Challenge: <goal>") and ``brief`` (target, unit and thresholds) in every language."""
        kind = self.view.spec.kind
        goal = data["goal"]
        gtype = goal["type"]
        gk = self.view.spec.goals.get(gtype)
        unit = (getattr(gk, "unit", None) or "")
        digits = getattr(gk, "digits", 3)
        fields: dict[str, Any] = {"name": Say(f"goals.{kind}.{gtype}"), "desc": Say(f"goals.{kind}.{gtype}_desc"),
                                  "op": star_op(goal["better"])}
        for key, value in self.goal_with_defaults(goal).items():
            shown = field_text(value)
            if shown is not None and key not in ("type", "better", "stars"):
                fields[key] = shown
            if isinstance(value, (list, tuple)):
                fields[f"{key}_n"] = len(value)
        for k, t in enumerate(goal["stars"]):
            fields[f"star{k + 1}"] = fmt_value(t, unit, digits)
        fields["target"] = fields["star3"]
        fields.update(self.brief_fields(data))
        variant = fields.pop("variant", None)
        base = f"{kind}.brief.{gtype}"
        keys = ([f"{base}_{variant}"] if variant else []) + [base, "challenge.brief_generic"]
        key = next(k for k in keys if text.has(k))
        return {"title": text.both("challenge.title", name=fields["name"]), "brief": text.both(key, **fields)}

    def proven(self, text: Any, folder: Path) -> list[Offer]:
        """Every offer whose level validates and whose solution, played headless, earns three stars
        with thresholds from its own score; all valid offers, unproven, when the lab cannot play
        solutions headless yet."""
        spec = self.view.spec
        registry = {spec.kind: spec}
        out: list[Offer] = []
        for choice in self.offers():
            try:
                data = self.level(text, choice)
                level = levels.level_from_dict(data, path=folder / "probe.toml", registry=registry)
            except LevelError:
                continue                      # a lab bug must not reach the list
            proof = prove(level, registry)
            if proof is None:
                out.append(Offer(choice, data, None))
                continue
            if proof.error is not None or proof.score is None:
                continue
            stars = self.thresholds(data["goal"], proof.score)
            if stars is None:
                continue
            choice = {**choice, "goal": {**choice["goal"], "stars": stars}}
            data = self.level(text, choice)
            proof = proof.rescored(stars)
            if proof.won:
                out.append(Offer(choice, data, proof))
        return out

