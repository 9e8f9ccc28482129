"""Photos of documents: can we read them, and what we keep.

Memory first. A photo's pixel count is read from its header (PNG ``IHDR``, the JPEG frame
header, HEIC's ``ispe`` box) before anything is decoded, and a photo over ``max_pixels``
(40 megapixels unless a council sets ``EVIDENCE_MAX_IMAGE_PIXELS``) is refused: an
88-megapixel PNG can be 280 kB on the wire and 264 MB once decoded. Pillow's own limit
(``Image.MAX_IMAGE_PIXELS``) is lowered to the same 40 megapixels as a backstop for any
other decoding in the process. The caller (``checks``) also lets only a few photos be
decoded at once.

- Too small: a shorter side under ``min_short_side`` pixels rarely shows a document's words.
- Blurred: the variance of the Laplacian (a measure of how much sharp edge there is) of a
  greyscale copy at most 1000 pixels on its long side, under ``blur_threshold``. Text that
  is in focus has strong edges; a shaken or out-of-focus photo has few. The copy is made
  with reduction first: a JPEG is decoded straight at 1/2, 1/4 or 1/8 scale (``draft``);
  other photos are reduced by a whole factor before the finer resize.
Both are warnings: the person can keep the photo or take another.

What we store: the picture turned the right way up (EXIF orientation applied) and saved
again without its metadata, so no GPS position, camera serial number or capture time is
kept. JPEGs are re-encoded at quality 90; PNGs losslessly. HEIC (iPhone photos) is decoded
with pillow-heif, checked like any photo, and stored as a JPEG at quality 90.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageFilter, ImageOps, ImageStat

pillow_heif.register_heif_opener()

# A 48-megapixel phone photo is 8000 x 6000, and most phones save 12 megapixels by default.
DEFAULT_MAX_PIXELS = 40_000_000
# Pillow warns above this and refuses above twice it, whatever the caller asked for.
Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS
BLUR_SAMPLE_SIDE = 1000
# 3x3 Laplacian; Pillow clips filter output to 0..255, so it is centred on 128.
LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)
# JPEG start-of-frame markers (SOF0-SOF15 without DHT, JPG and DAC), which hold the size.
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
JPEG_NO_LENGTH = {0x01, 0xD8, *range(0xD0, 0xD8)}


class UnreadableImage(ValueError):
    def __init__(self, reason: str, size: tuple[int, int] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # "damaged" or "too_many_pixels"
        self.size = size  # the size the header declares, when it was read


@dataclass(frozen=True)
class ImageReport:
    width: int
    height: int
    sharpness: float
    data: bytes  # what to store
    stored_kind: str  # "jpeg" or "png"


def inspect_image(data: bytes, kind: str, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageReport:
    """Check the declared size, measure sharpness on a reduced copy, and re-save without metadata."""
    size = header_size(data, kind)
    if size is not None and size[0] * size[1] > max_pixels:
        raise UnreadableImage("too_many_pixels", size)
    stored_kind = "png" if kind == "png" else "jpeg"
    try:
        with warnings.catch_warnings():
            # Our own limit was checked above; Pillow's error at twice its limit still applies.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.width * opened.height > max_pixels:
                    raise UnreadableImage("too_many_pixels", opened.size)
                measured = _jpeg_sharpness(data) if opened.format == "JPEG" else None
                opened.load()
                icc = opened.info.get("icc_profile")
                # In place: no second full-size copy when the photo is already upright.
                ImageOps.exif_transpose(opened, in_place=True)
                if measured is None:
                    measured = sharpness(opened)
                return ImageReport(opened.width, opened.height, measured, _without_metadata(opened, stored_kind, icc), stored_kind)
    except UnreadableImage:
        raise
    except Image.DecompressionBombError:
        raise UnreadableImage("too_many_pixels", size) from None
    except Exception:
        # Pillow raises many kinds of error for a damaged or truncated file.
        raise UnreadableImage("damaged") from None


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """The width and height a photo's header declares, without decoding any pixels."""
    if kind == "png":
        # The signature (8 bytes), then IHDR: length, type, width, height.
        if data[12:16] == b"IHDR":
            return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return None
    if kind == "jpeg":
        return _jpeg_size(data)
    if kind == "heic":
        return heic_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in JPEG_NO_LENGTH:
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in JPEG_FRAMES and at + 9 <= len(data):
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return width, height
        if marker == 0xDA or length < 2:  # image data begins, or a broken segment
            return None
        at += 2 + length
    return None


def heic_size(data: bytes) -> tuple[int, int] | None:
    """The largest picture size an HEIC file declares in its `ispe` (image spatial extent) boxes."""
    best = None
    start = 0
    while (at := data.find(b"ispe", start, 1_000_000)) != -1:
        start = at + 4
        fields = data[at + 8 : at + 16]  # after the 4-byte version and flags
        if len(fields) < 8:
            break
        width, height = int.from_bytes(fields[:4], "big"), int.from_bytes(fields[4:], "big")
        if best is None or width * height > best[0] * best[1]:
            best = (width, height)
    return best


def _jpeg_sharpness(data: bytes) -> float:
    """Sharpness from a JPEG decoded at reduced scale, greyscale only: a fraction of the memory."""
    with Image.open(io.BytesIO(data)) as reduced:
        reduced.draft("L", (BLUR_SAMPLE_SIDE, BLUR_SAMPLE_SIDE))
        reduced.load()
        return sharpness(reduced)


def sharpness(image: Image.Image) -> float:
    factor = max(1, max(image.size) // BLUR_SAMPLE_SIDE)
    if factor > 1:
        image = image.reduce(factor)
    grey = ImageOps.grayscale(image.convert("RGB") if image.mode not in {"L", "RGB"} else image)
    grey.thumbnail((BLUR_SAMPLE_SIDE, BLUR_SAMPLE_SIDE))
    # Pillow copies the outermost pixels unfiltered; leave them out.
    edges = grey.filter(LAPLACIAN).crop((1, 1, max(grey.width - 1, 2), max(grey.height - 1, 2)))
    return float(ImageStat.Stat(edges).var[0])


def _without_metadata(image: Image.Image, kind: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if kind == "jpeg":
        if image.mode not in {"L", "RGB"}:
            image = image.convert("RGB")
        # Not optimize=True: libjpeg would then hold every coefficient of the photo in memory.
        image.save(out, "JPEG", quality=90, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()
