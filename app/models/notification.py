"""The notifications outbox: messages the portal sends by email or text message.

With the embedded default (no GOV.UK Notify key) a message stays here as the only
record, visible to tests and, in development, at /dev/notifications. With Notify it
is recorded here too, with the provider's id and whether the send worked. The
address and the message's personalisation are personal data: they are sealed
(context b"notification") and never logged.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC), index=True)
    channel: Mapped[str] = mapped_column(String(8))  # "email" | "sms"
    template: Mapped[str] = mapped_column(String(64))  # the portal's name for it, e.g. "resume-link"
    recipient_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    personalisation_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    backend: Mapped[str] = mapped_column(String(16))  # "outbox" | "notify"
    status: Mapped[str] = mapped_column(String(16))  # "kept" | "sent" | "failed"
    provider_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
