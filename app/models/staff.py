"""Council staff, their signed-in sessions, and what they may open and have done to claims.

Tables
- ``staff_members``: one row per person who has signed in through the council's identity
  provider, keyed by (issuer, subject). ``id`` is what every other table and the audit log use.
  Name and email are what the identity provider said at the last sign-in; ``roles`` the roles
  mapped from its groups then (space separated).
- ``staff_sessions``: a signed-in staff session. Only a SHA-256 of the id in the browser's
  cookie is kept. It ends on sign-out, after ``staff_idle_minutes`` without a request, or
  ``staff_session_hours`` after sign-in, whichever comes first.
- ``claim_access_grants``: why a member of staff may open a claim: the claimant's share code
  (``share_code``), the check with the claimant present (``in_person``), or an assignment
  (``assigned``). Each grant has an end; a claim is open to an advisor only under a live grant.
- ``claim_notes``: a note on a claim, for the claimant (shown on their task list) or for
  colleagues. The text is sealed.
- ``claim_flags``: a section of a claim marked "needs a specialist", until cleared.
- ``cobrowse_sessions``: a claimant's request for live help and its share code (a SHA-256 of
  it), who joined, who has control, and which masked answers the claimant revealed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


class StaffMember(Base):
    __tablename__ = "staff_members"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_staff_members_issuer_subject"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    roles: Mapped[str] = mapped_column(String(200), default="")
    office: Mapped[str | None] = mapped_column(String(200))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    roles: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ClaimAccessGrant(Base):
    __tablename__ = "claim_access_grants"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ClaimNote(Base):
    __tablename__ = "claim_notes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="SET NULL"))
    audience: Mapped[str] = mapped_column(String(16))  # "claimant" or "staff"
    text_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ClaimFlag(Base):
    __tablename__ = "claim_flags"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32), default="needs_specialist")
    raised_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    cleared_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="SET NULL"))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CobrowseSession(Base):
    __tablename__ = "cobrowse_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    browser_session_hash: Mapped[str] = mapped_column(String(64), index=True)
    claim_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="waiting")  # waiting, asking, active, ended, declined
    control: Mapped[str] = mapped_column(String(16), default="claimant")  # claimant or advisor
    revealed: Mapped[str] = mapped_column(Text, default="")  # answer keys the claimant revealed, one a line
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
