"""Retention: remove personal data once the council's retention period for it has passed.

One job removes everything past its time (periods are council profile fields, see
docs/data-retention.md):

- expired drafts (``claims.expires_at``, set from ``draft_days`` at each save), with their
  answers, history, events, links and evidence, and the evidence files on disk;
- "check what you can get" answers not changed for ``check_answers_days``;
- results kept under a reference for more than ``kept_result_days``;
- messages in the notifications outbox older than ``notification_days``;
- one-time resume links past their expiry, and guessing-protection counters whose window has ended;
- audit events older than ``audit_years`` (they hold no personal data, and are kept longest);
- evidence files on disk that no row names (an upload that failed half-way, or a file
  whose row went while a run was stopped between the delete and the file removal).

It is safe to run while the portal serves: each kind is removed in batches of ``BATCH``
rows, each batch one short transaction; on PostgreSQL a batch is taken with ``FOR UPDATE
SKIP LOCKED``, so two runs at once share the work instead of waiting on each other or
failing. Files are deleted only after the transaction that deleted their rows has
committed (a crash in between leaves an orphan file for the next run, never a row without
its file), and a file already gone is not an error.

Run once a day from cron or a scheduler:

    python -m app.services.retention run            # removes, and prints counts per kind
    python -m app.services.retention run --dry-run  # counts only

It prints and logs counts per kind, never anything about a person.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from app.council import CouncilProfile, cached_profile
from app.models.audit import AuditEvent
from app.models.claim import DRAFT, Claim, ClaimAnswer, ClaimAnswerHistory, ClaimEvent, ClaimResumeLink, RateLimitCounter
from app.models.delivery import Delivery
from app.models.evidence import Evidence
from app.models.notification import Notification
from app.models.saved_result import CheckSession, SavedResult
from app.services.evidence.storage import EvidenceStore
from app.services.keys import sealer_for
from app.settings import Settings

log = logging.getLogger(__name__)

BATCH = 200
# An evidence file younger than this with no row may be an upload whose row is not committed yet.
ORPHAN_GRACE_SECONDS = 3600
DAYS_PER_YEAR = 365.25
# Bulk deletes: the rows removed are not loaded, so there is nothing in the session to update.
NO_SYNC = {"synchronize_session": False}

EXPIRED_DRAFTS = "expired drafts"
DRAFT_EVIDENCE_FILES = "evidence files of expired drafts"
CHECK_ANSWERS = "check answers"
KEPT_RESULTS = "kept results"
NOTIFICATIONS = "notifications"
RESUME_LINKS = "used or expired resume links"
RATE_LIMIT_COUNTERS = "rate-limit counters"
AUDIT_EVENTS = "audit events"
ORPHAN_FILES = "evidence files no row names"
KINDS = (EXPIRED_DRAFTS, DRAFT_EVIDENCE_FILES, CHECK_ANSWERS, KEPT_RESULTS, NOTIFICATIONS, RESUME_LINKS,
         RATE_LIMIT_COUNTERS, AUDIT_EVENTS, ORPHAN_FILES)


@dataclass(frozen=True)
class Periods:
    """How long each kind of data is kept, from the council profile."""

    check_answers: timedelta
    kept_result: timedelta
    notification: timedelta
    audit: timedelta

    @classmethod
    def of(cls, council: CouncilProfile) -> Periods:
        return cls(
            check_answers=timedelta(days=council.check_answers_days),
            kept_result=timedelta(days=council.kept_result_days),
            notification=timedelta(days=council.notification_days),
            audit=timedelta(days=round(council.audit_years * DAYS_PER_YEAR)),
        )


@dataclass
class Report:
    """How many of each kind were removed (or, for a dry run, would be)."""

    dry_run: bool = False
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def lines(self) -> list[str]:
        verb = "would remove" if self.dry_run else "removed"
        return [f"{verb} {count} {kind}" for kind, count in self.removed.items()]


def store_for(settings: Settings) -> EvidenceStore:
    return EvidenceStore(settings.data_dir / "evidence", sealer_for(settings))


def _take(session: Session, key: Any, condition: ColumnElement[bool]) -> list[Any]:
    """The next batch of keys to remove; on PostgreSQL locked for this run, skipping rows another run holds."""
    query = select(key).where(condition).order_by(key).limit(BATCH)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _count(session: Session, condition: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).where(condition)) or 0


def remove_rows(session: Session, model: Any, condition: ColumnElement[bool], *, dry_run: bool = False) -> int:
    """Delete the rows matching ``condition`` a batch at a time, committing each batch."""
    key = model.__mapper__.primary_key[0]
    if dry_run:
        count = _count(session, condition)
        session.rollback()
        return count
    removed = 0
    while batch := _take(session, key, condition):
        removed += session.execute(delete(model).where(key.in_(batch), condition), execution_options=NO_SYNC).rowcount
        session.commit()
    session.rollback()
    return removed


def delete_claim_rows(session: Session, ids: list[Any], condition: ColumnElement[bool] | None = None) -> tuple[int, list[str]]:
    """Delete these claims (those still matching ``condition``) and everything hanging off them,
    in the caller's transaction. Returns how many claims, and the storage keys of their files,
    to delete once the transaction has committed."""
    storage_keys = list(session.scalars(select(Evidence.storage_key).where(Evidence.claim_id.in_(ids))))
    # Explicit deletes as well as the cascades, so it works the same where foreign keys are off.
    for model in (Delivery, Evidence, ClaimAnswer, ClaimAnswerHistory, ClaimEvent, ClaimResumeLink):
        session.execute(delete(model).where(model.claim_id.in_(ids)), execution_options=NO_SYNC)
    which = Claim.id.in_(ids) if condition is None else Claim.id.in_(ids) & condition
    return session.execute(delete(Claim).where(which), execution_options=NO_SYNC).rowcount, storage_keys


def delete_files(store: EvidenceStore, keys: Iterable[str]) -> int:
    """Delete stored files (after the rows naming them have gone); a file already gone is not an error."""
    gone = 0
    for key in keys:
        existed = store.exists(key)
        store.delete(key)
        gone += existed
    return gone


def remove_claims(session: Session, store: EvidenceStore, condition: ColumnElement[bool]) -> tuple[int, int]:
    """Delete claims matching ``condition`` with everything hanging off them, a batch at a time;
    then, once each batch has committed, their evidence files. Returns (claims, files)."""
    claims_removed = files_removed = 0
    while batch := _take(session, Claim.id, condition):
        removed, storage_keys = delete_claim_rows(session, batch, condition)
        session.commit()
        claims_removed += removed
        files_removed += delete_files(store, storage_keys)
    session.rollback()
    return claims_removed, files_removed


def expired_drafts(now: datetime) -> ColumnElement[bool]:
    return (Claim.status == DRAFT) & (Claim.expires_at <= now)


def purge_drafts(session: Session, store: EvidenceStore, *, now: datetime, dry_run: bool = False) -> tuple[int, int]:
    """Expired drafts and their evidence files. Returns (drafts, files)."""
    if dry_run:
        condition = expired_drafts(now)
        drafts = _count(session, condition)
        files = session.scalar(select(func.count(Evidence.id)).join(Claim, Claim.id == Evidence.claim_id).where(condition)) or 0
        session.rollback()
        return drafts, files
    return remove_claims(session, store, expired_drafts(now))


def orphan_files(session: Session, store: EvidenceStore, *, grace_seconds: int = ORPHAN_GRACE_SECONDS,
                 dry_run: bool = False) -> int:
    """Delete evidence files older than the grace period that no evidence row names."""
    if not store.root.exists():
        return 0
    known = set(session.scalars(select(Evidence.storage_key)))
    session.rollback()
    cutoff = time.time() - grace_seconds
    removed = 0
    for path in store.root.glob("*/*"):
        try:
            if path.name in known or not path.is_file() or path.stat().st_mtime >= cutoff:
                continue
        except FileNotFoundError:
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
        removed += 1
    return removed


def run(session: Session, settings: Settings, council: CouncilProfile, *, now: datetime | None = None,
        dry_run: bool = False, orphan_grace_seconds: int = ORPHAN_GRACE_SECONDS) -> Report:
    """Remove everything past its retention period. Commits batch by batch."""
    now = now or datetime.now(UTC)
    periods = Periods.of(council)
    store = store_for(settings)
    report = Report(dry_run=dry_run)
    found = report.removed
    found[EXPIRED_DRAFTS], found[DRAFT_EVIDENCE_FILES] = purge_drafts(session, store, now=now, dry_run=dry_run)
    found[CHECK_ANSWERS] = remove_rows(session, CheckSession, CheckSession.updated_at < now - periods.check_answers, dry_run=dry_run)
    found[KEPT_RESULTS] = remove_rows(session, SavedResult, SavedResult.created_at < now - periods.kept_result, dry_run=dry_run)
    found[NOTIFICATIONS] = remove_rows(session, Notification, Notification.created_at < now - periods.notification, dry_run=dry_run)
    found[RESUME_LINKS] = remove_rows(
        session, ClaimResumeLink, (ClaimResumeLink.expires_at <= now) | ClaimResumeLink.used_at.is_not(None), dry_run=dry_run
    )
    found[RATE_LIMIT_COUNTERS] = remove_rows(session, RateLimitCounter, RateLimitCounter.window_ends <= now, dry_run=dry_run)
    found[AUDIT_EVENTS] = remove_rows(session, AuditEvent, AuditEvent.at < now - periods.audit, dry_run=dry_run)
    found[ORPHAN_FILES] = orphan_files(session, store, grace_seconds=orphan_grace_seconds, dry_run=dry_run)
    for line in report.lines():
        log.info("retention: %s", line)
    return report


def main(argv: list[str]) -> int:
    from app.db import make_engine, make_sessionmaker

    parser = argparse.ArgumentParser(prog="python -m app.services.retention",
                                     description="Remove personal data past the council's retention periods.")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("run", help="remove everything past its retention period, and say how many of each kind")
    command.add_argument("--dry-run", action="store_true", help="count what would be removed, remove nothing")
    args = parser.parse_args(argv)
    settings = Settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            report = run(session, settings, cached_profile(settings.council_profile), dry_run=args.dry_run)
    finally:
        engine.dispose()
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
