"""Sending email and text messages: GOV.UK Notify, or a local outbox.

    notifier = notifier_for(settings, sealer_for(settings))
    notifier.send(session, channel="email", template="resume-link", to="a@example.com",
                  personalisation={"link": "...", "reference": "HB-..."})

Every message is recorded in the ``notifications`` table with its address and
personalisation sealed. With no NOTIFY_API_KEY (the embedded default) that record is
the outbox: tests read it, and in development /claim/dev/notifications shows it. With a
key, the message is also posted to GOV.UK Notify's v2 API
(``/v2/notifications/email`` or ``/sms``) with a JSON Web Token (HS256, ``iss`` the
service id, ``iat`` now) made from the key, and the record keeps Notify's id or that the
send failed.

Template ids come from settings (NOTIFY_TEMPLATE_<NAME>_<EMAIL|SMS>). Addresses and
message contents are never logged: log lines name the template, channel and outcome.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.notification import Notification
from app.services.crypto import Sealer
from app.settings import Settings

log = logging.getLogger(__name__)

CONTEXT = b"notification"
CHANNELS = ("email", "sms")
TEMPLATES = ("resume-link", "draft-reminder", "check-result-link")
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_API_KEY = re.compile(rf"^.+-(?P<service>{_UUID})-(?P<secret>{_UUID})$")


class NotifyConfigError(ValueError):
    """The Notify key or a template id is missing or not in the expected form."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parse_api_key(api_key: str) -> tuple[str, str]:
    """(service id, secret) from a key written ``{key name}-{service id}-{secret}``."""
    match = _API_KEY.match(api_key.strip())
    if not match:
        raise NotifyConfigError("NOTIFY_API_KEY should be the key name, service id and secret joined by hyphens")
    return match["service"], match["secret"]


def notify_token(api_key: str, *, issued_at: int | None = None) -> str:
    """The bearer token for one request: a JWT signed HS256 with the key's secret."""
    service_id, secret = parse_api_key(api_key)
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = {"iss": service_id, "iat": int(time.time()) if issued_at is None else issued_at}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = _b64(hmac.new(secret.encode(), signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


@dataclass(frozen=True)
class OutboxMessage:
    id: str
    created_at: datetime
    channel: str
    template: str
    to: str
    personalisation: dict[str, Any]
    backend: str
    status: str


class Notifier:
    def __init__(self, settings: Settings, sealer: Sealer, *, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.sealer = sealer
        self.client = client

    @property
    def backend(self) -> str:
        return "notify" if self.settings.notify_api_key else "outbox"

    def template_id(self, template: str, channel: str) -> str | None:
        return getattr(self.settings, f"notify_template_{template.replace('-', '_')}_{channel}", None)

    def send(
        self, session: Session, *, channel: str, template: str, to: str, personalisation: dict[str, str], reference: str | None = None
    ) -> Notification:
        if channel not in CHANNELS or template not in TEMPLATES:
            raise ValueError(f"unknown channel or template: {channel} {template}")
        record = Notification(
            channel=channel,
            template=template,
            recipient_sealed=self.sealer.seal_json(to, context=CONTEXT),
            personalisation_sealed=self.sealer.seal_json(personalisation, context=CONTEXT),
            backend=self.backend,
            status="kept",
            created_at=datetime.now(UTC),
        )
        if self.backend == "notify":
            record.status, record.provider_id = self._post(channel, template, to, personalisation, reference)
            if record.status == "sent":
                record.sent_at = datetime.now(UTC)
        session.add(record)
        session.flush()
        log.info("message %s by %s: %s", template, channel, record.status)
        return record

    def _post(self, channel: str, template: str, to: str, personalisation: dict[str, str], reference: str | None) -> tuple[str, str | None]:
        template_id = self.template_id(template, channel)
        if not template_id:
            log.error("no GOV.UK Notify template id set for %s by %s", template, channel)
            return "failed", None
        body: dict[str, Any] = {"template_id": template_id, "personalisation": personalisation}
        body["email_address" if channel == "email" else "phone_number"] = to
        if reference:
            body["reference"] = reference
        url = self.settings.notify_base_url.rstrip("/") + f"/v2/notifications/{channel}"
        headers = {"Authorization": f"Bearer {notify_token(self.settings.notify_api_key or '')}", "User-Agent": "council-benefits-portal"}
        try:
            client = self.client or httpx.Client(timeout=10)
            try:
                response = client.post(url, json=body, headers=headers)
            finally:
                if self.client is None:
                    client.close()
        except httpx.HTTPError as exc:
            log.error("GOV.UK Notify could not be reached (%s)", type(exc).__name__)
            return "failed", None
        if response.status_code != 201:
            log.error("GOV.UK Notify refused a message: HTTP %s", response.status_code)
            return "failed", None
        try:
            provider_id = str(response.json().get("id") or "")[:64] or None
        except ValueError:
            provider_id = None
        return "sent", provider_id


def notifier_for(settings: Settings, sealer: Sealer) -> Notifier:
    return Notifier(settings, sealer)


def outbox(session: Session, sealer: Sealer, *, limit: int = 50) -> list[OutboxMessage]:
    """The latest messages, opened (for tests and the development page only)."""
    rows = session.scalars(select(Notification).order_by(Notification.created_at.desc()).limit(limit)).all()
    return [
        OutboxMessage(
            str(row.id), row.created_at, row.channel, row.template,
            sealer.open_json(row.recipient_sealed, context=CONTEXT),
            sealer.open_json(row.personalisation_sealed, context=CONTEXT),
            row.backend, row.status,
        )
        for row in rows
    ]
