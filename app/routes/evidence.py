"""Evidence pages: the claim's personalised evidence list with an upload for each item, the
upload result, removing a file from a draft, and coming back after the claim is sent (claim
reference and secret) to add more.

Thin: checks in app.services.evidence.checks, rows and files in app.services.evidence.records,
the journey (and so the list) from app.services.claim_journey.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.deps import DbDep, SettingsDep, TemplatesDep
from app.i18n import gettext as _
from app.models.claim import Claim
from app.services import claim_journey as cj
from app.services import claims, sessions
from app.services.evidence import access, records
from app.services.evidence.checks import Rejection, check_file, megabytes, notice_message
from app.services.rate_limit import Blocked
from app.settings import Settings

router = APIRouter(prefix="/claim/evidence", include_in_schema=False)

UPLOAD_PATH = "/claim/evidence/upload"
# Room for the multipart wrapping and the other fields around a file at the size limit.
MULTIPART_ALLOWANCE = 1_000_000
NO_STORE = {"cache-control": "no-store"}
ACCEPT = "image/*,application/pdf"


def body_limits(settings: Settings) -> dict[str, int]:
    """The request body limit for the upload path (the rest of the portal keeps MAX_BODY_BYTES)."""
    return {UPLOAD_PATH: settings.evidence_max_bytes + MULTIPART_ALLOWANCE}


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def _current(request: Request, db, settings: Settings) -> Claim | None:  # noqa: ANN001
    session_id = request.scope.get("state", {}).get("session_id")
    reference = cj.reference_from_access(settings.resolved_secret_key, request.cookies.get(cj.ACCESS_COOKIE), session_id)
    return claims.get_claim(db, reference) if reference else None


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _list_page(templates, request: Request, db, settings: Settings, claim: Claim, *, errors=(), status_code: int = 200, removed: bool = False) -> HTMLResponse:  # noqa: ANN001, E501
    sealer = claims.sealer_for(settings)
    needed = cj.load(db, claim, sealer).journey.evidence()
    items = records.evidence_list(db, claim, needed, sealer)
    return templates.render(
        request, "evidence/list.html", status_code=status_code, headers=NO_STORE,
        claim=claim, items=items, errors=list(errors), removed=removed, accept=ACCEPT,
        limit=megabytes(settings.evidence_max_bytes),
    )


# ---------------------------------------------------------------------------- the list


@router.get("", response_class=HTMLResponse, name="evidence_list")
async def evidence_list(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return templates.render(request, "evidence/sign_in.html", headers=NO_STORE, errors=[], values={}, blocked=None)
    return _list_page(templates, request, db, settings, claim, removed=request.query_params.get("removed") == "1")


@router.post("", name="evidence_sign_in")
async def sign_in(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    form = await request.form()
    typed_reference = str(form.get("reference") or "").strip()
    secret = str(form.get("secret") or "")
    values = {"reference": typed_reference}
    errors = []
    if not typed_reference:
        errors.append(("reference", _("Enter your claim reference")))
    if not secret:
        errors.append(("secret", _("Enter your secret word or phrase")))
    if errors:
        return templates.render(request, "evidence/sign_in.html", status_code=422, headers=NO_STORE, errors=errors, values=values, blocked=None)
    outcome = access.sign_in(db, settings, typed_reference=typed_reference, secret=secret, client_ip=_client_ip(request), now=datetime.now(UTC))
    db.commit()
    if isinstance(outcome, Claim):
        response = _see_other("/claim/evidence")
        sessions.rotate(request, response, keep_claim=False)  # signed in to a claim: a new session id
        session_id = request.scope.get("state", {}).get("session_id", "")
        response.set_cookie(
            cj.ACCESS_COOKIE, cj.access_value(settings.resolved_secret_key, outcome.reference, session_id),
            path="/claim", httponly=True, samesite="lax", secure=request.url.scheme == "https",
        )
        return response
    if isinstance(outcome, Blocked):
        minutes = max(1, int((outcome.retry_at - datetime.now(UTC)).total_seconds() // 60) + 1)
        blocked = _("There have been too many wrong attempts. Try again in %(n)s minutes.") % {"n": minutes}
        return templates.render(request, "evidence/sign_in.html", status_code=429, headers=NO_STORE, errors=[], values=values, blocked=blocked)
    errors = [("reference", _("The claim reference or secret word is not right. Check them and try again"))]
    return templates.render(request, "evidence/sign_in.html", status_code=422, headers=NO_STORE, errors=errors, values=values, blocked=None)


# ---------------------------------------------------------------------------- upload


@router.post("/upload", name="evidence_upload")
async def upload(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _see_other("/claim/evidence")
    form = await request.form()
    sealer = claims.sealer_for(settings)
    needed = cj.load(db, claim, sealer).journey.evidence()
    keys = [records.item_key(n) for n in needed]
    item = str(form.get("item") or "")
    if item not in keys:
        raise HTTPException(status_code=404)
    field = f"file-{keys.index(item) + 1}"
    upload = form.get("file")
    data = await upload.read() if isinstance(upload, UploadFile) else b""
    if not data and (not isinstance(upload, UploadFile) or not upload.filename):
        errors = [(field, _("Select a photo or PDF file"))]
        return _list_page(templates, request, db, settings, claim, errors=errors, status_code=422)
    # Scanning waits on clamd and decoding a photo is CPU work: keep both off the event loop.
    result = await run_in_threadpool(check_file, data, policy=records.policy_for(settings), scanner=records.scanner_for(settings))
    if isinstance(result, Rejection):
        return _list_page(templates, request, db, settings, claim, errors=[(field, result.message)], status_code=422)
    row = records.add(db, claim, item=item, filename=upload.filename, checked=result, store=records.store_for(settings), sealer=sealer)
    db.commit()
    return _see_other(f"/claim/evidence/uploaded?file={row.id}")


@router.get("/uploaded", response_class=HTMLResponse, name="evidence_uploaded")
async def uploaded(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _see_other("/claim/evidence")
    row = records.file_of(db, claim, request.query_params.get("file", ""))
    if row is None:
        raise HTTPException(status_code=404)
    sealer = claims.sealer_for(settings)
    needed = cj.load(db, claim, sealer).journey.evidence()
    numbered = {records.item_key(n): (i, n) for i, n in enumerate(needed, 1)}
    item_number, item = numbered.get(row.item_key, (None, None))
    return templates.render(
        request, "evidence/uploaded.html", headers=NO_STORE, claim=claim, filename=records.filename_of(row, sealer),
        item=item, item_number=item_number, warnings=[notice_message(n) for n in row.notices.split(",") if n],
    )


# ---------------------------------------------------------------------------- remove


@router.post("/{evidence_id}/remove", name="evidence_remove")
async def remove(evidence_id: uuid.UUID, request: Request, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _see_other("/claim/evidence")
    try:
        storage_key = records.remove(db, claim, evidence_id)
    except records.CannotRemove:
        raise HTTPException(status_code=404) from None
    db.commit()
    records.store_for(settings).delete(storage_key)
    return _see_other("/claim/evidence?removed=1")
