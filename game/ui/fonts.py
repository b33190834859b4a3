"""Font loading with the bundled CJK font and text layout helpers.

One OTF (a Noto Sans SC subset) covers Latin, Greek and GB2312 hanzi, so
English and Chinese share metrics and never show tofu boxes. Fonts are
cached per (size, bold) because opening a 3 MB OTF costs milliseconds.
"""

from __future__ import annotations

import itertools
import unicodedata

import pygame

from game import paths

#: Rendered text surfaces kept (labels re-blitted every frame; a slider drag adds a few per frame).
TEXT_CACHE_MAX = 2000


class Fonts:
    """Cache of ``pygame.font.Font`` objects scaled by the UI scale."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text_cache: dict[tuple, pygame.Surface] = {}

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._text_cache.clear()

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        px = max(6, round(size * self.scale))
        key = (px, bold)
        font = self._cache.get(key)
        if font is None:
            path = paths.FONT_BOLD if bold else paths.FONT_REGULAR
            font = pygame.font.Font(str(path), px)
            self._cache[key] = font
        return font

    def render(self, text: str, size: int, colour, bold: bool = False) -> pygame.Surface:
        """Antialiased text, cached: labels are re-blitted every frame."""
        key = (text, size, tuple(colour), bold)
        surf = self._text_cache.get(key)
        if surf is None:
            surf = self.get(size, bold).render(text, True, colour)
            if len(self._text_cache) >= TEXT_CACHE_MAX:
                # drop the oldest quarter (dicts keep insertion order): emptying the whole
                # cache made every label re-render in one frame during long slider drags
                for old in list(itertools.islice(self._text_cache, TEXT_CACHE_MAX // 4)):
                    del self._text_cache[old]
            self._text_cache[key] = surf
        return surf


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` px.

    Latin text breaks at spaces; CJK text may break between any two wide
    characters (Chinese has no spaces). Explicit newlines are kept.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        tokens: list[str] = []
        word = ""
        for ch in para:
            if _is_wide(ch):
                if word:
                    tokens.append(word)
                    word = ""
                tokens.append(ch)
            elif ch == " ":
                word += ch
                tokens.append(word)
                word = ""
            else:
                word += ch
        if word:
            tokens.append(word)
        line = ""
        for tok in tokens:
            trial = line + tok
            if line and font.size(trial.rstrip())[0] > width:
                lines.append(line.rstrip())
                line = tok.lstrip() if tok.strip() else ""
            else:
                line = trial
        lines.append(line.rstrip())
    return lines


def ellipsize(text: str, font: pygame.font.Font, width: int) -> str:
    """``text`` cut to fit ``width`` px with a trailing "…" (binary search, always ends)."""
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…" if lo > 0 else ""


def draw_wrapped(surface: pygame.Surface, text: str, font: pygame.font.Font, colour,
                 rect: pygame.Rect, line_gap: float = 1.25) -> int:
    """Draw wrapped text into ``rect``; returns the height used in px."""
    y = rect.y
    step = int(font.get_linesize() * line_gap * 0.85)
    for line in wrap(text, font, rect.width):
        if y + step > rect.bottom + step // 2:
            break
        surface.blit(font.render(line, True, colour), (rect.x, y))
        y += step
    return y - rect.y
