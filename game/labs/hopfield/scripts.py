"""Scripted play of the hopfield lab: its solutions (with events or headless) and the bench script."""

from __future__ import annotations

import pygame

from game.core.lab import Scripts
from game.labs.hopfield.gallery import canonical
from game.labs.hopfield.model import RULE_ORDER

#: Frames the event-driven solution waits for its run to end (a minute of game time).
MAX_WAIT_FRAMES = 60 * 60


def _to_store(model, store) -> list[int]:
    """Gallery indices whose stored flag must flip for exactly ``store`` to be stored."""
    want = {canonical(n) for n in store}
    return [i for i, name in enumerate(model.names) if bool(model.stored[i]) != (name in want)]


def play(view, driver) -> None:
    """Play the level's ``solution`` with real events: sliders, rule, mode, gallery clicks,
    Corrupt, painted cells, then Run or Anneal, and wait for the run to end."""
    sol = view.level.solution
    m = view.model
    for name, value in sol.params.items():
        driver.set_slider(view, name, value)
    if sol.rule is not None:
        for _ in range(len(RULE_ORDER)):
            if m.rule == sol.rule:
                break
            driver.press(view.buttons["rule"])
    if sol.mode is not None and m.update_mode != sol.mode:
        driver.press(view.buttons["mode"])
    if sol.store is not None:
        for i in _to_store(m, sol.store):
            driver.click(view.gallery.rects[i].center)
    if sol.corrupt:
        driver.press(view.buttons["corrupt"])
    if (sol.paint_on or sol.paint_off) and view.tool != "pen":
        driver.press(view.buttons["tool"])
    for cells, button in ((sol.paint_on, 1), (sol.paint_off, 3)):
        for r, c in cells:
            driver.click(view.grid.cell_centre(r, c), button=button, frames=1)
    if sol.action in ("run", "anneal"):
        driver.press(view.buttons[sol.action])
    for _ in range(MAX_WAIT_FRAMES):
        if not m.running or m.finished():
            break
        driver.frames(1)


def solve(model) -> None:
    """The same solution on a headless model (``neuroarcade check``), through the same verbs."""
    sol = model.level.solution
    for name, value in sol.params.items():
        p = model.values.declared.get(name)
        model.set_param(name, value if p is None else min(max(value, p.min), p.max))
    if sol.rule is not None:
        for _ in range(len(RULE_ORDER)):
            if model.rule == sol.rule:
                break
            model.cycle_rule()
    if sol.mode is not None and model.update_mode != sol.mode:
        model.toggle_update_mode()
    if sol.store is not None:
        for i in _to_store(model, sol.store):
            model.toggle_stored(i)
    if sol.corrupt:
        model.corrupt()
    w = model.shape[1]
    for cells, value in ((sol.paint_on, 1.0), (sol.paint_off, -1.0)):
        for r, c in cells:
            model.paint([r * w + c], value)
    if sol.action == "anneal":
        model.anneal()
    elif sol.action == "run":
        model.toggle_run()
    model.run_to_end()


def bench(view, driver, i: int) -> None:
    """Scripted input for ``neuroarcade bench``.

    Sandbox: a 32x32 network (N = 1024) animated at one sweep per frame
    while the temperature slider is dragged up and down with the keyboard
    (T > 0 keeps the state moving); whenever a run settles it is corrupted
    and run again.  Levels: the same slider drag on their first slider.
    """
    m = view.model
    if i == 0 and view.mode.sandbox:
        while m.shape[0] != 32:
            view.press("size")
        m.set_param("speed", 60.0)       # one sweep per 1/60 s frame
        sl = view.panel.get("T")
        if sl is not None:
            view.panel.index = view.panel.sliders.index(sl)
    if not m.running:
        view.press("corrupt")
        view.press("run")
    if view.panel.sliders:
        key = pygame.K_RIGHT if (i // 12) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


SCRIPTS = Scripts(play=play, solve=solve, bench=bench)
