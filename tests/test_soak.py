"""Soak: random clicks, drags, keys, wheel, resizes and language switches on every lab.

A seeded generator throws events at each lab's sandbox and first campaign
level. Nothing may raise, and every array of model state must stay finite.
(The 20,000-event version runs in ``neuroarcade bench --soak``.)
"""

from __future__ import annotations

import warnings

import numpy as np
import pygame
import pytest

from game import paths
from game.labs import LABS
from game.levels import load_folder
from game.scenes.play import PlayScene

EVENTS = 600
KEYS = [pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_TAB, pygame.K_SPACE,
        pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_a, pygame.K_c, pygame.K_h,
        pygame.K_r, pygame.K_s, pygame.K_v, pygame.K_RETURN, pygame.K_F1, pygame.K_ESCAPE]


def _targets():
    out = []
    campaign = load_folder(paths.CAMPAIGN).levels
    for kind, spec in LABS.items():
        out.append(pytest.param(kind, None, id=f"{kind}-sandbox"))
        first = next((lv for lv in campaign if lv.kind == kind), None)
        if first is not None:
            out.append(pytest.param(kind, first.id, id=f"{kind}-{first.id}"))
    return out


def soak(app, driver, scene, rng, n):
    w, h = app.screen.get_size()
    for i in range(n):
        if app.scene is not scene:          # a key left the level (Esc, results): go back in
            while len(app.stack) > 1 and app.scene is not scene:
                app.pop()
            if app.scene is not scene:
                app.push(scene)
        kind = rng.integers(0, 10)
        pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        if kind <= 2:
            driver.click(pos, button=int(rng.choice([1, 1, 3])), frames=0)
        elif kind <= 4:
            end = (int(np.clip(pos[0] + rng.integers(-200, 200), 0, w - 1)),
                   int(np.clip(pos[1] + rng.integers(-200, 200), 0, h - 1)))
            driver.drag(pos, end, steps=3, button=int(rng.choice([1, 3])))
        elif kind <= 7:
            mod = int(rng.choice([0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL]))
            key = int(rng.choice(KEYS))
            if key == pygame.K_q:
                continue
            driver.key(key, mod=mod, frames=0)
        elif kind == 8:
            driver.wheel(pos, int(rng.integers(-3, 4)))
        else:
            r = rng.random()
            if r < 0.3:
                app.set_lang("zh" if app.ctx.text.lang == "en" else "en")
            elif r < 0.5:
                size = (int(rng.integers(960, 1700)), int(rng.integers(600, 1000)))
                driver.post(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)
                w, h = size
        driver.frames(1)
        assert app.running
        for name, arr in scene.lab.model_state().items():
            a = np.asarray(arr)
            if a.dtype.kind in "fc":
                assert np.isfinite(a).all(), f"model state {name} went non-finite after event {i}"


@pytest.mark.parametrize("kind,level_id", _targets())
def test_random_events_never_break_a_lab(app, driver, kind, level_id):
    spec = LABS[kind]
    if level_id is None:
        level, mode = spec.sandbox(), "sandbox"
    else:
        level = next(lv for lv in load_folder(paths.CAMPAIGN).levels if lv.id == level_id)
        mode = "campaign"
    scene = app.push(PlayScene(app, level, mode))
    driver.frames(1)
    rng = np.random.default_rng(2024)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        soak(app, driver, scene, rng, EVENTS)
