"""Transition: labs not yet split into model / view / render.

``LegacyView`` is the lab view of the old shape, which does its own science
and scoring. ``LegacyModel`` gives it the model face the shell now expects
(``view.model.best``, ``score``, ``state``, ``close``), and
:func:`legacy_spec` registers such a lab with :func:`game.core.lab.make_spec`
fields. A lab moved to the new shape no longer uses this module; when the
last one has moved, this module goes.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np
import pygame
import pygame_gui

from game.core.lab import GoalKind, LabSpec, Scripts
from game.core.level import Level, Mode
from game.core.schema import Param
from game.labs.common.challenge import LegacyWriter
from game.ui.widgets import ParamSlider, SliderPanel


class LegacyModel:
    """The model face of a legacy view: everything delegates to the view."""

    def __init__(self, view: "LegacyView") -> None:
        self._view = view
        self.level = view.level
        self.mode = view.mode

    @property
    def best(self) -> float | None:
        return self._view.best

    @property
    def last(self) -> float | None:
        """The score of the view's last recorded attempt (what the HUD's meter shows)."""
        return getattr(self._view, "last_score", None)

    @property
    def attempts(self):
        return self._view

    @property
    def values(self) -> dict[str, float]:
        return self._view.values

    def score(self) -> float | None:
        return self._view.score()

    def state(self) -> dict[str, np.ndarray]:
        return self._view.model_state()

    def close(self) -> None:
        self._view.close()


class LegacyView:
    """Base for a lab's interactive view inside the play scene.

    Subclasses set ``spec`` and override ``layout``, ``handle``, ``update``,
    ``draw`` and ``score``. ``values`` holds the current tunables (the level's
    ``params`` plus whatever the sandbox unlocks); sliders write them through
    :meth:`set_param`, the view reads them.
    """

    spec: Any = None
    help_keys: tuple[tuple[str, str], ...] = ()

    def __init__(self, level: Level, ctx: Any, mode: str = "campaign", spec: Any = None) -> None:
        self.level = level
        self.ctx = ctx
        self.mode = Mode(mode)
        if spec is not None:
            self.spec = spec
        self.model = LegacyModel(self)
        self.params: dict[str, Param] = dict(level.params)
        self.values: dict[str, float] = level.param_values()
        self.rng = np.random.default_rng(level.seed)
        self.panel = SliderPanel()
        self.scene: "Scene | None" = None
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.best: float | None = None         # best score of this visit
        self.last_score: float | None = None   # score of the last recorded attempt
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

    def animating(self) -> bool:
        return True

    def draw(self, surface: pygame.Surface) -> None:
        pass

    # -------------------------------------------------------------- scoring
    def score(self) -> float | None:
        """The goal's current score (None before any attempt)."""
        return None

    def record(self, score: float | None) -> None:
        """Keep the best attempt of this visit, and the last one."""
        self.attempts += 1
        self.last_score = score
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


class _Pending:
    """What a legacy lab's model factory returns: the level and mode its view is built from."""

    def __init__(self, level: Level, mode: Mode) -> None:
        self.level = level
        self.mode = mode


def legacy_spec(kind: str, *, order: int, colour: tuple[int, int, int], schema: Any,
                view: Callable[..., Any], sandbox: Callable[[], Level]) -> LabSpec:
    """Register a legacy lab: its view class builds itself from (level, ctx, mode)."""
    goals = {k: GoalKind(m, lambda model, goal: model.score()) for k, m in schema.GOALS.items()}

    def make_view(spec, model, ctx):
        return view(model.level, ctx, model.mode, spec)

    def play(v, driver):
        v.play_solution(driver)

    def bench(v, driver, i):
        v.bench_script(driver, i)

    def settle(v, driver):
        if hasattr(v, "settle"):
            v.settle(driver)

    return LabSpec(kind=kind, order=order, colour=colour, limits=schema.PARAM_LIMITS, goals=goals,
                   model=_Pending, view=make_view, sandbox=sandbox,
                   fixed=schema.Fixed, controls=schema.Controls, solution=schema.Solution,
                   cross_check=getattr(schema, "cross_check", None),
                   scripts=Scripts(play=play, bench=bench, settle=settle),
                   challenge=LegacyWriter)
