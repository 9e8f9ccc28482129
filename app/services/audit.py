"""The audit log: who viewed or changed which claim, co-browse sessions, reveals, sign-ins, refusals.

One row per event in ``audit_events``; the database refuses to change a row. Never personal
data: the actor is a kind and an opaque id (a staff member's ``staff_members.id``), the subject a
reference (``claim:HB-...``, ``cobrowse:<id>``, ``staff``), the detail a fixed short note.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models.audit import ActorKind, AuditEvent

OK = "ok"
REFUSED = "refused"


def record(
    db: Session, *, action: str, subject: str, actor_kind: ActorKind = ActorKind.ADVISOR, actor_ref: str | None = None,
    outcome: str = OK, detail: str | None = None, at: datetime | None = None,
) -> AuditEvent:
    """Adds one event to the session (the caller commits, with the change it records)."""
    event = AuditEvent(at=at or datetime.now(UTC), actor_kind=actor_kind, actor_ref=actor_ref, action=action,
                       subject_ref=subject[:128], outcome=outcome, detail=(detail or None) and detail[:200])
    db.add(event)
    return event


def claim_subject(reference: str) -> str:
    return f"claim:{reference}"
