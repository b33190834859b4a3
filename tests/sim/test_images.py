"""Image sources and the zlib-only PNG reader of game.sim.images."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim.images import (
    SOURCES,
    ImageError,
    bars,
    checkerboard,
    edge_masks,
    edges,
    grating,
    load_png,
    make_source,
    oriented_noise,
    plaid,
    rings,
    to_display,
    two_textures,
)

LUMA = np.array([0.299, 0.587, 0.114])


# --------------------------------------------------------------------------
# a tiny PNG writer (test side), exercising every scanline filter


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _filter_rows(rows: list[bytes], bpp: int, filters) -> bytes:
    out = bytearray()
    prior = bytes(len(rows[0]))
    for r, line in enumerate(rows):
        ft = filters[r % len(filters)]
        enc = bytearray(len(line))
        for i, x in enumerate(line):
            a = line[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            pred = (0, a, b, (a + b) // 2, _paeth(a, b, c))[ft]
            enc[i] = (x - pred) & 255
        out.append(ft)
        out += enc
        prior = line
    return bytes(out)


def encode_png(
    samples: np.ndarray,
    colour_type: int,
    depth: int = 8,
    filters=(0, 1, 2, 3, 4),
    interlace: int = 0,
    extra: bytes = b"",
) -> bytes:
    """PNG bytes for ``samples`` (H, W[, C]) of ints < 2**depth."""
    s = np.asarray(samples)
    h, w = s.shape[:2]
    ch = 1 if s.ndim == 2 else s.shape[2]
    flat = s.reshape(h, w * ch).astype(np.int64)
    rows = []
    for line in flat:
        if depth == 16:
            rows.append(line.astype(">u2").tobytes())
        elif depth == 8:
            rows.append(line.astype(np.uint8).tobytes())
        else:
            per = 8 // depth
            padded = np.zeros(-(-len(line) // per) * per, np.int64)
            padded[: len(line)] = line
            packed = np.zeros(len(padded) // per, np.int64)
            for k in range(per):
                packed |= padded[k::per] << (8 - depth * (k + 1))
            rows.append(packed.astype(np.uint8).tobytes())
    bpp = max(1, ch * depth // 8)
    raw = _filter_rows(rows, bpp, filters)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + extra
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def _write(tmp_path, data: bytes, name="img.png"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --------------------------------------------------------------------------
# PNG: round trips


def test_grey_png_round_trips_through_every_scanline_filter(tmp_path, rng):
    pix = rng.integers(0, 256, (17, 23), dtype=np.uint8)
    loaded = load_png(_write(tmp_path, encode_png(pix, 0)))
    np.testing.assert_allclose(
        loaded.image, 2 * (pix / 255.0) - 1, atol=1e-12,
        err_msg="grey 8-bit decode differs: a scanline filter (Sub/Up/Average/Paeth) is undone wrongly",
    )
    assert loaded.notes == () and loaded.original_shape == (17, 23)


@pytest.mark.parametrize("ft", [0, 1, 2, 3, 4])
def test_rgb_png_round_trips_to_bt601_luma_for_each_filter_alone(tmp_path, rng, ft):
    pix = rng.integers(0, 256, (9, 14, 3), dtype=np.uint8)
    loaded = load_png(_write(tmp_path, encode_png(pix, 2, filters=(ft,))))
    expected = 2 * (pix / 255.0) @ LUMA - 1
    np.testing.assert_allclose(
        loaded.image, expected, atol=1e-12, err_msg=f"RGB decode wrong with filter {ft} (bpp=3 offsets?)"
    )


def test_rgba_png_is_composited_onto_mid_grey_and_says_so(tmp_path, rng):
    pix = rng.integers(0, 256, (6, 7, 4), dtype=np.uint8)
    pix[0, 0, 3] = 0  # fully transparent pixel -> mid grey (contrast 0)
    loaded = load_png(_write(tmp_path, encode_png(pix, 6)))
    a = pix[..., 3] / 255.0
    lum = a * ((pix[..., :3] / 255.0) @ LUMA) + (1 - a) * 0.5
    np.testing.assert_allclose(loaded.image, 2 * lum - 1, atol=1e-12, err_msg="alpha not blended onto grey")
    assert loaded.image[0, 0] == pytest.approx(0.0), "a transparent pixel should be mid grey"
    assert "alpha_composited" in loaded.notes


def test_sixteen_bit_grey_and_grey_alpha_pngs_decode(tmp_path, rng):
    pix = rng.integers(0, 65536, (5, 8), dtype=np.int64)
    loaded = load_png(_write(tmp_path, encode_png(pix, 0, depth=16)))
    np.testing.assert_allclose(loaded.image, 2 * pix / 65535.0 - 1, atol=1e-12, err_msg="16-bit is big-endian")
    ga = np.stack([rng.integers(0, 256, (4, 5)), np.full((4, 5), 255)], axis=-1)
    loaded = load_png(_write(tmp_path, encode_png(ga, 4), "ga.png"))
    np.testing.assert_allclose(loaded.image, 2 * ga[..., 0] / 255.0 - 1, atol=1e-12)
    assert loaded.notes == (), "opaque alpha should not be reported as composited"


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_low_bit_depth_grey_pngs_unpack_msb_first_and_drop_row_padding(tmp_path, rng, depth):
    pix = rng.integers(0, 2**depth, (6, 11))  # 11 px does not fill the last byte
    loaded = load_png(_write(tmp_path, encode_png(pix, 0, depth=depth)))
    np.testing.assert_allclose(loaded.image, 2 * pix / (2**depth - 1) - 1, atol=1e-12,
                               err_msg=f"{depth}-bit samples unpacked in the wrong order or width")


def test_palette_png_with_transparency_uses_the_palette_colours(tmp_path):
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]], np.uint8)
    idx = np.array([[0, 1, 2, 3], [3, 2, 1, 0]])
    extra = _chunk(b"PLTE", palette.tobytes()) + _chunk(b"tRNS", bytes([255, 255, 0]))
    loaded = load_png(_write(tmp_path, encode_png(idx, 3, depth=2, extra=extra)))
    lum = (palette[idx] / 255.0) @ LUMA
    alpha = np.array([1.0, 1.0, 0.0, 1.0])[idx]
    lum = alpha * lum + (1 - alpha) * 0.5
    np.testing.assert_allclose(loaded.image, 2 * lum - 1, atol=1e-12, err_msg="palette lookup or tRNS wrong")


def test_png_written_by_pillow_with_adaptive_filters_matches_pillow(tmp_path, rng):
    Image = pytest.importorskip("PIL.Image")
    yy, xx = np.mgrid[0:60, 0:80]
    grey = ((np.sin(xx / 5.0) * np.cos(yy / 7.0) + 1) * 127).astype(np.uint8)
    rgb = np.stack([grey, grey[::-1], rng.integers(0, 256, grey.shape, dtype=np.uint8)], -1)
    Image.fromarray(grey).save(tmp_path / "g.png", optimize=True)
    Image.fromarray(rgb).save(tmp_path / "c.png", optimize=True)
    np.testing.assert_allclose(load_png(tmp_path / "g.png").image, 2 * (grey / 255.0) - 1, atol=1e-12)
    np.testing.assert_allclose(load_png(tmp_path / "c.png").image, 2 * (rgb / 255.0) @ LUMA - 1, atol=1e-12)


def test_large_png_is_downscaled_to_max_size_and_keeps_its_mean(tmp_path, rng):
    pix = rng.integers(0, 256, (300, 200), dtype=np.uint8)
    loaded = load_png(_write(tmp_path, encode_png(pix, 0, filters=(1, 2))), max_size=64)
    assert loaded.image.shape == (64, 43), "longer side should become exactly max_size, aspect kept"
    assert loaded.notes == ("image_downscaled",)
    assert loaded.original_shape == (300, 200)
    assert loaded.image.mean() == pytest.approx(2 * (pix.mean() / 255) - 1, abs=0.02), "downscaling shifted the mean"
    assert np.all(np.abs(loaded.image) <= 1)
    small = load_png(_write(tmp_path, encode_png(pix[:10, :10], 0), "s.png"), max_size=64)
    assert small.notes == () and small.image.shape == (10, 10), "small images must not be resized"


# --------------------------------------------------------------------------
# PNG: refusals


def test_missing_file_and_directory_raise_image_error_naming_the_path(tmp_path):
    with pytest.raises(ImageError, match="not found") as exc:
        load_png(tmp_path / "nope.png")
    assert exc.value.key == "missing" and "nope.png" in str(exc.value)
    with pytest.raises(ImageError) as exc:
        load_png(tmp_path)
    assert exc.value.key == "unreadable"


def test_non_png_and_corrupt_png_raise_image_error(tmp_path, rng):
    with pytest.raises(ImageError, match="not a PNG") as exc:
        load_png(_write(tmp_path, b"GIF89a....", "x.gif"))
    assert exc.value.key == "not_png"
    good = encode_png(rng.integers(0, 256, (8, 8)), 0)
    flipped = bytearray(good)
    flipped[40] ^= 0xFF  # inside IDAT: CRC no longer matches
    with pytest.raises(ImageError, match="checksum") as exc:
        load_png(_write(tmp_path, bytes(flipped)))
    assert exc.value.key == "corrupt"
    with pytest.raises(ImageError, match="corrupt"):
        load_png(_write(tmp_path, good[:-20]))


def test_interlaced_png_is_refused_with_a_hint(tmp_path, rng):
    data = encode_png(rng.integers(0, 256, (8, 8)), 0, interlace=1)
    with pytest.raises(ImageError, match="interlac") as exc:
        load_png(_write(tmp_path, data))
    assert exc.value.key == "unsupported"


def test_bad_filter_byte_and_short_data_are_corrupt(tmp_path):
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 2, 8, 0, 0, 0, 0))
    for raw, msg in [(b"\x07" + b"\0" * 4 + b"\0" * 5, "filter"), (b"\0" * 6, "too short")]:
        data = b"\x89PNG\r\n\x1a\n" + ihdr + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")
        with pytest.raises(ImageError, match=msg):
            load_png(_write(tmp_path, data))


def test_file_outside_the_level_folder_is_refused(tmp_path, rng):
    level = tmp_path / "level"
    level.mkdir()
    outside = _write(tmp_path, encode_png(rng.integers(0, 256, (4, 4)), 0), "secret.png")
    with pytest.raises(ImageError) as exc:
        load_png(level / ".." / "secret.png", root=level)
    assert exc.value.key == "outside_folder"
    inside = _write(level, outside.read_bytes(), "ok.png")
    assert load_png(inside, root=level).image.shape == (4, 4)


_VALID = encode_png(np.arange(48).reshape(6, 8) * 5, 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_loader_raises_only_image_error_on_mutated_bytes(tmp_path, edits):
    data = bytearray(_VALID)
    for pos, val in edits:
        data[pos] = val
    _check_only_image_error(tmp_path, bytes(data))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    w=st.integers(0, 40), h=st.integers(0, 40), depth=st.sampled_from([1, 2, 3, 4, 8, 16]),
    ctype=st.sampled_from([0, 1, 2, 3, 4, 6]), interlace=st.integers(0, 1), raw=st.binary(max_size=400),
    plte=st.binary(max_size=12),
)
def test_loader_raises_only_image_error_on_well_formed_chunks_with_bad_content(
    tmp_path, w, h, depth, ctype, interlace, raw, plte
):
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))
    extra = _chunk(b"PLTE", plte) if plte else b""
    data = b"\x89PNG\r\n\x1a\n" + ihdr + extra + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")
    _check_only_image_error(tmp_path, data)


def _check_only_image_error(tmp_path, data: bytes):
    p = tmp_path / "fuzz.png"
    p.write_bytes(data)
    try:
        out = load_png(p, max_size=16)
    except ImageError as exc:
        assert str(exc), "ImageError without a message"
        return
    assert np.all(np.isfinite(out.image)) and np.all(np.abs(out.image) <= 1), "decoded pixels out of range"


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
