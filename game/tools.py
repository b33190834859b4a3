"""Headless screenshot of any scene: menu, a level, a lab's sandbox."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

#: Longest a screenshot waits for a lab's background work after its frames (s).
SCREENSHOT_WAIT_S = 30.0


def find_level(target: str):
    """A level by file path or by id (campaign first, then examples)."""
    from game import paths
    from game.catalog import load_level
    from game.levels import LevelError
    p = Path(target)
    if p.suffix == ".toml" and p.exists():
        return load_level(p)
    for folder in (paths.CAMPAIGN, paths.EXAMPLES):
        for f in sorted(folder.glob("*.toml")):
            try:
                lvl = load_level(f)
            except LevelError:
                continue
            if lvl.id == target:
                return lvl
    return None


def open_target(app, target: str):
    """Push the scenes that show ``target``; returns the top scene or an error text."""
    from game.labs import LABS
    from game.levels import LevelError
    from game.scenes.campaign import CampaignScene
    from game.scenes.challenges import ChallengesScene
    from game.scenes.menu import MenuScene
    from game.scenes.play import PlayScene
    from game.scenes.sandbox import SandboxPickerScene
    from game.scenes.settings import SettingsScene
    app.push(MenuScene(app))
    simple = {"campaign": CampaignScene, "settings": SettingsScene, "sandbox": SandboxPickerScene,
              "challenges": ChallengesScene}
    if target == "menu":
        return app.scene
    if target in simple:
        return app.push(simple[target](app))
    if target.startswith("sandbox:"):
        lab = target.split(":", 1)[1]
        if lab not in LABS:
            return f"no lab named {lab!r}; labs: {', '.join(LABS)}"
        return app.push(PlayScene(app, LABS[lab].sandbox(), "sandbox"))
    try:
        level = find_level(target)
    except LevelError as err:
        return str(err)
    if level is None:
        return f"no scene, level id or level file named {target!r}"
    return app.push(PlayScene(app, level, "campaign"))


def settle_lab(app, scene, cap_s: float = SCREENSHOT_WAIT_S) -> bool:
    """Run frames until the lab's background work is done (at most ``cap_s``); True if done.

    The lab's own ``scripts.settle`` runs first when it has one; then, for a
    lab in the new shape, frames run while its model's job scheduler is busy.
    """
    from game.driver import Driver
    t0 = time.monotonic()
    settle = scene.spec.scripts.settle
    if settle is not None:
        settle(scene.lab, Driver(app))
    jobs = getattr(scene.lab.model, "jobs", None)
    while jobs is not None and jobs.busy():
        if time.monotonic() - t0 > cap_s:
            return False
        time.sleep(0.008)
        app.step(1 / 60)
    app.step(1 / 60)
    return True


def screenshot(target: str, out: Path, lang: str = "en", size=(1280, 720), scale: float = 1.0,
               frames: int = 30, solve: bool = False) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.app import App
    app = App(size=size, lang=lang, scale=scale)
    app.progress.notice = None
    top = open_target(app, target)
    if isinstance(top, str):
        print(f"neuroarcade screenshot: {top}", file=sys.stderr)
        pygame.quit()
        return 2
    if solve and hasattr(top, "lab") and top.level.goal is not None:
        from game.driver import Driver
        if top.tour is not None:
            top.tour.index = len(top.tour.steps)
        top.spec.scripts.play(top.lab, Driver(app))
    for _ in range(frames):
        t0 = time.perf_counter()
        app.step(1 / 60)
        # paced like the interactive loop: background threads compute between frames
        time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - t0)))
    if hasattr(top, "lab"):
        settle_lab(app, top)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(out))
    except (OSError, pygame.error) as exc:
        print(f"neuroarcade screenshot: cannot write {out}: {exc}", file=sys.stderr)
        pygame.quit()
        return 1
    print(out)
    pygame.quit()
    return 0
