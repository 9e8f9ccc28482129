"""The council's colour as a small stylesheet, so one static build serves every council."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.deps import CouncilDep

router = APIRouter(include_in_schema=False)


@router.get("/branding.css", name="branding")
def branding(council: CouncilDep) -> Response:
    colour = council.brand_colour  # validated #rrggbb with 4.5:1 contrast against white
    css = f"""\
.portal-header {{ background-color: {colour}; color: #ffffff; }}
.portal-header a.portal-header__homepage-link:link,
.portal-header a.portal-header__homepage-link:visited,
.portal-header a.portal-header__language-link:link,
.portal-header a.portal-header__language-link:visited {{ color: #ffffff; }}
.govuk-service-navigation {{ border-bottom-color: {colour}; }}
.govuk-service-navigation__item--active {{ border-color: {colour}; }}
.portal-footer {{ border-top-color: {colour}; }}
"""
    return Response(css, media_type="text/css", headers={"cache-control": "public, max-age=300"})


@router.get("/logo.svg", name="logo")
def logo(council: CouncilDep) -> Response:
    return Response(council.logo_svg, media_type="image/svg+xml", headers={"cache-control": "public, max-age=300"})
