from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_response
from app.templating import Templates


class BodyTooLarge(HTTPException):
    """An HTTPException, so that code reading the body lets it through to the 413 page."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyLimitMiddleware:
    """Refuses a request body over the limit: at once when Content-Length says so, else as it streams in.

    ``larger_limits`` gives particular paths (exact match) their own limit, such as the
    evidence upload, which takes files far bigger than any ordinary form.
    """

    def __init__(self, app: ASGIApp, templates: Templates, max_bytes: int, larger_limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.templates = templates
        self.max_bytes = max_bytes
        self.larger_limits = dict(larger_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger_limits.get(scope["path"], self.max_bytes)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await self._refuse(scope, receive, send)
                    return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def noting_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            if response_started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(self.templates, scope, 413)
        response.headers["connection"] = "close"
        await response(scope, receive, send)
