"""The title menu: campaign, sandbox, challenges, settings, quit."""

from __future__ import annotations

import math

import pygame
import pygame_gui

from game import paths
from game.scenes.base import Scene
from game.ui import theme


#: Seconds the backdrop keeps drifting after the last input before the menu goes idle.
BACKDROP_S = 8.0

class MenuScene(Scene):
    name_key = "scene.menu"
    help_keys = (("Enter", "help.menu_enter"), ("L", "help.toggle_lang"))

    ENTRIES = ("campaign", "sandbox", "challenges", "settings", "quit")

    def __init__(self, app) -> None:
        super().__init__(app)
        self.t_anim = 0.0
        self.since_input = 0.0
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}

    def build(self) -> None:
        # file names are the campaign's level ids (a test pins it): no need to load the levels
        self.campaign_ids = [p.stem for p in sorted(paths.CAMPAIGN.glob("*.toml"))]
        w, h = self.app.screen.get_size()
        bw, bh, gap = self.s(320), self.s(50), self.s(12)
        top = int(h * 0.40)
        self.buttons = {}
        for i, key in enumerate(self.ENTRIES):
            r = pygame.Rect(0, 0, bw, bh)
            r.midtop = (w // 2, top + i * (bh + gap))
            self.buttons[key] = self.button(r, f"menu.{key}", object_id="@title_button")
        lang = pygame.Rect(0, 0, self.s(120), self.s(36))
        lang.topright = (w - self.s(16), self.s(16))
        self.lang_button = self.button(lang, "menu.lang_toggle")

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN):
            self.since_input = 0.0
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, b in self.buttons.items():
                if event.ui_element is b:
                    self.ctx.sound.play("click")
                    self.activate(key)
                    return True
            if event.ui_element is self.lang_button:
                self.app.set_lang("zh" if self.ctx.text.lang == "en" else "en")
                return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_l:
                self.app.set_lang("zh" if self.ctx.text.lang == "en" else "en")
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.activate("campaign")
                return True
            if event.key == pygame.K_ESCAPE:
                return True     # the root scene: Esc does not quit by accident
        return False

    def activate(self, key: str) -> None:
        from game.scenes.campaign import CampaignScene
        from game.scenes.challenges import ChallengesScene
        from game.scenes.sandbox import SandboxPickerScene
        from game.scenes.settings import SettingsScene
        if key == "campaign":
            self.app.push(CampaignScene(self.app))
        elif key == "sandbox":
            self.app.push(SandboxPickerScene(self.app))
        elif key == "challenges":
            self.app.push(ChallengesScene(self.app))
        elif key == "settings":
            self.app.push(SettingsScene(self.app))
        elif key == "quit":
            self.app.quit()

    def update(self, dt: float) -> None:
        if self.animating():
            self.t_anim += dt
        self.since_input += dt

    def animating(self) -> bool:
        """The backdrop drifts for a while after the last input, then holds still (idle menu)."""
        return self.since_input < BACKDROP_S

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        self._draw_backdrop(surface)
        f = self.ctx.fonts
        title = f.render(self.t("app.title"), round(theme.TITLE_FONT * 1.9), theme.TEXT, bold=True)
        surface.blit(title, title.get_rect(center=(w // 2, int(h * 0.17))))
        sub = f.render(self.t("app.subtitle"), theme.BASE_FONT + 3, theme.ACCENT)
        surface.blit(sub, sub.get_rect(center=(w // 2, int(h * 0.17) + title.get_height() // 2 + self.s(22))))
        got, of = self.ctx.progress.star_total(self.campaign_ids)
        if got:
            st = f.render(self.t("menu.total_stars", got=got, of=of), theme.BASE_FONT, theme.STAR)
            surface.blit(st, st.get_rect(center=(w // 2, int(h * 0.33))))
        foot = f.render(self.t("menu.footer"), theme.SMALL_FONT, theme.TEXT_DIM)
        surface.blit(foot, foot.get_rect(midbottom=(w // 2, h - self.s(12))))

    def _draw_backdrop(self, surface: pygame.Surface) -> None:
        """A slowly drifting limit cycle and spike train: the course in one glance."""
        w, h = surface.get_size()
        t = self.t_anim
        pts = []
        for k in range(120):
            a = 2 * math.pi * k / 120
            r = 1 + 0.35 * math.sin(3 * a + t * 0.6)
            pts.append((w * 0.5 + math.cos(a) * r * w * 0.3, h * 0.55 + math.sin(a) * r * h * 0.32))
        pygame.draw.lines(surface, (30, 40, 62), True, pts, 2)
        base = h - self.s(60)
        x0 = int((t * 60) % self.s(90))
        for x in range(-self.s(90) + x0, w, self.s(90)):
            pygame.draw.line(surface, (38, 50, 78), (x, base), (x, base - self.s(40)), 2)
