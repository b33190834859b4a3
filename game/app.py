"""The one loop: events -> scene.handle; scene.update(dt); scene.draw(surface).

``App`` owns the window, the pygame_gui manager and a stack of scenes. Global
keys: F11 fullscreen, F1 help overlay, Esc back one scene, Ctrl+Q quit.
``step()`` runs exactly one frame, so tests, ``screenshot`` and ``bench``
drive the same code as the interactive loop.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pygame
import pygame_gui

from game.context import Context
from game.progress import Progress
from game.scenes.base import Scene
from game.sound import Sound
from game.ui import theme
from game.ui.fonts import Fonts
from game.ui.overlay import draw_help, draw_notice
from game.ui.text import Text, system_language

FPS = 60
#: Frames per second while nothing moves: the loop sleeps in ``pygame.event.wait`` between them.
IDLE_FPS = 4
#: Longest a dozing loop takes to notice an event (s).
DOZE_POLL_S = 0.015
#: Seconds of full frame rate after the last input (hover highlights, slider readouts settle).
WAKE_S = 1.0
#: Events that count as the player's input (they wake the loop to full rate).
INPUT_EVENTS = frozenset((pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP,
                          pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.TEXTINPUT, pygame.VIDEORESIZE,
                          pygame.WINDOWFOCUSGAINED, pygame.WINDOWEXPOSED))
MIN_SIZE = (960, 600)
#: The smallest logical window the layouts are designed for: a chosen UI scale
#: is lowered until the window, divided by the scale, is at least this big.
LOGICAL_MIN = (960, 600)


def effective_scale(chosen: float, size: tuple[int, int]) -> float:
    """The UI scale actually used: the chosen one, unless the window is too small for it.

    2x on a 1280x720 window would leave a 640x360 canvas, too small for any
    lab; there it becomes 1.2x. On a 2560x1440 projector 2x stays 2x.
    """
    fit = min(size[0] / LOGICAL_MIN[0], size[1] / LOGICAL_MIN[1])
    return round(max(1.0, min(chosen, fit)), 2)


def make_manager(size: tuple[int, int], scale: float) -> pygame_gui.UIManager:
    """A pygame_gui manager with our theme and CJK font at ``scale``."""
    manager = pygame_gui.UIManager(size, theme.gui_theme(scale), enable_live_theme_updates=False)
    _stop_translation_search()
    return manager


def _stop_translation_search() -> None:
    """Keep python-i18n (pygame_gui's translator) off the disk while widgets set their text.

    pygame_gui passes every widget text through ``i18n.t``, which treats a text
    with a dot as a key and, when it is unknown (a slider value such as
    "0.020", a sentence), lists the translation folders with ``os.listdir``, on
    every ``set_text``. Each new manager also appends pygame_gui's folder to that
    global search path again, so after many language switches one label cost
    milliseconds. Our texts are translated before they reach pygame_gui; its own
    strings ("pygame-gui.OK", used by the file dialog) are loaded now, for the
    one locale the managers use, and the search path is emptied.
    """
    import i18n
    from i18n import resource_loader, translations
    locale = i18n.config.get("locale")
    if not translations.has("pygame-gui.OK", locale):
        for folder in list(i18n.load_path):
            for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
                if name.endswith(f".{locale}.json"):
                    resource_loader.load_translation_file(name, folder, locale)
    i18n.load_path.clear()


class App:
    """Window, context and scene stack."""

    def __init__(self, size: tuple[int, int] = (1280, 720), lang: str | None = None,
                 scale: float | None = None, home: Path | None = None,
                 challenge_dirs: list[Path] | None = None) -> None:
        t0 = time.perf_counter()
        pygame.init()
        pygame.display.set_caption("NeuroArcade")
        self.progress = Progress.load(home)
        settings = self.progress.settings
        if lang is None:
            lang = settings.get("lang") or system_language()
        if scale is None:
            scale = float(settings.get("scale", 1.0))
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.windowed_size = size
        self.chosen_scale = scale
        scale = effective_scale(scale, size)
        text = Text(lang)
        fonts = Fonts(scale)
        ui = make_manager(size, scale)
        sound = Sound(bool(settings.get("sound", True)), float(settings.get("volume", 0.6)))
        self.ctx = Context(text=text, fonts=fonts, progress=self.progress, ui=ui, sound=sound,
                           scale=scale, challenge_dirs=list(challenge_dirs or []))
        self.stack: list[Scene] = []
        self.running = True
        self.show_help = False
        self.clock = pygame.time.Clock()
        self.frame_times: list[float] = []
        self.init_s = time.perf_counter() - t0

    # ----------------------------------------------------------- scene stack
    @property
    def scene(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene) -> Scene:
        if self.stack:
            self.stack[-1].clear()
        self.stack.append(scene)
        scene.build()
        return scene

    def pop(self) -> None:
        if len(self.stack) <= 1:
            return
        old = self.stack.pop()
        old.shutdown()
        self.stack[-1].build()

    def replace(self, scene: Scene) -> Scene:
        if self.stack:
            self.stack.pop().shutdown()
        self.stack.append(scene)
        scene.build()
        return scene

    def pop_to_root(self) -> None:
        while len(self.stack) > 1:
            self.stack.pop().shutdown()
        self.stack[-1].build()

    # -------------------------------------------------------------- settings
    def set_lang(self, lang: str) -> None:
        """Switch the language: the scene's widgets are made again in the same manager
        (the theme does not depend on the language, and a new manager costs ~20 ms)."""
        self.ctx.text.set_lang(lang)
        self.progress.settings["lang"] = lang
        if self.scene:
            self.scene.rebuild()

    def set_scale(self, scale: float) -> None:
        """Choose a UI scale (saved); the window may limit what is used."""
        self.chosen_scale = scale
        self.progress.settings["scale"] = scale
        self._apply_scale()
        self._rebuild_all()

    def _apply_scale(self) -> bool:
        new = effective_scale(self.chosen_scale, self.screen.get_size())
        changed = new != self.ctx.scale
        self.ctx.scale = new
        self.ctx.fonts.set_scale(new)
        return changed

    def _rebuild_all(self) -> None:
        if self.scene:
            self.scene.clear()
        self.ctx.ui = make_manager(self.screen.get_size(), self.ctx.scale)
        if self.scene:
            self.scene.build()

    def toggle_fullscreen(self) -> None:
        if os.environ.get("SDL_VIDEODRIVER") == "dummy":
            return
        try:
            pygame.display.toggle_fullscreen()
        except pygame.error:
            return
        self._resized(self.screen.get_size())

    def _resized(self, size: tuple[int, int]) -> None:
        w, h = max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1])
        if (w, h) != self.screen.get_size():
            self.screen = pygame.display.set_mode((w, h), pygame.RESIZABLE)
        if self._apply_scale():
            self._rebuild_all()
            return
        # the scene's widgets go first: the manager would otherwise lay them all out again
        if self.scene:
            self.scene.clear()
        self.ctx.ui.set_window_resolution((w, h))
        if self.scene:
            self.scene.build()

    def quit(self) -> None:
        self.running = False

    # ------------------------------------------------------------------ loop
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self._resized((event.w, event.h))
            return
        if self.progress.notice and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.progress.notice = None     # the notice was read; the backup stays
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                self.quit()
                return
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return
            if event.key == pygame.K_F1:
                self.show_help = not self.show_help
                return
            if self.show_help and event.key == pygame.K_ESCAPE:
                self.show_help = False
                return
        scene = self.scene
        if scene is not None and scene.handle_first(event):
            return                          # a tour or banner takes input before any widget
        if self.ctx.ui.process_events(event):
            # pygame_gui consumed it (e.g. typing into a text box) but scenes
            # still hear their own widget events, which arrive as USEREVENTs.
            return
        scene = self.scene
        if scene is not None and scene.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if len(self.stack) > 1:
                self.pop()

    def step(self, dt: float | None = None, events: list | None = None) -> float:
        """Run one frame: events, update, draw. Returns the frame's work time (s)."""
        t0 = time.perf_counter()
        if dt is None:
            dt = 1.0 / FPS
        for event in pygame.event.get() if events is None else events:
            self.handle(event)
            if not self.running:
                return time.perf_counter() - t0
        scene = self.scene
        self.ctx.ui.update(dt)
        if scene is not None:
            scene.update(dt)
        self.draw()
        return time.perf_counter() - t0

    def draw(self) -> None:
        surface = self.screen
        scene = self.scene
        if scene is not None:
            scene.draw(surface)
        self.ctx.ui.draw_ui(surface)
        if scene is not None and hasattr(scene, "draw_over"):
            scene.draw_over(surface)
        if self.show_help and scene is not None:
            draw_help(surface, self.ctx, scene)
        if self.progress.notice:
            draw_notice(surface, self.ctx, self.progress)

    def animating(self) -> bool:
        """Does the screen change by itself now (the scene animates or computes)?"""
        scene = self.scene
        return scene is not None and scene.animating()

    @staticmethod
    def _doze(seconds: float) -> None:
        """Sleep up to ``seconds``, waking within ``DOZE_POLL_S`` of an event.

        ``pygame.event.wait`` would do, but where SDL cannot block on the
        display (the headless driver, some platforms) it polls every
        millisecond; short sleeps between peeks cost nothing anywhere.
        """
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            if pygame.event.peek():
                return
            time.sleep(min(DOZE_POLL_S, max(0.0, end - time.perf_counter())))

    def run(self, max_seconds: float | None = None, shutdown: bool = True, wake: bool = True) -> None:
        """The interactive loop until quit (or ``max_seconds``, for the idle benchmark).

        60 fps while something moves or for ``WAKE_S`` after any input;
        otherwise the loop sleeps in ``pygame.event.wait`` and draws
        ``IDLE_FPS`` frames a second (a text cursor still blinks), so an idle
        screen does not keep a core busy. ``wake=False`` starts as if the
        last input were long past (the idle benchmark).
        """
        # Everything loaded so far lives for the whole session: keep it out of
        # the collector's full passes, which otherwise cost tens of ms a frame.
        gc.freeze()
        start = last_input = time.monotonic()
        if not wake:
            last_input -= 2 * WAKE_S
        while self.running:
            now = time.monotonic()
            if max_seconds is not None and now - start >= max_seconds:
                break
            if now - last_input > WAKE_S and not self.animating():
                self._doze(1.0 / IDLE_FPS)
                events = pygame.event.get()
                dt = self.clock.tick() / 1000.0
            else:
                dt = self.clock.tick(FPS) / 1000.0
                events = pygame.event.get()
            if any(e.type in INPUT_EVENTS for e in events):
                last_input = time.monotonic()
            self.step(min(dt, 0.1), events)
            pygame.display.flip()
        if shutdown:
            self.shutdown()

    def shutdown(self) -> None:
        while self.stack:
            self.stack.pop().shutdown()
        try:
            self.progress.save()
        except OSError:
            pass
        pygame.quit()
