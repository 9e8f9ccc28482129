"""Enrolling the test client as a kiosk."""

from __future__ import annotations

import re

from app.services.kiosk import devices

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page) -> str:  # noqa: ANN001
    return CSRF.search(page.text).group(1)


def make_enrolment(portal, location: str = "Civic Centre, main reception", hours: int = 24) -> devices.Enrolment:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        return devices.enrol(db, location, hours=hours)


def enrol(client, portal, location: str = "Civic Centre, main reception") -> devices.Device:  # noqa: ANN001
    made = make_enrolment(portal, location)
    page = client.get(devices.enrolment_url(made.token, None))
    response = client.post("/kiosk/enrol", data={"csrf_token": csrf(page), "token": made.token}, follow_redirects=False)
    assert response.status_code == 303
    return made.device
