"""Enrolled kiosk devices: one-time enrolment tokens and the signed device cookie.

An officer enrols a screen from the command line (python -m app.kiosk enrol). That makes a
device row and a one-time token; only the token's SHA-256 is stored. Opening the enrolment
address on the screen and confirming uses the token (once, before it expires) and gives the
browser a long-lived cookie holding the device id and an HMAC of it under SECRET_KEY. Every
request with that cookie is checked against the table, so revoking a device ends kiosk mode
on its next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.kiosk import KioskDevice

COOKIE = "kiosk_device"
# Browsers keep a cookie at most 400 days; a screen is enrolled again after that.
COOKIE_MAX_AGE = 400 * 24 * 3600
ENROLMENT_HOURS = 24
ENROL_PATH = "/kiosk/enrol?token="
START_PATH = "/kiosk"


@dataclass(frozen=True)
class Device:
    """What a request knows about the kiosk it came from."""

    id: str
    location: str


@dataclass(frozen=True)
class Enrolment:
    device: Device
    token: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def enrol(db: Session, location: str, *, hours: int = ENROLMENT_HOURS) -> Enrolment:
    location = " ".join(location.split())
    if not location:
        raise ValueError("the location must not be empty")
    if len(location) > 200:
        raise ValueError("the location must be at most 200 characters")
    token = secrets.token_urlsafe(32)
    row = KioskDevice(
        id=secrets.token_hex(8), location=location, token_hash=_hash(token),
        token_expires_at=_now() + timedelta(hours=hours),
    )
    db.add(row)
    db.commit()
    return Enrolment(Device(row.id, row.location), token, _aware(row.token_expires_at))


def enrolment_url(token: str, public_url: str | None) -> str:
    path = ENROL_PATH + token
    return public_url.rstrip("/") + path if public_url else path


def pending(db: Session, token: str) -> KioskDevice | None:
    """The device a still-usable enrolment token is for, or None."""
    row = db.scalar(select(KioskDevice).where(KioskDevice.token_hash == _hash(token)))
    if row is None or row.enrolled_at is not None or row.revoked_at is not None:
        return None
    if _aware(row.token_expires_at) <= _now():
        return None
    return row


def complete(db: Session, token: str) -> Device | None:
    """Use the token (once): the device it enrols, or None when it is unknown, used or expired."""
    row = pending(db, token)
    if row is None:
        return None
    row.enrolled_at = _now()
    db.commit()
    return Device(row.id, row.location)


def cookie_value(secret_key: str, device_id: str) -> str:
    return f"{device_id}.{_signature(secret_key, device_id)}"


def _signature(secret_key: str, device_id: str) -> str:
    return hmac.new(secret_key.encode(), b"kiosk-device:" + device_id.encode(), hashlib.sha256).hexdigest()


def device_id_from_cookie(secret_key: str, value: str | None) -> str | None:
    if not value or "." not in value:
        return None
    device_id, signature = value.split(".", 1)
    if not hmac.compare_digest(signature, _signature(secret_key, device_id)):
        return None
    return device_id


def active(db: Session, device_id: str) -> Device | None:
    row = db.get(KioskDevice, device_id)
    if row is None or row.enrolled_at is None or row.revoked_at is not None:
        return None
    return Device(row.id, row.location)


def listing(db: Session) -> list[KioskDevice]:
    return list(db.scalars(select(KioskDevice).order_by(KioskDevice.created_at)))


def revoke(db: Session, device_id: str) -> bool:
    row = db.get(KioskDevice, device_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = _now()
        db.commit()
    return True


def status(row: KioskDevice) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.enrolled_at is not None:
        return "enrolled"
    if _aware(row.token_expires_at) <= _now():
        return "expired"
    return "waiting"
