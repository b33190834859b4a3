"""Proof that a level is winnable: play its ``solution`` headless, score it as the game does.

The lab's ``scripts.solve(model)`` applies the solution to a model with no
window (the same moves the campaign test plays with real events), and the
goal's own scorer (``GoalKind.score``, through ``model.best``) says how many
stars it earns. ``neuroarcade check`` and "save as challenge" both call
:func:`prove`, so an instructor's level is proven by the same code that
scores a student.

"Save as challenge" also needs star thresholds for a score it has just
proven: :func:`default_stars` is the generic rule (the proven score earns
exactly three stars, a worse attempt one or two); a lab's challenge writer
may do better where it knows the goal's scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from game import levels
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

    def fields(self) -> dict[str, Any]:
        """The numbers of :meth:`line` as text, for a translated line: ``stars``, ``score``, ``op``, ``need``."""
        return {"stars": self.stars, "score": fmt_value(self.score, self.unit, self.digits),
                "op": star_op(self.better), "need": fmt_value(self.needed, self.unit, self.digits),
                "error": self.error or ""}

    def say(self, text: Any) -> str:
        """:meth:`line` in the player's language (``text`` is the translator, ``game.ui.text.Text``)."""
        if self.error is not None:
            return text("proof.error", **self.fields())
        return text("proof.won" if self.won else f"proof.earns{min(self.stars, 2)}", **self.fields())

    def rescored(self, stars: Sequence[float]) -> "Proof":
        """The same solution's score against other thresholds (a score does not depend on them)."""
        if self.error is not None or self.score is None:
            return replace(self, needed=float(stars[2]))
        return replace(self, stars=stars_for(self.score, self.better, stars), needed=float(stars[2]))


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


def prove_table(data: Mapping[str, Any], registry: Mapping[str, Any],
                path: Path | None = None) -> tuple[Level, Proof | None]:
    """Validate a level table as the loader does (``LevelError`` lists every problem) and prove it.

    What "save as challenge" runs before it writes a file: the same
    validation and the same :func:`prove` as ``neuroarcade check``.
    """
    level = levels.level_from_dict(data, path=path, registry=registry)
    return level, prove(level, registry)


# ------------------------------------------------------------------ default thresholds

#: Three-star margin of a continuous score, as a fraction of the proven score.
MARGIN = 0.05
#: One- and two-star thresholds of a continuous score lie this far from it (fractions of the
#: score: 2.5x and 1.6x a "lower" score, 0.7x and 0.85x a "higher" one), and at least 6 and 3
#: three-star margins away.
LOOSE = {"lower": (1.5, 0.6), "higher": (0.3, 0.15)}
#: Smallest three-star margin when the caller gives no scale: a score of 0 still gets a margin.
MIN_MARGIN = 1e-3


def _nice(x: float, step: float, up: bool) -> float:
    """``x`` rounded to a multiple of ``step`` (a power of ten), upwards or downwards, without float fuzz;
    never to more than three significant digits, so the threshold reads on screen as it is."""
    if x != 0:
        step = max(step, 10.0 ** (math.floor(math.log10(abs(x))) - 2))
    k = math.ceil(x / step - 1e-9) if up else math.floor(x / step + 1e-9)
    decimals = max(0, -int(math.floor(math.log10(step))))
    return round(k * step, decimals)


def default_stars(score: float | None, better: str, *, count: bool = False, floor: float = 0.0,
                  bounds: tuple[float, float] | None = None) -> list[float] | None:
    """Star thresholds for a goal whose solution scores ``score``: it earns exactly three stars.

    Parameters
    ----------
    score : float or None
        The proven score of the solution (:attr:`Proof.score`).
    better : {"lower", "higher"}
        The goal's direction.
    count : bool
        The score counts things (gates, regions, patterns, units): integer thresholds.
    floor : float
        Smallest three-star margin, in the score's units (the resolution a player can
        reach, e.g. a pixel's width in model units for a clicked start); the writer knows it.
    bounds : (float, float), optional
        The range a score can take (e.g. 0-100 for a percentage): a looser threshold
        that would leave it is pulled inside, halfway between the three-star one and
        the bound.

    Returns
    -------
    list of float or None
        ``[one, two, three]`` stars, in the order the level file writes them; None when the
        score cannot be a target (no score, a miss, or a "higher" score of 0 or less: nothing
        achieved).

    Notes
    -----
    A continuous score ``s`` gets a three-star margin ``d = max(MARGIN |s|, floor)``
    (at least :data:`MIN_MARGIN` times max(1, |s|)); "lower is better" gives
    ``[s + max(1.5 |s|, 6 d), s + max(0.6 |s|, 3 d), s + d]``, "higher is better"
    ``[s - max(0.3 |s|, 6 d), s - max(0.15 |s|, 3 d), s - d]``, each rounded outwards
    to two significant digits of ``d`` (and at most three of the threshold).
    A count ``n`` gives ``[n - 2, n - 1, n]`` ("higher"; ``[n/3, 2n/3, n]`` below 3, so
    a count of 0 never earns a star) or ``[n + 2, n + 1, n]`` ("lower").

    >>> default_stars(3, "higher", count=True), default_stars(2.0, "lower")
    ([1.0, 2.0, 3.0], [5.0, 3.2, 2.1])
    >>> default_stars(1.0, "higher"), default_stars(0.0, "lower", floor=0.06)
    ([0.7, 0.85, 0.95], [0.36, 0.18, 0.06])
    >>> default_stars(2.3, "lower"), default_stars(40.0, "higher")
    ([5.75, 3.68, 2.42], [28.0, 34.0, 38.0])
    >>> default_stars(80.0, "lower", bounds=(0, 100))
    [100.0, 92.0, 84.0]
    """
    if score is None or not math.isfinite(score):
        return None
    s = float(score)
    lower = better == "lower"
    if not lower and s <= 0:
        return None
    if count:
        n = float(round(s))
        if lower:
            return [n + 2, n + 1, n]
        if n >= 3:
            return [n - 2, n - 1, n]
        return [math.floor(n / 3 * 1000) / 1000, math.floor(2 * n / 3 * 1000) / 1000, n]
    d = max(MARGIN * abs(s), floor, MIN_MARGIN * max(1.0, abs(s)))
    step = 10.0 ** (math.floor(math.log10(d)) - 1)
    sign = 1.0 if lower else -1.0
    one, two = LOOSE["lower" if lower else "higher"]
    dists = (max(one * abs(s), 6 * d), max(two * abs(s), 3 * d), d)
    stars = [_nice(s + sign * x, step, up=lower) for x in dists]
    if bounds is not None:
        edge = float(bounds[1] if lower else bounds[0])
        if sign * (stars[2] - edge) > 0:
            return None                          # no room between the score and the bound
        if sign * (stars[0] - edge) > 0:
            stars[0] = edge
            stars[1] = min(stars[1], _nice((stars[2] + edge) / 2, step, up=lower), key=lambda x: sign * x)
    ordered = stars[0] > stars[1] > stars[2] if lower else stars[0] < stars[1] < stars[2]
    return stars if ordered else None
