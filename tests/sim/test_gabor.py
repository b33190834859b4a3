"""Gabor kernels, FFT filtering, energy and tuning in game.sim.gabor."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import brentq
from scipy.signal import convolve2d

from game.sim import gabor
from game.sim.gabor import (
    Filterer,
    bank,
    central_region,
    clamp_params,
    energy,
    filter_image,
    gabor_kernel,
    grating,
    kernel_size,
    normalise_for_display,
    orientation_bandwidth,
    orientations,
    quadrature_kernel,
    spatial_frequency_bandwidth,
    tuning_curve,
    wavelength_tuning,
    winner_map,
)
from game.sim.images import grating as images_grating
from game.sim.images import two_textures


@pytest.fixture
def rng():
    return np.random.default_rng(2024)


# --------------------------------------------------------------------------
# the kernel


def test_kernel_follows_the_formula_with_x_right_and_y_down():
    sigma, theta, lam, psi, gamma = 3.0, 0.6, 7.0, 0.4, 0.7
    k = gabor_kernel(sigma, theta, lam, psi, gamma, size=15)
    c = 7
    for dy, dx in [(0, 0), (2, 5), (-3, 1), (4, -6)]:
        xr = dx * math.cos(theta) + dy * math.sin(theta)
        yr = -dx * math.sin(theta) + dy * math.cos(theta)
        want = math.exp(-(xr**2 + gamma**2 * yr**2) / (2 * sigma**2)) * math.cos(2 * math.pi * xr / lam + psi)
        assert k[c + dy, c + dx] == pytest.approx(want, abs=1e-14), (
            f"pixel (dy={dy}, dx={dx}): x must index columns and y rows, with y growing downward"
        )


def test_default_size_covers_three_sigma_of_the_longer_axis_and_is_odd():
    assert gabor_kernel(4.0, 0.3, 8.0).shape == (25, 25)
    assert gabor_kernel(4.0, 0.3, 8.0, gamma=0.5).shape == (49, 49), "gamma < 1 lengthens the envelope along y'"
    assert gabor_kernel(4.0, 0.3, 8.0, gamma=2.0).shape == (25, 25)
    assert gabor_kernel(4.0, 0.3, 8.0, max_size=20).shape == (19, 19), "max_size caps at the odd size below"
    assert gabor_kernel(4.0, 0.3, 8.0, size=10).shape == (11, 11), "even sizes round up to odd, as OpenCV"
    assert gabor_kernel(4.0, 0.3, 8.0, size=(9, 13)).shape == (9, 13)
    assert kernel_size(0.1) == 3
    for th in np.linspace(0, np.pi, 7):
        assert gabor_kernel(5.0, th, 9.0).shape == (31, 31), "size must not change while theta rotates"


def test_theta_zero_prefers_vertical_stripes_over_horizontal_ones():
    k = gabor_kernel(4.0, 0.0, 8.0)
    vertical = grating(k.shape, 0.0, 8.0)
    horizontal = grating(k.shape, np.pi / 2, 8.0)
    np.testing.assert_allclose(k[:, k.shape[1] // 2], np.exp(-(np.arange(-12, 13) ** 2) / 32.0), atol=1e-14,
                               err_msg="at theta=0 the centre column should be the pure envelope (a stripe)")
    assert abs(np.sum(k * vertical)) > 20 * abs(np.sum(k * horizontal)), "theta=0 should match vertical stripes"


@pytest.mark.parametrize("theta", [0.0, 0.4, 1.3, 2.7])
def test_theta_and_theta_plus_pi_give_the_same_even_kernel_and_opposite_odd_kernels(theta):
    a = gabor_kernel(3.0, theta, 6.0, gamma=0.6)
    b = gabor_kernel(3.0, theta + np.pi, 6.0, gamma=0.6)
    np.testing.assert_allclose(a, b, atol=1e-12, err_msg="even kernel must be symmetric under theta -> theta + pi")
    ao = gabor_kernel(3.0, theta, 6.0, np.pi / 2, 0.6)
    bo = gabor_kernel(3.0, theta + np.pi, 6.0, np.pi / 2, 0.6)
    np.testing.assert_allclose(ao, -bo, atol=1e-12)


@pytest.mark.parametrize("sigma,theta,lam,gamma", [(2.0, 0.0, 5.0, 1.0), (4.0, 0.7, 3.0, 0.5), (6.0, 2.1, 20.0, 1.7)])
def test_odd_kernel_sums_to_zero(sigma, theta, lam, gamma):
    k = gabor_kernel(sigma, theta, lam, np.pi / 2, gamma)
    assert abs(k.sum()) < 1e-12 * np.abs(k).sum(), "odd kernel has DC: grid not centred on a pixel?"


def test_even_kernel_dc_falls_towards_zero_as_sigma_over_wavelength_grows():
    lam = 8.0
    ratios = [0.25, 0.4, 0.56, 0.8, 1.2]
    dc = [abs(gabor_kernel(r * lam, 0.3, lam).sum()) / np.abs(gabor_kernel(r * lam, 0.3, lam)).sum() for r in ratios]
    assert all(a > b for a, b in zip(dc, dc[1:])), f"relative DC should fall monotonically, got {dc}"
    assert dc[-1] < 1e-4, "a many-cycle even Gabor should be nearly zero-mean"
    # closed form for the untruncated kernel: 2 pi sigma^2 exp(-2 pi^2 sigma^2 / lambda^2)
    s = 0.4 * lam
    assert gabor_kernel(s, 0.0, lam, size=81).sum() == pytest.approx(
        2 * np.pi * s**2 * np.exp(-2 * np.pi**2 * s**2 / lam**2), rel=1e-6
    )


def test_quadrature_kernel_is_even_plus_i_odd():
    q = quadrature_kernel(3.0, 0.9, 7.0, 0.8)
    np.testing.assert_allclose(q.real, gabor_kernel(3.0, 0.9, 7.0, 0.0, 0.8), atol=1e-14)
    np.testing.assert_allclose(q.imag, gabor_kernel(3.0, 0.9, 7.0, np.pi / 2, 0.8), atol=1e-14)


def test_bad_kernel_parameters_raise_value_error_pointing_to_clamp_params():
    for kwargs in [dict(sigma=0.0), dict(wavelength=float("nan")), dict(gamma=-1.0)]:
        args = dict(sigma=2.0, theta=0.0, wavelength=6.0, gamma=1.0) | kwargs
        with pytest.raises(ValueError, match="clamp_params"):
            gabor_kernel(**args)


def test_grating_is_re_exported_from_images():
    assert grating is images_grating


# --------------------------------------------------------------------------
# OpenCV


@pytest.mark.parametrize(
    "sigma,theta,lam,gamma,psi,ksize",
    [(3.0, 0.0, 8.0, 1.0, 0.0, (21, 21)), (2.5, 0.7, 6.0, 0.5, 0.3, (19, 13)), (4.0, 2.4, 11.0, 1.6, -1.1, (25, 31))],
)
def test_opencv_kernel_is_ours_rotated_by_180_degrees(sigma, theta, lam, gamma, psi, ksize):
    cv2 = pytest.importorskip("cv2")
    w, h = ksize  # OpenCV sizes are (width, height)
    cv = cv2.getGaborKernel((w, h), sigma, theta, lam, gamma, psi, ktype=cv2.CV_64F)
    ours = gabor_kernel(sigma, theta, lam, psi, gamma, size=(h, w))
    assert cv.shape == ours.shape
    np.testing.assert_allclose(cv, ours[::-1, ::-1], atol=1e-12,
                               err_msg="OpenCV stores g(x, y) at [ymax - y, xmax - x]: a 180 degree rotation")
    np.testing.assert_allclose(cv, gabor_kernel(sigma, theta, lam, -psi, gamma, size=(h, w)), atol=1e-12,
                               err_msg="the rotation equals flipping the sign of psi")
    np.testing.assert_allclose(cv, gabor_kernel(sigma, theta + np.pi, lam, psi, gamma, size=(h, w)), atol=1e-12)


def test_opencv_filter2d_with_its_kernel_equals_our_convolution(rng):
    cv2 = pytest.importorskip("cv2")
    img = rng.random((40, 52))
    cv = cv2.getGaborKernel((15, 15), 3.0, 0.8, 7.0, 0.7, 0.5, ktype=cv2.CV_64F)
    got = cv2.filter2D(img, cv2.CV_64F, cv, borderType=cv2.BORDER_REFLECT)
    want = filter_image(img, gabor_kernel(3.0, 0.8, 7.0, 0.5, 0.7, size=15), boundary="symm")
    np.testing.assert_allclose(got, want, atol=1e-10,
                               err_msg="filter2D correlates; with the 180-degree kernel it must equal convolution")


# --------------------------------------------------------------------------
# filtering


@pytest.mark.parametrize("boundary", ["symm", "fill", "wrap"])
@pytest.mark.parametrize("kshape", [(5, 5), (9, 3), (4, 6), (1, 1)])
def test_filter_image_equals_convolve2d(rng, boundary, kshape):
    img = rng.standard_normal((23, 31))
    k = rng.standard_normal(kshape)
    np.testing.assert_allclose(
        filter_image(img, k, boundary=boundary), convolve2d(img, k, mode="same", boundary=boundary), atol=1e-11,
        err_msg=f"FFT filtering differs from convolve2d ({boundary}): padding width or crop offset wrong",
    )


def test_filter_image_with_a_complex_kernel_equals_convolve2d(rng):
    img = rng.standard_normal((20, 24))
    k = quadrature_kernel(2.0, 0.5, 5.0)
    np.testing.assert_allclose(filter_image(img, k), convolve2d(img, k, mode="same", boundary="symm"), atol=1e-11)


@settings(max_examples=25, deadline=None)
@given(
    img=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=3, max_side=24),
                   elements=st.floats(-10, 10)),
    kh=st.integers(1, 7), kw=st.integers(1, 7), boundary=st.sampled_from(["symm", "fill", "wrap"]),
    seed=st.integers(0, 2**16),
)
def test_filter_image_equals_convolve2d_for_any_small_image_and_kernel(img, kh, kw, boundary, seed):
    kh, kw = min(kh, img.shape[0]), min(kw, img.shape[1])
    k = np.random.default_rng(seed).standard_normal((kh, kw))
    np.testing.assert_allclose(filter_image(img, k, boundary), convolve2d(img, k, "same", boundary), atol=1e-9)


def test_filter_image_sees_an_image_changed_in_place(rng):
    img = rng.random((30, 30))
    k = gabor_kernel(2.0, 0.0, 5.0)
    first = filter_image(img, k)
    img[10:20, 10:20] += 1.0
    np.testing.assert_allclose(filter_image(img, k), convolve2d(img, k, "same", "symm"), atol=1e-11,
                               err_msg="stale cached image spectrum: the cache must key on content, not id()")
    assert not np.allclose(first, filter_image(img, k))


def test_filter_image_refuses_nan_and_non_2d_input():
    with pytest.raises(ValueError, match="NaN"):
        filter_image(np.full((5, 5), np.nan), np.ones((3, 3)))
    with pytest.raises(ValueError, match="2-D"):
        filter_image(np.ones(5), np.ones((3, 3)))
    with pytest.raises(ValueError, match="boundary"):
        filter_image(np.ones((5, 5)), np.ones((3, 3)), boundary="reflect")


@pytest.mark.parametrize("phase", [0.0, 0.9, np.pi / 2, -2.0])
def test_filterer_responses_match_filtering_with_the_phase_shifted_kernels(rng, phase):
    img = rng.standard_normal((40, 48))
    f = Filterer(img, precision="double")
    r = f.responses(3.0, 0.7, 7.0, phase=phase, gamma=0.8)
    even = filter_image(img, gabor_kernel(3.0, 0.7, 7.0, phase, 0.8))
    odd = filter_image(img, gabor_kernel(3.0, 0.7, 7.0, phase + np.pi / 2, 0.8))
    np.testing.assert_allclose(r.even, even, atol=1e-10, err_msg="response(psi) must be cos(psi) E + sin(psi) O")
    np.testing.assert_allclose(r.odd, odd, atol=1e-10)
    np.testing.assert_allclose(r.energy, np.hypot(even, odd), atol=1e-10)
    np.testing.assert_allclose(f.response(3.0, 0.7, 7.0, phase, 0.8), even, atol=1e-10)


def test_single_precision_filterer_agrees_with_double_to_float32_accuracy(rng):
    img = rng.random((64, 64))
    single = Filterer(img).energy(4.0, 1.0, 9.0)
    double = energy(img, 4.0, 1.0, 9.0)
    assert single.dtype == np.float32
    assert np.abs(single - double).max() < 1e-5 * double.max(), "single-precision path lost accuracy"


def test_filterer_reuses_kernel_spectra_and_responses(rng):
    gabor.clear_caches()
    a = Filterer(rng.random((50, 50)), margin=20)
    a.responses(4.0, 0.3, 8.0)
    info = a.cache_info()
    a.responses(4.0, 0.3, 8.0, phase=1.0)
    a.energy(4.0, 0.3, 8.0)
    after = a.cache_info()
    assert after["response_hits"] == info["response_hits"] + 2, "phase/energy changes should not re-filter"
    b = Filterer(rng.random((50, 50)), margin=20)
    b.energy(4.0, 0.3, 8.0)
    assert b.cache_info()["kernel_hits"] == after["kernel_hits"] + 1, (
        "a new image of the same size should reuse the cached kernel spectrum"
    )


def test_filterer_grows_its_margin_for_a_bigger_kernel_and_stays_exact(rng):
    img = rng.standard_normal((60, 70))
    f = Filterer(img, precision="double")
    small, big = gabor_kernel(1.0, 0.2, 4.0), gabor_kernel(6.0, 0.2, 12.0)
    np.testing.assert_allclose(f.filter(small), convolve2d(img, small, "same", "symm"), atol=1e-10)
    m = f.margin
    np.testing.assert_allclose(f.filter(big), convolve2d(img, big, "same", "symm"), atol=1e-10)
    assert f.margin >= big.shape[0] // 2 > m


def test_filterer_holds_a_read_only_copy_of_its_image(rng):
    img = rng.random((10, 10))
    f = Filterer(img)
    img[:] = 0
    assert f.image.any() and not f.image.flags.writeable


# --------------------------------------------------------------------------
# energy and tuning


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


def _closed_form_fwhm(sigma, lam, gamma):
    a = 2 * np.pi**2 * sigma**2 / lam**2
    d = brentq(lambda d: a * ((1 - np.cos(d)) ** 2 + np.sin(d) ** 2 / gamma**2) - np.log(2), 1e-9, np.pi / 2)
    return 2 * np.rad2deg(d)


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


def test_bank_winner_map_labels_each_texture_with_its_orientation():
    img, mask = two_textures((64, 96), np.pi / 4, 3 * np.pi / 4, 8.0)
    resp = bank(img, 4.5, 8.0, n_orient=8)
    assert resp.shape == (8, 64, 96)
    win = winner_map(resp)
    left, right = win[8:-8, 8:40], win[8:-8, 56:-8]
    assert np.mean(left == 2) > 0.95 and np.mean(right == 6) > 0.95, "winner index is not theta = k pi / n"
    assert np.all(winner_map(bank(np.zeros((16, 16)), 2.0, 6.0), min_response=1e-9) == -1)


def test_bank_accepts_a_filterer_and_even_and_odd_kinds(rng):
    img = rng.random((32, 32))
    f = Filterer(img, precision="double")
    ev = bank(f, 2.0, 6.0, n_orient=4, kind="even")
    np.testing.assert_allclose(ev[1], filter_image(img, gabor_kernel(2.0, np.pi / 4, 6.0)), atol=1e-10)
    with pytest.raises(ValueError, match="kind"):
        bank(f, 2.0, 6.0, kind="max")


# --------------------------------------------------------------------------
# display and clamping


def test_normalise_for_display_keeps_ranges_and_never_returns_nan():
    r = np.linspace(-5, 10, 61)  # contains 0 exactly
    s = normalise_for_display(r, "signed")
    assert s.min() >= -1 and s.max() == 1 and s[np.argmin(np.abs(r))] == 0, "signed mode must keep 0 at 0"
    p = normalise_for_display(np.abs(r), "positive")
    assert p.min() == 0 and p.max() == 1
    for const in (np.zeros((4, 4)), np.full((4, 4), 3.0), np.full((4, 4), -2.0), np.array([])):
        for mode in ("signed", "positive"):
            out = normalise_for_display(const, mode)
            assert np.all(np.isfinite(out)) and out.shape == const.shape, f"{mode} on constant input gave NaN"
    spiky = np.zeros(1000)
    spiky[:500] = 1.0
    spiky[0] = 1e6
    assert normalise_for_display(spiky, "positive")[1] == 1.0, "one hot pixel must not wash out the picture"


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 8), st.integers(0, 8)),
                  elements=st.floats(allow_nan=True, allow_infinity=True)),
       st.sampled_from(["signed", "positive"]))
def test_normalise_for_display_output_is_finite_and_in_range_for_any_input(arr, mode):
    out = normalise_for_display(arr, mode)
    assert out.shape == arr.shape and np.all(np.isfinite(out))
    lo = -1.0 if mode == "signed" else 0.0
    assert np.all((out >= lo) & (out <= 1.0))


def test_clamp_params_clamps_aliasing_wavelengths_and_says_so():
    c = clamp_params(4.0, 1.3)
    assert c.wavelength == 2.0 and c.notes == ("wavelength_clamped_nyquist",)
    assert clamp_params(4.0, 8.0, 1.0, 0.3, 0.2).notes == (), "valid values must pass untouched"
    c = clamp_params(0.0, float("nan"), 0.0)
    assert c.sigma == 0.5 and c.wavelength == 8.0 and c.gamma == 0.1
    assert set(c.notes) == {"sigma_clamped_min", "wavelength_not_finite", "gamma_clamped"}
    c = clamp_params(20.0, 8.0, 0.5, max_size=31)
    assert "sigma_clamped_kernel_size" in c.notes and kernel_size(c.sigma, c.gamma) <= 31


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True),
       st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_clamped_params_always_give_a_finite_kernel(sigma, lam, gamma, theta):
    c = clamp_params(sigma, lam, gamma, theta, max_size=41)
    k = gabor_kernel(c.sigma, c.theta, c.wavelength, c.phase, c.gamma, max_size=41)
    assert np.all(np.isfinite(k)) and k.shape[0] <= 41


def test_sim_modules_never_import_pygame():
    code = "import sys, game.sim.gabor, game.sim.images; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "game.sim must stay free of pygame (model/view split)"
