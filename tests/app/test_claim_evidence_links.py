"""The claim pages lead to the evidence pages: "Upload your evidence" on the task list once the
answers call for documents, and on the confirmation page an upload link for each document of
the personalised list, so a claimant reaches /claim/evidence from the journey itself."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models.delivery import EVIDENCE_FOLLOW_UP, Delivery
from app.models.evidence import Evidence
from app.services import claims
from tests.app.test_claim_pages import start
from tests.app.test_evidence_pages import begin, send, upload
from tests.services.evidence_support import document_photo

EVIDENCE_TASK = re.compile(
    r'<a class="govuk-link govuk-task-list__link"\s+href="/claim/evidence"[^>]*>\s*Upload your evidence\s*</a>'
    r'.*?<div class="govuk-task-list__status[^"]*" id="claim-evidence-1-status">\s*(.*?)\s*</div>',
    re.S,
)
UPLOAD_LINK = re.compile(r'<a class="govuk-link" href="(/claim/evidence#item-\d+)">(Upload|Upload another file)<span class="govuk-visually-hidden">: ([^<]+)</span></a>')
ITEM_HEADING = re.compile(r'<h2 class="govuk-heading-m" id="(item-\d+)">([^<]+)</h2>')


def test_a_new_claim_has_no_evidence_task_until_its_answers_call_for_documents(client) -> None:  # noqa: ANN001
    start(client)
    tasks = client.get("/claim/tasks")
    assert tasks.status_code == 200
    assert "Upload your evidence" not in tasks.text and 'href="/claim/evidence"' not in tasks.text


def test_the_task_list_links_to_the_evidence_page_with_its_progress(client, portal) -> None:  # noqa: ANN001
    begin(client, portal)
    tasks = client.get("/claim/tasks")
    found = EVIDENCE_TASK.search(tasks.text)
    assert found is not None, "no 'Upload your evidence' task"
    assert "Not yet started" in found.group(1)
    evidence_page = client.get("/claim/evidence")
    assert evidence_page.status_code == 200 and "Send documents for your claim" in evidence_page.text
    # The back link of the evidence page returns to the task list while the claim is a draft.
    assert 'href="/claim/tasks"' in evidence_page.text

    assert upload(client, "passport.jpg", document_photo()).status_code == 200
    assert "In progress" in EVIDENCE_TASK.search(client.get("/claim/tasks").text).group(1)


def test_the_confirmation_links_each_document_to_its_upload(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    send(portal, reference)
    confirmation = client.get("/claim/confirmation")
    assert confirmation.status_code == 200 and reference in confirmation.text
    links = UPLOAD_LINK.findall(confirmation.text)
    evidence_page = client.get("/claim/evidence")
    headings = ITEM_HEADING.findall(evidence_page.text)
    # One link per document, each to that document's own heading on the evidence page.
    assert len(links) == len(headings) >= 5
    assert [(href.split("#")[1], text) for href, _word, text in links] == [(anchor, text) for anchor, text in headings]
    assert all(word == "Upload" for _href, word, _text in links)
    assert re.search(r'<a href="/claim/evidence" role="button"[^>]*class="govuk-button"[^>]*>\s*Upload your evidence\s*</a>', confirmation.text)


def test_after_an_upload_the_confirmation_marks_that_document_uploaded(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    send(portal, reference)
    assert upload(client, "passport.jpg", document_photo(), item=0).status_code == 200
    links = UPLOAD_LINK.findall(client.get("/claim/confirmation").text)
    assert links[0][1] == "Upload another file" and {word for _h, word, _t in links[1:]} == {"Upload"}
    with portal.state.sessionmaker() as db:
        assert claims.get_claim(db, reference).status == "submitted"


def test_a_claim_with_no_documents_needed_says_so_and_offers_no_upload(client, portal) -> None:  # noqa: ANN001
    reference = start(client)
    send(portal, reference)
    confirmation = client.get("/claim/confirmation")
    assert "we do not need any documents from you now" in confirmation.text
    assert "/claim/evidence" not in confirmation.text


def test_an_upload_after_sending_queues_a_delivery_of_that_file_only(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    assert upload(client, "before.jpg", document_photo(), item=0).status_code == 200
    send(portal, reference)
    assert upload(client, "after.jpg", document_photo(), item=1).status_code == 200
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        files = {row.id: row for row in db.scalars(select(Evidence).where(Evidence.claim_id == claim.id))}
        later = db.scalars(select(Delivery).where(Delivery.claim_id == claim.id, Delivery.kind == EVIDENCE_FOLLOW_UP)).all()
        assert [files[d.evidence_id].item_key for d in later] == [sorted(files.values(), key=lambda r: r.uploaded_at)[1].item_key]
