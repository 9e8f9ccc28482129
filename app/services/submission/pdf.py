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
from typing import Any

from app import i18n
from app.council import CouncilProfile
from app.templating import make_environment

TEMPLATE = "submission/summary.html"
PDF_VARIANT = "pdf/ua-1"


def summary_html(package: Mapping[str, Any], council: CouncilProfile) -> str:
    def render() -> str:
        i18n.activate(i18n.DEFAULT_LANGUAGE)
        return make_environment().get_template(TEMPLATE).render(package=package, council=council, language="en")

    # A copy of the context, so that English here never leaks into the request that submits.
    return contextvars.copy_context().run(render)


def render_summary(package: Mapping[str, Any], council: CouncilProfile) -> bytes:
    from weasyprint import HTML

    claim = package["claim"]
    html = HTML(string=summary_html(package, council), base_url=None)
    return html.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=claim["reference"].encode(),
        uncompressed_pdf=False,
    )
