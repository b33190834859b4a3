r"""Gabor filters: the standard model of V1 simple and complex cells.

Kernel (all lengths in px, angles in radians; the UI shows degrees)::

    g(x, y) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) * cos(2 pi x' / wavelength + phase)
    x' =  x cos(theta) + y sin(theta)
    y' = -x sin(theta) + y cos(theta)

x runs to the right (columns), y runs down (rows), the origin is the centre
pixel. ``theta`` is the direction of the carrier's wave vector, clockwise on
screen from +x; the stripes of the kernel run along ``(-sin theta, cos theta)``.
So **theta = 0 responds best to vertical stripes and vertical edges** (the
carrier varies along x), and theta = pi/2 to horizontal ones. ``sigma`` is the
envelope's standard deviation along x' and ``sigma / gamma`` along y' (gamma < 1
elongates the receptive field along its stripes). Even (``phase = 0``) and odd
(``phase = pi/2``) kernels form a quadrature pair; the *energy*

    E = sqrt((I * g_even)^2 + (I * g_odd)^2)

is the classic complex-cell model and is nearly independent of a grating's
phase. Both come from one FFT with the complex kernel
``h = g_even + i g_odd = envelope * exp(-i 2 pi x' / wavelength)``; the response
of the kernel with any phase psi is ``cos(psi) even + sin(psi) odd``, so the
phase slider never needs a new FFT.

Filtering is 2-D *convolution* (the kernel is flipped, as in
``scipy.signal.convolve2d``) with the image extended past its border by
symmetric reflection (``boundary="symm"``, the default), zeros (``"fill"``) or
periodic wrap (``"wrap"``); each result equals
``scipy.signal.convolve2d(image, kernel, mode="same", boundary=...)``.

Relation to OpenCV's ``cv2.getGaborKernel(ksize, sigma, theta, lambd, gamma,
psi)``: the same formula with the same symbols (``lambd`` = wavelength, ``psi``
= phase, its y also grows with the row index), but OpenCV stores the value at
(x, y) in element ``[ymax - y, xmax - x]``, i.e. its kernel is ours rotated by
180 degrees::

    getGaborKernel((w, h), sigma, theta, lambd, gamma, psi)
        == gabor_kernel(sigma, theta, lambd, psi, gamma, size=(h, w))[::-1, ::-1]
        == gabor_kernel(sigma, theta, lambd, -psi, gamma, size=(h, w))
        == gabor_kernel(sigma, theta + pi, lambd, psi, gamma, size=(h, w))

for odd ``w, h`` (OpenCV turns an even side n into n + 1, as we do). Because
``cv2.filter2D`` *correlates*, ``filter2D(img, CV_64F, getGaborKernel(...),
borderType=BORDER_REFLECT)`` equals ``filter_image(img, gabor_kernel(...))``.
OpenCV's default size is smaller than ours (it bounds the rotated ellipse by
``max(|3 sigma_x cos|, |3 sigma_y sin|)``); ours is square and the same at
every theta, so rotating a kernel never changes its size.

References
----------
.. [1] J. G. Daugman, "Uncertainty relation for resolution in space, spatial
       frequency, and orientation optimized by two-dimensional visual cortical
       filters", J. Opt. Soc. Am. A 2(7), 1160-1169 (1985).
.. [2] J. P. Jones and L. A. Palmer, "An evaluation of the two-dimensional
       Gabor filter model of simple receptive fields in cat striate cortex",
       J. Neurophysiol. 58(6), 1233-1258 (1987).
.. [3] E. H. Adelson and J. R. Bergen, "Spatiotemporal energy models for the
       perception of motion", J. Opt. Soc. Am. A 2(2), 284-299 (1985).
.. [4] N. Petkov and P. Kruizinga, "Computational models of visual neurons
       specialised in the detection of periodic and aperiodic oriented visual
       stimuli", Biol. Cybern. 76, 83-96 (1997) (bandwidth formula).
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from scipy import fft as sfft

from game.sim.images import grating

__all__ = [
    "DEFAULT_WORKERS",
    "MIN_SIGMA_PX",
    "MIN_WAVELENGTH_PX",
    "GAMMA_RANGE",
    "Clamped",
    "Filterer",
    "Responses",
    "bank",
    "central_region",
    "clamp_params",
    "clear_caches",
    "energy",
    "filter_image",
    "gabor_kernel",
    "grating",
    "kernel_size",
    "normalise_for_display",
    "orientation_bandwidth",
    "orientations",
    "quadrature_kernel",
    "spatial_frequency_bandwidth",
    "tuning_curve",
    "wavelength_tuning",
    "winner_map",
]

#: Shortest wavelength in px that is not aliased (Nyquist: 2 samples a period).
MIN_WAVELENGTH_PX = 2.0
#: Smallest envelope sigma in px; below this the kernel is a single pixel.
MIN_SIGMA_PX = 0.5
#: Allowed aspect ratio range for ``gamma``.
GAMMA_RANGE = (0.1, 10.0)
#: Threads for scipy.fft (-1: all cores). The game loop waits for the FFT
#: anyway, so using both cores of a 2-core machine halves the frame time.
DEFAULT_WORKERS = -1

_BOUNDARY_MODES = {"symm": "symmetric", "fill": "constant", "wrap": "wrap"}
_PRECISIONS = {"double": (np.float64, np.complex128), "single": (np.float32, np.complex64)}


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


# --------------------------------------------------------------------------
# caches


class _LRU:
    """A tiny least-recently-used dict."""

    def __init__(self, maxsize: int):
        self.maxsize = int(maxsize)
        self._d: OrderedDict = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        try:
            value = self._d[key]
        except KeyError:
            self.misses += 1
            return None
        self._d.move_to_end(key)
        self.hits += 1
        return value

    def put(self, key, value):
        self._d[key] = value
        self._d.move_to_end(key)
        while len(self._d) > self.maxsize:
            self._d.popitem(last=False)

    def clear(self):
        self._d.clear()

    def __len__(self):
        return len(self._d)


# Kernel spectra are shared by every Filterer with the same FFT shape, so a new
# image at the same size (image picker) reuses the current kernel's spectrum.
_KERNEL_SPECTRA = _LRU(6)
# Filterers (= padded image spectra) for filter_image/energy/... on raw arrays,
# keyed by a content digest so an array changed in place is never stale.
_FILTERERS = _LRU(3)


def clear_caches() -> None:
    """Forget every cached kernel spectrum and image spectrum."""
    _KERNEL_SPECTRA.clear()
    _FILTERERS.clear()


def _digest(a: np.ndarray) -> tuple:
    a = np.ascontiguousarray(a)
    if a.nbytes <= 1 << 16:
        return (a.shape, a.dtype.str, hashlib.blake2b(a, digest_size=16).digest())
    # two cheap 32-bit checksums (~1 ms for 512x512 float64), not a 3 ms hash
    return (a.shape, a.dtype.str, zlib.crc32(a), zlib.adler32(a))


def _as_image(image) -> np.ndarray:
    img = np.asarray(image)
    if img.ndim != 2 or img.size == 0:
        raise ValueError(f"image must be a non-empty 2-D array, got shape {img.shape}")
    if img.dtype == bool:
        img = img.astype(np.float64)
    if not np.issubdtype(img.dtype, np.number) or np.iscomplexobj(img):
        raise ValueError(f"image must be real numbers, got dtype {img.dtype}")
    img = img.astype(np.float64, copy=False)
    if not np.all(np.isfinite(img)):
        raise ValueError("image contains NaN or inf")
    return img


def _as_kernel(kernel) -> np.ndarray:
    k = np.asarray(kernel)
    if k.ndim != 2 or k.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {k.shape}")
    if not np.issubdtype(k.dtype, np.number):
        raise ValueError(f"kernel must be numbers, got dtype {k.dtype}")
    k = k.astype(np.complex128 if np.iscomplexobj(k) else np.float64, copy=False)
    if not np.all(np.isfinite(k)):
        raise ValueError("kernel contains NaN or inf")
    return k


# --------------------------------------------------------------------------
# filtering


class Responses(NamedTuple):
    """Even, odd and energy responses of one Gabor parameter set (arrays H x W).

    ``even`` is the response of the kernel with the requested phase psi,
    ``odd`` that of phase psi + pi/2, and ``energy = sqrt(even^2 + odd^2)``
    (independent of psi).
    """

    even: np.ndarray
    odd: np.ndarray
    energy: np.ndarray


class Filterer:
    """Holds one image and its spectrum; filters it fast with any kernel.

    The image is padded by ``margin`` px on every side (per ``boundary``) and
    its 2-D FFT is kept. A kernel of side up to ``2 * margin + 1`` then costs
    one kernel FFT (shared across images through a module LRU) and one inverse
    FFT. A Gabor parameter set costs a single *complex* FFT pair giving both
    the even and the odd response; the last few complex responses are kept, so
    switching the view between even/odd/energy or moving the phase slider
    costs only elementwise work.

    Parameters
    ----------
    image : array_like
        2-D real image (copied; NaN/inf refused).
    boundary : {"symm", "fill", "wrap"}, optional
        Image extension past the border, as in ``scipy.signal.convolve2d``.
    margin : int, optional
        Initial padding in px; grows when a larger kernel arrives (which
        recomputes the image spectrum) to the widest margin with the smallest
        FFT (see ``_grown_margin``). Pass ``max_kernel_size // 2`` to never recompute the image
        spectrum while sizes change.
    precision : {"single", "double"}, optional
        FFT precision. ``"single"`` (the default, for the live view) is about
        twice as fast on a 2-core machine, where the FFT is memory-bound;
        results agree with ``"double"`` to ~1e-6 of the response's peak. The
        module functions (:func:`filter_image`, :func:`energy`, ...) use
        ``"double"``.
    workers : int, optional
        Threads for scipy.fft (default :data:`DEFAULT_WORKERS`).
    response_cache : int, optional
        How many complex responses to keep.

    Examples
    --------
    >>> f = Filterer(grating((64, 64), 0.0, 8.0))
    >>> r = f.responses(sigma=4.0, theta=0.0, wavelength=8.0)
    >>> r.energy.shape
    (64, 64)
    """

    def __init__(
        self,
        image,
        *,
        boundary: str = "symm",
        margin: int | None = None,
        precision: str = "single",
        workers: int | None = None,
        response_cache: int = 2,
    ):
        if boundary not in _BOUNDARY_MODES:
            raise ValueError(f'boundary must be "symm", "fill" or "wrap", got {boundary!r}')
        if precision not in _PRECISIONS:
            raise ValueError(f'precision must be "double" or "single", got {precision!r}')
        img = _as_image(image).copy()
        img.flags.writeable = False
        self._image = img
        self.boundary = boundary
        self.precision = precision
        self._rdtype, self._cdtype = _PRECISIONS[precision]
        self.workers = DEFAULT_WORKERS if workers is None else workers
        self._margin = 0 if margin is None else max(int(margin), 0)
        self._spec = None
        self._fft_shape = None
        self._responses = _LRU(response_cache)

    # -- image side -------------------------------------------------------

    @property
    def image(self) -> np.ndarray:
        """The (read-only) image being filtered."""
        return self._image

    @property
    def shape(self) -> tuple[int, int]:
        return self._image.shape

    @property
    def margin(self) -> int:
        return self._margin

    def _ensure(self, kh: int, kw: int) -> None:
        need = max(kh // 2, kw // 2)
        if self._spec is not None and need <= self._margin:
            return
        if need > self._margin:
            self._margin = self._grown_margin(need)
        m = self._margin
        padded = np.pad(self._image, m, mode=_BOUNDARY_MODES[self.boundary]).astype(self._rdtype)
        h, w = padded.shape
        # No wrap-around reaches the cropped output when the FFT is at least
        # the padded size: every output pixel only reads input within the
        # kernel's half-width, which lies inside the padded image.
        self._fft_shape = (sfft.next_fast_len(h, real=True), sfft.next_fast_len(w, real=True))
        self._spec = sfft.fft2(padded, s=self._fft_shape, workers=self.workers)
        self._responses.clear()

    def _grown_margin(self, need: int) -> int:
        """The margin for a kernel of half-width ``need`` px: the widest whose FFT is the smallest.

        Among margins from ``need`` to ``need + 32`` px, the transform size is
        the padded side rounded up to a product of 2, 3 and 5; the margin kept
        is the largest one with the smallest transform, so growing kernels
        recompute the image spectrum rarely and never pay for a needlessly
        large FFT (a 256 px image with a 35 px kernel: 300 px, not 320).
        """
        h, w = self._image.shape

        def area(m: int) -> int:
            return sfft.next_fast_len(h + 2 * m, real=True) * sfft.next_fast_len(w + 2 * m, real=True)

        best = min(area(m) for m in range(need, need + 33))
        return max(m for m in range(need, need + 33) if area(m) == best)

    def _kernel_spectrum(self, key, make_kernel, complex_kernel: bool):
        full_key = (key, self._fft_shape, self.precision, complex_kernel)
        spec = _KERNEL_SPECTRA.get(full_key)
        if spec is None:
            k = make_kernel()
            nh, nw = self._fft_shape
            if complex_kernel:
                k = k.astype(self._cdtype)
                # pruned 2-D FFT: columns first on the small kernel only
                spec = sfft.fft(sfft.fft(k, n=nh, axis=0, workers=self.workers), n=nw, axis=1, workers=self.workers)
            else:
                k = k.astype(self._rdtype)
                spec = sfft.fft(sfft.rfft(k, n=nw, axis=1, workers=self.workers), n=nh, axis=0, workers=self.workers)
            _KERNEL_SPECTRA.put(full_key, spec)
        return spec

    def _inverse(self, product, kh, kw, complex_out: bool):
        h, w = self._image.shape
        r0 = self._margin + (kh - 1) // 2
        c0 = self._margin + (kw - 1) // 2
        # A pruned inverse (rows first, keep only the rows returned) was slower:
        # pocketfft's strided column pass is memory-bound, the 2-D one is not.
        if complex_out:
            out = sfft.ifft2(product, workers=self.workers)
        else:
            out = sfft.irfft2(product, s=self._fft_shape, workers=self.workers)
        return out[r0 : r0 + h, c0 : c0 + w]

    # -- arbitrary kernels --------------------------------------------------

    def filter(self, kernel) -> np.ndarray:
        """Convolve the image with ``kernel`` ('same' size, this boundary).

        Parameters
        ----------
        kernel : array_like
            2-D real or complex kernel of any size.

        Returns
        -------
        ndarray
            Same shape as the image; complex iff the kernel is.
        """
        k = _as_kernel(kernel)
        kh, kw = k.shape
        self._ensure(kh, kw)
        cplx = np.iscomplexobj(k)
        kspec = self._kernel_spectrum(("raw",) + _digest(k), lambda: k, cplx)
        if cplx:
            product = self._spec * kspec
        else:
            product = self._spec[:, : kspec.shape[1]] * kspec
        return self._inverse(product, kh, kw, cplx)

    # -- Gabor ------------------------------------------------------------------

    def quadrature(
        self,
        sigma: float,
        theta: float,
        wavelength: float,
        gamma: float = 1.0,
        size=None,
        max_size: int | None = None,
        cache: bool = True,
    ) -> np.ndarray:
        """Complex response ``even + 1j * odd`` (kernel phases 0 and pi/2).

        Parameters as in :func:`gabor_kernel`; ``cache=False`` skips the
        response cache (for sweeps such as tuning curves and banks).

        Returns
        -------
        ndarray
            Complex array of the image's shape.
        """
        sigma = _finite_positive("sigma", sigma)
        wavelength = _finite_positive("wavelength", wavelength)
        gamma = _finite_positive("gamma", gamma)
        theta = _finite("theta", theta)
        kh, kw = _size_hw(sigma, gamma, size, max_size)
        key = ("gabor", sigma, theta, wavelength, gamma, kh, kw)
        self._ensure(kh, kw)
        if cache:
            hit = self._responses.get(key)
            if hit is not None:
                return hit
        kspec = self._kernel_spectrum(
            key, lambda: quadrature_kernel(sigma, theta, wavelength, gamma, (kh, kw)), True
        )
        out = self._inverse(self._spec * kspec, kh, kw, True)
        if cache:
            out.flags.writeable = False
            self._responses.put(key, out)
        return out

    def responses(
        self,
        sigma: float,
        theta: float,
        wavelength: float,
        phase: float = 0.0,
        gamma: float = 1.0,
        size=None,
        max_size: int | None = None,
    ) -> Responses:
        """Even (phase psi), odd (psi + pi/2) and energy responses.

        Parameters as in :func:`gabor_kernel`.

        Returns
        -------
        Responses
            ``even`` equals ``filter_image(image, gabor_kernel(..., phase))``.
            At phase 0, ``even`` and ``odd`` are read-only views of the cached
            complex response (no copy).
        """
        phase = _finite("phase", phase)
        q = self.quadrature(sigma, theta, wavelength, gamma, size, max_size)
        e, o = q.real, q.imag
        if phase != 0.0:
            c, s = math.cos(phase), math.sin(phase)
            e, o = c * e + s * o, c * o - s * e
        return Responses(e, o, np.abs(q))

    def response(self, sigma, theta, wavelength, phase=0.0, gamma=1.0, size=None, max_size=None) -> np.ndarray:
        """Response of the kernel with ``phase``: ``cos(psi) even + sin(psi) odd``."""
        phase = _finite("phase", phase)
        q = self.quadrature(sigma, theta, wavelength, gamma, size, max_size)
        return math.cos(phase) * q.real + math.sin(phase) * q.imag

    def energy(self, sigma, theta, wavelength, gamma=1.0, size=None, max_size=None, cache=True) -> np.ndarray:
        """Energy ``sqrt(even^2 + odd^2)``; parameters as in :func:`gabor_kernel`."""
        q = self.quadrature(sigma, theta, wavelength, gamma, size, max_size, cache=cache)
        return np.abs(q)

    def cache_info(self) -> dict:
        """Hit/miss counters of the shared kernel-spectrum cache and this
        filterer's response cache (for tests and the benchmark)."""
        return {
            "kernel_hits": _KERNEL_SPECTRA.hits,
            "kernel_misses": _KERNEL_SPECTRA.misses,
            "response_hits": self._responses.hits,
            "response_misses": self._responses.misses,
            "fft_shape": self._fft_shape,
            "margin": self._margin,
        }


def _filterer_for(image, boundary: str) -> Filterer:
    if isinstance(image, Filterer):
        if image.boundary != boundary:
            raise ValueError(f"Filterer uses boundary {image.boundary!r}, asked for {boundary!r}")
        return image
    img = _as_image(image)
    key = _digest(img) + (boundary,)
    f = _FILTERERS.get(key)
    if f is None:
        f = Filterer(img, boundary=boundary, precision="double")
        _FILTERERS.put(key, f)
    return f


def filter_image(image, kernel, boundary: str = "symm") -> np.ndarray:
    """Convolve ``image`` with ``kernel`` by FFT, output the image's size.

    Equals ``scipy.signal.convolve2d(image, kernel, mode="same",
    boundary=boundary)`` (to ~1e-12 relative) for a kernel no larger than
    the image. The image spectrum is cached by content and the kernel
    spectrum by content and FFT size, so re-filtering is cheap.

    Parameters
    ----------
    image : array_like or Filterer
        2-D real image (or a :class:`Filterer` holding one).
    kernel : array_like
        2-D real or complex kernel.
    boundary : {"symm", "fill", "wrap"}, optional
        Symmetric reflection (default; avoids dark frames around the image),
        zeros, or periodic wrap.

    Returns
    -------
    ndarray
        Same shape as ``image``; complex iff ``kernel`` is.
    """
    return _filterer_for(image, boundary).filter(kernel)


def energy(
    image,
    sigma: float,
    theta: float,
    wavelength: float,
    gamma: float = 1.0,
    size=None,
    boundary: str = "symm",
) -> np.ndarray:
    """Gabor energy ``sqrt(even^2 + odd^2)`` (complex-cell model).

    ``even`` and ``odd`` are the responses to ``gabor_kernel`` with phase 0
    and pi/2 (Adelson & Bergen 1985). Parameters as in :func:`gabor_kernel`
    and :func:`filter_image`.

    Returns
    -------
    ndarray
        Non-negative float64 array of the image's shape.
    """
    return _filterer_for(image, boundary).energy(sigma, theta, wavelength, gamma, size)


# --------------------------------------------------------------------------
# display


def normalise_for_display(resp, mode: str = "signed", percentile: float = 99.0) -> np.ndarray:
    """Scale a response robustly to [-1, 1] (signed) or [0, 1] (positive).

    ``"signed"`` divides by the ``percentile`` of ``|resp|`` so 0 stays 0 (for
    a diverging colour map). ``"positive"`` maps 0 (or, if the data has
    negatives, the ``100 - percentile`` point) to 0 and the ``percentile``
    point to 1. Values beyond are clipped, so a few hot pixels do not wash
    the picture out. NaN/inf are treated as 0 and a constant (or empty)
    input gives zeros, never NaN.

    Parameters
    ----------
    resp : array_like
        Response map.
    mode : {"signed", "positive"}
    percentile : float, optional
        Robust maximum, in (0, 100].

    Returns
    -------
    ndarray
        Float64 of ``resp``'s shape.
    """
    if mode not in ("signed", "positive"):
        raise ValueError(f'mode must be "signed" or "positive", got {mode!r}')
    r = np.asarray(resp, dtype=float)
    r = np.where(np.isfinite(r), r, 0.0)
    if r.size == 0:
        return r.copy()
    p = float(min(max(percentile, 1e-6), 100.0))
    if mode == "signed":
        hi = float(np.percentile(np.abs(r), p))
        if not hi > 0:
            hi = float(np.max(np.abs(r)))
        if not hi > 0 or not math.isfinite(hi):
            return np.zeros_like(r)
        with np.errstate(over="ignore", invalid="ignore"):
            out = r / hi
        return np.clip(np.nan_to_num(out, nan=0.0), -1.0, 1.0)
    lo = 0.0 if r.min() >= 0 else float(np.percentile(r, 100.0 - p))
    hi = float(np.percentile(r, p))
    if not hi > lo:
        hi = float(r.max())
    span = hi - lo
    if not span > 0 or not math.isfinite(span):
        return np.where(r > lo, 1.0, 0.0) if r.max() > lo else np.zeros_like(r)
    with np.errstate(over="ignore", invalid="ignore"):
        out = (r - lo) / span
    return np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0)


# --------------------------------------------------------------------------
# populations and tuning


def orientations(n_orient: int = 8) -> np.ndarray:
    """The ``n_orient`` preferred angles of a bank, ``k pi / n``, radians."""
    n = int(n_orient)
    if n < 1:
        raise ValueError(f"n_orient must be >= 1, got {n_orient}")
    return np.arange(n) * np.pi / n


def bank(
    image,
    sigma: float,
    wavelength: float,
    gamma: float = 1.0,
    n_orient: int = 8,
    size=None,
    kind: str = "energy",
    boundary: str = "symm",
) -> np.ndarray:
    """Responses of a hypercolumn: one filter per orientation ``k pi / n``.

    Parameters
    ----------
    image : array_like or Filterer
    sigma, wavelength, gamma, size
        As in :func:`gabor_kernel`.
    n_orient : int, optional
        Number of orientations, see :func:`orientations`.
    kind : {"energy", "even", "odd"}
    boundary : {"symm", "fill", "wrap"}

    Returns
    -------
    ndarray
        Shape ``(n_orient, H, W)``.
    """
    if kind not in ("energy", "even", "odd"):
        raise ValueError(f'kind must be "energy", "even" or "odd", got {kind!r}')
    f = _filterer_for(image, boundary)
    thetas = orientations(n_orient)
    out = np.empty((len(thetas),) + f.shape)
    for i, th in enumerate(thetas):
        q = f.quadrature(sigma, th, wavelength, gamma, size, cache=False)
        if kind == "energy":
            out[i] = np.abs(q)
        else:
            out[i] = q.real if kind == "even" else q.imag
    return out


def winner_map(responses, min_response: float | None = None) -> np.ndarray:
    """Index of the strongest orientation at each pixel.

    Parameters
    ----------
    responses : array_like
        ``(n, H, W)`` from :func:`bank`.
    min_response : float, optional
        Pixels whose best response is below this get -1 ("no preference").

    Returns
    -------
    ndarray
        Int array ``(H, W)`` of indices into :func:`orientations`.
    """
    r = np.asarray(responses, dtype=float)
    if r.ndim != 3 or r.shape[0] == 0:
        raise ValueError(f"responses must be (n, H, W), got shape {r.shape}")
    r = np.where(np.isfinite(r), r, -np.inf)
    win = np.argmax(r, axis=0)
    if min_response is not None:
        win = np.where(np.max(r, axis=0) < min_response, -1, win)
    return win


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
    kh, kw = h.shape
    y = np.arange(kh, dtype=float) - kh // 2
    x = np.arange(kw, dtype=float) - kw // 2
    d = np.deg2rad(np.arange(0.0, 90.0 + resolution_deg, resolution_deg))
    f = 1.0 / wavelength
    width = 0.0
    for side in (1.0, -1.0):
        a = theta + side * d
        u, v = f * np.cos(a), f * np.sin(a)
        # The kernel's spectrum peaks at -f (it is exp(-i 2 pi f x')), so sample
        # H(-k) = sum h exp(+i 2 pi k.q); separable in x and y for each angle.
        ex = np.exp(2j * np.pi * u[:, None] * x[None, :])  # (n, kw)
        ey = np.exp(2j * np.pi * v[:, None] * y[None, :])  # (n, kh)
        mag = np.abs(np.sum((ey @ h) * ex, axis=1))
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
