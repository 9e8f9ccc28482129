"""The back-office outbox: one delivery per submitted claim, retried until the council has it.

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

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
CLAIM_SUBMISSION = "claim_submission"


def _now() -> datetime:
    return datetime.now(UTC)


class Delivery(Base):
    __tablename__ = "deliveries"
    # One delivery of each kind per claim: submitting twice cannot send the claim twice.
    __table_args__ = (UniqueConstraint("claim_id", "kind", name="uq_deliveries_claim_id_kind"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default=CLAIM_SUBMISSION)
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
    schema_version: Mapped[str | None] = mapped_column(String(8))
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    package_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    summary_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
