"""Results: stars appear one by one, the winning state, the player's value, what you learned.

The screen shows the level's title, the stars (one by one), a thumbnail of
the lab as it was when three stars were reached (or when the level was
finished), the player's best value with its unit in the goal's own words,
what each star required, the previous best and what the level taught.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.core.readout import star_lines
from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped, wrap

STAR_DELAY_S = 0.45


class ResultsScene(Scene):
    name_key = "scene.results"
    help_keys = (("Enter", "help.next"), ("R", "help.retry"), ("Esc", "help.map"))

    def __init__(self, app, play, score, stars: int, prev_best) -> None:
        super().__init__(app)
        self.play = play
        self.score = score
        self.stars = stars
        self.prev_best = prev_best
        self.t_anim = 0.0
        self.shown = 0
        self.thumb_rect: pygame.Rect | None = None      # where the winning state was drawn

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        names = ["retry", "map"]
        if self.play.next_level() is not None and self.stars > 0:
            names.insert(0, "next")
        bw, gap = s(170), s(14)
        total = len(names) * bw + (len(names) - 1) * gap
        x = w // 2 - total // 2
        self.btn = {}
        for n in names:
            self.btn[n] = self.button(pygame.Rect(x, h - s(90), bw, s(46)), f"results.{n}",
                                      object_id="@title_button")
            x += bw + gap

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for n, b in self.btn.items():
                if event.ui_element is b:
                    self.press(n)
                    return True
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.press("next" if "next" in self.btn else "map")
                return True
            if event.key == pygame.K_r:
                self.press("retry")
                return True
            if event.key == pygame.K_ESCAPE:
                self.press("map")
                return True
        return False

    def press(self, name: str) -> None:
        if name == "retry":
            self.play.restart()
            self.app.pop()
        elif name == "map":
            self.app.stack.pop().shutdown()        # results
            self.app.pop()                         # play -> map
        elif name == "next":
            nxt = self.play.next_level()
            self.app.stack.pop().shutdown()
            self.app.replace(self.play.sibling(nxt))

    def animating(self) -> bool:
        return self.shown < self.stars or self.t_anim < (self.stars + 2) * STAR_DELAY_S

    def update(self, dt: float) -> None:
        self.t_anim += dt
        target = min(self.stars, int(self.t_anim / STAR_DELAY_S))
        while self.shown < target:
            self.shown += 1
            self.ctx.sound.play("star")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        s, f, t = self.s, self.ctx.fonts, self.ctx.text
        w, h = surface.get_size()
        lvl = self.play.level
        title = f.render(t.pick(lvl.title), theme.TITLE_FONT, theme.TEXT, bold=True)
        surface.blit(title, title.get_rect(center=(w // 2, s(48))))
        for k in range(3):
            self._star(surface, (w // 2 + (k - 1) * s(100), s(118)), s(38), k < self.shown)
        top = s(172)
        bottom = self._draw_result(surface, pygame.Rect(s(40), top, w - s(80), h - top - s(250)))
        box = pygame.Rect(w // 2 - min(s(380), w // 2 - s(40)), bottom + s(14), 2 * min(s(380), w // 2 - s(40)), 0)
        box.height = max(s(90), h - s(110) - box.y)
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=10)
        surface.blit(f.render(t("results.learned"), theme.BASE_FONT + 1, theme.ACCENT, bold=True),
                     (box.x + s(20), box.y + s(12)))
        draw_wrapped(surface, t.pick(lvl.learned), f.get(theme.BASE_FONT), theme.TEXT,
                     pygame.Rect(box.x + s(20), box.y + s(40), box.width - s(40), box.height - s(48)))

    def _draw_result(self, surface: pygame.Surface, area: pygame.Rect) -> int:
        """Thumbnail on the left, the player's value and each star's need on the right; the
        bottom of what was drawn (px)."""
        s, f = self.s, self.ctx.fonts
        thumb = self.play.thumb
        text_w = min(s(520), area.width)
        if thumb is not None:
            k = min(1.0, area.height / max(1, thumb.get_height()), (area.width - text_w - s(24)) / thumb.get_width())
            if k < 0.35:
                thumb = None
            elif k < 1.0:
                thumb = pygame.transform.smoothscale(thumb, (int(thumb.get_width() * k), int(thumb.get_height() * k)))
        block_w = text_w + (thumb.get_width() + s(24) if thumb is not None else 0)
        x = area.centerx - block_w // 2
        bottom = area.y
        self.thumb_rect = None
        if thumb is not None:
            self.thumb_rect = surface.blit(thumb, (x, area.y))
            pygame.draw.rect(surface, theme.STAR if self.stars == 3 else theme.AXIS,
                             thumb.get_rect(topleft=(x, area.y)), 1)
            bottom = area.y + thumb.get_height()
            x += thumb.get_width() + s(24)
        y = area.y
        for text, size, colour, bold in self._result_lines():
            font = f.get(size, bold=bold)
            for row in wrap(text, font, text_w):
                surface.blit(f.render(row, size, colour, bold=bold), (x, y))
                y += font.get_linesize()
            y += s(6)
        return max(bottom, y)

    def _result_lines(self) -> list[tuple[str, int, tuple, bool]]:
        """(text, font size, colour, bold) rows: the value, the stars' needs, the previous best, a word."""
        t = self.ctx.text
        hud = self.play.hud
        goal = self.play.level.goal
        rows = [(t("results.your", line=hud.line(self.score)), theme.BASE_FONT + 2, theme.TEXT, True)]
        if goal is not None:
            needs = star_lines(goal, hud.kind())
            rows.append((t("results.needed"), theme.BASE_FONT, theme.TEXT_DIM, False))
            for k, need in enumerate(needs):
                rows.append((need, theme.BASE_FONT, theme.STAR if k < self.stars else theme.TEXT_DIM, k < self.stars))
        if self.prev_best is not None:
            rows.append((t("results.best", v=hud.value_text(self.prev_best)), theme.BASE_FONT, theme.TEXT, False))
        rows.append((t("results.msg%d" % self.stars), theme.BASE_FONT, theme.STAR if self.stars else theme.WARN, False))
        return rows

    def _star(self, surface, centre, r, filled: bool) -> None:
        import math
        pts = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            rr = r if i % 2 == 0 else r * 0.45
            pts.append((centre[0] + rr * math.cos(a), centre[1] + rr * math.sin(a)))
        if filled:
            pygame.draw.polygon(surface, theme.STAR, pts)
        pygame.draw.polygon(surface, theme.STAR if filled else theme.AXIS, pts, 2)
