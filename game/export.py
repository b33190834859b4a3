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


def results_rows(progress: Progress, player: str, level_ids: Iterable[str] | None = None) -> list[dict]:
    """One row per level played (only those in ``level_ids``, when given)."""
    keep = None if level_ids is None else set(level_ids)
    rows = []
    for level_id, rec in sorted(progress.levels.items()):
        if keep is not None and level_id not in keep:
            continue
        rows.append({"player": player, "level": level_id, "best": rec.best, "stars": rec.stars,
                     "hints": rec.hints, "attempts": rec.attempts, "time_s": round(rec.time_s, 1)})
    return rows


def export_results(progress: Progress, folder: Path, pack_title: str = "campaign",
                   level_ids: Iterable[str] | None = None) -> tuple[Path, Path]:
    """Write ``results-<player>-<time>.json`` and ``.csv``; returns both paths.

    ``level_ids`` are the levels of the pack named ``pack_title`` (an export
    labelled "campaign" holds campaign levels only); None exports every level played.
    """
    player = str(progress.settings.get("player") or "").strip() or "anonymous"
    rows = results_rows(progress, player, level_ids)
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


def count_ticks(n: int, most: int = 6) -> list[int]:
    """Whole-number ticks 0..top (top >= n) for an axis of student counts, at most ``most`` + 1.

    >>> count_ticks(3), count_ticks(7), count_ticks(40)
    ([0, 1, 2, 3], [0, 2, 4, 6, 8], [0, 10, 20, 30, 40])
    """
    n = max(1, int(n))
    step = next(k * 10 ** e for e in range(10) for k in (1, 2, 5) if k * 10 ** e * most >= n)
    top = -(-n // step) * step
    return list(range(0, top + 1, step))


@dataclass
class ChartLayout:
    """Where the class chart puts its parts (px); rects are (x, y, w, h)."""

    size: tuple[int, int]
    title: tuple[int, int, int, int]
    legend: tuple[int, int, int, int]
    plot: tuple[int, int, int, int]            # x0, y0 (top), width, height of the bars' area
    ticks: list[int]
    labels: list[tuple[int, int, int, int]]    # each level's rotated name


BAR_W, BAR_GAP = 44, 26
LABEL_ANGLE = 40


def chart_layout(summary, n_players: int, fonts) -> ChartLayout:
    """Geometry of the stars-per-level chart: title, then the legend on its own row, then the
    plot with whole-number ticks; the rotated level names fit inside the picture."""
    import pygame
    font, small, title_font = fonts
    title = title_font.size(chart_title(n_players))
    legend_h = font.get_linesize()
    y0 = 14 + title[1] + 10 + legend_h + 16
    ticks = count_ticks(n_players)
    tick_w = max(small.size(str(t))[0] for t in ticks)
    x0 = 30 + tick_w + 14
    names = [pygame.transform.rotate(small.render(lvl, True, (0, 0, 0)), LABEL_ANGLE).get_size()
             for lvl, _, _ in summary]
    # a rotated name hangs down and to the left of its bar: leave room for the widest one
    x0 = max(x0, max((w for w, _ in names), default=0) - BAR_W + 10)
    plot_h = 380
    label_top = y0 + plot_h + 22
    height = label_top + max((h for _, h in names), default=0) + 14
    width = max(900, x0 + 10 + len(summary) * (BAR_W + BAR_GAP) + 20, 40 + title[0])
    labels = []
    for j, (w, h) in enumerate(names):
        x = x0 + 10 + j * (BAR_W + BAR_GAP)
        labels.append((x + BAR_W - w, label_top, w, h))
    legend_w = 4 * 78
    return ChartLayout((width, height), (20, 14, *title), (x0, 14 + title[1] + 10, legend_w, legend_h),
                       (x0, y0, width - 20 - x0, plot_h), ticks, labels)


def chart_title(n_players: int) -> str:
    return f"Stars per level, hardest first · 各关卡得星（最难在前）   n = {n_players}"


def draw_charts(report: ClassReport, out: Path) -> list[Path]:
    """Stacked bars of stars per level (hardest first), drawn offscreen with pygame."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game import paths
    from game.ui import theme
    pygame.font.init()
    summary = level_summary(report)
    font = pygame.font.Font(str(paths.FONT_REGULAR), 15)
    small = pygame.font.Font(str(paths.FONT_REGULAR), 12)
    title = pygame.font.Font(str(paths.FONT_BOLD), 20)
    lay = chart_layout(summary, len(report.players), (font, small, title))
    surf = pygame.Surface(lay.size)
    surf.fill((255, 255, 255))
    surf.blit(title.render(chart_title(len(report.players)), True, (20, 20, 20)), lay.title[:2])
    x0, y0, plot_w, plot_h = lay.plot
    top = lay.ticks[-1]
    colours = [(200, 200, 200), theme.WARN, theme.ACCENT, theme.GOOD]
    for tick in lay.ticks:
        y = y0 + plot_h - plot_h * tick / top
        pygame.draw.line(surf, (225, 225, 225), (x0, y), (x0 + plot_w, y))
        img = small.render(str(tick), True, (90, 90, 90))
        surf.blit(img, img.get_rect(midright=(x0 - 6, y)))
    for j, (lvl, counts, mean) in enumerate(summary):
        x = x0 + 10 + j * (BAR_W + BAR_GAP)
        y = y0 + plot_h
        for k, c in enumerate(counts):
            h = plot_h * c / top
            if h > 0:
                pygame.draw.rect(surf, colours[k], (x, y - h, BAR_W, h))
            y -= h
        surf.blit(small.render(f"{mean:.1f}★", True, (40, 40, 40)), (x + 4, y0 + plot_h + 4))
        label = pygame.transform.rotate(small.render(lvl, True, (40, 40, 40)), LABEL_ANGLE)
        surf.blit(label, lay.labels[j][:2])
    axis = pygame.transform.rotate(small.render("students · 学生数", True, (90, 90, 90)), 90)
    surf.blit(axis, (8, y0 + plot_h // 2 - axis.get_height() // 2))
    lx, ly = lay.legend[:2]
    for k in range(4):
        pygame.draw.rect(surf, colours[k], (lx + k * 78, ly + 3, 14, 14))
        surf.blit(font.render(f"{k}★", True, (40, 40, 40)), (lx + k * 78 + 18, ly))
    path = out / "stars-per-level.png"
    pygame.image.save(surf, str(path))
    return [path]
