"""HMAC-SHA256 signatures on deliveries, with a timestamp and the delivery id, and how a receiver checks one.

The portal sends ``X-Portal-Signature: t=<unix seconds>,v1=<hex>``, where the hex is the
HMAC-SHA256 under BACK_OFFICE_WEBHOOK_SECRET of ``"<t>.<delivery id>."`` followed by the
exact request body, and ``X-Portal-Delivery-Id: <delivery id>``. Signing the time and the
id as well as the body means a captured request cannot be replayed later (the receiver
refuses an old ``t``) nor passed off as another delivery (the id is the receiver's key for
remembering what it already has). A receiver recomputes it over the bytes it received,
before parsing them, and compares in constant time:

    if not verify(body, request.headers["X-Portal-Signature"], secret,
                  delivery_id=request.headers["X-Portal-Delivery-Id"]):
        return 401
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Portal-Signature"
DELIVERY_ID_HEADER = "X-Portal-Delivery-Id"
VERSION = "v1"
# How old (or how far in the future, for clock drift) a signed time may be.
TOLERANCE_SECONDS = 300


def _mac(body: bytes, secret: str, delivery_id: str, timestamp: int) -> str:
    signed = f"{timestamp}.{delivery_id}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature(body: bytes, secret: str, *, delivery_id: str, timestamp: int | None = None) -> str:
    """The header value for a body sent now (or at ``timestamp``, unix seconds) as delivery ``delivery_id``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},{VERSION}={_mac(body, secret, str(delivery_id), timestamp)}"


def parse(presented: str) -> tuple[int, list[str]] | None:
    """The signed time and every ``v1`` value of a header, or None when it is not one of ours."""
    timestamp: int | None = None
    macs: list[str] = []
    for item in presented.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == VERSION and value:
            macs.append(value)
    return (timestamp, macs) if timestamp is not None and macs else None


def verify(body: bytes, presented: str | None, secret: str, *, delivery_id: str | None,
           now: float | None = None, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Whether the header signs this body as this delivery, at a time within ``tolerance`` seconds of now."""
    if not presented or not delivery_id:
        return False
    parsed = parse(presented)
    if parsed is None:
        return False
    timestamp, macs = parsed
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = _mac(body, secret, str(delivery_id), timestamp)
    return any(hmac.compare_digest(mac, expected) for mac in macs)
