"""Every check an uploaded file passes before it is kept, in order:

1. something was sent, and it is within the size limit;
2. clamd finds no virus (when a clamd is configured) — before any decoder reads the file;
3. its content (not its name) is a JPEG, PNG, HEIC or PDF, by the signature at its start;
4. a photo is not over the pixel limit (read from its header), can be decoded (warnings
   when it is small or looks blurred) and is re-saved upright without metadata (HEIC as
   JPEG); a PDF parses, is not password-protected, and has no JavaScript, launch actions
   or attached files.

Decoding and parsing take memory and CPU, so only ``Policy.checks_at_once`` files per
process are decoded or parsed at a time; the others wait their turn.

A failure is a ``Rejection`` with the exact message to show beside the file input.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from dataclasses import dataclass, field

from app.i18n import gettext as _
from app.services.evidence import images, pdfs
from app.services.evidence.clamav import ClamdClient, ScanFailed
from app.services.evidence.sniff import JPEG, PNG, Accepted, Refused, sniff

log = logging.getLogger(__name__)

ALLOWED = "JPG, PNG, HEIC or PDF"


@dataclass(frozen=True)
class Policy:
    max_bytes: int = 10_000_000
    min_short_side: int = 600  # pixels
    blur_threshold: float = 100.0  # variance of the Laplacian (see images.py)
    max_pixels: int = images.DEFAULT_MAX_PIXELS  # refused above this, before decoding
    checks_at_once: int = 2  # photos decoded or PDFs parsed at the same time, per process


@dataclass(frozen=True)
class Rejection:
    # empty, too_big, wrong_type, virus, scan_failed, damaged, too_many_pixels,
    # pdf_encrypted, pdf_active_content, pdf_attachments
    reason: str
    message: str


@dataclass(frozen=True)
class Notice:
    reason: str  # too_small, blurred
    message: str


@dataclass(frozen=True)
class CheckedFile:
    accepted: Accepted  # the type of what is stored (an HEIC photo is stored as a JPEG)
    data: bytes  # what to store (a photo re-saved without metadata)
    sha256: str  # of ``data``
    scan_result: str  # "clean" or "not_scanned"
    width: int | None = None
    height: int | None = None
    notices: tuple[Notice, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return len(self.data)


def megabytes(limit: int) -> str:
    return f"{limit / 1_000_000:g}MB"


def check_file(data: bytes, *, policy: Policy, scanner: ClamdClient | None) -> CheckedFile | Rejection:
    if not data:
        return Rejection("empty", _("The selected file is empty"))
    if len(data) > policy.max_bytes:
        return Rejection("too_big", _("The selected file must be smaller than {limit}").format(limit=megabytes(policy.max_bytes)))

    scan_result = "not_scanned"
    if scanner is not None:
        try:
            verdict = scanner.scan(data)
        except ScanFailed as exc:
            log.warning("evidence virus scan failed: %s", exc)
            return Rejection("scan_failed", _("The selected file could not be checked for viruses – try again"))
        if not verdict.clean:
            log.warning("evidence upload refused: virus signature %s", verdict.signature)
            return Rejection("virus", _("The selected file contains a virus"))
        scan_result = "clean"

    found = sniff(data)
    if isinstance(found, Refused):
        if found.what:
            message = _("The selected file is {what}. It must be a {allowed}").format(what=found.what, allowed=ALLOWED)
        else:
            message = _("The selected file must be a {allowed}").format(allowed=ALLOWED)
        return Rejection("wrong_type", message)

    with decoding_slots(policy.checks_at_once):
        if found.kind == "pdf":
            return _check_pdf(data, found, scan_result)
        return _check_photo(data, found, policy, scan_result)


@functools.cache
def decoding_slots(size: int) -> threading.BoundedSemaphore:
    """The shared slots for decoding, one set per size (the size comes from the settings)."""
    return threading.BoundedSemaphore(size)


def _check_photo(data: bytes, found: Accepted, policy: Policy, scan_result: str) -> CheckedFile | Rejection:
    try:
        report = images.inspect_image(data, found.kind, max_pixels=policy.max_pixels)
    except images.UnreadableImage as exc:
        if exc.reason == "too_many_pixels":
            return Rejection("too_many_pixels", _too_many_pixels_message(exc.size, policy.max_pixels))
        return Rejection("damaged", _("The selected file could not be opened. It may be damaged"))
    notices = _size_notices((report.width, report.height), policy)
    if report.sharpness < policy.blur_threshold:
        notices += (Notice("blurred", notice_message("blurred")),)
    stored = PNG if report.stored_kind == "png" else JPEG
    return CheckedFile(stored, report.data, _sha256(report.data), scan_result, report.width, report.height, notices)


def _too_many_pixels_message(size: tuple[int, int] | None, limit: int) -> str:
    if size is None:
        return _("The selected photo is too large to check. Take it again at a lower resolution")
    return _(
        "The selected photo is too large to check: it has {pixels} megapixels and the most we can take is {limit}. "
        "Take it again at a lower resolution"
    ).format(pixels=_megapixels(size[0] * size[1]), limit=_megapixels(limit))


def _megapixels(pixels: int) -> str:
    return f"{round(pixels / 1_000_000, 1):g}"


def notice_message(reason: str) -> str:
    """The warning shown for a kept photo, on the upload result and beside the file in the list."""
    if reason == "too_small":
        return _("This photo is small, so we may not be able to read it. Take a closer photo if you can")
    if reason == "blurred":
        return _("This photo may be blurred. Check you can read every word, or take a clearer photo")
    return ""


def _size_notices(size: tuple[int, int] | None, policy: Policy) -> tuple[Notice, ...]:
    if size is None or min(size) >= policy.min_short_side:
        return ()
    return (Notice("too_small", notice_message("too_small")),)


PDF_MESSAGES = {
    "damaged": lambda: _("The selected PDF is incomplete or damaged"),
    "pdf_encrypted": lambda: _("The selected PDF is protected with a password. Upload a copy without a password"),
    "pdf_active_content": lambda: _(
        "The selected PDF contains code or actions that run when it is opened, so it has not been uploaded. "
        "Print it to a new PDF or take a photo of each page, and upload that"
    ),
    "pdf_attachments": lambda: _(
        "The selected PDF has other files attached inside it, so it has not been uploaded. Upload each document on its own"
    ),
}


def _check_pdf(data: bytes, accepted: Accepted, scan_result: str) -> CheckedFile | Rejection:
    try:
        pdfs.inspect_pdf(data)
    except pdfs.RefusedPdf as refused:
        return Rejection(refused.reason, PDF_MESSAGES[refused.reason]())
    return CheckedFile(accepted, data, _sha256(data), scan_result)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
