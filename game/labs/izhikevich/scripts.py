"""Scripted play of the izhikevich lab: its solutions (with events or headless), the bench drag, settling."""

from __future__ import annotations

import pygame

from game.core.lab import Scripts

#: Frames ``settle`` runs at most while a run or a map is computed.
MAX_SETTLE_FRAMES = 600


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: a Fig. 1 panel button, sliders, a click."""
    sol = view.level.solution
    if sol.figure1 is not None:
        driver.press(view.buttons[f"figure1:{sol.figure1}"])
    for name, value in sol.values().items():
        driver.set_slider(view, name, value)
    if sol.start is not None:
        driver.click(view.plane.point(*sol.start))


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``): panel, values, start."""
    sol = model.level.solution
    if sol.figure1 is not None:
        model.load_panel(sol.figure1)
        model.restart()
    for name, value in sol.values().items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    if sol.start is not None:
        model.set_start(*sol.start)
    model.settle()


def bench(view, driver, i: int) -> None:
    """One frame of scripted input for ``neuroarcade bench``: drag a slider back and forth.

    Every frame moves a slider one step (six steps each way around its
    start, so a campaign level is not won by the drag): every frame asks
    for a re-run of the neuron and a redraw of the plane, the worst case
    of dragging.
    """
    names = [sl.name for sl in view.panel.sliders]
    if not names:
        return
    k = (i // 48) % len(names)
    if i % 48 == 0:
        driver.post(pygame.KEYDOWN, key=pygame.K_1 + k, mod=0, unicode="", scancode=0)
    key = pygame.K_RIGHT if (i // 6) % 2 == 0 else pygame.K_LEFT
    driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def settle(view, driver) -> None:
    """Frames until the run and the plane's redraw are done (and a shown map is computed)."""
    m = view.model
    for _ in range(MAX_SETTLE_FRAMES):
        if not (m.dirty or m.jobs.busy() or view.renderer.plane_pending):
            break
        driver.frames(1)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench, settle=settle)
