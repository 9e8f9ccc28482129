"""Interim staff access to the delivery list, until staff sign in through the council's
identity provider (authlib, OpenID Connect).

One shared access code, STAFF_TOKEN. Without it the staff pages do not exist (404). With it,
a request is let in when it carries

- ``Authorization: Bearer <STAFF_TOKEN>`` (for a script or a monitoring check), or
- ``Authorization: Basic`` with any user name and STAFF_TOKEN as the password, or
- the ``staff`` cookie that signing in at /staff/sign-in sets: an HMAC under SECRET_KEY of the
  browser's session id, an expiry and a hash of the token, so it works only in that browser,
  for 8 hours, and stops working when the token changes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.i18n import gettext as _
from app.models.delivery import DELIVERED, EVIDENCE_FOLLOW_UP, FAILED, PENDING
from app.services.submission.delivery import DeliveryRow

COOKIE = "staff"
COOKIE_PATH = "/staff"
LIFETIME_SECONDS = 8 * 3600
UK = ZoneInfo("Europe/London")


def _mac(secret_key: str, token: str, session_id: str, expires: int) -> str:
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    message = f"staff:{session_id}:{expires}:{token_hash}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def cookie_value(secret_key: str, token: str, session_id: str, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + LIFETIME_SECONDS)
    return f"{expires}.{_mac(secret_key, token, session_id, expires)}"


def cookie_valid(value: str | None, secret_key: str, token: str, session_id: str | None, now: float | None = None) -> bool:
    if not value or not session_id or "." not in value:
        return False
    expires_text, mac = value.split(".", 1)
    if not expires_text.isdigit() or int(expires_text) < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(mac, _mac(secret_key, token, session_id, int(expires_text)))


def token_matches(presented: str | None, token: str) -> bool:
    return presented is not None and hmac.compare_digest(presented.encode(), token.encode())


def header_credential(authorization: str | None) -> str | None:
    """The access code in an Authorization header (Bearer, or Basic's password); None if absent or malformed."""
    if not authorization:
        return None
    scheme, _sep, value = authorization.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip() or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


# ------------------------------------------------------------------ the list, for the page


@dataclass(frozen=True)
class StatusView:
    text: str
    colour: str  # a govuk-tag modifier


@dataclass(frozen=True)
class DeliveryView:
    id: str
    reference: str
    submitted: str
    status: StatusView
    attempts: int
    last_attempt: str
    next_attempt: str
    problem: str
    can_send_again: bool
    documents_later: bool = False
    """A document the claimant added after sending the claim, rather than the claim itself."""


def when(moment: datetime | None) -> str:
    """UK time, as GOV.UK writes it: 29 November 2026, 3:04pm."""
    if moment is None:
        return ""
    local = moment.astimezone(UK)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def status_of(row: DeliveryRow) -> StatusView:
    if row.status == DELIVERED:
        return StatusView(_("Delivered"), "green")
    if row.status == FAILED:
        return StatusView(_("Failed"), "red")
    if row.status == PENDING and row.attempts:
        return StatusView(_("Retrying"), "yellow")
    return StatusView(_("Waiting to send"), "blue")


def view(row: DeliveryRow) -> DeliveryView:
    return DeliveryView(
        id=str(row.id),
        reference=row.reference,
        submitted=when(row.submitted_at),
        status=status_of(row),
        attempts=row.attempts,
        last_attempt=when(row.last_attempt_at),
        next_attempt=when(row.next_attempt_at),
        problem=row.last_error or "",
        can_send_again=row.status == FAILED,
        documents_later=row.kind == EVIDENCE_FOLLOW_UP,
    )


def counts(rows: list[DeliveryRow]) -> dict[str, int]:
    found = {PENDING: 0, DELIVERED: 0, FAILED: 0}
    for row in rows:
        found[row.status] = found.get(row.status, 0) + 1
    return found
