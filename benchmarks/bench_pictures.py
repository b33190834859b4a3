"""Time and peak memory of opening a Gabor level that names a camera-size picture (issue 19).

Scenario: copies of ``levels/examples/example-gabor-match-filter.toml`` whose
``fixed.image`` names

- ``small``: a 256 x 256 PNG (the baseline),
- ``png-6000``: a 6000 x 6000 RGB PNG with every row Paeth-filtered (the
  issue's picture: about 120 kB),
- ``jpeg-6000x4000``: a 6000 x 4000 JPEG (``pygame.image.save``), as a
  camera gives,
- ``png-noisy``: a 6000 x 4000 RGB Paeth PNG of the same quadrants with
  noise added (tens of MB, like a photo saved as PNG: much more data for
  zlib than the flat picture),
- ``png-at-cap``: an 8000 x 5000 RGBA Paeth PNG, 40,000,000 pixels at 4
  bytes each: the largest picture the game accepts.

Each level is opened in a fresh interpreter exactly as ``neuroarcade
screenshot LEVEL`` does (app start, play scene, one frame, PNG written); the
child reports its wall time and its own peak resident memory (``VmHWM`` from
``/proc/self/status``; ``ru_maxrss`` elsewhere, which on Linux would carry the
parent's peak over through fork and exec). Each case runs ``--repeat`` times
(default 2) and the table gives every run, so noise from other processes on a
shared machine shows.

Run: ``python benchmarks/bench_pictures.py [--repeat N] [--checkout PATH]``;
``--checkout`` opens the same levels with another source tree (e.g. the main
branch, to compare with the old decoder; JPEG cases are skipped there if its
loader refuses them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
from game.tools import screenshot
rc = screenshot(sys.argv[1], __import__("pathlib").Path(sys.argv[2]), frames=1)
seconds = time.perf_counter() - t0
peak = None
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * (1024 if sys.platform == "darwin" else 1))
print(json.dumps({"rc": rc, "seconds": seconds, "peak_mb": peak}))
"""


def make_pictures(folder: Path) -> dict[str, str]:
    """Write the pictures and their levels; return case -> level file."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import pygame

    from tests.test_pictures import gabor_level, paeth_png, quadrant_rows, quadrant_surface

    (folder / "small.png").write_bytes(paeth_png(np.random.default_rng(0).integers(0, 256, (256, 256, 3)), 256))
    (folder / "big.png").write_bytes(paeth_png(quadrant_rows(6000, 6000), 6000))
    rng = np.random.default_rng(2)
    (folder / "noisy.png").write_bytes(paeth_png(
        (row // 2 + rng.integers(0, 64, row.shape, dtype=np.uint8) for row in quadrant_rows(6000, 4000)), 6000))
    opaque = np.full((8000, 1), 255, np.uint8)
    (folder / "cap.png").write_bytes(paeth_png((np.hstack([row, opaque]) for row in quadrant_rows(8000, 5000)),
                                               8000, channels=4))
    # texture, not flat colours, so the JPEG's entropy-coded data is camera-like in size
    surf = quadrant_surface(6000, 4000)
    noise = np.random.default_rng(1).integers(0, 40, (6000, 4000), dtype=np.uint8)
    pygame.surfarray.pixels_red(surf)[:] //= 2
    pygame.surfarray.pixels_red(surf)[:] += noise
    pygame.image.save(surf, str(folder / "camera.jpg"))
    del surf, noise
    cases = {}
    for case, name in (("small", "small.png"), ("png-6000", "big.png"), ("jpeg-6000x4000", "camera.jpg"),
                       ("png-noisy", "noisy.png"), ("png-at-cap", "cap.png")):
        cases[case] = str(gabor_level(folder, name, f"bench-{case}"))
    return cases


def run_case(level: str, checkout: Path, out_png: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout), PYGAME_HIDE_SUPPORT_PROMPT="1",
               NEUROARCADE_HOME=tempfile.mkdtemp(prefix="bench-home-"))
    proc = subprocess.run([sys.executable, "-c", CHILD, level, str(out_png)], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=600)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"rc": proc.returncode, "error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return json.loads(lines[-1])


def measure(repeat: int = 2, checkout: Path = ROOT) -> list[dict]:
    """Open every case ``repeat`` times; each case's runs and the picture file's size (kB)."""
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-pictures-") as tmp:
        folder = Path(tmp)
        # the pictures are made in a child too, so this process stays small
        made = subprocess.run([sys.executable, __file__, "--make", str(folder)], capture_output=True, text=True,
                              cwd=ROOT, env=dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1"))
        if made.returncode != 0:
            raise RuntimeError(made.stderr.strip()[-500:])
        cases = json.loads(made.stdout.splitlines()[-1])
        shots = folder / "screenshots"              # not next to the pictures: names would collide
        shots.mkdir(exist_ok=True)
        for case, level in cases.items():
            kb = (Path(level).parent / _picture_name(Path(level))).stat().st_size / 1024
            runs = [run_case(level, checkout, shots / f"{case}.png") for _ in range(repeat)]
            out.append({"case": case, "kb": kb, "runs": runs})
    return out


def _best(runs: list[dict]) -> tuple[float, float] | None:
    good = [r for r in runs if "seconds" in r and r["rc"] == 0]
    return (min(r["seconds"] for r in good), min(r["peak_mb"] for r in good)) if good else None


def run(repeat: int = 2) -> dict:
    """Figures for ``neuroarcade bench --compare``: each case's best time (s) and peak memory (MB),
    and what it costs over the small picture; the picture at the cap is refused or opened."""
    figs: dict = {}
    cases = measure(repeat)
    base = next((_best(c["runs"]) for c in cases if c["case"] == "small"), None)
    for c in cases:
        best = _best(c["runs"])
        name = c["case"].replace("-", "_")
        figs[f"{name}_file_kB"] = round(c["kb"], 1)
        if best is None:
            figs[f"{name}_opened"] = "no"
            continue
        figs[f"{name}_s_best"], figs[f"{name}_peak_MB_best"] = round(best[0], 3), round(best[1], 1)
        if base is not None and c["case"] != "small":
            figs[f"{name}_extra_s"] = round(best[0] - base[0], 3)
            figs[f"{name}_extra_MB"] = round(best[1] - base[1], 1)
    big = [figs.get(k) for k in ("png_6000_extra_s", "jpeg_6000x4000_extra_s")]
    figs["goal_extra_under_1s"] = "yes" if all(x is not None and x < 1.0 for x in big) else "no"
    return figs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--checkout", type=Path, default=ROOT, help="source tree to open the levels with")
    args = ap.parse_args(argv)
    try:
        cases = measure(args.repeat, args.checkout)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"checkout: {args.checkout}  (2 cores shared with other jobs: times are noisy)")
    print(f"{'case':<16} {'file kB':>8} {'runs: seconds / peak MB'}")
    base = None
    for c in cases:
        runs = c["runs"]
        text = "   ".join(f"{r['seconds']:.2f} s / {r['peak_mb']:.0f} MB" + ("" if r["rc"] == 0 else
                                                                               f" (refused: exit {r['rc']})")
                        if "seconds" in r else f"failed {r}" for r in runs)
        print(f"{c['case']:<16} {c['kb']:8.0f} {text}")
        best = _best(runs)
        if c["case"] == "small":
            base = best
        elif base and best:
            print(f"{'':<16} {'':>8} extra over small: {best[0] - base[0]:+.2f} s, "
                  f"{best[1] - base[1]:+.0f} MB (best runs)")
    return 0


def _picture_name(level: Path) -> str:
    import tomllib
    return tomllib.loads(level.read_text(encoding="utf-8"))["fixed"]["image"]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--make":
        print(json.dumps(make_pictures(Path(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
