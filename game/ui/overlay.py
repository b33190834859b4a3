"""Overlays drawn above any scene: the F1 help card and the save notice."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.fonts import draw_wrapped

GLOBAL_KEYS = (("F1", "help.f1"), ("Esc", "help.esc"), ("F11", "help.f11"), ("Ctrl+Q", "help.quit"))


def _card(surface: pygame.Surface, rect: pygame.Rect) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    pygame.draw.rect(surface, theme.PANEL, rect, border_radius=10)
    pygame.draw.rect(surface, theme.ACCENT, rect, 2, border_radius=10)


def draw_help(surface: pygame.Surface, ctx, scene) -> None:
    """The keys of the current scene and the global ones."""
    t, f, s = ctx.text, ctx.fonts, ctx.s
    rows = list(getattr(scene, "help_keys", ())) + list(GLOBAL_KEYS)
    lh = f.get(theme.BASE_FONT).get_linesize() + s(4)
    w, h = s(560), s(90) + lh * len(rows)
    rect = pygame.Rect(0, 0, min(w, surface.get_width() - 20), min(h, surface.get_height() - 20))
    rect.center = surface.get_rect().center
    _card(surface, rect)
    title = f.render(t("help.title", scene=t(scene.name_key)), theme.TITLE_FONT - 8, theme.TEXT, bold=True)
    surface.blit(title, (rect.x + s(20), rect.y + s(16)))
    y = rect.y + s(60)
    for key, desc in rows:
        surface.blit(f.render(key, theme.BASE_FONT, theme.STAR, bold=True), (rect.x + s(24), y))
        surface.blit(f.render(t(desc), theme.BASE_FONT, theme.TEXT), (rect.x + s(150), y))
        y += lh
        if y > rect.bottom - lh:
            break


def draw_notice(surface: pygame.Surface, ctx, progress) -> None:
    """The save-file notice: what happened and where the backup is."""
    t, f, s = ctx.text, ctx.fonts, ctx.s
    rect = pygame.Rect(0, 0, min(s(700), surface.get_width() - 20), s(210))
    rect.center = surface.get_rect().center
    _card(surface, rect)
    pygame.draw.rect(surface, theme.WARN, rect, 3, border_radius=10)
    surface.blit(f.render(t("notice.title"), theme.TITLE_FONT - 8, theme.WARN, bold=True),
                 (rect.x + s(20), rect.y + s(14)))
    body = t(progress.notice, backup=str(progress.backup or "?"))
    body += "\n" + t("notice.dismiss")
    draw_wrapped(surface, body, f.get(theme.BASE_FONT), theme.TEXT,
                 rect.inflate(-s(40), -s(70)).move(0, s(22)))
