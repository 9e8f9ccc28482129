"""The interim staff page: back-office deliveries and their status, behind STAFF_TOKEN."""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.models.delivery import DELIVERED, FAILED, PENDING, Delivery
from app.routes.staff import get_back_office
from app.services import claims
from app.services.submission.config import BackOfficeSettings
from app.services.submission.staff import COOKIE, cookie_valid, cookie_value

TOKEN = "staff-access-code-for-tests-only"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def staff_on(portal):
    portal.dependency_overrides[get_back_office] = lambda: BackOfficeSettings(staff_token=TOKEN)
    yield
    portal.dependency_overrides.pop(get_back_office, None)


@pytest.fixture
def deliveries(portal, settings):
    """Three submitted claims: one delivered, one retrying after a 503, one failed."""
    sealer = claims.sealer_for(settings)
    made = {}
    with portal.state.sessionmaker() as session:
        for status, attempts, error in [(DELIVERED, 1, None), (PENDING, 2, "the back office answered HTTP 503"),
                                        (FAILED, 24, "could not reach the back office (ConnectError)")]:
            claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                                       answers={"first_name": "Ann"}, sealer=sealer)
            claims.mark_submitted(session, claim, datetime(2026, 11, 29, 14, 5, tzinfo=UTC))
            delivery = session.scalars(select(Delivery).where(Delivery.claim_id == claim.id)).one()
            delivery.status, delivery.attempts, delivery.last_error = status, attempts, error
            delivery.last_attempt_at = datetime(2026, 11, 29, 14, 6, tzinfo=UTC)
            delivery.next_attempt_at = datetime(2026, 11, 29, 14, 10, tzinfo=UTC)
            made[status] = (claim.reference, delivery.id)
        session.commit()
    return made


def _csrf(page) -> str:
    return CSRF.search(page.text).group(1)


def test_without_a_staff_token_the_staff_pages_do_not_exist(client):
    for path in ("/staff", "/staff/deliveries", "/staff/sign-in"):
        assert client.get(path, follow_redirects=False).status_code == 404
    assert client.get("/staff/deliveries", headers={"Authorization": "Bearer anything-at-all-here"}).status_code == 404


def test_the_page_is_refused_without_the_token(client, staff_on, deliveries):
    response = client.get("/staff/deliveries", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/sign-in"
    wrong = client.get("/staff/deliveries", headers={"Authorization": "Bearer not-the-staff-access-code"})
    assert wrong.status_code == 401 and "WWW-Authenticate" in wrong.headers
    assert deliveries[FAILED][0] not in response.text + wrong.text


def test_the_page_lists_each_delivery_with_its_status(client, staff_on, deliveries):
    page = client.get("/staff/deliveries", headers={"Authorization": f"Bearer {TOKEN}"})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    text = page.text
    for status, label in [(DELIVERED, "Delivered"), (PENDING, "Retrying"), (FAILED, "Failed")]:
        reference = deliveries[status][0]
        row = text[text.index(reference):]
        row = row[: row.index("</tr>")]
        assert label in row, status
    assert "the back office answered HTTP 503" in text
    assert "29 November 2026, 2:05pm" in text  # UK time (GMT in November)
    # Failed deliveries come first, and only they can be sent again.
    assert text.index(deliveries[FAILED][0]) < text.index(deliveries[DELIVERED][0])
    assert text.count("/send-again") == text.count("Failed</strong>")


def test_a_document_added_after_the_claim_is_listed_as_its_own_delivery(client, portal, settings, staff_on, deliveries):
    from app.services.evidence import records
    from app.services.evidence.checks import check_file
    from tests.services.evidence_support import minimal_pdf

    reference = deliveries[DELIVERED][0]
    with portal.state.sessionmaker() as session:
        claim = claims.get_claim(session, reference)
        checked = check_file(minimal_pdf(), policy=records.policy_for(settings), scanner=None)
        records.add(session, claim, item="identity@date-of-birth", filename="passport.pdf", checked=checked,
                    store=records.store_for(settings), sealer=claims.sealer_for(settings))
        session.commit()
    text = client.get("/staff/deliveries", headers={"Authorization": f"Bearer {TOKEN}"}).text
    rows = [row for row in text.split("<tr") if reference in row]
    assert len(rows) == 2
    assert sum("Document added later" in row for row in rows) == 1
    assert any("Document added later" in row and "Waiting to send" in row for row in rows)


def test_basic_authentication_with_the_token_as_password_is_accepted(client, staff_on, deliveries):
    credentials = base64.b64encode(f"officer:{TOKEN}".encode()).decode()
    assert client.get("/staff/deliveries", headers={"Authorization": f"Basic {credentials}"}).status_code == 200


def test_signing_in_with_the_access_code_then_sending_a_failed_claim_again(client, portal, staff_on, deliveries):
    form = client.get("/staff/sign-in")
    empty = client.post("/staff/sign-in", data={"access_code": "", "csrf_token": _csrf(form)})
    assert empty.status_code == 422 and "Enter the staff access code" in empty.text
    wrong = client.post("/staff/sign-in", data={"access_code": "a guess at the code", "csrf_token": _csrf(form)})
    assert wrong.status_code == 422 and "The staff access code is not right" in wrong.text
    assert "a guess at the code" not in wrong.text

    signed_in = client.post("/staff/sign-in", data={"access_code": TOKEN, "csrf_token": _csrf(form)}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/staff/deliveries"
    assert "HttpOnly" in signed_in.headers["set-cookie"] and "Path=/staff" in signed_in.headers["set-cookie"]
    page = client.get("/staff/deliveries")
    assert page.status_code == 200 and deliveries[FAILED][0] in page.text

    reference, delivery_id = deliveries[FAILED]
    again = client.post(f"/staff/deliveries/{delivery_id}/send-again", data={"csrf_token": _csrf(page)})
    assert again.status_code == 200 and "will be sent again" in again.text
    with portal.state.sessionmaker() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery.status == PENDING and delivery.attempts == 0
    # Only a failed delivery can be sent again.
    delivered = deliveries[DELIVERED][1]
    assert client.post(f"/staff/deliveries/{delivered}/send-again", data={"csrf_token": _csrf(page)}).status_code == 404

    client.post("/staff/sign-out", data={"csrf_token": _csrf(page)})
    assert client.get("/staff/deliveries", follow_redirects=False).status_code == 303


def test_the_staff_cookie_works_only_in_its_own_browser_session_until_it_expires():
    value = cookie_value("secret-key", TOKEN, "session-a", now=1_000_000)
    assert cookie_valid(value, "secret-key", TOKEN, "session-a", now=1_000_000 + 60)
    assert not cookie_valid(value, "secret-key", TOKEN, "session-b", now=1_000_000 + 60)
    assert not cookie_valid(value, "secret-key", "a-new-staff-token-after-rotation", "session-a", now=1_000_000 + 60)
    assert not cookie_valid(value, "secret-key", TOKEN, "session-a", now=1_000_000 + 9 * 3600)
    assert not cookie_valid("12345.forged", "secret-key", TOKEN, "session-a", now=1_000_000)


def test_a_cookie_copied_to_another_browser_is_refused(client, portal, staff_on, settings):
    client.get("/check")
    stolen = cookie_value(settings.resolved_secret_key, TOKEN, client.cookies["session"])
    # Another browser on the same running portal (the client's own class: importing conftest again would reset the test settings).
    other = type(client)(portal, titles=client.titles, base_url="http://testserver")
    other.get("/check")
    assert other.cookies["session"] != client.cookies["session"]
    other.cookies.set(COOKIE, stolen, path="/staff")
    assert other.get("/staff/deliveries", follow_redirects=False).status_code == 303
    client.cookies.set(COOKIE, stolen, path="/staff")
    assert client.get("/staff/deliveries", follow_redirects=False).status_code == 200  # where it was made, it works
