"""Energy and tuning (game.sim.gabor.tuning): phase invariance, tuning curves, bandwidths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from game.sim.gabor import (
    central_region,
    energy,
    filter_image,
    gabor_kernel,
    grating,
    kernel_size,
    orientation_bandwidth,
    orientations,
    spatial_frequency_bandwidth,
    tuning_curve,
    wavelength_tuning,
)


def _closed_form_fwhm(sigma, lam, gamma):
    a = 2 * np.pi**2 * sigma**2 / lam**2
    d = brentq(lambda d: a * ((1 - np.cos(d)) ** 2 + np.sin(d) ** 2 / gamma**2) - np.log(2), 1e-9, np.pi / 2)
    return 2 * np.rad2deg(d)


def test_energy_is_nearly_phase_invariant_on_a_grating_while_the_even_response_is_not():
    lam, theta = 10.0, 0.6
    img = grating((96, 96), theta, lam)
    sl = central_region(img.shape, 0.4)
    e = energy(img, 0.56 * lam, theta, lam)[sl]
    cv = e.std() / e.mean()
    assert cv < 1e-3, f"energy varies over position (CV={cv:.2e}): quadrature pair not 90 degrees apart?"
    even = filter_image(img, gabor_kernel(0.56 * lam, theta, lam))[sl]
    assert even.std() / np.abs(even).mean() > 0.5, "the simple-cell (even) response should follow the stripes"
    means = [energy(grating((96, 96), theta, lam, ph), 0.56 * lam, theta, lam)[sl].mean() for ph in (0, 1, 2.5)]
    assert np.ptp(means) < 1e-3 * np.mean(means), "energy should not depend on the grating's phase"


@pytest.mark.parametrize("theta_g", [0.0, 3 * np.pi / 8, 5 * np.pi / 8])
def test_tuning_curve_peaks_at_the_gratings_orientation(theta_g):
    img = grating((64, 64), theta_g, 8.0)
    thetas = orientations(16)
    curve = tuning_curve(img, 4.5, thetas, 8.0)
    assert thetas[np.argmax(curve)] == pytest.approx(theta_g), f"tuning peaks at {thetas[np.argmax(curve)]}"
    assert curve.min() < 0.05 * curve.max(), "orthogonal filters should barely respond"


def test_wavelength_tuning_peaks_at_the_gratings_wavelength():
    img = grating((96, 96), 1.0, 9.0)
    lams = np.array([4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 14.0, 18.0, 24.0])
    curve = wavelength_tuning(img, 6.0, 1.0, lams)
    assert lams[np.argmax(curve)] == 9.0, f"wavelength tuning peaks at {lams[np.argmax(curve)]} px"


def test_tuning_curve_half_width_matches_orientation_bandwidth():
    lam, sigma = 8.0, 5.0
    img = grating((96, 96), 0.0, lam)
    thetas = np.deg2rad(np.arange(0.0, 60.0, 0.5))
    curve = tuning_curve(img, sigma, thetas, lam)
    half = np.deg2rad(np.interp(-0.5, -curve / curve[0], np.rad2deg(thetas)))
    measured = 2 * np.rad2deg(half)
    assert measured == pytest.approx(orientation_bandwidth(sigma, lam), abs=1.5), (
        "tuning-curve FWHM disagrees with orientation_bandwidth: kernel spectrum sampled at the wrong frequency?"
    )


@pytest.mark.parametrize("sigma,lam,gamma", [(4.0, 8.0, 1.0), (6.0, 8.0, 0.5), (3.0, 5.0, 2.0)])
def test_orientation_bandwidth_of_an_untruncated_kernel_matches_the_gaussian_closed_form(sigma, lam, gamma):
    got = orientation_bandwidth(sigma, lam, gamma, size=4 * int(6 * sigma / min(gamma, 1)) + 1)
    assert got == pytest.approx(_closed_form_fwhm(sigma, lam, gamma), abs=0.3)


def test_a_kernel_cut_by_its_square_has_a_bandwidth_that_depends_on_theta():
    # the square is longer along its diagonals: sigma 4, lambda 10, gamma 0.5 cut to 31 px
    at_0 = orientation_bandwidth(4.0, 10.0, 0.5, size=31)
    at_45 = orientation_bandwidth(4.0, 10.0, 0.5, size=31, theta=np.pi / 4)
    assert at_0 == pytest.approx(30.0, abs=0.05) and at_45 == pytest.approx(28.4, abs=0.05)
    assert orientation_bandwidth(4.0, 10.0, 0.5, size=31, theta=np.pi / 2) == pytest.approx(at_0, abs=1e-6), \
        "a square window looks the same after a quarter turn"
    whole = kernel_size(4.0, 0.5) * 2 + 1
    assert orientation_bandwidth(4.0, 10.0, 0.5, size=whole) == pytest.approx(
        orientation_bandwidth(4.0, 10.0, 0.5, size=whole, theta=np.pi / 4), abs=0.05), "uncut: theta does not matter"


@pytest.mark.parametrize("sigma,width", [(3.25, 19.9), (4.0, 16.4), (6.0, 12.5)])
def test_inside_a_21_px_square_raising_sigma_still_narrows_the_tuning(sigma, width):
    # gab-06's note: cutting a wide envelope at 21 px flattens it towards the square window,
    # whose main lobe is narrower still, so the size limit does not stop sigma from helping
    assert orientation_bandwidth(sigma, 3.0, size=21) == pytest.approx(width, abs=0.05)
    assert orientation_bandwidth(1000.0, 3.0, size=21) == pytest.approx(9.9, abs=0.05), "the 21-px box limit"


def test_orientation_tuning_narrows_with_sigma_and_elongation_and_widens_when_truncated():
    base = orientation_bandwidth(4.0, 8.0)
    assert orientation_bandwidth(6.0, 8.0) < base, "more cycles under the envelope should narrow the tuning"
    assert orientation_bandwidth(4.0, 8.0, gamma=0.5) < base, "elongating along the stripes should narrow it"
    assert orientation_bandwidth(8.0, 8.0, gamma=0.5, max_size=15) > orientation_bandwidth(8.0, 8.0, gamma=0.5)
    assert orientation_bandwidth(0.6, 8.0) == 180.0, "a blob with no full cycle is untuned"


def test_spatial_frequency_bandwidth_is_one_octave_at_sigma_over_lambda_0_56():
    assert spatial_frequency_bandwidth(0.56 * 10, 10) == pytest.approx(1.0, abs=0.01)
    assert spatial_frequency_bandwidth(1.0, 10.0) == math.inf
