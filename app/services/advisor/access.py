"""Whether a member of staff may open a claim, and the grants that say so.

An advisor may open a claim only
- with the claimant's consent: they accepted a co-browse share code (``share_code``), or the
  advisor checked their date of birth and postcode with them present (``in_person``); these
  grants end after ``CONSENT_HOURS``; or
- while the claim is assigned to them (``assigned``), until it is handed back or reassigned.

A role alone opens nothing. Every opening is logged, and so is every refusal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.models.claim import Claim
from app.models.staff import ClaimAccessGrant
from app.services import audit
from app.services.staff.identity import StaffUser
from app.services.staff.roles import HELPS_CLAIMANTS

SHARE_CODE = "share_code"
IN_PERSON = "in_person"
ASSIGNED = "assigned"
REASONS = (SHARE_CODE, IN_PERSON, ASSIGNED)
CONSENT_HOURS = 4


class Refused(Exception):
    """The member of staff may not open this claim (the refusal is already in the audit log)."""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def grant(db: Session, claim: Claim, user: StaffUser, reason: str, now: datetime) -> ClaimAccessGrant:
    """Lets ``user`` open ``claim`` for ``reason`` (consent grants end after CONSENT_HOURS), and logs it."""
    if reason not in REASONS:
        raise ValueError(reason)
    ends = None if reason == ASSIGNED else now + timedelta(hours=CONSENT_HOURS)
    row = ClaimAccessGrant(claim_id=claim.id, member_id=user.member_id, reason=reason, granted_at=now, ends_at=ends)
    db.add(row)
    audit.record(db, action="claim-access-granted", subject=audit.claim_subject(claim.reference),
                 actor_ref=user.actor_ref, detail=reason, at=now)
    return row


def end_grants(db: Session, claim: Claim, member_id, now: datetime, *, reason: str | None = None) -> None:  # noqa: ANN001
    """Ends the live grants one member of staff holds on a claim (all of them, or those for ``reason``)."""
    query = update(ClaimAccessGrant).where(
        ClaimAccessGrant.claim_id == claim.id, ClaimAccessGrant.member_id == member_id, ClaimAccessGrant.ended_at.is_(None))
    if reason is not None:
        query = query.where(ClaimAccessGrant.reason == reason)
    db.execute(query.values(ended_at=now))


def may_open(db: Session, claim: Claim, user: StaffUser, now: datetime) -> bool:
    if not user.has(*HELPS_CLAIMANTS):
        return False
    if claim.assigned_to == user.member_id:
        return True
    live = db.scalars(
        select(ClaimAccessGrant.id).where(
            ClaimAccessGrant.claim_id == claim.id, ClaimAccessGrant.member_id == user.member_id,
            ClaimAccessGrant.ended_at.is_(None),
            or_(ClaimAccessGrant.ends_at.is_(None), ClaimAccessGrant.ends_at > now),
        ).limit(1)
    ).first()
    if live is None:
        return False
    # SQLite hands back naive times: compare again in Python to be sure.
    row = db.get(ClaimAccessGrant, live)
    return row is not None and (row.ends_at is None or _aware(row.ends_at) > now)


def require(db: Session, claim: Claim, user: StaffUser, *, action: str, now: datetime | None = None,
            detail: str | None = None) -> None:
    """Logs ``action`` on ``claim`` by ``user`` if they may open it; else logs the refusal, commits it, and raises Refused."""
    now = now or datetime.now(UTC)
    if may_open(db, claim, user, now):
        audit.record(db, action=action, subject=audit.claim_subject(claim.reference), actor_ref=user.actor_ref,
                     detail=detail, at=now)
        return
    audit.record(db, action=action, subject=audit.claim_subject(claim.reference), actor_ref=user.actor_ref,
                 outcome=audit.REFUSED, detail=detail or "no consent or assignment", at=now)
    db.commit()
    raise Refused(claim.reference)
