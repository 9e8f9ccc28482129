"""Browser sessions, issued and ended by the server.

Table ``browser_sessions``: one row per live browser session. ``id_hash`` is a SHA-256
of the id in the browser's cookie (the id itself is never stored), the same key that
``check_sessions`` uses for the answers that session is working on. ``kind`` is
``personal`` (someone's own phone or computer) or ``kiosk`` (a shared device in a council
office, ``kiosk_device_id`` naming it). A row whose ``last_seen_at`` is older than the
session's idle timeout is an ended session: it is never used again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


class BrowserSession(Base):
    __tablename__ = "browser_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="personal")
    kiosk_device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
