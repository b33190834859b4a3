"""Tuning of a Gabor cell: orientation and wavelength curves, bandwidths, the polar tuning curve.

A cell's energy response to a unit grating of spatial frequency ``f`` in
direction ``a`` is ``|H(-f_a)| / 2`` with ``H`` the spectrum of its
quadrature kernel (the kernel is ``envelope * exp(-i 2 pi f0 x')``, whose
spectrum peaks at ``-f0``): :func:`matched_spectrum` samples it straight from
the sampled (and possibly size-limited) kernel, so the bandwidths here are
those of the kernel the lab actually filters with. :func:`tuning_curve` and
:func:`wavelength_tuning` measure the same on an image.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from game.sim.gabor.filtering import _filterer_for
from game.sim.gabor.kernels import _finite_positive, _size_hw, quadrature_kernel


def matched_spectrum(h: np.ndarray, angles, wavelength: float) -> np.ndarray:
    """``|H(-f_a)|``: the kernel's spectrum at frequency ``1 / wavelength`` in directions ``angles``.

    Parameters
    ----------
    h : ndarray
        A 2-D (complex) kernel, centre at ``[rows // 2, cols // 2]``.
    angles : array_like
        Directions in radians (x to the right, y down).
    wavelength : float
        Period of the sampled frequency in px.

    Returns
    -------
    ndarray
        One magnitude per angle: twice the energy a unit grating of that
        wavelength and direction draws from the cell.

    Examples
    --------
    >>> h = quadrature_kernel(4.0, 0.0, 10.0)
    >>> m = matched_spectrum(h, [0.0, math.pi / 2], 10.0)
    >>> bool(m[0] > 100 * m[1])
    True
    """
    kh, kw = h.shape
    y = np.arange(kh, dtype=float) - kh // 2
    x = np.arange(kw, dtype=float) - kw // 2
    a = np.asarray(angles, dtype=float)
    f = 1.0 / wavelength
    # H(-k) = sum h exp(+i 2 pi k.q), separable in x and y for each angle: a small
    # product, fast with the single BLAS thread game/__init__.py asks for
    ex = np.exp(2j * np.pi * (f * np.cos(a))[:, None] * x[None, :])
    ey = np.exp(2j * np.pi * (f * np.sin(a))[:, None] * y[None, :])
    return np.abs(((ey @ h) * ex).sum(axis=1))


def central_region(shape, fraction: float = 0.5) -> tuple[slice, slice]:
    """Slices of the centred box covering ``fraction`` of each side.

    Used to keep border effects out of tuning measurements.
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    out = []
    for n in shape[-2:]:
        m = max(1, int(round(n * fraction)))
        a = (n - m) // 2
        out.append(slice(a, a + m))
    return tuple(out)


def tuning_curve(
    image,
    sigma: float,
    thetas,
    wavelength: float,
    gamma: float = 1.0,
    size=None,
    region: float = 0.5,
    boundary: str = "symm",
) -> np.ndarray:
    """Mean energy in the central region as the filter's theta varies.

    Parameters
    ----------
    image : array_like or Filterer
        Typically a :func:`grating`.
    sigma, wavelength, gamma, size
        As in :func:`gabor_kernel`.
    thetas : array_like
        Filter orientations in radians.
    region : float, optional
        Fraction of each side measured (centred), see :func:`central_region`.
    boundary : {"symm", "fill", "wrap"}

    Returns
    -------
    ndarray
        One mean energy per theta.
    """
    f = _filterer_for(image, boundary)
    sl = central_region(f.shape, region)
    return np.array(
        [f.energy(sigma, th, wavelength, gamma, size, cache=False)[sl].mean() for th in np.atleast_1d(thetas)]
    )


def wavelength_tuning(
    image,
    sigma: float,
    theta: float,
    wavelengths,
    gamma: float = 1.0,
    size=None,
    region: float = 0.5,
    boundary: str = "symm",
) -> np.ndarray:
    """Mean energy in the central region as the filter's wavelength varies.

    The envelope (``sigma``, ``size``) stays fixed, so the curve shows the
    carrier's frequency selectivity. Parameters as in :func:`tuning_curve`.

    Returns
    -------
    ndarray
        One mean energy per wavelength (px).
    """
    f = _filterer_for(image, boundary)
    sl = central_region(f.shape, region)
    hw = _size_hw(_finite_positive("sigma", sigma), _finite_positive("gamma", gamma), size, None)
    return np.array(
        [f.energy(sigma, theta, lam, gamma, hw, cache=False)[sl].mean() for lam in np.atleast_1d(wavelengths)]
    )


def orientation_bandwidth(
    sigma: float,
    wavelength: float,
    gamma: float = 1.0,
    size=None,
    max_size: int | None = None,
    resolution_deg: float = 0.1,
    theta: float = 0.0,
) -> float:
    """Full width at half maximum of the orientation tuning, in degrees.

    Computed from the actual sampled (and possibly size-truncated) kernel:
    the magnitude of the quadrature kernel's spectrum at the preferred
    spatial frequency ``1 / wavelength`` as the grating's direction turns
    away from theta (= the energy response to a matched grating), on both
    sides; the width is the sum of the two half widths. For an untruncated
    kernel this is the closed form
    ``2 pi^2 sigma^2 / wavelength^2 ((1 - cos d)^2 + sin^2 d / gamma^2) = ln 2``
    at the half width ``d``, whatever theta (the default kernel, cut at
    +-3 sigma, comes within a few tenths of a degree of it, except near the
    Nyquist wavelength where the pixel grid itself is anisotropic).

    A kernel cut by its square (``size`` or ``max_size`` below
    ``kernel_size(sigma, gamma)``) has a different envelope: the Gaussian times
    the square window, flatter and with hard edges. Its tuning then differs
    from the closed form (a cut envelope of a given sigma is broader, while
    raising sigma inside a fixed square keeps narrowing the main lobe towards
    the square window's own limit, with side lobes), and it depends on theta,
    because the square is longer along its diagonals than along its sides:
    sigma = 4, wavelength = 10, gamma = 0.5 cut to 31 px gives 30.0 degrees at
    theta = 0 and 28.4 degrees at theta = 45 degrees.

    Parameters
    ----------
    sigma, wavelength, gamma, size, max_size
        As in :func:`gabor_kernel`.
    resolution_deg : float, optional
        Angle step of the search in degrees (the crossing is interpolated).
    theta : float, optional
        The kernel's orientation in radians; matters only for a cut kernel.

    Returns
    -------
    float
        FWHM in degrees; 180.0 if the response never falls to half (untuned).

    Examples
    --------
    >>> round(orientation_bandwidth(4.0, 10.0, 0.5, size=31), 1)
    30.0
    >>> round(orientation_bandwidth(4.0, 10.0, 0.5, size=31, theta=math.pi / 4), 1)
    28.4
    """
    h = quadrature_kernel(sigma, theta, wavelength, gamma, size, max_size)
    d = np.deg2rad(np.arange(0.0, 90.0 + resolution_deg, resolution_deg))
    width = 0.0
    for side in (1.0, -1.0):
        mag = matched_spectrum(h, theta + side * d, wavelength)
        half = mag[0] / 2.0
        below = np.nonzero(mag <= half)[0]
        if below.size == 0 or below[0] == 0:
            return 180.0
        i = below[0]
        # linear interpolation of the crossing between samples i - 1 and i
        t = (mag[i - 1] - half) / (mag[i - 1] - mag[i])
        width += float(np.rad2deg(d[i - 1] + t * (d[i] - d[i - 1])))
    return width


def spatial_frequency_bandwidth(sigma: float, wavelength: float) -> float:
    """Spatial-frequency bandwidth in octaves (Petkov & Kruizinga 1997).

    ``b = log2((pi s + k) / (pi s - k))`` with ``s = sigma / wavelength`` and
    ``k = sqrt(ln 2 / 2)``; ``sigma / wavelength = 0.56`` gives about one
    octave, as typical V1 cells have. Returns ``inf`` when the band reaches
    zero frequency.
    """
    s = _finite_positive("sigma", sigma) / _finite_positive("wavelength", wavelength)
    k = math.sqrt(math.log(2.0) / 2.0)
    if math.pi * s <= k:
        return math.inf
    return math.log2((math.pi * s + k) / (math.pi * s - k))


@lru_cache(maxsize=32)
def polar_tuning(sigma: float, wavelength: float, gamma: float, size: int, n: int = 72) -> np.ndarray:
    """Energy response to a matched grating vs the grating's direction, for the polar plot.

    The root-mean-square (over grating phase) energy of the cell when a
    unit grating of its own wavelength turns by ``d = k pi / n`` (k < n)
    away from its preferred direction: ``0.5 sqrt(|H(-f_d)|^2 + |H(f_d)|^2)``
    with ``H`` the spectrum of the sampled quadrature kernel at θ = 0,
    normalised to a maximum of 1. It has period pi, so ``n`` samples cover a
    half turn. Equal in shape to :func:`tuning_curve` measured on a large
    grating, and its half-maximum width agrees with
    :func:`orientation_bandwidth` at θ = 0. A plot turns this curve to the
    cell's θ: for kernels holding ±3σ, θ changes the width by a few tenths of
    a degree (more only for σ ≲ 2 px near the Nyquist wavelength, where the
    pixel grid is itself anisotropic: up to 5° at σ = 1.5, λ = 2 px, γ = 4).

    A bounded memo (the last 32 parameter sets; the result is read-only): a
    pure function of its arguments, asked for again whenever a view returns
    to an envelope.

    Parameters
    ----------
    sigma, wavelength, gamma : float
        As in :func:`game.sim.gabor.gabor_kernel` (px).
    size : int
        Kernel side in px.
    n : int, optional
        Samples over the half turn.

    Returns
    -------
    ndarray
        ``n`` values in [0, 1], index 0 the preferred direction.

    Examples
    --------
    >>> c = polar_tuning(4.0, 10.0, 1.0, 25)
    >>> float(c[0]), bool(c[36] < 0.01)
    (1.0, True)
    """
    h = quadrature_kernel(sigma, 0.0, wavelength, gamma, size=size)
    # a(d) = |H(-f_d)| for d in [0, pi]; the kernel at theta = 0 is symmetric in y,
    # so H(u, v) = H(u, -v) and the conjugate term |H(+f_d)| is a(pi - d)
    a = matched_spectrum(h, np.arange(n + 1) * math.pi / n, wavelength)
    t = 0.5 * np.hypot(a[:n], a[::-1][:n])
    peak = float(t.max())
    out = t / peak if peak > 0 else np.zeros_like(t)
    out.flags.writeable = False
    return out
