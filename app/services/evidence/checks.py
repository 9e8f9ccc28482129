"""Every check an uploaded file passes before it is kept, in order:

1. something was sent, and it is within the size limit;
2. clamd finds no virus (when a clamd is configured) — before any decoder reads the file;
3. its content (not its name) is a JPEG, PNG, HEIC or PDF;
4. a photo can be decoded (warnings when it is small or looks blurred) and is re-saved
   upright without metadata; a PDF is complete and not password-protected.

A failure is a ``Rejection`` with the exact message to show beside the file input.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from app.i18n import gettext as _
from app.services.evidence import images
from app.services.evidence.clamav import ClamdClient, ScanFailed
from app.services.evidence.sniff import Accepted, Refused, sniff

log = logging.getLogger(__name__)

ALLOWED = "JPG, PNG, HEIC or PDF"


@dataclass(frozen=True)
class Policy:
    max_bytes: int = 10_000_000
    min_short_side: int = 600  # pixels
    blur_threshold: float = 100.0  # variance of the Laplacian (see images.py)


@dataclass(frozen=True)
class Rejection:
    reason: str  # empty, too_big, wrong_type, virus, scan_failed, damaged, too_many_pixels, pdf_encrypted
    message: str


@dataclass(frozen=True)
class Notice:
    reason: str  # too_small, blurred
    message: str


@dataclass(frozen=True)
class CheckedFile:
    accepted: Accepted
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

    if found.kind == "pdf":
        return _check_pdf(data, found, scan_result)
    if found.kind == "heic":
        size = images.heic_size(data)
        notices = _size_notices(size, policy)
        return CheckedFile(found, data, _sha256(data), scan_result, *(size or (None, None)), notices=notices)
    try:
        report = images.inspect_image(data, found.kind)
    except images.UnreadableImage as exc:
        if exc.reason == "too_many_pixels":
            return Rejection("too_many_pixels", _("The selected photo has too many pixels to open. Take the photo again at a normal size"))
        return Rejection("damaged", _("The selected file could not be opened. It may be damaged"))
    notices = _size_notices((report.width, report.height), policy)
    if report.sharpness is not None and report.sharpness < policy.blur_threshold:
        notices += (Notice("blurred", notice_message("blurred")),)
    return CheckedFile(found, report.data, _sha256(report.data), scan_result, report.width, report.height, notices)


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


def _check_pdf(data: bytes, accepted: Accepted, scan_result: str) -> CheckedFile | Rejection:
    # A PDF ends with %%EOF (some writers add a few bytes after it). Password protection
    # puts an /Encrypt entry in the trailer; staff could not open such a file.
    if b"%%EOF" not in data[-2048:]:
        return Rejection("damaged", _("The selected PDF is incomplete or damaged"))
    if b"/Encrypt" in data:
        return Rejection("pdf_encrypted", _("The selected PDF is protected with a password. Upload a copy without a password"))
    return CheckedFile(accepted, data, _sha256(data), scan_result)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
