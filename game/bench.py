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
    import gc
    gc.freeze()                      # as App.run does
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


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, (list, tuple)) and len(v) > 6:
            continue
        else:
            out[key] = v
    return out


def compare(frames: int = 240, out_path=None) -> int:
    """Model benchmarks against everyday alternatives, plus scene frame times.

    Runs ``run()`` of every ``benchmarks/bench_*.py`` (each times our code and
    the alternative side by side in one process and reports ratios), then the
    scene benchmark, prints everything and writes ``docs/benchmarks.md``.
    """
    import importlib.util
    import platform
    from pathlib import Path
    from game import paths
    root = paths.DATA_ROOT / "benchmarks"
    if not root.is_dir():
        print("neuroarcade bench --compare: the benchmarks/ folder ships with the source checkout only",
              file=sys.stderr)
        return 2
    sections = []
    for f in sorted(root.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
            figs = _flatten(mod.run())
        except Exception as exc:  # a missing optional package must not stop the others
            figs = {"error": f"{type(exc).__name__}: {exc}"}
        sections.append((f.stem.removeprefix("bench_"), figs))
        print(f"== {f.stem}")
        for k, v in figs.items():
            print(f"  {k:48s} {_fmt(v)}")
    scenes = run(frames)
    lines = ["# Benchmarks", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({platform.machine()}, "
             f"Python {platform.python_version()}) with `neuroarcade bench --compare`. Times in ms unless "
             "the name says otherwise; `ratio_*` is how many times faster ours is than the alternative "
             "timed in the same run.", "",
             "## Frame times per scene (scripted input, median / p99 ms)", "",
             f"Startup to the first menu frame: {scenes['startup_s']:.3f} s", "",
             "| scene | median ms | p99 ms | max ms |", "|---|---|---|---|"]
    for name, r in scenes["scenes"].items():
        lines.append(f"| {name} | {r['median_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} |")
    for name, figs in sections:
        lines += ["", f"## {name}", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in figs.items()]
    target = Path(out_path) if out_path else paths.DATA_ROOT / "docs" / "benchmarks.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"startup {scenes['startup_s']:.3f} s; wrote {target}")
    return 0


def run_soak(events: int = 20000) -> int:
    """``neuroarcade bench --soak``: the long random-input run on every lab scene."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("NEUROARCADE_HOME", tempfile.mkdtemp(prefix="na-soak-"))
    from game import paths
    from game.app import App
    from game.driver import Driver
    from game.labs import LABS
    from game.levels import load_folder
    from game.scenes.menu import MenuScene
    from game.scenes.play import PlayScene
    from game.soak import SoakFailure, soak
    campaign = load_folder(paths.CAMPAIGN).levels
    failed = 0
    print(f"{'scene':28s} {'events':>7s} {'median ms':>10s} {'max ms':>8s} {'>100 ms':>8s}")
    for kind, spec in LABS.items():
        first = next((lv for lv in campaign if lv.kind == kind), None)
        for name, level, mode in ((f"{kind}:sandbox", spec.sandbox(), "sandbox"),
                                  (f"{kind}:level", first, "campaign")):
            if level is None:
                continue
            app = App(lang="en")
            app.progress.notice = None
            app.progress.settings["tours_seen"] = [lv.id for lv in campaign]
            app.push(MenuScene(app))
            scene = app.push(PlayScene(app, level, mode))
            try:
                r = soak(app, Driver(app), scene, np.random.default_rng(2024), events)
                print(f"{name:28s} {r['events']:7d} {r['median_ms']:10.2f} {r['max_ms']:8.1f} {r['over_100ms']:8d}")
            except (SoakFailure, Exception) as exc:   # report every scene, then fail
                failed += 1
                print(f"{name:28s} FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


def main(as_json: bool = False, frames: int = 240, do_compare: bool = False, soak_events: int = 0) -> int:
    if soak_events:
        return run_soak(soak_events)
    if do_compare:
        return compare(frames)
    result = run(frames)
    if as_json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"startup to first menu frame: {result['startup_s']:.3f} s   ({result['cores']} cores)")
    print(f"{'scene':28s} {'median ms':>10s} {'p99 ms':>10s} {'max ms':>10s}")
    for name, r in result["scenes"].items():
        print(f"{name:28s} {r['median_ms']:10.2f} {r['p99_ms']:10.2f} {r['max_ms']:10.2f}")
    return 0
