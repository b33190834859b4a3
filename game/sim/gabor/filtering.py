"""FFT filtering of an image with Gabor (or any) kernels, and the bounded caches that make it cheap.

Filtering is 2-D *convolution* (the kernel is flipped, as in
``scipy.signal.convolve2d``) with the image extended past its border by
symmetric reflection (``boundary="symm"``, the default), zeros (``"fill"``) or
periodic wrap (``"wrap"``); each result equals
``scipy.signal.convolve2d(image, kernel, mode="same", boundary=...)``.

Caches (all bounded, all owned by an object):

- a :class:`Filterer` holds one image's padded spectrum and its last few
  complex responses (``response_cache``);
- a :class:`KernelSpectra` holds the last few kernel spectra by kernel and FFT
  shape; Filterers given the same one share it (a lab gives every picture it
  shows the same cache, so a new picture of the same size reuses the current
  kernel's spectrum). A Filterer without one gets its own;
- the module functions (:func:`filter_image`, :func:`energy`, and the
  population functions of :mod:`game.sim.gabor.bank` and
  :mod:`game.sim.gabor.tuning` on raw arrays) share one bounded memo,
  :data:`MEMO`: the last :data:`MEMO_IMAGES` image Filterers, keyed by a
  content digest (an array changed in place is never stale), and one
  :class:`KernelSpectra`. It memoises pure functions of their arguments;
  :func:`clear_caches` empties it.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from scipy import fft as sfft

from game.sim.gabor.kernels import _finite, _finite_positive, _size_hw, quadrature_kernel

#: Threads for scipy.fft (-1: all cores). The game loop waits for the FFT
#: anyway, so using both cores of a 2-core machine halves the frame time.
DEFAULT_WORKERS = -1
#: Kernel spectra a Filterer keeps when it is given no shared cache.
KERNEL_SPECTRA_KEPT = 6
#: Image Filterers the module functions' memo keeps.
MEMO_IMAGES = 3

_BOUNDARY_MODES = {"symm": "symmetric", "fill": "constant", "wrap": "wrap"}
_PRECISIONS = {"double": (np.float64, np.complex128), "single": (np.float32, np.complex64)}


# --------------------------------------------------------------------------
# caches


class LRU:
    """A tiny least-recently-used dict with hit and miss counters (bounded by ``maxsize``)."""

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


class KernelSpectra(LRU):
    """Spectra of kernels at given FFT shapes and precisions (a bounded LRU).

    Keys are ``(kernel key, FFT shape, precision, complex)``; Filterers that
    are given the same instance share their kernels' spectra.

    Parameters
    ----------
    maxsize : int, optional
        Spectra kept (each is one complex array of the FFT shape).
    """

    def __init__(self, maxsize: int = KERNEL_SPECTRA_KEPT):
        super().__init__(maxsize)


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
    one kernel FFT (kept in its :class:`KernelSpectra`, which Filterers may
    share) and one inverse FFT. A Gabor parameter set costs a single *complex* FFT pair giving both
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
    spectra : KernelSpectra, optional
        The kernel-spectrum cache to use (share one between Filterers of
        images of the same size); default: a cache of this Filterer's own.

    Examples
    --------
    >>> from game.sim.images import grating
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
        spectra: KernelSpectra | None = None,
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
        self._responses = LRU(response_cache)
        self.spectra = spectra if spectra is not None else KernelSpectra()

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
        spec = self.spectra.get(full_key)
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
            self.spectra.put(full_key, spec)
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
        """Hit/miss counters of the kernel-spectrum cache (:attr:`spectra`) and
        this filterer's response cache (for tests and the benchmark)."""
        return {
            "kernel_hits": self.spectra.hits,
            "kernel_misses": self.spectra.misses,
            "response_hits": self._responses.hits,
            "response_misses": self._responses.misses,
            "fft_shape": self._fft_shape,
            "margin": self._margin,
        }


class Memo:
    """The module functions' bounded memo: image Filterers by content, one shared kernel cache.

    Parameters
    ----------
    images : int
        Image Filterers kept (least recently used first out).
    spectra : int
        Kernel spectra kept, shared by those Filterers.
    """

    def __init__(self, images: int = MEMO_IMAGES, spectra: int = KERNEL_SPECTRA_KEPT) -> None:
        self.filterers = LRU(images)
        self.spectra = KernelSpectra(spectra)

    def filterer(self, image, boundary: str) -> Filterer:
        """A double-precision Filterer of ``image`` (a Filterer is used as it is)."""
        if isinstance(image, Filterer):
            if image.boundary != boundary:
                raise ValueError(f"Filterer uses boundary {image.boundary!r}, asked for {boundary!r}")
            return image
        img = _as_image(image)
        key = _digest(img) + (boundary,)
        f = self.filterers.get(key)
        if f is None:
            f = Filterer(img, boundary=boundary, precision="double", spectra=self.spectra)
            self.filterers.put(key, f)
        return f

    def clear(self) -> None:
        self.filterers.clear()
        self.spectra.clear()


#: The memo of the module functions (bounded: :data:`MEMO_IMAGES` images,
#: :data:`KERNEL_SPECTRA_KEPT` kernel spectra); their results are pure functions
#: of their arguments, so it changes only how fast they are.
MEMO = Memo()


def clear_caches() -> None:
    """Forget the module functions' memo (its image and kernel spectra)."""
    MEMO.clear()


def _filterer_for(image, boundary: str) -> Filterer:
    return MEMO.filterer(image, boundary)


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

