from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n

ONE_YEAR = 365 * 24 * 60 * 60


def same_site_path(path: str) -> str:
    """This site's path for a link back to the page asked for.

    A request for ``//evil.example/x`` (or ``/\\evil.example/x``) has a path that a browser reads
    as another site's address when it is put in a link, so leading slashes and backslashes are
    folded into one slash.
    """
    return "/" + path.lstrip("/\\")


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is ignored, not an error page
                return None
            if name in jar:
                return jar[name].value
    return None


class LanguageMiddleware:
    """Picks the interface language from ?lang= or the lang cookie, and remembers a new choice."""

    def __init__(self, app: ASGIApp, offered: list[str]) -> None:
        self.app = app
        self.offered = offered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        asked = query.get("lang", [None])[0]
        language, chosen = i18n.choose_language(asked, _cookie(scope, i18n.LANGUAGE_COOKIE), self.offered)
        scope.setdefault("state", {})["language"] = language
        i18n.activate(language)
        secure = "; Secure" if scope.get("scheme") == "https" else ""

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("content-language", language)
                if chosen:
                    headers.append(
                        "set-cookie",
                        f"{i18n.LANGUAGE_COOKIE}={language}; Path=/; Max-Age={ONE_YEAR}; HttpOnly; SameSite=Lax{secure}",
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookie)
