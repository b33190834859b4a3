"""The play scene: a lab view under a HUD with goal, score meter and hints.

Campaign and challenge levels show the whole brief, the goal line (the
player's value with its unit and what three stars need), a live meter with
the three star thresholds (``game.ui.hud``), a hint button (hints revealed
one at a time and recorded with the result), Reset and Finish. Reaching
three stars is a moment, not a cut: a "Level complete" banner opens over the
lab (Continue exploring / See results; Enter = results, Esc = keep
exploring) and a thumbnail of the lab is kept for the results screen. In the
sandbox the HUD offers "Save as challenge" and "Export PNG" instead.
"""

from __future__ import annotations

import time

import pygame
import pygame_gui

from game.core.level import Level, Mode
from game.core.scoring import stars_for
from game.labs import LABS
from game.scenes.base import Scene
from game.ui import theme
from game.ui.banner import WinBanner
from game.ui.hud import GoalHud
from game.ui.tour import Step, Tour

TOAST_S = 4.0
#: Largest thumbnail of the winning state kept for the results screen, at UI scale 1 (px).
THUMB_MAX = (420, 260)


class PlayScene(Scene):
    name_key = "scene.play"

    def __init__(self, app, level: Level, mode: str = "campaign", sequence: list[Level] | None = None,
                 hints: bool = True) -> None:
        super().__init__(app)
        self.hints_allowed = hints
        self.level = level
        self.mode = Mode(mode)
        self.sequence = sequence or []
        self.spec = LABS[level.kind]
        self.lab = self.spec.new_view(level, self.ctx, self.mode)
        self.hints_shown = 0
        self.elapsed = 0.0
        self.finished = False
        self.won = False                       # three stars reached in this visit (the banner was shown)
        self.banner = WinBanner(self)
        self.thumb: pygame.Surface | None = None
        self._capture_due = False
        self.toast: tuple[str, float] | None = None
        self.hud = GoalHud(self)
        self.hud_h = 0
        self.tour: Tour | None = None

    @property
    def meter_rect(self) -> pygame.Rect:
        return self.hud.meter

    @property
    def help_keys(self):
        keys = [("H", "help.hint"), ("Enter", "help.finish"), ("Ctrl+R", "help.reset"),
                ("Ctrl+P", "help.export"), ("Tab / 1-9", "help.select_slider"),
                ("← →", "help.step_slider"), ("Shift", "help.fine")]
        if self.mode.sandbox:
            keys = [k for k in keys if k[0] not in ("H", "Enter")] + [("Ctrl+S", "help.save_challenge")]
        return tuple(keys) + tuple(self.lab.help_keys)

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        self.hud_h = s(92)
        bh = s(34)
        x = w - s(12)
        self.btn: dict[str, pygame_gui.elements.UIButton] = {}
        names = ("finish", "reset", "hint") if not self.mode.sandbox else ("export", "save_challenge", "reset")
        for name in names:
            label = self.t(f"play.{name}")
            bw = max(s(92), self.ctx.fonts.get(theme.BASE_FONT).size(label)[0] + s(24))
            x -= bw
            self.btn[name] = self.button(pygame.Rect(x, s(10), bw, bh), f"play.{name}")
            x -= s(8)
        self.btn["back"] = self.button(pygame.Rect(s(12), s(10), s(40), bh), "", text="◀",
                                       tooltip=self.t("common.back"))
        if not self.mode.sandbox and (not self.level.hints or not self.hints_allowed):
            self.btn["hint"].disable()
        if self.mode.sandbox:
            self.btn["export"].set_text(self.t("play.export"))
        self.title_right = x
        self.hud_h = self.hud.layout(w, self.title_right)
        lab_rect = pygame.Rect(0, self.hud_h, w, h - self.hud_h)
        self.lab.build(self, lab_rect)
        self.banner.layout(lab_rect)
        self._maybe_start_tour()

    def _maybe_start_tour(self) -> None:
        """Show the first-level tour once per level (remembered in the save file)."""
        if self.tour is not None or not self.level.tour or self.mode.sandbox:
            return
        seen = self.ctx.progress.settings.setdefault("tours_seen", [])
        if self.level.id in seen:
            return
        steps = [Step(*step) for step in self.lab.tour_steps()]      # (target, key[, fields])
        steps += [Step(lambda: self.meter_rect, "tour.meter"),
                  Step(lambda: self.btn["hint"].rect, "tour.hint"),
                  Step(lambda: self.btn["finish"].rect, "tour.finish")]
        self.tour = Tour(steps)
        seen.append(self.level.id)

    # ---------------------------------------------------------------- events
    def handle_first(self, event) -> bool:
        """Input for the tour or the win banner, before any widget sees it."""
        if self.tour is not None and self.tour.active:
            return self.tour.handle(event)
        if self.banner.open:
            return self.banner.handle(event)
        return False

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, b in self.btn.items():
                if event.ui_element is b:
                    self.ctx.sound.play("click")
                    self.press(name)
                    return True
        if event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if event.key == pygame.K_h and not ctrl and not self.mode.sandbox:
                self.press("hint")
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not self.mode.sandbox:
                self.press("finish")
                return True
            if ctrl and event.key == pygame.K_r:
                self.press("reset")
                return True
            if ctrl and event.key == pygame.K_p:
                self.press("export")
                return True
            if ctrl and event.key == pygame.K_s and self.mode.sandbox:
                self.press("save_challenge")
                return True
        return self.lab.handle(event)

    def press(self, name: str) -> None:
        if name == "back":
            self.app.pop()
        elif name == "hint":
            if self.hints_allowed and self.hints_shown < len(self.level.hints):
                self.hints_shown += 1
        elif name == "reset":
            self.lab.reset()
        elif name == "finish":
            self.finish()
        elif name == "export":
            self.show_toast(self.export_png())
        elif name == "save_challenge":
            from game.scenes.savechallenge import SaveChallengeScene
            self.app.push(SaveChallengeScene(self.app, self))

    def shutdown(self) -> None:
        self.lab.close()
        super().shutdown()

    def show_toast(self, text: str) -> None:
        self.toast = (text, TOAST_S)

    # ---------------------------------------------------------------- scoring
    def stars_now(self) -> int:
        g = self.level.goal
        return stars_for(self.lab.model.best, g.better, g.stars) if g else 0

    def finish(self) -> None:
        if self.finished or self.mode.sandbox:
            return
        from game.scenes.results import ResultsScene
        self.finished = True
        self.banner.open = False
        if self.thumb is None:                  # no three-star moment: the last frame drawn
            self.capture_thumb(self.app.screen)
        g = self.level.goal
        score = self.lab.model.best
        stars = stars_for(score, g.better, g.stars)
        prog = self.ctx.progress
        before = prog.levels.get(self.level.id)
        prev_best = before.best if before else None
        prog.record(self.level.id, score, stars, g.better, self.hints_shown, self.elapsed)
        try:
            prog.save()
        except OSError:
            pass
        self.app.push(ResultsScene(self.app, self, score, stars, prev_best))

    def restart(self) -> None:
        """Play the same level again (from the results screen)."""
        self.lab.close()
        self.lab = self.spec.new_view(self.level, self.ctx, self.mode)
        self.hints_shown = 0
        self.elapsed = 0.0
        self.finished = False
        self.won = False
        self.banner.open = False
        self.thumb = None
        self._capture_due = False
        self.hud = GoalHud(self)

    def sibling(self, level: Level, mode: Mode | None = None, sequence: list[Level] | None = None) -> "PlayScene":
        """A play scene for another level in the same run (the next level, a just-saved challenge)."""
        return PlayScene(self.app, level, self.mode if mode is None else mode,
                         self.sequence if sequence is None else sequence, hints=self.hints_allowed)

    def next_level(self) -> Level | None:
        ids = [lv.id for lv in self.sequence]
        if self.level.id in ids:
            i = ids.index(self.level.id)
            if i + 1 < len(self.sequence):
                return self.sequence[i + 1]
        return None

    # ---------------------------------------------------------------- frame
    def update(self, dt: float) -> None:
        self.lab.update(dt)
        if self.finished:
            return
        self.elapsed += dt
        if self.toast:
            self.toast = (self.toast[0], self.toast[1] - dt)
            if self.toast[1] <= 0:
                self.toast = None
        if self.mode.sandbox or self.level.goal is None:
            return
        self.hud.update(dt)
        if self.level.time_limit_s and self.elapsed >= self.level.time_limit_s:
            self.finish()
            return
        if self.stars_now() == 3 and not self.won:
            self.won = True
            self._capture_due = True
            self.banner.show()
            self.ctx.sound.play("win")

    def animating(self) -> bool:
        timed = bool(self.level.time_limit_s) and not self.finished and not self.mode.sandbox
        trend = self.hud.trend is not None
        return self.lab.animating() or self.toast is not None or self._capture_due or trend or timed

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        self.lab.draw(surface)
        self.draw_hud(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        self.lab.panel.draw_focus(surface, self.ctx)
        if self._capture_due:
            self.capture_thumb(surface)
            self._capture_due = False
        if self.hints_shown and not self.mode.sandbox:
            self.hud.draw_hints(surface, self.hints_shown)
        if self.banner.open:
            self.banner.draw(surface)
        if self.tour is not None and self.tour.active:
            self.tour.draw(surface, self.ctx)
        if self.toast:
            f = self.ctx.fonts
            img = f.render(self.toast[0], theme.BASE_FONT, theme.TEXT)
            r = img.get_rect(midbottom=(surface.get_width() // 2, surface.get_height() - self.s(16)))
            pygame.draw.rect(surface, theme.PANEL_HI, r.inflate(self.s(24), self.s(12)), border_radius=8)
            surface.blit(img, r)

    def draw_hud(self, surface: pygame.Surface) -> None:
        t = self.ctx.text
        title = t.pick(self.level.title) if not self.mode.sandbox else \
            t("play.sandbox_title", lab=t(self.spec.name_key))
        self.hud.draw(surface, title, self.title_right)
        if not self.mode.sandbox and self.level.time_limit_s:
            left = max(0.0, self.level.time_limit_s - self.elapsed)
            tm = self.ctx.fonts.render(t("play.time_left", s=f"{left:.0f}"), theme.SMALL_FONT, theme.WARN)
            surface.blit(tm, tm.get_rect(topright=(self.title_right - self.s(12), self.s(18))))

    def capture_thumb(self, surface: pygame.Surface) -> None:
        """Keep a small picture of the lab area (the winning state) for the results screen."""
        area = self.lab.rect.clip(surface.get_rect())
        if area.width < 2 or area.height < 2:
            return
        k = min(self.s(THUMB_MAX[0]) / area.width, self.s(THUMB_MAX[1]) / area.height, 1.0)
        size = (max(1, int(area.width * k)), max(1, int(area.height * k)))
        self.thumb = pygame.transform.smoothscale(surface.subsurface(area), size)

    @property
    def help_intro(self) -> str | None:
        """The goal, shown at the top of the F1 help (None in the sandbox)."""
        if self.mode.sandbox or self.level.goal is None:
            return None
        return self.ctx.text("play.hud.goal", brief=self.ctx.text.pick(self.level.brief))

    # ---------------------------------------------------------------- files
    def export_png(self) -> str:
        """Save the lab view with a caption line; returns the toast text."""
        folder = self.ctx.progress.path.parent / "exports"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"{self.level.id}-{stamp}.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            area = self.lab.rect.clip(self.app.screen.get_rect())
            shot = self.app.screen.subsurface(area).copy()
            cap_h = self.s(26)
            out = pygame.Surface((shot.get_width(), shot.get_height() + cap_h))
            out.fill(theme.PANEL)
            out.blit(shot, (0, 0))
            cap = self.ctx.fonts.render(self.lab.caption(), theme.SMALL_FONT, theme.TEXT)
            out.blit(cap, (self.s(8), shot.get_height() + self.s(4)))
            pygame.image.save(out, str(path))
        except (OSError, pygame.error, ValueError) as exc:
            return self.t("play.export_failed", err=str(exc))
        return self.t("play.exported", path=str(path))
