"""'Ask a member of staff': requests made on a kiosk, and where staff are with them.

A request keeps the kiosk, its location, the page's address pattern (e.g. /claim/page/{address:path}
becomes the pattern with the page's own address, never a token) and title, never an answer.
The number to quote counts up from 1 each day, so it stays short.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models.kiosk import KioskHelpRequest
from app.services.kiosk.devices import Device

STATUSES = ("waiting", "on_my_way", "done")
MAX_TEXT = 200


def _today() -> date:
    return datetime.now(UTC).date()


def request_help(db: Session, device: Device, page: str, page_title: str) -> KioskHelpRequest:
    day = _today()
    for _attempt in range(5):
        number = (db.scalar(select(func.max(KioskHelpRequest.number)).where(KioskHelpRequest.day == day)) or 0) + 1
        row = KioskHelpRequest(
            device_id=device.id, location=device.location, page=page[:MAX_TEXT],
            page_title=page_title[:MAX_TEXT], day=day, number=number, status="waiting",
        )
        db.add(row)
        try:
            db.commit()
            return row
        except IntegrityError:  # another kiosk took the number at the same moment
            db.rollback()
    raise RuntimeError("could not number the help request")


def number_text(row: KioskHelpRequest) -> str:
    return f"{row.number:03d}"


def for_device(db: Session, device: Device, request_id: uuid.UUID) -> KioskHelpRequest | None:
    row = db.get(KioskHelpRequest, request_id)
    return row if row is not None and row.device_id == device.id else None


def recent(db: Session, limit: int = 200) -> list[KioskHelpRequest]:
    return list(db.scalars(select(KioskHelpRequest).order_by(KioskHelpRequest.created_at.desc()).limit(limit)))


def set_status(db: Session, request_id: uuid.UUID, status: str) -> bool:
    if status not in STATUSES:
        raise ValueError(status)
    row = db.get(KioskHelpRequest, request_id)
    if row is None:
        return False
    row.status = status
    db.commit()
    return True


def staff_view(row: KioskHelpRequest) -> dict[str, str]:
    from app.i18n import gettext as _

    statuses = {"waiting": (_("Waiting"), "red"), "on_my_way": (_("Someone on their way"), "yellow"),
                "done": (_("Done"), "green")}
    text, colour = statuses.get(row.status, (row.status, "grey"))
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return {
        "id": str(row.id), "number": number_text(row), "location": row.location, "page": row.page,
        "page_title": row.page_title, "status": row.status, "status_text": text, "colour": colour,
        "when": created.strftime("%d %b %Y %H:%M UTC"),
    }
