"""The play scene: a lab view under a HUD with goal, score meter and hints.

Campaign and challenge levels show the goal line, a live meter with the
three star thresholds, a hint button (hints revealed one at a time and
recorded with the result), Reset and Finish. Reaching three stars finishes
the level by itself after a short pause. In the sandbox the HUD offers
"Save as challenge" and "Export PNG" instead.
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pygame_gui

from game.core.level import Mode
from game.labs import LABS
from game.core.level import Level
from game.scenes.base import Scene
from game.core.scoring import fraction_to_next, stars_for
from game.ui import theme
from game.ui.fonts import draw_wrapped, ellipsize
from game.ui.tour import Step, Tour

AUTO_FINISH_S = 1.2
TOAST_S = 4.0


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
        self.win_timer: float | None = None
        self.finished = False
        self.toast: tuple[str, float] | None = None
        self.hud_h = 0
        self.tour: Tour | None = None
        self.meter_rect = pygame.Rect(0, 0, 1, 1)

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
        lab_rect = pygame.Rect(0, self.hud_h, w, h - self.hud_h)
        self.lab.build(self, lab_rect)
        meter_w = min(s(280), int(w * 0.2))
        self.meter_rect = pygame.Rect(w - s(12) - meter_w, s(52), meter_w, s(26))
        self._maybe_start_tour()

    def _maybe_start_tour(self) -> None:
        """Show the first-level tour once per level (remembered in the save file)."""
        if self.tour is not None or not self.level.tour or self.mode.sandbox:
            return
        seen = self.ctx.progress.settings.setdefault("tours_seen", [])
        if self.level.id in seen:
            return
        steps = [Step(target, key) for target, key in self.lab.tour_steps()]
        steps += [Step(lambda: self.meter_rect, "tour.meter"),
                  Step(lambda: self.btn["hint"].rect, "tour.hint"),
                  Step(lambda: self.btn["finish"].rect, "tour.finish")]
        self.tour = Tour(steps)
        seen.append(self.level.id)

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if self.tour is not None and self.tour.handle(event):
            return True
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
            self.win_timer = None
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
        self.win_timer = None
        self.finished = False

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
        if self.level.time_limit_s and self.elapsed >= self.level.time_limit_s:
            self.finish()
            return
        if self.stars_now() == 3:
            if self.win_timer is None:
                self.win_timer = AUTO_FINISH_S
                self.ctx.sound.play("win")
            self.win_timer -= dt
            if self.win_timer <= 0:
                self.finish()

    def animating(self) -> bool:
        timed = bool(self.level.time_limit_s) and not self.finished and not self.mode.sandbox
        return self.lab.animating() or self.toast is not None or self.win_timer is not None or timed

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        self.lab.draw(surface)
        self.draw_hud(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        self.lab.panel.draw_focus(surface, self.ctx)
        if self.tour is not None and self.tour.active:
            self.tour.draw(surface, self.ctx)
        if self.toast:
            f = self.ctx.fonts
            img = f.render(self.toast[0], theme.BASE_FONT, theme.TEXT)
            r = img.get_rect(midbottom=(surface.get_width() // 2, surface.get_height() - self.s(16)))
            pygame.draw.rect(surface, theme.PANEL_HI, r.inflate(self.s(24), self.s(12)), border_radius=8)
            surface.blit(img, r)

    def draw_hud(self, surface: pygame.Surface) -> None:
        s, f, t = self.s, self.ctx.fonts, self.ctx.text
        w = surface.get_width()
        pygame.draw.rect(surface, theme.PANEL, (0, 0, w, self.hud_h))
        pygame.draw.line(surface, theme.GRID, (0, self.hud_h - 1), (w, self.hud_h - 1))
        title = t.pick(self.level.title) if not self.mode.sandbox else \
            t("play.sandbox_title", lab=t(self.spec.name_key))
        x = s(64)
        title = ellipsize(title, f.get(theme.BASE_FONT + 3, bold=True), self.title_right - x - s(16))
        img = f.render(title, theme.BASE_FONT + 3, theme.TEXT, bold=True)
        surface.blit(img, (x, s(14)))
        if not self.mode.sandbox:
            brief = t.pick(self.level.brief)
            font = f.get(theme.SMALL_FONT)
            meter = self.meter_rect
            label_w = f.get(theme.SMALL_FONT, bold=True).size(self.ctx.text("play.score", v="0.000") + "  ★★★")[0]
            max_w = meter.x - s(16) - label_w - x
            surface.blit(f.render(ellipsize(brief, font, max_w), theme.SMALL_FONT, theme.TEXT_DIM), (x, s(50)))
            self.draw_meter(surface, meter)
            if self.level.time_limit_s:
                left = max(0.0, self.level.time_limit_s - self.elapsed)
                tm = f.render(t("play.time_left", s=f"{left:.0f}"), theme.SMALL_FONT, theme.WARN)
                surface.blit(tm, tm.get_rect(topright=(self.title_right - s(12), s(18))))
            if self.hints_shown:
                self.draw_hints(surface)
        else:
            sub = f.render(t("play.sandbox_sub"), theme.SMALL_FONT, theme.TEXT_DIM)
            surface.blit(sub, (x, s(50)))

    def draw_meter(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        """Score bar with the three star thresholds as ticks."""
        g = self.level.goal
        s, f = self.s, self.ctx.fonts
        pygame.draw.rect(surface, theme.BG, r, border_radius=6)
        frac = fraction_to_next(self.lab.model.best, g.better, g.stars)
        stars = self.stars_now()
        colour = (theme.TEXT_DIM, theme.WARN, theme.ACCENT, theme.GOOD)[stars]
        if frac > 0:
            pygame.draw.rect(surface, colour, (r.x, r.y, max(2, int(r.width * frac)), r.height), border_radius=6)
        for k in range(3):
            x = r.x + int(r.width * (k + 1) / 3) - 1
            pygame.draw.line(surface, theme.STAR, (x, r.y - s(3)), (x, r.bottom + s(2)), 2)
        pygame.draw.rect(surface, theme.AXIS, r, 1, border_radius=6)
        score = self.lab.model.best
        label = self.ctx.text("play.score", v=self.fmt_score(score)) + "  " + "★" * stars + "☆" * (3 - stars)
        img = f.render(label, theme.SMALL_FONT, theme.TEXT, bold=True)
        surface.blit(img, img.get_rect(midright=(r.x - s(10), r.centery)))

    @staticmethod
    def fmt_score(score: float | None) -> str:
        if score is None:
            return "—"
        a = abs(score)
        return f"{score:.3g}" if a < 1000 else f"{score:.0f}"

    def draw_hints(self, surface: pygame.Surface) -> None:
        s, f, t = self.s, self.ctx.fonts, self.ctx.text
        w = s(420)
        lines = [f"{i + 1}. {t.pick(h)}" for i, h in enumerate(self.level.hints[:self.hints_shown])]
        text = "\n".join(lines)
        font = f.get(theme.SMALL_FONT)
        from game.ui.fonts import wrap
        n = len(wrap(text, font, w - s(24)))
        r = pygame.Rect(surface.get_width() - w - s(12), self.hud_h + s(8), w, n * font.get_linesize() + s(20))
        pygame.draw.rect(surface, (40, 44, 28), r, border_radius=8)
        pygame.draw.rect(surface, theme.STAR, r, 1, border_radius=8)
        draw_wrapped(surface, text, font, theme.TEXT, r.inflate(-s(24), -s(16)), line_gap=1.18)

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
