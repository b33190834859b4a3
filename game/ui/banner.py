"""The "Level complete" banner: three stars are a moment, not a cut to the results.

It opens over the top of the lab when the best score first earns three
stars, says so, and offers two buttons: Continue exploring (closes it; Esc
too) and See results (finishes the level; Enter too). The buttons are drawn
here rather than by pygame_gui so that the banner, drawn over every widget,
is never covered by one; the play scene hands the banner its input first
while it is open. Clicks elsewhere go on to the lab.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui import theme
from game.ui.fonts import wrap


class WinBanner:
    """Layout, input and drawing of the win banner of one play scene."""

    BUTTONS = ("continue", "results")

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.open = False
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.buttons: dict[str, pygame.Rect] = {}
        self._area = pygame.Rect(0, 0, 1, 1)
        self._hover: str | None = None

    def show(self) -> None:
        self.open = True
        self.layout(self._area)

    def layout(self, area: pygame.Rect) -> None:
        """Place the banner at the top centre of ``area`` (the lab's rectangle)."""
        self._area = area
        ctx = self.scene.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        font = f.get(theme.BASE_FONT)
        labels = [t(f"play.win.{k}") for k in self.BUTTONS]
        bw = max(font.size(x)[0] for x in labels) + s(32)
        bh = s(38)
        w = min(area.width - s(24), max(s(480), 2 * bw + s(56)))
        body = wrap(t("play.win.body"), font, w - s(40))
        title_h = f.get(theme.TITLE_FONT - 8, bold=True).get_linesize()
        h = s(18) + title_h + s(6) + len(body) * font.get_linesize() + s(16) + bh + s(18)
        self.rect = pygame.Rect(0, 0, w, h)
        self.rect.midtop = (area.centerx, area.y + s(24))
        bw = min(bw, (w - s(56)) // 2)
        y = self.rect.bottom - s(18) - bh
        self.buttons = {
            "continue": pygame.Rect(self.rect.centerx - s(8) - bw, y, bw, bh),
            "results": pygame.Rect(self.rect.centerx + s(8), y, bw, bh),
        }

    def press(self, name: str) -> None:
        if name == "continue":
            self.open = False
        elif name == "results":
            self.scene.finish()

    def handle(self, event: pygame.event.Event) -> bool:
        """Enter: results; Esc: keep exploring; clicks on the banner are its own."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.press("results")
                return True
            if event.key == pygame.K_ESCAPE:
                self.press("continue")
                return True
            return False
        if event.type == pygame.MOUSEMOTION:
            self._hover = next((k for k, r in self.buttons.items() if r.collidepoint(event.pos)), None)
            return False
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.rect.collidepoint(event.pos):
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                for name, r in self.buttons.items():
                    if r.collidepoint(event.pos):
                        self.scene.ctx.sound.play("click")
                        self.press(name)
                        break
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        ctx = self.scene.ctx
        s, f, t = ctx.s, ctx.fonts, ctx.text
        r = self.rect
        shadow = pygame.Surface(r.inflate(s(12), s(12)).size, pygame.SRCALPHA)
        shadow.fill((0, 0, 0, 110))
        surface.blit(shadow, r.inflate(s(12), s(12)).move(0, s(4)))
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        pygame.draw.rect(surface, theme.STAR, r, 2, border_radius=12)
        title = f.render(t("play.win.title"), theme.TITLE_FONT - 8, theme.STAR, bold=True)
        surface.blit(title, title.get_rect(midtop=(r.centerx, r.y + s(18))))
        font = f.get(theme.BASE_FONT)
        y = r.y + s(18) + f.get(theme.TITLE_FONT - 8, bold=True).get_linesize() + s(6)
        for row in wrap(t("play.win.body"), font, r.width - s(40)):
            img = f.render(row, theme.BASE_FONT, theme.TEXT)
            surface.blit(img, img.get_rect(midtop=(r.centerx, y)))
            y += font.get_linesize()
        for name, b in self.buttons.items():
            main = name == "results"
            bg = theme.BLUE if main else (theme.PANEL_HI if self._hover != name else (74, 90, 134))
            pygame.draw.rect(surface, bg, b, border_radius=6)
            pygame.draw.rect(surface, theme.ACCENT if main or self._hover == name else theme.AXIS, b, 1,
                             border_radius=6)
            img = f.render(t(f"play.win.{name}"), theme.BASE_FONT, theme.TEXT)
            surface.blit(img, img.get_rect(center=b.center))
