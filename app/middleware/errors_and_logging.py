from __future__ import annotations

import json
import logging
import time
import traceback
from datetime import UTC, datetime

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_response
from app.templating import Templates

request_log = logging.getLogger("portal.request")
error_log = logging.getLogger("portal.error")


class JsonLogFormatter(logging.Formatter):
    """One JSON object a line. Only the fields a record chooses to carry, never request values."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            # Where it failed, never the exception's message: messages (a validation
            # error, say) can quote what the resident typed.
            entry["exception"] = record.exc_info[0].__name__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(entry, default=str)


UNMATCHED = "(no route)"


def route_of(scope: Scope) -> str:
    """The route template the request matched (``/claim/resume/link/{token}``), never the path itself.

    Path parameters can be secrets (a one-time link's token) or personal data, so the log
    keeps the template. A request no route matched, or one a middleware answered before
    routing (a refused CSRF token), is logged as ``(no route)``: its path is unchecked.
    """
    route = scope.get("route")
    template = getattr(route, "path_format", None)
    if template is None:
        return UNMATCHED
    if isinstance(route, Mount):
        return template.rstrip("/") + "/{path}"
    return template


class ErrorsAndLoggingMiddleware:
    """Logs each request (method, route template, status, duration) and turns a crash into the 500 page."""

    def __init__(self, app: ASGIApp, templates: Templates) -> None:
        self.app = app
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception as error:
            # The traceback names code, not values; the request itself is never logged.
            error_log.error(
                "unhandled error", exc_info=error, extra={"fields": {"method": scope["method"], "path": route_of(scope)}}
            )
            if status["sent"]:
                raise
            await error_response(self.templates, scope, 500)(scope, receive, send_and_note)
        finally:
            request_log.info(
                "request",
                extra={
                    "fields": {
                        "method": scope["method"],
                        "path": route_of(scope),
                        "status": status["code"],
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )


def configure_logging(level: str) -> None:
    portal = logging.getLogger("portal")
    if not any(getattr(h, "portal_json", False) for h in portal.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLogFormatter())
        handler.portal_json = True  # type: ignore[attr-defined]
        portal.addHandler(handler)
    portal.setLevel(level)
    portal.propagate = False
    # Uvicorn's access log prints the query string; ours replaces it.
    logging.getLogger("uvicorn.access").disabled = True
