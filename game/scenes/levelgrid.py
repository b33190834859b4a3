"""A scrollable grid of level tiles, grouped in chapters (map and challenges).

Tiles are drawn by hand (stars, lock, number) and hit-tested on click; a
broken level file is a full-width row with its file name, how many
problems it has and the first of them, and opens its error card (all of
them) on click. The mouse wheel and Up/Down scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.labs import LABS
from game.core.level import Level
from game.core.readout import tile_best
from game.levels import LevelError
from game.ui import theme


@dataclass
class Tile:
    rect: pygame.Rect
    level: Level | None
    error: LevelError | None
    locked: bool
    number: int
    chapter: list[Level]


class LevelGrid:
    """Lays out chapters of tiles and answers which tile is under the mouse."""

    def __init__(self, scene, chapters: list[tuple[str, list[Level]]], errors: list[LevelError],
                 locking: bool) -> None:
        self.scene = scene
        self.chapters = chapters
        self.errors = errors
        self.locking = locking
        self.scroll = 0
        self.tiles: list[Tile] = []
        self.heads: list[tuple[str, int, tuple]] = []
        self.content_h = 0
        self.area = pygame.Rect(0, 0, 10, 10)

    def layout(self, area: pygame.Rect) -> None:
        s = self.scene.s
        ctx = self.scene.ctx
        self.area = area
        tw, th, gap = s(150), s(100), s(12)
        cols = max(1, (area.width - s(20)) // (tw + gap))
        y = area.y + s(8)
        self.tiles, self.heads = [], []
        instructor = bool(ctx.progress.settings.get("instructor_mode"))
        for head, levels in self.chapters:
            colour = LABS[levels[0].kind].colour if levels and levels[0].kind in LABS else theme.ACCENT
            self.heads.append((head, y, colour))
            y += s(34)
            prev_stars = 1
            for i, lvl in enumerate(levels):
                r = pygame.Rect(area.x + s(10) + (i % cols) * (tw + gap), y + (i // cols) * (th + gap), tw, th)
                locked = self.locking and not instructor and prev_stars < 1
                self.tiles.append(Tile(r, lvl, None, locked, i + 1, levels))
                prev_stars = ctx.progress.stars(lvl.id)
            rows = (len(levels) + cols - 1) // cols
            y += rows * (th + gap) + s(14)
        if self.errors:
            self.heads.append(("levels.broken", y, theme.BAD))
            y += s(34)
            row_h = self.scene.ctx.fonts.get(theme.SMALL_FONT).get_linesize() * 2 + s(16)
            for i, err in enumerate(self.errors):
                r = pygame.Rect(area.x + s(10), y + i * (row_h + s(8)), area.width - s(30), row_h)
                self.tiles.append(Tile(r, None, err, False, i + 1, []))
            y += len(self.errors) * (row_h + s(8))
        self.content_h = y - area.y
        self.scroll = min(self.scroll, max(0, self.content_h - area.height))

    def scroll_by(self, dy: int) -> None:
        self.scroll = max(0, min(max(0, self.content_h - self.area.height), self.scroll + dy))

    def tile_at(self, pos) -> Tile | None:
        if not self.area.collidepoint(pos):
            return None
        p = (pos[0], pos[1] + self.scroll)
        return next((t for t in self.tiles if t.rect.collidepoint(p)), None)

    def draw(self, surface: pygame.Surface) -> None:
        s, f, t = self.scene.s, self.scene.ctx.fonts, self.scene.ctx.text
        prog = self.scene.ctx.progress
        clip = surface.get_clip()
        surface.set_clip(self.area)
        mouse = pygame.mouse.get_pos()
        hover = self.tile_at(mouse)
        for head, y, colour in self.heads:
            yy = y - self.scroll
            label = t(head) if t.has(head) else head
            surface.blit(f.render(label, theme.BASE_FONT + 3, colour, bold=True), (self.area.x + s(12), yy))
        for tile in self.tiles:
            r = tile.rect.move(0, -self.scroll)
            if r.bottom < self.area.top or r.top > self.area.bottom:
                continue
            if tile.error is not None:
                self._draw_broken(surface, tile.error, r, tile is hover)
                continue
            lvl = tile.level
            bg = theme.PANEL_HI if tile is hover and not tile.locked else theme.PANEL
            pygame.draw.rect(surface, bg, r, border_radius=8)
            stars = prog.stars(lvl.id)
            edge = theme.STAR if stars == 3 else (theme.ACCENT if not tile.locked else theme.GRID)
            pygame.draw.rect(surface, edge, r, 2 if tile is hover else 1, border_radius=8)
            colour = theme.TEXT_DIM if tile.locked else theme.TEXT
            surface.blit(f.render(str(tile.number), theme.SMALL_FONT, theme.TEXT_DIM, bold=True),
                         (r.x + s(8), r.y + s(6)))
            self._fit(surface, t.pick(lvl.title), r.x + s(8), r.y + s(26), r.width - s(16), colour, lines=2)
            if tile.locked:
                lk = f.render(t("levels.locked"), theme.SMALL_FONT, theme.TEXT_DIM)
                surface.blit(lk, (r.x + s(8), r.bottom - s(24)))
            else:
                st = f.render("★" * stars + "☆" * (3 - stars), theme.BASE_FONT, theme.STAR)
                surface.blit(st, (r.x + s(8), r.bottom - s(26)))
                rec = prog.levels.get(lvl.id)
                spec = LABS.get(lvl.kind)
                kind = spec.goals.get(lvl.goal.type) if spec is not None and lvl.goal is not None else None
                best = tile_best(lvl.goal, kind, rec.best if rec else None, stars)
                if best is not None:
                    img = f.render(t("levels.best", v=best), theme.SMALL_FONT - 2, theme.TEXT_DIM)
                    surface.blit(img, img.get_rect(bottomright=(r.right - s(8), r.bottom - s(8))))
        surface.set_clip(clip)
        if self.content_h > self.area.height:
            frac = self.area.height / self.content_h
            bar_h = max(s(30), int(self.area.height * frac))
            y = self.area.y + int((self.area.height - bar_h) * self.scroll / max(1, self.content_h - self.area.height))
            pygame.draw.rect(surface, theme.GRID, (self.area.right - s(6), y, s(4), bar_h), border_radius=2)

    def _draw_broken(self, surface, err: LevelError, r: pygame.Rect, hover: bool) -> None:
        """A broken file's row: its name and problem count, then its first problem (the card has all)."""
        s, t = self.scene.s, self.scene.ctx.text
        pygame.draw.rect(surface, (52, 46, 52) if hover else (44, 40, 44), r, border_radius=8)
        pygame.draw.rect(surface, theme.BAD, r, 2 if hover else 1, border_radius=8)
        name = err.path.replace("\\", "/").rsplit("/", 1)[-1]
        n = len(err.problems)
        head = t("levels.broken_file_one" if n == 1 else "levels.broken_file", name=name, n=n)
        line = self.scene.ctx.fonts.get(theme.SMALL_FONT).get_linesize()
        self._fit(surface, head, r.x + s(10), r.y + s(6), r.width - s(20), theme.TEXT_DIM)
        self._fit(surface, err.problems[0], r.x + s(10), r.y + s(8) + line, r.width - s(20), theme.BAD)

    def _fit(self, surface, text, x, y, width, colour, lines: int = 1) -> None:
        from game.ui.fonts import wrap
        font = self.scene.ctx.fonts.get(theme.SMALL_FONT)
        rows = wrap(text, font, width)
        if len(rows) > lines:
            rows = rows[:lines]
            last = rows[-1]
            while last and font.size(last + "…")[0] > width:
                last = last[:-1]
            rows[-1] = last + "…"
        for i, row in enumerate(rows):
            surface.blit(self.scene.ctx.fonts.render(row, theme.SMALL_FONT, colour), (x, y + i * font.get_linesize()))
