"""The save file: best score, stars, hints and time per level, and settings.

Stored as JSON in the per-user data folder (platformdirs), or under
``$NEUROARCADE_HOME`` when set (tests always set it). Writes are atomic: a
temp file in the same folder, flushed and fsynced, then ``os.replace``, so a
crash leaves either the old or the new file. A corrupt save, or one written
by a newer version, is moved aside to a timestamped backup and a notice is
shown; nothing is silently dropped.
"""

from __future__ import annotations

import copy
import json
import math
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

SAVE_VERSION = 1
SAVE_NAME = "progress.json"

DEFAULT_SETTINGS: dict[str, Any] = {
    "lang": None,          # None: follow the system locale
    "scale": 1.0,
    "sound": True,
    "volume": 0.6,
    "instructor_mode": False,
    "fullscreen": False,
    "player": "",
    "tours_seen": [],
}


def home_dir() -> Path:
    """Folder for the save file: ``$NEUROARCADE_HOME`` or the user data dir."""
    env = os.environ.get("NEUROARCADE_HOME")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("neuroarcade", appauthor=False))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` so that readers see either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


@dataclass
class LevelRecord:
    """What the game remembers of one level."""

    best: float | None = None
    stars: int = 0
    hints: int = 0
    time_s: float = 0.0
    attempts: int = 0

    @classmethod
    def from_json(cls, d: Any) -> "LevelRecord":
        if not isinstance(d, dict):
            raise ValueError("level record is not a table")
        best = d.get("best")
        if best is not None and not (isinstance(best, (int, float)) and math.isfinite(best)):
            raise ValueError("best is not a finite number")
        stars = int(d.get("stars", 0))
        if not 0 <= stars <= 3:
            raise ValueError("stars outside 0..3")
        return cls(best=None if best is None else float(best), stars=stars,
                   hints=max(0, int(d.get("hints", 0))), time_s=max(0.0, float(d.get("time_s", 0.0))),
                   attempts=max(0, int(d.get("attempts", 0))))


@dataclass
class Progress:
    """The player's progress and settings, bound to one save file."""

    path: Path
    levels: dict[str, LevelRecord] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULT_SETTINGS))
    notice: str | None = None          # shown once by the menu (i18n key)
    backup: Path | None = None
    notice_detail: str = ""

    @classmethod
    def load(cls, folder: Path | None = None) -> "Progress":
        folder = folder or home_dir()
        path = folder / SAVE_NAME
        prog = cls(path=path)
        for stale in folder.glob(f"{SAVE_NAME}.*.tmp"):     # left by a write that was killed
            try:
                stale.unlink()
            except OSError:
                pass
        if not path.exists():
            return prog
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
            version = data.get("version")
            if not isinstance(version, int):
                raise ValueError("no version")
            if version > SAVE_VERSION:
                prog._move_aside("newer")
                prog.notice = "notice.save_newer"
                return prog
            for lid, rec in dict(data.get("levels", {})).items():
                prog.levels[str(lid)] = LevelRecord.from_json(rec)
            settings = data.get("settings", {})
            if isinstance(settings, dict):
                for k, v in settings.items():
                    if k in DEFAULT_SETTINGS:
                        prog.settings[k] = v
            prog._sanitise_settings()
        except (ValueError, TypeError, OSError, UnicodeDecodeError) as exc:
            prog.levels.clear()
            prog.settings = copy.deepcopy(DEFAULT_SETTINGS)
            prog._move_aside("corrupt")
            prog.notice = "notice.save_corrupt"
            prog.notice_detail = str(exc)
        return prog

    def _sanitise_settings(self) -> None:
        s = self.settings
        if s.get("lang") not in (None, "en", "zh"):
            s["lang"] = None
        try:
            scale = float(s.get("scale", 1.0))
        except (TypeError, ValueError):
            scale = 1.0
        s["scale"] = min((1.0, 1.25, 1.5, 2.0), key=lambda x: abs(x - scale))
        try:
            vol = float(s.get("volume", 0.6))
        except (TypeError, ValueError):
            vol = 0.6
        s["volume"] = min(1.0, max(0.0, vol)) if math.isfinite(vol) else 0.6
        for key in ("sound", "instructor_mode", "fullscreen"):
            s[key] = bool(s.get(key))
        s["player"] = str(s.get("player") or "")[:64]
        seen = s.get("tours_seen")
        s["tours_seen"] = [str(x)[:64] for x in seen][:500] if isinstance(seen, list) else []

    def _move_aside(self, why: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}{self.path.suffix}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{n}{self.path.suffix}")
            n += 1
        try:
            os.replace(self.path, target)
            self.backup = target
        except OSError:
            self.backup = None

    def to_json(self) -> dict:
        return {
            "version": SAVE_VERSION,
            "settings": self.settings,
            "levels": {k: vars(v) for k, v in sorted(self.levels.items())},
        }

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.to_json(), indent=1, ensure_ascii=False))

    def record(self, level_id: str, score: float | None, stars: int, better: str,
               hints: int, time_s: float) -> LevelRecord:
        """Merge one finished attempt; keeps the best score and most stars."""
        rec = self.levels.setdefault(level_id, LevelRecord())
        rec.attempts += 1
        rec.time_s += max(0.0, float(time_s))
        if score is not None and math.isfinite(score):
            if rec.best is None or (score > rec.best if better == "higher" else score < rec.best):
                rec.best = float(score)
        if stars > rec.stars:
            rec.stars = stars
            rec.hints = hints
        return rec

    def stars(self, level_id: str) -> int:
        rec = self.levels.get(level_id)
        return rec.stars if rec else 0

    def star_total(self, level_ids) -> tuple[int, int]:
        """(stars earned, stars possible) over ``level_ids``: the one count the menu and the
        campaign map show (levels of other packs never count towards the campaign's)."""
        ids = list(dict.fromkeys(level_ids))
        return sum(self.stars(i) for i in ids), 3 * len(ids)
