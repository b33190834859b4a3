"""The error card: a level that could not be loaded, in plain words."""

from __future__ import annotations

import pygame
import pygame_gui

from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped


class ErrorScene(Scene):
    name_key = "scene.error"
    help_keys = (("Esc", "help.back"),)

    def __init__(self, app, title_key: str, message: str) -> None:
        super().__init__(app)
        self.title_key = title_key
        self.message = message

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        r = pygame.Rect(0, 0, self.s(160), self.s(44))
        r.midbottom = (w // 2, h - self.s(40))
        self.back = self.button(r, "common.back")

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back:
            self.app.pop()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        card = pygame.Rect(self.s(60), self.s(60), w - self.s(120), h - self.s(170))
        pygame.draw.rect(surface, theme.PANEL, card, border_radius=12)
        pygame.draw.rect(surface, theme.BAD, card, 2, border_radius=12)
        f = self.ctx.fonts
        surface.blit(f.render(self.t(self.title_key), theme.TITLE_FONT - 4, theme.WARN, bold=True),
                     (card.x + self.s(24), card.y + self.s(20)))
        draw_wrapped(surface, self.message, f.get(theme.BASE_FONT), theme.TEXT,
                     card.inflate(-self.s(48), -self.s(100)).move(0, self.s(30)))
