"""Scripted play of the gabor lab: its solutions (with events or headless), the bench drag, settling."""

from __future__ import annotations

import pygame

from game.core.lab import Scripts

#: Frames :func:`settle` waits at most for the tuning curve and the bank (one piece a frame).
SETTLE_FRAMES = 60


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: wheel notches over the kernel, sliders, a
    response button; then let the extras finish (bank goals score once the hypercolumn is done)."""
    sol = view.level.solution
    if sol.wheel:
        step = 1 if sol.wheel > 0 else -1
        for _ in range(abs(sol.wheel)):
            driver.wheel(view.r_kernel.center, step)
    for name, value in sol.params.items():
        driver.set_slider(view, name, value)
    if sol.response is not None and "mode:" + sol.response in view.buttons:
        driver.press(view.buttons["mode:" + sol.response])
    settle(view, driver)


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``), through the same verbs."""
    sol = model.level.solution
    step = 1 if sol.wheel > 0 else -1
    for _ in range(abs(sol.wheel)):
        theta = model.turned(step)
        if theta is not None:
            model.set_param("theta_deg", theta)
    for name, value in sol.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    if sol.response is not None:
        model.set_response(sol.response)
    model.settle()


def settle(view, driver) -> None:
    """Run frames until the new response, the tuning curve and the bank are computed (bounded)."""
    for _ in range(SETTLE_FRAMES):
        if not view.model.busy():
            return
        driver.frames(1)


def bench(view, driver, i: int) -> None:
    """One frame of scripted input for ``neuroarcade bench``: drag sliders with the keyboard."""
    names = [sl.name for sl in view.panel.sliders]
    if not names:
        return
    if i % 60 == 0:
        # θ first, then σ (which also recomputes the tuning curve and the bank)
        order = [n for n in ("theta_deg", "sigma", "wavelength") if n in names] or names
        name = order[(i // 60) % len(order)]
        driver.post(pygame.KEYDOWN, key=pygame.K_1 + names.index(name), mod=0, unicode="", scancode=0)
        return
    key = pygame.K_RIGHT if (i // 30) % 2 == 0 else pygame.K_LEFT
    driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench, settle=settle)
