"""HMAC-SHA256 signatures on deliveries, and how a receiver checks one.

The portal sends ``X-Portal-Signature: sha256=<hex>``, the HMAC-SHA256 of the exact
request body under BACK_OFFICE_WEBHOOK_SECRET. A receiver recomputes it over the bytes it
received, before parsing them, and compares in constant time:

    if not verify(body, request.headers["X-Portal-Signature"], secret):
        return 401
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Portal-Signature"
SCHEME = "sha256="


def signature(body: bytes, secret: str) -> str:
    return SCHEME + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, presented: str | None, secret: str) -> bool:
    if not presented or not presented.startswith(SCHEME):
        return False
    return hmac.compare_digest(presented, signature(body, secret))
