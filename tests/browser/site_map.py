"""The pages the browser tests visit: everything reachable by links from the start page, plus pages no link leads to."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

# Pages a resident can land on without following a link.
UNLINKED = ["/no-such-page", "/?lang=cy", "/help?lang=cy"]
NOT_PAGES = ("/static/", "/api/", "/docs", "/redoc", "/openapi.json", "/branding.css", "/logo.svg")
LIMIT = 60


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def same_site_links(base_url: str, page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith("#"):
            continue  # the skip link and other links within the page
        absolute = urljoin(page_url, href)
        parts = urlsplit(absolute)
        if absolute.startswith(base_url) and not parts.path.startswith(NOT_PAGES) and parts.scheme in ("http", "https"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(base_url: str) -> list[str]:
    """Paths of the HTML pages reachable from the start page (English), then the unlinked ones."""
    seen: list[str] = []
    queue = ["/"]
    with httpx.Client(base_url=base_url, follow_redirects=True) as client:
        while queue and len(seen) < LIMIT:
            path = queue.pop(0)
            if path in seen or "lang=" in path:
                continue
            response = client.get(path)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            seen.append(path)
            queue += [p for p in same_site_links(base_url, base_url + path, response.text) if p not in seen]
    return seen + [p for p in UNLINKED if p not in seen]
