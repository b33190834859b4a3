"""Pictures a level names (game.pictures): camera-size PNG and JPEG, bounded, checked by `check`.

The pictures are made here: PNGs with numpy + zlib (every row Paeth-filtered,
as encoders often write photos), JPEGs with ``pygame.image.save``.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pygame
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths, pictures
from game.catalog import check_paths, load_level
from game.cli import main as cli_main
from game.levels import LevelError, picture_fields
from game.scenes.play import PlayScene

ROOT = Path(__file__).resolve().parents[1]
LUMA = np.array([0.299, 0.587, 0.114])
# quadrant colours: top-left, top-right, bottom-left, bottom-right
QUADRANTS = ((200, 40, 40), (40, 200, 40), (40, 40, 200), (250, 250, 250))


def contrast(rgb) -> float:
    """The lab's contrast value of an RGB colour: 2 * BT.601 luma / 255 - 1."""
    return 2.0 * float(np.dot(rgb, LUMA)) / 255.0 - 1.0


# ----------------------------------------------------------------------------- making pictures

def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _paeth_line(prev: np.ndarray, cur: np.ndarray, bpp: int) -> bytes:
    """One scanline with filter type 4 (Paeth, PNG spec 9.4): cur - PaethPredictor(a, b, c)."""
    a = np.zeros_like(cur)
    a[bpp:] = cur[:-bpp]
    c = np.zeros_like(prev)
    c[bpp:] = prev[:-bpp]
    p = a + prev - c
    pa, pb, pc = np.abs(p - a), np.abs(p - prev), np.abs(p - c)
    pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, prev, c))
    return b"\x04" + ((cur - pred) & 255).astype(np.uint8).tobytes()


def paeth_png(rows, width: int, channels: int = 3) -> bytes:
    """PNG bytes (8 bit, grey / RGB / RGBA) from an iterable of rows, every row Paeth-filtered.

    A row's filtered bytes depend only on it and the row above, so repeated
    (above, row) pairs are filtered once: a 6000 x 6000 picture of a few
    colours is written in about half a second.
    """
    comp = zlib.compressobj(6)
    parts, cache = [], {}
    prev = np.zeros(width * channels, np.int16)
    height = 0
    for row in rows:
        cur = np.asarray(row, np.uint8).reshape(-1).astype(np.int16)
        key = (prev.tobytes(), cur.tobytes())
        if key not in cache:
            cache[key] = _paeth_line(prev, cur, channels)
        parts.append(comp.compress(cache[key]))
        prev = cur
        height += 1
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, {1: 0, 3: 2, 4: 6}[channels], 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts))
            + _chunk(b"IEND", b""))


def quadrant_rows(width: int, height: int):
    """Rows of a picture split into the four QUADRANTS colours at (width // 2, height // 2)."""
    top = np.empty((width, 3), np.uint8)
    bottom = np.empty((width, 3), np.uint8)
    top[: width // 2], top[width // 2:] = QUADRANTS[0], QUADRANTS[1]
    bottom[: width // 2], bottom[width // 2:] = QUADRANTS[2], QUADRANTS[3]
    return (top if r < height // 2 else bottom for r in range(height))


def quadrant_surface(width: int, height: int) -> pygame.Surface:
    s = pygame.Surface((width, height))
    w2, h2 = width // 2, height // 2
    for colour, rect in zip(QUADRANTS, ((0, 0, w2, h2), (w2, 0, width - w2, h2), (0, h2, w2, height - h2),
                                        (w2, h2, width - w2, height - h2))):
        s.fill(colour, rect)
    return s


def small_png(w: int = 64, h: int = 48, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    return paeth_png(rng.integers(0, 256, (h, w, 3)), w)


def huge_header_png(w: int = 100_000, h: int = 100_000) -> bytes:
    """A PNG signature and a valid IHDR claiming w x h px, and nothing else."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))


def bad_crc_png() -> bytes:
    data = bytearray(small_png())
    data[33 + 8 + 20] ^= 0xFF            # a byte inside IDAT's data: its CRC no longer matches
    return bytes(data)


def truncated_png() -> bytes:
    data = small_png()
    return data[: len(data) // 2]         # IHDR intact, the file ends inside IDAT


BAD_PICTURES = {   # name -> (bytes, words of the reason, PictureError key)
    "cut.png": (truncated_png, "truncated PNG: the file ends inside chunk IDAT", "corrupt"),
    "crc.png": (bad_crc_png, "damaged PNG: checksum mismatch in chunk IDAT", "corrupt"),
    "notes.png": (lambda: b"These are my lecture notes, not a picture.\n",
                  "not a PNG file although its name ends in .png: it looks like text", "wrong_format"),
    "huge.png": (huge_header_png, "100000 x 100000 px = 10,000,000,000 pixels; pictures may have at most "
                                  "40,000,000 pixels", "too_large"),
}


@pytest.fixture(scope="session")
def big_png(tmp_path_factory) -> Path:
    """6000 x 6000 RGB, every row Paeth-filtered (about 120 kB, like the issue's)."""
    path = tmp_path_factory.mktemp("big") / "photo.png"
    path.write_bytes(paeth_png(quadrant_rows(6000, 6000), 6000))
    return path


@pytest.fixture(scope="session")
def big_jpeg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("jpeg") / "camera.jpg"
    pygame.image.save(quadrant_surface(6000, 4000), str(path))
    return path


def gabor_level(folder: Path, image: str, level_id: str = "photo-level", header_image: str | None = None) -> Path:
    """A copy of the example match_filter level that filters ``image`` instead of noise."""
    text = (paths.EXAMPLES / "example-gabor-match-filter.toml").read_text(encoding="utf-8")
    start = text.index("fixed = { source")
    end = text.index("\n", start)
    text = text[:start] + f'fixed = {{ image = "{image}", sigma = 4, gamma = 1 }}' + text[end:]
    text = text.replace('id = "example-gabor-match-filter"', f'id = "{level_id}"')
    if header_image is not None:
        text = text.replace("seed = 7\n", f'seed = 7\nimage = "{header_image}"\n')
    path = folder / f"{level_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _link(target: Path, link: Path) -> None:
    """A hard link (a symlink would point outside the level's folder, which is refused)."""
    try:
        os.link(target, link)
    except OSError:
        link.write_bytes(target.read_bytes())


# ----------------------------------------------------------------------------- camera-size pictures

def test_a_6000_px_paeth_filtered_png_is_shrunk_to_256_px_with_its_quadrants_in_place(big_png):
    pic = pictures.load_picture(big_png, max_side=256)
    assert pic.image.shape == (256, 256) and pic.original_shape == (6000, 6000) and pic.format == "PNG"
    assert pic.notes == ("image_downscaled",)
    for (r, c), colour in zip(((64, 64), (64, 192), (192, 64), (192, 192)), QUADRANTS):
        assert pic.image[r, c] == pytest.approx(contrast(colour), abs=1e-9), f"quadrant at {(r, c)} moved or blurred"
    # the edge at 3000 px lies at output px 128.0; 16 x 16 blocks average across it, so only
    # the two output px beside it mix the colours: 126 and 129 are pure
    for (r, c), colour in zip(((126, 126), (126, 129), (129, 126), (129, 129)), QUADRANTS):
        assert pic.image[r, c] == pytest.approx(contrast(colour), abs=1e-9), "the shrink shifts the picture"
    left, right = contrast(QUADRANTS[0]), contrast(QUADRANTS[1])
    assert min(left, right) < pic.image[64, 127] < max(left, right)
    assert min(left, right) < pic.image[64, 128] < max(left, right)


def test_a_6000_by_4000_jpeg_is_shrunk_to_256_by_171_with_its_aspect_kept(big_jpeg):
    pic = pictures.load_picture(big_jpeg, max_side=256)
    assert pic.image.shape == (171, 256) and pic.original_shape == (4000, 6000) and pic.format == "JPEG"
    assert pic.notes == ("image_downscaled",)
    for (r, c), colour in zip(((40, 64), (40, 192), (130, 64), (130, 192)), QUADRANTS):
        # JPEG is lossy; flat areas come back within a few levels of 255
        assert pic.image[r, c] == pytest.approx(contrast(colour), abs=2 * 4 / 255), (r, c)
    assert np.all(np.abs(pic.image) <= 1.0)


PEAK_MB = """
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss would do, except that Linux
    # carries it over from the parent through fork and exec (pytest's own peak)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)")
def test_opening_the_6000_px_png_adds_less_than_200_mb_of_peak_memory(big_png):
    code = (PEAK_MB + "import sys\n"
            "from game.pictures import load_picture\n"
            "before = peak_mb()\n"
            "load_picture(sys.argv[1], 256)\n"
            "print(peak_mb() - before)\n")
    out = subprocess.run([sys.executable, "-c", code, str(big_png)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYGAME_HIDE_SUPPORT_PROMPT": "1"})
    assert out.returncode == 0, out.stderr
    extra_mb = float(out.stdout.split()[-1])
    # the decoded picture alone is 6000 * 6000 * 3 bytes = 108 MB; a full-size 32-bit copy would add 144 MB
    assert 100 < extra_mb < 200, f"peak grew by {extra_mb:.0f} MB: is the picture copied at full size?"


def test_small_pictures_are_not_enlarged_and_keep_their_exact_grey_levels(tmp_path):
    grey = np.array([[0, 10, 128, 255], [255, 128, 10, 0]], np.uint8)
    (tmp_path / "g.png").write_bytes(paeth_png(grey, 4, channels=1))
    pic = pictures.load_picture(tmp_path / "g.png", max_side=256)
    assert pic.notes == () and pic.image.shape == (2, 4)
    np.testing.assert_allclose(pic.image, 2 * grey.astype(float) / 255 - 1, atol=1e-12)
    rgb = np.random.default_rng(3).integers(0, 256, (5, 7, 3))
    (tmp_path / "c.png").write_bytes(paeth_png(rgb, 7))
    np.testing.assert_allclose(pictures.load_picture(tmp_path / "c.png").image, 2 * (rgb @ LUMA) / 255 - 1,
                               atol=1e-12, err_msg="RGB should become BT.601 luma of the stored values")


def test_a_shrunk_picture_is_the_area_mean_of_its_blocks_to_within_two_levels(tmp_path):
    # 1024 x 512 random 8-bit grey -> 256 x 128: 4 x 4 blocks, one power-of-two box pass
    grey = np.random.default_rng(5).integers(0, 256, (512, 1024)).astype(np.uint8)
    (tmp_path / "r.png").write_bytes(paeth_png(grey, 1024, channels=1))
    pic = pictures.load_picture(tmp_path / "r.png", max_side=256)
    exact = grey.reshape(128, 4, 256, 4).mean(axis=(1, 3))
    got = (pic.image + 1) * 255 / 2
    err = got - exact
    assert err.max() <= 1e-9 and err.min() > -2.0, "smoothscale's box pass should round down by < 1 level per axis"


def test_transparent_parts_are_blended_onto_grey_with_a_note(tmp_path):
    s = pygame.Surface((4, 2), pygame.SRCALPHA)
    s.fill((255, 255, 255, 255))
    s.set_at((0, 0), (255, 0, 0, 0))          # fully transparent red: grey
    s.set_at((1, 0), (0, 0, 0, 128))          # half-transparent black: darker grey
    pygame.image.save(s, str(tmp_path / "a.png"))
    pic = pictures.load_picture(tmp_path / "a.png")
    grey = pictures.GREY
    assert pic.image[0, 0] == pytest.approx(2 * grey / 255 - 1, abs=1e-9)
    assert pic.image[0, 1] == pytest.approx(2 * round(grey * (1 - 128 / 255)) / 255 - 1, abs=2 / 255)
    assert pic.image[1, 3] == pytest.approx(1.0) and pic.notes == ("alpha_composited",)
    s.fill((255, 255, 255, 255))
    pygame.image.save(s, str(tmp_path / "opaque.png"))
    assert pictures.load_picture(tmp_path / "opaque.png").notes == (), "opaque alpha is not worth a note"


def test_a_large_transparent_picture_is_shrunk_as_if_each_pixel_were_blended_onto_grey_first(tmp_path):
    rgba = np.random.default_rng(4).integers(0, 256, (1024, 1024, 4)).astype(np.uint8)
    (tmp_path / "rgba.png").write_bytes(paeth_png(rgba, 1024, channels=4))
    pic = pictures.load_picture(tmp_path / "rgba.png", 256)
    a = rgba[..., 3:4] / 255.0
    blended = (a * rgba[..., :3] + (1 - a) * pictures.GREY) @ LUMA
    err = (pic.image + 1) * 255 / 2 - blended.reshape(256, 4, 256, 4).mean(axis=(1, 3))
    assert pic.notes == ("image_downscaled", "alpha_composited")
    assert -2.0 < err.min() and err.max() < 1.0, (err.min(), err.max())
    rgba[..., 3] = 255          # opaque RGBA must give exactly what RGB gives (channel order!)
    (tmp_path / "opaque.png").write_bytes(paeth_png(rgba, 1024, channels=4))
    (tmp_path / "rgb.png").write_bytes(paeth_png(rgba[..., :3], 1024, channels=3))
    opaque = pictures.load_picture(tmp_path / "opaque.png", 256)
    assert opaque.notes == ("image_downscaled",)
    np.testing.assert_array_equal(opaque.image, pictures.load_picture(tmp_path / "rgb.png", 256).image)


def test_sixteen_bit_and_palette_pngs_with_transparency_decode(tmp_path):
    v = np.array([[0, 65535, 32896]], ">u2")
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 1, 16, 0, 0, 0, 0))
    data = b"\x89PNG\r\n\x1a\n" + ihdr + _chunk(b"IDAT", zlib.compress(b"\0" + v.tobytes())) + _chunk(b"IEND", b"")
    (tmp_path / "g16.png").write_bytes(data)
    np.testing.assert_allclose(pictures.load_picture(tmp_path / "g16.png").image, [[-1, 1, 2 * 128 / 255 - 1]])
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0]], np.uint8)
    idx = np.array([[0, 1, 2]], np.uint8)
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 1, 8, 3, 0, 0, 0))
    data = (b"\x89PNG\r\n\x1a\n" + ihdr + _chunk(b"PLTE", palette.tobytes()) + _chunk(b"tRNS", bytes([255, 255, 0]))
            + _chunk(b"IDAT", zlib.compress(b"\0" + idx.tobytes())) + _chunk(b"IEND", b""))
    (tmp_path / "p.png").write_bytes(data)
    pic = pictures.load_picture(tmp_path / "p.png")
    np.testing.assert_allclose(pic.image, [[-1, 1, 2 * pictures.GREY / 255 - 1]], atol=1e-12)
    assert pic.notes == ("alpha_composited",)


def _with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    tiff = b"MM\x00\x2a" + struct.pack(">IH", 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\0" * 4
    body = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


@pytest.mark.parametrize("orientation,dark", [(1, "left"), (3, "right"), (6, "top"), (8, "bottom")])
def test_a_phone_photo_is_turned_the_way_its_exif_orientation_says(tmp_path, orientation, dark):
    s = pygame.Surface((80, 40))
    s.fill((255, 255, 255))
    s.fill((0, 0, 0), (0, 0, 20, 40))          # stored: the left quarter is black
    pygame.image.save(s, str(tmp_path / "o.jpg"))
    (tmp_path / "o.jpg").write_bytes(_with_exif_orientation((tmp_path / "o.jpg").read_bytes(), orientation))
    pic = pictures.load_picture(tmp_path / "o.jpg")
    turned = orientation in (6, 8)
    assert pic.image.shape == ((80, 40) if turned else (40, 80)) == pic.original_shape
    edge = {"left": pic.image[:, :15], "right": pic.image[:, -15:], "top": pic.image[:15], "bottom": pic.image[-15:]}
    assert edge[dark].mean() < -0.9, f"orientation {orientation}: the black band should be at the {dark}"
    assert (pic.image > 0.9).mean() > 0.6


# ----------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("name", sorted(BAD_PICTURES))
def test_each_bad_picture_is_refused_with_its_name_and_reason(tmp_path, name):
    make, words, key = BAD_PICTURES[name]
    (tmp_path / name).write_bytes(make())
    with pytest.raises(pictures.PictureError) as exc:
        pictures.load_picture(tmp_path / name, 256)
    assert exc.value.key == key and words in str(exc.value) and str(exc.value).startswith(name)


def test_an_oversized_header_is_refused_before_anything_is_decoded(tmp_path, monkeypatch):
    (tmp_path / "huge.jpg").write_bytes(b"\xff\xd8" + b"\xff\xc0" + struct.pack(">HBHHB", 8, 8, 50_000, 50_000, 3))
    (tmp_path / "huge.png").write_bytes(huge_header_png(8001, 5000))

    def no_decoding(*args):
        raise AssertionError("the decoder ran on an oversized picture")
    monkeypatch.setattr(pictures.pygame.image, "load", no_decoding)
    for name in ("huge.jpg", "huge.png"):
        with pytest.raises(pictures.PictureError, match="at most 40,000,000 pixels") as exc:
            pictures.load_picture(tmp_path / name, 256)
        assert exc.value.key == "too_large"


def test_the_header_is_read_past_large_metadata_segments_without_decoding(tmp_path):
    pygame.image.save(quadrant_surface(300, 200), str(tmp_path / "m.jpg"))
    data = (tmp_path / "m.jpg").read_bytes()
    app = b"".join(b"\xff" + bytes([0xE2 + i]) + struct.pack(">H", 60_002) + bytes(60_000) for i in range(3))
    (tmp_path / "m.jpg").write_bytes(data[:2] + app + data[2:])
    assert pictures.read_header(tmp_path / "m.jpg") == pictures.Header("JPEG", 300, 200)
    assert pictures.load_picture(tmp_path / "m.jpg").image.shape == (200, 300)
    (tmp_path / "p.png").write_bytes(huge_header_png(6000, 4000) + b"garbage after the header")
    assert pictures.read_header(tmp_path / "p.png") == pictures.Header("PNG", 6000, 4000)


def test_a_cut_off_jpeg_is_refused_although_libjpeg_would_fill_it_with_grey(tmp_path):
    rng = np.random.default_rng(1)
    pygame.image.save(pygame.surfarray.make_surface(rng.integers(0, 256, (64, 48, 3))), str(tmp_path / "n.jpg"))
    data = (tmp_path / "n.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(pictures.PictureError, match="truncated JPEG: no end-of-image marker") as exc:
        pictures.load_picture(tmp_path / "cut.jpg")
    assert exc.value.key == "corrupt"


@pytest.mark.parametrize("name,content,words,key", [
    ("photo.png", "jpeg", "it holds a JPEG picture (rename it to .jpg)", "wrong_format"),
    ("photo.jpeg", "png", "it holds a PNG picture (rename it to .png)", "wrong_format"),
    ("photo.jpg", "gif", "it looks like a GIF picture (save it as PNG or JPEG)", "wrong_format"),
    ("photo.gif", "png", "pictures must be PNG or JPEG files (.png, .jpg, .jpeg); got '.gif'", "unsupported"),
    ("photo", "png", "got no extension", "unsupported"),
    ("gone.png", None, "no such file", "missing"),
    ("empty.jpg", "", "the file is empty", "corrupt"),
])
def test_names_and_contents_must_agree(tmp_path, name, content, words, key):
    data = {"png": small_png(), "gif": b"GIF89a" + bytes(20), "": b"", None: None}.get(content)
    if content == "jpeg":
        pygame.image.save(quadrant_surface(8, 8), str(tmp_path / "x.jpg"))
        data = (tmp_path / "x.jpg").read_bytes()
    if data is not None:
        (tmp_path / name).write_bytes(data)
    with pytest.raises(pictures.PictureError) as exc:
        pictures.load_picture(tmp_path / name)
    assert exc.value.key == key and words in exc.value.reason, exc.value.reason


def test_upper_case_extensions_are_accepted(tmp_path):
    pygame.image.save(quadrant_surface(8, 6), str(tmp_path / "x.jpg"))
    (tmp_path / "x.jpg").rename(tmp_path / "PHOTO.JPEG")
    (tmp_path / "SCAN.PNG").write_bytes(small_png(8, 6))
    assert pictures.load_picture(tmp_path / "PHOTO.JPEG").image.shape == (6, 8)
    assert pictures.load_picture(tmp_path / "SCAN.PNG").image.shape == (6, 8)


_PNG = small_png(12, 9)


def _jpeg_bytes() -> bytes:
    import io
    buf = io.BytesIO()
    pygame.image.save(quadrant_surface(16, 12), buf, "x.jpg")
    return buf.getvalue()


_JPEG = _jpeg_bytes()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["png", "jpg"]),
       edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=4),
       cut=st.one_of(st.none(), st.integers(0, 10_000)))
def test_damaged_bytes_raise_only_picture_error_and_never_give_bad_pixels(tmp_path, fmt, edits, cut):
    data = bytearray(_PNG if fmt == "png" else _JPEG)
    for pos, val in edits:
        data[pos % len(data)] = val
    if cut is not None:
        data = data[: cut % len(data)]
    path = tmp_path / f"fuzz.{fmt}"
    path.write_bytes(bytes(data))
    try:
        out = pictures.load_picture(path, max_side=8)
    except pictures.PictureError as exc:
        assert exc.reason and exc.key in pictures.ERROR_KEYS
        return
    assert np.all(np.isfinite(out.image)) and np.all(np.abs(out.image) <= 1), "decoded pixels out of range"


# ----------------------------------------------------------------------------- check and the game

def _bad_pack(folder: Path) -> Path:
    """One level per bad picture, each otherwise valid; built with a good picture, then spoilt."""
    folder.mkdir()
    for i, name in enumerate(sorted(BAD_PICTURES)):
        (folder / name).write_bytes(BAD_PICTURES[name][0]())
        gabor_level(folder, name, f"bad-{i}")
    return folder


def test_check_reports_each_bad_picture_on_one_line_with_its_file_and_reason(tmp_path, capsys):
    pack = _bad_pack(tmp_path / "pack")
    assert cli_main(["check", str(pack)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(BAD_PICTURES), out
    for name, (_, words, _) in BAD_PICTURES.items():
        lines = [line for line in out if f"'{name}'" in line]
        assert len(lines) == 1 and f"fixed.image: '{name}': " in lines[0] and words in lines[0], (name, out)


def test_check_opens_the_header_image_too_and_passes_good_camera_pictures(tmp_path, big_png, big_jpeg, capsys):
    _link(big_png, tmp_path / "photo.png")
    _link(big_jpeg, tmp_path / "camera.jpg")
    (tmp_path / "cut.png").write_bytes(truncated_png())
    gabor_level(tmp_path, "photo.png", "png-level", header_image="camera.jpg")
    gabor_level(tmp_path, "camera.jpg", "jpeg-level", header_image="cut.png")
    level = load_level(tmp_path / "jpeg-level.toml")
    assert picture_fields(level) == [("image", "cut.png"), ("fixed.image", "camera.jpg")]
    count, lines = check_paths([str(tmp_path)])
    assert count == 2 and len(lines) == 1, lines
    assert "jpeg-level.toml: image: 'cut.png': truncated PNG" in lines[0]


def test_pictures_refused_from_their_header_make_the_level_fail_to_load(tmp_path):
    for name in ("notes.png", "huge.png"):
        (tmp_path / name).write_bytes(BAD_PICTURES[name][0]())
        with pytest.raises(LevelError) as exc:
            load_level(gabor_level(tmp_path, name, name[:-4]))
        assert any("fixed.image" in p and BAD_PICTURES[name][1] in p for p in exc.value.problems), exc.value.problems


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_picture_never_crashes_the_game_it_shows_the_edges_scene_with_a_note(app, driver, tmp_path, lang):
    app.set_lang(lang)
    (tmp_path / "photo.png").write_bytes(small_png())
    level = load_level(gabor_level(tmp_path, "photo.png"))
    for name in sorted(BAD_PICTURES):
        make, _, key = BAD_PICTURES[name]
        (tmp_path / "photo.png").write_bytes(make())          # spoilt after the level was loaded
        scene = app.push(PlayScene(app, level, "campaign"))
        driver.frames(5)
        lab = scene.lab
        assert app.scene is scene and lab.model.picture.error == key, name
        assert lab.model.picture.source.name == "edges"
        assert (f"image_{key}", {"file": "photo.png"}) in lab.model.notes()
        text = app.ctx.text(f"gabor.note.image_{key}", file="photo.png")
        assert "photo.png" in text and not text.startswith("gabor."), text
        assert all(np.isfinite(np.asarray(v)).all() for v in lab.model.state().values())
        app.pop()
        driver.frames(1)


@pytest.mark.parametrize("w,h", [(3, 20000), (20000, 3), (2, 256), (3, 256)])
def test_long_thin_pictures_are_averaged_across_and_drawn_at_every_window_size(app, driver, tmp_path, w, h):
    grey = np.tile(np.array([0, 255, 90], np.uint8), (h, w // 3 + 1))[:, :w] if w <= 3 else \
        np.tile(np.array([[0], [255], [90]], np.uint8), (h // 3 + 1, w))[:h]
    (tmp_path / "strip.png").write_bytes(paeth_png(grey, w, channels=1))
    pic = pictures.load_picture(tmp_path / "strip.png", 256)
    want = (2 * grey.astype(float) / 255 - 1) if max(w, h) <= 256 else np.full(
        (256, 1) if w < h else (1, 256), 2 * grey.mean() / 255 - 1)
    np.testing.assert_allclose(pic.image, want, atol=1e-9, err_msg="a strip should be averaged across, not cropped")
    level = load_level(gabor_level(tmp_path, "strip.png"))
    for size, scale in (((1280, 720), 1.0), ((960, 600), 1.0), ((2560, 1440), 2.0)):
        app._resized(size)
        app.set_scale(scale)
        scene = app.push(PlayScene(app, level, "sandbox"))
        driver.frames(10)          # the bank fills one orientation per frame: all 8 thumbnails drawn
        lab = scene.lab
        assert lab.model.picture.error is None and lab.model.bank.complete
        assert all(np.isfinite(np.asarray(v)).all() for v in lab.model.state().values())
        app.pop()


def test_the_6000_px_picture_level_opens_and_the_picker_reuses_the_decoded_picture(app, driver, tmp_path, big_png,
                                                                                    monkeypatch):
    _link(big_png, tmp_path / "photo.png")
    path = gabor_level(tmp_path, "photo.png")
    text = path.read_text(encoding="utf-8").replace("solution = ", "controls = { picker = true }\nsolution = ")
    path.write_text(text, encoding="utf-8")
    scene = app.push(PlayScene(app, load_level(path), "campaign"))
    driver.frames(3)
    lab = scene.lab
    assert lab.model.picture.name == "photo.png" and lab.model.picture.image.shape == (256, 256)
    assert ("image_downscaled", {"w0": 6000, "h0": 6000, "w": 256, "h": 256}) in lab.model.notes()
    calls = []
    monkeypatch.setattr(pictures, "load_picture", lambda *a, **k: calls.append(a))
    driver.press(lab.buttons["image:bars"])
    driver.press(lab.buttons["image:photo.png"])
    assert lab.model.picture.name == "photo.png" and calls == [], "the picker decoded the photo again"
