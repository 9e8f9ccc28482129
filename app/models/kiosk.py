"""Council reception kiosks: enrolled devices and the "ask a member of staff" requests made on them.

Tables
- ``kiosk_devices``: one row per enrolled screen. ``id`` is random text (it goes in the signed
  device cookie); ``location`` is where the screen stands. Only a SHA-256 of the one-time
  enrolment token is kept, with when it stops working and when it was used.
- ``kiosk_help_requests``: someone at a kiosk asked for a member of staff. The kiosk, its
  location, the page's address pattern and title, a short number to quote (unique per day)
  and where staff are with it. Never the person's answers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


class KioskDevice(Base):
    __tablename__ = "kiosk_devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    location: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class KioskHelpRequest(Base):
    __tablename__ = "kiosk_help_requests"
    __table_args__ = (UniqueConstraint("day", "number", name="uq_kiosk_help_requests_day_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    device_id: Mapped[str] = mapped_column(ForeignKey("kiosk_devices.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(String(200))
    page: Mapped[str] = mapped_column(String(200))
    page_title: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
