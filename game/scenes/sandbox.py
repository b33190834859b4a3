"""Sandbox picker: one card per registered lab, opening it with everything unlocked."""

from __future__ import annotations

import pygame
import pygame_gui

from game.labs import LABS
from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped, wrapped_height


class SandboxPickerScene(Scene):
    name_key = "scene.sandbox"
    help_keys = (("1-9", "help.open_lab"), ("Esc", "help.back"))

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        self.back = self.button(pygame.Rect(s(12), s(12), s(40), s(34)), "", text="◀")
        specs = sorted(LABS.values(), key=lambda sp: sp.order)
        cols = max(1, min(len(specs), (w - s(40)) // s(300)))
        cw = (w - s(40) - (cols - 1) * s(16)) // cols
        # every card as tall as the longest blurb needs: the text never runs under the button
        font = self.ctx.fonts.get(theme.SMALL_FONT)
        text_h = max(wrapped_height(self.t(sp.blurb_key), font, cw - s(32)) for sp in specs)
        ch = s(50) + text_h + s(12) + s(38) + s(14)
        self.cards: list[tuple[pygame.Rect, object, pygame_gui.elements.UIButton]] = []
        for i, spec in enumerate(specs):
            r = pygame.Rect(s(20) + (i % cols) * (cw + s(16)), s(80) + (i // cols) * (ch + s(16)), cw, ch)
            b = self.button(pygame.Rect(r.x + s(16), r.bottom - s(52), r.width - s(32), s(38)), "sandbox.open")
            self.cards.append((r, spec, b))

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
                return True
            for _, spec, b in self.cards:
                if event.ui_element is b:
                    self.open(spec)
                    return True
        if event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_9:
            i = event.key - pygame.K_1
            if i < len(self.cards):
                self.open(self.cards[i][1])
                return True
        return False

    def open(self, spec) -> None:
        from game.scenes.play import PlayScene
        self.app.push(PlayScene(self.app, spec.sandbox(), "sandbox"))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        s, f = self.s, self.ctx.fonts
        surface.blit(f.render(self.t("menu.sandbox"), theme.TITLE_FONT - 6, theme.TEXT, bold=True), (s(64), s(14)))
        for i, (r, spec, _) in enumerate(self.cards):
            pygame.draw.rect(surface, theme.PANEL, r, border_radius=10)
            pygame.draw.rect(surface, spec.colour, r, 2, border_radius=10)
            surface.blit(f.render(f"{i + 1}. " + self.t(spec.name_key), theme.BASE_FONT + 3, spec.colour, bold=True),
                         (r.x + s(16), r.y + s(14)))
            draw_wrapped(surface, self.t(spec.blurb_key), f.get(theme.SMALL_FONT), theme.TEXT,
                         pygame.Rect(r.x + s(16), r.y + s(50), r.width - s(32), r.height - s(50) - s(64)))
