"""Jinja templates with GOV.UK Frontend macros, gettext, and the council profile."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from app import i18n
from app.council import CouncilProfile
from app.middleware.language import same_site_path
from app.services import journeys
from app.services.kiosk import qr
from app.settings import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "templates"
CSRF_FIELD = "csrf_token"
# Whether the page being rendered is for a shared kiosk; read by autofill() (macros imported
# without the page's context still see it).
_ON_KIOSK: ContextVar[bool] = ContextVar("on_kiosk", default=False)


def autofill(kind: str | None) -> str | None:
    """The autocomplete value for a personal field: the browser may fill it in on someone's own
    device, never on a shared kiosk (there it is "off")."""
    return "off" if kind and _ON_KIOSK.get() else kind


def make_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(templates_dir),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["qr_data_uri"] = qr.data_uri  # kiosk: "carry on on your phone"
    env.globals["autofill"] = autofill
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext, npgettext=i18n.npgettext
    )
    return env


class Templates:
    def __init__(self, council: CouncilProfile, env: Environment | None = None) -> None:
        self.council = council
        self.env = env or make_environment()
        self._pages: dict[tuple[str, str, str, str], bytes] = {}

    def context(self, request: Request) -> dict[str, Any]:
        state = request.scope.get("state", {})
        language = state.get("language", i18n.DEFAULT_LANGUAGE)
        token = state.get("csrf_token", "")
        return {
            "request": request,
            "council": self.council,
            "language": language,
            "language_links": self._language_links(request, language),
            "csrf_token": token,
            "csrf_input": Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token),
            "journeys": journeys.available(request.app),
            "current_path": request.url.path,
            "kiosk": state.get("kiosk_device") is not None,
            "session_personal": bool(state.get("session_personal")),
            "session_timed": bool(state.get("session_personal") or state.get("kiosk_device")),
            "session_expires_in": state.get("session_expires_in", 0),
            "session_warn_before": state.get("session_warn_before", 0),
        }

    def _language_links(self, request: Request, language: str) -> list[dict[str, str]]:
        """Links to this page in each other language the council offers."""
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        return [
            {
                "code": code,
                "name": i18n.LANGUAGE_NAMES[code],
                "href": same_site_path(request.url.path) + "?" + urlencode([*params, ("lang", code)]),
            }
            for code in self.council.languages
            if code != language
        ]

    def render_to_string(self, request: Request, name: str, **context: Any) -> str:
        on_kiosk = _ON_KIOSK.set(bool(request.scope.get("state", {}).get("kiosk_device")))
        try:
            return self.env.get_template(name).render({**self.context(request), **context})
        finally:
            _ON_KIOSK.reset(on_kiosk)

    def render_page(self, request: Request, name: str) -> HTMLResponse:
        """A page that is the same for every visitor (no form, no answers): rendered once per
        language and address, then served from memory. Other query strings are rendered each time,
        so what is kept stays small."""
        state = request.scope.get("state", {})
        language = state.get("language", i18n.DEFAULT_LANGUAGE)
        query = request.url.query
        if state.get("session_personal") or state.get("kiosk_device"):
            # The header has this session's "Finish and clear" form; kiosk pages are never kept for others.
            return self.render(request, name)
        if query and query not in {f"lang={code}" for code in self.council.languages}:
            return self.render(request, name)
        key = (name, language, request.url.path, query)
        body = self._pages.get(key)
        if body is None:
            body = self._pages[key] = self.render_to_string(request, name).encode()
        return HTMLResponse(body)

    def render(
        self,
        request: Request,
        name: str,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        return HTMLResponse(self.render_to_string(request, name, **context), status_code=status_code, headers=headers)
