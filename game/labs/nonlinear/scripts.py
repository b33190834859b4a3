"""Scripted play of the nonlinear lab: its solutions (with events or headless), the bench drag, settling.

Background work (trajectories, cycle measurements, the manifold, the I
sweep) runs on the model's thread lanes between frames, so the scripts that
drive a view run frames separated by short real sleeps, as the interactive
loop does; back-to-back frames alone would starve the lanes.
"""

from __future__ import annotations

import math

import pygame

from game.core.lab import Scripts


def settle(view, driver) -> None:
    """Run frames until every piece of background work is done, the I sweep included."""
    driver.frames_while(view.model.busy)


def _wait(view, driver) -> None:
    """Run frames until the work a score can depend on is done (not the I sweep's picture)."""
    driver.frames_while(lambda: view.model.busy(sweep=False))


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: sliders, then Lock in, a kick, clicks or answers."""
    sol = view.level.solution
    for name, value in sol.params.items():
        driver.set_slider(view, name, value)
    _wait(view, driver)
    if sol.lock:
        driver.press(view.buttons["lock"])
    if sol.kick:
        driver.press(view.buttons["kick"])
        _wait(view, driver)
    for x, y in sol.starts:
        driver.click(view.plane.point(x, y))
        _wait(view, driver)
    for name in sol.answers:
        driver.press(view.buttons["quiz:" + name])
        if "next" in view.buttons and view.buttons["next"].is_enabled:
            driver.press(view.buttons["next"])
    _wait(view, driver)


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``), through the same verbs."""
    sol = model.level.solution
    for name, value in sol.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    model.settle()
    if sol.lock:
        model.lock_in()
    if sol.kick:
        model.kick()
        model.settle()
    for start in sol.starts:
        model.launch(start)
        model.settle()
    for name in sol.answers:
        model.answer(name)
        model.next_item()
    model.settle()


def bench(view, driver, i: int) -> None:
    """One frame of scripted input for ``neuroarcade bench``: six clicks, then drag a slider."""
    if i < 6:
        a = 2 * math.pi * i / 6
        cx, cy = view.plane.rect.center
        r = view.plane.rect.width * 0.3
        driver.click((cx + r * math.cos(a), cy + r * math.sin(a)), frames=0)
        return
    if view.panel.sliders:
        key = pygame.K_RIGHT if (i // 40) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=pygame.KMOD_SHIFT, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench, settle=settle)
