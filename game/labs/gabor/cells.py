"""The gabor lab's cells: clamped filter parameters, and the responses of one picture to them.

No pygame here. :func:`make_filter` turns the lab's values (degrees, px)
into sane model parameters (radians, px) with note keys for anything
clamped; :class:`Engine` keeps the picture's spectrum (a
:class:`game.sim.gabor.Filterer`, single precision) and hands out complex
responses ``even + i odd``, from which every response map is elementwise work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Generator, Mapping

import numpy as np

from game.labs.gabor.picture import Picture
from game.labs.gabor.schema import Fixed
from game.sim import gabor

#: Orientations in the bank (a V1 hypercolumn).
N_ORIENT = 8
#: scipy.fft threads for the live responses: for these 288^2 transforms a second thread saves a
#: little on average, but its hand-offs make slow frames much slower (p99 +2 ms).
FFT_WORKERS = 1
#: Kernel spectra kept for the lab's pictures (shared by all of them: a new picture of the same
#: size reuses the current kernel's spectrum).
SPECTRA_KEPT = 6


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
    """The lab's values (or the level's fixed ones) as a clamped :class:`Filter`.

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
    theta, phase = get("theta_deg"), get("phase_deg")
    # sigma is lowered (with a note) so that +-3 envelope widths fit the size
    # budget: the kernel is always a whole Gabor, never a clipped one
    c = gabor.clamp_params(get("sigma"), get("wavelength"), get("gamma"),
                           math.radians(theta) if math.isfinite(theta) else float("nan"),
                           math.radians(phase) if math.isfinite(phase) else float("nan"), max_size=cap)
    size = gabor.kernel_size(c.sigma, c.gamma, max_size=cap)
    notes = list(c.notes)
    p2 = get("phase2_deg")
    if not math.isfinite(p2):
        p2 = 90.0
        notes.append("phase_not_finite")
    return Filter(c.sigma, c.theta, c.wavelength, c.phase, c.gamma, math.radians(p2), size, tuple(notes))


def envelope_sum(f: Filter) -> float:
    """``sum(|quadrature kernel|)``: twice a matched grating's energy."""
    return _envelope_sum(f.sigma, f.theta, f.wavelength, f.gamma, f.size)


@lru_cache(maxsize=64)
def _envelope_sum(sigma: float, theta: float, wavelength: float, gamma: float, size: int) -> float:
    # a bounded memo of a pure function (the colour floor asks for it at every parameter change)
    return float(np.abs(gabor.quadrature_kernel(sigma, theta, wavelength, gamma, size=size)).sum())


def response_view(q: np.ndarray, f: Filter, mode: str) -> np.ndarray:
    """One response map from a complex response ``q``: even (phase ψ), odd, energy, pair.

    ``pair`` is the output of a complex cell built from two simple cells
    with phases ψ and ψ2: ``sqrt(R_ψ^2 + R_ψ2^2)``.
    """
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


class Engine:
    """Responses of one picture (and, for a grating, of the grating a quarter period on) to a filter.

    Parameters
    ----------
    picture : Picture
    spectra : game.sim.gabor.KernelSpectra, optional
        The kernel-spectrum cache to share with the lab's other pictures.
    """

    def __init__(self, picture: Picture, spectra: gabor.KernelSpectra | None = None) -> None:
        # The padding starts small and grows when a larger kernel arrives (to the
        # widest margin with the smallest FFT): a 25 px kernel then costs 288^2
        # FFTs, a 35 px one 300^2, not 320^2.
        self.picture = picture
        self.spectra = spectra if spectra is not None else gabor.KernelSpectra(SPECTRA_KEPT)
        self.filt = gabor.Filterer(picture.image, response_cache=3, workers=FFT_WORKERS, spectra=self.spectra)
        self.filt_b = gabor.Filterer(picture.drift, response_cache=2, workers=FFT_WORKERS, spectra=self.spectra) \
            if picture.drift is not None else None

    def quadrature(self, f: Filter) -> np.ndarray:
        """Complex response ``even + i odd`` (phases 0 and 90 degrees)."""
        return self.filt.quadrature(f.sigma, f.theta, f.wavelength, f.gamma, size=f.size)

    def quadrature_drift(self, f: Filter) -> np.ndarray | None:
        """Complex response to the grating a quarter period on (gratings only)."""
        if self.filt_b is None:
            return None
        return self.filt_b.quadrature(f.sigma, f.theta, f.wavelength, f.gamma, size=f.size)

    def response(self, f: Filter, mode: str) -> np.ndarray:
        return response_view(self.quadrature(f), f, mode)

    def hypercolumn(self, f: Filter) -> tuple[gabor.Hypercolumn, Generator[float, None, gabor.Hypercolumn]]:
        """An empty bank for ``f``'s σ, λ, γ on this picture, and the generator that fills it step by step."""
        hc = gabor.Hypercolumn.empty(self.picture.image.shape, N_ORIENT, key=f.shape_key)
        return hc, hc.steps(self.filt, f.sigma, f.wavelength, f.gamma, f.size)
