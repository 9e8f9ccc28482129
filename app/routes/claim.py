"""The Housing Benefit / Council Tax Reduction claim: start, task list, question pages,
check answers, declaration, submit, confirmation, and save and come back later.

Thin: the journey comes from forms/ through app.services.claim_journey, storage from
app.services.claims, guessing protection from app.services.rate_limit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import forms
from app.deps import CouncilDep, DbDep, FormDep, SettingsDep, TemplatesDep
from app.i18n import gettext as _
from app.models.claim import Claim
from app.services import claim_journey as cj
from app.services import claims, sessions
from app.services.money_input import PERIOD_CHOICES
from app.services.notify import notifier_for, outbox
from app.services.rate_limit import Blocked, ResumeGuard, claim_start_guard, client_key

router = APIRouter(prefix="/claim", include_in_schema=False)

NO_STORE = {"cache-control": "no-store"}


# Routes are plain functions, so FastAPI runs them in its thread pool: a request waiting for a
# database connection then never holds up the event loop (and every other request with it).


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def _current(request: Request, db, settings) -> Claim | None:  # noqa: ANN001
    session_id = request.scope.get("state", {}).get("session_id")
    reference = cj.reference_from_access(settings.resolved_secret_key, request.cookies.get(cj.ACCESS_COOKIE), session_id)
    return claims.get_claim(db, reference) if reference else None


def _grant(response: Response, request: Request, settings, claim: Claim) -> Response:  # noqa: ANN001
    session_id = request.scope.get("state", {}).get("session_id", "")
    secure = request.url.scheme == "https"
    response.set_cookie(
        cj.ACCESS_COOKIE, cj.access_value(settings.resolved_secret_key, claim.reference, session_id),
        path="/claim", httponly=True, samesite="lax", secure=secure,
    )
    return response


def _rotated(request: Request, response: Response) -> Response:
    """A new session id when a claim is started or resumed (so a planted or seen id is worth nothing)."""
    sessions.rotate(request, response, keep_claim=False)
    return response


def _render(templates, request: Request, name: str, *, status_code: int = 200, **context) -> HTMLResponse:  # noqa: ANN001
    return templates.render(request, name, status_code=status_code, headers=NO_STORE, **context)


def _no_claim() -> RedirectResponse:
    return _see_other("/claim")


def _sent(templates, request: Request, claim: Claim) -> HTMLResponse:  # noqa: ANN001
    return _render(templates, request, "claim/already_sent.html", status_code=409, claim=claim)


# ---------------------------------------------------------------------------- start


def _open_draft(request: Request, db, settings) -> tuple[Claim, forms.Journey] | Response:  # noqa: ANN001
    """This browser's draft claim and its journey, or where to go instead (no claim yet; already sent)."""
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _see_other("/claim/confirmation")
    return claim, cj.load(db, claim, claims.sealer_for(settings)).journey


@router.get("", response_class=HTMLResponse, name="claim_start")
def start_page(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, council: CouncilDep) -> HTMLResponse:
    claim = _current(request, db, settings)
    from_check = request.query_params.get("from") == cj.FROM_THIS_CHECK
    return _render(
        templates, request, "claim/start.html",
        claim=claim if claim is not None and claim.is_draft else None,
        claim_date_sentence=cj.start_page_sentence(),
        check=request.query_params.get("check", "")[:64],
        from_check=from_check and cj.prefill_from_session(db, settings, council, _session_id(request)) is not None,
    )


def _session_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("session_id")


@router.post("/start", name="claim_begin")
def begin(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, council: CouncilDep,
          form: FormDep) -> Response:
    now = datetime.now(UTC)
    client = client_key(request)
    check = str(form.get("check") or "")[:64]
    blocked = claim_start_guard(settings, db).attempt(client, now)
    prefill = None
    if blocked is None and form.get("from") == cj.FROM_THIS_CHECK:
        prefill = cj.prefill_from_session(db, settings, council, _session_id(request))
    elif blocked is None:
        prefill = cj.prefill_from_check(db, settings, council, check or None, client=client, now=now)
        if isinstance(prefill, Blocked):
            blocked, prefill = prefill, None
    if blocked is not None:
        db.commit()
        return _render(
            templates, request, "claim/start.html", status_code=429, claim=None,
            claim_date_sentence=cj.start_page_sentence(), check=check, from_check=False,
            blocked=_start_blocked_message(blocked),
        )
    claim = cj.start(db, council=council, sealer=claims.sealer_for(settings), prefill=prefill)
    db.commit()
    return _grant(_rotated(request, _see_other("/claim/tasks")), request, settings, claim)


def _start_blocked_message(blocked: Blocked) -> str:
    minutes = max(1, int((blocked.retry_at.astimezone(UTC) - datetime.now(UTC)).total_seconds() // 60) + 1)
    if blocked.reason == "locked":
        return _("This saved result reference has been tried too many times. Try again in %(n)s minutes, "
                 "or start without it.") % {"n": minutes}
    return _("There have been too many attempts from this device or network. Try again in %(n)s minutes.") % {"n": minutes}


# ---------------------------------------------------------------------------- task list and pages


@router.get("/tasks", response_class=HTMLResponse, name="claim_tasks")
def task_list(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _see_other("/claim/confirmation")
    sealer = claims.sealer_for(settings)
    state = cj.load(db, claim, sealer)
    rows = cj.tasks(state.journey)
    completed = sum(1 for r in rows if r.status is forms.Status.COMPLETED)
    return _render(
        templates, request, "claim/tasks.html", claim=claim, tasks=rows, completed=completed,
        evidence_task=cj.evidence_task(cj.evidence_items(db, claim, state.journey, sealer)),
        claim_date_sentence=cj.claim_date_sentence(claim, state.journey.visible_answers),
    )


def _page_context(view, address: str, *, seen: str | None = None) -> dict:  # noqa: ANN001
    return {
        "page": view,
        "address": address,
        "action": cj.url_for(address),
        "back_href": cj.url_for(view.back),
        "periods": PERIOD_CHOICES,
        "seen": cj.seen(view) if seen is None else seen,
        "removing": cj.removing(view),
        "changed_elsewhere": False,
    }


def _view_or_redirect(journey: forms.Journey, address: str):  # noqa: ANN202
    try:
        return journey.page(address), None
    except forms.PageNotFound:
        raise HTTPException(status_code=404) from None
    except forms.OutOfTurn as turn:
        return None, _see_other(cj.url_for(turn.redirect_to))


@router.get("/page/{address:path}", response_class=HTMLResponse, name="claim_page")
def show_page(address: str, request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _see_other("/claim/confirmation")
    state = cj.load(db, claim, claims.sealer_for(settings))
    view, redirect = _view_or_redirect(state.journey, address)
    if redirect is not None:
        return redirect
    return _render(templates, request, "claim/page.html", claim=claim, **_page_context(view, address))


@router.post("/page/{address:path}", name="claim_page_post")
def save_page(
    address: str, request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, council: CouncilDep, form: FormDep
) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _sent(templates, request, claim)
    sealer = claims.sealer_for(settings)
    state = cj.load(db, claim, sealer)
    view, redirect = _view_or_redirect(state.journey, address)
    if redirect is not None:
        return redirect
    # What was shown when the page was opened: a save that changes nothing keeps it for the next try.
    seen = str(form.get(cj.SEEN_FIELD)) if form.get(cj.SEEN_FIELD) is not None else None
    bound = view.bind(form)
    if bound.errors:
        return _render(templates, request, "claim/page.html", status_code=422, claim=claim, **_page_context(bound, address, seen=seen))
    try:
        after = cj.save_page(db, claim, address, form, sealer, council=council)
    except claims.ClaimSubmitted:
        db.rollback()
        return _sent(templates, request, claim)
    except cj.PageChangedElsewhere as changed:
        db.rollback()
        context = _page_context(changed.bound or bound, address, seen=changed.seen or seen)
        context["changed_elsewhere"] = True
        return _render(templates, request, "claim/page.html", status_code=409, claim=claim, **context)
    db.commit()
    return _see_other(cj.url_for(after))


@router.get("/check/{section_id}", response_class=HTMLResponse, name="claim_check_section")
def check_section(section_id: str, request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    opened = _open_draft(request, db, settings)
    if isinstance(opened, Response):
        return opened
    claim, journey = opened
    section = next((s for s in journey.sections if s.id == section_id and s.definition.check_answers), None)
    if section is None:
        raise HTTPException(status_code=404)
    if journey.status(section) is not forms.Status.COMPLETED:
        return _see_other(cj.url_for(journey.resume(section_id)) if journey.status(section) is not forms.Status.CANNOT_START_YET else "/claim/tasks")
    return _render(templates, request, "claim/check_section.html", claim=claim, section=section, rows=journey.check_answers(section_id), url_for=cj.url_for)


@router.get("/check", response_class=HTMLResponse, name="claim_final_check")
def final_check(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    opened = _open_draft(request, db, settings)
    if isinstance(opened, Response):
        return opened
    claim, journey = opened
    if not journey.ready_for_final_check:
        return _see_other("/claim/tasks")
    return _render(
        templates, request, "claim/final_check.html", claim=claim, sections=journey.final_check(),
        url_for=cj.url_for, continue_href=cj.declaration_start(journey),
    )


@router.get("/submit", response_class=HTMLResponse, name="claim_submit")
def submit_page(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    opened = _open_draft(request, db, settings)
    if isinstance(opened, Response):
        return opened
    claim, journey = opened
    if not journey.ready_to_submit:
        return _see_other("/claim/tasks")
    return _render(
        templates, request, "claim/submit.html", claim=claim, claim_date_sentence=cj.claim_date_sentence(claim, journey.visible_answers)
    )


@router.post("/submit", name="claim_submit_post")
def submit(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    # Under the claim's lock from here: a second "Send" waits for the first, then finds it sent.
    claims.lock(db, claim)
    if not claim.is_draft:
        db.rollback()
        return _see_other("/claim/confirmation")  # sent twice: harmless, show the confirmation again
    journey = cj.load(db, claim, claims.sealer_for(settings)).journey
    if not journey.ready_to_submit:
        db.rollback()
        return _see_other("/claim/tasks")
    claims.mark_submitted(db, claim, datetime.now(UTC))
    db.commit()
    return _see_other("/claim/confirmation")


@router.get("/confirmation", response_class=HTMLResponse, name="claim_confirmation")
def confirmation(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if claim.is_draft:
        return _see_other("/claim/tasks")
    sealer = claims.sealer_for(settings)
    journey = cj.load(db, claim, sealer).journey
    return _render(
        templates, request, "claim/confirmation.html", claim=claim, evidence=cj.evidence_items(db, claim, journey, sealer),
        evidence_path=cj.EVIDENCE_PATH, claim_starts=cj.claim_starts_from_sentence(claim, journey.visible_answers),
    )


# ---------------------------------------------------------------------------- save and come back later


@router.get("/save", response_class=HTMLResponse, name="claim_save")
def save_options(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _see_other("/claim/confirmation")
    return _render(templates, request, "claim/save.html", claim=claim, errors=[], values={}, link_hours=settings.claim_resume_link_hours)


@router.post("/save", name="claim_save_post")
def save(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    if not claim.is_draft:
        return _sent(templates, request, claim)
    how = str(form.get("how") or "")
    values = {k: str(form.get(k) or "") for k in ("how", "contact-email", "contact-phone")}
    errors: list[tuple[str, str]] = []
    if how == "secret":
        errors = cj.secret_errors(str(form.get("secret") or ""), str(form.get("secret-confirm") or ""))
        if not errors:
            cj.set_secret(db, claim, str(form.get("secret")))
            db.commit()
            return _see_other("/claim/saved")
    elif how in ("email", "sms"):
        typed = values["contact-email" if how == "email" else "contact-phone"]
        to, errors = cj.contact_errors(how, typed)
        if not errors:
            base = settings.public_url or str(request.base_url)
            cj.send_link(
                db, claim, channel=how, to=to, base_url=base, settings=settings,
                notifier=notifier_for(settings, claims.sealer_for(settings)), sealer=claims.sealer_for(settings),
            )
            db.commit()
            return _see_other(f"/claim/saved?sent={how}")
    else:
        errors = [("how", _("Select how you want to come back to your claim"))]
    return _render(
        templates, request, "claim/save.html", status_code=422, claim=claim, errors=errors, values=values,
        link_hours=settings.claim_resume_link_hours,
    )


@router.get("/saved", response_class=HTMLResponse, name="claim_saved")
def saved(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    claim = _current(request, db, settings)
    if claim is None:
        return _no_claim()
    sent = request.query_params.get("sent")
    response = _render(templates, request, "claim/saved.html", claim=claim, sent=sent if sent in ("email", "sms") else None)
    if claim.secret_hash or sent:
        sessions.end_claim_link(request, response)  # from now on: the reference and secret, or the link
    return response


@router.get("/resume", response_class=HTMLResponse, name="claim_resume")
def resume_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    reason = request.query_params.get("link")
    # A reference may come filled in (the kiosk's "carry on on your phone" QR code); never a secret.
    values = {"reference": request.query_params.get("reference", "")[:20]}
    return _render(templates, request, "claim/resume.html", errors=[], values=values, blocked=None,
                   link_problem=reason == "expired")


def _blocked_message(blocked: Blocked) -> str:
    when = blocked.retry_at.astimezone(UTC)
    minutes = max(1, int((when - datetime.now(UTC)).total_seconds() // 60) + 1)
    if blocked.reason == "address":
        return _("There have been too many attempts from this device or network. Try again in %(n)s minutes.") % {"n": minutes}
    return _(
        "This claim has been locked because the secret was entered wrongly too many times. "
        "Try again in %(n)s minutes, or ask for a new link if you gave us an email address or phone number."
    ) % {"n": minutes}


@router.post("/resume", name="claim_resume_post")
def resume(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep, form: FormDep) -> Response:
    typed_reference = str(form.get("reference") or "").strip()
    secret = str(form.get("secret") or "")
    values = {"reference": typed_reference}
    now = datetime.now(UTC)
    errors: list[tuple[str, str]] = []
    if not typed_reference:
        errors.append(("reference", _("Enter your claim reference")))
    if not secret:
        errors.append(("secret", _("Enter your secret word or phrase")))
    if errors:
        return _render(templates, request, "claim/resume.html", status_code=422, errors=errors, values=values, blocked=None, link_problem=False)
    outcome = cj.sign_in_with_secret(
        db, settings, typed_reference=typed_reference, secret=secret, client=client_key(request), now=now,
        drafts_only=True, events=("resumed", "resume-failed"),
    )
    if isinstance(outcome, Claim):
        return _grant(_rotated(request, _see_other("/claim/tasks")), request, settings, outcome)
    blocked = outcome
    if blocked is not None:
        return _render(
            templates, request, "claim/resume.html", status_code=429, errors=[], values=values,
            blocked=_blocked_message(blocked), link_problem=False,
        )
    errors = [("reference", _("The claim reference or secret word is not right. Check them and try again"))]
    return _render(templates, request, "claim/resume.html", status_code=422, errors=errors, values=values, blocked=None, link_problem=False)


@router.get("/resume/link/{token}", response_class=HTMLResponse, name="claim_link")
def link_page(token: str, request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> Response:
    # Opening the link does not use it up (mail scanners open links): the button does.
    # Looking a link up is a guess like any other, so it is counted the same way.
    blocked = ResumeGuard(settings, db).attempt_from(client_key(request), datetime.now(UTC))
    db.commit()
    if blocked is not None:
        return _see_other("/claim/resume")
    if cj.link_claim(db, token) is None:
        return _see_other("/claim/resume?link=expired")
    return _render(templates, request, "claim/link.html", token=token)


@router.post("/resume/link/{token}", name="claim_link_post")
def use_link(token: str, request: Request, db: DbDep, settings: SettingsDep) -> Response:
    now = datetime.now(UTC)
    guard = ResumeGuard(settings, db)
    if guard.attempt_from(client_key(request), now) is not None:
        db.commit()
        return _see_other("/claim/resume")
    claim = cj.use_link(db, token, now=now)
    db.commit()
    if claim is None:
        return _see_other("/claim/resume?link=expired")
    return _grant(_rotated(request, _see_other("/claim/tasks")), request, settings, claim)


# ---------------------------------------------------------------------------- development only


@router.get("/dev/notifications", response_class=HTMLResponse, name="claim_dev_outbox")
def dev_outbox(request: Request, templates: TemplatesDep, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    # The local outbox holds one-time links: only for someone at this machine, never in production.
    local = request.client is not None and request.client.host in {"127.0.0.1", "::1", "testclient"}
    if settings.environment == "production" or not local:
        raise HTTPException(status_code=404)
    return _render(templates, request, "claim/outbox.html", messages=outbox(db, claims.sealer_for(settings)), today=date.today())
