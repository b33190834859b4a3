"""Measure text against its box while scenes draw (the layout-overflow test's instrument).

Installed around an app, the probe watches every text the game renders with
its fonts (``Fonts.get`` hands out :class:`TrackedFont`, whose ``render``
remembers each text surface) and every place such a surface is blitted
(``pygame.Surface`` is a :class:`TrackedSurface` while installed, and so is
the app's screen). Three rules:

- ``cut``: a text runs past the left or right edge of the clip (or of the
  surface) it is drawn into;
- ``hidden``: a text drawn on the screen under the widgets (in the scene's
  ``draw``) lies under a pygame_gui element, which will cover it;
- ``widget``: a pygame_gui button, label or list row whose text is wider (or
  taller) than the element;
- ``overlap``: two different texts drawn over each other on one surface;
- ``dropped``: wrapped text (``game.ui.fonts.draw_wrapped``) that ran out of
  room in its box and left lines out.

Each finding is ``(scene, rule, text)``, measured at one window size, UI scale
and language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame
import pygame_gui

REAL_SURFACE = pygame.Surface
REAL_FONT = pygame.font.Font
DEBUG = False
#: Height of a line's glyphs (ascenders to descenders) in em: CJK glyphs fill about 1 em.
INK_EM = 1.15
#: Pixels a text may pass its box by (glyph side bearings, rounding of scaled sizes).
SLACK_PX = 2
#: Types of pygame_gui element that cover what the scene drew under them.
COVERING = (pygame_gui.elements.UIButton, pygame_gui.elements.UILabel, pygame_gui.elements.UIHorizontalSlider,
            pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UIDropDownMenu,
            pygame_gui.elements.UISelectionList, pygame_gui.elements.UITextBox)


@dataclass
class Probe:
    texts: dict[int, tuple[str, pygame.Surface]] = field(default_factory=dict)
    phase: str = "scene"
    screen_id: int = 0
    draws: list[tuple[str, pygame.Rect, pygame.Rect, bool]] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.draws.clear()
        self.roots.clear()
        self.dropped.clear()


PROBE = Probe()


class _SurfaceMeta(type):
    def __instancecheck__(cls, obj) -> bool:       # every pygame surface still counts as one
        return isinstance(obj, REAL_SURFACE)

    def __subclasscheck__(cls, sub) -> bool:
        return issubclass(sub, REAL_SURFACE)


class TrackedSurface(REAL_SURFACE, metaclass=_SurfaceMeta):
    """A surface that reports where known texts are blitted onto it."""

    def blit(self, source, dest=(0, 0), area=None, special_flags=0):
        hit = PROBE.texts.get(id(source))
        if hit is not None and hit[1] is source:
            if isinstance(dest, pygame.Rect) or (hasattr(dest, "__len__") and len(dest) == 4):
                x, y = dest[0], dest[1]
            else:
                x, y = dest
            size = pygame.Rect(area).size if area is not None else source.get_size()
            ox, oy = self.get_abs_offset()
            rect = pygame.Rect(int(x) + ox, int(y) + oy, *size)
            clip = self.get_clip().move(ox, oy)
            on_screen = id(self.get_abs_parent()) == PROBE.screen_id
            PROBE.draws.append((hit[0], rect, clip, on_screen and PROBE.phase == "scene"))
            PROBE.roots.append(id(self.get_abs_parent()) if PROBE.phase == "scene" else -1)
        return super().blit(source, dest, area, special_flags)


class TrackedFont(REAL_FONT):
    """A font that remembers the surfaces it renders as texts."""

    def render(self, text, antialias, color, bgcolor=None, wraplength=0):
        surf = super().render(text, antialias, color, bgcolor, wraplength)
        if text:
            PROBE.texts[id(surf)] = (str(text), surf)
        return surf


def install(monkeypatch) -> Probe:
    """Route the game's fonts and new surfaces through the probe (undone by ``monkeypatch``)."""
    from game import paths
    from game.ui import fonts as fonts_module

    def get(self, size: int, bold: bool = False):
        px = max(6, round(size * self.scale))
        font = self._cache.get((px, bold))
        if font is None:
            font = TrackedFont(str(paths.FONT_BOLD if bold else paths.FONT_REGULAR), px)
            self._cache[(px, bold)] = font
        return font

    monkeypatch.setattr(fonts_module.Fonts, "get", get)
    monkeypatch.setattr(fonts_module, "dropped", lambda text, lines: PROBE.dropped.append(lines[0]))
    monkeypatch.setattr(pygame, "Surface", TrackedSurface)
    PROBE.texts.clear()
    PROBE.clear()
    return PROBE


def attach(app) -> None:
    """Give ``app`` a tracked screen and mark the draw phases (scene, widgets, over)."""
    size = app.screen.get_size()
    app.screen = TrackedSurface(size)
    PROBE.screen_id = id(app.screen)
    real_draw = app.draw

    def draw() -> None:
        PROBE.phase = "scene"
        ui = app.ctx.ui
        real_ui = ui.draw_ui

        def draw_ui(surface):
            PROBE.phase = "ui"
            real_ui(surface)
            PROBE.phase = "over"

        ui.draw_ui = draw_ui
        try:
            real_draw()
        finally:
            del ui.draw_ui
            PROBE.phase = "scene"

    app.draw = draw


def _elements(app):
    root = app.ctx.ui.get_root_container()
    for el in app.ctx.ui.get_sprite_group().sprites():
        if el is root or not getattr(el, "visible", True):
            continue
        yield el


def findings(app, scene: str) -> set[tuple[str, str, str]]:
    """What the probe saw since the last :meth:`Probe.clear`, plus the widgets' fit now."""
    out: set[tuple[str, str, str]] = {(scene, "dropped", line) for line in PROBE.dropped}
    for text, rect, clip, under_widgets in PROBE.draws:
        visible_rows = clip.top - rect.height // 2 <= rect.centery <= clip.bottom + rect.height // 2
        if visible_rows and (rect.left < clip.left - SLACK_PX or rect.right > clip.right + SLACK_PX):
            out.add((scene, "cut", text))
    covers = [el.rect for el in _elements(app) if isinstance(el, COVERING)]
    for text, rect, _clip, under_widgets in PROBE.draws:
        if not under_widgets:
            continue
        for r in covers:
            inter = rect.clip(r)
            if inter.width > 4 and inter.height > 4 and inter.width * inter.height > 0.2 * rect.width * rect.height:
                out.add((scene, "hidden", text))
                break
    # glyphs fill the middle of a text's line box: compare those parts; a text drawn again at the
    # same place (a highlighted variant over a cleared background) is not an overlap
    boxes = [(t, r.inflate(-2, -r.height // 3), root, r.topleft)
             for (t, r, _, _), root in zip(PROBE.draws, PROBE.roots) if root != -1]
    for i, (t1, r1, root1, at1) in enumerate(boxes):
        for t2, r2, root2, at2 in boxes[i + 1:]:
            if root1 == root2 and t1 != t2 and at1 != at2 and r1.colliderect(r2):
                inter = r1.clip(r2)
                if inter.width * inter.height > 0.15 * min(r1.width * r1.height, r2.width * r2.height):
                    out.add((scene, "overlap", " | ".join(sorted((t1, t2)))))
    for el in _elements(app):
        text, font = getattr(el, "text", None), getattr(el, "font", None)
        if not text or font is None or not isinstance(text, str) or isinstance(el, pygame_gui.elements.UITextEntryLine):
            continue
        w = font.size(text)[0]
        ink = INK_EM * font.get_point_size()          # glyphs, not the font's tall line box
        pad = 0 if isinstance(el, pygame_gui.elements.UILabel) else 4
        if w > el.rect.width - pad + SLACK_PX or ink > el.rect.height - 2:
            out.add((scene, "widget", text))
            if DEBUG:
                print(scene, repr(text), (w, ink), el.rect.size, type(el).__name__)
    return out
