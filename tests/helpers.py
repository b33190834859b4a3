"""Small helpers the scene tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import numpy as np
import pygame


def pixels(app, rect) -> np.ndarray:
    """The screen's RGB pixels inside ``rect`` as an int array indexed (x, y, channel)."""
    return pygame.surfarray.array3d(app.screen)[rect.left:rect.right, rect.top:rect.bottom].astype(int)
