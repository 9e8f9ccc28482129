"""A server-issued browser session, and a CSRF token bound to it, for every page outside the JSON API.

The session cookie holds only a random id (HttpOnly, SameSite=Lax, Secure over https) that
the server issued and keeps in ``browser_sessions`` (app.services.sessions): an id the server
does not know, or that has ended, is never adopted; the browser gets a new one. A browser that
comes back after its session ended through inactivity is sent to the "session ended" page,
with its cookies expired and the site's data cleared.

The token in each form is an HMAC of the session id under SECRET_KEY, so a form posted from
elsewhere, or without its token, is refused with the 403 page.

Every HTML page is sent with ``Cache-Control: no-store``, so that nothing of a person stays in
the browser's cache (or its back/forward cache) after the session ends.
"""

from __future__ import annotations

import hmac
import re
from functools import partial
from typing import Any
from urllib.parse import parse_qs

import anyio.to_thread
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.council import CouncilProfile
from app.errors import error_response
from app.middleware.language import _cookie
from app.services import sessions
from app.services.sessions import SESSION_COOKIE, csrf_token_for
from app.templating import CSRF_FIELD, Templates

__all__ = ["SESSION_COOKIE", "SessionCsrfMiddleware", "csrf_token_for"]

CSRF_HEADER = b"x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# No cookies on the API (it is for other programs), on static files or on health checks.
COOKIELESS_PREFIXES = ("/api/", "/static/", "/healthz", "/readyz")
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")
# Pages that are the same for everyone and hold no form: a first visit to them starts no session
# (no row written, no cookie), so reading the start page or the help pages costs nothing.
SESSION_FREE_PAGES = frozenset({"/", "/help", "/accessibility", "/privacy", "/cookies"})
ENDED_PATH = "/session/ended"


class SessionCsrfMiddleware:
    def __init__(
        self, app: ASGIApp, templates: Templates, secret_key: str,
        sessionmaker: sessionmaker[Session] | None = None, council: CouncilProfile | None = None,
    ) -> None:
        self.app = app
        self.templates = templates
        self.secret_key = secret_key
        self.sessionmaker = sessionmaker
        self.council = council or templates.council

    def _factory(self, scope: Scope) -> sessionmaker[Session]:
        return self.sessionmaker or scope["app"].state.sessionmaker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(COOKIELESS_PREFIXES):
            await self.app(scope, receive, send)
            return

        presented = _cookie(scope, SESSION_COOKIE)
        if presented is not None and not SESSION_ID.match(presented):
            presented = None
        state = scope.setdefault("state", {})
        secure = scope.get("scheme") == "https"
        # Not on a kiosk: there every page has the kiosk bar's "Ask a member of staff" form.
        if (presented is None and scope["method"] in SAFE_METHODS and scope["path"] in SESSION_FREE_PAGES
                and not state.get("kiosk_device")):
            state.update(session_id="", csrf_token="", session_personal=False)
            await self.app(scope, receive, _no_store(send))
            return
        opened = await anyio.to_thread.run_sync(partial(
            self._open, self._factory(scope), presented, scope, scope["path"] == ENDED_PATH
        ))
        if opened.ended_idle and not opened.session_id:
            await _session_ended(scope, send, secure)
            return

        state["session_id"] = opened.session_id
        state["csrf_token"] = csrf_token_for(self.secret_key, opened.session_id)
        state["session_personal"] = opened.personal_data
        end_after, warn_before = sessions.timeouts_for(scope, self.council)
        state["session_expires_in"] = opened.expires_in
        state["session_warn_before"] = min(warn_before, max(opened.expires_in - 1, 0))
        is_new = opened.is_new
        cookie_flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if state.get("session_ended"):
                    for name, value in sessions.ending_headers(secure):
                        headers.append(name.decode(), value.decode())
                elif is_new or state.get("session_cookie_pending"):
                    headers.append("set-cookie", f"{SESSION_COOKIE}={state['session_id']}{cookie_flags}")
                if headers.get("content-type", "").startswith("text/html"):
                    headers["cache-control"] = "no-store"
            await send(message)

        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send_with_session)
            return

        body = await _read_body(receive)
        replay = _replayer(body, receive)
        presented_token = None if is_new else await _presented_token(scope, body)
        if presented_token is None or not hmac.compare_digest(presented_token, state["csrf_token"]):
            await error_response(self.templates, scope, 403)(scope, replay, send_with_session)
            return
        await self.app(scope, replay, send_with_session)

    def _open(self, factory: sessionmaker[Session], presented: str | None, scope: Any, on_ended_page: bool) -> sessions.Opened:
        with factory() as db:
            return sessions.open_session(db, presented, scope=scope, council=self.council, issue_after_idle=on_ended_page)


def _no_store(send: Send) -> Send:
    async def send_no_store(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            if headers.get("content-type", "").startswith("text/html"):
                headers["cache-control"] = "no-store"
        await send(message)

    return send_no_store


async def _session_ended(scope: Scope, send: Send, secure: bool) -> None:
    """The browser's session ended while it was away: forget it, and say so on the "session ended" page."""
    target = scope.get("state", {}).get("after_session_end_url") or ENDED_PATH
    headers = [(b"location", target.encode()), (b"content-length", b"0"), *sessions.ending_headers(secure)]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


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
