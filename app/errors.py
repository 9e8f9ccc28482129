"""Error pages in the portal's own style, each with a way forward."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from app.i18n import gettext as _
from app.templating import Templates

TEMPLATES = {
    403: "errors/csrf.html",
    404: "errors/not_found.html",
    405: "errors/not_found.html",
    413: "errors/too_large.html",
    500: "errors/server_error.html",
}


def is_api(scope: Scope) -> bool:
    return scope["path"].startswith("/api/") or scope["path"] == "/api"


def error_response(templates: Templates, scope: Scope, status_code: int) -> Response:
    if is_api(scope):
        messages = {
            403: _("Forbidden"),
            404: _("Not found"),
            405: _("Method not allowed"),
            413: _("The request is too large"),
            500: _("Internal server error"),
        }
        return JSONResponse({"detail": messages.get(status_code, "Error")}, status_code=status_code)
    template = TEMPLATES.get(status_code, "errors/server_error.html")
    headers = {"cache-control": "no-store"}
    return templates.render(Request(scope), template, status_code=status_code, headers=headers)
