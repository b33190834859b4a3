"""Image sources for the Gabor lab: generated stimuli and a small PNG reader.

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

PNG files are decoded with :mod:`zlib` and :mod:`struct` only (no pygame, no
PIL), see :func:`load_png`.

References
----------
.. [1] PNG (Portable Network Graphics) Specification, 2nd ed., W3C
       Recommendation, 2003. https://www.w3.org/TR/png/
.. [2] ITU-R BT.601 luma weights (0.299, 0.587, 0.114).
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
from scipy import fft as sfft
from scipy import ndimage

__all__ = [
    "ImageError",
    "LoadedImage",
    "MAX_PNG_PIXELS",
    "SOURCES",
    "bars",
    "checkerboard",
    "edge_masks",
    "edges",
    "grating",
    "load_png",
    "make_source",
    "oriented_noise",
    "plaid",
    "rings",
    "to_display",
    "two_textures",
]

#: Largest PNG (width * height) :func:`load_png` decodes before downscaling.
MAX_PNG_PIXELS = 40_000_000

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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


# --------------------------------------------------------------------------
# PNG


class ImageError(Exception):
    """An image file could not be used. ``key`` names the problem for the UI.

    Keys: ``"missing"``, ``"unreadable"``, ``"outside_folder"``, ``"not_png"``,
    ``"corrupt"``, ``"unsupported"``, ``"too_large"``.
    """

    def __init__(self, message: str, key: str = "corrupt"):
        super().__init__(message)
        self.key = key


class LoadedImage(NamedTuple):
    """Result of :func:`load_png`.

    Attributes
    ----------
    image : ndarray
        Float64 contrast image in [-1, 1] (``2 * luminance - 1``).
    notes : tuple of str
        Note keys for the UI: ``"image_downscaled"`` (the image was larger
        than ``max_size``), ``"alpha_composited"`` (transparency was blended
        onto mid-grey).
    original_shape : (int, int)
        (rows, cols) of the file before any downscaling.
    """

    image: np.ndarray
    notes: tuple[str, ...]
    original_shape: tuple[int, int]


# channels per colour type, and the bit depths the spec allows for it
_COLOUR_TYPES = {0: (1, (1, 2, 4, 8, 16)), 2: (3, (8, 16)), 3: (1, (1, 2, 4, 8)), 4: (2, (8, 16)), 6: (4, (8, 16))}


def _chunks(data: bytes, name: str):
    pos = len(_PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise ImageError(f"{name}: corrupt PNG (file ends before the IEND chunk)", "corrupt")
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            raise ImageError(f"{name}: corrupt PNG (chunk {ctype!r} is cut short)", "corrupt")
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(ctype + body) != crc:
            raise ImageError(f"{name}: corrupt PNG (checksum mismatch in chunk {ctype!r})", "corrupt")
        yield ctype, body
        if ctype == b"IEND":
            return
        pos = end


def _unfilter(raw: np.ndarray, height: int, rowbytes: int, bpp: int, name: str) -> np.ndarray:
    """Undo PNG scanline filters (None, Sub, Up, Average, Paeth).

    Average and Paeth are recurrences along a row, so instead of a Python loop
    per byte this sweeps anti-diagonals (row + unit = const): every unit on a
    diagonal depends only on earlier diagonals, so each sweep is vectorised.
    """
    lines = raw.reshape(height, rowbytes + 1)
    ftype = lines[:, 0].astype(np.int16)
    if np.any(ftype > 4):
        raise ImageError(f"{name}: corrupt PNG (unknown scanline filter {int(ftype.max())})", "corrupt")
    filt = lines[:, 1:].astype(np.int16)
    if not np.any(ftype):
        return filt.astype(np.uint8)
    n = rowbytes // bpp
    f3 = filt.reshape(height, n, bpp)
    # recon with a zero row above and a zero unit to the left
    rec = np.zeros((height + 1, n + 1, bpp), np.int16)
    if not np.any(ftype >= 3):
        # None / Sub / Up only: row by row, each row vectorised
        for r in range(height):
            t = ftype[r]
            if t == 0:
                rec[r + 1, 1:] = f3[r]
            elif t == 1:
                rec[r + 1, 1:] = np.cumsum(f3[r], axis=0) & 255
            else:
                rec[r + 1, 1:] = (f3[r] + rec[r, 1:]) & 255
        return rec[1:, 1:].reshape(height, rowbytes).astype(np.uint8)
    for d in range(height + n - 1):
        r = np.arange(max(0, d - n + 1), min(height - 1, d) + 1)
        i = d - r
        x = f3[r, i]
        a = rec[r + 1, i]
        b = rec[r, i + 1]
        c = rec[r, i]
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        t = ftype[r][:, None]
        pred = np.where(
            t == 0, 0, np.where(t == 1, a, np.where(t == 2, b, np.where(t == 3, (a + b) >> 1, paeth)))
        )
        rec[r + 1, i + 1] = (x + pred) & 255
    return rec[1:, 1:].reshape(height, rowbytes).astype(np.uint8)


def _decode_png(data: bytes, name: str) -> tuple[np.ndarray, bool]:
    """Decode PNG bytes to luminance in [0, 1]; also say if alpha was used."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ImageError(f"{name}: not a PNG file (wrong signature)", "not_png")
    header = None
    palette = None
    trns = None
    idat = []
    for ctype, body in _chunks(data, name):
        if header is None:
            if ctype != b"IHDR" or len(body) != 13:
                raise ImageError(f"{name}: corrupt PNG (IHDR chunk missing or malformed)", "corrupt")
            header = struct.unpack(">IIBBBBB", body)
        elif ctype == b"PLTE":
            if len(body) % 3 or not body:
                raise ImageError(f"{name}: corrupt PNG (bad palette length {len(body)})", "corrupt")
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif ctype == b"tRNS":
            trns = body
        elif ctype == b"IDAT":
            idat.append(body)
    width, height, depth, ctype_, comp, filt, interlace = header
    if width == 0 or height == 0:
        raise ImageError(f"{name}: corrupt PNG (zero size {width}x{height})", "corrupt")
    if width * height > MAX_PNG_PIXELS:
        raise ImageError(
            f"{name}: image is {width}x{height} px, more than {MAX_PNG_PIXELS} pixels; shrink it first",
            "too_large",
        )
    if ctype_ not in _COLOUR_TYPES or depth not in _COLOUR_TYPES[ctype_][1]:
        raise ImageError(f"{name}: unsupported PNG (colour type {ctype_} with bit depth {depth})", "unsupported")
    if comp != 0 or filt != 0:
        raise ImageError(f"{name}: corrupt PNG (unknown compression/filter method)", "corrupt")
    if interlace != 0:
        raise ImageError(
            f"{name}: interlaced PNGs are not supported; save it again without interlacing",
            "unsupported",
        )
    if not idat:
        raise ImageError(f"{name}: corrupt PNG (no image data)", "corrupt")
    if ctype_ == 3 and palette is None:
        raise ImageError(f"{name}: corrupt PNG (palette image without PLTE chunk)", "corrupt")
    channels = _COLOUR_TYPES[ctype_][0]
    bits_per_px = channels * depth
    rowbytes = (width * bits_per_px + 7) // 8
    bpp = max(1, bits_per_px // 8)
    expected = height * (rowbytes + 1)
    try:
        dec = zlib.decompressobj()
        raw = dec.decompress(b"".join(idat), expected)
    except zlib.error as exc:
        raise ImageError(f"{name}: corrupt PNG (image data does not decompress: {exc})", "corrupt") from None
    if len(raw) < expected:
        raise ImageError(f"{name}: corrupt PNG (image data too short: {len(raw)} of {expected} bytes)", "corrupt")
    rows = _unfilter(np.frombuffer(raw, np.uint8), height, rowbytes, bpp, name)

    if depth == 16:
        samples = rows.reshape(height, -1).view(">u2").astype(np.float64) / 65535.0
    elif depth == 8:
        samples = rows.astype(np.float64)
        if ctype_ != 3:
            samples /= 255.0
    else:
        per_byte = 8 // depth
        shifts = np.arange(per_byte - 1, -1, -1) * depth
        unpacked = (rows[:, :, None] >> shifts.astype(np.uint8)) & ((1 << depth) - 1)
        samples = unpacked.reshape(height, -1)[:, :width].astype(np.float64)
        if ctype_ != 3:
            samples /= (1 << depth) - 1
    samples = samples.reshape(height, width, channels)

    alpha = None
    if ctype_ == 3:
        idx = samples[..., 0].astype(np.intp)
        if idx.max() >= len(palette):
            raise ImageError(f"{name}: corrupt PNG (palette index out of range)", "corrupt")
        rgb = palette[idx].astype(np.float64) / 255.0
        lum = rgb @ np.array([0.299, 0.587, 0.114])
        if trns:
            table = np.ones(len(palette))
            t = np.frombuffer(trns[: len(palette)], np.uint8) / 255.0
            table[: len(t)] = t
            alpha = table[idx]
    elif channels in (1, 2):
        lum = samples[..., 0]
        if channels == 2:
            alpha = samples[..., 1]
    else:
        lum = samples[..., :3] @ np.array([0.299, 0.587, 0.114])
        if channels == 4:
            alpha = samples[..., 3]
    used_alpha = alpha is not None and bool(np.any(alpha < 1.0))
    if used_alpha:
        lum = alpha * lum + (1.0 - alpha) * 0.5
    return np.clip(lum, 0.0, 1.0), used_alpha


def _downscale(img: np.ndarray, max_size: int) -> np.ndarray:
    """Shrink so the longer side is ``max_size``: block-average, then zoom."""
    h, w = img.shape
    long_side = max(h, w)
    k = long_side // max_size
    if k >= 2:  # integer block mean first: an anti-aliasing filter for free
        hh, ww = (h // k) * k, (w // k) * k
        img = img[:hh, :ww].reshape(hh // k, k, ww // k, k).mean(axis=(1, 3))
    h, w = img.shape
    if max(h, w) > max_size:
        scale = max_size / max(h, w)
        out = (max(1, round(h * scale)), max(1, round(w * scale)))
        img = ndimage.zoom(img, (out[0] / h, out[1] / w), order=1, mode="nearest", grid_mode=True)
    return img


def load_png(path, max_size: int | None = None, *, root=None) -> LoadedImage:
    """Read a PNG as a greyscale contrast image, shrinking it if too large.

    Supported: every non-interlaced PNG colour type (grey, grey+alpha, RGB,
    RGBA, palette with optional ``tRNS``) at every bit depth the PNG spec
    allows (1/2/4/8/16). RGB becomes BT.601 luma of the stored (gamma-encoded)
    values; transparency is blended onto mid-grey. Refused with
    :class:`ImageError`: missing or unreadable files, paths outside ``root``,
    non-PNG data, corrupt chunks or data, interlaced (Adam7) PNGs, and images
    above :data:`MAX_PNG_PIXELS`.

    Parameters
    ----------
    path : str or os.PathLike
        File to read.
    max_size : int, optional
        Largest allowed side in px. A larger image is block-averaged by the
        integer factor ``long_side // max_size`` and then linearly resampled
        so its longer side is exactly ``max_size``; the note
        ``"image_downscaled"`` says so.
    root : str or os.PathLike, optional
        Folder the file must lie in (e.g. the level's folder); symlinks and
        ``..`` are resolved before the check.

    Returns
    -------
    LoadedImage
        ``(image, notes, original_shape)``; ``image`` is float64 in [-1, 1].

    Raises
    ------
    ImageError
        With a message naming the file and the problem, and a ``key``.
    """
    p = Path(path)
    name = str(path)
    if root is not None:
        try:
            inside = p.resolve().is_relative_to(Path(root).resolve())
        except OSError:
            inside = False
        if not inside:
            raise ImageError(f"{name}: image is outside the folder {root}", "outside_folder")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImageError(f"{name}: image file not found", "missing") from None
    except OSError as exc:
        raise ImageError(f"{name}: could not read image ({exc.strerror or exc})", "unreadable") from None
    lum, used_alpha = _decode_png(data, name)
    notes = ["alpha_composited"] if used_alpha else []
    original = lum.shape
    if max_size is not None:
        max_size = int(max_size)
        if max_size < 1:
            raise ValueError(f"max_size must be >= 1, got {max_size}")
        if max(original) > max_size:
            lum = _downscale(lum, max_size)
            notes.append("image_downscaled")
    return LoadedImage(2.0 * lum - 1.0, tuple(notes), (int(original[0]), int(original[1])))
