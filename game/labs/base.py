"""What a lab is: its level-file schema, its view, and how it is scored.

A lab registers one :class:`LabSpec` in ``game/labs/__init__.py``. The spec
tells the loader how to validate the lab's part of a level file (``fixed``,
``params``, ``controls``, ``goal``, ``solution``) and tells the play scene
how to build the lab's view. The shell never needs to know more.

A :class:`LabView` is the interactive part inside the play scene: it builds
its model from the level, lays out its canvas and widgets in the rectangle it
is given, advances dynamics only in ``update(dt)``, and reports ``score()``
for the level's goal (pure scoring functions live in each lab's ``goals``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

import numpy as np
import pygame
import pygame_gui
from pydantic import BaseModel, ValidationError

from game.levels import Goal, Level, Param, Strict, Texts, format_validation
from game.ui.widgets import ParamSlider, SliderPanel

if TYPE_CHECKING:
    from game.context import Context
    from game.scenes.base import Scene


class Empty(Strict):
    """A table that must be empty (or absent)."""


@dataclass
class LabSpec:
    """Everything the shell needs to know about one lab."""

    kind: str
    name_key: str                       # i18n key of the lab's name
    blurb_key: str                      # i18n key of a one-line description
    view: Callable[..., "LabView"]      # LabView subclass: view(level, ctx, mode)
    param_limits: Mapping[str, tuple[float, float]]   # tunable name -> hard [min, max]
    goals: Mapping[str, type[Goal]]     # goal type -> model with its own fields
    fixed: type[BaseModel] = Empty
    controls: type[BaseModel] = Empty
    solution: type[BaseModel] = Empty
    order: int = 0                      # chapter order on the map
    sandbox: Callable[[], Level] | None = None
    #: checks spanning tables, given the validated header and lab parts
    cross_check: Callable[[Any, Mapping[str, Any]], list[str]] | None = None
    colour: tuple[int, int, int] = (86, 180, 233)

    # ------------------------------------------------------------ validation
    def validate_parts(self, data: Mapping[str, Any], folder: Path, header: Any = None) -> tuple[dict, list[str]]:
        """Validate the lab's tables of a level file; gather every problem."""
        problems: list[str] = []
        parts: dict[str, Any] = {}
        ctx = {"folder": folder}
        for key, model in (("fixed", self.fixed), ("controls", self.controls)):
            try:
                parts[key] = model.model_validate(data.get(key) or {}, context=ctx)
            except ValidationError as err:
                problems.extend(format_validation(err, prefix=f"{key}.", model=model))
        params = data.get("params") or {}
        if isinstance(params, Mapping):
            for name, p in params.items():
                if name not in self.param_limits:
                    close = _close(name, self.param_limits)
                    hint = f"; did you mean '{close[0]}'?" if close else (
                        f"; this lab tunes: {', '.join(self.param_limits)}")
                    problems.append(f"unknown key 'params.{name}'{hint}")
                    continue
                lo, hi = self.param_limits[name]
                if isinstance(p, Mapping):
                    for bound in ("min", "max", "default"):
                        v = p.get(bound)
                        if isinstance(v, (int, float)) and not isinstance(v, bool) and not (lo <= v <= hi):
                            shown = f"{v:g}" if isinstance(v, float) or abs(v) < 10 ** 15 else "a huge integer"
                            problems.append(f"params.{name}.{bound} = {shown} is outside this lab's "
                                            f"limits [{lo:g}, {hi:g}]")
        goal = data.get("goal")
        if isinstance(goal, Mapping):
            gtype = goal.get("type")
            model = self.goals.get(gtype) if isinstance(gtype, str) else None
            if model is None:
                close = _close(gtype, self.goals)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                shown = repr(gtype) if len(repr(gtype)) <= 60 else repr(gtype)[:57] + "..."
                problems.append(f"goal.type = {shown} is not a goal of the {self.kind} lab{hint} "
                                f"(allowed: {', '.join(self.goals)})")
            else:
                try:
                    parts["goal"] = model.model_validate(goal, context=ctx)
                except ValidationError as err:
                    problems.extend(format_validation(err, prefix="goal.", model=model))
        try:
            parts["solution"] = self.solution.model_validate(data.get("solution") or {}, context=ctx)
        except ValidationError as err:
            problems.extend(format_validation(err, prefix="solution.", model=self.solution))
        complete = all(k in parts for k in ("fixed", "controls", "goal", "solution"))
        if not problems and complete and header is not None and self.cross_check is not None:
            problems.extend(self.cross_check(header, parts))
        return parts, problems


class LabView:
    """Base for a lab's interactive view inside the play scene.

    Subclasses set ``spec`` and override ``layout``, ``handle``, ``update``,
    ``draw`` and ``score``. ``values`` holds the current tunables (the level's
    ``params`` plus whatever the sandbox unlocks); sliders write them through
    :meth:`set_param`, the view reads them.
    """

    spec: LabSpec
    help_keys: tuple[tuple[str, str], ...] = ()

    def __init__(self, level: Level, ctx: "Context", mode: str = "campaign") -> None:
        self.level = level
        self.ctx = ctx
        self.mode = mode                       # "campaign" | "challenge" | "sandbox"
        self.params: dict[str, Param] = dict(level.params)
        self.values: dict[str, float] = level.param_values()
        self.rng = np.random.default_rng(level.seed)
        self.panel = SliderPanel()
        self.scene: "Scene | None" = None
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.best: float | None = None         # best score of this visit
        self.attempts = 0
        self.message: str | None = None        # i18n key of a short status note
        self.buttons: dict[str, Any] = {}      # key -> pygame_gui button; a press calls press(key)

    # -------------------------------------------------------------- layout
    def build(self, scene: "Scene", rect: pygame.Rect) -> None:
        """Create widgets inside ``rect``; called again after any rebuild."""
        self.scene = scene
        self.rect = rect
        self.panel = SliderPanel()
        self.layout(scene, rect)

    def layout(self, scene: "Scene", rect: pygame.Rect) -> None:
        raise NotImplementedError

    def add_sliders(self, scene: "Scene", rect: pygame.Rect, names: list[str] | None = None,
                    row_h: int | None = None) -> int:
        """One slider per tunable, stacked from ``rect.top``; returns the y below them."""
        row_h = row_h or scene.s(30)
        y = rect.y
        for name in names if names is not None else list(self.params):
            p = self.params[name]
            key = f"{self.spec.kind}.param.{name}"
            label = self.ctx.text(key) if self.ctx.text.has(key) else name
            self.panel.add(ParamSlider(scene, pygame.Rect(rect.x, y, rect.width, row_h - scene.s(4)),
                                       name, label, p, self.values.get(name, p.default), self.set_param))
            y += row_h
        return y

    # -------------------------------------------------------------- model
    def set_param(self, name: str, value: float) -> None:
        if not math.isfinite(value):
            return
        self.values[name] = value
        self.on_param(name, value)

    def on_param(self, name: str, value: float) -> None:
        """React to a changed tunable (recompute cached model results)."""

    def reset(self) -> None:
        self.values = self.level.param_values()
        for sl in self.panel.sliders:
            sl.set(self.values.get(sl.name, sl.value), notify=False)
        for name, v in self.values.items():
            self.on_param(name, v)

    # -------------------------------------------------------------- frame
    def handle(self, event: pygame.event.Event) -> bool:
        """Route the lab's own buttons to :meth:`press`, then the sliders."""
        return self.dispatch_button(event) or self.panel.handle(event)

    def dispatch_button(self, event: pygame.event.Event) -> bool:
        """Call ``press(key)`` when ``event`` is a press of one of ``self.buttons``."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, b in self.buttons.items():
                if event.ui_element is b:
                    self.press(key)
                    return True
        return False

    def press(self, key: str) -> None:
        """React to a press of ``self.buttons[key]``."""

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    # -------------------------------------------------------------- scoring
    def score(self) -> float | None:
        """The goal's current score (None before any attempt)."""
        return None

    def record(self, score: float | None) -> None:
        """Keep the best attempt of this visit."""
        self.attempts += 1
        goal = self.level.goal
        if score is None or not math.isfinite(score) or goal is None:
            return
        if self.best is None or (score > self.best if goal.better == "higher" else score < self.best):
            self.best = score

    def caption(self) -> str:
        """Parameters in one line, for exported figures."""
        vals = ", ".join(f"{k} = {v:g}" for k, v in self.values.items())
        return f"{self.level.id}: {vals}"

    def challenge_setup(self) -> dict[str, Any]:
        """The current setup as level-file tables (for "save as challenge")."""
        return {"params": {k: {"default": self.values.get(k, p.default), "min": p.min, "max": p.max,
                               "step": p.step, "unit": p.unit} for k, p in self.params.items()}}

    def default_goal(self) -> dict[str, Any]:
        """Goal table that "save as challenge" offers first (a lab overrides it)."""
        raise NotImplementedError

    def challenge_goals(self) -> list[dict[str, Any]]:
        """The goals "save as challenge" offers, built from the current setup.

        Each choice is ``{"goal": table}`` plus optional ``fixed``,
        ``controls`` and ``solution`` tables merged over the saved setup (a
        goal may need a control switched on or a fixed start), and
        ``"tune": True`` when the goal is to find the current slider values:
        the saved level then starts its sliders at this level's defaults so
        it does not start already won. The first choice is the default; a
        lab offers only goals its current state can make sense of.
        """
        return [{"goal": self.default_goal()}]

    def challenge_solution(self) -> dict[str, Any]:
        """Solution table for the saved challenge: the current setup."""
        return {}

    def challenge_level(self, text, choice: dict[str, Any] | None = None) -> dict[str, Any]:
        """The sandbox setup with one of :meth:`challenge_goals` as a level table."""
        data: dict[str, Any] = {
            "schema": 1, "id": "my-challenge", "kind": self.spec.kind,
            "title": text.both("challenge.default_title"),
            "brief": text.both("challenge.default_brief"),
            "learned": text.both("challenge.default_learned"),
            "seed": int(self.level.seed),
        }
        data.update(self.challenge_setup())
        if choice is None:
            choice = self.challenge_goals()[0]
        data["goal"] = dict(choice["goal"])
        sol = self.challenge_solution()
        if sol:
            data["solution"] = sol
        for table in ("fixed", "controls", "solution"):
            if choice.get(table):
                data[table] = {**data.get(table, {}), **choice[table]}
        if choice.get("tune"):
            for name, p in data.get("params", {}).items():
                if name in self.params:
                    p["default"] = self.params[name].default
        return data

    def close(self) -> None:
        """The view leaves the screen for good: stop its background work.

        Called by the play scene when it is closed and when a level restarts.
        A lab with worker threads cancels them here, so they stop competing
        with the next scene for the interpreter.
        """

    def tour_steps(self) -> list[tuple[Callable[[], pygame.Rect], str]]:
        """(rectangle getter, i18n key) callouts for a first-level tour."""
        return []

    def model_state(self) -> dict[str, np.ndarray]:
        """Arrays of the model state, for soak tests (must stay finite)."""
        return {}


def texts(en: str, zh: str) -> dict[str, str]:
    return Texts(en=en, zh=zh).model_dump()


def _close(name: Any, known) -> list[str]:
    """A did-you-mean for an unknown key: only short strings are compared, so a
    hostile 10^6-character key costs nothing (difflib is quadratic)."""
    import difflib
    if not isinstance(name, str) or len(name) > 64:
        return []
    return difflib.get_close_matches(name, list(known), n=1)
