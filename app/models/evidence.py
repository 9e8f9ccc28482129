"""Evidence: a file uploaded against one item of a claim's personalised evidence list.

The file itself is sealed on disk (``app.services.evidence.storage``); this row says where
(``storage_key``, random) and what it is. The name the file had on the person's device is
personal data ("Jane Smith payslip.pdf"), so it is kept only sealed (context
``b"evidence-filename"``), for showing back to that person; staff see the item and type.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.audit import ActorKind
from app.models.base import Base

CLEAN = "clean"
NOT_SCANNED = "not_scanned"


def _now() -> datetime:
    return datetime.now(UTC)


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    claim_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    # Which item of the evidence list: "<evidence id>@<page address>", e.g. "payslips@jobs/2/pay".
    item_key: Mapped[str] = mapped_column(String(200))
    filename_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    scan_result: Mapped[str] = mapped_column(String(16))
    # Readability warnings given when it was uploaded, comma-separated: "too_small", "blurred".
    notices: Mapped[str] = mapped_column(String(64), default="")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    uploaded_by_kind: Mapped[ActorKind] = mapped_column(
        Enum(ActorKind, name="actor_kind", native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    uploaded_by_ref: Mapped[str | None] = mapped_column(String(64))
