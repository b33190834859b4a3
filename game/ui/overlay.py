"""Overlays drawn above any scene: the F1 help card and the save notice."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.fonts import draw_wrapped, wrap

GLOBAL_KEYS = (("F1", "help.f1"), ("Esc", "help.esc"), ("F11", "help.f11"), ("Ctrl+Q", "help.quit"))


def _card(surface: pygame.Surface, rect: pygame.Rect) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    pygame.draw.rect(surface, theme.PANEL, rect, border_radius=10)
    pygame.draw.rect(surface, theme.ACCENT, rect, 2, border_radius=10)


def draw_help(surface: pygame.Surface, ctx, scene) -> None:
    """The scene's goal (a level's brief, when it has one), its keys and the global ones.

    Keys sit in a column as wide as the widest key; descriptions wrap in the
    rest of the card, so nothing is cut at any UI scale or language.
    """
    t, f, s = ctx.text, ctx.fonts, ctx.s
    rows = list(getattr(scene, "help_keys", ())) + list(GLOBAL_KEYS)
    intro = getattr(scene, "help_intro", None)
    font = f.get(theme.BASE_FONT)
    bold = f.get(theme.BASE_FONT, bold=True)
    lh = font.get_linesize()
    w = min(s(640), surface.get_width() - 20)
    key_w = max(bold.size(key)[0] for key, _ in rows) + s(20)
    desc_w = w - s(24) - key_w - s(20)
    intro_rows = wrap(intro, bold, w - s(40)) if intro else []
    wrapped = [(key, wrap(t(desc), font, desc_w)) for key, desc in rows]
    h = s(70) + len(intro_rows) * lh + (s(14) if intro_rows else 0) + sum(len(d) * lh + s(4) for _, d in wrapped)
    rect = pygame.Rect(0, 0, w, min(h, surface.get_height() - 20))
    rect.center = surface.get_rect().center
    _card(surface, rect)
    title = f.render(t("help.title", scene=t(scene.name_key)), theme.TITLE_FONT - 8, theme.TEXT, bold=True)
    surface.blit(title, (rect.x + s(20), rect.y + s(16)))
    y = rect.y + s(60)
    for row in intro_rows:
        surface.blit(f.render(row, theme.BASE_FONT, theme.STAR, bold=True), (rect.x + s(20), y))
        y += lh
    y += s(14) if intro_rows else 0
    for key, desc in wrapped:
        if y + lh * len(desc) > rect.bottom - s(6):
            break
        surface.blit(f.render(key, theme.BASE_FONT, theme.STAR, bold=True), (rect.x + s(24), y))
        for row in desc:
            surface.blit(f.render(row, theme.BASE_FONT, theme.TEXT), (rect.x + s(24) + key_w, y))
            y += lh
        y += s(4)


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
