"""The start page and the pages every service needs: help, accessibility, privacy, cookies."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import TemplatesDep

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse, name="start")
def start(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "pages/start.html")


@router.get("/help", response_class=HTMLResponse, name="help")
def get_help(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "pages/help.html")


@router.get("/accessibility", response_class=HTMLResponse, name="accessibility")
def accessibility(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "pages/accessibility.html")


@router.get("/privacy", response_class=HTMLResponse, name="privacy")
def privacy(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "pages/privacy.html")


@router.get("/cookies", response_class=HTMLResponse, name="cookies")
def cookies(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "pages/cookies.html")
