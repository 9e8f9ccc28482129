"""The PDF summary of a submitted claim, for the council's back office (WeasyPrint).

Rendered from the package itself (never from the live claim), so the PDF and the JSON
always say the same thing. It is a tagged PDF/UA-1 document with the council's name, logo
and colour, in English: the language of the back office whatever language the claimant
used.

WeasyPrint needs Pango from Debian (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0).
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app import i18n
from app.council import CouncilProfile
from app.templating import make_environment

TEMPLATE = "submission/summary.html"
PDF_VARIANT = "pdf/ua-1"
UK = ZoneInfo("Europe/London")
WHO = {"claimant": "Claimant", "advisor": "Advisor", "system": "Portal"}


def day(iso: str | None) -> str:
    """2026-11-02 -> 2 November 2026."""
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def moment(iso: str | None) -> str:
    """A package timestamp in UK time: 29 November 2026, 3:04pm."""
    if not iso:
        return ""
    local = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UK)
    return f"{local.day} {local:%B %Y}, {local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def entered(record: Mapping[str, Any] | None) -> str:
    if not record:
        return ""
    return f"{WHO.get(record['by'], record['by'])}, {moment(record['at'])}"


def summary_html(package: Mapping[str, Any], council: CouncilProfile) -> str:
    def render() -> str:
        i18n.activate(i18n.DEFAULT_LANGUAGE)
        return make_environment().get_template(TEMPLATE).render(
            package=package, council=council, language="en", day=day, moment=moment, entered=entered)

    # A copy of the context, so that English here never leaks into the request that submits.
    return contextvars.copy_context().run(render)


def render_summary(package: Mapping[str, Any], council: CouncilProfile) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which
    # would let a cut-off photo pass the evidence checks; the summary holds no photos, so turn it off.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    claim = package["claim"]
    html = HTML(string=summary_html(package, council), base_url=None)
    return html.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=claim["reference"].encode(),
        uncompressed_pdf=False,
    )
