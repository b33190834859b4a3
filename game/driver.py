"""Drive an app with real pygame events, headless (tests, bench, solutions).

Every action posts genuine ``pygame.event.Event`` objects to the queue and
runs frames with ``App.step``, so the code under test is the code a player
uses. pygame_gui turns clicks into its own events on the following frame,
which is why most actions run two frames.
"""

from __future__ import annotations

import time
from typing import Callable

import pygame

#: Longest :meth:`Driver.frames_while` waits for background work (s, wall clock).
WAIT_S = 60.0


class Driver:
    def __init__(self, app, dt: float = 1 / 60) -> None:
        self.app = app
        self.dt = dt

    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step(self.dt)

    def frames_while(self, busy: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
        """Run frames, a short real sleep apart, while ``busy()`` (at most ``timeout_s`` s), then one more.

        Thread lanes compute between frames, as in the interactive loop;
        back-to-back frames alone would starve them, and a count of frames
        says nothing about how much wall time the threads got on a loaded
        machine.
        """
        t0 = time.monotonic()
        while busy() and time.monotonic() - t0 < timeout_s:
            time.sleep(0.004)
            self.frames(1)
        self.frames(1)

    def post(self, type_: int, **attrs) -> None:
        pygame.event.post(pygame.event.Event(type_, **attrs))

    def move(self, pos) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)

    def click(self, pos, button: int = 1, frames: int = 2) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.move(pos)
        self.post(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
        self.post(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)
        self.frames(frames)

    def press(self, element, frames: int = 2) -> None:
        """Click a pygame_gui element at its centre."""
        self.click(element.rect.center, frames=frames)

    def drag(self, start, end, steps: int = 8, button: int = 1, frames_per_step: int = 1) -> None:
        sx, sy = start
        ex, ey = end
        held = (1, 0, 0) if button == 1 else (0, 0, 1)
        self.move(start)
        self.post(pygame.MOUSEBUTTONDOWN, pos=(int(sx), int(sy)), button=button, touch=False)
        self.frames(1)
        px, py = sx, sy
        for k in range(1, steps + 1):
            x = sx + (ex - sx) * k / steps
            y = sy + (ey - sy) * k / steps
            self.post(pygame.MOUSEMOTION, pos=(int(x), int(y)), rel=(int(x - px), int(y - py)),
                      buttons=held, touch=False)
            px, py = x, y
            self.frames(frames_per_step)
        self.post(pygame.MOUSEBUTTONUP, pos=(int(ex), int(ey)), button=button, touch=False)
        self.frames(1)

    def key(self, key: int, mod: int = 0, unicode: str = "", frames: int = 1) -> None:
        self.post(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
        self.post(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        self.frames(frames)

    def text(self, s: str) -> None:
        for ch in s:
            self.post(pygame.TEXTINPUT, text=ch)
        self.frames(1)

    def wheel(self, pos, dy: int) -> None:
        self.move(pos)
        self.post(pygame.MOUSEWHEEL, x=0, y=int(dy), flipped=False, precise_x=0.0, precise_y=float(dy), touch=False)
        self.frames(1)

    def set_slider(self, lab, name: str, value: float) -> None:
        """Move a lab's slider to ``value`` with the keyboard (number key, arrows)."""
        names = [sl.name for sl in lab.panel.sliders]
        i = names.index(name)
        if i < 9:
            self.key(pygame.K_1 + i)
        else:
            while lab.panel.index != i:
                self.key(pygame.K_TAB)
        sl = lab.panel.sliders[i]
        steps = round((value - sl.value) / sl.param.step)
        k = pygame.K_RIGHT if steps > 0 else pygame.K_LEFT
        for _ in range(abs(steps)):
            self.post(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
        self.frames(1)
        rest = value - sl.value
        fine = round(rest / (sl.param.step / 10))
        k = pygame.K_RIGHT if fine > 0 else pygame.K_LEFT
        for _ in range(abs(fine)):
            self.post(pygame.KEYDOWN, key=k, mod=pygame.KMOD_SHIFT, unicode="", scancode=0)
        self.frames(1)
