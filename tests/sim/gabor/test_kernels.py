"""The Gabor kernel: its formula, size, symmetries, OpenCV's convention, and the clamping of parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim.gabor import clamp_params, filter_image, gabor_kernel, grating, kernel_size, quadrature_kernel


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
