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


#: Characters no line may start with (Chinese line-breaking rules, kinsoku: closing
#: punctuation and brackets stay with the character before them).
NO_LINE_START = frozenset("、；，。！？：．・…‥—～%‰°′″)]}）］｝〕〉》」』】〙〗〞’”｠»"
                          ",.;:!?")
#: Characters no line may end with (opening brackets and quotes stay with what follows).
NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(para: str) -> list[str]:
    """Unbreakable pieces: one wide (CJK) character, or a Latin word with its trailing spaces."""
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
    return tokens


def _glue(tokens: list[str]) -> list[str]:
    """Join pieces that may not be split: closing punctuation to the piece before it,
    an opening bracket to the piece after it."""
    out: list[str] = []
    pending = ""
    for tok in tokens:
        tok = pending + tok
        pending = ""
        if out and tok[0] in NO_LINE_START and not out[-1].endswith(" "):
            out[-1] += tok
        else:
            out.append(tok)
        if out[-1] and out[-1][-1] in NO_LINE_END:
            pending = out.pop()
    if pending:
        out.append(pending)
    return out


def _split_long(line: str, font: pygame.font.Font, width: int) -> list[str]:
    """A piece wider than ``width`` on its own (a long path, a long word): cut it by characters."""
    out = []
    while len(line) > 1 and font.size(line)[0] > width:
        lo, hi = 1, len(line) - 1
        while lo < hi:                        # the longest prefix that fits (at least one character)
            mid = (lo + hi + 1) // 2
            if font.size(line[:mid])[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        while lo > 1 and (line[lo] in NO_LINE_START or line[lo - 1] in NO_LINE_END):
            lo -= 1                           # the same rules as between pieces
        out.append(line[:lo])
        line = line[lo:]
    out.append(line)
    return out


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` px.

    Latin text breaks at spaces and its words stay whole; CJK text may break
    between any two wide characters (Chinese has no spaces), but no line
    starts with closing punctuation ("、", "，", "。", "）", "”", ...) and no
    line ends with an opening bracket or quote ("（", "“", ...). A piece
    wider than ``width`` by itself is cut by characters. Explicit newlines
    are kept.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for tok in _glue(_tokens(para)):
            trial = line + tok
            if line and font.size(trial.rstrip())[0] > width:
                lines.extend(_split_long(line.rstrip(), font, width))
                line = tok.lstrip() if tok.strip() else ""
            else:
                line = trial
        lines.extend(_split_long(line.rstrip(), font, width))
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


def dropped(text: str, lines: list[str]) -> None:
    """:func:`draw_wrapped` ran out of room and left ``lines`` of ``text`` out.

    Does nothing: the layout test replaces it to catch text that does not fit its box.
    """


def draw_wrapped(surface: pygame.Surface, text: str, font: pygame.font.Font, colour,
                 rect: pygame.Rect, line_gap: float = 1.25) -> int:
    """Draw wrapped text into ``rect``; returns the height used in px.

    Lines that would pass the bottom of ``rect`` (by more than half a line)
    are left out, and :func:`dropped` is told: a caller must give its text
    the room it needs.
    """
    y = rect.y
    step = int(font.get_linesize() * line_gap * 0.85)
    lines = wrap(text, font, rect.width)
    for i, line in enumerate(lines):
        if y + step > rect.bottom + step // 2:
            dropped(text, lines[i:])
            break
        surface.blit(font.render(line, True, colour), (rect.x, y))
        y += step
    return y - rect.y


def wrapped_height(text: str, font: pygame.font.Font, width: int, line_gap: float = 1.25) -> int:
    """Height (px) :func:`draw_wrapped` needs for ``text`` at ``width`` px."""
    step = int(font.get_linesize() * line_gap * 0.85)
    return step * len(wrap(text, font, width))


class ScaledFonts:
    """The context's fonts with every size multiplied by ``k`` (the view's own scale)."""

    def __init__(self, fonts, k: float) -> None:
        self._fonts, self.k = fonts, k

    def render(self, text: str, size: float, colour, bold: bool = False) -> pygame.Surface:
        return self._fonts.render(text, size * self.k, colour, bold)

    def get(self, size: float, bold: bool = False) -> pygame.font.Font:
        return self._fonts.get(size * self.k, bold)
