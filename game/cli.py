"""Command line: play (default), sandbox, check, screenshot, bench.

    neuroarcade [--levels DIR] [--lang en|zh] [--scale S]   play
    neuroarcade sandbox LAB                                  open a lab's sandbox
    neuroarcade check PATH... [--strict]                     validate levels, prove them winnable
    neuroarcade screenshot TARGET --out x.png [--lang zh]    render headless
    neuroarcade report FILES... --out DIR                    class report from exports
    neuroarcade bench [--json]                               frame-time figures

``check`` prints one line per problem (and per warning), then a summary; it
exits 1 when a file is invalid or its solution earns fewer than three stars
(``--strict``: also when a level has no solution), 0 otherwise. No command
prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, got {text!r}") from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range")
    return w, h


def _scale(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be a number, got {text!r}") from None
    if v not in (1.0, 1.25, 1.5, 2.0):
        raise argparse.ArgumentTypeError("scale must be one of 1, 1.25, 1.5, 2")
    return v


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--levels", action="append", metavar="DIR",
                        default=argparse.SUPPRESS, help="a folder of challenge levels (repeatable)")
    common.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                        help="interface language (default: system locale)")
    common.add_argument("--scale", type=_scale, default=argparse.SUPPRESS, help="UI scale: 1, 1.25, 1.5 or 2")
    common.add_argument("--size", type=_size, default=argparse.SUPPRESS, help="window size, e.g. 1280x720")
    p = argparse.ArgumentParser(prog="neuroarcade", parents=[common],
                                description="NeuroArcade: brain-inspired computing, as a game.")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("play", parents=[common], help="open the game (default)")
    sb = sub.add_parser("sandbox", parents=[common], help="open one lab's sandbox")
    sb.add_argument("lab")
    ck = sub.add_parser("check", help="validate level files and folders and prove them winnable")
    ck.add_argument("paths", nargs="+")
    ck.add_argument("--strict", action="store_true", help="warnings (e.g. a level with no solution) are errors")
    sh = sub.add_parser("screenshot", parents=[common], help="render a scene to PNG without a display")
    sh.add_argument("target", help="menu | campaign | settings | sandbox:LAB | LEVEL_ID | path/to/level.toml")
    sh.add_argument("--out", required=True)
    sh.add_argument("--frames", type=int, default=30)
    sh.add_argument("--solve", action="store_true", help="play the level's solution first")
    rp = sub.add_parser("report", help="merge students' result exports into a class report")
    rp.add_argument("files", nargs="+", help="results-*.json files exported by students")
    rp.add_argument("--out", required=True, help="folder for class-results.csv and the charts")
    bn = sub.add_parser("bench", parents=[common], help="per-scene frame times")
    bn.add_argument("--json", action="store_true")
    bn.add_argument("--frames", type=int, default=240)
    bn.add_argument("--soak", nargs="?", type=int, const=20000, default=0, metavar="EVENTS",
                    help="random-input soak of every lab scene (default 20,000 events each)")
    bn.add_argument("--idle-seconds", type=float, default=None, metavar="S",
                    help="how long each scene is left alone for its idle-CPU figure (default 3 s, 0.2-60)")
    bn.add_argument("--compare", action="store_true",
                    help="also time each model against an everyday alternative; writes docs/benchmarks.md")
    return p


#: Packages every command needs (the labs and the picture decoder are built on them).
REQUIRED = ("pygame", "pygame_gui", "numpy", "scipy", "pydantic")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in REQUIRED:
            raise
        print(f"neuroarcade: this Python has no '{exc.name}' module, which NeuroArcade needs "
              f"(pygame-ce, pygame_gui, numpy, scipy, pydantic). Install the game with "
              f"`pip install -e .` (README) and run it with that Python: {sys.executable}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    for name, default in (("levels", []), ("lang", None), ("scale", None), ("size", (1280, 720))):
        if not hasattr(args, name):
            setattr(args, name, default)
    cmd = args.command or "play"
    if cmd == "check":
        return cmd_check(args.paths, args.strict)
    if cmd == "screenshot":
        from game.tools import screenshot
        return screenshot(args.target, Path(args.out), lang=args.lang or "en", size=args.size,
                          scale=args.scale or 1.0, frames=max(1, args.frames), solve=args.solve)
    if cmd == "report":
        return cmd_report(args.files, Path(args.out))
    if cmd == "bench":
        from game.bench import main as bench_main
        idle = {} if args.idle_seconds is None else {"idle_s": min(60.0, max(0.2, args.idle_seconds))}
        return bench_main(as_json=args.json, frames=max(10, args.frames), do_compare=args.compare,
                          soak_events=max(0, args.soak), **idle)
    return cmd_play(args, sandbox=args.lab if cmd == "sandbox" else None)


def cmd_check(paths: list[str], strict: bool = False) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.check import main
    return main(paths, strict)


def cmd_report(files: list[str], out: Path) -> int:
    from game.export import read_exports, write_report
    report = read_exports([Path(f) for f in files])
    for line in report.skipped:
        print(f"skipped {line}", file=sys.stderr)
    if not report.rows:
        print("neuroarcade report: no readable results in the given files", file=sys.stderr)
        return 1
    try:
        written = write_report(report, out)
    except OSError as exc:
        print(f"neuroarcade report: cannot write to {out}: {exc}", file=sys.stderr)
        return 1
    for p in written:
        print(p)
    print(f"{len(report.players)} students, {len(report.levels)} levels")
    return 0


def cmd_play(args, sandbox: str | None = None) -> int:
    from game.labs import LABS
    if sandbox is not None and sandbox not in LABS:
        print(f"neuroarcade: no lab named {sandbox!r}; labs: {', '.join(LABS)}", file=sys.stderr)
        return 2
    for d in args.levels:
        if not Path(d).is_dir():
            print(f"neuroarcade: --levels {d}: not a folder", file=sys.stderr)
            return 2
    from game.app import App
    from game.scenes.menu import MenuScene
    app = App(size=args.size, lang=args.lang, scale=args.scale, challenge_dirs=[Path(d) for d in args.levels])
    app.push(MenuScene(app))
    if args.levels:
        from game.scenes.challenges import ChallengesScene
        app.push(ChallengesScene(app))
    if sandbox is not None:
        from game.scenes.play import PlayScene
        app.push(PlayScene(app, LABS[sandbox].sandbox(), "sandbox"))
    app.run()
    return 0
