"""FFT filtering (game.sim.gabor.filtering): convolution, the Filterer and its caches, display scaling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.signal import convolve2d

from game.sim.gabor import (
    KernelSpectra,
    Filterer,
    energy,
    filter_image,
    gabor_kernel,
    normalise_for_display,
    quadrature_kernel,
)


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
    a = Filterer(rng.random((50, 50)), margin=20)
    a.responses(4.0, 0.3, 8.0)
    info = a.cache_info()
    a.responses(4.0, 0.3, 8.0, phase=1.0)
    a.energy(4.0, 0.3, 8.0)
    after = a.cache_info()
    assert after["response_hits"] == info["response_hits"] + 2, "phase/energy changes should not re-filter"
    b = Filterer(rng.random((50, 50)), margin=20, spectra=a.spectra)     # a lab shares one cache
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


def test_every_cache_is_bounded_and_owned(rng):
    from game.sim.gabor import filtering
    own = Filterer(rng.random((40, 40)))
    assert isinstance(own.spectra, KernelSpectra) and own.spectra.maxsize == filtering.KERNEL_SPECTRA_KEPT
    for k in range(own.spectra.maxsize + 4):
        own.energy(2.0 + 0.1 * k, 0.3, 8.0)
    assert len(own.spectra) == own.spectra.maxsize, "a Filterer's kernel cache must stay bounded"
    filtering.clear_caches()
    for k in range(filtering.MEMO_IMAGES + 3):
        filter_image(rng.random((20, 20)), gabor_kernel(2.0, 0.1 * k, 6.0))
    assert len(filtering.MEMO.filterers) == filtering.MEMO_IMAGES, "the module memo keeps only the last images"
    assert len(filtering.MEMO.spectra) <= filtering.KERNEL_SPECTRA_KEPT
    filtering.clear_caches()
    assert len(filtering.MEMO.filterers) == 0 and len(filtering.MEMO.spectra) == 0
