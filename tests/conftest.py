"""Headless test setup: dummy video and audio, a private save folder per test."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own NEUROARCADE_HOME: no test touches a real save."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEUROARCADE_HOME", str(home))
    return home


@pytest.fixture
def app(private_home):
    """A 1280x720 English app with the menu on its stack."""
    from game.app import App
    from game.scenes.menu import MenuScene
    a = App(size=(1280, 720), lang="en", scale=1.0)
    # First-level tours swallow clicks; tests opt in to them by clearing this.
    from game import paths
    a.progress.settings["tours_seen"] = [p.stem for p in paths.CAMPAIGN.glob("*.toml")]
    a.push(MenuScene(a))
    a.step()
    yield a
    import pygame
    while a.stack:
        a.stack.pop().shutdown()
    pygame.quit()


@pytest.fixture
def driver(app):
    from game.driver import Driver
    return Driver(app)


@pytest.fixture
def open_scene(app, driver):
    """Open a play scene: ``open_scene("sandbox:gabor")``, a level id, or a ``Level``.

    Returns the scene after ``frames`` frames; ``mode`` defaults to the sandbox
    for ``sandbox:LAB`` and to the campaign otherwise; ``lang`` switches the
    language first.
    """
    from game.core.level import Level
    from game.labs import LABS
    from game.scenes.play import PlayScene
    from game.tools import find_level

    def _open(target, mode=None, lang=None, frames=2):
        if lang:
            app.set_lang(lang)
        if isinstance(target, Level):
            level = target
        elif isinstance(target, str) and target.startswith("sandbox:"):
            level = LABS[target.split(":", 1)[1]].sandbox()
            mode = mode or "sandbox"
        else:
            level = find_level(target)
        scene = app.push(PlayScene(app, level, mode or "campaign"))
        driver.frames(frames)
        return scene

    return _open

