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

The package, split along what each part does:

- :mod:`~game.sim.gabor.kernels`: the kernel formula, its default size and
  the clamping of parameters into the sane range;
- :mod:`~game.sim.gabor.filtering`: FFT convolution of an image with any
  kernel (:class:`Filterer`) and its bounded caches;
- :mod:`~game.sim.gabor.display`: response maps scaled for display;
- :mod:`~game.sim.gabor.bank`: a hypercolumn of orientations (all at once, or
  one per step for a frame-budgeted scheduler), winner and selectivity maps;
- :mod:`~game.sim.gabor.tuning`: orientation and wavelength tuning curves and
  bandwidths.

Every name below is importable from ``game.sim.gabor`` itself.

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

from __future__ import annotations

from game.sim.gabor.bank import Hypercolumn, bank, orientation_selectivity, orientations, winner_map
from game.sim.gabor.display import normalise_for_display
from game.sim.gabor.filtering import (
    DEFAULT_WORKERS,
    Filterer,
    KernelSpectra,
    Responses,
    clear_caches,
    energy,
    filter_image,
)
from game.sim.gabor.kernels import (
    GAMMA_RANGE,
    MIN_SIGMA_PX,
    MIN_WAVELENGTH_PX,
    Clamped,
    clamp_params,
    gabor_kernel,
    kernel_size,
    quadrature_kernel,
)
from game.sim.gabor.tuning import (
    central_region,
    matched_spectrum,
    orientation_bandwidth,
    polar_tuning,
    spatial_frequency_bandwidth,
    tuning_curve,
    wavelength_tuning,
)
from game.sim.images import grating

__all__ = [
    "DEFAULT_WORKERS",
    "MIN_SIGMA_PX",
    "MIN_WAVELENGTH_PX",
    "GAMMA_RANGE",
    "Clamped",
    "Filterer",
    "Hypercolumn",
    "KernelSpectra",
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
    "matched_spectrum",
    "normalise_for_display",
    "orientation_bandwidth",
    "orientation_selectivity",
    "orientations",
    "polar_tuning",
    "quadrature_kernel",
    "spatial_frequency_bandwidth",
    "tuning_curve",
    "wavelength_tuning",
    "winner_map",
]
