"""A file is what its first bytes say it is, and a PDF is opened and read before it is kept:
no disguised archives, programs or web pages, and no PDF that runs code, starts programs or
carries other files. Photos from iPhones (HEIC) are decoded and checked like any photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.services.evidence.checks import CheckedFile, Policy, Rejection, check_file
from app.services.evidence.sniff import Refused, sniff
from tests.services.evidence_support import (
    document_photo,
    exif_with_location_and_rotation,
    heic_photo,
    linux_program,
    minimal_pdf,
    pdf_opening_at_its_first_page,
    pdf_with_embedded_file,
    pdf_with_javascript,
    pdf_with_launch_action,
    windows_program,
    written_pdf,
    zip_with_pdf_marker,
)

POLICY = Policy(max_bytes=2_000_000, min_short_side=600, blur_threshold=100)
ACTIVE = "The selected PDF contains code or actions that run when it is opened, so it has not been uploaded. Print it to a new PDF or take a photo of each page, and upload that"  # noqa: E501
ATTACHED = "The selected PDF has other files attached inside it, so it has not been uploaded. Upload each document on its own"


def check(data: bytes) -> CheckedFile | Rejection:
    return check_file(data, policy=POLICY, scanner=None)


# ------------------------------------------------------------------ signatures at the start only


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (zip_with_pdf_marker(), "a ZIP file"),
        (linux_program(), "a computer program"),
        (windows_program()[:64] + b"%PDF-1.7\n" + windows_program()[64:], "a Windows program"),
        (b"<!DOCTYPE html><html><body><p>%PDF-1.4</p><script>alert(1)</script></body></html>", "a web page"),
    ],
    ids=["zip", "elf", "exe", "html"],
)
def test_a_pdf_header_inside_another_file_does_not_make_it_a_pdf(data: bytes, what: str) -> None:
    assert b"%PDF-" in data[:1024] and not data.startswith(b"%PDF-")
    assert sniff(data) == Refused(what)
    result = check(data)
    assert isinstance(result, Rejection) and result.reason == "wrong_type"
    assert result.message == f"The selected file is {what}. It must be a JPG, PNG, HEIC or PDF"


def test_a_pdf_header_after_some_other_bytes_is_not_a_pdf() -> None:
    result = check(b"\x00" * 10 + minimal_pdf())
    assert isinstance(result, Rejection) and result.reason == "wrong_type"


# ------------------------------------------------------------------ PDFs, read with a PDF parser


def test_a_pdf_that_runs_javascript_when_opened_is_refused() -> None:
    assert check(pdf_with_javascript()) == Rejection("pdf_active_content", ACTIVE)


def test_a_pdf_with_a_launch_action_is_refused() -> None:
    assert check(pdf_with_launch_action()) == Rejection("pdf_active_content", ACTIVE)


def test_a_pdf_carrying_another_file_is_refused() -> None:
    assert check(pdf_with_embedded_file()) == Rejection("pdf_attachments", ATTACHED)


def test_hiding_a_name_with_hex_escapes_does_not_get_javascript_past_the_check() -> None:
    # /JavaScript spelt /Java#53cript is the same name to a PDF reader.
    hidden = minimal_pdf(catalog=b" /OpenAction 5 0 R", extra=(b"<< /S /Java#53cript /JS (app.alert\\(1\\)) >>",))
    assert check(hidden) == Rejection("pdf_active_content", ACTIVE)


@pytest.mark.parametrize("make", [minimal_pdf, written_pdf, pdf_opening_at_its_first_page], ids=["hand-made", "pypdf", "open-at-page-1"])
def test_a_clean_pdf_is_kept_unchanged(make) -> None:  # noqa: ANN001
    pdf = make()
    result = check(pdf)
    assert isinstance(result, CheckedFile) and result.data == pdf and result.accepted.content_type == "application/pdf"


def test_a_really_encrypted_pdf_is_refused() -> None:
    result = check(written_pdf(password="letmein"))
    assert result == Rejection("pdf_encrypted", "The selected PDF is protected with a password. Upload a copy without a password")


def test_a_pdf_that_cannot_be_read_is_refused_as_damaged() -> None:
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    assert check(garbage) == Rejection("damaged", "The selected PDF is incomplete or damaged")


# ------------------------------------------------------------------ HEIC, decoded and checked


def test_a_heic_photo_is_checked_and_kept_as_a_jpeg_without_metadata() -> None:
    original = heic_photo(1200, 1600, exif=exif_with_location_and_rotation())
    assert sniff(original).kind == "heic"  # type: ignore[union-attr]
    result = check(original)
    assert isinstance(result, CheckedFile) and result.notices == ()
    assert result.accepted.content_type == "image/jpeg" and result.accepted.extension == ".jpg"
    assert result.data.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(result.data)) as stored:
        assert stored.format == "JPEG"
        exif = stored.getexif()
        assert 0x0110 not in exif and not exif.get_ifd(0x8825)
    assert b"Test phone" not in result.data


def test_a_blurred_heic_photo_gets_the_blur_warning() -> None:
    result = check(heic_photo(blur=3))
    assert isinstance(result, CheckedFile)
    assert [n.reason for n in result.notices] == ["blurred"]


def test_a_small_heic_photo_gets_the_small_warning() -> None:
    result = check(heic_photo(400, 500))
    assert isinstance(result, CheckedFile)
    assert [n.reason for n in result.notices] == ["too_small"]
    assert (result.width, result.height) == (400, 500)


def test_a_damaged_heic_is_refused() -> None:
    result = check(heic_photo()[:2000])
    assert result == Rejection("damaged", "The selected file could not be opened. It may be damaged")


def test_a_jpeg_is_still_kept_as_a_jpeg() -> None:
    result = check(document_photo())
    assert isinstance(result, CheckedFile) and result.accepted.content_type == "image/jpeg"


def test_a_damaged_heic_is_refused_after_the_pdf_summary_was_made() -> None:
    # WeasyPrint (the back-office PDF summary) turns on Pillow's truncated-image loading when imported.
    from app.services.submission.pdf import render_summary  # noqa: F401
    import weasyprint  # noqa: F401

    from app.services.submission import pdf

    try:
        pdf.render_summary({"claim": {"reference": "HB-TEST"}}, None)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - only the import's side effect and the reset matter here
        pass
    assert check(heic_photo()[:2000]) == Rejection("damaged", "The selected file could not be opened. It may be damaged")
