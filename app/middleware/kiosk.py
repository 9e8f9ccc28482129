"""Kiosk mode: which enrolled screen a request comes from, and pages fit for a shared screen.

Placed outside the session middleware, so that what comes after it can see
``scope["state"]["kiosk_device"]`` (the enrolled device, with ``.id`` and ``.location``, when the
request carries a valid device cookie for a device that is enrolled and not revoked; otherwise
None) and ``scope["state"]["after_session_end_url"]`` (the kiosk start screen).

On a kiosk it also
- turns every link to another site in an HTML page into a QR code, and turns autofill off on
  every form and field (app.services.kiosk.links);
- records, with no personal data, that a check or a claim was started on this kiosk;
- keeps the kiosk enrolled when a session ends: the session's Clear-Site-Data would clear every
  cookie, the device cookie too, so on a kiosk it clears the cache and storage only, and the
  session's own cookies are expired one by one (by the session middleware) with the language choice.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n
from app.i18n import gettext as _
from app.middleware.language import _cookie
from app.services.kiosk import devices, links
from app.services.kiosk import events

COOKIELESS_PREFIXES = ("/api/", "/static/", "/healthz", "/readyz")


class KioskMiddleware:
    def __init__(self, app: ASGIApp, secret_key: str, public_url: str | None = None) -> None:
        self.app = app
        self.secret_key = secret_key
        self.public_url = public_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(COOKIELESS_PREFIXES):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        device = await self._device(scope)
        if device is None:
            state.setdefault("kiosk_device", None)  # left as it is (tests may stand in for a kiosk)
            await self.app(scope, receive, send)
            return
        state["kiosk_device"] = device
        state["after_session_end_url"] = devices.START_PATH
        started = events.started_by(scope)
        own_hosts = links.hosts_for(_host(scope), self.public_url)
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_for_kiosk(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                _keep_device_cookie(message, secure=scope.get("scheme") == "https")
                if started and 300 <= message["status"] < 400:
                    await run_in_threadpool(events.record, scope["app"], device, started)
                if not _is_html(message):
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(chunks).decode("utf-8")
            page = links.rewrite(page, own_hosts, _describe, drop=[_("(opens in new tab)")],
                                 hint=_("Scan the code with your phone camera"))
            body = links.no_autofill(page).encode("utf-8")
            headers = MutableHeaders(scope=start)
            if "content-length" in headers:
                headers["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, send_for_kiosk)

    async def _device(self, scope: Scope) -> devices.Device | None:
        device_id = devices.device_id_from_cookie(self.secret_key, _cookie(scope, devices.COOKIE))
        if device_id is None:
            return None
        return await run_in_threadpool(_look_up, scope["app"], device_id)


def _look_up(app, device_id: str) -> devices.Device | None:  # noqa: ANN001
    with app.state.sessionmaker() as db:
        return devices.active(db, device_id)


KIOSK_CLEAR_SITE_DATA = b'"cache", "storage"'


def _keep_device_cookie(message: Message, *, secure: bool) -> None:
    headers = message.get("headers", [])
    if not any(name.lower() == b"clear-site-data" for name, _value in headers):
        return
    flags = "; SameSite=Lax" + ("; Secure" if secure else "")
    message["headers"] = [
        *((name, KIOSK_CLEAR_SITE_DATA if name.lower() == b"clear-site-data" else value) for name, value in headers),
        (b"set-cookie", f"{i18n.LANGUAGE_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/{flags}".encode()),
    ]


def _describe(text: str) -> str:
    return _("QR code for “%(text)s”: scan it with your phone camera to open it on your phone") % {"text": text}


def _host(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1")
    return None


def _is_html(message: Message) -> bool:
    for name, value in message.get("headers", []):
        if name.lower() == b"content-type":
            return value.startswith(b"text/html")
    return False
