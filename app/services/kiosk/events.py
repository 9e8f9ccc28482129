"""Which checks and claims were started on a kiosk, and where: an audit event, no personal data.

The event's subject is the kiosk (``kiosk:<device id>``, whose row gives its location) and its
action says what was started. Recorded when the start request succeeds (it redirects).
"""

from __future__ import annotations

from starlette.types import Scope

from app.models.audit import ActorKind, AuditEvent
from app.services.kiosk.devices import Device

STARTS = {"/check/begin": "check_started_on_kiosk", "/claim/start": "claim_started_on_kiosk"}


def started_by(scope: Scope) -> str | None:
    """The action a request starts, if it is a start of a check or a claim."""
    if scope.get("method") != "POST":
        return None
    return STARTS.get(scope["path"].rstrip("/"))


def record(app, device: Device, action: str) -> None:  # noqa: ANN001
    with app.state.sessionmaker() as db:
        db.add(AuditEvent(actor_kind=ActorKind.CLAIMANT, actor_ref=f"kiosk:{device.id}", action=action,
                          subject_ref=f"kiosk:{device.id}"))
        db.commit()
