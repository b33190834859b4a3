"""The base of every lab's view: layout, sliders, buttons, input -> model commands.

A view is built around a model (``game.core.lab.LabModel``): widgets write
parameters through :meth:`LabView.set_param` (which sets the model's value,
then lets the view react, e.g. drop a cached picture), buttons call
:meth:`LabView.press`, and ``update(dt)`` advances the model. The view never
computes a score; the play scene reads ``view.model.best``. Drawing lives in
the lab's ``render`` module.
"""

from __future__ import annotations

from typing import Any, Callable

import pygame
import pygame_gui

from game.core.lab import LabModel, LabSpec
from game.core.schema import Param
from game.ui.widgets import ParamSlider, SliderPanel


class LabView:
    """Base for a lab's interactive view inside the play scene.

    Subclasses override :meth:`layout`, and as needed :meth:`handle`,
    :meth:`press`, :meth:`on_param`, :meth:`update` and :meth:`draw`.
    ``params`` are the declared sliders (a sandbox may swap them, e.g. for
    another system); their values live in ``model.values``.
    """

    help_keys: tuple[tuple[str, str], ...] = ()

    def __init__(self, spec: LabSpec, model: LabModel, ctx: Any) -> None:
        self.spec = spec
        self.model = model
        self.ctx = ctx
        self.level = model.level
        self.mode = model.mode
        self.params: dict[str, Param] = dict(self.level.params)
        self.panel = SliderPanel()
        self.scene: Any = None
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.buttons: dict[str, Any] = {}      # key -> pygame_gui button; a press calls press(key)

    # -------------------------------------------------------------- layout
    def build(self, scene: Any, rect: pygame.Rect) -> None:
        """Create widgets inside ``rect``; called again after any rebuild."""
        self.scene = scene
        self.rect = rect
        self.panel = SliderPanel()
        self.buttons = {}
        self.layout(scene, rect)

    def layout(self, scene: Any, rect: pygame.Rect) -> None:
        raise NotImplementedError

    def s(self, px: float) -> int:
        """A length at UI scale 1 (px) at the current scale."""
        return self.ctx.s(px)

    def add_sliders(self, scene: Any, rect: pygame.Rect, names: list[str] | None = None,
                    row_h: int | None = None) -> int:
        """One slider per tunable, stacked from ``rect.top``; returns the y below them."""
        row_h = row_h or scene.s(30)
        y = rect.y
        for name in names if names is not None else list(self.params):
            p = self.params[name]
            key = f"{self.spec.kind}.param.{name}"
            label = self.ctx.text(key) if self.ctx.text.has(key) else name
            value = self.model.values.get(name, p.default)
            self.panel.add(ParamSlider(scene, pygame.Rect(rect.x, y, rect.width, row_h - scene.s(4)),
                                       name, label, p, value, self.set_param))
            y += row_h
        return y

    def add_button(self, key: str, rect: pygame.Rect, label_key: str, tooltip_key: str | None = None):
        """A button whose press calls ``press(key)``."""
        tip = self.ctx.text(tooltip_key) if tooltip_key else None
        self.buttons[key] = self.scene.button(rect, label_key, tooltip=tip)
        return self.buttons[key]

    def show_buttons(self, selected: Callable[[str], bool | None], captions: dict[str, str]) -> None:
        """Selected look where ``selected(key)`` is True (False: unselected, None: left alone), and the
        toggles' current captions (button key -> text key); a button that is absent is skipped."""
        for key, btn in self.buttons.items():
            on = selected(key)
            if on and not btn.is_selected:
                btn.select()
            elif on is False and btn.is_selected:
                btn.unselect()
        for key, label in captions.items():
            if key in self.buttons:
                self.buttons[key].set_text(self.ctx.text(label))

    # -------------------------------------------------------------- model
    def set_param(self, name: str, value: float) -> None:
        """A slider moved: the model takes the value, then the view reacts."""
        used = self.model.set_param(name, value)
        if used is not None:
            self.on_param(name, used)

    def on_param(self, name: str, value: float) -> None:
        """React to a changed tunable on the view side (layers to redraw)."""

    def set_slider(self, name: str, value: float) -> None:
        """Move a slider to ``value`` (snapped) and give the model the snapped value."""
        sl = self.panel.get(name)
        if sl is not None:
            sl.set(value, notify=False)
            value = sl.value
        self.model.set_param(name, value)

    def reset(self) -> None:
        """Back to the level's start: the model's values and every slider."""
        self.model.reset()
        for sl in self.panel.sliders:
            sl.set(self.model.values.get(sl.name, sl.value), notify=False)

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
        self.model.step(dt)

    def animating(self) -> bool:
        """Does the view change by itself now (moving points, a run being computed)? While not,
        the app draws only a few frames a second."""
        return True

    def draw(self, surface: pygame.Surface) -> None:
        pass

    # -------------------------------------------------------------- extras
    def caption(self) -> str:
        """Parameters in one line, for exported figures."""
        vals = ", ".join(f"{k} = {v:g}" for k, v in self.model.values.items())
        return f"{self.level.id}: {vals}"

    def tour_steps(self) -> list[tuple]:
        """(rectangle getter, i18n key[, format fields]) callouts for a first-level tour."""
        return []

    def close(self) -> None:
        """The view leaves the screen for good: stop the model's background work."""
        self.model.close()
