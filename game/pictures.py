"""Read a picture a level names (PNG or JPEG) in bounded time and memory.

Instructors put photos next to their level files (``fixed.image`` of the
Gabor lab, the header's ``image``). A camera picture can be 6000 x 4000 px or
more, so every step is bounded before the next one runs:

1. **Name.** ``.png``, ``.jpg`` or ``.jpeg`` (any case); anything else is
   refused.
2. **Header.** The declared width and height are read from PNG's ``IHDR``
   chunk or from JPEG's start-of-frame (``SOFn``) marker, walking the
   segments before it, and a picture above :data:`MAX_PIXELS` is refused
   *before decoding* (:func:`read_header`; the level loader runs only this).
3. **Structure.** PNG: the CRC-32 of every chunk (``zlib.crc32``) and the
   closing ``IEND`` chunk; JPEG: every segment up to the image data and an
   end-of-image marker after it. The decoders do not check these for us:
   libpng skips the CRCs of chunks after the image data and does not need
   ``IEND``, and libjpeg fills a cut-off JPEG with grey without an error.
4. **Decode.** ``pygame.image.load`` (SDL_image with libpng / libjpeg, in C),
   with no display needed (no ``convert()``).
5. **Shrink.** The picture is area-averaged by power-of-two factors (at
   most 64 per pass), one tile of about a million source pixels at a time,
   with ``pygame.transform.smoothscale`` at that exact ratio (a box filter
   whose fixed-point reciprocal is exact, so each block is the mean rounded
   down: less than one level of 255 low per axis and pass). The few edge
   columns and rows that do not fill a whole block (fewer than the factor,
   and under 1/64 of the side) are cropped evenly from both sides. What is
   left is less than twice the final size a side (or under 128 px). In a
   picture with transparent parts the colours are premultiplied by alpha
   tile by tile (``Surface.premul_alpha``) and the means are blended onto
   grey 128 of 255 at the end, which equals blending every pixel first; 8-
   and 24-bit pictures (and colour-keyed ones) are copied onto grey in a
   32-bit tile.
6. **Grey.** Only that small picture reaches numpy: ITU-R BT.601 luma of the
   stored (gamma-encoded) RGB values, area-averaged to the final size by two
   small matrix products (exact for the block means; smoothscale at a
   non-integer ratio would round down by up to 5 levels of 255), so the
   longer side is ``max_side`` px and the aspect ratio is kept. A sharp
   edge inside a block is spread over the block, so it mixes the two output
   px beside it and no further. The result is a contrast
   image ``2 L / 255 - 1`` in [-1, 1]. A JPEG's EXIF orientation (phones
   store portrait photos turned on their side) is applied to that small
   array.

Peak memory is the decoded picture (3 or 4 bytes per pixel, so at most about
160 MB at the pixel cap) plus a few MB; the file is mapped, not read into
memory, for the checks.

References
----------
.. [1] PNG (Portable Network Graphics) Specification, 2nd ed., W3C
       Recommendation, 2003, sections 5.3-5.6 (chunk layout, CRC, IEND).
       https://www.w3.org/TR/png/
.. [2] ITU-T T.81 | ISO/IEC 10918-1 (JPEG), annex B.1 (markers, segments,
       byte stuffing in entropy-coded data).
.. [3] JEITA CP-3451 (Exif 2.3), tag 0x0112 Orientation.
.. [4] ITU-R BT.601 luma weights (0.299, 0.587, 0.114).
"""

from __future__ import annotations

import mmap
import os
import re
import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pygame

__all__ = ["ERROR_KEYS", "EXTENSIONS", "FIELD_HELP", "MAX_BYTES", "MAX_PIXELS", "Header", "LoadedPicture", "PictureError",
           "load_picture", "read_header"]

#: Largest picture (declared width x height) that is decoded; larger ones are
#: refused from their header. At 4 bytes per pixel this bounds the decoded
#: picture to 160 MB.
MAX_PIXELS = 40_000_000
#: Largest picture file in bytes (bounds the checksum walk and the compressed
#: data the decoder reads).
MAX_BYTES = 100 * 1024 * 1024
#: File name endings (lower case) and the format each promises.
EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
#: What a level-file field naming a picture accepts (docs/level-format.md).
FIELD_HELP = (f"a PNG or JPEG file (.png, .jpg, .jpeg) inside the level's folder, at most "
              f"{MAX_PIXELS:,} pixels")
#: Grey (0-255) that transparent parts are blended onto: the lab's mean grey.
GREY = 128

#: Every ``PictureError.key`` (each has a note ``gabor.note.image_<key>`` in en and zh).
ERROR_KEYS = ("missing", "unreadable", "unsupported", "wrong_format", "corrupt", "too_large")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SOI = b"\xff\xd8"
# SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# In entropy-coded data 0xFF is followed by 0x00 (stuffing), 0xD0-0xD7 (restart)
# or 0xFF (fill); anything else starts the next marker [2].
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_SNIFF = ((b"GIF8", "a GIF picture"), (b"BM", "a BMP picture"), (b"II*\x00", "a TIFF picture"),
          (b"MM\x00*", "a TIFF picture"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"))
_LUMA = np.array([0.299, 0.587, 0.114])     # ITU-R BT.601 [4]
_TILE_PX = 1 << 20          # source pixels per shrink tile (4 MB as 32-bit)
_MAX_FACTOR = 64            # smoothscale sums 8-bit values in 16 bits: keep blocks <= 257 px


class PictureError(Exception):
    """A picture file cannot be used: ``name`` the file, ``reason`` why.

    ``key`` names the problem for the lab's note (``gabor.note.image_<key>``):
    ``"missing"``, ``"unreadable"``, ``"unsupported"`` (not a .png / .jpg /
    .jpeg name, or a variant the decoder cannot read), ``"wrong_format"``
    (the content is not what the name says), ``"corrupt"`` (truncated,
    a bad checksum, damaged data), ``"too_large"``.
    """

    def __init__(self, name: str, reason: str, key: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.key = key


@dataclass(frozen=True)
class Header:
    """What a picture's header declares: ``format`` ("PNG" or "JPEG"), size in px."""

    format: str
    width: int
    height: int
    orientation: int = 1     # EXIF orientation 1-8 (JPEG only; 1 = as stored)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols) as displayed, after the EXIF orientation."""
        return (self.width, self.height) if self.orientation >= 5 else (self.height, self.width)


class LoadedPicture(NamedTuple):
    """Result of :func:`load_picture`.

    Attributes
    ----------
    image : ndarray
        Float64 contrast image in [-1, 1] (``2 * luma / 255 - 1``), rows x cols.
    notes : tuple of str
        ``"image_downscaled"`` (it was larger than ``max_side``),
        ``"alpha_composited"`` (transparent parts were blended onto grey).
    original_shape : (int, int)
        (rows, cols) of the picture before shrinking, as displayed.
    format : str
        "PNG" or "JPEG".
    """

    image: np.ndarray
    notes: tuple[str, ...]
    original_shape: tuple[int, int]
    format: str


# --------------------------------------------------------------------------
# name, header and structure (no decoding)


def picture_format(path: Path | str) -> str:
    """The format a file name promises ("PNG" or "JPEG"), or PictureError."""
    p = Path(path)
    fmt = EXTENSIONS.get(p.suffix.lower())
    if fmt is None:
        got = f"'{p.suffix}'" if p.suffix else "no extension"
        raise PictureError(p.name, f"pictures must be PNG or JPEG files (.png, .jpg, .jpeg); got {got}",
                           "unsupported")
    return fmt


def read_header(path: Path | str) -> Header:
    """Check a picture's name and header without decoding it.

    Reads the declared size (PNG ``IHDR``, checksum included; JPEG: the
    segments up to ``SOFn``) and refuses pictures over :data:`MAX_PIXELS` or
    :data:`MAX_BYTES`, and content that is not the format the name says.

    Raises
    ------
    PictureError
        With the file name, the reason and a ``key``.
    """
    with _mapped(path) as (name, fmt, _, mm):
        return _walk(mm, name, fmt, full=False)


@contextmanager
def _mapped(path):
    """Open and memory-map a picture: yields (file name, promised format, file, map).

    The map lets the checks walk a file of any size without reading it into
    memory; the decoder later reads the same open file.
    """
    p = Path(path)
    name = p.name
    fmt = picture_format(p)
    try:
        fh = p.open("rb")
    except FileNotFoundError:
        raise PictureError(name, "no such file", "missing") from None
    except OSError as exc:
        raise PictureError(name, f"cannot read the file ({exc.strerror or exc})", "unreadable") from None
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            raise PictureError(name, "the file is empty", "corrupt")
        if size > MAX_BYTES:
            raise PictureError(name, f"the file is {size / 2**20:.0f} MiB; pictures may be at most "
                                     f"{MAX_BYTES // 2**20} MiB", "too_large")
        try:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise PictureError(name, f"cannot read the file ({exc})", "unreadable") from None
        with mm:
            yield name, fmt, fh, mm


def _walk(mm, name: str, fmt: str, full: bool) -> Header:
    """Check signature, header (and with ``full``, every chunk / segment)."""
    head = bytes(mm[:16])
    if fmt == "PNG" and not head.startswith(_PNG_SIGNATURE):
        raise PictureError(name, _not_what_it_says(head, fmt, name), "wrong_format")
    if fmt == "JPEG" and not head.startswith(_JPEG_SOI):
        raise PictureError(name, _not_what_it_says(head, fmt, name), "wrong_format")
    return _walk_png(mm, name, full) if fmt == "PNG" else _walk_jpeg(mm, name, full)


def _not_what_it_says(head: bytes, fmt: str, name: str) -> str:
    ext = Path(name).suffix
    if fmt == "PNG" and head.startswith(_JPEG_SOI):
        return f"not a PNG file although its name ends in {ext}: it holds a JPEG picture (rename it to .jpg)"
    if fmt == "JPEG" and head.startswith(_PNG_SIGNATURE):
        return f"not a JPEG file although its name ends in {ext}: it holds a PNG picture (rename it to .png)"
    what = next((w for sig, w in _SNIFF if head.startswith(sig)), None)
    if what is None and head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        what = "a HEIC picture"
    if what is None and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        what = "a WebP picture"
    if what is None:
        what = "text" if all(32 <= b < 127 or b in b"\t\r\n" for b in head) else "something else"
    save = "save it as PNG or JPEG" if what.endswith("picture") else "use a PNG or JPEG picture"
    return f"not a {fmt} file although its name ends in {ext}: it looks like {what} ({save})"


def _check_size(name: str, fmt: str, w: int, h: int) -> None:
    if w == 0 or h == 0:
        raise PictureError(name, f"damaged {fmt}: its header declares {w} x {h} px", "corrupt")
    if w * h > MAX_PIXELS:
        raise PictureError(
            name, f"the {fmt} header declares {w} x {h} px = {w * h:,} pixels; pictures may have at most "
                  f"{MAX_PIXELS:,} pixels (e.g. 6000 x 6000): shrink it first", "too_large")


def _walk_png(mm, name: str, full: bool) -> Header:
    n = len(mm)
    pos = len(_PNG_SIGNATURE)
    size = None
    with memoryview(mm) as view:
        while True:
            if pos + 8 > n:
                where = "before its IEND chunk" if size else "inside its header"
                raise PictureError(name, f"truncated PNG: the file ends {where}", "corrupt")
            length, ctype = struct.unpack_from(">I4s", mm, pos)
            label = ctype.decode("latin-1")
            if length > 0x7FFFFFFF or not ctype.isalpha():
                raise PictureError(name, f"damaged PNG: a chunk at byte {pos} has a bad length or type", "corrupt")
            end = pos + 12 + length
            if end > n:
                raise PictureError(name, f"truncated PNG: the file ends inside chunk {label}", "corrupt")
            first = size is None
            if first:
                if ctype != b"IHDR" or length != 13:
                    raise PictureError(name, "damaged PNG: it does not start with an IHDR chunk", "corrupt")
                size = struct.unpack_from(">II", mm, pos + 8)
                _check_size(name, "PNG", *size)      # the size first: it is the likelier mistake
            (stored,) = struct.unpack_from(">I", mm, end - 4)
            if zlib.crc32(view[pos + 4:end - 4]) != stored:
                raise PictureError(name, f"damaged PNG: checksum mismatch in chunk {label} (byte {pos})", "corrupt")
            if first and not full:
                return Header("PNG", *size)
            if ctype == b"IEND":
                return Header("PNG", *size)
            pos = end


def _walk_jpeg(mm, name: str, full: bool) -> Header:
    n = len(mm)
    pos = 2
    size = None
    orientation = 1
    scanned = False
    while True:
        if pos >= n:
            raise PictureError(name, "truncated JPEG: the file ends before its image data", "corrupt")
        if mm[pos] != 0xFF:
            raise PictureError(name, f"damaged JPEG: no marker at byte {pos}", "corrupt")
        while pos < n and mm[pos] == 0xFF:       # fill bytes may precede a marker
            pos += 1
        if pos >= n:
            raise PictureError(name, "truncated JPEG: the file ends inside a marker", "corrupt")
        code = mm[pos]
        pos += 1
        if code == 0xD9:                          # end of image
            if not scanned:
                raise PictureError(name, "damaged JPEG: it ends before any image data", "corrupt")
            return Header("JPEG", *size, orientation)
        if code in (0x01, 0xD8) or 0xD0 <= code <= 0xD7:
            continue                              # markers without a length
        if pos + 2 > n:
            raise PictureError(name, "truncated JPEG: the file ends inside a segment", "corrupt")
        (seglen,) = struct.unpack_from(">H", mm, pos)
        if seglen < 2 or pos + seglen > n:
            raise PictureError(name, f"truncated JPEG: the segment at byte {pos - 2} runs past the end",
                               "corrupt")
        if code == 0xE1 and size is None:
            orientation = _exif_orientation(bytes(mm[pos + 2:pos + seglen]))
        if code in _SOF and size is None:
            if seglen < 8:
                raise PictureError(name, "damaged JPEG: its frame header is too short", "corrupt")
            h, w = struct.unpack_from(">HH", mm, pos + 3)
            if h == 0:
                raise PictureError(name, "unsupported JPEG: its height is given after the image data "
                                         "(DNL marker); save it again", "unsupported")
            _check_size(name, "JPEG", w, h)
            size = (w, h)
            if not full:
                return Header("JPEG", w, h, orientation)
        pos += seglen
        if code == 0xDA:                          # start of scan: skip the entropy-coded data
            if size is None:
                raise PictureError(name, "damaged JPEG: image data before the frame header", "corrupt")
            scanned = True
            found = _NEXT_MARKER.search(mm, pos)
            if found is None:
                raise PictureError(name, "truncated JPEG: no end-of-image marker (the file is cut short)",
                                   "corrupt")
            pos = found.start()


def _exif_orientation(body: bytes) -> int:
    """EXIF tag 0x0112 of an APP1 segment body, 1 if absent or unreadable [3]."""
    if not body.startswith(b"Exif\x00\x00") or len(body) < 14:
        return 1
    tiff = body[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return 1
    try:
        (ifd,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, ifd)
        for i in range(min(count, 512)):
            tag, typ, _, value = struct.unpack_from(order + "HHIH", tiff, ifd + 2 + 12 * i)
            if tag == 0x0112 and typ == 3:
                return value if 1 <= value <= 8 else 1
    except struct.error:
        return 1
    return 1


# --------------------------------------------------------------------------
# decode, shrink, grey


def output_size(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    """(width, height) after shrinking so the longer side is at most ``max_side``, aspect kept."""
    if max_side is None or max(width, height) <= max_side:
        return width, height
    s = max_side / max(width, height)
    return max(1, round(width * s)), max(1, round(height * s))


def load_picture(path: Path | str, max_side: int | None = None) -> LoadedPicture:
    """Read a PNG or JPEG as a grey contrast image, shrunk so its longer side is ``max_side`` px.

    Parameters
    ----------
    path : str or os.PathLike
        The picture (the caller has already checked it lies in the level's
        folder).
    max_side : int, optional
        Longest side in px of the result; larger pictures are shrunk (aspect
        kept, note ``"image_downscaled"``), smaller ones are left as they are.

    Returns
    -------
    LoadedPicture
        ``image`` float64 in [-1, 1], rows x cols.

    Raises
    ------
    PictureError
        Naming the file, the reason and a ``key`` for the lab's note; never
        any other exception for a bad file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "grey.png"
    >>> s = pygame.Surface((600, 300)); _ = s.fill((200, 200, 200))
    >>> pygame.image.save(s, str(tmp))
    >>> pic = load_picture(tmp, max_side=256)
    >>> pic.image.shape, pic.original_shape, pic.notes
    ((128, 256), (300, 600), ('image_downscaled',))
    """
    if max_side is not None and int(max_side) < 1:
        raise ValueError(f"max_side must be >= 1, got {max_side}")
    with _mapped(path) as (name, fmt, fh, mm):
        header = _walk(mm, name, fmt, full=True)
        surface = _decode(fh, name, header)
    try:
        w, h = surface.get_size()
        if (w, h) != (header.width, header.height):
            raise PictureError(name, f"damaged {fmt}: decoded {w} x {h} px, its header says "
                                     f"{header.width} x {header.height}", "corrupt")
        alpha = _uses_alpha(surface)
        ow, oh = output_size(w, h, max_side)
        premultiplied = _mode(surface, alpha) == "premul"
        small = _shrink(surface, (ow, oh), alpha)
    except pygame.error as exc:              # e.g. out of memory inside SDL
        raise PictureError(name, f"cannot shrink the picture ({exc})", "unreadable") from None
    finally:
        del surface
    grey = _orient(_resample(_composite(small, premultiplied) @ _LUMA, (oh, ow)), header.orientation)
    notes = []
    if max_side is not None and max(w, h) > max_side:
        notes.append("image_downscaled")
    if alpha:
        notes.append("alpha_composited")
    return LoadedPicture(2.0 * grey / 255.0 - 1.0, tuple(notes), header.shape, fmt)


def _decode(fh, name: str, header: Header) -> pygame.Surface:
    if not pygame.image.get_extended():
        raise PictureError(name, "this pygame can read only BMP pictures (pygame.image.get_extended() "
                                 "is False); install pygame-ce from PyPI", "unsupported")
    fh.seek(0)
    hint = "picture.png" if header.format == "PNG" else "picture.jpg"
    try:
        return pygame.image.load(fh, hint)
    except (pygame.error, ValueError, OSError, MemoryError) as exc:
        raise PictureError(name, f"the {header.format} decoder cannot read it ({exc})", "corrupt") from None


def _uses_alpha(surface: pygame.Surface) -> bool:
    """True if any pixel is (partly) transparent, by alpha or colour key."""
    if not (surface.get_flags() & pygame.SRCALPHA) and surface.get_colorkey() is None:
        return False
    w, h = surface.get_size()
    # pixels with alpha > 254 (or not the colour key) are set: all set means opaque
    return pygame.mask.from_surface(surface, 254).count() < w * h


def _pow2_factor(ratio: int) -> int:
    """Largest power of two <= ratio, within [1, _MAX_FACTOR]."""
    ratio = max(1, min(int(ratio), _MAX_FACTOR))
    return 1 << (ratio.bit_length() - 1)


def _mode(surface: pygame.Surface, alpha: bool) -> str:
    """How tiles are taken from ``surface`` (see :func:`_box_pass`)."""
    if surface.get_bitsize() != 32 or surface.get_colorkey() is not None:
        return "blit"
    return "premul" if alpha else "direct"


def _box_pass(src: pygame.Surface, fx: int, fy: int, mode: str) -> pygame.Surface:
    """Average fx x fy blocks of ``src``, one tile of about a million pixels at a time.

    At an exact integer ratio smoothscale is a box filter; a power-of-two
    ratio keeps its fixed-point reciprocal exact too, so each block gives the
    floor of its mean. Tiles bound the extra memory to a few MB whatever the
    picture's size. ``mode``: ``"direct"`` averages a 32-bit source in place
    (opaque, or alpha already premultiplied); ``"premul"`` premultiplies each
    tile's colours by its alpha first (so the means blend correctly onto grey
    later, in :func:`_composite`); ``"blit"`` copies each tile onto grey in a
    32-bit surface first (24- and 8-bit sources, colour keys).
    """
    w, h = src.get_size()
    wc, hc = (w // fx) * fx, (h // fy) * fy
    x0, y0 = (w - wc) // 2, (h - hc) // 2
    tile_h = min(hc, fy * max(1, 1024 // fy))
    tile_w = min(wc, fx * max(1, _TILE_PX // (tile_h * fx)))
    if mode == "blit":
        out = pygame.Surface((wc // fx, hc // fy), 0, 32)
        tile = pygame.Surface((tile_w, tile_h), 0, 32)
    else:
        # the same layout as the source: smoothscale copies bytes into dest whatever its masks
        out = pygame.Surface((wc // fx, hc // fy), src.get_flags() & pygame.SRCALPHA, 32, src.get_masks())
    for y in range(0, hc, tile_h):
        th = min(tile_h, hc - y)
        for x in range(0, wc, tile_w):
            tw = min(tile_w, wc - x)
            area = pygame.Rect(x0 + x, y0 + y, tw, th)
            if mode == "blit":
                part = tile.subsurface((0, 0, tw, th))
                part.fill((GREY, GREY, GREY))
                part.blit(src, (0, 0), area)
            else:
                part = src.subsurface(area)
                if mode == "premul":
                    part = part.premul_alpha()
            dest = out.subsurface((x // fx, y // fy, tw // fx, th // fy))
            pygame.transform.smoothscale(part, (tw // fx, th // fy), dest)   # at 1 x 1: a copy
    return out


def _shrink(src: pygame.Surface, size: tuple[int, int], alpha: bool) -> pygame.Surface:
    """A 32-bit surface less than twice ``size`` a side, by power-of-two box passes.

    Its colours are premultiplied by its alpha channel when ``_mode`` says "premul";
    otherwise they are opaque (already on grey).
    """
    ow, oh = size
    cur, mode = src, _mode(src, alpha)
    while True:
        w, h = cur.get_size()
        # a box pass crops fewer than fx px: keep at least 64 px so that stays under 1/64 of a side
        fx, fy = _pow2_factor(min(w // ow, w // 64)), _pow2_factor(min(h // oh, h // 64))
        if cur is not src and fx == fy == 1:
            return cur
        cur = _box_pass(cur, fx, fy, mode)
        mode = "direct"      # now 32 bit, opaque or premultiplied


def _composite(small: pygame.Surface, premultiplied: bool) -> np.ndarray:
    """RGB (rows x cols x 3, float64 0-255) of a small surface, blended onto grey if premultiplied."""
    rgb = pygame.surfarray.array3d(small).transpose(1, 0, 2).astype(np.float64)
    if premultiplied:
        alpha = pygame.surfarray.array_alpha(small).T.astype(np.float64)
        rgb += ((255.0 - alpha) * (GREY / 255.0))[:, :, None]
    return rgb


def _area_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) weights: output cell i averages input px over [i, i + 1) * n_in / n_out."""
    edges = np.arange(n_out + 1) * (n_in / n_out)
    j = np.arange(n_in)
    overlap = np.minimum(edges[1:, None], j + 1) - np.maximum(edges[:-1, None], j)
    return np.clip(overlap, 0.0, None) * (n_out / n_in)


def _resample(img: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Exact area average of a small array (less than twice ``shape`` a side) to ``shape``."""
    if img.shape == shape:
        return img
    return _area_matrix(img.shape[0], shape[0]) @ img @ _area_matrix(img.shape[1], shape[1]).T


def _orient(img: np.ndarray, orientation: int) -> np.ndarray:
    """Turn a stored array the way EXIF ``orientation`` says it is shown [3]."""
    if orientation in (2, 4, 5, 7):     # the mirrored ones: undo the mirror first
        img = img[:, ::-1]
    turns = {3: 2, 4: 2, 5: 1, 6: 3, 7: 3, 8: 1}.get(orientation, 0)   # counter-clockwise quarter turns
    return np.ascontiguousarray(np.rot90(img, turns))
