"""The back-office outbox against a real HTTP receiver started here: retried after an outage,
signed, sent once however often the claim is submitted, and taken by one worker of several."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import os
import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models.audit import ActorKind
from app.models.delivery import DELIVERED, FAILED, PENDING, Delivery
from app.models.evidence import Evidence
from app.services import claims
from app.services.evidence.storage import EvidenceStore
from app.services.submission import delivery as outbox
from app.services.submission import signing
from app.services.submission.config import BackOfficeSettings
from app.settings import Settings
from tests.forms.test_hb_ctr import COUPLE, COUPLE_GROUPS, walk
from tests.services.fresh_database import module_database

SECRET = "webhook-secret-shared-with-the-back-office"
SUBMITTED = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)


# ------------------------------------------------------------------ a database of our own


database_url, engine = module_database("outbox")


@pytest.fixture(autouse=True)
def empty_queue(engine):
    yield
    with Session(engine) as session:
        session.execute(Delivery.__table__.delete())
        session.commit()


@pytest.fixture(scope="module")
def answers():
    journey, _ = walk({}, COUPLE, COUPLE_GROUPS)
    return journey.answers


@pytest.fixture(scope="module")
def settings():
    return Settings()


PAYSLIP = b"%PDF-1.4 a payslip from Leeds Teaching Hospitals\n%%EOF\n"


def submitted_claim(engine, settings, answers, evidence=()):
    """A submitted claim, with files (item key, bytes, content type, minutes before submission)."""
    sealer = claims.sealer_for(settings)
    store = EvidenceStore(settings.data_dir / "evidence", sealer)
    with Session(engine) as session:
        claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                                   answers=answers, sealer=sealer, now=SUBMITTED - timedelta(days=3))
        for item_key, data, content_type, minutes_before in evidence:
            session.add(Evidence(
                claim_id=claim.id, item_key=item_key, filename_sealed=sealer.seal(b"payslip.pdf", context=b"evidence-filename"),
                content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                storage_key=store.put(data), scan_result="clean", uploaded_at=SUBMITTED - timedelta(minutes=minutes_before),
                uploaded_by_kind=ActorKind.CLAIMANT,
            ))
        assert claims.mark_submitted(session, claim, SUBMITTED)
        session.commit()
        return claim.id, claim.reference


# ------------------------------------------------------------------ a back office that is down at first


class Receiver:
    """A back office on a free local port. Answers each POST with the next scripted status
    (then 200), and refuses a body whose signature does not check."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.received: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server spelling
                body = self.rfile.read(int(self.headers["Content-Length"]))
                verified = signing.verify(body, self.headers.get(signing.HEADER), SECRET,
                                                 delivery_id=self.headers.get(signing.DELIVERY_ID_HEADER))
                with receiver.lock:
                    status = 401 if not verified else (receiver.statuses.pop(0) if receiver.statuses else 200)
                    receiver.received.append({"headers": dict(self.headers), "body": body, "verified": verified, "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/claims"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def portal_for(settings, url, **config):
    back_office = BackOfficeSettings(back_office_webhook_url=url, back_office_webhook_secret=SECRET,
                                     back_office_retry_base_seconds=30, back_office_retry_cap_seconds=600, **config)
    return outbox.Portal.from_settings(settings, back_office=back_office)


def parts_of(request):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + request["headers"]["Content-Type"].encode() + b"\r\n\r\n" + request["body"])
    return {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}


# ------------------------------------------------------------------ tests


def test_a_submission_reaches_the_back_office_after_it_first_fails(engine, settings, answers):
    after = b"%PDF-1.4 sent after the claim\n%%EOF\n"
    claim_id, reference = submitted_claim(engine, settings, answers, evidence=[
        ("payslips@jobs/1/pay", PAYSLIP, "application/pdf", 30), ("identity@name", after, "application/pdf", -5)])
    with Receiver(statuses=[503]) as back_office, Session(engine) as session:
        portal = portal_for(settings, back_office.url)
        first = outbox.deliver_due(session, SUBMITTED, portal=portal)
        assert [(o.status, o.status_code) for o in first] == [(PENDING, 503)]
        delivery = session.scalars(select(Delivery).where(Delivery.claim_id == claim_id)).one()
        wait = outbox.utc(delivery.next_attempt_at) - SUBMITTED
        assert timedelta(seconds=15) <= wait <= timedelta(seconds=30)  # base 30 s, jittered in its upper half
        assert delivery.last_error == "the back office answered HTTP 503"

        assert outbox.deliver_due(session, SUBMITTED + timedelta(seconds=10), portal=portal) == []  # not due yet
        second = outbox.deliver_due(session, SUBMITTED + timedelta(seconds=31), portal=portal)
        assert [(o.status, o.status_code, o.attempts) for o in second] == [(DELIVERED, 200, 2)]
        session.refresh(delivery)
        assert delivery.status == DELIVERED and delivery.last_error is None

    assert [r["status"] for r in back_office.received] == [503, 200]
    assert all(r["verified"] for r in back_office.received)
    first_try, retry = back_office.received
    assert first_try["body"] == retry["body"]  # a retry sends exactly the same package
    assert retry["headers"]["Idempotency-Key"] == first_try["headers"]["Idempotency-Key"] == str(delivery.id)
    assert retry["headers"]["X-Portal-Delivery-Id"] == str(delivery.id)
    assert [first_try["headers"]["X-Portal-Attempt"], retry["headers"]["X-Portal-Attempt"]] == ["1", "2"]

    parts = parts_of(retry)
    package = json.loads(parts["package"].get_content())
    assert package["schema_version"] == "1.0" and package["claim"]["reference"] == reference
    assert hashlib.sha256(parts["package"].get_content()).hexdigest() == delivery.package_sha256
    assert parts["summary"].get_content_type() == "application/pdf"
    assert parts["summary"].get_content().startswith(b"%PDF-")
    # The evidence uploaded before submission travels with it, as uploaded; a later file does not.
    [payslip] = package["evidence"]
    assert payslip["item"] == "payslips" and payslip["item_key"] == "payslips@jobs/1/pay"
    assert parts[payslip["part"]].get_content() == PAYSLIP
    assert payslip["sha256"] == hashlib.sha256(PAYSLIP).hexdigest() and payslip["filename"] is None
    assert "evidence-2" not in parts


def test_submitting_twice_makes_one_delivery_and_one_send(engine, settings, answers):
    claim_id, reference = submitted_claim(engine, settings, answers)
    with Session(engine) as session:
        claim = claims.get_claim(session, reference)
        assert claims.mark_submitted(session, claim, SUBMITTED + timedelta(minutes=1)) is False
        outbox.on_submitted(session, claim)  # even if the hook itself ran again
        session.commit()
        assert session.scalar(select(func.count()).select_from(Delivery).where(Delivery.claim_id == claim_id)) == 1
    with Receiver() as back_office, Session(engine) as session:
        portal = portal_for(settings, back_office.url)
        outbox.deliver_due(session, SUBMITTED, portal=portal)
        outbox.deliver_due(session, SUBMITTED + timedelta(days=1), portal=portal)
    assert len(back_office.received) == 1


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(engine, settings, answers):
    submitted_claim(engine, settings, answers)
    with Receiver() as back_office, Session(engine) as session:
        portal = outbox.Portal.from_settings(settings, back_office=BackOfficeSettings(
            back_office_webhook_url=back_office.url, back_office_webhook_secret="not-the-shared-secret"))
        [outcome] = outbox.deliver_due(session, SUBMITTED, portal=portal)
    assert outcome.status == PENDING and outcome.status_code == 401
    assert back_office.received[0]["verified"] is False


def test_a_back_office_that_stays_down_ends_failed_after_the_last_attempt(engine, settings, answers):
    claim_id, _ = submitted_claim(engine, settings, answers)
    with Receiver(statuses=[500] * 10) as back_office, Session(engine) as session:
        portal = portal_for(settings, back_office.url, back_office_max_attempts=3)
        moment = SUBMITTED
        for _ in range(5):
            outbox.deliver_due(session, moment, portal=portal)
            moment += timedelta(hours=1)
        delivery = session.scalars(select(Delivery).where(Delivery.claim_id == claim_id)).one()
        assert delivery.status == FAILED and delivery.attempts == 3
        assert len(back_office.received) == 3

        assert outbox.send_again(session, delivery.id, moment)
        back_office.statuses.clear()
        [outcome] = outbox.deliver_due(session, moment, portal=portal)
        assert outcome.status == DELIVERED


def test_an_unreachable_back_office_is_a_plain_error_and_a_retry(engine, settings, answers):
    submitted_claim(engine, settings, answers)
    with Receiver() as closed:
        url = closed.url
    with Session(engine) as session:
        [outcome] = outbox.deliver_due(session, SUBMITTED, portal=portal_for(settings, url))
    assert outcome.status == PENDING and outcome.error.startswith("could not reach the back office")


def test_without_a_webhook_or_its_secret_deliveries_wait_and_lose_no_attempts(engine, settings, answers):
    claim_id, _ = submitted_claim(engine, settings, answers)
    unsigned = BackOfficeSettings(back_office_webhook_url="http://127.0.0.1:9/claims")
    with Session(engine) as session:
        assert outbox.deliver_due(session, SUBMITTED, portal=portal_for(settings, None)) == []
        assert outbox.deliver_due(session, SUBMITTED, portal=outbox.Portal.from_settings(settings, back_office=unsigned)) == []
        delivery = session.scalars(select(Delivery).where(Delivery.claim_id == claim_id)).one()
        assert delivery.status == PENDING and delivery.attempts == 0


def test_backoff_doubles_with_jitter_up_to_the_cap():
    config = BackOfficeSettings(back_office_retry_base_seconds=30, back_office_retry_cap_seconds=600)
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (5, 480), (6, 600), (20, 600)]:
        waits = {outbox.backoff(attempts, config).total_seconds() for _ in range(50)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits), attempts
        assert len(waits) > 1  # jittered


def test_two_workers_at_once_send_a_delivery_once(engine, settings, answers):
    """On PostgreSQL (CI's second run) SELECT ... FOR UPDATE SKIP LOCKED; on SQLite the conditional UPDATE."""
    submitted_claim(engine, settings, answers)
    start = threading.Barrier(2)
    outcomes: list = []
    with Receiver() as back_office:
        portal = portal_for(settings, back_office.url)

        def worker():
            with Session(engine) as session:
                start.wait()
                outcomes.extend(outbox.deliver_due(session, SUBMITTED, portal=portal))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert len(back_office.received) == 1
    assert [o.status for o in outcomes] == [DELIVERED]


def test_a_taken_delivery_is_not_taken_again_until_its_lease_ends(engine, settings, answers):
    submitted_claim(engine, settings, answers)
    lease = timedelta(minutes=2)
    with Session(engine) as first, Session(engine) as second:
        taken = outbox.claim_next(first, SUBMITTED, lease)
        assert taken is not None
        assert outbox.claim_next(second, SUBMITTED + timedelta(minutes=1), lease) is None
        # A worker that died mid-send: after the lease, another takes it over.
        assert outbox.claim_next(second, SUBMITTED + timedelta(minutes=3), lease) == taken


def test_a_changed_evidence_file_is_never_sent_and_the_delivery_says_why(engine, settings, answers):
    claim_id, _ = submitted_claim(engine, settings, answers, evidence=[("payslips@jobs/1/pay", PAYSLIP, "application/pdf", 5)])
    sealer = claims.sealer_for(settings)
    with Session(engine) as session:
        stored = session.scalars(select(Evidence).where(Evidence.claim_id == claim_id)).one()
        path = settings.data_dir / "evidence" / stored.storage_key[:2] / stored.storage_key
        path.write_bytes(sealer.seal(b"%PDF-1.4 something else\n", context=b"evidence-file"))
    with Receiver() as back_office, Session(engine) as session:
        [outcome] = outbox.deliver_due(session, SUBMITTED, portal=portal_for(settings, back_office.url))
    assert outcome.status == PENDING and outcome.error == "could not prepare the delivery (ValueError)"
    assert back_office.received == []


def _make_due_now(engine, claim_id):
    with Session(engine) as session:
        delivery = session.scalars(select(Delivery).where(Delivery.claim_id == claim_id)).one()
        delivery.next_attempt_at = datetime(2000, 1, 1, tzinfo=UTC)
        session.commit()
        return delivery.id


def test_the_worker_command_sends_what_is_due(engine, database_url, settings, answers):
    import subprocess
    import sys

    claim_id, _ = submitted_claim(engine, settings, answers)
    delivery_id = _make_due_now(engine, claim_id)
    with Receiver() as back_office:
        env = dict(os.environ, DATABASE_URL=database_url, BACK_OFFICE_WEBHOOK_URL=back_office.url,
                   BACK_OFFICE_WEBHOOK_SECRET=SECRET)
        finished = subprocess.run([sys.executable, "-m", "app.services.submission.delivery", "run", "--once"],
                                  env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert "1 attempted, 1 delivered" in finished.stdout
    assert [r["verified"] for r in back_office.received] == [True]
    with Session(engine) as session:
        assert session.get(Delivery, delivery_id).status == DELIVERED


def in_a_thread(coroutine_function):
    """Run an async function on an event loop of its own (the browser tests leave one running here)."""
    import asyncio

    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", asyncio.run(coroutine_function())))
    thread.start()
    thread.join(60)
    return result.get("value")


def test_the_in_process_worker_sends_while_the_portal_runs(engine, settings, answers, monkeypatch):
    import asyncio
    import time
    from types import SimpleNamespace

    from sqlalchemy.orm import sessionmaker

    claim_id, _ = submitted_claim(engine, settings, answers)
    delivery_id = _make_due_now(engine, claim_id)
    with Receiver() as back_office:
        for name, value in {"BACK_OFFICE_WORKER": "in_app", "BACK_OFFICE_WEBHOOK_URL": back_office.url,
                            "BACK_OFFICE_WEBHOOK_SECRET": SECRET, "BACK_OFFICE_POLL_SECONDS": "0.2"}.items():
            monkeypatch.setenv(name, value)
        app = SimpleNamespace(state=SimpleNamespace(settings=settings, council=None, sessionmaker=sessionmaker(engine)))

        async def run_portal():
            async with outbox.worker_lifespan(app):
                deadline = time.monotonic() + 30
                while not back_office.received and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)

        in_a_thread(run_portal)
    assert len(back_office.received) == 1
    with Session(engine) as session:
        assert session.get(Delivery, delivery_id).status == DELIVERED


def test_the_in_process_worker_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("BACK_OFFICE_WORKER", raising=False)
    before = {t.name for t in threading.enumerate()}

    async def run_portal():
        async with outbox.worker_lifespan(object()):
            return {t.name for t in threading.enumerate()}

    assert "delivery-worker" not in in_a_thread(run_portal) - before


def test_on_postgresql_a_row_another_worker_holds_is_skipped_not_waited_for(engine, settings, answers):
    if engine.dialect.name != "postgresql":
        pytest.skip("SELECT ... FOR UPDATE SKIP LOCKED is PostgreSQL's; CI's second run uses it")
    claim_id, _ = submitted_claim(engine, settings, answers)
    with Session(engine) as holder, Session(engine) as other:
        holder.scalars(select(Delivery).where(Delivery.claim_id == claim_id).with_for_update()).one()
        other.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting instead of skipping would fail here
        assert outbox.claim_next(other, SUBMITTED, timedelta(minutes=2)) is None
        holder.rollback()
        assert outbox.claim_next(other, SUBMITTED, timedelta(minutes=2)) is not None


class RememberingReceiver(Receiver):
    """A back office that does what docs/back-office-package.md asks: it remembers each
    delivery id it has stored and answers a repeat 200 without storing it again."""

    def __init__(self):
        super().__init__()
        self.stored: dict[str, bytes] = {}
        receiver = self
        handler = self.server.RequestHandlerClass
        plain_post = handler.do_POST

        def do_post(handler_self):
            plain_post(handler_self)
            with receiver.lock:
                latest = receiver.received[-1]
                if latest["verified"]:
                    receiver.stored.setdefault(latest["headers"][signing.DELIVERY_ID_HEADER], latest["body"])

        handler.do_POST = do_post


def test_a_worker_killed_after_the_back_office_accepted_causes_no_duplicate(engine, settings, answers):
    claim_id, _ = submitted_claim(engine, settings, answers)
    with RememberingReceiver() as back_office, Session(engine) as session:
        portal = portal_for(settings, back_office.url)
        lease = timedelta(seconds=portal.back_office.back_office_timeout_seconds) + outbox.LEASE_MARGIN
        # The first worker takes the row (the attempt is counted and committed before sending),
        # sends, the back office accepts, and the worker dies before it records the answer.
        taken = outbox.claim_next(session, SUBMITTED, lease)
        delivery = session.get(Delivery, taken)
        assert delivery.attempts == 1 and delivery.last_attempt_at is not None
        body, headers = outbox.prepared_request(session, delivery, portal)
        assert httpx.post(back_office.url, content=body, headers=headers).status_code == 200
        session.expunge_all()

        # Until its lease runs out no one sends it again; then the retry carries the same id and body.
        assert outbox.deliver_due(session, SUBMITTED + timedelta(seconds=5), portal=portal) == []
        retried = outbox.deliver_due(session, SUBMITTED + lease + timedelta(seconds=1), portal=portal)
        assert [(o.status, o.attempts) for o in retried] == [(DELIVERED, 2)]

    first, again = back_office.received
    assert first["verified"] and again["verified"]
    assert first["headers"][signing.DELIVERY_ID_HEADER] == again["headers"][signing.DELIVERY_ID_HEADER] == str(taken)
    assert first["body"] == again["body"]
    assert list(back_office.stored) == [str(taken)]  # stored once
    assert outbox.deliver_due(Session(engine), SUBMITTED + timedelta(days=1), portal=portal) == []  # and never sent again


def test_a_captured_delivery_replayed_later_is_refused_by_a_checking_receiver(engine, settings, answers):
    submitted_claim(engine, settings, answers)
    with Receiver() as back_office, Session(engine) as session:
        outbox.deliver_due(session, SUBMITTED, portal=portal_for(settings, back_office.url))
    sent = back_office.received[0]
    header = sent["headers"][signing.HEADER]
    signed_at = int(header.split(",")[0].removeprefix("t="))
    delivery_id = sent["headers"][signing.DELIVERY_ID_HEADER]
    assert signing.verify(sent["body"], header, SECRET, delivery_id=delivery_id, now=signed_at)
    assert not signing.verify(sent["body"], header, SECRET, delivery_id=delivery_id, now=signed_at + 3600)
