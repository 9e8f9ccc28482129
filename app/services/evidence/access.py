"""Coming back to add evidence, after the claim is sent: the claim reference and the secret
word or phrase the person chose, with the same guessing protection as resuming a draft
(attempts per address, and a lock on the reference after too many wrong secrets).

A date of birth is never enough: it is easy to find out about someone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.models.claim import Claim
from app.services import claim_journey, claims
from app.services.rate_limit import Blocked, ResumeGuard
from app.settings import Settings


def sign_in(
    session: Session, settings: Settings, *, typed_reference: str, secret: str, client_ip: str, now: datetime
) -> Claim | Blocked | None:
    """The claim when reference and secret match; Blocked when guessing is refused; else None.

    Flushes the attempt counters; the caller commits whatever the outcome.
    """
    guard = ResumeGuard(settings, session)
    blocked = guard.attempt_from(client_ip, now)
    if blocked is not None:
        return blocked
    reference = claims.normalise_reference(typed_reference)
    claim = claims.get_claim(session, reference)
    blocked = guard.locked(reference, claim, now)
    if blocked is not None:
        return blocked
    if claim is not None and claim_journey.secret_matches(claim, secret):
        guard.succeeded(claim)
        claims.record_event(session, claim, "evidence-sign-in", actor=claim_journey.CLAIMANT, at=now)
        return claim
    blocked = guard.failed(reference, claim, now)
    if claim is not None:
        claims.record_event(session, claim, "evidence-sign-in-failed", actor=claim_journey.CLAIMANT, at=now)
    return blocked
