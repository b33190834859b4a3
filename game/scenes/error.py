"""The error card: a level that could not be loaded, in plain words.

The card says, in the player's language, which file could not be loaded,
how many problems it has and what to do; the problems themselves follow as
the loader wrote them (they quote the file's keys and values, which are
English in every level file), one bullet each, wrapped to the card.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import wrap


class ErrorScene(Scene):
    name_key = "scene.error"
    help_keys = (("Esc", "help.back"),)

    def __init__(self, app, title_key: str, message: str, error: Any = None) -> None:
        super().__init__(app)
        self.title_key = title_key
        self.message = message
        self.error = error              # a game.levels.LevelError, when the card is about a level file

    @classmethod
    def for_level(cls, app, error) -> "ErrorScene":
        """The card of a level file that could not be loaded (``error``: a ``LevelError``)."""
        return cls(app, "levels.cannot_load", str(error), error)

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

    def lines(self) -> list[tuple[str, tuple[int, int, int], bool]]:
        """(text, colour, bold) paragraphs of the card's body."""
        err = self.error
        if err is None:
            return [(self.message, theme.TEXT, False)]
        t = self.t
        rows = [(t("levels.error.file", path=err.path), theme.TEXT, True),
                (t("levels.error.count", n=len(err.problems)), theme.TEXT_DIM, False)]
        rows += [("•  " + p, theme.TEXT, False) for p in err.problems]
        rows.append((t("levels.error.fix"), theme.ACCENT, False))
        return rows

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        s, f = self.s, self.ctx.fonts
        card = pygame.Rect(s(60), s(60), w - s(120), h - s(170))
        pygame.draw.rect(surface, theme.PANEL, card, border_radius=12)
        pygame.draw.rect(surface, theme.BAD, card, 2, border_radius=12)
        surface.blit(f.render(self.t(self.title_key), theme.TITLE_FONT - 4, theme.WARN, bold=True),
                     (card.x + s(24), card.y + s(20)))
        y = card.y + s(76)
        width = card.width - s(48)
        for text, colour, bold in self.lines():
            font = f.get(theme.BASE_FONT, bold=bold)
            for row in wrap(text, font, width):
                if y + font.get_linesize() > card.bottom - s(12):
                    return
                surface.blit(f.render(row, theme.BASE_FONT, colour, bold=bold), (card.x + s(24), y))
                y += font.get_linesize()
            y += s(8)
