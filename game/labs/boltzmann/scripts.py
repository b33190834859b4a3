"""Scripted play of the boltzmann lab: its solutions (with events or headless) and the bench script."""

from __future__ import annotations

import pygame

from game.core.lab import Scripts
from game.labs.boltzmann.network import clamp_vector

#: Frames the event-driven solution waits for its sweeps, anneal or epochs (two minutes of game time).
MAX_WAIT_FRAMES = 120 * 60


def _wait(driver, done) -> None:
    for _ in range(MAX_WAIT_FRAMES):
        if done():
            return
        driver.frames(1)


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: sliders, Restart, clicks on units to clamp
    them, then Sample, Anneal, Quench or Train, and wait for it."""
    sol = view.level.solution
    m = view.model
    for name, value in sol.params.items():
        driver.set_slider(view, name, value)
    for _ in range(sol.restarts):
        driver.press(view.buttons["restart"])
    if sol.clamp is not None:
        want = clamp_vector(sol.clamp, m.nv)
        for i in range(m.nv):
            for _ in range(3):                      # free -> on -> off -> free
                if m.clamp[i] == want[i]:
                    break
                driver.click(view.units[i])
    if sol.action == "sample":
        driver.press(view.buttons["sample"])
        _wait(driver, lambda: m.sampler.sweeps >= sol.sweeps)
        driver.press(view.buttons["sample"])        # pause: the histogram is scored
    elif sol.action in ("anneal", "quench"):
        driver.press(view.buttons[sol.action])
        _wait(driver, lambda: not m.running)
    elif sol.action == "train":
        driver.press(view.buttons["train"])
        _wait(driver, lambda: m.trainer.epoch >= sol.epochs)
        driver.press(view.buttons["train"])         # pause


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``), through the same verbs."""
    sol = model.level.solution
    for name, value in sol.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    for _ in range(sol.restarts):
        model.restart()
    if sol.clamp is not None:
        model.set_clamp(sol.clamp)
    if sol.action == "sample":
        model.run_sweeps(max(0, sol.sweeps - model.sampler.sweeps))
    elif sol.action in ("anneal", "quench"):
        model.anneal() if sol.action == "anneal" else model.quench()
        model.run_anneal()
    elif sol.action == "train":
        model.train_epochs(max(0, sol.epochs - model.trainer.epoch))


def bench(view, driver, i: int) -> None:
    """Scripted input for ``neuroarcade bench``.

    Sandbox: 256 chains sampled at 600 sweeps per second (10 sweeps per
    1/60 s frame) while the temperature slider is dragged up and down with
    the keyboard (each change empties the histogram and restarts the
    chains). Levels: sampling (or training) on, and the same drag of their
    first slider.
    """
    m = view.model
    if i == 0:
        if view.mode.sandbox:
            m.set_param("chains", 256.0)
            m.set_param("speed", 600.0)
            sl = view.panel.get("T")
            if sl is not None:
                view.panel.index = view.panel.sliders.index(sl)
        if "train" in view.buttons and m.view_kind() == "train":
            view.press("train")
        elif "sample" in view.buttons:
            view.press("sample")
    if view.panel.sliders:
        key = pygame.K_RIGHT if (i // 12) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench)
