"""Random-input soak: clicks, drags, keys, wheel, resizes and language switches.

Used by the pytest soak (1,200 events per scene) and by
``neuroarcade bench --soak`` (20,000 per scene). A seeded generator drives
one play scene; after every event the lab's model state must stay finite.
"""

from __future__ import annotations

import time

import numpy as np
import pygame

KEYS = [pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_TAB, pygame.K_SPACE,
        pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_a, pygame.K_c, pygame.K_h,
        pygame.K_r, pygame.K_s, pygame.K_v, pygame.K_RETURN, pygame.K_F1, pygame.K_ESCAPE]


class SoakFailure(AssertionError):
    """The model state went non-finite or the app stopped."""


def soak(app, driver, scene, rng: np.random.Generator, n: int) -> dict:
    """Throw ``n`` random events at ``scene``; returns frame-time figures (ms).

    Keys that leave the scene (Esc, a finished level) are undone by going
    back to it, so every event lands on the lab.
    """
    w, h = app.screen.get_size()
    worst = 0.0
    worst_label = ""
    times = []
    for i in range(n):
        if app.scene is not scene:
            while len(app.stack) > 1 and app.scene is not scene:
                app.pop()
            if app.scene is not scene:
                app.push(scene)
        kind = rng.integers(0, 10)
        label = ("click", "click", "click", "drag", "drag", "key", "key", "key", "wheel", "window")[int(kind)]
        pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        if kind <= 2:
            driver.click(pos, button=int(rng.choice([1, 1, 3])), frames=0)
        elif kind <= 4:
            end = (int(np.clip(pos[0] + rng.integers(-200, 200), 0, w - 1)),
                   int(np.clip(pos[1] + rng.integers(-200, 200), 0, h - 1)))
            driver.drag(pos, end, steps=3, button=int(rng.choice([1, 3])))
        elif kind <= 7:
            mod = int(rng.choice([0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL]))
            driver.key(int(rng.choice(KEYS)), mod=mod, frames=0)
        elif kind == 8:
            driver.wheel(pos, int(rng.integers(-3, 4)))
        else:
            r = rng.random()
            if r < 0.3:
                label = "language"
                app.set_lang("zh" if app.ctx.text.lang == "en" else "en")
            elif r < 0.5:
                label = "resize"
                size = (int(rng.integers(960, 1700)), int(rng.integers(600, 1000)))
                driver.post(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)
                w, h = size
        t0 = time.perf_counter()
        driver.frames(1)
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        if ms > worst:
            worst, worst_label = ms, label
        if not app.running:
            raise SoakFailure(f"the app stopped after event {i}")
        for name, arr in scene.lab.model.state().items():
            a = np.asarray(arr)
            if a.dtype.kind in "fc" and not np.isfinite(a).all():
                raise SoakFailure(f"model state {name} went non-finite after event {i}")
    return {"events": n, "median_ms": float(np.median(times)) if times else 0.0,
            "p99_ms": float(np.percentile(times, 99)) if times else 0.0,
            "max_ms": worst, "slowest_after": worst_label, "over_100ms": int(sum(t > 100 for t in times))}
