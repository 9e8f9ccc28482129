"""The start page and the pages every service needs: help, accessibility, privacy, cookies."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse, name="start")
async def start(request: Request) -> HTMLResponse:
    return request.app.state.templates.render_page(request, "pages/start.html")


@router.get("/help", response_class=HTMLResponse, name="help")
async def get_help(request: Request) -> HTMLResponse:
    return request.app.state.templates.render_page(request, "pages/help.html")


@router.get("/accessibility", response_class=HTMLResponse, name="accessibility")
async def accessibility(request: Request) -> HTMLResponse:
    return request.app.state.templates.render_page(request, "pages/accessibility.html")


@router.get("/privacy", response_class=HTMLResponse, name="privacy")
async def privacy(request: Request) -> HTMLResponse:
    return request.app.state.templates.render_page(request, "pages/privacy.html")


@router.get("/cookies", response_class=HTMLResponse, name="cookies")
async def cookies(request: Request) -> HTMLResponse:
    return request.app.state.templates.render_page(request, "pages/cookies.html")
