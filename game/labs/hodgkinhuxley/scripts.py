"""Scripted play of the hodgkinhuxley lab: its solutions (with events or headless) and the bench drag."""

from __future__ import annotations

import pygame

from game.core.lab import Scripts

def settle(view, driver) -> None:
    """Run frames until the model's run is computed (in slices, after a new temperature's tables
    are built on a thread lane)."""
    driver.frames_while(view.model.busy)


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: each slider with the keyboard, then wait."""
    for name, value in view.level.solution.params.items():
        driver.set_slider(view, name, value)
    settle(view, driver)


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``)."""
    for name, value in model.level.solution.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    model.settle()


def bench(view, driver, i: int) -> None:
    """One frame of scripted input for ``neuroarcade bench``: the first slider dragged back and forth.

    Every frame moves the slider one step (six each way around its start, so
    a level is not won by the drag): each step asks for a new run.
    """
    if not view.panel.sliders:
        return
    if i == 0:
        driver.post(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="", scancode=0)
    key = pygame.K_RIGHT if (i // 6) % 2 == 0 else pygame.K_LEFT
    driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench, settle=settle)
