from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ActorKind(enum.StrEnum):
    CLAIMANT = "claimant"
    ADVISOR = "advisor"
    SYSTEM = "system"


class AuditEvent(Base):
    """Something that happened to a record, and who did it.

    Never personal data: the subject is a reference (e.g. "claim:3f2a..."), the
    actor is a kind and an opaque id, and the action is a fixed verb. Rows are never
    changed: the database refuses an UPDATE (migration 0009); only the retention job
    deletes them, after the council's audit period.
    """

    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC), index=True)
    actor_kind: Mapped[ActorKind] = mapped_column(
        Enum(ActorKind, name="actor_kind", native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    actor_ref: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject_ref: Mapped[str] = mapped_column(String(128), index=True)
    # "ok", or "refused" for an attempt that was turned away.
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    # A short fixed note (a role, a section id, a field key); never an answer or a name.
    detail: Mapped[str | None] = mapped_column(String(200))
