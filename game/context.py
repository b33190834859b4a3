"""What every scene is handed: text, fonts, save file, UI manager, sound.

Passed in explicitly (``Scene(app)`` reads ``app.ctx``); there are no
module-level session globals, so tests can build several apps side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pygame_gui

from game.progress import Progress
from game.sound import Sound
from game.ui import theme
from game.ui.fonts import Fonts
from game.ui.text import Text


@dataclass
class Context:
    text: Text
    fonts: Fonts
    progress: Progress
    ui: pygame_gui.UIManager
    sound: Sound
    scale: float = 1.0
    challenge_dirs: list[Path] = field(default_factory=list)
    theme_bg: tuple[int, int, int] = theme.BG

    def s(self, px: float) -> int:
        return round(px * self.scale)
