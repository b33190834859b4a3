"""Parameter sliders built from a level's declared tunables.

Each :class:`ParamSlider` is a pygame_gui label + horizontal slider + value
readout (with unit). A :class:`SliderPanel` adds keyboard control: Tab (or
the number keys 1-9) selects a slider, Left/Right step it, Shift makes the
step ten times finer, so every slider works without a mouse.
"""

from __future__ import annotations

import math
from typing import Callable

import pygame
import pygame_gui

from game.core.schema import Param
from game.ui import theme


def snap(value: float, p: Param, fine: bool = False) -> float:
    """Clamp to [min, max] and round to the step (a tenth of it when fine)."""
    step = p.step / 10 if fine else p.step
    if not math.isfinite(value):
        value = p.default
    v = p.min + round((value - p.min) / step) * step
    v = min(p.max, max(p.min, v))
    return float(round(v, 10))


def fmt_value(v: float, p: Param) -> str:
    digits = max(0, min(4, -math.floor(math.log10(p.step)) + (1 if p.step < 1 else 0))) if p.step > 0 else 2
    if p.step >= 1 and float(p.step).is_integer():
        digits = 0
    text = f"{v:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return f"{text} {p.unit}".strip()


class ParamSlider:
    """Label, slider and value text for one tunable."""

    def __init__(self, scene, rect: pygame.Rect, name: str, label: str, param: Param,
                 value: float, on_change: Callable[[str, float], None]) -> None:
        self.name, self.param, self.on_change = name, param, on_change
        self.value = snap(value, param)
        s = scene.s
        ui = scene.ctx.ui
        lab_w = int(rect.width * 0.42)
        val_w = s(86)
        h = rect.height
        self.label = scene.add(pygame_gui.elements.UILabel(
            pygame.Rect(rect.x, rect.y, lab_w, h), label, manager=ui,
            object_id=pygame_gui.core.ObjectID(class_id="@small")))
        n_steps = max(1, round((param.max - param.min) / param.step))
        self.slider = scene.add(pygame_gui.elements.UIHorizontalSlider(
            pygame.Rect(rect.x + lab_w, rect.y + s(3), rect.width - lab_w - val_w, h - s(6)),
            start_value=self.value, value_range=(param.min, param.max), manager=ui,
            click_increment=param.step))
        self._n_steps = n_steps
        self.readout = scene.add(pygame_gui.elements.UILabel(
            pygame.Rect(rect.right - val_w, rect.y, val_w, h), fmt_value(self.value, param), manager=ui,
            object_id=pygame_gui.core.ObjectID(class_id="@value")))
        self.selected = False

    @property
    def rect(self) -> pygame.Rect:
        return self.slider.rect

    def set(self, value: float, notify: bool = True, fine: bool = False) -> None:
        v = snap(value, self.param, fine)
        if v == self.value and not notify:
            return
        self.value = v
        self.slider.set_current_value(v)
        self.readout.set_text(fmt_value(v, self.param))
        if notify:
            self.on_change(self.name, v)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.slider:
            self.set(float(self.slider.get_current_value()))
            return True
        return False


class SliderPanel:
    """A column of sliders with keyboard selection and stepping."""

    def __init__(self) -> None:
        self.sliders: list[ParamSlider] = []
        self.index = 0

    def add(self, slider: ParamSlider) -> ParamSlider:
        self.sliders.append(slider)
        return slider

    def get(self, name: str) -> ParamSlider | None:
        return next((sl for sl in self.sliders if sl.name == name), None)

    def handle(self, event: pygame.event.Event) -> bool:
        for sl in self.sliders:
            if sl.handle(event):
                self.index = self.sliders.index(sl)
                return True
        if event.type != pygame.KEYDOWN or not self.sliders:
            return False
        if event.key == pygame.K_TAB:
            back = bool(event.mod & pygame.KMOD_SHIFT)
            self.index = (self.index + (-1 if back else 1)) % len(self.sliders)
            return True
        if pygame.K_1 <= event.key <= pygame.K_9 and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            i = event.key - pygame.K_1
            if i < len(self.sliders):
                self.index = i
                return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_DOWN, pygame.K_UP):
            sl = self.sliders[self.index % len(self.sliders)]
            fine = bool(event.mod & pygame.KMOD_SHIFT)
            step = sl.param.step / (10 if fine else 1)
            sign = 1 if event.key in (pygame.K_RIGHT, pygame.K_UP) else -1
            sl.set(sl.value + sign * step, fine=fine)
            return True
        return False

    def draw_focus(self, surface: pygame.Surface, ctx) -> None:
        """Outline the keyboard-selected slider."""
        if not self.sliders:
            return
        sl = self.sliders[self.index % len(self.sliders)]
        pygame.draw.rect(surface, theme.STAR, sl.rect.inflate(ctx.s(4), ctx.s(4)), 1, border_radius=4)
