"""Who is signed in as staff: the staff session behind the ``staff_session`` cookie.

A staff session is a random id in an HttpOnly cookie and a row in ``staff_sessions`` under a
SHA-256 of it. It ends on sign-out, after ``staff_idle_minutes`` without a request, or
``staff_session_hours`` after sign-in. Routes use the dependencies at the end of this module:
``StaffDep`` (anyone signed in) and ``require_roles(...)`` (one of these roles). Someone not
signed in is sent to sign in and brought back; someone without the role is refused (403), and
the refusal goes in the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.deps import DbDep, SettingsDep
from app.models.audit import ActorKind
from app.models.staff import StaffMember, StaffSession
from app.services import audit
from app.services.staff.roles import Role, parse, stored
from app.settings import Settings

COOKIE = "staff_session"
TOUCH_AT_MOST_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class StaffUser:
    member_id: uuid.UUID
    name: str
    email: str | None
    roles: frozenset[Role]
    office: str | None
    session_hash: str

    @property
    def actor_ref(self) -> str:
        return str(self.member_id)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def member_for(db: Session, *, issuer: str, subject: str, name: str, email: str | None, roles: frozenset[Role],
               office: str | None, now: datetime) -> StaffMember:
    """The staff member with this (issuer, subject), made or brought up to date from what the identity provider said."""
    member = db.scalars(select(StaffMember).where(StaffMember.issuer == issuer, StaffMember.subject == subject)).one_or_none()
    if member is None:
        member = StaffMember(issuer=issuer, subject=subject, first_seen_at=now)
        db.add(member)
    member.name, member.email, member.roles, member.office, member.last_seen_at = name, email, stored(roles), office, now
    db.flush()
    return member


def start(db: Session, member: StaffMember, *, now: datetime) -> str:
    """A new staff session for ``member``; returns the id for the cookie (only its hash is kept)."""
    raw = secrets.token_urlsafe(32)
    db.add(StaffSession(id_hash=_hash(raw), member_id=member.id, roles=member.roles, created_at=now, last_seen_at=now))
    audit.record(db, action="staff-signed-in", subject="staff", actor_ref=str(member.id), detail=member.roles, at=now)
    return raw


def _live(row: StaffSession, settings: Settings, now: datetime) -> bool:
    if row.ended_at is not None:
        return False
    if now - _aware(row.last_seen_at) > timedelta(minutes=settings.staff_idle_minutes):
        return False
    return now - _aware(row.created_at) <= timedelta(hours=settings.staff_session_hours)


def load(db: Session, raw: str | None, settings: Settings, now: datetime) -> StaffUser | None:
    """The signed-in staff member behind a cookie value, or None (no cookie, unknown, ended, idle or too old).

    A live session's last-seen time is moved on (at most every 30 seconds) and committed.
    """
    if not raw or len(raw) > 64:
        return None
    row = db.get(StaffSession, _hash(raw))
    if row is None or not _live(row, settings, now):
        if row is not None and row.ended_at is None:
            row.ended_at = now
            audit.record(db, action="staff-session-timed-out", subject="staff", actor_ref=str(row.member_id), at=now)
            db.commit()
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_AT_MOST_EVERY:
        row.last_seen_at = now
        db.commit()
    member = db.get(StaffMember, row.member_id)
    if member is None:
        return None
    return StaffUser(member_id=member.id, name=member.name, email=member.email, roles=parse(row.roles),
                     office=member.office, session_hash=row.id_hash)


def end(db: Session, raw: str | None, now: datetime) -> StaffSession | None:
    """Ends the session behind a cookie value; returns its row (for the identity provider's sign-out), if any."""
    if not raw or len(raw) > 64:
        return None
    row = db.get(StaffSession, _hash(raw))
    if row is None or row.ended_at is not None:
        return None
    row.ended_at = now
    audit.record(db, action="staff-signed-out", subject="staff", actor_ref=str(row.member_id), at=now)
    return row


# ---------------------------------------------------------------------------- route dependencies


def _sign_in_redirect(request: Request) -> HTTPException:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(status_code=303, headers={"location": f"/staff/sign-in?next={quote(target, safe='')}",
                                                   "cache-control": "no-store"})


def current_staff(request: Request, db: DbDep, settings: SettingsDep) -> StaffUser | None:
    cached = request.scope.get("state", {}).get("staff_user")
    if cached is not None:
        return cached
    user = load(db, request.cookies.get(COOKIE), settings, datetime.now(UTC))
    if user is not None:
        request.scope.setdefault("state", {})["staff_user"] = user
    return user


OptionalStaffDep = Annotated[StaffUser | None, Depends(current_staff)]


def signed_in(request: Request, user: OptionalStaffDep) -> StaffUser:
    if user is None:
        raise _sign_in_redirect(request)
    return user


StaffDep = Annotated[StaffUser, Depends(signed_in)]


def require_roles(*allowed: Role):  # noqa: ANN201 - a FastAPI dependency
    """A dependency: the signed-in staff member, who must hold one of ``allowed``; else 403, logged."""

    def dependency(request: Request, user: StaffDep, db: DbDep) -> StaffUser:
        if not user.has(*allowed):
            route = request.scope.get("route")
            audit.record(db, action="staff-refused", subject="staff", actor_ref=user.actor_ref, outcome=audit.REFUSED,
                         detail=f"needs {'/'.join(sorted(allowed))} for {getattr(route, 'path', '?')}")
            db.commit()
            raise HTTPException(status_code=403)
        return user

    return dependency


def actor(user: StaffUser) -> tuple[ActorKind, str]:
    return ActorKind.ADVISOR, user.actor_ref
