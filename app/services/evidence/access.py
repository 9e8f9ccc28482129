"""Coming back to add evidence, after the claim is sent: the claim reference and the secret
word or phrase the person chose, with the same guessing protection as resuming a draft
(attempts per address, and a lock on the reference after too many wrong secrets).

A date of birth is never enough: it is easy to find out about someone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.models.claim import Claim
from app.services import claim_journey
from app.services.rate_limit import Blocked
from app.settings import Settings


def sign_in(
    session: Session, settings: Settings, *, typed_reference: str, secret: str, client: str, now: datetime
) -> Claim | Blocked | None:
    """The claim when reference and secret match; Blocked when guessing is refused; else None.

    ``client`` is ``rate_limit.client_key(request)``. Commits (see ``claim_journey.sign_in_with_secret``).
    """
    return claim_journey.sign_in_with_secret(
        session, settings, typed_reference=typed_reference, secret=secret, client=client, now=now,
        drafts_only=False, events=("evidence-sign-in", "evidence-sign-in-failed"),
    )
