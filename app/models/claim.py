"""Claims: a Housing Benefit / Council Tax Reduction claim, its answers and what happened to it.

Tables
- ``claims``: one row per claim, draft or submitted. ``reference`` is what a person sees
  and types ("HB-" and ten characters from an alphabet without look-alikes); it is
  random, never derived from the row id, and unique.
- ``claim_answers``: the current value of each answer (``key`` is the answer path the
  form engine uses, e.g. ``"you.name"`` or ``"children"``), sealed with the portal's
  Sealer (context ``b"claim-answer"``), with who entered it and when.
- ``claim_answer_history``: every value ever entered, in order, with who and when. A
  row whose ``value_sealed`` is null records that an answer was removed (for instance
  when a changed answer dropped pages). Current answers are the latest rows; the
  history is kept so that an advisor's change can be told apart from the claimant's.
- ``claim_events``: what happened (started, saved, resumed, submitted...), with no
  personal data.
- ``claim_resume_links``: one-time links to come back to a draft, sent by email or
  text. Only a SHA-256 of the token is stored; a link works once and expires.
- ``rate_limit_counters``: guessing-protection counters when Redis is not configured.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.audit import ActorKind
from app.models.base import Base

DRAFT = "draft"
SUBMITTED = "submitted"


def _now() -> datetime:
    return datetime.now(UTC)


def _actor_kind() -> Enum:
    return Enum(ActorKind, name="actor_kind", native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    council: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    claim_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Sealed (context b"claim-contact") email address or phone number given for a resume
    # link, kept only while the claim is a draft so the expiry reminder can be sent.
    contact_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    secret_hash: Mapped[str | None] = mapped_column(String(255))
    failed_resumes: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The staff member (staff_members.id) the claim is assigned to, if any.
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("staff_members.id", ondelete="SET NULL"), index=True)

    answers: Mapped[list[ClaimAnswer]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


class ClaimAnswer(Base):
    __tablename__ = "claim_answers"
    __table_args__ = (UniqueConstraint("claim_id", "key", name="uq_claim_answers_claim_id_key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    value_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    entered_by_kind: Mapped[ActorKind] = mapped_column(_actor_kind())
    entered_by_ref: Mapped[str | None] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    claim: Mapped[Claim] = relationship(back_populates="answers")


class ClaimAnswerHistory(Base):
    __tablename__ = "claim_answer_history"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    # Null: the answer was removed.
    value_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    entered_by_kind: Mapped[ActorKind] = mapped_column(_actor_kind())
    entered_by_ref: Mapped[str | None] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ClaimEvent(Base):
    __tablename__ = "claim_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    kind: Mapped[str] = mapped_column(String(32))
    actor_kind: Mapped[ActorKind] = mapped_column(_actor_kind())
    actor_ref: Mapped[str | None] = mapped_column(String(64))


class ClaimResumeLink(Base):
    __tablename__ = "claim_resume_links"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RateLimitCounter(Base):
    """A count of attempts under a key (e.g. "resume-ip:<hash>") within a fixed window."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_ends: Mapped[datetime] = mapped_column(DateTime(timezone=True))
