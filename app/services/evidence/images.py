"""Photos of documents: can we read them, and what we keep.

- Too small: a shorter side under ``min_short_side`` pixels rarely shows a document's words.
- Blurred: the variance of the Laplacian (a measure of how much sharp edge there is) of a
  greyscale copy scaled to at most 1000 pixels, under ``blur_threshold``. Text that is in
  focus has strong edges; a shaken or out-of-focus photo has few.
Both are warnings: the person can keep the photo or take another.

What we store: the picture turned the right way up (EXIF orientation applied) and saved
again without its metadata, so no GPS position, camera serial number or capture time is
kept. JPEGs are re-encoded at quality 90; PNGs losslessly. HEIC cannot be decoded with
Pillow alone, so a HEIC file is stored as uploaded (size read from its `ispe` box; no blur
check); docs/evidence.md says so.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps, ImageStat

# A 48-megapixel phone photo is 8000 x 6000; anything far beyond that is not a photo.
MAX_PIXELS = 100_000_000
BLUR_SAMPLE_SIDE = 1000
# 3x3 Laplacian; Pillow clips filter output to 0..255, so it is centred on 128.
LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)


class UnreadableImage(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "damaged" or "too_many_pixels"


@dataclass(frozen=True)
class ImageReport:
    width: int
    height: int
    sharpness: float | None  # variance of the Laplacian; None when not measured (HEIC)
    data: bytes  # what to store


def inspect_image(data: bytes, kind: str) -> ImageReport:
    """Decode, measure, and re-save a JPEG or PNG without its metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise UnreadableImage("too_many_pixels")
                opened.load()
                icc = opened.info.get("icc_profile")
                upright = ImageOps.exif_transpose(opened)
    except UnreadableImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableImage("too_many_pixels") from None
    except Exception:
        # Pillow raises many kinds of error for a damaged or truncated file.
        raise UnreadableImage("damaged") from None
    return ImageReport(upright.width, upright.height, sharpness(upright), _without_metadata(upright, kind, icc))


def sharpness(image: Image.Image) -> float:
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
        image.save(out, "JPEG", quality=90, optimize=True, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()


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
