"""The portal's four jobs, and which of them this installation offers yet.

A job is linked only when its route is really there, so a resident never
follows a link to a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.routing import Match

from app.i18n import gettext as _


@dataclass(frozen=True)
class Journey:
    path: str
    title: str
    summary: str
    available: bool


def _serves_get(app, path: str) -> bool:  # noqa: ANN001 - a Starlette app
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "query_string": b"", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)


JOURNEY_PATHS = ("/check", "/better-off", "/claim", "/help")


def all_journeys(served: set[str]) -> list[Journey]:
    def journey(path: str, title: str, summary: str) -> Journey:
        return Journey(path, title, summary, path in served)

    return [
        journey(
            "/check",
            _("Check what you can get"),
            _("Find out which benefits and help with bills your household could get, and see how each amount is worked out."),
        ),
        journey(
            "/better-off",
            _("Better off in work"),
            _("See how your income would change if you started work or worked more hours, after rent and childcare."),
        ),
        journey(
            "/claim",
            _("Claim Housing Benefit or Council Tax Reduction"),
            _("Apply online. Your answers are saved as you go, so you can stop and come back later."),
        ),
        journey(
            "/help",
            _("Get help"),
            _("Talk to someone at the council, or find out how to get help in person."),
        ),
    ]


def available(app) -> list[Journey]:  # noqa: ANN001 - a Starlette app
    # The routes are fixed once the app is built, so ask once per app.
    served = getattr(app.state, "journeys_served", None)
    if served is None:
        served = {path for path in JOURNEY_PATHS if _serves_get(app, path)}
        app.state.journeys_served = served
    return all_journeys(served)
