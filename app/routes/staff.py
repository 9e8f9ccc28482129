"""Staff pages: the back-office deliveries and their status.

Interim access with one access code, STAFF_TOKEN (see app.services.submission.staff), until
staff sign in through the council's identity provider. Without STAFF_TOKEN every /staff
address is a 404. Wrong codes (form or Authorization header) are limited per client and for
the whole portal (app.services.rate_limit.staff_guard) and logged without the code. This
router also carries the in-process delivery worker's lifespan (BACK_OFFICE_WORKER=in_app).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import DbDep, FormDep, SettingsDep, TemplatesDep
from app.i18n import gettext as _
from app.services.kiosk import help as kiosk_help
from app.services.rate_limit import Blocked, client_key, staff_guard
from app.services.submission import delivery as outbox
from app.services.submission import staff as access
from app.services.submission.config import BackOfficeSettings

router = APIRouter(prefix="/staff", include_in_schema=False, lifespan=outbox.worker_lifespan)

PRIVATE = {"cache-control": "no-store", "x-robots-tag": "noindex"}
log = logging.getLogger(__name__)


def get_back_office(request: Request) -> BackOfficeSettings:
    if not hasattr(request.app.state, "back_office"):
        request.app.state.back_office = BackOfficeSettings()
    return request.app.state.back_office


BackOfficeDep = Annotated[BackOfficeSettings, Depends(get_back_office)]


def _token(config: BackOfficeSettings) -> str:
    if not config.staff_token:
        raise HTTPException(status_code=404)
    return config.staff_token


def _session_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("session_id")


def _check_code(request: Request, db, settings, presented: str, token: str) -> bool | Blocked:  # noqa: ANN001
    """Whether the access code is right, counted by the staff guessing limits; Blocked when they refuse it.

    Commits the count before comparing. A refusal or a wrong code is logged, never the code.
    """
    guard, client, now = staff_guard(settings, db), client_key(request), datetime.now(UTC)
    blocked = guard.attempt(client, now)
    db.commit()
    if blocked is not None:
        log.warning("staff sign-in refused: too many wrong access codes (%s, client %s)",
                    "from everyone" if blocked.reason == "overall" else "from this client", guard.client_label(client))
        return blocked
    if access.token_matches(presented, token):
        guard.succeeded(client)
        db.commit()
        return True
    log.warning("staff sign-in failed: wrong access code (client %s)", guard.client_label(client))
    return False


def _too_many(blocked: Blocked) -> str:
    minutes = max(1, int((blocked.retry_at - datetime.now(UTC)).total_seconds() // 60) + 1)
    return _("There have been too many wrong access codes. Try again in %(n)s minutes.") % {"n": minutes}


def require_staff(request: Request, config: BackOfficeDep, settings: SettingsDep, db: DbDep) -> None:
    token = _token(config)
    authorization = request.headers.get("authorization")
    if authorization is not None:
        checked = _check_code(request, db, settings, access.header_credential(authorization), token)
        if checked is True:
            return
        if isinstance(checked, Blocked):
            raise HTTPException(status_code=429, headers={"retry-after": str(max(1, int((checked.retry_at - datetime.now(UTC)).total_seconds())))})
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": 'Basic realm="staff", charset="UTF-8"'})
    if access.cookie_valid(request.cookies.get(access.COOKIE), settings.resolved_secret_key, token, _session_id(request)):
        return
    raise HTTPException(status_code=303, headers={"location": "/staff/sign-in", **PRIVATE})


StaffDep = Annotated[None, Depends(require_staff)]


@router.get("", name="staff_home")
def staff_home(_staff: StaffDep) -> RedirectResponse:
    return RedirectResponse("/staff/deliveries", status_code=303, headers=PRIVATE)


@router.get("/sign-in", response_class=HTMLResponse, name="staff_sign_in")
def sign_in_page(request: Request, templates: TemplatesDep, config: BackOfficeDep) -> HTMLResponse:
    _token(config)
    return templates.render(request, "staff/sign_in.html", headers=PRIVATE, error=None)


@router.post("/sign-in", name="staff_sign_in_post")
def sign_in(request: Request, templates: TemplatesDep, config: BackOfficeDep, settings: SettingsDep, db: DbDep,
            form: FormDep) -> Response:
    token = _token(config)
    presented = str(form.get("access_code") or "")
    status = 422
    if not presented.strip():
        error = _("Enter the staff access code")
    else:
        checked = _check_code(request, db, settings, presented, token)
        if checked is True:
            response = RedirectResponse("/staff/deliveries", status_code=303, headers=PRIVATE)
            response.set_cookie(
                access.COOKIE, access.cookie_value(settings.resolved_secret_key, token, _session_id(request) or ""),
                max_age=access.LIFETIME_SECONDS, path=access.COOKIE_PATH, httponly=True, samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response
        if isinstance(checked, Blocked):
            error, status = _too_many(checked), 429
        else:
            error = _("The staff access code is not right")
    # What was typed is a secret: it is not shown again.
    return templates.render(request, "staff/sign_in.html", status_code=status, headers=PRIVATE, error=error,
                            error_title_prefix=True)


@router.post("/sign-out", name="staff_sign_out")
def sign_out(_staff: StaffDep) -> RedirectResponse:
    response = RedirectResponse("/staff/sign-in", status_code=303, headers=PRIVATE)
    response.delete_cookie(access.COOKIE, path=access.COOKIE_PATH)
    return response


@router.get("/deliveries", response_class=HTMLResponse, name="staff_deliveries")
def deliveries(request: Request, _staff: StaffDep, templates: TemplatesDep, db: DbDep, config: BackOfficeDep) -> HTMLResponse:
    rows = outbox.deliveries_for_staff(db)
    return templates.render(
        request, "staff/deliveries.html", headers=PRIVATE,
        deliveries=[access.view(row) for row in rows], counts=access.counts(rows),
        webhook_configured=bool(config.back_office_webhook_url and config.back_office_webhook_secret),
        sent_again=request.query_params.get("sent-again") == "1",
    )


@router.post("/deliveries/{delivery_id}/send-again", name="staff_send_again")
def send_again(delivery_id: uuid.UUID, _staff: StaffDep, db: DbDep) -> RedirectResponse:
    if not outbox.send_again(db, delivery_id, datetime.now(UTC)):
        raise HTTPException(status_code=404)
    return RedirectResponse("/staff/deliveries?sent-again=1", status_code=303, headers=PRIVATE)


# ---------------------------------------------------------------------------- kiosk help requests


@router.get("/help-requests", response_class=HTMLResponse, name="staff_help_requests")
def help_requests(request: Request, _staff: StaffDep, templates: TemplatesDep, db: DbDep) -> HTMLResponse:
    return templates.render(request, "staff/help_requests.html", headers=PRIVATE,
                            rows=[kiosk_help.staff_view(row) for row in kiosk_help.recent(db)])


@router.post("/help-requests/{request_id}/{action}", name="staff_help_request_update")
def help_request_update(request_id: uuid.UUID, action: str, _staff: StaffDep, db: DbDep) -> RedirectResponse:
    status = {"on-my-way": "on_my_way", "done": "done"}.get(action)
    if status is None or not kiosk_help.set_status(db, request_id, status):
        raise HTTPException(status_code=404)
    return RedirectResponse("/staff/help-requests", status_code=303, headers=PRIVATE)
