"""First-level tours: short callouts pointing at the real widgets.

A level with ``tour = true`` shows its lab's ``tour_steps()`` and the HUD's
own steps once, the first time it is opened: the screen dims except for a
highlighted rectangle, and a bubble beside it says what that control does.
Enter, Space or a click goes on; Esc skips the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pygame

from game.ui import theme
from game.ui.fonts import draw_wrapped, wrap


@dataclass
class Step:
    target: Callable[[], pygame.Rect]     # called each frame: layouts change with scale
    key: str                              # i18n key of the callout text
    fields: dict = field(default_factory=dict)   # its format fields (e.g. the names of a level's sliders)


class Tour:
    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.index = 0

    @property
    def active(self) -> bool:
        return self.index < len(self.steps)

    def handle(self, event: pygame.event.Event) -> bool:
        """Consume every input while the tour is showing."""
        if not self.active:
            return False
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.index = len(self.steps)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_RIGHT):
                self.index += 1
            return True
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.index += 1
            return True
        return event.type in (pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.KEYUP)

    def draw(self, surface: pygame.Surface, ctx) -> None:
        if not self.active:
            return
        s, f, t = ctx.s, ctx.fonts, ctx.text
        step = self.steps[self.index]
        target = step.target().clip(surface.get_rect())
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 160))
        shade.fill((0, 0, 0, 0), target.inflate(s(12), s(12)))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, theme.STAR, target.inflate(s(12), s(12)), 3, border_radius=6)
        font = f.get(theme.BASE_FONT)
        width = s(360)
        text = t(step.key, **step.fields)
        foot = t("tour.footer", i=self.index + 1, n=len(self.steps))
        lines = len(wrap(text, font, width - s(28))) + 2
        h = lines * int(font.get_linesize() * 1.06) + s(24)
        bubble = pygame.Rect(0, 0, width, h)
        sw, sh = surface.get_size()
        # beside the target where there is room: right, left, below, above
        if target.right + s(24) + width < sw:
            bubble.midleft = (target.right + s(24), target.centery)
        elif target.left - s(24) - width > 0:
            bubble.midright = (target.left - s(24), target.centery)
        elif target.bottom + s(24) + h < sh:
            bubble.midtop = (target.centerx, target.bottom + s(24))
        else:
            bubble.midbottom = (target.centerx, target.top - s(24))
        bubble.clamp_ip(surface.get_rect().inflate(-s(8), -s(8)))
        pygame.draw.rect(surface, theme.PANEL_HI, bubble, border_radius=10)
        pygame.draw.rect(surface, theme.STAR, bubble, 2, border_radius=10)
        used = draw_wrapped(surface, text, font, theme.TEXT, bubble.inflate(-s(28), -s(24)), line_gap=1.25)
        img = f.render(foot, theme.SMALL_FONT, theme.TEXT_DIM)
        surface.blit(img, (bubble.x + s(14), bubble.y + s(12) + used + s(6)))
