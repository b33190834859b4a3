"""Proof that a level is winnable: play its ``solution`` headless, score it as the game does.

The lab's ``scripts.solve(model)`` applies the solution to a model with no
window (the same moves the campaign test plays with real events), and the
goal's own scorer (``GoalKind.score``, through ``model.best``) says how many
stars it earns. ``neuroarcade check`` and "save as challenge" both call
:func:`prove`, so an instructor's level is proven by the same code that
scores a student.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from game.core.level import Level, Mode
from game.core.readout import fmt_value, star_op
from game.core.scoring import stars_for


@dataclass(frozen=True)
class Proof:
    """What a level's solution earns.

    ``error`` is set (and ``stars`` is 0) when the solution could not be
    played at all; ``score`` is the best score the solution reached.
    """

    stars: int
    score: float | None
    better: str
    needed: float
    unit: str = ""
    digits: int = 3
    error: str | None = None

    @property
    def won(self) -> bool:
        return self.stars == 3 and self.error is None

    def line(self) -> str:
        """``solution earns 1 star (score 0.41; 3 stars need ≤ 0.15)``."""
        if self.error is not None:
            return f"the solution could not be played: {self.error}"
        stars = f"{self.stars} star{'s' if self.stars != 1 else ''}"
        need = f"{star_op(self.better)} {fmt_value(self.needed, self.unit, self.digits)}"
        return f"solution earns {stars} (score {fmt_value(self.score, self.unit, self.digits)}; 3 stars need {need})"


def has_solution(level: Level) -> bool:
    """Does the level file give a solution to play?"""
    sol = level.raw.get("solution") if isinstance(level.raw, Mapping) else None
    return isinstance(sol, Mapping) and bool(sol)


def prove(level: Level, registry: Mapping[str, Any]) -> Proof | None:
    """Play ``level``'s solution on a headless model; None when the lab cannot play it headless."""
    spec = registry[level.kind]
    goal = level.goal
    kind = spec.goals.get(goal.type)
    unit = (kind.unit or "") if kind is not None else ""
    digits = kind.digits if kind is not None else 3
    if spec.scripts.solve is None:
        return None
    model = spec.new_model(level, Mode.CHALLENGE)
    try:
        spec.scripts.solve(model)
        score = model.best
    except Exception as exc:          # a level's solution must never crash the checker
        return Proof(0, None, goal.better, goal.stars[2], unit, digits, f"{type(exc).__name__}: {exc}")
    finally:
        model.close()
    return Proof(stars_for(score, goal.better, goal.stars), score, goal.better, goal.stars[2], unit, digits)
