"""Kiosk pages: enrolling a screen, the start screen, and 'Ask a member of staff'."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import DbDep, FormDep, SettingsDep, TemplatesDep
from app.services.kiosk import devices, help as help_requests

router = APIRouter(prefix="/kiosk", include_in_schema=False)

PRIVATE = {"cache-control": "no-store", "x-robots-tag": "noindex"}


def _device(request: Request) -> devices.Device | None:
    return request.scope.get("state", {}).get("kiosk_device")


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=PRIVATE)


@router.get("", response_class=HTMLResponse, name="kiosk_start")
def start(request: Request, templates: TemplatesDep) -> Response:
    if _device(request) is None:
        return _see_other("/")
    # Nobody is using the start screen, so no idle countdown runs on it.
    return templates.render(request, "kiosk/start.html", headers=PRIVATE, session_timed=False)


@router.get("/finish", response_class=HTMLResponse, name="kiosk_finish")
def finish(request: Request, templates: TemplatesDep) -> Response:
    """'Finish and clear' on a kiosk: what will be kept, then the session's own end (POST /session/end)."""
    if _device(request) is None:
        return _see_other("/")
    back = _page(request.query_params.get("from", "/"))
    return templates.render(request, "kiosk/finish.html", headers=PRIVATE, back=back)


@router.get("/enrol", response_class=HTMLResponse, name="kiosk_enrol")
def enrol_page(request: Request, templates: TemplatesDep, db: DbDep) -> HTMLResponse:
    # The token is in the query string, which the request log leaves out.
    token = request.query_params.get("token", "")
    row = devices.pending(db, token) if token else None
    return templates.render(
        request, "kiosk/enrol.html", status_code=200 if row else 404, headers=PRIVATE,
        location=row.location if row else None, token=token,
    )


@router.post("/enrol", name="kiosk_enrol_post")
def enrol(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    token = str(form.get("token") or "")
    device = devices.complete(db, token) if token else None
    if device is None:
        return templates.render(request, "kiosk/enrol.html", status_code=404, headers=PRIVATE, location=None, token="")
    response = _see_other(devices.START_PATH)
    response.set_cookie(
        devices.COOKIE, devices.cookie_value(settings.resolved_secret_key, device.id), max_age=devices.COOKIE_MAX_AGE,
        path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https",
    )
    return response


def _page(typed: str) -> str:
    """The page's address pattern sent by the kiosk bar (see templates/kiosk/_bar.html), or "/"."""
    typed = typed.strip()
    if not typed.startswith("/") or typed.startswith("//") or len(typed) > help_requests.MAX_TEXT:
        return "/"
    return typed


@router.post("/help", name="kiosk_help_post")
def ask_for_help(request: Request, db: DbDep, form: FormDep) -> Response:
    device = _device(request)
    if device is None:
        raise HTTPException(status_code=404)
    page = _page(str(form.get("page") or "/"))
    title = " ".join(str(form.get("page_title") or "").split())
    row = help_requests.request_help(db, device, page, title)
    return _see_other(f"/kiosk/help?request={row.id}")


@router.get("/help", response_class=HTMLResponse, name="kiosk_help")
def help_requested(request: Request, templates: TemplatesDep, db: DbDep) -> HTMLResponse:
    device = _device(request)
    try:
        request_id = uuid.UUID(request.query_params.get("request", ""))
    except ValueError:
        raise HTTPException(status_code=404) from None
    row = help_requests.for_device(db, device, request_id) if device else None
    if row is None:
        raise HTTPException(status_code=404)
    return templates.render(request, "kiosk/help.html", headers=PRIVATE, number=help_requests.number_text(row),
                            location=row.location, back=row.page if "{" not in row.page else "/kiosk")
