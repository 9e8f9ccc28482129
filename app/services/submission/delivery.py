"""The back-office outbox: each submitted claim is sent to the council's webhook until it arrives.

On submission (``on_submitted``, one of ``claims.SUBMITTED_HOOKS``) a ``Delivery`` row is
added in the claim's own transaction; a second submission adds nothing. A worker then

1. takes one due row for itself (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, a
   conditional ``UPDATE`` on SQLite) by setting a lease, and commits, so several workers
   never send the same row at once and nothing is locked while it talks to the network;
2. on the first attempt builds the package (package.py) and PDF summary (pdf.py) and keeps
   them, so every retry sends the same bytes;
3. POSTs a ``multipart/form-data`` body to BACK_OFFICE_WEBHOOK_URL, signed with HMAC-SHA256
   over the send time, the delivery id and the body (signing.py): part ``package`` (the JSON), ``summary`` (the PDF) and ``evidence-1``...
   (the files, in the order of the package's evidence list);
4. marks it delivered on any 2xx; otherwise waits, doubling from BACK_OFFICE_RETRY_BASE_SECONDS
   up to BACK_OFFICE_RETRY_CAP_SECONDS with random jitter, and after BACK_OFFICE_MAX_ATTEMPTS
   marks it failed, for staff to see (and send again) on /staff/deliveries.

A document uploaded after the claim was sent gets a delivery of its own (kind ``evidence``,
``on_evidence_added`` in the upload's transaction): part ``manifest`` (a small JSON naming the
claim and the file, see package.follow_up_manifest) and ``evidence-1``, through the same
signing, retries and staff page. It is not due until the claim's own delivery has arrived,
so the back office never gets documents for a claim it has not seen.

Run a worker with ``python -m app.services.submission.delivery run`` (``--once`` to send
what is due and stop), or set BACK_OFFICE_WORKER=in_app to run one inside each web process.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import random
import signal
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.council import CouncilProfile, cached_profile
from app.models.claim import Claim, ClaimAnswer
from app.models.delivery import CLAIM_SUBMISSION, DELIVERED, EVIDENCE_FOLLOW_UP, FAILED, PENDING, Delivery
from app.models.evidence import Evidence
from app.services import claim_journey, claims
from app.services.crypto import Sealer
from app.services.evidence import records
from app.services.evidence.storage import EvidenceStore
from app.services.submission import signing
from app.services.submission.config import BackOfficeSettings
from app.services.submission.package import (
    SCHEMA_VERSION,
    ClaimRecord,
    Entered,
    EvidenceFile,
    build_package,
    follow_up_manifest,
    package_bytes,
)
from app.settings import Settings
from forms import claim_starts_from

log = logging.getLogger(__name__)

PACKAGE_CONTEXT = b"delivery-package"
SUMMARY_CONTEXT = b"delivery-summary"
# Time a worker may hold a row: the PDF, the evidence and the request itself.
LEASE_MARGIN = timedelta(seconds=120)
USER_AGENT = "council-benefits-portal (back-office delivery)"


@dataclass(frozen=True)
class Portal:
    """What the outbox needs from the running portal."""

    settings: Settings
    back_office: BackOfficeSettings
    council: CouncilProfile
    sealer: Sealer

    @classmethod
    def from_settings(cls, settings: Settings, council: CouncilProfile | None = None,
                      back_office: BackOfficeSettings | None = None) -> Portal:
        return cls(settings, back_office or BackOfficeSettings(), council or cached_profile(settings.council_profile),
                   claims.sealer_for(settings))


@dataclass(frozen=True)
class Outcome:
    delivery_id: Any
    status: str
    attempts: int
    status_code: int | None
    error: str | None


def utc(moment: datetime) -> datetime:
    """SQLite hands back times without their zone; everything here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ------------------------------------------------------------------ on submission


def enqueue(session: Session, claim: Claim, *, now: datetime | None = None) -> Delivery:
    """The claim's delivery, added if it has none. Flushes; the caller's transaction commits."""
    existing = session.scalars(
        select(Delivery).where(Delivery.claim_id == claim.id, Delivery.kind == CLAIM_SUBMISSION)
    ).one_or_none()
    if existing is not None:
        return existing
    now = now or claim.submitted_at or datetime.now(UTC)
    delivery = Delivery(claim_id=claim.id, kind=CLAIM_SUBMISSION, status=PENDING, created_at=now,
                        next_attempt_at=now, attempts=0)
    session.add(delivery)
    session.flush()
    return delivery


def on_submitted(session: Session, claim: Claim) -> None:
    enqueue(session, claim)


if on_submitted not in claims.SUBMITTED_HOOKS:
    claims.SUBMITTED_HOOKS.append(on_submitted)


def enqueue_evidence(session: Session, claim: Claim, row: Evidence, *, now: datetime | None = None) -> Delivery:
    """A delivery for a file uploaded after the claim was sent, added if it has none. Flushes."""
    existing = session.scalars(select(Delivery).where(Delivery.evidence_id == row.id)).one_or_none()
    if existing is not None:
        return existing
    now = now or row.uploaded_at or datetime.now(UTC)
    delivery = Delivery(claim_id=claim.id, kind=EVIDENCE_FOLLOW_UP, evidence_id=row.id, status=PENDING,
                        created_at=now, next_attempt_at=now, attempts=0)
    session.add(delivery)
    session.flush()
    return delivery


def on_evidence_added(session: Session, claim: Claim, row: Evidence) -> None:
    if not claim.is_draft:
        enqueue_evidence(session, claim, row)


if on_evidence_added not in records.ADDED_HOOKS:
    records.ADDED_HOOKS.append(on_evidence_added)


# ------------------------------------------------------------------ the claim, read back


def evidence_of(session: Session, claim: Claim) -> list[EvidenceFile]:
    """Files uploaded by the time the claim was sent (later ones are not part of the claim's package)."""
    rows = session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).all()
    sent = utc(claim.submitted_at)
    return [_evidence_file(row) for row in rows if utc(row.uploaded_at) <= sent]


def _evidence_file(row: Evidence) -> EvidenceFile:
    return EvidenceFile(
        id=str(row.id),
        item=row.item_key.split("@", 1)[0],
        item_key=row.item_key,
        content_type=row.content_type,
        sha256=row.sha256,
        size=row.size_bytes,
        filename=None,  # the name on the person's device can be personal; the part is named evidence-N
        uploaded_at=utc(row.uploaded_at),
        scan_result=row.scan_result,
    )


def evidence_bytes(session: Session, evidence_id: str, portal: Portal) -> bytes:
    row = session.get(Evidence, uuid.UUID(evidence_id))
    if row is None:
        raise LookupError("an evidence file listed in the package is no longer stored")
    data = EvidenceStore(portal.settings.data_dir / "evidence", portal.sealer).get(row.storage_key)
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ValueError("an evidence file does not match its recorded hash")
    return data


def claim_record(session: Session, claim: Claim, sealer: Sealer) -> ClaimRecord:
    if claim.submitted_at is None:
        raise ValueError("only a submitted claim becomes a package")
    rows = session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id)).all()
    entered = {row.key: Entered(by=str(row.entered_by_kind), by_ref=row.entered_by_ref, at=utc(row.entered_at)) for row in rows}
    answers = claims.answers_of(session, claim, sealer)
    sent_on = utc(claim.submitted_at).date()
    # The date the claim can start from: the first contact if it was sent within a month of it.
    claim_date = claim_starts_from(claim_journey.first_contact(claim, answers, today=sent_on), sent_on) if claim.claim_date else None
    return ClaimRecord(
        reference=claim.reference,
        form_id=claim.form_id,
        form_version=claim.form_version,
        council=claim.council,
        claim_date=claim_date,
        submitted_at=utc(claim.submitted_at),
        answers=answers,
        entered=entered,
        evidence=evidence_of(session, claim),
    )


def package_for(session: Session, claim: Claim, sealer: Sealer) -> dict[str, Any]:
    from forms import default_registry

    return build_package(claim_record(session, claim, sealer), form=default_registry().definition_for(claim))


# ------------------------------------------------------------------ taking a due row


def _due(now: datetime) -> Any:
    submission = aliased(Delivery)
    claim_arrived = (
        select(submission.id)
        .where(submission.claim_id == Delivery.claim_id, submission.kind == CLAIM_SUBMISSION, submission.status == DELIVERED)
        .exists()
    )
    return and_(
        Delivery.status == PENDING,
        Delivery.next_attempt_at <= now,
        or_(Delivery.leased_until.is_(None), Delivery.leased_until <= now),
        # Documents sent later follow the claim itself, never arrive before it.
        or_(Delivery.kind == CLAIM_SUBMISSION, claim_arrived),
    )


def claim_next(session: Session, now: datetime, lease: timedelta) -> Any | None:
    """Take the next due delivery for this worker; its id, or None. Commits."""
    now = utc(now)
    taken = {"leased_until": now + lease, "attempts": Delivery.attempts + 1, "last_attempt_at": now}
    if session.get_bind().dialect.name == "postgresql":
        row = session.scalars(
            select(Delivery).where(_due(now)).order_by(Delivery.next_attempt_at).limit(1).with_for_update(skip_locked=True)
        ).first()
        if row is None:
            session.rollback()
            return None
        session.execute(update(Delivery).where(Delivery.id == row.id).values(**taken))
        session.commit()
        return row.id
    # SQLite has no row locks: an UPDATE that still finds the row due is the one that takes it.
    for candidate in session.scalars(select(Delivery.id).where(_due(now)).order_by(Delivery.next_attempt_at).limit(10)).all():
        result = session.execute(
            update(Delivery).where(Delivery.id == candidate, _due(now)).values(**taken).execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            session.commit()
            return candidate
    session.rollback()
    return None


# ------------------------------------------------------------------ backoff


def backoff(attempts: int, config: BackOfficeSettings, rng: random.Random | None = None) -> timedelta:
    """The wait after ``attempts`` failed attempts: base × 2^(attempts−1), at most the cap, then
    a random point in its upper half, so workers that failed together do not retry together."""
    ceiling = min(config.back_office_retry_cap_seconds, config.back_office_retry_base_seconds * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=(rng or random).uniform(ceiling / 2, ceiling))


# ------------------------------------------------------------------ the request


def multipart(parts: Sequence[tuple[str, str, str, bytes]], boundary: str) -> tuple[bytes, str]:
    """A multipart/form-data body from (name, filename, content type, bytes), and its Content-Type."""
    marker = boundary.encode()
    out = bytearray()
    for name, filename, content_type, data in parts:
        if marker in data:  # pragma: no cover - a random 128-bit boundary
            raise ValueError("the multipart boundary occurs in a part")
        out += b"--" + marker + b"\r\n"
        out += f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
        out += f"Content-Type: {content_type}\r\n\r\n".encode()
        out += data + b"\r\n"
    out += b"--" + marker + b"--\r\n"
    return bytes(out), f"multipart/form-data; boundary={boundary}"


_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic", "image/webp": ".webp"}


def request_for(delivery: Delivery, package: bytes, summary: bytes | None, evidence: Sequence[bytes],
                manifest: Sequence[dict[str, Any]], reference: str, secret: str) -> tuple[bytes, dict[str, str]]:
    if delivery.kind == EVIDENCE_FOLLOW_UP:
        parts = [("manifest", f"{reference}-evidence.json", "application/json", package)]
    else:
        parts = [("package", f"{reference}.json", "application/json", package),
                 ("summary", f"{reference}.pdf", "application/pdf", summary)]
    for entry, data in zip(manifest, evidence, strict=True):
        parts.append((entry["part"], entry["part"] + _EXTENSIONS.get(entry["content_type"], ""), entry["content_type"], data))
    body, content_type = multipart(parts, boundary="portal-" + delivery.id.hex)
    headers = {
        "Content-Type": content_type,
        # Signed when it is sent: every attempt has a fresh time, and the same id.
        signing.HEADER: signing.signature(body, secret, delivery_id=str(delivery.id)),
        signing.DELIVERY_ID_HEADER: str(delivery.id),
        "Idempotency-Key": str(delivery.id),
        "X-Portal-Attempt": str(delivery.attempts),
        "X-Portal-Schema-Version": delivery.schema_version or SCHEMA_VERSION,
        "X-Portal-Kind": delivery.kind,
        "User-Agent": USER_AGENT,
    }
    return body, headers


def follow_up_for(session: Session, delivery: Delivery) -> dict[str, Any]:
    """The manifest of an evidence delivery: the claim and the one file it sends."""
    claim = session.get(Claim, delivery.claim_id)
    row = session.get(Evidence, delivery.evidence_id) if delivery.evidence_id else None
    if row is None:
        raise LookupError("the evidence file of a follow-up delivery is no longer stored")
    return follow_up_manifest(reference=claim.reference, council=claim.council, submitted_at=utc(claim.submitted_at),
                              files=[_evidence_file(row)])


def _prepare(session: Session, delivery: Delivery, portal: Portal) -> tuple[bytes, bytes | None]:
    """The package and summary to send (an evidence delivery: its manifest, no summary): made
    once, then read back on every retry."""
    if delivery.kind == EVIDENCE_FOLLOW_UP:
        if delivery.package_sealed is None:
            manifest = follow_up_for(session, delivery)
            body = package_bytes(manifest)
            delivery.package_sealed = portal.sealer.seal(body, context=PACKAGE_CONTEXT)
            delivery.package_sha256 = hashlib.sha256(body).hexdigest()
            delivery.schema_version = manifest["schema_version"]
            session.commit()
        return portal.sealer.open(delivery.package_sealed, context=PACKAGE_CONTEXT), None
    if delivery.package_sealed is None:
        claim = session.get(Claim, delivery.claim_id)
        package = package_for(session, claim, portal.sealer)
        body = package_bytes(package)
        delivery.package_sealed = portal.sealer.seal(body, context=PACKAGE_CONTEXT)
        delivery.package_sha256 = hashlib.sha256(body).hexdigest()
        delivery.schema_version = package["schema_version"]
    body = portal.sealer.open(delivery.package_sealed, context=PACKAGE_CONTEXT)
    if delivery.summary_sealed is None:
        from app.services.submission.pdf import render_summary

        delivery.summary_sealed = portal.sealer.seal(render_summary(json.loads(body), portal.council), context=SUMMARY_CONTEXT)
    session.commit()
    return body, portal.sealer.open(delivery.summary_sealed, context=SUMMARY_CONTEXT)


def prepared_request(session: Session, delivery: Delivery, portal: Portal) -> tuple[bytes, dict[str, str]]:
    """The body and headers of one attempt: the same body on every attempt, freshly signed."""
    package, summary = _prepare(session, delivery, portal)
    manifest = json.loads(package)["evidence"]
    evidence = [evidence_bytes(session, entry["id"], portal) for entry in manifest]
    claim = session.get(Claim, delivery.claim_id)
    return request_for(delivery, package, summary, evidence, manifest, claim.reference,
                       portal.back_office.back_office_webhook_secret)


def send(session: Session, delivery_id: Any, portal: Portal, client: httpx.Client, now: datetime) -> Outcome:
    """One attempt at a delivery this worker has taken, and what became of it. Commits.

    The attempt is counted, and the row leased, by ``claim_next`` before anything is sent. A
    worker killed after the back office accepted but before the answer was recorded leaves the
    row pending: once its lease runs out another worker sends it again, with the same body and
    the same delivery id, which the receiver recognises and answers 2xx without storing twice.
    That one repeat cannot be avoided from this side (no sender can know whether a request it
    never heard back from arrived); it is why receivers must remember delivery ids.
    """
    delivery = session.get(Delivery, delivery_id)
    config = portal.back_office
    status_code: int | None = None
    error: str | None = None
    try:
        body, headers = prepared_request(session, delivery, portal)
    except Exception as exc:  # noqa: BLE001 - recorded, retried, and shown to staff
        session.rollback()
        delivery = session.get(Delivery, delivery_id)
        error = f"could not prepare the delivery ({type(exc).__name__})"
        log.warning("delivery %s: %s", delivery_id, error)
    else:
        try:
            response = client.post(config.back_office_webhook_url, content=body, headers=headers,
                                   timeout=config.back_office_timeout_seconds)
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = f"the back office answered HTTP {status_code}"
        except httpx.TimeoutException:
            error = "the back office did not answer in time"
        except httpx.HTTPError as exc:
            error = f"could not reach the back office ({type(exc).__name__})"
    return _record(session, delivery, config, utc(now), status_code, error)


def _record(session: Session, delivery: Delivery, config: BackOfficeSettings, now: datetime,
            status_code: int | None, error: str | None) -> Outcome:
    delivery.leased_until = None
    delivery.last_status_code = status_code
    delivery.last_error = error
    if error is None:
        delivery.status = DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= config.back_office_max_attempts:
        delivery.status = FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts, config)
    session.commit()
    log.info("delivery %s attempt %s: %s", delivery.id, delivery.attempts, delivery.status if error is None else error)
    return Outcome(delivery.id, delivery.status, delivery.attempts, status_code, error)


def deliver_due(session: Session, now: datetime | None = None, *, portal: Portal | None = None,
                client: httpx.Client | None = None, limit: int = 100) -> list[Outcome]:
    """Try every delivery due at ``now`` once (up to ``limit``); what happened to each.

    Without BACK_OFFICE_WEBHOOK_URL, or without BACK_OFFICE_WEBHOOK_SECRET to sign with, nothing
    is tried: deliveries wait, and lose no attempts.
    """
    portal = portal or Portal.from_settings(Settings())
    config = portal.back_office
    if not config.back_office_webhook_url or not config.back_office_webhook_secret:
        return []
    lease = timedelta(seconds=config.back_office_timeout_seconds) + LEASE_MARGIN
    outcomes: list[Outcome] = []
    own_client = client is None
    client = client or httpx.Client(follow_redirects=False)
    try:
        while len(outcomes) < limit:
            moment = utc(now) if now is not None else datetime.now(UTC)
            delivery_id = claim_next(session, moment, lease)
            if delivery_id is None:
                break
            outcomes.append(send(session, delivery_id, portal, client, moment))
    finally:
        if own_client:
            client.close()
    return outcomes


# ------------------------------------------------------------------ for staff


@dataclass(frozen=True)
class DeliveryRow:
    id: Any
    reference: str
    submitted_at: datetime | None
    status: str
    attempts: int
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_error: str | None
    kind: str = CLAIM_SUBMISSION


def deliveries_for_staff(session: Session, *, limit: int = 200) -> list[DeliveryRow]:
    """Newest first; failed ones first of all, as they need someone."""
    rows = session.execute(
        select(Delivery, Claim.reference, Claim.submitted_at)
        .join(Claim, Claim.id == Delivery.claim_id)
        .order_by((Delivery.status == FAILED).desc(), Delivery.created_at.desc())
        .limit(limit)
    ).all()

    def when(moment: datetime | None) -> datetime | None:
        return utc(moment) if moment else None

    return [
        DeliveryRow(d.id, reference, when(submitted_at), d.status, d.attempts, when(d.last_attempt_at),
                    when(d.next_attempt_at) if d.status == PENDING else None, when(d.delivered_at), d.last_error, d.kind)
        for d, reference, submitted_at in rows
    ]


def send_again(session: Session, delivery_id: Any, now: datetime) -> bool:
    """Put a failed delivery back in the queue with a fresh set of attempts. Commits."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status != FAILED:
        return False
    delivery.status = PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utc(now)
    delivery.leased_until = None
    session.commit()
    return True


# ------------------------------------------------------------------ running a worker


def run_forever(factory: Callable[[], Session], portal: Portal, stop: threading.Event) -> None:
    poll = portal.back_office.back_office_poll_seconds
    with httpx.Client(follow_redirects=False) as client:
        while not stop.is_set():
            try:
                with factory() as session:
                    deliver_due(session, portal=portal, client=client)
            except Exception as exc:  # noqa: BLE001 - a database blip must not stop the worker
                log.error("delivery worker: %s", type(exc).__name__)
            stop.wait(poll)


@asynccontextmanager
async def worker_lifespan(app: Any) -> AsyncIterator[None]:
    """With BACK_OFFICE_WORKER=in_app, a worker thread for the life of the web process."""
    back_office = BackOfficeSettings()
    if back_office.back_office_worker != "in_app":
        yield
        return
    portal = Portal.from_settings(app.state.settings, app.state.council, back_office)
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(app.state.sessionmaker, portal, stop), name="delivery-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        with suppress(Exception):
            await asyncio.to_thread(thread.join, 30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.services.submission.delivery",
                                     description="Send submitted claims to the back office.")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--once", action="store_true", help="send what is due now, then stop")
    args = parser.parse_args(argv)

    from app.db import make_engine, make_sessionmaker
    from app.middleware.errors_and_logging import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    portal = Portal.from_settings(settings)
    if not portal.back_office.back_office_webhook_url or not portal.back_office.back_office_webhook_secret:
        log.warning("BACK_OFFICE_WEBHOOK_URL and BACK_OFFICE_WEBHOOK_SECRET are not both set: deliveries wait until they are")
    engine = make_engine(settings.resolved_database_url)
    factory = make_sessionmaker(engine)
    try:
        if args.once:
            with factory() as session:
                outcomes = deliver_due(session, portal=portal)
            print(f"{len(outcomes)} attempted, {sum(o.status == DELIVERED for o in outcomes)} delivered")
            return 0
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        run_forever(factory, portal, stop)
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
