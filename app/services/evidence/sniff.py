"""What a file really is, judged by its first bytes, never by its name or the browser's say-so.

Accepted: JPEG, PNG, HEIC/HEIF (what iPhones save) and PDF, each only when its signature
is at the very start of the file (for HEIC, the ISO "ftyp" box that opens the file). The
PDF specification tolerates a header anywhere in the first kilobyte, but that lets a ZIP, a
program or a web page with "%PDF-" a few bytes in pass as a PDF, so we do not. Anything
else is named in plain words, so the message can say what the person picked ("a Word
document").
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import gettext as _


@dataclass(frozen=True)
class Accepted:
    kind: str  # "jpeg", "png", "heic", "pdf"
    content_type: str
    extension: str


JPEG = Accepted("jpeg", "image/jpeg", ".jpg")
PNG = Accepted("png", "image/png", ".png")
HEIC = Accepted("heic", "image/heic", ".heic")
PDF = Accepted("pdf", "application/pdf", ".pdf")

# ISO base media "ftyp" brands of HEIF still images (HEIC is HEIF holding HEVC pictures).
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
VIDEO_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"3gp4", b"3gp5", b"3g2a", b"M4V ", b"avc1", b"dash"}


@dataclass(frozen=True)
class Refused:
    what: str  # plain words for what the file is, e.g. "a Word document"; "" when unknown


def sniff(data: bytes) -> Accepted | Refused:
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        compatible = {data[i : i + 4] for i in range(16, min(int.from_bytes(head[:4], "big"), 64), 4)}
        if brand in {b"avif", b"avis"}:
            return Refused(_("an AVIF image"))
        if brand in HEIF_BRANDS or (brand not in VIDEO_BRANDS and HEIF_BRANDS & compatible):
            return HEIC
        return Refused(_("a video"))
    if head.startswith(b"%PDF-"):
        return PDF
    return Refused(_refused_kind(data))


def _refused_kind(data: bytes) -> str:
    head = data[:64]
    if head.startswith(b"MZ"):
        return _("a Windows program")
    if head.startswith(b"\x7fELF"):
        return _("a computer program")
    if head.startswith(b"PK\x03\x04"):
        names = data[:65536]
        if b"word/" in names:
            return _("a Word document")
        if b"xl/" in names:
            return _("an Excel spreadsheet")
        if b"ppt/" in names:
            return _("a PowerPoint presentation")
        return _("a ZIP file")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _("an older Microsoft Office document")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _("a GIF image")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _("a WebP image")
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return _("a TIFF image")
    if head.startswith(b"BM") and len(data) > 26 and data[14:15] in {b"\x0c", b"\x28", b"\x38", b"\x40", b"\x6c", b"\x7c"}:
        return _("a BMP image")
    if head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return _("a compressed archive")
    if head.startswith(b"{\\rtf"):
        return _("an RTF document")
    text = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or b"<script" in text:
        return _("a web page")
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return _("an SVG image")
    if _looks_like_text(data[:4096]):
        return _("a text file")
    return ""


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(sample) - 3
    return True
