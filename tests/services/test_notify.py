"""Messages: the local outbox keeps them sealed; the GOV.UK Notify client posts to a real
HTTP server started here, with a correctly signed token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from app.models.notification import Notification
from app.services.notify import NotifyConfigError, Notifier, notify_token, outbox, parse_api_key
from app.settings import Settings

SERVICE = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"portal-test-key-{SERVICE}-{SECRET}"


@pytest.fixture
def sealer(settings):
    # The portal's own key: the outbox is shared with the page tests.
    from app.services.claims import sealer_for

    return sealer_for(settings)


class Receiver:
    """A tiny Notify stand-in: records each request and answers 201 (or a chosen status)."""

    def __init__(self, status: int = 201) -> None:
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
                reply = json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_the_api_key_splits_into_service_id_and_secret():
    assert parse_api_key(API_KEY) == (SERVICE, SECRET)
    with pytest.raises(NotifyConfigError):
        parse_api_key("not-a-key")


def test_the_token_is_an_hs256_jwt_signed_with_the_keys_secret():
    token = notify_token(API_KEY, issued_at=1_700_000_000)
    header, payload, signature = token.split(".")
    assert json.loads(_b64decode(header)) == {"typ": "JWT", "alg": "HS256"}
    assert json.loads(_b64decode(payload)) == {"iss": SERVICE, "iat": 1_700_000_000}
    expected = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert _b64decode(signature) == expected


def test_without_a_key_messages_stay_in_the_outbox_sealed(session, sealer):
    notifier = Notifier(Settings(notify_api_key=None), sealer)
    record = notifier.send(session, channel="email", template="resume-link", to="ann@example.com",
                           personalisation={"link": "https://portal.example/claim/resume/link/abc", "reference": "HB-X"})
    assert record.backend == "outbox" and record.status == "kept"
    assert b"ann@example.com" not in record.recipient_sealed and b"resume/link" not in record.personalisation_sealed
    latest = outbox(session, sealer)[0]
    assert latest.to == "ann@example.com" and latest.personalisation["reference"] == "HB-X"


def test_notify_receives_the_message_with_a_valid_token(session, sealer, caplog):
    with Receiver() as receiver:
        settings = Settings(notify_api_key=API_KEY, notify_base_url=receiver.url, notify_template_resume_link_sms="tmpl-sms-1")
        caplog.set_level(logging.INFO)
        before = int(time.time())
        record = Notifier(settings, sealer).send(
            session, channel="sms", template="resume-link", to="07700900982", personalisation={"link": "https://x/l/1", "reference": "HB-Y"},
            reference="HB-Y",
        )
    assert record.status == "sent" and record.backend == "notify" and record.provider_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    (request,) = receiver.requests
    assert request["path"] == "/v2/notifications/sms"
    assert request["body"] == {"template_id": "tmpl-sms-1", "phone_number": "07700900982",
                               "personalisation": {"link": "https://x/l/1", "reference": "HB-Y"}, "reference": "HB-Y"}
    scheme, token = request["headers"]["Authorization"].split(" ")
    assert scheme == "Bearer"
    header, payload, signature = token.split(".")
    claims = json.loads(_b64decode(payload))
    assert claims["iss"] == SERVICE and before <= claims["iat"] <= int(time.time())
    assert _b64decode(signature) == hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    # neither the number nor the link is ever logged
    assert "07700900982" not in caplog.text and "https://x/l/1" not in caplog.text


def test_a_refused_or_unreachable_notify_is_recorded_as_failed(session, sealer):
    with Receiver(status=400) as receiver:
        settings = Settings(notify_api_key=API_KEY, notify_base_url=receiver.url, notify_template_resume_link_email="t")
        record = Notifier(settings, sealer).send(session, channel="email", template="resume-link", to="a@example.com", personalisation={})
    assert record.status == "failed" and record.provider_id is None
    settings = Settings(notify_api_key=API_KEY, notify_base_url="http://127.0.0.1:9", notify_template_resume_link_email="t")
    assert Notifier(settings, sealer).send(session, channel="email", template="resume-link", to="a@example.com", personalisation={}).status == "failed"
    missing = Settings(notify_api_key=API_KEY, notify_base_url="http://127.0.0.1:9")
    assert Notifier(missing, sealer).send(session, channel="email", template="draft-reminder", to="a@example.com", personalisation={}).status == "failed"
    assert session.scalars(select(Notification).where(Notification.status == "failed")).all()
