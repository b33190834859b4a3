"""Frame-time figures for the Gabor lab's filtering (issue 6).

Scenario: a 512 x 512 image and a 61 x 61 kernel (sigma = 10 px), filtered
while a slider is dragged, so every call builds a *new* kernel (theta moves a
little each time) while the image spectrum stays cached. Compared side by side
with direct convolution in ``scipy.ndimage.convolve`` and with
``skimage.filters.gabor`` (if installed) on the same image and kernel size.

Run: ``python -m benchmarks.bench_gabor`` (or ``python benchmarks/bench_gabor.py``).
``run()`` returns the figures as a dict; times are milliseconds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy import ndimage

if __package__ in (None, ""):  # run as a script: make `game` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.sim import gabor  # noqa: E402
from game.sim.gabor import Filterer, filter_image, gabor_kernel  # noqa: E402
from game.sim.images import oriented_noise  # noqa: E402

SIGMA_PX = 10.0
WAVELENGTH_PX = 20.0
KERNEL_PX = 61


def _times(fn, repeat: int) -> np.ndarray:
    out = np.empty(repeat)
    for i in range(repeat):
        t0 = time.perf_counter()
        fn(i)
        out[i] = (time.perf_counter() - t0) * 1e3
    return out


def _drag(f: Filterer, repeat: int, what: str) -> np.ndarray:
    """Time ``repeat`` slider steps; each step is a fresh theta (cache miss)."""

    def step(i):
        theta = 0.013 * (i + 1) + (0.5 if what == "even" else 0.0)
        if what == "even":
            f.filter(gabor_kernel(SIGMA_PX, theta, WAVELENGTH_PX, size=KERNEL_PX))
        else:
            r = f.responses(SIGMA_PX, theta, WAVELENGTH_PX, size=KERNEL_PX)
            r.energy  # noqa: B018 - all three maps are ready for drawing

    step(-50)  # warm up (plans, page faults)
    return _times(step, repeat)


def run(repeat: int = 60, slow_repeat: int = 3) -> dict:
    """Measure and return the figures (ms unless named otherwise)."""
    rng = np.random.default_rng(0)
    img512 = oriented_noise((512, 512), 0.6, 0.3, rng, wavelength=WAVELENGTH_PX)
    img256 = img512[128:384, 128:384].copy()
    margin = KERNEL_PX // 2
    figs: dict = {
        "cpu_count": os.cpu_count(),
        # other processes on the machine inflate every figure: report the load
        "load_avg_1min_before": os.getloadavg()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "image_px": 512,
        "kernel_px": KERNEL_PX,
    }

    gabor.clear_caches()
    single = Filterer(img512, margin=margin, precision="single")
    double = Filterer(img512, margin=margin, precision="double")
    t_energy = _drag(single, repeat, "energy")
    t_even = _drag(single, repeat, "even")
    t_energy_d = _drag(double, repeat, "energy")
    figs["ours_energy_single_median_ms"] = float(np.median(t_energy))
    figs["ours_energy_single_p95_ms"] = float(np.percentile(t_energy, 95))
    figs["ours_even_single_median_ms"] = float(np.median(t_even))
    figs["ours_energy_double_median_ms"] = float(np.median(t_energy_d))
    figs["fft_shape"] = single.cache_info()["fft_shape"]

    # cached paths: the phase slider and the view toggle reuse the complex response
    single.responses(SIGMA_PX, 0.3, WAVELENGTH_PX, size=KERNEL_PX)
    t_phase = _times(lambda i: single.responses(SIGMA_PX, 0.3, WAVELENGTH_PX, phase=0.1 * i, size=KERNEL_PX), repeat)
    figs["ours_phase_change_median_ms"] = float(np.median(t_phase))
    # a new picture at the same size with the same kernel: image FFT only
    t_new = _times(lambda i: Filterer(img512 + i, margin=margin, spectra=single.spectra).energy(SIGMA_PX, 0.3, WAVELENGTH_PX, size=KERNEL_PX),
                   max(repeat // 4, 5))
    figs["ours_new_image_same_kernel_median_ms"] = float(np.median(t_new))
    # filter_image (module function: double precision, content-hashed image cache)
    t_fi = _times(lambda i: filter_image(img512, gabor_kernel(SIGMA_PX, 0.01 * i, WAVELENGTH_PX, size=KERNEL_PX)),
                  max(repeat // 4, 5))
    figs["filter_image_double_median_ms"] = float(np.median(t_fi))

    small = Filterer(img256, margin=margin, precision="single")
    t256 = _drag(small, repeat, "energy")
    figs["ours_energy_single_256_median_ms"] = float(np.median(t256))
    figs["ours_energy_single_256_p99_ms"] = float(np.percentile(t256, 99))

    # references: direct convolution with the same 61 x 61 kernel and border
    k_even = gabor_kernel(SIGMA_PX, 0.3, WAVELENGTH_PX, size=KERNEL_PX)
    t_nd = _times(lambda i: ndimage.convolve(img512, k_even, mode="reflect"), slow_repeat)
    figs["scipy_ndimage_convolve_median_ms"] = float(np.median(t_nd))
    figs["ratio_ndimage_vs_ours_even"] = figs["scipy_ndimage_convolve_median_ms"] / figs["ours_even_single_median_ms"]
    ours_even = Filterer(img512, margin=margin, precision="double").filter(k_even)
    figs["max_abs_diff_vs_ndimage"] = float(np.abs(ours_even - ndimage.convolve(img512, k_even, mode="reflect")).max())
    try:
        from skimage.filters import gabor as sk_gabor
    except ImportError:
        figs["skimage_gabor_median_ms"] = None
        figs["ratio_skimage_vs_ours_energy"] = None
    else:
        # frequency = 1/lambda, sigma_x = sigma_y = sigma, n_stds=3 -> 61 x 61
        t_sk = _times(
            lambda i: sk_gabor(img512, 1.0 / WAVELENGTH_PX, theta=0.3, sigma_x=SIGMA_PX, sigma_y=SIGMA_PX),
            slow_repeat,
        )
        figs["skimage_gabor_median_ms"] = float(np.median(t_sk))
        figs["ratio_skimage_vs_ours_energy"] = figs["skimage_gabor_median_ms"] / figs["ours_energy_single_median_ms"]
    figs["load_avg_1min_after"] = os.getloadavg()[0]
    figs["goal_median_le_8ms"] = figs["ours_energy_single_median_ms"] <= 8.0
    figs["goal_ratio_ge_10x"] = figs["ratio_ndimage_vs_ours_even"] >= 10.0
    return figs


def main() -> None:
    figs = run()
    width = max(len(k) for k in figs)
    for key, value in figs.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
