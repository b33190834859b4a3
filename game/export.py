"""Results export for the student and the class report for the instructor.

A student's export is one JSON file (and the same rows as CSV): app version,
pack title, player name or ID, and per level the best score, stars, hints
used, attempts and time spent. ``neuroarcade report`` merges many exports
into one CSV and draws two PNG charts with pygame (no plotting library
needed): stars per level across the class, and the levels ordered hardest
first by mean stars.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from game import __version__
from game.progress import Progress, atomic_write

FIELDS = ("player", "level", "best", "stars", "hints", "attempts", "time_s")
EXPORT_FORMAT = "neuroarcade-results"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:40] or "anonymous"


def results_rows(progress: Progress, player: str) -> list[dict]:
    rows = []
    for level_id, rec in sorted(progress.levels.items()):
        rows.append({"player": player, "level": level_id, "best": rec.best, "stars": rec.stars,
                     "hints": rec.hints, "attempts": rec.attempts, "time_s": round(rec.time_s, 1)})
    return rows


def export_results(progress: Progress, folder: Path, pack_title: str = "campaign") -> tuple[Path, Path]:
    """Write ``results-<player>-<time>.json`` and ``.csv``; returns both paths."""
    player = str(progress.settings.get("player") or "").strip() or "anonymous"
    rows = results_rows(progress, player)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = folder / f"results-{_safe(player)}-{stamp}"
    doc = {"format": EXPORT_FORMAT, "version": 1, "app_version": __version__, "pack": pack_title,
           "player": player, "exported": time.strftime("%Y-%m-%dT%H:%M:%S"), "levels": rows}
    json_path = base.with_suffix(".json")
    atomic_write(json_path, json.dumps(doc, indent=1, ensure_ascii=False))
    csv_path = base.with_suffix(".csv")
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    return json_path, csv_path


class ReportError(Exception):
    """An input file of the class report could not be read."""


@dataclass
class ClassReport:
    rows: list[dict]
    players: list[str]
    levels: list[str]
    skipped: list[str]


def read_exports(files: Iterable[Path]) -> ClassReport:
    """Read students' JSON exports; unreadable files are listed, not fatal."""
    rows: list[dict] = []
    skipped: list[str] = []
    for f in files:
        try:
            doc = json.loads(Path(f).read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
                raise ReportError("not a NeuroArcade results export")
            player = str(doc.get("player") or Path(f).stem)[:64]
            for r in doc.get("levels", []):
                stars = int(r.get("stars", 0))
                if not 0 <= stars <= 3:
                    raise ReportError("stars outside 0..3")
                best = r.get("best")
                rows.append({"player": player, "level": str(r["level"])[:80],
                             "best": best if isinstance(best, (int, float)) and math.isfinite(best) else None,
                             "stars": stars, "hints": int(r.get("hints", 0)),
                             "attempts": int(r.get("attempts", 0)), "time_s": float(r.get("time_s", 0.0))})
        except (OSError, ValueError, KeyError, TypeError, ReportError) as exc:
            skipped.append(f"{f}: {exc}")
    players = sorted({r["player"] for r in rows})
    levels = sorted({r["level"] for r in rows})
    return ClassReport(rows, players, levels, skipped)


def write_report(report: ClassReport, out: Path) -> list[Path]:
    """Merged CSV plus two charts; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    merged = out / "class-results.csv"
    with open(merged, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(report.rows)
    charts = draw_charts(report, out)
    return [merged, *charts]


def level_summary(report: ClassReport) -> list[tuple[str, list[int], float]]:
    """(level, count of students at 0..3 stars, mean stars), hardest first.

    Students who never opened a level count at 0 stars for it.
    """
    out = []
    n = len(report.players)
    for lvl in report.levels:
        got = {r["player"]: r["stars"] for r in report.rows if r["level"] == lvl}
        counts = [0, 0, 0, 0]
        for p in report.players:
            counts[got.get(p, 0)] += 1
        mean = sum(k * c for k, c in enumerate(counts)) / max(1, n)
        out.append((lvl, counts, mean))
    out.sort(key=lambda x: (x[2], x[0]))
    return out


def draw_charts(report: ClassReport, out: Path) -> list[Path]:
    """Stacked bars of stars per level (hardest first), drawn offscreen with pygame."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game import paths
    from game.ui import theme
    pygame.font.init()
    summary = level_summary(report)
    width = max(900, 120 + 70 * len(summary))
    height = 560
    surf = pygame.Surface((width, height))
    surf.fill((255, 255, 255))
    font = pygame.font.Font(str(paths.FONT_REGULAR), 15)
    small = pygame.font.Font(str(paths.FONT_REGULAR), 12)
    title = pygame.font.Font(str(paths.FONT_BOLD), 20)
    surf.blit(title.render(f"Stars per level, hardest first · 各关卡得星（最难在前）   n = {len(report.players)}",
                           True, (20, 20, 20)), (20, 14))
    x0, y0, plot_h = 80, 60, 380
    n = max(1, len(report.players))
    colours = [(200, 200, 200), theme.WARN, theme.ACCENT, theme.GOOD]
    for i in range(5):
        y = y0 + plot_h - plot_h * i / 4
        pygame.draw.line(surf, (225, 225, 225), (x0, y), (width - 20, y))
        surf.blit(small.render(f"{n * i / 4:g}", True, (90, 90, 90)), (x0 - 34, y - 8))
    for j, (lvl, counts, mean) in enumerate(summary):
        x = x0 + 10 + j * 70
        y = y0 + plot_h
        for k, c in enumerate(counts):
            h = plot_h * c / n
            if h > 0:
                pygame.draw.rect(surf, colours[k], (x, y - h, 44, h))
            y -= h
        surf.blit(small.render(f"{mean:.1f}★", True, (40, 40, 40)), (x + 4, y0 + plot_h + 4))
        label = pygame.transform.rotate(small.render(lvl, True, (40, 40, 40)), 40)
        surf.blit(label, (x - label.get_width() + 40, y0 + plot_h + 22))
    axis = pygame.transform.rotate(small.render("students · 学生数", True, (90, 90, 90)), 90)
    surf.blit(axis, (8, y0 + plot_h // 2 - axis.get_height() // 2))
    lx = width - 330
    for k in range(4):
        pygame.draw.rect(surf, colours[k], (lx + k * 78, 44, 14, 14))
        surf.blit(font.render(f"{k}★", True, (40, 40, 40)), (lx + k * 78 + 18, 40))
    path = out / "stars-per-level.png"
    pygame.image.save(surf, str(path))
    return [path]
