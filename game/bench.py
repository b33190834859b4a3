"""``neuroarcade bench``: per-scene frame times with scripted input, headless.

For every scene (menu, campaign map, and each lab's sandbox and first level)
it runs N frames through ``App.step`` — events, update and draw, the same
work as the interactive loop minus the display flip — while a lab's
``bench_script`` drags a slider, and reports the median and 99th percentile
frame time. Startup is measured in a fresh interpreter: from process start
to the first menu frame drawn.

Memory is the resident set size high-water mark (peak RSS, MB): for startup,
of that fresh interpreter at its first frame; for each scene, of the bench
process while the scene ran (the mark is reset before each scene through
``/proc/self/clear_refs`` on Linux, so it includes what earlier scenes left
allocated); overall, the peak over the whole run. ``bench --compare`` runs
the scene bench in a fresh interpreter so the model benchmarks before it do
not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def peak_rss_mb() -> float | None:
    """This process's peak resident set size in MB (``ru_maxrss``), or None (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 2**20 if sys.platform == "darwin" else kb / 1024   # macOS reports bytes


def _hwm_mb() -> float | None:
    """Linux ``VmHWM`` (peak RSS since the last reset) in MB, else None."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _reset_hwm() -> bool:
    """Reset the peak-RSS mark to the current RSS (Linux >= 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _startup() -> tuple[float, float | None]:
    """Seconds from interpreter start to the first menu frame, and that process's peak RSS (MB)."""
    code = ("import time, os; t0 = float(os.environ['NA_T0']);"
            "from game.app import App; from game.scenes.menu import MenuScene;"
            "app = App(); app.push(MenuScene(app)); app.step(); t = time.time() - t0;"
            "from game.bench import peak_rss_mb; print(t, peak_rss_mb())")
    env = dict(os.environ, NA_T0=repr(time.time()))
    env["NA_T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    try:
        t, mb = out.stdout.strip().splitlines()[-1].split()
        return float(t), (None if mb == "None" else round(float(mb), 1))
    except (ValueError, IndexError):
        return float("nan"), None


def _measure(app, driver, frames: int, script=None) -> dict:
    times = []
    for i in range(frames):
        if script is not None:
            script(driver, i)
        times.append(app.step(1 / 60) * 1000.0)
    arr = np.array(times[min(5, frames // 10):])  # first frames warm caches
    return {"median_ms": round(float(np.median(arr)), 3), "p99_ms": round(float(np.percentile(arr, 99)), 3),
            "max_ms": round(float(arr.max()), 3), "frames": int(arr.size)}


#: Seconds of the real loop (``App.run``) with no input per idle-CPU figure.
IDLE_S = 3.0


def idle_cpu_percent(app, seconds: float = IDLE_S) -> float:
    """CPU used by this process (% of one core) while ``App.run`` shows the top scene with no input.

    The loop runs as if the last input were past its wake-up period
    (``game.app.WAKE_S``), so the figure is what a screen left alone costs.
    """
    app.run(max_seconds=0.5, shutdown=False, wake=False)
    c0, w0 = time.process_time(), time.perf_counter()
    app.run(max_seconds=seconds, shutdown=False, wake=False)
    return round(100.0 * (time.process_time() - c0) / max(1e-9, time.perf_counter() - w0), 1)


def _left_alone(scene) -> None:
    """Skip a scene's after-input animation (the menu's backdrop drifts for a few seconds after
    the last input), so the idle figure is that of the screen left alone."""
    if hasattr(scene, "since_input"):
        from game.scenes.menu import BACKDROP_S
        scene.since_input = BACKDROP_S


def _bench_scene(app, driver, frames: int, make, script=None, pop: bool = True, idle_s: float = IDLE_S) -> dict:
    """Push ``make()``, time ``frames`` frames (``script(scene)`` gives the input), pop it.

    ``peak_rss_mb`` is the process's peak RSS from just before the scene was
    built to its last frame (None where the mark cannot be reset).
    """
    tracked = _reset_hwm()
    scene = app.push(make())
    r = _measure(app, driver, frames, script(scene) if script else None)
    _left_alone(scene)
    r["idle_cpu_percent"] = idle_cpu_percent(app, idle_s)
    hwm = _hwm_mb() if tracked else None
    r["peak_rss_mb"] = None if hwm is None else round(hwm, 1)
    if pop:
        app.pop()
    return r


def _lab_script(scene):
    """The lab's scripted slider drag, if it has one."""
    bench = scene.spec.scripts.bench
    if bench is None:
        return None
    return lambda d, i: bench(scene.lab, d, i)


def run(frames: int = 240, idle_s: float = IDLE_S) -> dict:
    """Time every scene in this process; startup (and its memory) in a fresh one.

    ``idle_s`` is how long each scene is left alone for its idle-CPU figure (s).
    """
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("NEUROARCADE_HOME", tempfile.mkdtemp(prefix="na-bench-"))
    from game import paths
    from game.app import App
    from game.driver import Driver
    from game.labs import LABS
    from game.catalog import load_folder
    from game.scenes.campaign import CampaignScene
    from game.scenes.menu import MenuScene
    from game.scenes.play import PlayScene

    startup, startup_mb = _startup()
    app = App(lang="en", scale=1.0)
    import gc
    gc.freeze()                      # as App.run does
    app.progress.notice = None
    driver = Driver(app)
    before_mb = peak_rss_mb()        # imports and App, before the first reset of the mark
    scenes: dict[str, dict] = {}
    scenes["menu"] = _bench_scene(app, driver, frames, lambda: MenuScene(app), pop=False, idle_s=idle_s)
    scenes["campaign"] = _bench_scene(app, driver, frames, lambda: CampaignScene(app),
                                      lambda sc: lambda d, i: d.wheel((600, 400), -1 if i % 60 < 30 else 1)
                                      if i % 10 == 0 else None, idle_s=idle_s)
    campaign = load_folder(paths.CAMPAIGN).levels
    for kind, spec in sorted(LABS.items(), key=lambda kv: kv[1].order):
        scenes[f"{kind}:sandbox"] = _bench_scene(app, driver, frames,
                                                 lambda: PlayScene(app, spec.sandbox(), "sandbox"), _lab_script,
                                                 idle_s=idle_s)
        first = next((lv for lv in campaign if lv.kind == kind), None)
        if first is not None:
            scenes[f"{kind}:level"] = _bench_scene(app, driver, frames,
                                                   lambda: PlayScene(app, first, "campaign"), _lab_script,
                                                   idle_s=idle_s)
    import pygame
    pygame.quit()
    peaks = [r["peak_rss_mb"] for r in scenes.values() if r["peak_rss_mb"] is not None]
    overall = max([before_mb or 0.0] + peaks) if peaks else peak_rss_mb()
    return {"startup_s": round(startup, 3), "startup_peak_rss_mb": startup_mb,
            "peak_rss_mb": None if overall is None else round(overall, 1),
            "cores": os.cpu_count(), "scenes": scenes}


def run_fresh(frames: int = 240) -> dict:
    """``run`` in a fresh interpreter (``neuroarcade bench --json``), so nothing
    this process allocated before counts in the frame times or the memory."""
    env = dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1")
    out = subprocess.run([sys.executable, "-m", "game", "bench", "--json", "--frames", str(frames)],
                         env=env, capture_output=True, text=True, timeout=3600)
    text = out.stdout[out.stdout.find("{"):]
    if out.returncode != 0 or not text:
        raise RuntimeError(f"bench --json failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    return json.loads(text)


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
    try:
        scenes = run_fresh(frames)
    except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
        print(f"fresh interpreter failed ({exc}); timing scenes in this process", file=sys.stderr)
        scenes = run(frames)
    print("== scenes")
    _print_scenes(scenes)
    lines = ["# Benchmarks", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({platform.machine()}, "
             f"Python {platform.python_version()}) with `neuroarcade bench --compare`. Times in ms unless "
             "the name says otherwise; `ratio_*` and `speedup_vs_*` are how many times faster ours is than "
             "the alternative timed in the same run.", "",
             "The Hopfield section also times neurodynex3's `HopfieldNetwork` (the *Neuronal Dynamics* "
             "exercise code) when it imports, or when the environment variable `NEURODYNEX_PYTHON` names "
             "a Python that has it: neurodynex3 pins numpy 1.26, so keep it out of this environment and "
             "install it in its own venv (`python -m venv /tmp/ndx && /tmp/ndx/bin/pip install neurodynex3`, "
             "then `NEURODYNEX_PYTHON=/tmp/ndx/bin/python neuroarcade bench --compare`).", "",
             "## Frame times per scene (scripted input, median / p99 ms)", "",
             f"Startup to the first menu frame: {scenes['startup_s']:.3f} s, "
             f"peak memory then {_mb(scenes.get('startup_peak_rss_mb'))} MB.", "",
             f"Peak memory over all scenes (resident set size high-water mark, one fresh process that opens "
             f"every scene below): {_mb(scenes.get('peak_rss_mb'))} MB. The per-scene column is that "
             "process's peak while the scene was built and ran (the mark is reset before each scene, so it "
             "includes what earlier scenes left allocated).", "",
             "Idle CPU is the share of one core the real loop uses while the scene is left alone "
             f"({IDLE_S:g} s after its wake-up period, no input).", "",
             "| scene | median ms | p99 ms | max ms | peak RSS MB | idle CPU % |", "|---|---|---|---|---|---|"]
    for name, r in scenes["scenes"].items():
        lines.append(f"| {name} | {r['median_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} "
                     f"| {_mb(r.get('peak_rss_mb'))} | {_fmt(r.get('idle_cpu_percent'))} |")
    for name, figs in sections:
        lines += ["", f"## {name}", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in figs.items()]
    target = Path(out_path) if out_path else paths.DATA_ROOT / "docs" / "benchmarks.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"startup {scenes['startup_s']:.3f} s; wrote {target}")
    return 0


def run_soak(events: int = 20000) -> int:
    """``neuroarcade bench --soak``: the long random-input run on every lab scene.

    Exit status 1 when any scene raised, let a model value go non-finite or
    took over 100 ms for one frame (the budget of issue 9).
    """
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("NEUROARCADE_HOME", tempfile.mkdtemp(prefix="na-soak-"))
    from game import paths
    from game.app import App
    from game.driver import Driver
    from game.labs import LABS
    from game.catalog import load_folder
    from game.scenes.menu import MenuScene
    from game.scenes.play import PlayScene
    from game.soak import SoakFailure, soak
    campaign = load_folder(paths.CAMPAIGN).levels
    failed = 0
    print(f"{'scene':28s} {'events':>7s} {'median ms':>10s} {'p99 ms':>8s} {'max ms':>8s} {'slowest after':>14s} "
          f"{'>100 ms':>8s}")
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
                print(f"{name:28s} {r['events']:7d} {r['median_ms']:10.2f} {r['p99_ms']:8.2f} {r['max_ms']:8.1f} "
                      f"{r['slowest_after']:>14s} {r['over_100ms']:8d}")
                if r["over_100ms"]:
                    failed += 1               # the budget: no frame over 100 ms
            except (SoakFailure, Exception) as exc:   # report every scene, then fail
                failed += 1
                print(f"{name:28s} FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


def main(as_json: bool = False, frames: int = 240, do_compare: bool = False, soak_events: int = 0,
         idle_s: float = IDLE_S) -> int:
    if soak_events:
        return run_soak(soak_events)
    if do_compare:
        return compare(frames)
    result = run(frames, idle_s)
    if as_json:
        print(json.dumps(result, indent=1))
        return 0
    _print_scenes(result)
    return 0


def _mb(v) -> str:
    return "n/a" if v is None else f"{v:.1f}"


def _print_scenes(result: dict) -> None:
    print(f"startup to first menu frame: {result['startup_s']:.3f} s, peak memory "
          f"{_mb(result.get('startup_peak_rss_mb'))} MB   ({result['cores']} cores)")
    print(f"peak memory over all scenes: {_mb(result.get('peak_rss_mb'))} MB (resident set size high-water mark)")
    print(f"{'scene':28s} {'median ms':>10s} {'p99 ms':>10s} {'max ms':>10s} {'peak MB':>8s} {'idle CPU %':>10s}")
    for name, r in result["scenes"].items():
        print(f"{name:28s} {r['median_ms']:10.2f} {r['p99_ms']:10.2f} {r['max_ms']:10.2f} "
              f"{_mb(r.get('peak_rss_mb')):>8s} {_fmt(r.get('idle_cpu_percent')):>10s}")
