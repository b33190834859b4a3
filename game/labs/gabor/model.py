"""The gabor lab's model side: clamped filter parameters, the picture, responses.

No pygame here. :func:`make_filter` turns slider values (degrees, px) into
sane model parameters (radians, px) with note keys for anything clamped;
:func:`load_picture` builds the image a level names (a generated source or
a PNG / JPEG inside the level's folder, read by :mod:`game.pictures`); :class:`Engine` keeps the picture's FFT
(``game.sim.gabor.Filterer``, single precision) and hands out responses, the
orientation bank (computed one orientation per call, so the frame never
stalls) and the responses to a drifting grating.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np

from game import pictures
from game.labs.gabor.schema import IMAGE_SIZE, Fixed, _Source, default_source
from game.sim import gabor, images

#: Orientations in the bank (a V1 hypercolumn).
N_ORIENT = 8
#: scipy.fft threads for the live responses (see ``Engine.set_picture``).
FFT_WORKERS = 1
SHAPE = (IMAGE_SIZE, IMAGE_SIZE)


@dataclass(frozen=True)
class Filter:
    """One Gabor filter in model units (px, radians), after clamping.

    ``size`` is the kernel side (+-3 envelope widths, within the level's
    budget); ``notes`` are i18n note keys (``gabor.note.<key>``) for what
    was changed.
    """

    sigma: float
    theta: float
    wavelength: float
    phase: float
    gamma: float
    phase2: float
    size: int
    notes: tuple[str, ...] = ()

    @property
    def shape_key(self) -> tuple:
        """What the energy (and the bank, the tuning) depends on."""
        return (self.sigma, self.wavelength, self.gamma, self.size)

    def kernel(self, phase: float | None = None) -> np.ndarray:
        return gabor.gabor_kernel(self.sigma, self.theta, self.wavelength,
                                  self.phase if phase is None else phase, self.gamma, size=self.size)


def make_filter(values: Mapping[str, float], fixed: Fixed, max_kernel: int | None = None) -> Filter:
    """Slider values (or the level's fixed ones) as a clamped :class:`Filter`.

    Parameters
    ----------
    values : mapping
        ``theta_deg``, ``wavelength``, ``sigma``, ``phase_deg``, ``gamma``,
        ``phase2_deg`` (any subset; the rest come from ``fixed``).
    fixed : Fixed
        The level's fixed values.
    max_kernel : int, optional
        Kernel side budget in px (default ``fixed.max_kernel``); σ is
        lowered so the kernel fits it (note ``sigma_clamped_kernel_size``).
    """
    def get(name: str) -> float:
        v = values.get(name, getattr(fixed, name))
        try:
            return float(v)
        except (TypeError, ValueError):
            return float("nan")

    cap = int(max_kernel or fixed.max_kernel)
    # sigma is lowered (with a note) so that +-3 envelope widths fit the size
    # budget: the kernel is always a whole Gabor, never a clipped one
    c = gabor.clamp_params(get("sigma"), get("wavelength"), get("gamma"),
                           math.radians(get("theta_deg")) if math.isfinite(get("theta_deg")) else float("nan"),
                           math.radians(get("phase_deg")) if math.isfinite(get("phase_deg")) else float("nan"),
                           max_size=cap)
    size = gabor.kernel_size(c.sigma, c.gamma, max_size=cap)
    notes = list(c.notes)
    p2 = get("phase2_deg")
    if not math.isfinite(p2):
        p2 = 90.0
        notes.append("phase_not_finite")
    return Filter(c.sigma, c.theta, c.wavelength, c.phase, c.gamma, math.radians(p2), size, tuple(notes))


# --------------------------------------------------------------------------
# pictures


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
    img = src.make(SHAPE, rng)
    drift = None
    if src.name == "grating":
        drift = images.grating(SHAPE, math.radians(src.theta_deg), src.wavelength,
                               math.radians(src.phase_deg) + math.pi / 2)
    return Picture(src.name, np.asarray(img, dtype=float), src, src.mask(SHAPE), drift)


def picture_from_file(folder: Path | None, name: str, rng: np.random.Generator) -> Picture:
    """Load a PNG or JPEG inside ``folder``, shrunk so its longer side is ``IMAGE_SIZE`` px.

    On any problem the edges scene is shown instead, with the error's key
    (the view turns it into a note naming the file): never an exception.
    """
    from game.levels import resolve_inside
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


# --------------------------------------------------------------------------
# responses


@dataclass
class Bank:
    """Energies of the hypercolumn's ``N_ORIENT`` filters, filled one per step."""

    key: tuple | None = None
    energies: np.ndarray | None = None
    done: int = 0
    winner: np.ndarray | None = None
    strength: np.ndarray | None = None      # best energy per pixel
    selectivity: np.ndarray | None = None   # length of the orientation vector sum
    thetas: np.ndarray = field(default_factory=lambda: gabor.orientations(N_ORIENT))
    # running winner and orientation sums, updated per step (see Engine.bank_step)
    _win: np.ndarray | None = None
    _cos: np.ndarray | None = None
    _sin: np.ndarray | None = None

    @property
    def complete(self) -> bool:
        return self.energies is not None and self.done >= len(self.thetas)


class Engine:
    """Responses of one picture to the current filter, cached by parameters.

    Parameters
    ----------
    picture : Picture
    max_kernel : int
        Kernel side budget in px.
    """

    def __init__(self, picture: Picture, max_kernel: int) -> None:
        self.max_kernel = int(max_kernel)
        self.bank = Bank()
        self.set_picture(picture)

    def set_picture(self, picture: Picture) -> None:
        # The padding starts small and grows when a larger kernel arrives (to the
        # widest margin with the smallest FFT): a 25 px kernel then costs 288^2
        # FFTs, a 35 px one 300^2, not 320^2.
        # One FFT thread: for these 288^2 transforms a second thread saves a little
        # on average but its hand-offs make slow frames much slower (p99 +2 ms).
        self.picture = picture
        self.filt = gabor.Filterer(picture.image, response_cache=3, workers=FFT_WORKERS)
        self.filt_b = gabor.Filterer(picture.drift, response_cache=2, workers=FFT_WORKERS) \
            if picture.drift is not None else None
        self.bank = Bank()

    def quadrature(self, f: Filter) -> np.ndarray:
        """Complex response ``even + i odd`` (phases 0 and 90 degrees)."""
        return self.filt.quadrature(f.sigma, f.theta, f.wavelength, f.gamma, size=f.size)

    def quadrature_drift(self, f: Filter) -> np.ndarray | None:
        """Complex response to the grating a quarter period on (gratings only)."""
        if self.filt_b is None:
            return None
        return self.filt_b.quadrature(f.sigma, f.theta, f.wavelength, f.gamma, size=f.size)

    @staticmethod
    def view(q: np.ndarray, f: Filter, mode: str) -> np.ndarray:
        """One response map from a complex response: even (phase ψ), odd, energy, pair."""
        if mode == "energy":
            return np.abs(q)
        c, s = math.cos(f.phase), math.sin(f.phase)
        if mode == "even" and s == 0.0 and c == 1.0:
            return q.real                  # ψ = 0: the real part as it is (read-only, like q)
        even = c * q.real + s * q.imag
        if mode == "even":
            return even
        if mode == "odd":
            return c * q.imag - s * q.real
        r2 = math.cos(f.phase2) * q.real + math.sin(f.phase2) * q.imag
        return np.sqrt(even * even + r2 * r2)

    def response(self, f: Filter, mode: str) -> np.ndarray:
        return self.view(self.quadrature(f), f, mode)

    def bank_step(self, f: Filter) -> bool:
        """Compute the next bank orientation for ``f``'s σ, λ, γ; True when complete."""
        b = self.bank
        if b.key != f.shape_key:
            h, w = self.picture.image.shape
            self.bank = b = Bank(key=f.shape_key, energies=np.zeros((N_ORIENT, h, w), np.float32))
        if b.complete:
            return True
        th = float(b.thetas[b.done])
        q = self.filt.quadrature(f.sigma, th, f.wavelength, f.gamma, size=f.size, cache=False)
        e = b.energies[b.done]
        np.abs(q, out=e)
        # The winner, the best energy and the orientation sums are kept up to
        # date step by step (a few 0.1 ms each), so the step that completes
        # the bank costs no more than the others: gabor.winner_map on all
        # eight maps at the end took ~7 ms in one frame. A strict ">" keeps
        # the first of equal energies, as argmax does.
        if b.done == 0:
            b.strength = e.copy()
            b._win = np.zeros(e.shape, np.intp)
            b._cos = np.zeros(e.shape, np.float32)
            b._sin = np.zeros(e.shape, np.float32)
        else:
            b._win[e > b.strength] = b.done
            np.maximum(b.strength, e, out=b.strength)
        b._cos += np.float32(math.cos(2 * th)) * e
        b._sin += np.float32(math.sin(2 * th)) * e
        b.done += 1
        if b.complete:
            b.winner = b._win
            b.selectivity = np.sqrt(b._cos * b._cos + b._sin * b._sin)
            b._win = b._cos = b._sin = None
        return b.complete

    def bank_valid_for(self, f: Filter) -> bool:
        return self.bank.key == f.shape_key and self.bank.complete


def orientation_selectivity(energies: np.ndarray, thetas: np.ndarray) -> np.ndarray:
    """Length of the bank's orientation vector sum at each pixel.

    ``|sum_k E_k exp(2i theta_k)|`` (double angles, since orientation has
    period pi): large where one orientation dominates, near 0 where every
    cell answers alike (flat patches, isotropic texture). This is how
    orientation maps of V1 are usually shaded.
    """
    c = np.zeros(energies.shape[1:], np.float32)
    s = np.zeros(energies.shape[1:], np.float32)
    for e, th in zip(energies, thetas):          # no BLAS here (see goals.correlation)
        c += np.float32(math.cos(2 * th)) * e
        s += np.float32(math.sin(2 * th)) * e
    return np.sqrt(c * c + s * s)                # as Engine.bank_step builds it


# --------------------------------------------------------------------------
# orientation tuning


@lru_cache(maxsize=32)
def polar_tuning(sigma: float, wavelength: float, gamma: float, size: int, n: int = 72) -> np.ndarray:
    """Energy response to a matched grating vs the grating's direction.

    The root-mean-square (over grating phase) energy of the cell when a
    unit grating of its own wavelength turns by ``d = k pi / n`` (k < n)
    away from its preferred direction: ``0.5 sqrt(|H(-f_d)|^2 + |H(f_d)|^2)``
    with ``H`` the spectrum of the sampled quadrature kernel, normalised to
    a maximum of 1. It has period pi, so ``n`` samples cover a half turn.
    Equal in shape to :func:`game.sim.gabor.tuning_curve` measured on a
    large grating, and its half-maximum width agrees with
    :func:`game.sim.gabor.orientation_bandwidth` at θ = 0. The panel turns
    this θ = 0 curve to the current θ: the lab's kernels always hold ±3σ,
    where θ changes the width by a few tenths of a degree (more only for
    σ ≲ 2 px near the Nyquist wavelength, where the pixel grid is itself
    anisotropic: up to 5° at σ = 1.5, λ = 2 px, γ = 4). Cached, and
    recomputed only when σ, λ, γ or the size change.
    """
    h = gabor.quadrature_kernel(sigma, 0.0, wavelength, gamma, size=size)
    kh, kw = h.shape
    y = np.arange(kh, dtype=float) - kh // 2
    x = np.arange(kw, dtype=float) - kw // 2
    # a(d) = |H(-f_d)| for d in [0, pi]; the kernel at theta = 0 is symmetric in y,
    # so H(u, v) = H(u, -v) and the conjugate term |H(+f_d)| is a(pi - d)
    d = np.arange(n + 1) * math.pi / n
    f0 = 1.0 / wavelength
    ex = np.exp(2j * np.pi * (f0 * np.cos(d))[:, None] * x[None, :])
    ey = np.exp(2j * np.pi * (f0 * np.sin(d))[:, None] * y[None, :])
    # a small product: fast with the single BLAS thread game/__init__.py asks for
    a = np.abs(((ey @ h) * ex).sum(axis=1))
    t = 0.5 * np.hypot(a[:n], a[::-1][:n])
    peak = float(t.max())
    out = t / peak if peak > 0 else np.zeros_like(t)
    out.flags.writeable = False
    return out


def envelope_sum(f: Filter) -> float:
    """``sum(|quadrature kernel|)``: twice a matched grating's energy."""
    return _envelope_sum(f.sigma, f.theta, f.wavelength, f.gamma, f.size)


@lru_cache(maxsize=64)
def _envelope_sum(sigma: float, theta: float, wavelength: float, gamma: float, size: int) -> float:
    return float(np.abs(gabor.quadrature_kernel(sigma, theta, wavelength, gamma, size=size)).sum())
