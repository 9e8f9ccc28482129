"""Evidence pages through the portal: the list with an upload per item, each kind of refusal
with its message, the upload result, removing from a draft, the real clamd refusing EICAR,
and adding documents after the claim is sent with the reference and secret."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.main import create_app
from app.models.claim import ClaimEvent
from app.models.evidence import Evidence
from app.services import claim_journey, claims
from app.services.evidence import records
from tests.app.test_claim_pages import csrf, start
from tests.conftest import CheckedClient
from tests.forms.test_hb_ctr import PENSIONER, PENSIONER_GROUPS, walk
from tests.services.evidence_support import (
    EICAR,
    clamd,  # noqa: F401 - session fixture
    document_photo,
    heic_photo,
    huge_png,
    minimal_pdf,
    pdf_with_javascript,
    windows_program,
)

ITEM = re.compile(r'name="item" value="([^"]+)"')
SECRET = "correct horse battery staple"


def begin(client, portal) -> str:  # noqa: ANN001
    """A draft claim in this browser, answered as the pensioner renting privately."""
    reference = start(client)
    journey, _ = walk({}, PENSIONER, PENSIONER_GROUPS)
    with portal.state.sessionmaker() as db:
        claims.save_answers(db, claims.get_claim(db, reference), journey.answers, claims.sealer_for(portal.state.settings))
        db.commit()
    return reference


def send(portal, reference: str) -> None:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        claims.mark_submitted(db, claims.get_claim(db, reference), datetime.now(UTC))
        db.commit()


def upload(client, name: str, data: bytes, *, item: int = 0, content_type: str = "image/jpeg"):  # noqa: ANN001, ANN201
    page = client.get("/claim/evidence")
    key = ITEM.findall(page.text)[item]
    return client.post(
        "/claim/evidence/upload",
        data={"csrf_token": csrf(page.text), "item": key},
        files={"file": (name, data, content_type)},
    )


def rows(portal, reference: str) -> list[Evidence]:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        return records.files_of(db, claims.get_claim(db, reference))


def test_the_list_has_an_upload_for_each_item_that_takes_photos_or_pdfs(client, portal) -> None:  # noqa: ANN001
    begin(client, portal)
    page = client.get("/claim/evidence")
    assert page.status_code == 200
    assert "Send documents for your claim" in page.text
    assert "Proof of your identity" in page.text or len(ITEM.findall(page.text)) >= 5
    inputs = re.findall(r'<input class="govuk-file-upload[^>]*>', page.text)
    assert len(inputs) == len(ITEM.findall(page.text)) >= 5
    assert all('accept="image/*,application/pdf"' in i and "capture" not in i for i in inputs)
    assert page.text.count('enctype="multipart/form-data"') == len(inputs)


def test_a_photo_is_uploaded_and_the_result_says_so(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    response = upload(client, "Payslip March.jpg", document_photo())
    assert response.status_code == 200 and response.url.path == "/claim/evidence/uploaded"
    assert "File uploaded" in response.text and "Payslip March.jpg" in response.text
    assert "may be blurred" not in response.text and "is small" not in response.text
    [row] = rows(portal, reference)
    assert row.content_type == "image/jpeg" and row.scan_result == "not_scanned"
    listed = client.get("/claim/evidence")
    assert "Payslip March.jpg" in listed.text and "Remove" in listed.text


def test_the_stored_file_is_encrypted_under_a_random_name(client, portal, settings) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    pdf = minimal_pdf()
    upload(client, "tenancy.pdf", pdf, content_type="application/pdf")
    [row] = rows(portal, reference)
    on_disk = settings.data_dir / "evidence" / row.storage_key[:2] / row.storage_key
    assert on_disk.exists() and b"%PDF" not in on_disk.read_bytes() and b"tenancy" not in on_disk.read_bytes()
    assert records.read(row, records.store_for(settings)) == pdf


def test_a_small_blurred_photo_is_kept_with_warnings(client, portal) -> None:  # noqa: ANN001
    begin(client, portal)
    response = upload(client, "blurry.png", document_photo(500, 650, blur=3, fmt="PNG"), content_type="image/png")
    assert response.status_code == 200
    assert "This photo is small" in response.text and "This photo may be blurred" in response.text
    assert "This photo may be blurred" in client.get("/claim/evidence").text


def test_a_program_disguised_as_a_photo_is_refused_naming_what_it_is(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    response = upload(client, "holiday.jpg", windows_program(), item=1)
    assert response.status_code == 422
    message = "The selected file is a Windows program. It must be a JPG, PNG, HEIC or PDF"
    assert response.text.count(message) == 2  # the error summary and beside the input
    assert 'href="#file-2"' in response.text and 'id="file-2-error"' in response.text
    assert response.text.startswith("<!DOCTYPE html>") and "<title>Error:" in response.text
    assert rows(portal, reference) == []


def test_a_photo_too_large_to_check_is_refused_with_what_to_do(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    response = upload(client, "scan.png", huge_png(11_000, 8_000), content_type="image/png")
    assert response.status_code == 422
    message = ("The selected photo is too large to check: it has 88 megapixels and the most we can take is 40. "
               "Take it again at a lower resolution")
    assert response.text.count(message) == 2
    assert rows(portal, reference) == []


def test_a_pdf_that_runs_javascript_is_refused_with_what_to_do(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    response = upload(client, "statement.pdf", pdf_with_javascript(), content_type="application/pdf")
    assert response.status_code == 422
    assert response.text.count("The selected PDF contains code or actions that run when it is opened") == 2
    assert rows(portal, reference) == []


def test_an_iphone_heic_photo_is_checked_and_kept_as_a_jpeg(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    response = upload(client, "IMG_0042.HEIC", heic_photo(blur=3), content_type="image/heic")
    assert response.status_code == 200 and response.url.path == "/claim/evidence/uploaded"
    assert "This photo may be blurred" in response.text
    [row] = rows(portal, reference)
    assert row.content_type == "image/jpeg" and row.notices == "blurred"
    assert records.read(row, records.store_for(portal.state.settings)).startswith(b"\xff\xd8\xff")


def test_choosing_no_file_gets_the_govuk_message(client, portal) -> None:  # noqa: ANN001
    begin(client, portal)
    response = upload(client, "", b"", content_type="application/octet-stream")
    assert response.status_code == 422 and "Select a photo or PDF file" in response.text


def test_an_unknown_item_is_not_found(client, portal) -> None:  # noqa: ANN001
    begin(client, portal)
    page = client.get("/claim/evidence")
    response = client.post(
        "/claim/evidence/upload", data={"csrf_token": csrf(page.text), "item": "made-up@nowhere"},
        files={"file": ("x.pdf", minimal_pdf(), "application/pdf")},
    )
    assert response.status_code == 404


def test_a_file_can_be_removed_while_the_claim_is_a_draft(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    upload(client, "rent.pdf", minimal_pdf(), content_type="application/pdf")
    [row] = rows(portal, reference)
    page = client.get("/claim/evidence")
    response = client.post(f"/claim/evidence/{row.id}/remove", data={"csrf_token": csrf(page.text)})
    assert response.url.path == "/claim/evidence" and "The file has been removed" in response.text
    assert rows(portal, reference) == []
    assert not records.store_for(portal.state.settings).exists(row.storage_key)


def test_another_browser_cannot_see_or_remove_a_file(client, portal, titles) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    upload(client, "rent.pdf", minimal_pdf(), content_type="application/pdf")
    [row] = rows(portal, reference)
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as other:
        assert "Send documents for a claim you have made" in other.get("/claim/evidence").text
        seen = other.get(f"/claim/evidence/uploaded?file={row.id}")
        assert seen.url.path == "/claim/evidence" and "rent.pdf" not in seen.text
        token = csrf(other.get("/claim/evidence").text)
        other.post(f"/claim/evidence/{row.id}/remove", data={"csrf_token": token})
    assert len(rows(portal, reference)) == 1


def test_after_sending_files_can_be_added_but_not_removed(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    upload(client, "rent.pdf", minimal_pdf(), content_type="application/pdf")
    send(portal, reference)
    page = client.get("/claim/evidence")
    assert "Remove" not in page.text and "rent.pdf" in page.text
    [row] = rows(portal, reference)
    assert client.post(f"/claim/evidence/{row.id}/remove", data={"csrf_token": csrf(page.text)}).status_code == 404
    assert upload(client, "late.jpg", document_photo()).status_code == 200
    assert len(rows(portal, reference)) == 2


def save_with_secret(portal, reference: str) -> None:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        claim_journey.set_secret(db, claims.get_claim(db, reference), SECRET)
        db.commit()


def sign_in_and_upload(portal, titles, reference: str) -> None:  # noqa: ANN001
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as later:
        page = later.get("/claim/evidence")
        assert "Send documents for a claim you have made" in page.text
        empty = later.post("/claim/evidence", data={"csrf_token": csrf(page.text), "reference": "", "secret": ""})
        assert empty.status_code == 422 and "Enter your claim reference" in empty.text and "Enter your secret word or phrase" in empty.text
        wrong = later.post("/claim/evidence", data={"csrf_token": csrf(page.text), "reference": reference, "secret": "1 January 1950"})
        assert wrong.status_code == 422 and "The claim reference or secret word is not right" in wrong.text
        assert f'value="{reference}"' in wrong.text  # what was typed is kept
        typed = reference.lower().replace("hb-", "hb ")
        right = later.post("/claim/evidence", data={"csrf_token": csrf(page.text), "reference": typed, "secret": SECRET})
        assert right.url.path == "/claim/evidence" and reference in right.text
        assert upload(later, "council tax bill.pdf", minimal_pdf(), content_type="application/pdf").status_code == 200
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        kinds = db.scalars(select(ClaimEvent.kind).where(ClaimEvent.claim_id == claim.id)).all()
    assert "evidence-sign-in" in kinds


def test_coming_back_on_another_device_needs_the_reference_and_secret(client, portal, titles) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    save_with_secret(portal, reference)
    sign_in_and_upload(portal, titles, reference)


def test_coming_back_after_sending_needs_the_reference_and_secret(client, portal, titles) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    save_with_secret(portal, reference)
    send(portal, reference)
    sign_in_and_upload(portal, titles, reference)


def test_a_claim_without_a_secret_cannot_be_opened_by_guessing(client, portal, titles) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    send(portal, reference)
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as later:
        token = csrf(later.get("/claim/evidence").text)
        response = later.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": "anything at all"})
        assert response.status_code == 422


def test_too_many_wrong_secrets_lock_the_reference(client, portal, titles) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    save_with_secret(portal, reference)
    limit = portal.state.settings.claim_resume_max_failures
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as later:
        token = csrf(later.get("/claim/evidence").text)
        statuses = [
            later.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": f"guess {n}"}).status_code
            for n in range(limit)
        ]
        assert statuses[-1] == 429
        locked = later.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": SECRET})
        assert locked.status_code == 429 and "Try again in" in locked.text


# ------------------------------------------------------------------ size limits and the real clamd


@pytest.fixture(scope="module")
def strict_portal(settings, clamd):  # noqa: ANN001, ANN201, F811
    """The portal scanning with the test clamd, with a 200 KB evidence limit."""
    return create_app(settings.model_copy(update={"clamd_socket": clamd.socket_path, "evidence_max_bytes": 200_000}))


@pytest.fixture
def strict(strict_portal, titles):  # noqa: ANN001, ANN201
    with CheckedClient(strict_portal, titles=titles, base_url="http://testserver") as c:
        yield c


def test_an_eicar_upload_is_refused_when_clamav_runs(strict, strict_portal) -> None:  # noqa: ANN001
    reference = begin(strict, strict_portal)
    response = upload(strict, "payslip.pdf", EICAR, content_type="application/pdf")
    assert response.status_code == 422
    assert response.text.count("The selected file contains a virus") == 2
    assert rows(strict_portal, reference) == []


def test_clean_uploads_are_scanned_and_say_so(strict, strict_portal) -> None:  # noqa: ANN001
    reference = begin(strict, strict_portal)
    assert upload(strict, "rent.pdf", minimal_pdf(), content_type="application/pdf").status_code == 200
    assert [r.scan_result for r in rows(strict_portal, reference)] == ["clean"]


def test_a_file_over_the_evidence_limit_gets_the_message_on_the_page(strict, strict_portal) -> None:  # noqa: ANN001
    begin(strict, strict_portal)
    big = minimal_pdf() + bytes(300_000)
    response = upload(strict, "big.pdf", big, content_type="application/pdf")
    assert response.status_code == 422 and "The selected file must be smaller than 0.2MB" in response.text


def test_a_request_far_over_the_limit_gets_the_too_large_page(strict, strict_portal) -> None:  # noqa: ANN001
    begin(strict, strict_portal)
    response = upload(strict, "huge.pdf", bytes(2_000_000), content_type="application/pdf")
    assert response.status_code == 413
