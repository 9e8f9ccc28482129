"""A browser session id, and a CSRF token bound to it, for every page outside the JSON API.

The session cookie holds only a random id (HttpOnly, SameSite=Lax, Secure over
https). The token in each form is an HMAC of that id under SECRET_KEY, so a
form posted from elsewhere, or without its token, is refused with the 403 page.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_response
from app.middleware.language import _cookie
from app.templating import CSRF_FIELD, Templates

SESSION_COOKIE = "session"
CSRF_HEADER = b"x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# No cookies on the API (it is for other programs), on static files or on health checks.
COOKIELESS_PREFIXES = ("/api/", "/static/", "/healthz", "/readyz")
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")


def csrf_token_for(secret_key: str, session_id: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()


class SessionCsrfMiddleware:
    def __init__(self, app: ASGIApp, templates: Templates, secret_key: str) -> None:
        self.app = app
        self.templates = templates
        self.secret_key = secret_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(COOKIELESS_PREFIXES):
            await self.app(scope, receive, send)
            return

        session_id = _cookie(scope, SESSION_COOKIE)
        is_new = session_id is None or not SESSION_ID.match(session_id)
        if is_new:
            session_id = secrets.token_urlsafe(32)
        expected = csrf_token_for(self.secret_key, session_id)
        state = scope.setdefault("state", {})
        state["session_id"] = session_id
        state["csrf_token"] = expected
        secure = "; Secure" if scope.get("scheme") == "https" else ""

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start" and is_new:
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax{secure}"
                )
            await send(message)

        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send_with_session)
            return

        body = await _read_body(receive)
        replay = _replayer(body, receive)
        presented = None if is_new else await _presented_token(scope, body)
        if presented is None or not hmac.compare_digest(presented, expected):
            await error_response(self.templates, scope, 403)(scope, replay, send_with_session)
            return
        await self.app(scope, replay, send_with_session)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replayer(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _presented_token(scope: Scope, body: bytes) -> str | None:
    for name, value in scope["headers"]:
        if name == CSRF_HEADER:
            return value.decode("latin-1")
    content_type = next((v.decode("latin-1") for n, v in scope["headers"] if n == b"content-type"), "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD)
        return values[0] if values else None
    if content_type.startswith("multipart/form-data"):
        form = await Request(scope, _replayer(body, _no_more)).form()
        try:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
        finally:
            await form.close()
    return None


async def _no_more() -> Message:
    return {"type": "http.disconnect"}
