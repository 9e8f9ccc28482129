""""Better off in work?": from a result or on its own, a job offer or more hours, the chart and the table.

With JavaScript, changing the hours or the wage on the results page posts the form with
htmx (which sends the CSRF token as X-CSRF-Token) and gets back only the part of the page
with the chart and the table. Without it, the same form posts the whole page.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from app.routes.check import ContextDep, SealerDep, session_id
from app.deps import DbDep, FormDep, TemplatesDep
from app.services import saved_results as saved
from app.services.better_off_page import OFFER_FIELDS, better_off_view, offer_choices, read_offer
from app.services.check import CheckContext, Journey, NotReady, household_from_answers
from app.services.money_input import PERIOD_CHOICES

router = APIRouter(prefix="/better-off", include_in_schema=False)

QUICK_FIELDS = ("hours", "wage")


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _household(context: CheckContext, state: saved.CheckState):  # noqa: ANN202
    try:
        return household_from_answers(context, state.answers, short=state.short).household
    except NotReady:
        return None


@router.get("", response_class=HTMLResponse, name="better_off_start")
def start(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    return templates.render(request, "better_off/start.html", have_answers=_household(context, state) is not None)


@router.post("/short", name="better_off_short")
def short(request: Request, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    """Answer the few questions "Better off in work?" needs, on the check's own pages."""
    def short_set(state: saved.CheckState) -> None:
        state.short = True
        state.before = None

    state = saved.update_state(db, sealer, session_id(request), short_set)
    return _see_other(f"/check/{Journey(context, state.answers, short=True).where_to_go()}")


def _period_options() -> list[tuple[str, str]]:
    from app.i18n import gettext as _

    return [(p.value, _(words)) for p, words in PERIOD_CHOICES]


@router.get("/job", response_class=HTMLResponse, name="better_off_job")
def job(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    household = _household(context, state)
    if household is None:
        return _see_other("/better-off")
    typed = {k: "" for k in OFFER_FIELDS} | (state.offer or {})
    return templates.render(request, "better_off/job.html", typed=typed, errors={}, error_summary=[],
                            asks=offer_choices(household), periods=_period_options())


@router.post("/job", response_class=HTMLResponse, name="better_off_job_post")
def job_post(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep,
             context: ContextDep, form: FormDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    household = _household(context, state)
    if household is None:
        return _see_other("/better-off")
    read = read_offer(form, household)
    if read.offer is None:
        return templates.render(request, "better_off/job.html", typed=read.typed, errors=read.error_for,
                                error_summary=[{"text": e.message, "href": f"#{e.target}"} for e in read.errors],
                                error_title_prefix=True, asks=offer_choices(household), periods=_period_options(),
                                status_code=422)
    saved.update_state(db, sealer, session_id(request), lambda now: setattr(now, "offer", read.typed))
    return _see_other("/better-off/result")


def _render_result(request: Request, templates: TemplatesDep, household, typed: dict[str, str], *,  # noqa: ANN001
                   partial: bool, on: date, status_code: int = 200) -> Response:
    read = read_offer(typed, household)
    view = better_off_view(household, on, read.offer) if read.offer is not None else None
    name = "better_off/_result_region.html" if partial else "better_off/result.html"
    headers = {"Vary": "HX-Request"}
    return templates.render(request, name, view=view, typed=read.typed, errors=read.error_for,
                            error_summary=[{"text": e.message, "href": f"#{e.target}"} for e in read.errors],
                            error_title_prefix=bool(read.errors) and not partial, status_code=status_code,
                            headers=headers)


@router.get("/result", response_class=HTMLResponse, name="better_off_result")
def result(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep, context: ContextDep) -> Response:
    state = saved.load_state(db, sealer, session_id(request))
    household = _household(context, state)
    if household is None:
        return _see_other("/better-off")
    if not state.offer or read_offer(state.offer, household).offer is None:
        return _see_other("/better-off/job")
    return _render_result(request, templates, household, state.offer, partial=False, on=context.today)


@router.post("/result", response_class=HTMLResponse, name="better_off_result_post")
def result_post(request: Request, templates: TemplatesDep, db: DbDep, sealer: SealerDep,
                context: ContextDep, form: FormDep) -> Response:
    """A change of hours or wage on the results page."""
    state = saved.load_state(db, sealer, session_id(request))
    household = _household(context, state)
    if household is None or not state.offer:
        return _see_other("/better-off")
    typed = dict(state.offer) | {k: str(form.get(k) or "").strip() for k in QUICK_FIELDS}
    htmx = request.headers.get("HX-Request") == "true"
    read = read_offer(typed, household)
    if read.offer is not None:
        saved.update_state(db, sealer, session_id(request), lambda now: setattr(now, "offer", read.typed))
        if not htmx:
            return _see_other("/better-off/result")
    # htmx swaps only 2xx responses, so its errors come back as 200 with the messages in the part swapped.
    status = 200 if htmx or read.offer is not None else 422
    return _render_result(request, templates, household, typed, partial=htmx, on=context.today, status_code=status)
