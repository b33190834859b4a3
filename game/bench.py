"""``neuroarcade bench``: per-scene frame times with scripted input, headless.

For every scene (menu, campaign map, and each lab's sandbox and first level)
it runs N frames through ``App.step`` — events, update and draw, the same
work as the interactive loop minus the display flip — while a lab's
``bench_script`` drags a slider, and reports the median and 99th percentile
frame time. Startup is measured in a fresh interpreter: from process start
to the first menu frame drawn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def _startup_s() -> float:
    code = ("import time, os; t0 = float(os.environ['NA_T0']);"
            "from game.app import App; from game.scenes.menu import MenuScene;"
            "app = App(); app.push(MenuScene(app)); app.step(); print(time.time() - t0)")
    env = dict(os.environ, NA_T0=repr(time.time()))
    env["NA_T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def _measure(app, driver, frames: int, script=None) -> dict:
    times = []
    for i in range(frames):
        if script is not None:
            script(driver, i)
        times.append(app.step(1 / 60) * 1000.0)
    arr = np.array(times[min(5, frames // 10):])  # first frames warm caches
    return {"median_ms": round(float(np.median(arr)), 3), "p99_ms": round(float(np.percentile(arr, 99)), 3),
            "max_ms": round(float(arr.max()), 3), "frames": int(arr.size)}


def run(frames: int = 240) -> dict:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("NEUROARCADE_HOME", tempfile.mkdtemp(prefix="na-bench-"))
    from game import paths
    from game.app import App
    from game.driver import Driver
    from game.labs import LABS
    from game.levels import load_folder
    from game.scenes.campaign import CampaignScene
    from game.scenes.menu import MenuScene
    from game.scenes.play import PlayScene

    startup = _startup_s()
    app = App(lang="en", scale=1.0)
    app.progress.notice = None
    driver = Driver(app)
    scenes: dict[str, dict] = {}
    app.push(MenuScene(app))
    scenes["menu"] = _measure(app, driver, frames)
    app.push(CampaignScene(app))
    scenes["campaign"] = _measure(app, driver, frames, lambda d, i: d.wheel((600, 400), -1 if i % 60 < 30 else 1)
                                  if i % 10 == 0 else None)
    app.pop()
    campaign = load_folder(paths.CAMPAIGN).levels
    for kind, spec in sorted(LABS.items(), key=lambda kv: kv[1].order):
        scene = app.push(PlayScene(app, spec.sandbox(), "sandbox"))
        script = getattr(scene.lab, "bench_script", None)
        scenes[f"{kind}:sandbox"] = _measure(app, driver, frames,
                                             (lambda d, i, sc=scene: sc.lab.bench_script(d, i)) if script else None)
        app.pop()
        first = next((lv for lv in campaign if lv.kind == kind), None)
        if first is not None:
            scene = app.push(PlayScene(app, first, "campaign"))
            scenes[f"{kind}:level"] = _measure(app, driver, frames,
                                               (lambda d, i, sc=scene: sc.lab.bench_script(d, i))
                                               if hasattr(scene.lab, "bench_script") else None)
            app.pop()
    import pygame
    pygame.quit()
    return {"startup_s": round(startup, 3), "cores": os.cpu_count(), "scenes": scenes}


def main(as_json: bool = False, frames: int = 240) -> int:
    result = run(frames)
    if as_json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"startup to first menu frame: {result['startup_s']:.3f} s   ({result['cores']} cores)")
    print(f"{'scene':28s} {'median ms':>10s} {'p99 ms':>10s} {'max ms':>10s}")
    for name, r in result["scenes"].items():
        print(f"{name:28s} {r['median_ms']:10.2f} {r['p99_ms']:10.2f} {r['max_ms']:10.2f}")
    return 0
