"""PDFs: read with a PDF parser (pypdf) before they are kept, and refused when staff could
not safely open them.

Refused, never cleaned up (a changed file is no longer the person's evidence):
- a PDF that cannot be parsed, or has no pages;
- a password-protected (encrypted) PDF;
- active content: JavaScript anywhere (``/JS``, ``/JavaScript``, an action of type
  ``/JavaScript``) or a ``/Launch`` action, which starts a program. An ordinary
  ``/OpenAction`` (open at page 1) is fine;
- attached files: an ``/EmbeddedFiles`` name tree, a file-attachment annotation, or an
  embedded file stream.

Every object reachable from the trailer is visited once (names are compared as pypdf
decodes them, so ``/Java#53cript`` is ``/JavaScript``); content streams are not decoded.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch"}
ATTACHMENT_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
ATTACHMENT_TYPES = {"/EmbeddedFile", "/FileAttachment"}
# Far more objects than any scanned document or statement has; beyond it we stop reading.
MAX_OBJECTS = 200_000


class RefusedPdf(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "damaged", "pdf_encrypted", "pdf_active_content" or "pdf_attachments"


def inspect_pdf(data: bytes) -> None:
    """Return quietly when the PDF is safe to keep; otherwise raise RefusedPdf."""
    # A PDF ends with %%EOF (some writers add a few bytes after it).
    if b"%%EOF" not in data[-2048:]:
        raise RefusedPdf("damaged")
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception:
        # pypdf tries an empty password on an encrypted file and fails on odd encryption
        # dictionaries; the person is best told about the password either way.
        raise RefusedPdf("pdf_encrypted" if b"/Encrypt" in data else "damaged") from None
    try:
        if reader.is_encrypted:
            raise RefusedPdf("pdf_encrypted")
        if len(reader.pages) == 0:
            raise RefusedPdf("damaged")
        found = _dangerous_content(reader.trailer)
    except RefusedPdf:
        raise
    except Exception:
        # pypdf raises many kinds of error for a damaged or hostile file.
        raise RefusedPdf("damaged") from None
    if found is not None:
        raise RefusedPdf(found)


def _dangerous_content(trailer: DictionaryObject) -> str | None:
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [trailer]
    attachments = False
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise RefusedPdf("damaged")
        if isinstance(item, DictionaryObject):
            keys = set(item.keys())
            if keys & ACTIVE_KEYS or _name(item, "/S") in ACTIVE_ACTIONS:
                return "pdf_active_content"
            if keys & ATTACHMENT_KEYS or {_name(item, "/Type"), _name(item, "/Subtype")} & ATTACHMENT_TYPES:
                attachments = True
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return "pdf_attachments" if attachments else None


def _name(dictionary: DictionaryObject, key: str) -> str | None:
    value = dictionary.get(key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return str(value) if isinstance(value, NameObject) else None
