"""On a kiosk no link leaves the portal: each link to another site becomes a QR code.

Applied once, to every HTML page a kiosk is sent (app.middleware.kiosk), so links in templates
and in guidance text from the form definitions are all caught. A link whose host is the
portal's own (the request's Host, or PUBLIC_URL's) stays a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from markupsafe import Markup

from app.services.kiosk import qr

ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def off_site(href: str, own_hosts: Iterable[str]) -> bool:
    parts = urlsplit(html.unescape(href).strip())
    if parts.scheme.lower() not in {"http", "https"} and not href.strip().startswith("//"):
        return False
    return (parts.hostname or "").lower() not in {h.lower() for h in own_hosts}


def rewrite(page: str, own_hosts: Iterable[str], describe: Callable[[str], str], drop: Iterable[str] = (),
            hint: str = "") -> str:
    """The page with every off-site link replaced by its text and a QR code of its address.

    ``describe(text)`` gives the QR image's alternative text (translated by the caller); words in
    ``drop`` (such as "(opens in new tab)", untrue once the link is a QR code) are left out; ``hint``
    is shown under the link's words (e.g. "Scan the code with your phone camera").
    """
    dropped = [d for d in drop if d]
    hosts = set(own_hosts)

    def replace(match: re.Match[str]) -> str:
        found = HREF.search(match.group("attrs"))
        if not found:
            return match.group(0)
        href = found.group("dq") if found.group("dq") is not None else found.group("sq")
        if not off_site(href, hosts):
            return match.group(0)
        address = html.unescape(href).strip()
        inner = match.group("inner")
        for words in dropped:
            inner = inner.replace(" " + words, "").replace(words, "")
        text = " ".join(html.unescape(TAG.sub(" ", inner)).split())
        return str(
            Markup(
                '<span class="portal-kiosk-offsite">'
                '<span class="portal-kiosk-offsite__words"><span class="portal-kiosk-offsite__text">{inner}</span>'
                '<span class="portal-kiosk-offsite__hint">{hint}</span></span> '
                '<img class="portal-kiosk-offsite__qr" src="{src}" alt="{alt}" width="132" height="132">'
                "</span>"
            ).format(inner=Markup(inner), hint=hint, src=qr.data_uri(address), alt=describe(text or address))
        )

    return ANCHOR.sub(replace, page)


def hosts_for(request_host: str | None, public_url: str | None) -> set[str]:
    hosts = set()
    if request_host:
        hosts.add(request_host.split(":")[0])
    if public_url:
        host = urlsplit(public_url).hostname
        if host:
            hosts.add(host)
    return hosts



AUTOCOMPLETE = re.compile(r'(<(?:input|select|textarea)\b[^>]*?\bautocomplete=)"[^"]*"', re.IGNORECASE)
FORM_WITHOUT_AUTOCOMPLETE = re.compile(r"<form\b(?![^>]*\bautocomplete=)", re.IGNORECASE)


def no_autofill(page: str) -> str:
    """Every form and field with autocomplete off: a shared screen never offers one person's answers to the next."""
    return FORM_WITHOUT_AUTOCOMPLETE.sub('<form autocomplete="off"', AUTOCOMPLETE.sub(r'\1"off"', page))
