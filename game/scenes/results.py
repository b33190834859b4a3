"""Results: stars appear one by one, score and best, what you learned."""

from __future__ import annotations

import pygame
import pygame_gui

from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped

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
        surface.blit(title, title.get_rect(center=(w // 2, s(60))))
        star_size = s(44)
        for k in range(3):
            cx = w // 2 + (k - 1) * s(110)
            self._star(surface, (cx, s(150)), star_size, k < self.shown)
        sc = self.play.fmt_score(self.score)
        line = t("results.score", v=sc)
        if self.prev_best is not None:
            line += "    " + t("results.best", v=self.play.fmt_score(self.prev_best))
        img = f.render(line, theme.BASE_FONT + 2, theme.TEXT)
        surface.blit(img, img.get_rect(center=(w // 2, s(225))))
        msg = t("results.msg%d" % self.stars)
        img = f.render(msg, theme.BASE_FONT, theme.STAR if self.stars else theme.WARN)
        surface.blit(img, img.get_rect(center=(w // 2, s(258))))
        box = pygame.Rect(w // 2 - s(380), s(290), s(760), h - s(290) - s(110))
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=10)
        surface.blit(f.render(t("results.learned"), theme.BASE_FONT + 1, theme.ACCENT, bold=True),
                     (box.x + s(20), box.y + s(14)))
        draw_wrapped(surface, t.pick(lvl.learned), f.get(theme.BASE_FONT), theme.TEXT,
                     box.inflate(-s(40), -s(60)).move(0, s(20)))

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
