"""The play scene's heads-up display: title, the whole brief, the goal line and the meter.

The HUD is the one place that shows the score. Its parts:

- the level's title, and below it the brief wrapped to as many lines as it
  needs (the HUD grows; the brief is never cut);
- the goal line: the player's value with its unit and what three stars
  need, from the goal type's readout (:func:`game.core.readout.goal_line`),
  plus the best of this visit when it differs;
- the meter on the right: a bar at the last attempt's score (below the
  first star it still moves, :func:`game.core.scoring.fraction_to_next`),
  a mark at the best, the three thresholds as ticks, the stars earned, and
  "closer" / "further" for a few seconds after an attempt changes the score;
- the hints panel under the HUD, which repeats the brief above the hints.

In the sandbox the HUD is the title and a one-line note.
"""

from __future__ import annotations

import math
from typing import Any

import pygame

from game.core.readout import goal_fields, goal_line
from game.core.scoring import fraction_to_next, stars_for
from game.ui import theme
from game.ui.fonts import ellipsize, wrap

#: Seconds the closer / further note stays after an attempt.
TREND_S = 2.5
#: Line pitch of the hints panel, in line heights.
HINT_GAP = 1.0
#: Lowest HUD height at UI scale 1 (px): a title row and one row under it.
MIN_H = 92


class GoalHud:
    """Layout and drawing of the play scene's HUD (reads the scene; owns only its layout)."""

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.meter = pygame.Rect(0, 0, 1, 1)
        self.brief_lines: list[str] = []
        self.brief_top = 0
        self.goal_top = 0
        self.goal_rows = 1
        self.left = 0
        self.text_w = 100
        self.height = 0
        self.trend: tuple[str, float] | None = None     # ("play.hud.warmer" | ..., seconds left)
        self._seen: float | None = None
        self._rows_key: tuple | None = None
        self._rows: list[str] = []

    # ------------------------------------------------------------ helpers
    @property
    def ctx(self):
        return self.scene.ctx

    @property
    def model(self):
        return self.scene.lab.model

    def kind(self):
        goal = self.scene.level.goal
        return None if goal is None else self.scene.spec.goals.get(goal.type)

    def line(self, score: float | None) -> str:
        """The goal line for ``score``, e.g. "closest approach 0.12 (★★★ ≤ 0.15)"."""
        sc = self.scene
        return goal_line(sc.spec.kind, sc.level.goal, self.kind(), self.model, score, self.ctx.text)

    def current_line(self) -> str:
        """The goal line of the last attempt, with the best of this visit when it differs."""
        m = self.model
        text = self.line(m.last)
        best = m.best
        if best is not None and best != m.last:
            text += "  ·  " + self.ctx.text("play.hud.best", best=self.value_text(best))
        return text

    def value_text(self, score: float | None) -> str:
        """The player's value behind ``score`` with its unit ("28.4 Hz")."""
        _, fields = goal_fields(self.scene.level.goal, self.kind(), self.model, score)
        return fields["you"]

    # ------------------------------------------------------------ layout
    def layout(self, width: int, title_right: int) -> int:
        """Place the parts on a window ``width`` px wide; returns the HUD's height (px)."""
        sc, s, f = self.scene, self.ctx.s, self.ctx.fonts
        self.left = s(64)
        small = f.get(theme.SMALL_FONT)
        line_h = small.get_linesize()
        meter_w = min(s(280), int(width * 0.2))
        stars_w = f.get(theme.BASE_FONT, bold=True).size("★★★")[0]
        self.meter = pygame.Rect(width - s(12) - meter_w, s(54), meter_w, s(22))
        right = self.meter.x - stars_w - s(24)
        self.text_w = max(s(120), right - self.left)
        self.brief_top = s(50)
        if sc.mode.sandbox or sc.level.goal is None:
            self.brief_lines = wrap(self._sub_text(), small, self.text_w)
            self.goal_top = self.brief_top + len(self.brief_lines) * line_h
            self.goal_rows = 0
        else:
            self.brief_lines = wrap(self.ctx.text.pick(sc.level.brief), small, self.text_w)
            self.goal_top = self.brief_top + len(self.brief_lines) * line_h + s(4)
            bold = f.get(theme.SMALL_FONT, bold=True)
            self.goal_rows = max(1, len(wrap(self.current_line(), bold, self.text_w)))
        bottom = self.goal_top + self.goal_rows * f.get(theme.SMALL_FONT, bold=True).get_linesize()
        trend_bottom = self.meter.bottom + s(6) + line_h if self.goal_rows else 0
        self.height = max(s(MIN_H), bottom + s(10), trend_bottom + s(4))
        return self.height

    def _sub_text(self) -> str:
        sc = self.scene
        return self.ctx.text("play.sandbox_sub") if sc.mode.sandbox else self.ctx.text.pick(sc.level.brief)

    # ------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        """Notice a new attempt: closer or further than the one before."""
        if self.trend is not None:
            self.trend = (self.trend[0], self.trend[1] - dt)
            if self.trend[1] <= 0:
                self.trend = None
        goal = self.scene.level.goal
        if goal is None or self.scene.mode.sandbox:
            return
        last = self.model.last
        if last is None or not math.isfinite(last) or last == self._seen:
            self._seen = last if last is not None and math.isfinite(last) else self._seen
            return
        if self._seen is not None:
            better = last > self._seen if goal.better == "higher" else last < self._seen
            self.trend = ("play.hud.warmer" if better else "play.hud.colder", TREND_S)
        self._seen = last

    def draw(self, surface: pygame.Surface, title: str, title_right: int) -> None:
        sc, s, f = self.scene, self.ctx.s, self.ctx.fonts
        w = surface.get_width()
        pygame.draw.rect(surface, theme.PANEL, (0, 0, w, self.height))
        pygame.draw.line(surface, theme.GRID, (0, self.height - 1), (w, self.height - 1))
        title = ellipsize(title, f.get(theme.BASE_FONT + 3, bold=True), title_right - self.left - s(16))
        surface.blit(f.render(title, theme.BASE_FONT + 3, theme.TEXT, bold=True), (self.left, s(14)))
        lh = f.get(theme.SMALL_FONT).get_linesize()
        colour = theme.TEXT_DIM if sc.mode.sandbox else theme.TEXT
        for i, row in enumerate(self.brief_lines):
            surface.blit(f.render(row, theme.SMALL_FONT, colour), (self.left, self.brief_top + i * lh))
        if not self.goal_rows:
            return
        self._draw_goal_line(surface)
        self.draw_meter(surface)

    def _goal_rows_now(self) -> list[str]:
        """The goal line wrapped to the HUD's width, kept while its text stays the same."""
        text = self.current_line()
        key = (text, self.text_w, self.goal_rows)
        if self._rows_key != key:
            bold = self.ctx.fonts.get(theme.SMALL_FONT, bold=True)
            rows = wrap(text, bold, self.text_w)
            if len(rows) > self.goal_rows:       # a longer reading than at layout: keep to the rows
                rows = rows[:self.goal_rows - 1] + [ellipsize(" ".join(rows[self.goal_rows - 1:]), bold,
                                                              self.text_w)]
            self._rows_key, self._rows = key, rows
        return self._rows

    def _draw_goal_line(self, surface: pygame.Surface) -> None:
        f = self.ctx.fonts
        bold = f.get(theme.SMALL_FONT, bold=True)
        rows = self._goal_rows_now()
        for i, row in enumerate(rows):
            surface.blit(f.render(row, theme.SMALL_FONT, theme.STAR, bold=True),
                         (self.left, self.goal_top + i * bold.get_linesize()))

    def draw_meter(self, surface: pygame.Surface) -> None:
        """Bar at the last attempt, a mark at the best, ticks at the thresholds, the stars earned."""
        g = self.scene.level.goal
        s, f = self.ctx.s, self.ctx.fonts
        r = self.meter
        m = self.model
        pygame.draw.rect(surface, theme.BG, r, border_radius=6)
        frac = fraction_to_next(m.last, g.better, g.stars)
        colour = (theme.TEXT_DIM, theme.WARN, theme.ACCENT, theme.GOOD)[stars_for(m.last, g.better, g.stars)]
        if frac > 0:
            pygame.draw.rect(surface, colour, (r.x, r.y, max(2, int(r.width * frac)), r.height), border_radius=6)
        for k in range(3):
            x = r.x + int(r.width * (k + 1) / 3) - 1
            pygame.draw.line(surface, theme.STAR, (x, r.y - s(3)), (x, r.bottom + s(2)), 2)
        best = fraction_to_next(m.best, g.better, g.stars)
        if best > 0:
            bx = r.x + int(r.width * best)
            pygame.draw.polygon(surface, theme.TEXT, [(bx, r.bottom), (bx - s(5), r.bottom + s(7)),
                                                      (bx + s(5), r.bottom + s(7))])
        pygame.draw.rect(surface, theme.AXIS, r, 1, border_radius=6)
        stars = self.scene.stars_now()
        img = f.render("★" * stars + "☆" * (3 - stars), theme.BASE_FONT, theme.STAR, bold=True)
        surface.blit(img, img.get_rect(midright=(r.x - s(10), r.centery)))
        if self.trend is not None:
            key = self.trend[0]
            note = f.render(self.ctx.text(key), theme.SMALL_FONT, theme.GOOD if key.endswith("warmer") else theme.WARN)
            surface.blit(note, note.get_rect(topright=(r.right, r.bottom + s(8))))

    # ------------------------------------------------------------ hints
    def draw_hints(self, surface: pygame.Surface, shown: int) -> None:
        """The hints panel under the HUD: the brief again, then the hints revealed so far."""
        sc, s, f, t = self.scene, self.ctx.s, self.ctx.fonts, self.ctx.text
        w = min(s(420), surface.get_width() - s(24))
        font = f.get(theme.SMALL_FONT)
        bold = f.get(theme.SMALL_FONT, bold=True)
        inner = w - s(24)
        head = wrap(t("play.hud.goal", brief=t.pick(sc.level.brief)), bold, inner)
        body = wrap("\n".join(f"{i + 1}. {t.pick(h)}" for i, h in enumerate(sc.level.hints[:shown])), font, inner)
        step_b = int(bold.get_linesize() * HINT_GAP)
        step = int(font.get_linesize() * HINT_GAP)
        h = len(head) * step_b + s(8) + len(body) * step + s(20)
        r = pygame.Rect(surface.get_width() - w - s(12), self.height + s(8), w, h)
        pygame.draw.rect(surface, (40, 44, 28), r, border_radius=8)
        pygame.draw.rect(surface, theme.STAR, r, 1, border_radius=8)
        y = r.y + s(10)
        for row in head:
            surface.blit(f.render(row, theme.SMALL_FONT, theme.STAR, bold=True), (r.x + s(12), y))
            y += step_b
        y += s(8)
        for row in body:
            surface.blit(f.render(row, theme.SMALL_FONT, theme.TEXT), (r.x + s(12), y))
            y += step
