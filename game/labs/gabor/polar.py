"""The polar orientation-tuning plot of the gabor lab, with 90° up.

The plot lies in the image's own frame (x to the right, y down): the lobe of
a cell with orientation θ points along its carrier's wave vector, at θ
clockwise from the right, and (orientation having period 180°) also the
other way. So the plot reads like the kernel beside it: its marker runs
along the kernel's x′ axis. The labels sit on the upper half, where θ runs
clockwise from the left: 0° on the left, 45° up-left, **90° at the top**,
135° up-right, 180° (the same orientation as 0°) on the right. A small patch
of stripes beside 0° and 90° shows what those orientations look like, so the
plot says which direction 0° is without words.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.ui import theme
from game.ui.plot import dashed_polyline

#: The labelled orientations (degrees) on the upper half of the plot.
LABELS = (0, 45, 90, 135, 180)
#: Orientations marked with a patch of their stripes.
STRIPE_MARKS = (0, 90)


def direction(theta_deg: float) -> tuple[float, float]:
    """Unit screen vector (x right, y down) of orientation ``theta_deg`` on the plot's upper half.

    The direction of the wave vector (cos θ, sin θ) or its opposite,
    whichever points up; 0° (and 180°) lie on the horizontal, 0° to the left.

    >>> [tuple(round(c, 3) for c in direction(a)) for a in (0, 45, 90, 135, 180)]
    [(-1.0, -0.0), (-0.707, -0.707), (-0.0, -1.0), (0.707, -0.707), (1.0, -0.0)]
    """
    a = math.radians(theta_deg)
    if theta_deg % 180.0 == 0.0:
        return (-1.0, -0.0) if round(theta_deg / 180.0) % 2 == 0 else (1.0, -0.0)
    x, y = math.cos(a), math.sin(a)
    return (x, y) if y < 0 else (-x, -y)


def stripes(surface: pygame.Surface, box: pygame.Rect, theta: float, colour) -> None:
    """A tiny patch of the stripes an orientation-``theta`` cell prefers (across its wave vector)."""
    c = box.center
    px, py = -math.sin(theta), math.cos(theta)       # along the stripes
    dx, dy = math.cos(theta), math.sin(theta)        # across them
    half = box.width * 0.42
    clip = surface.get_clip()
    surface.set_clip(box)
    for k in (-1, 0, 1):
        ox, oy = c[0] + dx * k * box.width * 0.3, c[1] + dy * k * box.width * 0.3
        pygame.draw.line(surface, colour, (ox - px * half, oy - py * half), (ox + px * half, oy + py * half), 2)
    surface.set_clip(clip)


class PolarPlot:
    """Draws the tuning curve; keeps its background (rings, spokes, half-height ring, labels) per size."""

    def __init__(self) -> None:
        self._bg: pygame.Surface | None = None
        self._bg_key: tuple | None = None

    def background(self, fonts, radius: int, s, labels: bool = True) -> tuple[pygame.Surface, int]:
        """The background surface and its padding around the circle (px)."""
        pad = s(40)
        key = (radius, pad, id(fonts), fonts.scale, labels)
        if self._bg is not None and self._bg_key == key:
            return self._bg, pad
        size = 2 * (radius + pad)
        surf = pygame.Surface((size, size), pygame.SRCALPHA)
        cx = cy = radius + pad
        pygame.draw.circle(surf, theme.PANEL, (cx, cy), radius)
        for frac in (0.25, 0.75, 1.0):
            pygame.draw.circle(surf, theme.GRID, (cx, cy), max(1, int(radius * frac)), 1)
        for k in range(8):
            a = k * math.pi / 4
            pygame.draw.line(surf, theme.GRID, (cx, cy), (cx + radius * math.cos(a), cy + radius * math.sin(a)))
        half = [(cx + radius * 0.5 * math.cos(a), cy + radius * 0.5 * math.sin(a))
                for a in np.linspace(0, 2 * math.pi, 97)]
        dashed_polyline(surf, theme.TEXT_DIM, half, 1, s(4))
        if labels:
            self._labels(surf, fonts, (cx, cy), radius, s)
        # Flattened onto the background colour, which is then the colour key: the
        # scene under the plot is that colour, so the look is the same, and each
        # frame's blit (the plot turns with θ) skips pixels instead of blending them.
        flat = pygame.Surface(surf.get_size())
        flat.fill(theme.BG)
        flat.blit(surf, (0, 0))
        flat.set_colorkey(theme.BG)
        self._bg, self._bg_key = flat, key
        return flat, pad

    @staticmethod
    def _labels(surf, fonts, centre, radius: int, s) -> None:
        cx, cy = centre
        for deg in LABELS:
            ux, uy = direction(deg)
            img = fonts.render(f"{deg}°", theme.SMALL_FONT - 2, theme.TEXT_DIM)
            r = img.get_rect(center=(int(cx + ux * (radius + s(8)) + ux * img.get_width() / 2),
                                     int(cy + uy * (radius + s(6)) + uy * img.get_height() / 2)))
            surf.blit(img, r)
            if deg in STRIPE_MARKS:
                side = s(12)
                # beside its label, away from the circle: under 0°, right of 90°
                box = pygame.Rect(0, 0, side, side)
                if deg == 0:
                    box.midtop = (r.centerx, r.bottom + s(2))
                else:
                    box.midleft = (r.right + s(4), r.centery)
                stripes(surf, box, math.radians(deg), theme.TEXT_DIM)

    def draw(self, surface: pygame.Surface, fonts, centre, radius: int, curve: np.ndarray, theta: float,
             s, labels: bool = True) -> None:
        """The curve (period pi, max 1) turned to the preferred ``theta`` (radians), and the marker."""
        cx, cy = centre
        bg, pad = self.background(fonts, radius, s, labels)
        surface.blit(bg, (cx - radius - pad, cy - radius - pad))
        n = len(curve)
        if n:
            phi = np.linspace(0, 2 * math.pi, 4 * n + 1)
            rel = (phi - theta) % math.pi
            grid = np.arange(n + 1) * math.pi / n
            r = np.interp(rel, grid, np.append(curve, curve[0])) * radius
            pts = list(zip((cx + r * np.cos(phi)).tolist(), (cy + r * np.sin(phi)).tolist()))
            if len(pts) > 2:
                pygame.draw.polygon(surface, (44, 86, 118), pts)
                pygame.draw.lines(surface, theme.ACCENT, True, pts, s(2))
        ux, uy = direction(math.degrees(theta))
        tip = (cx + radius * ux, cy + radius * uy)
        pygame.draw.line(surface, theme.WARN, (cx - radius * ux, cy - radius * uy), tip, s(2))
        pygame.draw.circle(surface, theme.WARN, (int(tip[0]), int(tip[1])), s(5))
