"""Unfinished claims: a reminder before they expire, and deletion once they have.

A draft is kept for the council's ``draft_days`` (28 by default, in the council
profile) after it was last saved; ``claims.expires_at`` holds the date. DRAFT_REMINDER_DAYS
before that, a person who asked for a link by email or text gets a reminder through
notify. Once expired, the draft, its answers, history, events, links and evidence (rows
and files) are deleted by the retention job (``app.services.retention``).

Run from cron or a scheduler, once a day:

    python -m app.services.drafts remind
    python -m app.services.retention run     # expired drafts and everything else past its time
    python -m app.services.drafts purge      # expired drafts only (kept for existing schedules)
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import ActorKind
from app.models.claim import DRAFT, Claim
from app.services import claims
from app.services.crypto import Sealer
from app.services.notify import Notifier
from app.services.rate_limit import aware
from app.settings import Settings

log = logging.getLogger(__name__)


def purge(session: Session, *, now: datetime | None = None, settings: Settings | None = None) -> int:
    """Delete every draft whose time is up, and its evidence files. Returns how many drafts. Commits.

    The same step as ``python -m app.services.retention run``, which removes every other kind
    of personal data past its time as well.
    """
    from app.services import retention

    settings = settings or Settings()
    drafts, _files = retention.purge_drafts(session, retention.store_for(settings), now=now or datetime.now(UTC))
    log.info("expired drafts deleted: %s", drafts)
    return drafts


def remind(
    session: Session, *, settings: Settings, notifier: Notifier, sealer: Sealer, base_url: str, now: datetime | None = None
) -> int:
    """Remind each draft owner who gave an email or phone, once, before the draft expires. Commits."""
    now = now or datetime.now(UTC)
    soon = now + timedelta(days=settings.draft_reminder_days)
    due = session.scalars(
        select(Claim).where(
            Claim.status == DRAFT, Claim.expires_at > now, Claim.expires_at <= soon,
            Claim.reminder_sent_at.is_(None), Claim.contact_sealed.is_not(None),
        )
    ).all()
    for claim in due:
        contact = sealer.open_json(claim.contact_sealed, context=claims.CONTACT_CONTEXT)
        expires = aware(claim.expires_at)
        notifier.send(
            session,
            channel=contact["channel"],
            template="draft-reminder",
            to=contact["to"],
            personalisation={
                "reference": claim.reference,
                "expires": f"{expires.day} {expires.strftime('%B')} {expires.year}",
                "link": base_url.rstrip("/") + "/claim/resume",
            },
        )
        claim.reminder_sent_at = now
        claims.record_event(session, claim, "reminded", actor=(ActorKind.SYSTEM, None), at=now)
    session.commit()
    log.info("draft reminders sent: %s", len(due))
    return len(due)


def main(argv: list[str]) -> int:
    from app.db import make_engine, make_sessionmaker
    from app.services.notify import notifier_for

    if len(argv) != 1 or argv[0] not in ("purge", "remind"):
        print("usage: python -m app.services.drafts purge|remind", file=sys.stderr)
        return 2
    settings = Settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            if argv[0] == "purge":
                print(f"deleted {purge(session)} expired draft claims")
            else:
                sealer = claims.sealer_for(settings)
                count = remind(
                    session, settings=settings, notifier=notifier_for(settings, sealer), sealer=sealer,
                    base_url=settings.public_url or "http://localhost:8000",
                )
                print(f"sent {count} reminders")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
