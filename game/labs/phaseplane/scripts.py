"""Scripted play of the phaseplane lab: its solutions (with events or headless) and the bench drag."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.core.lab import Scripts
from game.labs.common.plane import WHEEL_FACTOR
from game.labs.phaseplane.model import TD_P, TD_Q


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: zoom, sliders, dot drags, clicks, answers."""
    sol = view.level.solution
    for _ in range(abs(sol.zoom)):
        driver.wheel(view.plane.rect.center, 1 if sol.zoom > 0 else -1)
    for name, value in sol.params.items():
        driver.set_slider(view, name, value)
    for p, q in sol.td_points:
        target = view.td.point(*(np.clip([p, q], [TD_P[0], TD_Q[0]], [TD_P[1], TD_Q[1]])))
        tp, tq = view.trace_det()
        driver.drag(view.td.point(float(np.clip(tp, *TD_P)), float(np.clip(tq, *TD_Q))), target, steps=6)
    for x, y in sol.starts:
        driver.click(view.plane.point(x, y))
    for name in sol.answers:
        driver.press(view.buttons["quiz:" + name])


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``)."""
    sol = model.level.solution
    for _ in range(abs(sol.zoom)):
        model.window.zoom(WHEEL_FACTOR ** (1 if sol.zoom > 0 else -1))
    if sol.zoom:
        model.window_changed()
    for name, value in sol.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    for p, q in sol.td_points:
        model.set_matrix(model.matrix_for_pq(p, q))
    model.settle()
    for start in sol.starts:
        model.launch(start)
    for name in sol.answers:
        model.answer(name)


def bench(view, driver, i: int) -> None:
    """One frame of scripted input for ``neuroarcade bench``: ten launches, then a slider drag."""
    if i < 10:
        ang = 2 * math.pi * i / 10
        driver.click(view.plane.point(2.5 * math.cos(ang), 2.5 * math.sin(ang)), frames=0)
        return
    if view.panel.sliders:
        key = pygame.K_RIGHT if (i // 40) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=pygame.KMOD_SHIFT, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench)
