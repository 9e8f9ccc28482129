""""Check what you can get": the questions, check your answers, results, what if, keep and resume."""

from __future__ import annotations

import copy
import math
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from app.deps import CouncilDep, DbDep, FormDep, SettingsDep, TemplatesDep
from app.i18n import gettext as _
from app.services import journeys, sessions
from app.services import saved_results as saved
from app.services.check import CHECK_ANSWERS, CheckContext, Journey, NotReady, results_view, what_if, work_out
from app.services.check.fields import FieldError
from app.services.check.results import signed_money
from app.services.crypto import Sealer
from app.services.check import send_link as link
from app.services.money_input import format_money
from app.services.notify import notifier_for
from app.services.rate_limit import Blocked, client_key

router = APIRouter(prefix="/check", include_in_schema=False)

NO_STORE = {"cache-control": "no-store"}


def get_context(council: CouncilDep) -> CheckContext:
    return CheckContext(council, date.today())


def get_sealer(settings: SettingsDep) -> Sealer:
    return saved.sealer_for(settings)


ContextDep = Annotated[CheckContext, Depends(get_context)]
SealerDep = Annotated[Sealer, Depends(get_sealer)]


def session_id(request: Request) -> str:
    return request.scope["state"]["session_id"]


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _claim_available(request: Request) -> bool:
    return any(j.path == "/claim" and j.available for j in journeys.available(request.app))


def _error_summary(errors: list[FieldError]) -> list[dict[str, str]]:
    return [{"text": e.message, "href": f"#{e.target}"} for e in errors]


@router.get("", response_class=HTMLResponse, name="check_start")
def start(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers)
    return templates.render(request, "check/start.html", in_progress=bool(state.answers) and not state.short,
                            complete=journey.complete)


@router.post("/begin", name="check_begin")
def begin(request: Request, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    """Start (or carry on with) the full set of questions."""
    def full_set(state: saved.CheckState) -> None:
        state.short = False
        state.before = None

    state = saved.update_state(db, sealer, session_id(request), full_set)
    return _see_other(f"/check/{Journey(context, state.answers).where_to_go()}")


@router.post("/start-again", name="check_start_again")
def start_again(request: Request, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    saved.save_state(db, sealer, session_id(request), saved.CheckState())
    return _see_other(f"/check/{Journey(context, {}).where_to_go()}")


@router.get("/check-answers", response_class=HTMLResponse, name="check_answers")
def check_answers(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers, short=state.short)
    if not journey.complete:
        return _see_other(f"/check/{journey.where_to_go()}")
    return templates.render(request, "check/check_answers.html", summary=journey.summary(), short=state.short,
                            back=f"/check/{journey.previous(CHECK_ANSWERS)}", mode="change")


def _results(request: Request, db: DbDep, sealer: Sealer, context: CheckContext):  # noqa: ANN202
    state = saved.load_state(db, sealer, session_id(request))
    try:
        built, result = work_out(context, state.answers, short=state.short)
    except NotReady:
        return state, None
    shown = [p.slug for p in Journey(context, state.answers, short=state.short).sequence()]
    return state, results_view(built, result, claim_available=_claim_available(request), pages_shown=shown)


@router.get("/results", response_class=HTMLResponse, name="check_results")
def results(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state, view = _results(request, db, sealer, context)
    if view is None:
        return _see_other("/check")
    return templates.render(request, "check/results.html", view=view, state=state,
                            reference=saved.show_reference(state.reference) if state.reference else None)


@router.get("/results/print", response_class=HTMLResponse, name="check_results_print")
def results_print(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state, view = _results(request, db, sealer, context)
    if view is None:
        return _see_other("/check")
    journey = Journey(context, state.answers, short=state.short)
    return templates.render(request, "check/results_print.html", view=view, summary=journey.summary(),
                            reference=saved.show_reference(state.reference) if state.reference else None)


@router.get("/what-if", response_class=HTMLResponse, name="check_what_if_choose")
def what_if_choose(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    """Choose an answer to change and see what difference it makes."""
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers, short=state.short)
    if not journey.complete:
        return _see_other(f"/check/{journey.where_to_go()}")
    return templates.render(request, "check/what_if_choose.html", summary=journey.summary(), mode="whatif")


@router.get("/what-if/compare", response_class=HTMLResponse, name="check_what_if")
def what_if_compare(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers)
    if state.before is None or not journey.complete:
        return _see_other("/check/results" if journey.complete else f"/check/{journey.where_to_go()}?whatif=1")
    comparison = what_if(context, state.before, state.answers)
    return templates.render(request, "check/what_if.html", comparison=comparison, money=format_money,
                            signed=signed_money)


@router.post("/what-if/keep", name="check_what_if_keep")
def what_if_keep(request: Request, db: DbDep, sealer: SealerDep) -> Response:
    def keep_change(state: saved.CheckState) -> None:
        state.before = None

    saved.update_state(db, sealer, session_id(request), keep_change)
    return _see_other("/check/results")


@router.post("/what-if/undo", name="check_what_if_undo")
def what_if_undo(request: Request, db: DbDep, sealer: SealerDep) -> Response:
    def undo(state: saved.CheckState) -> None:
        if state.before is not None:
            state.answers, state.before = state.before, None

    saved.update_state(db, sealer, session_id(request), undo)
    return _see_other("/check/results")


@router.post("/keep", name="check_keep")
def keep(request: Request, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    if not Journey(context, state.answers, short=state.short).complete:
        return _see_other("/check")
    reference = saved.keep_result(db, sealer, state)

    def remember(now: saved.CheckState) -> None:
        if now.answers == state.answers:  # not if another tab changed them meanwhile
            now.reference = reference

    if saved.update_state(db, sealer, session_id(request), remember).reference != reference:
        return _see_other("/check/results")
    response = _see_other("/check/kept")
    sessions.rotate(request, response)
    return response


@router.get("/kept", response_class=HTMLResponse, name="check_kept")
def kept(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    if not state.reference:
        return _see_other("/check/results")
    sent = request.query_params.get("sent")
    return templates.render(request, "check/kept.html", reference=saved.show_reference(state.reference),
                            sent=sent if sent in ("email", "sms") else None)


@router.get("/send-link", response_class=HTMLResponse, name="check_send_link")
def send_link_form(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    if not state.reference:
        return _see_other("/check/results")
    return templates.render(request, "check/send_link.html", reference=saved.show_reference(state.reference),
                            typed={}, errors={}, headers=NO_STORE)


@router.post("/send-link", response_class=HTMLResponse, name="check_send_link_post")
def send_link(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, settings: SettingsDep,
              form: FormDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    if not state.reference:
        return _see_other("/check/results")
    asked = link.read_request(form)
    errors = asked.errors
    status = 422
    if not errors and asked.to:
        blocked = link.SendGuard(settings, db).attempt(session_id(request), _client_address(request), datetime.now(UTC))
        if blocked is None:
            link.send_link(db, notifier_for(settings, sealer), channel=asked.how, to=asked.to,
                           reference=state.reference, shown_reference=saved.show_reference(state.reference),
                           base_url=settings.public_url or str(request.base_url))
            db.commit()
            return _see_other(f"/check/kept?sent={asked.how}")
        db.commit()
        target = "email" if asked.how == "email" else "mobile"
        errors, status = [FieldError(_too_many_links(blocked), target)], 429
    return templates.render(request, "check/send_link.html", reference=saved.show_reference(state.reference),
                            typed=asked.typed, errors={e.target: e.message for e in errors},
                            error_summary=_error_summary(errors), error_title_prefix=True, status_code=status,
                            headers=NO_STORE)


def _minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - datetime.now(UTC)).total_seconds() / 60))


def _too_many_links(blocked: Blocked) -> str:
    return _("You have asked for too many links. Try again in %(n)s minutes, or write your reference down.") % {
        "n": _minutes_until(blocked.retry_at)}


@router.get("/resume", response_class=HTMLResponse, name="check_resume")
def resume_form(request: Request, templates: TemplatesDep) -> Response:
    # A sent link fills the reference in; resuming still takes the button, and its limits.
    typed = request.query_params.get("reference") or ""
    reference = saved.normalise_reference(typed)
    return templates.render(request, "check/resume.html", typed=saved.show_reference(reference) if reference else "",
                            errors=[], headers=NO_STORE)


def _client_address(request: Request) -> str:
    return client_key(request)


def _blocked_message(blocked: Blocked) -> str:
    minutes = _minutes_until(blocked.retry_at)
    if blocked.reason == "address":
        return _("There have been too many attempts from this device or network. Try again in %(n)s minutes.") % {"n": minutes}
    return _("This reference has been tried too many times. Try again in %(n)s minutes, or ask an advisor for help.") % {
        "n": minutes}


@router.post("/resume", response_class=HTMLResponse, name="check_resume_post")
def resume(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, settings: SettingsDep,
           form: FormDep) -> Response:
    typed = str(form.get("reference") or "").strip()
    now = datetime.now(UTC)
    guard = saved.CheckResumeGuard(settings, db)
    reference = saved.normalise_reference(typed)
    blocked = guard.attempt(_client_address(request), reference, now) if typed else None
    state = None
    if blocked is not None:
        error = _blocked_message(blocked)
    elif not typed:
        error = _("Enter your reference")
    else:
        state = saved.find_saved(db, sealer, reference) if reference else None
        if state is not None:
            guard.found(_client_address(request))
        else:
            blocked = guard.failed(_client_address(request), now)
            error = _blocked_message(blocked) if blocked else _(
                "Enter the reference exactly as it was given to you, like ABCD 2345")
    db.commit()
    if state is None:
        errors = [FieldError(error, "reference")]
        return templates.render(request, "check/resume.html", typed=typed, errors=errors,
                                error_summary=_error_summary(errors), error_title_prefix=True,
                                status_code=429 if blocked else 422)
    saved.save_state(db, sealer, session_id(request), state)
    response = _see_other("/check/results")
    sessions.rotate(request, response)
    return response


@router.get("/{slug}", response_class=HTMLResponse, name="check_page")
def question(slug: str, request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep,
             context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers, short=state.short)
    page = journey.page(slug)
    mode = _mode(request.query_params.get("change"), request.query_params.get("whatif"),
                 request.query_params.get("results"))
    if page is None or not journey.can_show(slug):
        if Journey(context, {}).page(slug) is None:
            raise HTTPException(status_code=404)
        return _see_other(f"/check/{journey.where_to_go()}")
    return _render_page(request, templates, journey, page, shown=journey.shown(page), errors=[], mode=mode)


def _mode(change: str | None, whatif: str | None, results: str | None = None) -> str:
    """How the page was reached: in turn, to change an answer, for "what if", or from a result we could
    not work out (answering it goes back to the results)."""
    if whatif:
        return "whatif"
    if results:
        return "results"
    return "change" if change else "next"


def _render_page(request: Request, templates: TemplatesDep, journey: Journey, page, *, shown, errors, mode,
                 status_code: int = 200) -> Response:  # noqa: ANN001
    fields = journey.fields(page)
    if mode == "next":
        previous = journey.previous(page.slug)
        back = f"/check/{previous}" if previous else "/check"
    elif mode == "whatif":
        back = "/check/what-if"
    elif mode == "results":
        back = "/check/results"
    else:
        back = "/check/check-answers"
    return templates.render(
        request,
        "check/question.html",
        page=page,
        # A one-question page's heading is its question (as asked of this household).
        heading=fields[0].label if page.single_question and fields else page.heading(journey.facts),
        fields=fields,
        shown=shown,
        errors={e.target: e.message for e in errors},
        error_summary=_error_summary(errors),
        error_title_prefix=bool(errors),
        back=back,
        mode=mode,
        status_code=status_code,
    )


@router.post("/{slug}", response_class=HTMLResponse, name="check_page_post")
def answer(slug: str, request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep,
           context: ContextDep, form: FormDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    journey = Journey(context, state.answers, short=state.short)
    page = journey.page(slug)
    if page is None or not journey.can_show(slug):
        return _see_other(f"/check/{journey.where_to_go()}")
    posted_mode = str(form.get("mode") or "")
    mode = _mode(posted_mode == "change" or None, posted_mode == "whatif" or None, posted_mode == "results" or None)
    bound = journey.bind(page, form)
    if bound.errors:
        return _render_page(request, templates, journey, page, shown=bound.typed, errors=bound.errors, mode=mode,
                            status_code=422)

    def save_this_page(now: saved.CheckState) -> None:
        # Onto the answers as stored now: another tab may have saved other pages since this one was read.
        if mode == "whatif" and now.before is None:
            now.before = copy.deepcopy(now.answers)
        if now.answers.get(slug) != bound.values:
            now.reference = None  # a kept result is of the answers as they were
        now.answers[slug] = bound.values

    state = saved.update_state(db, sealer, session_id(request), save_this_page)
    journey = Journey(context, state.answers, short=state.short)
    if mode == "whatif":
        gap = journey.first_unanswered()
        return _see_other(f"/check/{gap.slug}?whatif=1" if gap else "/check/what-if/compare")
    if mode == "change":
        return _see_other(f"/check/{journey.where_to_go()}" + ("?change=1" if not journey.complete else ""))
    if mode == "results":
        return _see_other("/check/results" if journey.complete else f"/check/{journey.where_to_go()}?results=1")
    return _see_other(f"/check/{journey.after(slug)}")
