"""Ending a session: "Finish and clear", keeping it alive from the timeout warning, and the pages after."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.responses import Response

from app.deps import CouncilDep, DbDep, TemplatesDep
from app.services import sessions

router = APIRouter(prefix="/session", include_in_schema=False)


@router.post("/keep-alive", name="session_keep_alive")
def keep_alive(request: Request, db: DbDep, council: CouncilDep) -> Response:
    """"Stay signed in" on the timeout warning: counts as activity; says how long the session now has."""
    alive = sessions.keep_alive(db, request.scope["state"]["session_id"])
    end_after, warn_before = sessions.timeouts_for(request.scope, council)
    if "application/json" not in request.headers.get("accept", ""):
        return RedirectResponse("/", status_code=303)
    return JSONResponse({"alive": alive, "expires_in": end_after if alive else 0, "warn_before": warn_before},
                        headers={"cache-control": "no-store"})


@router.post("/end", name="session_end")
def end(request: Request) -> Response:
    """"Finish and clear" (or the timeout warning running out): ends the session on the server and in the browser."""
    idle = request.query_params.get("reason") == "idle"
    sessions.end(request)
    after = request.scope["state"].get("after_session_end_url")
    return RedirectResponse(after or ("/session/ended" if idle else "/session/finished"), status_code=303)


@router.get("/finished", response_class=HTMLResponse, name="session_finished")
def finished(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.render(request, "session/finished.html")


@router.get("/ended", response_class=HTMLResponse, name="session_ended")
def ended(request: Request, templates: TemplatesDep, council: CouncilDep) -> HTMLResponse:
    end_after, _warn = sessions.timeouts_for(request.scope, council)
    return templates.render(request, "session/ended.html", idle_minutes=max(1, round(end_after / 60)))
