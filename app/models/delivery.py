"""The back-office outbox: one delivery per submitted claim, retried until the council has it,
and one more for each document uploaded after the claim was sent (kind ``evidence``, with
``evidence_id`` naming the file).

A row is written in the same transaction that submits the claim, so a back-office
outage, a crash or a restart loses nothing. On its first attempt the worker builds the
package and PDF summary and keeps them here (sealed, contexts ``b"delivery-package"`` and
``b"delivery-summary"``), so every retry sends the same bytes. ``status`` is ``pending`` (waiting for its
first or next attempt), ``delivered`` or ``failed`` (gave up after the last attempt; staff
can send it again). A worker holds a row while it sends by setting ``leased_until``;
``last_error`` says what went wrong in words that never quote personal data (an HTTP
status or the kind of network failure).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
CLAIM_SUBMISSION = "claim_submission"
EVIDENCE_FOLLOW_UP = "evidence"


def _now() -> datetime:
    return datetime.now(UTC)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        # One submission per claim: submitting twice cannot send the claim twice.
        Index("uq_deliveries_claim_submission", "claim_id", unique=True,
              sqlite_where=text("kind = 'claim_submission'"), postgresql_where=text("kind = 'claim_submission'")),
        # A document uploaded after the claim was sent is sent once, by its own delivery.
        UniqueConstraint("evidence_id", name="uq_deliveries_evidence_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default=CLAIM_SUBMISSION)
    # For kind "evidence": the file this delivery sends.
    evidence_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("evidence.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    leased_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(200))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The package and its PDF are made by the worker on the first attempt (the claim is
    # already frozen, and WeasyPrint takes about a second), then kept: every retry sends them.
    # An evidence delivery keeps its manifest in package_sealed and has no summary.
    schema_version: Mapped[str | None] = mapped_column(String(8))
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    package_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    summary_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
