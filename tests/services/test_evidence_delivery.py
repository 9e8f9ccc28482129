"""Documents uploaded after a claim was sent reach the back office by a delivery of their own:
the new file and a small signed manifest, retried after an outage like the claim itself, never
before the claim, and shown to staff."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import jsonschema
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models.claim import Claim
from app.models.delivery import CLAIM_SUBMISSION, DELIVERED, EVIDENCE_FOLLOW_UP, PENDING, Delivery
from app.models.evidence import Evidence
from app.services import claims
from app.services.evidence import records
from app.services.evidence.checks import check_file
from app.services.submission import delivery as outbox
from app.services.submission import staff
from app.services.submission.package import follow_up_schema
from tests.services.evidence_support import minimal_pdf
from tests.services.test_submission_delivery import (  # noqa: F401 - fixtures
    SECRET,
    SUBMITTED,
    Receiver,
    answers,
    database_url,
    empty_queue,
    engine,
    parts_of,
    portal_for,
    settings,
    submitted_claim,
)

LATER = SUBMITTED + timedelta(days=2)


def add_file(engine, settings, claim_id, *, item="identity@date-of-birth", data=None, now=LATER):  # noqa: F811
    """A file uploaded to the claim through the evidence service, as the upload page does."""
    checked = check_file(data or minimal_pdf(), policy=records.policy_for(settings), scanner=None)
    with Session(engine) as session:
        claim = session.get(Claim, claim_id)
        row = records.add(session, claim, item=item, filename="passport.pdf", checked=checked,
                          store=records.store_for(settings), sealer=claims.sealer_for(settings), now=now)
        session.commit()
        return row.id, checked.data


def follow_ups(engine, claim_id):  # noqa: F811
    with Session(engine) as session:
        return session.scalars(
            select(Delivery).where(Delivery.claim_id == claim_id, Delivery.kind == EVIDENCE_FOLLOW_UP).order_by(Delivery.created_at)
        ).all()


def test_a_document_added_after_sending_reaches_the_back_office_after_it_first_fails(engine, settings, answers):  # noqa: F811
    claim_id, reference = submitted_claim(engine, settings, answers)
    evidence_id, stored = add_file(engine, settings, claim_id)
    [queued] = follow_ups(engine, claim_id)
    assert queued.evidence_id == evidence_id and queued.status == PENDING

    # The claim goes first (answered 200), then its document (503 once, then 200).
    with Receiver(statuses=[200, 503]) as back_office, Session(engine) as session:
        portal = portal_for(settings, back_office.url)
        first = outbox.deliver_due(session, LATER, portal=portal)
        assert [(o.status, o.status_code) for o in first] == [(DELIVERED, 200), (PENDING, 503)]
        delivery = session.get(Delivery, queued.id)
        assert delivery.last_error == "the back office answered HTTP 503"
        assert outbox.deliver_due(session, LATER + timedelta(seconds=10), portal=portal) == []  # backing off
        second = outbox.deliver_due(session, LATER + timedelta(seconds=31), portal=portal)
        assert [(o.delivery_id, o.status, o.attempts) for o in second] == [(queued.id, DELIVERED, 2)]

    claim_request, first_try, retry = back_office.received
    assert claim_request["headers"]["X-Portal-Kind"] == CLAIM_SUBMISSION
    assert all(r["verified"] for r in back_office.received)  # signed with the same secret
    assert first_try["body"] == retry["body"]
    assert retry["headers"]["Idempotency-Key"] == first_try["headers"]["Idempotency-Key"] == str(queued.id)
    assert retry["headers"]["X-Portal-Kind"] == EVIDENCE_FOLLOW_UP
    assert [first_try["headers"]["X-Portal-Attempt"], retry["headers"]["X-Portal-Attempt"]] == ["1", "2"]

    parts = parts_of(retry)
    assert set(parts) == {"manifest", "evidence-1"}  # just the new file: no package, no summary again
    manifest = json.loads(parts["manifest"].get_content())
    jsonschema.validate(manifest, follow_up_schema())
    assert retry["headers"]["X-Portal-Schema-Version"] == manifest["schema_version"] == "1.0"
    assert manifest["kind"] == "evidence"
    assert manifest["claim"] == {"reference": reference, "council": "demo", "submitted_at": "2026-11-29T15:00:00Z"}
    [entry] = manifest["evidence"]
    assert entry["item"] == "identity" and entry["item_key"] == "identity@date-of-birth"
    assert entry["sha256"] == hashlib.sha256(stored).hexdigest() == hashlib.sha256(parts["evidence-1"].get_content()).hexdigest()
    assert entry["uploaded_at"] == "2026-12-01T15:00:00Z" and entry["filename"] is None and entry["part"] == "evidence-1"
    assert parts["evidence-1"].get_content_type() == "application/pdf"
    # The claim's own package never carried the later file.
    assert json.loads(parts_of(claim_request)["package"].get_content())["evidence"] == []


def test_a_document_waits_while_the_claim_itself_has_not_arrived(engine, settings, answers):  # noqa: F811
    claim_id, _reference = submitted_claim(engine, settings, answers)
    add_file(engine, settings, claim_id)
    with Receiver(statuses=[503]) as back_office, Session(engine) as session:
        outcomes = outbox.deliver_due(session, LATER, portal=portal_for(settings, back_office.url))
    assert [(o.status, o.status_code) for o in outcomes] == [(PENDING, 503)]  # the claim only
    assert [r["headers"]["X-Portal-Kind"] for r in back_office.received] == [CLAIM_SUBMISSION]
    [waiting] = follow_ups(engine, claim_id)
    assert waiting.attempts == 0 and waiting.status == PENDING  # no attempt used up while it waits


def test_each_later_document_is_sent_once_by_its_own_delivery_and_drafts_queue_nothing(engine, settings, answers):  # noqa: F811
    sealer = claims.sealer_for(settings)
    with Session(engine) as session:
        draft = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                                   answers=answers, sealer=sealer)
        session.commit()
        draft_id = draft.id
    add_file(engine, settings, draft_id, now=SUBMITTED - timedelta(hours=1))
    assert follow_ups(engine, draft_id) == []  # a draft's files go with the claim's own package

    claim_id, _reference = submitted_claim(engine, settings, answers)
    first, _ = add_file(engine, settings, claim_id)
    second, _ = add_file(engine, settings, claim_id, item="payslips@jobs/1/pay", now=LATER + timedelta(minutes=5))
    assert [d.evidence_id for d in follow_ups(engine, claim_id)] == [first, second]
    with Session(engine) as session:
        claim = session.get(Claim, claim_id)
        again = outbox.enqueue_evidence(session, claim, session.get(Evidence, first))
        assert again.evidence_id == first  # asking twice changes nothing
        session.commit()
        session.add(Delivery(claim_id=claim_id, kind=EVIDENCE_FOLLOW_UP, evidence_id=first, status=PENDING,
                             created_at=LATER, next_attempt_at=LATER, attempts=0))
        with pytest.raises(IntegrityError):  # and the database holds to one delivery per file
            session.flush()
        session.rollback()
        session.add(Delivery(claim_id=claim_id, kind=CLAIM_SUBMISSION, status=PENDING,
                             created_at=LATER, next_attempt_at=LATER, attempts=0))
        with pytest.raises(IntegrityError):  # and to one submission per claim
            session.flush()
        session.rollback()
    assert len(follow_ups(engine, claim_id)) == 2

    with Receiver() as back_office, Session(engine) as session:
        outcomes = outbox.deliver_due(session, LATER + timedelta(hours=1), portal=portal_for(settings, back_office.url))
    assert sorted(o.status for o in outcomes) == [DELIVERED] * 3
    sent = [json.loads(parts_of(r)["manifest"].get_content())["evidence"][0]["item_key"]
            for r in back_office.received if r["headers"]["X-Portal-Kind"] == EVIDENCE_FOLLOW_UP]
    assert sorted(sent) == ["identity@date-of-birth", "payslips@jobs/1/pay"]


def test_staff_see_a_later_document_as_its_own_delivery(engine, settings, answers):  # noqa: F811
    claim_id, reference = submitted_claim(engine, settings, answers)
    add_file(engine, settings, claim_id)
    with Session(engine) as session:
        rows = [r for r in outbox.deliveries_for_staff(session) if r.reference == reference]
    views = {staff.view(r).documents_later: staff.view(r) for r in rows}
    assert set(views) == {True, False}
    assert views[True].status.text == "Waiting to send" and views[True].reference == reference
    assert datetime(2026, 11, 29, tzinfo=UTC) <= rows[0].submitted_at
