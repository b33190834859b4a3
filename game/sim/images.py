"""Image sources for the Gabor lab: generated stimuli.

Every source returns a float64 *contrast image* in [-1, 1]: 0 is mean grey,
+1 white, -1 black (draw it with :func:`to_display`, which maps to [0, 1]).
Contrast images keep the mean near zero, so a filter's response shows its
structure rather than its DC leak.

Coordinates follow :mod:`game.sim.gabor`: x runs to the right along columns,
y runs down along rows, and the origin is the pixel ``(H // 2, W // 2)``.
An angle ``theta`` (radians) is the direction of a pattern's wave vector,
``(cos theta, sin theta)`` in (x, y), so it is measured clockwise on screen
from the +x axis. The stripes of ``grating(shape, theta, wavelength)`` run
along ``(-sin theta, cos theta)``: theta = 0 gives vertical stripes, which are
exactly what ``gabor_kernel(theta=0)`` responds to best.

Grating::

    I(x, y) = cos(2 pi x' / wavelength + phase),   x' = x cos(theta) + y sin(theta)

Pictures from files (PNG, JPEG) are read outside this package, by
:mod:`game.pictures`, which hands the lab a contrast image of the same
encoding (0 grey, +1 white, -1 black).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy import fft as sfft

__all__ = [
    "SOURCES",
    "bars",
    "checkerboard",
    "edge_masks",
    "edges",
    "grating",
    "make_source",
    "oriented_noise",
    "plaid",
    "rings",
    "to_display",
    "two_textures",
]


# --------------------------------------------------------------------------
# helpers


def _shape2(shape) -> tuple[int, int]:
    """Validate ``shape`` as (rows, cols) of positive ints."""
    try:
        h, w = (int(s) for s in shape)
    except (TypeError, ValueError):
        raise ValueError(f"shape must be (rows, cols), got {shape!r}") from None
    if h < 1 or w < 1:
        raise ValueError(f"shape must be positive, got {shape!r}")
    return h, w


def _coords(shape) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates (x to the right, y down) with origin at (H//2, W//2)."""
    h, w = _shape2(shape)
    y = (np.arange(h) - h // 2).astype(float)[:, None]
    x = (np.arange(w) - w // 2).astype(float)[None, :]
    return x, y


def _check_positive(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def to_display(image: np.ndarray) -> np.ndarray:
    """Map a contrast image in [-1, 1] to luminance in [0, 1] for drawing.

    Parameters
    ----------
    image : ndarray
        Contrast image; values outside [-1, 1] are clipped, NaN becomes grey.

    Returns
    -------
    ndarray
        ``clip((image + 1) / 2, 0, 1)``, float64.
    """
    img = np.nan_to_num(np.asarray(image, dtype=float), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip((img + 1.0) * 0.5, 0.0, 1.0)


# --------------------------------------------------------------------------
# generated sources


def grating(shape, theta: float, wavelength: float, phase: float = 0.0) -> np.ndarray:
    """Sinusoidal grating ``cos(2 pi x' / wavelength + phase)``.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    theta : float
        Direction of the wave vector in radians (clockwise on screen from +x).
        The stripes run along ``(-sin theta, cos theta)``: 0 gives vertical
        stripes, pi/2 horizontal ones.
    wavelength : float
        Period in px (below 2 px the pattern aliases).
    phase : float, optional
        Phase in radians at the origin pixel ``(H // 2, W // 2)``.

    Returns
    -------
    ndarray
        Float64 array of ``shape`` in [-1, 1].

    Examples
    --------
    >>> g = grating((4, 8), 0.0, 4.0)
    >>> bool(np.allclose(g[0], g[3]))  # vertical stripes: rows are equal
    True
    """
    wavelength = _check_positive("wavelength", wavelength)
    x, y = _coords(shape)
    xr = x * math.cos(theta) + y * math.sin(theta)
    return np.cos(2.0 * np.pi * xr / wavelength + phase)


def plaid(
    shape,
    theta1: float = 0.0,
    theta2: float = np.pi / 2,
    wavelength: float = 16.0,
    wavelength2: float | None = None,
    phase: float = 0.0,
) -> np.ndarray:
    """Sum of two gratings, scaled to [-1, 1].

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    theta1, theta2 : float
        Wave-vector directions of the two components, radians.
    wavelength : float
        Period of the first component in px.
    wavelength2 : float, optional
        Period of the second component in px (default: ``wavelength``).
    phase : float, optional
        Phase of both components at the origin, radians.

    Returns
    -------
    ndarray
        ``(grating1 + grating2) / 2``, float64 in [-1, 1].
    """
    wavelength2 = wavelength if wavelength2 is None else wavelength2
    return 0.5 * (grating(shape, theta1, wavelength, phase) + grating(shape, theta2, wavelength2, phase))


def oriented_noise(
    shape,
    theta: float,
    bandwidth: float,
    rng: np.random.Generator,
    wavelength: float | None = None,
    octaves: float = 1.0,
) -> np.ndarray:
    """White noise filtered to keep wave vectors near one orientation.

    The amplitude spectrum of Gaussian white noise is multiplied by
    ``exp(-d^2 / (2 bandwidth^2))``, where ``d`` is the angle between the
    frequency vector and ``theta`` taken modulo pi (so the image stays real),
    and optionally by a log-Gaussian radial band around ``1 / wavelength``.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    theta : float
        Mean wave-vector direction, radians (the texture's streaks run along
        ``(-sin theta, cos theta)``, as a grating's stripes do).
    bandwidth : float
        Standard deviation of the orientation spread, radians (> 0).
    rng : numpy.random.Generator
        Source of the noise.
    wavelength : float, optional
        Centre period in px of a radial pass band; ``None`` keeps all
        frequencies except DC.
    octaves : float, optional
        Full width at half maximum of the radial band in octaves.

    Returns
    -------
    ndarray
        Float64 array of ``shape`` scaled so ``max |I| = 1``.
    """
    h, w = _shape2(shape)
    bandwidth = _check_positive("bandwidth", bandwidth)
    spec = sfft.fft2(rng.standard_normal((h, w)))
    fy = sfft.fftfreq(h)[:, None]
    fx = sfft.fftfreq(w)[None, :]
    d = (np.arctan2(fy, fx) - theta + np.pi / 2) % np.pi - np.pi / 2
    weight = np.exp(-(d**2) / (2.0 * bandwidth**2))
    radius = np.hypot(fx, fy)
    if wavelength is not None:
        f0 = 1.0 / _check_positive("wavelength", wavelength)
        s = _check_positive("octaves", octaves) / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        with np.errstate(divide="ignore"):
            lr = np.log2(np.where(radius > 0, radius, 1.0) / f0)
        weight = weight * np.exp(-(lr**2) / (2.0 * s**2))
    weight[0, 0] = 0.0
    img = sfft.ifft2(spec * weight).real
    peak = np.max(np.abs(img))
    return img / peak if peak > 0 else np.zeros((h, w))


def two_textures(
    shape,
    theta1: float,
    theta2: float,
    wavelength: float,
    boundary: str = "vertical",
    radius: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two grating textures meeting at a boundary.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    theta1, theta2 : float
        Wave-vector directions in radians of the outer/left texture (1) and
        the inner/right texture (2).
    wavelength : float
        Period of both textures in px.
    boundary : {"vertical", "horizontal", "circle"}
        ``"vertical"``: texture 2 fills columns ``W // 2`` onward;
        ``"horizontal"``: rows ``H // 2`` onward; ``"circle"``: a disc centred
        at ``(H // 2, W // 2)``.
    radius : float, optional
        Disc radius in px for ``"circle"`` (default ``min(H, W) / 4``).

    Returns
    -------
    image : ndarray
        Float64 in [-1, 1].
    mask : ndarray of bool
        True where texture 2 is.
    """
    h, w = _shape2(shape)
    if boundary == "vertical":
        mask = np.zeros((h, w), bool)
        mask[:, w // 2 :] = True
    elif boundary == "horizontal":
        mask = np.zeros((h, w), bool)
        mask[h // 2 :, :] = True
    elif boundary == "circle":
        r = min(h, w) / 4.0 if radius is None else _check_positive("radius", radius)
        x, y = _coords((h, w))
        mask = x**2 + y**2 <= r**2
    else:
        raise ValueError(f'boundary must be "vertical", "horizontal" or "circle", got {boundary!r}')
    image = np.where(mask, grating((h, w), theta2, wavelength), grating((h, w), theta1, wavelength))
    return image, mask


def bars(
    shape,
    angles,
    length: float | None = None,
    width: float = 3.0,
) -> np.ndarray:
    """White bars at several orientations on a grey background, one per cell.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    angles : sequence of float
        Bar angles in the kernel convention, radians: the bar at ``a`` is the
        one ``gabor_kernel(theta=a)`` prefers; its long axis runs along
        ``(-sin a, cos a)``, so ``a = 0`` is a vertical bar. Bars are laid out
        row by row on a ``ceil(sqrt(n))``-column grid.
    length : float, optional
        Bar length in px (default 70 % of the grid cell's shorter side).
    width : float, optional
        Bar width in px (edges anti-aliased over 1 px).

    Returns
    -------
    ndarray
        Float64 in [0, 1]: 0 grey background, 1 bar.
    """
    h, w = _shape2(shape)
    angles = [float(a) for a in np.atleast_1d(angles)]
    width = _check_positive("width", width)
    img = np.zeros((h, w))
    if not angles:
        return img
    cols = math.ceil(math.sqrt(len(angles)))
    rows = math.ceil(len(angles) / cols)
    ch, cw = h / rows, w / cols
    if length is None:
        length = 0.7 * min(ch, cw)
    length = _check_positive("length", length)
    yy = np.arange(h)[:, None] + 0.5
    xx = np.arange(w)[None, :] + 0.5
    for k, a in enumerate(angles):
        cy = (k // cols + 0.5) * ch
        cx = (k % cols + 0.5) * cw
        dx, dy = xx - cx, yy - cy
        across = dx * math.cos(a) + dy * math.sin(a)
        along = -dx * math.sin(a) + dy * math.cos(a)
        inside = np.clip(width / 2 + 0.5 - np.abs(across), 0, 1) * np.clip(length / 2 + 0.5 - np.abs(along), 0, 1)
        img = np.maximum(img, inside)
    return img


def checkerboard(shape, square: int = 16) -> np.ndarray:
    """Checkerboard of +1 / -1 squares, +1 at the top-left.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    square : int, optional
        Side of one square in px.

    Returns
    -------
    ndarray
        Float64 of +-1.
    """
    h, w = _shape2(shape)
    square = int(_check_positive("square", square))
    parity = (np.arange(h)[:, None] // square + np.arange(w)[None, :] // square) % 2
    return 1.0 - 2.0 * parity


def rings(shape, wavelength: float = 16.0, phase: float = 0.0) -> np.ndarray:
    """Concentric rings ``cos(2 pi r / wavelength + phase)`` about the origin.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    wavelength : float, optional
        Radial period in px.
    phase : float, optional
        Phase at the centre, radians.

    Returns
    -------
    ndarray
        Float64 in [-1, 1]; contains every orientation.
    """
    wavelength = _check_positive("wavelength", wavelength)
    x, y = _coords(shape)
    return np.cos(2.0 * np.pi * np.hypot(x, y) / wavelength + phase)


def _edge_rects(h: int, w: int) -> list[tuple[int, int, int, int, float]]:
    # (row0, row1, col0, col1, value): a tall white block and a wide black one,
    # so the scene has long vertical and long horizontal edges.
    return [
        (h // 6, 5 * h // 6, w // 8, 3 * w // 8, 1.0),
        (h // 4, h // 2, w // 2, 7 * w // 8, -1.0),
    ]


def edges(shape) -> np.ndarray:
    """A simple scene with vertical and horizontal step edges.

    A tall white rectangle (left) and a wide black rectangle (right) on grey.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.

    Returns
    -------
    ndarray
        Float64 with values in {-1, 0, 1}.
    """
    h, w = _shape2(shape)
    img = np.zeros((h, w))
    for r0, r1, c0, c1, v in _edge_rects(h, w):
        img[r0:r1, c0:c1] = v
    return img


def edge_masks(shape, width: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Pixels near the vertical and near the horizontal edges of :func:`edges`.

    Parameters
    ----------
    shape : (int, int)
        Image size (rows, cols) in px.
    width : int, optional
        Half-width in px of the band around each edge.

    Returns
    -------
    vertical, horizontal : ndarray of bool
        Masks of the bands around vertical / horizontal edge segments
        (corners belong to both).
    """
    h, w = _shape2(shape)
    vert = np.zeros((h, w), bool)
    hori = np.zeros((h, w), bool)
    for r0, r1, c0, c1, _ in _edge_rects(h, w):
        for c in (c0, c1):
            vert[r0:r1, max(c - width, 0) : c + width] = True
        for r in (r0, r1):
            hori[max(r - width, 0) : r + width, c0:c1] = True
    return vert, hori


def _rng(rng: np.random.Generator | None) -> np.random.Generator:
    return np.random.default_rng(0) if rng is None else rng


#: Image picker registry: name -> ``f(shape, rng=None)``. ``rng`` is only used
#: by noise sources; ``None`` means ``np.random.default_rng(0)`` so a picker
#: choice always shows the same picture.
SOURCES: dict[str, Callable[..., np.ndarray]] = {
    "grating": lambda shape, rng=None: grating(shape, 0.0, 16.0),
    "plaid": lambda shape, rng=None: plaid(shape, np.pi / 4, 3 * np.pi / 4, 16.0),
    "oriented_noise": lambda shape, rng=None: oriented_noise(
        shape, np.pi / 3, 0.2, _rng(rng), wavelength=12.0
    ),
    "two_textures": lambda shape, rng=None: two_textures(shape, 0.0, np.pi / 2, 12.0, "circle")[0],
    "bars": lambda shape, rng=None: bars(shape, np.arange(8) * np.pi / 8),
    "checkerboard": lambda shape, rng=None: checkerboard(shape, 16),
    "rings": lambda shape, rng=None: rings(shape, 16.0),
    "edges": lambda shape, rng=None: edges(shape),
}


def make_source(name: str, shape, rng: np.random.Generator | None = None) -> np.ndarray:
    """Build the picker source ``name`` at ``shape``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.
    """
    try:
        fn = SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown image source {name!r}; known: {', '.join(sorted(SOURCES))}") from None
    return fn(shape, rng)
