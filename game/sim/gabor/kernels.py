r"""Gabor kernels and their parameters: the formula, the default size, the sane ranges.

Kernel (all lengths in px, angles in radians; the UI shows degrees)::

    g(x, y) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) * cos(2 pi x' / wavelength + phase)
    x' =  x cos(theta) + y sin(theta)
    y' = -x sin(theta) + y cos(theta)

x runs to the right (columns), y runs down (rows), the origin is the centre
pixel. The complex (quadrature) kernel is
``h = g_even + i g_odd = envelope * exp(-i 2 pi x' / wavelength)``. See the
package docstring (:mod:`game.sim.gabor`) for the conventions and references.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

#: Shortest wavelength in px that is not aliased (Nyquist: 2 samples a period).
MIN_WAVELENGTH_PX = 2.0
#: Smallest envelope sigma in px; below this the kernel is a single pixel.
MIN_SIGMA_PX = 0.5
#: Allowed aspect ratio range for ``gamma``.
GAMMA_RANGE = (0.1, 10.0)


# --------------------------------------------------------------------------
# parameters




def _finite_positive(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value!r} (clamp_params clamps it)")
    return v


def _finite(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return v


def _odd(n: int) -> int:
    n = int(n)
    if n < 1:
        raise ValueError(f"kernel size must be >= 1, got {n}")
    return n if n % 2 else n + 1


def kernel_size(sigma: float, gamma: float = 1.0, max_size: int | None = None, n_sigma: float = 3.0) -> int:
    """Default (square, odd) kernel side covering +-``n_sigma`` envelope widths.

    Parameters
    ----------
    sigma : float
        Envelope standard deviation along x' in px.
    gamma : float, optional
        Aspect ratio; the envelope's width along y' is ``sigma / gamma``.
    max_size : int, optional
        Cap on the side in px (an even cap is lowered to the odd number below).
    n_sigma : float, optional
        Half-width in standard deviations of the longer envelope axis.

    Returns
    -------
    int
        ``2 * ceil(n_sigma * max(sigma, sigma / gamma)) + 1``, capped.

    Examples
    --------
    >>> kernel_size(10.0), kernel_size(10.0, gamma=0.5), kernel_size(10.0, max_size=40)
    (61, 121, 39)
    """
    sigma = _finite_positive("sigma", sigma)
    gamma = _finite_positive("gamma", gamma)
    # tiny epsilon so 3 * 10.0 stays 30, not 31 from rounding noise
    half = int(math.ceil(n_sigma * max(sigma, sigma / gamma) - 1e-9))
    size = 2 * max(half, 0) + 1
    if max_size is not None:
        cap = int(max_size)
        if cap < 1:
            raise ValueError(f"max_size must be >= 1, got {max_size}")
        cap = cap if cap % 2 else cap - 1
        size = min(size, cap)
    return size


def _size_hw(sigma: float, gamma: float, size, max_size) -> tuple[int, int]:
    if size is None:
        s = kernel_size(sigma, gamma, max_size)
        return s, s
    if np.ndim(size) == 0:
        s = _odd(size)
        return s, s
    h, w = size
    return _odd(h), _odd(w)


class Clamped(NamedTuple):
    """Parameters after :func:`clamp_params`, and what was changed.

    ``notes`` holds keys for the UI's translated messages:
    ``"sigma_not_finite"``, ``"sigma_clamped_min"``, ``"sigma_clamped_kernel_size"``,
    ``"wavelength_not_finite"``, ``"wavelength_clamped_nyquist"``,
    ``"gamma_not_finite"``, ``"gamma_clamped"``, ``"theta_not_finite"``,
    ``"phase_not_finite"``.
    """

    sigma: float
    theta: float
    wavelength: float
    phase: float
    gamma: float
    notes: tuple[str, ...]


def clamp_params(
    sigma: float,
    wavelength: float,
    gamma: float = 1.0,
    theta: float = 0.0,
    phase: float = 0.0,
    max_size: int | None = None,
) -> Clamped:
    """Bring slider or level values into the range where the model is sane.

    Rules: ``wavelength >= 2`` px (below that the carrier aliases: Nyquist);
    ``sigma >= 0.5`` px; ``gamma`` in :data:`GAMMA_RANGE`; with ``max_size``,
    ``sigma`` is lowered so the default kernel (+-3 envelope widths) fits in a
    ``max_size`` square. Non-finite values fall back to defaults (sigma 4 px,
    wavelength 8 px, gamma 1, theta 0, phase 0). Each change adds a note key.

    Parameters
    ----------
    sigma, wavelength : float
        Envelope width and carrier period in px.
    gamma : float, optional
        Aspect ratio.
    theta, phase : float, optional
        Radians; any finite value is kept.
    max_size : int, optional
        Kernel-size budget in px.

    Returns
    -------
    Clamped
        ``(sigma, theta, wavelength, phase, gamma, notes)``.

    Examples
    --------
    >>> clamp_params(4.0, 1.2).notes
    ('wavelength_clamped_nyquist',)
    """
    notes: list[str] = []

    def num(value, default, key):
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = float("nan")
        if not math.isfinite(v):
            notes.append(key)
            return default
        return v

    sigma = num(sigma, 4.0, "sigma_not_finite")
    wavelength = num(wavelength, 8.0, "wavelength_not_finite")
    gamma = num(gamma, 1.0, "gamma_not_finite")
    theta = num(theta, 0.0, "theta_not_finite")
    phase = num(phase, 0.0, "phase_not_finite")
    if wavelength < MIN_WAVELENGTH_PX:
        wavelength = MIN_WAVELENGTH_PX
        notes.append("wavelength_clamped_nyquist")
    if not GAMMA_RANGE[0] <= gamma <= GAMMA_RANGE[1]:
        gamma = min(max(gamma, GAMMA_RANGE[0]), GAMMA_RANGE[1])
        notes.append("gamma_clamped")
    if sigma < MIN_SIGMA_PX:
        sigma = MIN_SIGMA_PX
        notes.append("sigma_clamped_min")
    if max_size is not None:
        cap = int(max_size)
        cap = cap if cap % 2 else cap - 1
        sigma_max = max((cap // 2) / (3.0 * max(1.0, 1.0 / gamma)), MIN_SIGMA_PX)
        if sigma > sigma_max:
            sigma = sigma_max
            notes.append("sigma_clamped_kernel_size")
    return Clamped(sigma, theta, wavelength, phase, gamma, tuple(notes))



# --------------------------------------------------------------------------
# kernels


def _rotated_grid(theta: float, hw: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    h, w = hw
    y = np.arange(h, dtype=float)[:, None] - h // 2
    x = np.arange(w, dtype=float)[None, :] - w // 2
    c, s = math.cos(theta), math.sin(theta)
    return x * c + y * s, -x * s + y * c


def _envelope(xr, yr, sigma, gamma):
    return np.exp(-(xr**2 + (gamma * yr) ** 2) / (2.0 * sigma**2))


def gabor_kernel(
    sigma: float,
    theta: float,
    wavelength: float,
    phase: float = 0.0,
    gamma: float = 1.0,
    size=None,
    max_size: int | None = None,
) -> np.ndarray:
    """Real Gabor kernel of the formula in the module docstring.

    Parameters
    ----------
    sigma : float
        Envelope standard deviation along x' in px (along y' it is
        ``sigma / gamma``).
    theta : float
        Carrier direction in radians. 0 prefers vertical stripes/edges,
        pi/2 horizontal ones; theta and theta + pi give the same even kernel.
    wavelength : float
        Carrier period in px (below 2 px it aliases; see :func:`clamp_params`).
    phase : float, optional
        Carrier phase psi in radians: 0 even (symmetric), pi/2 odd.
    gamma : float, optional
        Spatial aspect ratio (> 0).
    size : int or (int, int), optional
        Side, or (rows, cols), in px; an even side n becomes n + 1 so the
        kernel has a centre pixel. Default: :func:`kernel_size`.
    max_size : int, optional
        Cap on the default size in px (ignored when ``size`` is given).

    Returns
    -------
    ndarray
        Float64 array, centre at ``[rows // 2, cols // 2]``; not normalised
        (peak 1 for phase 0).

    Raises
    ------
    ValueError
        If sigma, wavelength or gamma is not positive and finite.

    Examples
    --------
    >>> k = gabor_kernel(sigma=2.0, theta=0.0, wavelength=8.0)
    >>> k.shape, float(k[6, 6])
    ((13, 13), 1.0)
    """
    sigma = _finite_positive("sigma", sigma)
    wavelength = _finite_positive("wavelength", wavelength)
    gamma = _finite_positive("gamma", gamma)
    theta = _finite("theta", theta)
    phase = _finite("phase", phase)
    xr, yr = _rotated_grid(theta, _size_hw(sigma, gamma, size, max_size))
    return _envelope(xr, yr, sigma, gamma) * np.cos(2.0 * np.pi * xr / wavelength + phase)


def quadrature_kernel(
    sigma: float,
    theta: float,
    wavelength: float,
    gamma: float = 1.0,
    size=None,
    max_size: int | None = None,
) -> np.ndarray:
    """Complex kernel ``even + 1j * odd`` (phases 0 and pi/2).

    Equal to ``envelope * exp(-1j * 2 pi x' / wavelength)``. Parameters as in
    :func:`gabor_kernel`.

    Returns
    -------
    ndarray
        Complex128 array.
    """
    sigma = _finite_positive("sigma", sigma)
    wavelength = _finite_positive("wavelength", wavelength)
    gamma = _finite_positive("gamma", gamma)
    theta = _finite("theta", theta)
    xr, yr = _rotated_grid(theta, _size_hw(sigma, gamma, size, max_size))
    return _envelope(xr, yr, sigma, gamma) * np.exp(-2j * np.pi * xr / wavelength)

