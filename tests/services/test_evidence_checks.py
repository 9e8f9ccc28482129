"""Each check an uploaded file passes, with real files made here."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.services.evidence.checks import CheckedFile, Policy, Rejection, check_file
from app.services.evidence.clamav import ClamdClient, ScanFailed
from app.services.evidence.sniff import Accepted, Refused, sniff
from tests.services.evidence_support import (
    EICAR,
    WEB_PAGE,
    clamd,  # noqa: F401 - session fixtures
    clamd_tcp,  # noqa: F401
    document_photo,
    exif_with_location_and_rotation,
    heic_header,
    minimal_pdf,
    windows_program,
    word_document,
    zip_file,
)

POLICY = Policy(max_bytes=2_000_000, min_short_side=600, blur_threshold=100)


def check(data: bytes, scanner=None, policy: Policy = POLICY):  # noqa: ANN001, ANN201
    return check_file(data, policy=policy, scanner=scanner)


# ------------------------------------------------------------------ real type by content


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (document_photo(), "jpeg"),
        (document_photo(fmt="PNG"), "png"),
        (minimal_pdf(), "pdf"),
        (heic_header(3024, 4032), "heic"),
    ],
    ids=["jpeg", "png", "pdf", "heic"],
)
def test_accepted_types_are_recognised_by_content(data: bytes, kind: str) -> None:
    found = sniff(data)
    assert isinstance(found, Accepted) and found.kind == kind


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (windows_program(), "a Windows program"),
        (word_document(), "a Word document"),
        (zip_file(), "a ZIP file"),
        (WEB_PAGE, "a web page"),
        (b"GIF89a" + bytes(40), "a GIF image"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(40), "a video"),
        ("Rent paid: £400".encode(), "a text file"),
    ],
    ids=["program", "word", "zip", "html", "gif", "video", "text"],
)
def test_other_files_are_refused_naming_what_they_are(data: bytes, what: str) -> None:
    found = sniff(data)
    assert found == Refused(what)
    result = check(data)
    assert isinstance(result, Rejection) and result.reason == "wrong_type"
    assert result.message == f"The selected file is {what}. It must be a JPG, PNG, HEIC or PDF"


def test_a_disguised_file_is_judged_by_content_not_name() -> None:
    # The name and the browser's content type are never consulted: only these bytes.
    result = check(windows_program())
    assert isinstance(result, Rejection) and "Windows program" in result.message


def test_unknown_binary_gets_the_general_message() -> None:
    result = check(bytes(range(256)) * 4)
    assert isinstance(result, Rejection)
    assert result.message == "The selected file must be a JPG, PNG, HEIC or PDF"


# ------------------------------------------------------------------ size limits


def test_an_empty_file_is_refused() -> None:
    result = check(b"")
    assert result == Rejection("empty", "The selected file is empty")


def test_a_file_over_the_limit_is_refused_and_the_limit_named() -> None:
    limit = Policy(max_bytes=50_000)
    big = document_photo(2000, 2000, fmt="PNG")
    assert len(big) > 50_000
    result = check(big, policy=limit)
    assert result == Rejection("too_big", "The selected file must be smaller than 0.05MB")
    assert isinstance(check(big, policy=Policy(max_bytes=len(big))), CheckedFile)


def test_a_file_exactly_at_the_limit_is_accepted() -> None:
    pdf = minimal_pdf()
    assert isinstance(check(pdf, policy=Policy(max_bytes=len(pdf))), CheckedFile)
    assert isinstance(check(pdf, policy=Policy(max_bytes=len(pdf) - 1)), Rejection)


# ------------------------------------------------------------------ photos


def test_a_sharp_large_photo_has_no_warnings() -> None:
    result = check(document_photo())
    assert isinstance(result, CheckedFile)
    assert result.notices == ()
    assert (result.width, result.height) == (1200, 1600)
    assert result.accepted.content_type == "image/jpeg"


def test_a_small_photo_is_kept_with_a_warning() -> None:
    result = check(document_photo(500, 700))
    assert isinstance(result, CheckedFile)
    assert [n.reason for n in result.notices] == ["too_small"]
    assert result.notices[0].message.startswith("This photo is small")
    assert (result.width, result.height) == (500, 700)


def test_the_small_threshold_is_the_shorter_side() -> None:
    assert check(document_photo(600, 2000)).notices == ()  # type: ignore[union-attr]
    assert [n.reason for n in check(document_photo(599, 2000)).notices] == ["too_small"]  # type: ignore[union-attr]


def test_a_blurred_photo_is_kept_with_a_warning() -> None:
    result = check(document_photo(blur=3))
    assert isinstance(result, CheckedFile)
    assert [n.reason for n in result.notices] == ["blurred"]
    assert result.notices[0].message.startswith("This photo may be blurred")


def test_slight_softness_is_not_called_blurred() -> None:
    assert check(document_photo(blur=0.8)).notices == ()  # type: ignore[union-attr]


def test_a_damaged_photo_is_refused() -> None:
    truncated = document_photo()[:3000]
    result = check(truncated)
    assert result == Rejection("damaged", "The selected file could not be opened. It may be damaged")


def test_a_photo_with_absurdly_many_pixels_is_refused_before_decoding() -> None:
    # A PNG header claiming 20000 x 20000 pixels: a decompression bomb, not a photo.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    result = check(out.getvalue(), policy=Policy(max_bytes=10_000_000))
    assert isinstance(result, Rejection) and result.reason == "too_many_pixels"
    assert result.message.startswith("The selected photo is too large to check: it has 400 megapixels")


def test_photos_are_stored_upright_and_without_location_or_camera_details() -> None:
    original = document_photo(1200, 1600, exif=exif_with_location_and_rotation())
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get(0x0112) == 6
        assert before.getexif().get_ifd(0x8825)
    result = check(original)
    assert isinstance(result, CheckedFile)
    with Image.open(io.BytesIO(result.data)) as stored:
        assert stored.size == (1600, 1200)  # turned the right way up
        assert (result.width, result.height) == (1600, 1200)
        exif = stored.getexif()
        assert 0x0112 not in exif and 0x0110 not in exif
        assert not exif.get_ifd(0x8825)
    assert b"Test phone" not in result.data
    assert result.sha256 != __import__("hashlib").sha256(original).hexdigest()


def test_png_is_stored_as_png() -> None:
    result = check(document_photo(fmt="PNG"))
    assert isinstance(result, CheckedFile)
    assert result.data.startswith(b"\x89PNG") and result.accepted.content_type == "image/png"


# ------------------------------------------------------------------ PDFs


def test_a_valid_pdf_is_kept_unchanged() -> None:
    pdf = minimal_pdf()
    result = check(pdf)
    assert isinstance(result, CheckedFile)
    assert result.data == pdf and result.accepted.content_type == "application/pdf"
    assert result.scan_result == "not_scanned"


def test_a_password_protected_pdf_is_refused() -> None:
    result = check(minimal_pdf(encrypted=True))
    assert isinstance(result, Rejection) and result.reason == "pdf_encrypted"
    assert result.message == "The selected PDF is protected with a password. Upload a copy without a password"


def test_a_cut_off_pdf_is_refused() -> None:
    result = check(minimal_pdf()[:200])
    assert result == Rejection("damaged", "The selected PDF is incomplete or damaged")


# ------------------------------------------------------------------ the real clamd


def test_clamd_finds_the_eicar_test_file(clamd) -> None:  # noqa: ANN001, F811
    verdict = clamd.scan(EICAR)
    assert not verdict.clean and verdict.signature and "eicar" in verdict.signature.lower()


def test_an_eicar_upload_is_refused_as_a_virus(clamd) -> None:  # noqa: ANN001, F811
    result = check(EICAR, scanner=clamd)
    assert result == Rejection("virus", "The selected file contains a virus")


def test_clean_files_pass_the_scan_and_say_so(clamd) -> None:  # noqa: ANN001, F811
    for data in (document_photo(), minimal_pdf()):
        result = check(data, scanner=clamd)
        assert isinstance(result, CheckedFile) and result.scan_result == "clean"


def test_a_large_file_streams_in_many_chunks(clamd) -> None:  # noqa: ANN001, F811
    data = minimal_pdf() + bytes(3_000_000)
    assert clamd.scan(data).clean


def test_clamd_over_tcp_finds_the_eicar_test_file(clamd_tcp) -> None:  # noqa: ANN001, F811
    assert clamd_tcp.ping()
    assert not clamd_tcp.scan(EICAR).clean
    assert clamd_tcp.scan(minimal_pdf()).clean


def test_a_file_over_clamds_own_limit_is_not_called_clean(clamd) -> None:  # noqa: ANN001, F811
    with pytest.raises(ScanFailed):
        clamd.scan(bytes(31 * 1024 * 1024))


def test_an_unreachable_clamd_refuses_the_file_rather_than_pass_it_unscanned(tmp_path) -> None:  # noqa: ANN001
    nowhere = ClamdClient(socket_path=str(tmp_path / "no.sock"), timeout=2)
    assert not nowhere.ping()
    result = check(minimal_pdf(), scanner=nowhere)
    assert result == Rejection("scan_failed", "The selected file could not be checked for viruses – try again")


def test_a_client_needs_somewhere_to_connect() -> None:
    with pytest.raises(ValueError):
        ClamdClient()
