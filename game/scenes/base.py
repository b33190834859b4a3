"""The scene lifecycle that ``game.app.App`` drives.

A scene is one screen. The app calls ``build`` when the scene becomes the
top of the stack (and again after a language, scale or window-size change),
``clear`` when it is covered or removed, ``handle`` for each event (return
True to consume it), ``update(dt)`` once a frame and ``draw(surface)``.
Widgets are pygame_gui elements created in ``build`` and listed in
``self.widgets`` so ``clear`` can remove them; model state lives in plain
attributes and survives a rebuild.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui


class Scene:
    """Base class: a screen with its own widgets and keys."""

    #: (key label, i18n key of what it does), listed by the F1 help overlay.
    help_keys: tuple[tuple[str, str], ...] = ()
    #: i18n key of the scene's name, shown in the help overlay title.
    name_key = "scene.generic"

    def __init__(self, app: Any) -> None:
        """``app`` is the running ``game.app.App`` (scenes push, pop and replace through it)."""
        self.app = app
        self.ctx = app.ctx
        self.widgets: list[pygame_gui.core.UIElement] = []

    # lifecycle -----------------------------------------------------------
    def build(self) -> None:
        """Create widgets for the current window size, scale and language."""

    def clear(self) -> None:
        for w in self.widgets:
            w.kill()
        self.widgets.clear()

    def rebuild(self) -> None:
        self.clear()
        self.build()

    def shutdown(self) -> None:
        """Called once when the scene leaves the stack for good."""
        self.clear()

    # frame ---------------------------------------------------------------
    def handle_first(self, event: pygame.event.Event) -> bool:
        """Input for an overlay of this scene (a tour, a banner) before any widget sees it;
        True consumes the event."""
        return False

    def handle(self, event: pygame.event.Event) -> bool:
        return False

    def update(self, dt: float) -> None:
        pass

    def animating(self) -> bool:
        """Does this screen change by itself now? When not, the app's loop sleeps between
        input events and draws only a few frames a second."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.ctx.theme_bg)

    # helpers -------------------------------------------------------------
    def add(self, widget):
        self.widgets.append(widget)
        return widget

    def s(self, px: float) -> int:
        """Scale a length given at UI scale 1 (px)."""
        return round(px * self.ctx.scale)

    def t(self, key: str, **fmt) -> str:
        return self.ctx.text(key, **fmt)

    def button(self, rect: pygame.Rect, key: str, object_id: str | None = None,
               tooltip: str | None = None, text: str | None = None) -> pygame_gui.elements.UIButton:
        kw = {}
        if object_id:
            kw["object_id"] = pygame_gui.core.ObjectID(class_id=object_id)
        if tooltip:
            kw["tool_tip_text"] = tooltip
        return self.add(pygame_gui.elements.UIButton(
            rect, text if text is not None else self.t(key), manager=self.ctx.ui, **kw))
