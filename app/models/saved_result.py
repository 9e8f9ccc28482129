""""Check what you can get": the answers a browser is working on, and results kept under a reference.

Tables
- ``check_sessions``: one row per browser working through the check. ``session_key`` is
  a SHA-256 of the browser's session id (the cookie's value is never stored). ``state``
  holds the answers (and any "what if" or job offer in progress), sealed with the
  portal's Sealer (context ``b"check-state"``).
- ``saved_results``: a result someone chose to keep. ``reference`` is what they write
  down or type on another device: random, from an alphabet without look-alikes, never
  derived from the row id. ``state`` is sealed with context ``b"saved-result"``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


class CheckSession(Base):
    __tablename__ = "check_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    session_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now, index=True)


class SavedResult(Base):
    __tablename__ = "saved_results"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
