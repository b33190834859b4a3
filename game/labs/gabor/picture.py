"""The picture a gabor level shows: a generated source drawn at the lab's size, or a PNG / JPEG file.

No pygame here. Every generated source of ``schema.py`` is drawn by the
function :data:`DRAW` holds for its ``name`` (with the region mask of the
two-texture sources, which their goals score); a picture file is read by
:mod:`game.pictures` and shrunk so its longer side is ``IMAGE_SIZE`` px. A
picture that cannot be used is replaced by the edges scene with the error's
key, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from game import pictures
from game.labs.gabor.schema import IMAGE_SIZE, Fixed, _Source, default_source
from game.levels import resolve_inside
from game.sim import images

#: Shape (rows, columns) of every generated picture, px.
SHAPE = (IMAGE_SIZE, IMAGE_SIZE)

Drawn = tuple[np.ndarray, "np.ndarray | None"]


def _grating(src, shape, rng) -> Drawn:
    return images.grating(shape, math.radians(src.theta_deg), src.wavelength, math.radians(src.phase_deg)), None


def _plaid(src, shape, rng) -> Drawn:
    return images.plaid(shape, math.radians(src.theta1_deg), math.radians(src.theta2_deg), src.wavelength,
                        src.wavelength2), None


def _noise(src, shape, rng) -> Drawn:
    return images.oriented_noise(shape, math.radians(src.theta_deg), math.radians(src.bandwidth_deg), rng,
                                 wavelength=src.wavelength, octaves=src.octaves), None


def _two_textures(src, shape, rng) -> Drawn:
    return images.two_textures(shape, math.radians(src.theta1_deg), math.radians(src.theta2_deg), src.wavelength,
                               src.boundary, src.radius)


def _noise_textures(src, shape, rng) -> Drawn:
    bw = math.radians(src.bandwidth_deg)
    n1 = images.oriented_noise(shape, math.radians(src.theta1_deg), bw, rng, wavelength=src.wavelength)
    n2 = images.oriented_noise(shape, math.radians(src.theta2_deg), bw, rng, wavelength=src.wavelength)
    mask = images.two_textures(shape, 0.0, 0.0, 8.0, src.boundary, src.radius)[1]
    return np.where(mask, n2, n1), mask


def _bars(src, shape, rng) -> Drawn:
    return images.bars(shape, np.radians(src.angles_deg), src.length, src.width), None


def _checkerboard(src, shape, rng) -> Drawn:
    return images.checkerboard(shape, src.square), None


def _rings(src, shape, rng) -> Drawn:
    return images.rings(shape, src.wavelength, math.radians(src.phase_deg)), None


def _edges(src, shape, rng) -> Drawn:
    return images.edges(shape), None


#: Source name -> ``draw(source, shape, rng) -> (image, region mask or None)``.
DRAW: dict[str, Callable[[_Source, tuple[int, int], np.random.Generator], Drawn]] = {
    "grating": _grating, "plaid": _plaid, "oriented_noise": _noise, "two_textures": _two_textures,
    "noise_textures": _noise_textures, "bars": _bars, "checkerboard": _checkerboard, "rings": _rings,
    "edges": _edges,
}


def draw_source(src: _Source, shape: tuple[int, int], rng: np.random.Generator) -> Drawn:
    """The image of a generated source (contrast in [-1, 1]) and its second region's mask, if it has one."""
    return DRAW[src.name](src, shape, rng)


@dataclass
class Picture:
    """The image being filtered and what the goals need to know about it.

    ``image`` is a float64 contrast image in [-1, 1]; ``drift`` the same
    grating a quarter period on (only for gratings); ``mask`` the second
    texture's region; ``notes`` i18n note keys (``image_downscaled``, ...);
    ``error`` a picture-error key (``game.pictures.PictureError.key``, or
    ``outside_folder``) when a picture file could not be used (the edges
    scene is shown instead) and ``detail`` its file name.
    """

    name: str
    image: np.ndarray
    source: _Source | None = None
    mask: np.ndarray | None = None
    drift: np.ndarray | None = None
    notes: tuple[str, ...] = ()
    error: str | None = None
    detail: str = ""
    original_shape: tuple[int, int] | None = None


def picture_from_source(src: _Source, rng: np.random.Generator) -> Picture:
    """Draw a generated source at the lab's image size."""
    img, mask = draw_source(src, SHAPE, rng)
    drift = None
    if src.name == "grating":
        drift = images.grating(SHAPE, math.radians(src.theta_deg), src.wavelength,
                               math.radians(src.phase_deg) + math.pi / 2)
    return Picture(src.name, np.asarray(img, dtype=float), src, mask, drift)


def picture_from_file(folder: Path | None, name: str, rng: np.random.Generator) -> Picture:
    """Load a PNG or JPEG inside ``folder``, shrunk so its longer side is ``IMAGE_SIZE`` px.

    On any problem the edges scene is shown instead, with the error's key
    (the view turns it into a note naming the file): never an exception.
    """
    try:
        base = Path(folder) if folder is not None else Path.cwd()
        path = resolve_inside(base, name)
        loaded = pictures.load_picture(path, max_side=IMAGE_SIZE)
    except ValueError:
        pic = picture_from_source(default_source(), rng)
        pic.error, pic.detail = "outside_folder", name
        return pic
    except pictures.PictureError as err:
        pic = picture_from_source(default_source(), rng)
        pic.error, pic.detail = err.key, name
        return pic
    return Picture(name, loaded.image, None, None, None, loaded.notes, None, name, loaded.original_shape)


def load_picture(fixed: Fixed, folder: Path | None, rng: np.random.Generator) -> Picture:
    """The picture a level names: ``fixed.image`` (a PNG or JPEG file) or ``fixed.source``."""
    if fixed.image is not None:
        return picture_from_file(folder, fixed.image, rng)
    return picture_from_source(fixed.source_model(), rng)
