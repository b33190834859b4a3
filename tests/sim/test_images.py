"""The generated image sources of game.sim.images (pictures from files: tests/test_pictures.py)."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.images import (
    SOURCES,
    bars,
    checkerboard,
    edge_masks,
    edges,
    grating,
    make_source,
    oriented_noise,
    plaid,
    rings,
    to_display,
    two_textures,
)


# --------------------------------------------------------------------------
# generated sources


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("shape", [(64, 64), (33, 50)])
def test_every_picker_source_has_the_shape_and_stays_in_minus_one_to_one(name, shape):
    img = make_source(name, shape)
    assert img.shape == shape and img.dtype == np.float64
    assert np.all(np.isfinite(img)), f"{name} produced NaN/inf"
    assert img.min() >= -1 and img.max() <= 1, f"{name} leaves [-1, 1]: {img.min()}..{img.max()}"
    assert img.std() > 0.05, f"{name} is (nearly) blank"
    np.testing.assert_array_equal(img, make_source(name, shape), err_msg=f"{name} is not reproducible")


def test_unknown_source_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="checkerboard"):
        make_source("nope", (8, 8))


def test_grating_at_theta_zero_has_vertical_stripes_and_peaks_at_the_origin():
    g = grating((20, 30), 0.0, 8.0)
    np.testing.assert_allclose(g, np.broadcast_to(g[0], g.shape), err_msg="theta=0 should vary along x only")
    assert g[10, 15] == pytest.approx(1.0), "phase 0 should give a crest at the origin pixel (H//2, W//2)"
    np.testing.assert_allclose(g[:, 0:22], g[:, 8:30], atol=1e-12, err_msg="period is not the wavelength in px")
    h = grating((20, 30), np.pi / 2, 8.0)
    np.testing.assert_allclose(h, np.broadcast_to(h[:, :1], h.shape), atol=1e-12,
                               err_msg="theta=pi/2 should vary along y (rows) only: y runs down")


def test_grating_at_45_degrees_is_constant_along_its_stripes_down_and_to_the_left():
    g = grating((32, 32), np.pi / 4, 6.0)
    # stripes run along (-sin, cos) = one px left per px down
    np.testing.assert_allclose(g[1:, :-1], g[:-1, 1:], atol=1e-12,
                               err_msg="theta is not measured clockwise on screen (y down)")


@pytest.mark.parametrize("theta", [0.3, 1.1, 2.0, 2.9])
def test_grating_derivative_along_its_stripes_is_zero_at_any_angle(theta):
    lam = 24.0
    g = grating((64, 64), theta, lam)
    gy, gx = (d[1:-1, 1:-1] for d in np.gradient(g))  # central differences only
    along = -np.sin(theta) * gx + np.cos(theta) * gy
    across = np.cos(theta) * gx + np.sin(theta) * gy
    assert np.abs(along).max() < 0.02 * np.abs(across).max(), "stripes do not run along (-sin, cos)"


def test_plaid_is_the_mean_of_its_two_gratings():
    p = plaid((16, 24), 0.2, 1.4, 8.0, 5.0, phase=0.3)
    np.testing.assert_allclose(p, (grating((16, 24), 0.2, 8.0, 0.3) + grating((16, 24), 1.4, 5.0, 0.3)) / 2)


def _spectral_orientation(img):
    """Dominant wave-vector angle (mod pi) and its concentration in [0, 1]."""
    h, w = img.shape
    power = np.abs(np.fft.fft2(img)) ** 2
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[None, :]
    z = np.sum(power * np.exp(2j * np.arctan2(fy, fx))) / power.sum()
    return (np.angle(z) / 2) % np.pi, abs(z)


@pytest.mark.parametrize("theta", [0.0, 0.7, 2.2])
def test_oriented_noise_concentrates_its_power_at_theta(theta):
    img = oriented_noise((96, 96), theta, 0.15, np.random.default_rng(5), wavelength=10.0)
    got, conc = _spectral_orientation(img)
    err = abs((got - theta + np.pi / 2) % np.pi - np.pi / 2)
    assert err < 0.05, f"noise orientation {got:.3f} rad, wanted {theta}: angle convention of the filter?"
    _, broad = _spectral_orientation(oriented_noise((96, 96), theta, 1.0, np.random.default_rng(5)))
    assert conc > broad + 0.3, "a wider bandwidth should spread the orientations"


def test_oriented_noise_depends_only_on_the_rng_it_is_given():
    a = oriented_noise((32, 32), 0.5, 0.2, np.random.default_rng(1))
    b = oriented_noise((32, 32), 0.5, 0.2, np.random.default_rng(1))
    c = oriented_noise((32, 32), 0.5, 0.2, np.random.default_rng(2))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    assert np.abs(a).max() == pytest.approx(1.0)


@pytest.mark.parametrize("boundary", ["vertical", "horizontal", "circle"])
def test_two_textures_places_texture_two_exactly_where_the_mask_is(boundary):
    img, mask = two_textures((40, 60), 0.0, np.pi / 2, 8.0, boundary)
    assert mask.dtype == bool and 0.1 < mask.mean() < 0.9
    np.testing.assert_array_equal(img[mask], grating((40, 60), np.pi / 2, 8.0)[mask])
    np.testing.assert_array_equal(img[~mask], grating((40, 60), 0.0, 8.0)[~mask])
    if boundary == "vertical":
        assert mask[:, 30:].all() and not mask[:, :30].any()
    if boundary == "circle":
        assert mask[20, 30] and not mask[0, 0]


def test_two_textures_rejects_an_unknown_boundary():
    with pytest.raises(ValueError, match="circle"):
        two_textures((8, 8), 0, 1, 4, "diagonal")


def test_bar_at_angle_zero_is_vertical_and_at_half_pi_horizontal():
    for angle, tall in [(0.0, True), (np.pi / 2, False)]:
        img = bars((50, 50), [angle], length=30, width=4)
        rows = np.nonzero(img.max(axis=1) > 0.5)[0]
        cols = np.nonzero(img.max(axis=0) > 0.5)[0]
        extent = (np.ptp(rows), np.ptp(cols))
        assert (extent[0] > 3 * extent[1]) == tall, f"bar at {angle} rad has extent (rows, cols)={extent}"
    img = bars((64, 64), np.arange(4) * np.pi / 4)
    assert img.min() == 0 and img.max() == 1
    for cell in (img[:32, :32], img[:32, 32:], img[32:, :32], img[32:, 32:]):
        assert cell.max() == 1, "one bar per grid cell expected"


def test_checkerboard_rings_and_to_display_behave():
    c = checkerboard((8, 12), 4)
    assert c[0, 0] == 1 and c[0, 4] == -1 and c[4, 0] == -1 and c[4, 4] == 1
    r = rings((31, 31), 10.0)
    np.testing.assert_allclose(r, r.T, atol=1e-12, err_msg="rings should be radially symmetric")
    np.testing.assert_allclose(r, r[::-1, ::-1], atol=1e-12)
    assert r[15, 15] == pytest.approx(1.0)
    np.testing.assert_allclose(to_display(np.array([-1.0, 0.0, 1.0, 5.0, np.nan])), [0, 0.5, 1, 1, 0.5])


def test_edges_scene_has_long_vertical_and_horizontal_edges_where_the_masks_say():
    img = edges((96, 128))
    vert, hori = edge_masks((96, 128))
    gx = np.abs(np.diff(img, axis=1, prepend=img[:, :1]))
    gy = np.abs(np.diff(img, axis=0, prepend=img[:1]))
    assert gx[vert].sum() > 0.95 * gx.sum(), "vertical-edge mask misses the x-gradient"
    assert gy[hori].sum() > 0.95 * gy.sum(), "horizontal-edge mask misses the y-gradient"
    assert gx.sum() > 100 and gy.sum() > 100
    assert set(np.unique(img)) == {-1.0, 0.0, 1.0}


def test_generators_reject_bad_shapes_and_lengths():
    with pytest.raises(ValueError):
        grating((0, 5), 0.0, 4.0)
    with pytest.raises(ValueError):
        grating((5, 5), 0.0, 0.0)
    with pytest.raises(ValueError):
        oriented_noise((5, 5), 0.0, -1.0, np.random.default_rng(0))
