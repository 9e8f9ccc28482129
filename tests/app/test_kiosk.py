"""Kiosk mode: enrolment, the device cookie, revocation, off-site links, help requests, what starts on a kiosk."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from app.models.kiosk import KioskDevice
from app.routes.staff import get_back_office
from app.services.kiosk import devices
from app.services.submission.config import BackOfficeSettings
from tests.app.kiosk_helpers import csrf, enrol, make_enrolment

STAFF_TOKEN = "staff-access-code-for-tests-only"
KIOSK_BODY = re.compile(r'<body class="[^"]*\bportal-kiosk\b')


def is_kiosk_page(html: str) -> bool:
    return bool(KIOSK_BODY.search(html))


def test_enrolment_sets_a_signed_long_lived_http_only_cookie_and_shows_the_start_screen(client, portal):
    made = make_enrolment(portal)
    page = client.get(f"/kiosk/enrol?token={made.token}")
    assert page.status_code == 200 and "Civic Centre, main reception" in page.text
    assert not is_kiosk_page(page.text)
    response = client.post("/kiosk/enrol", data={"csrf_token": csrf(page), "token": made.token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/kiosk"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(devices.COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Max-Age=" in cookie
    assert made.token not in cookie
    start = client.get("/kiosk")
    assert is_kiosk_page(start.text) and "Touch the screen to start" in start.text
    assert is_kiosk_page(client.get("/").text)


def test_only_a_hash_of_the_enrolment_token_is_kept(portal):
    made = make_enrolment(portal)
    with portal.state.sessionmaker() as db:
        row = db.get(KioskDevice, made.device.id)
        assert made.token not in row.token_hash and len(row.token_hash) == 64


def test_an_enrolment_address_works_once(client, portal):
    made = make_enrolment(portal)
    page = client.get(f"/kiosk/enrol?token={made.token}")
    token = csrf(page)
    assert client.post("/kiosk/enrol", data={"csrf_token": token, "token": made.token}, follow_redirects=False).status_code == 303
    again = client.post("/kiosk/enrol", data={"csrf_token": token, "token": made.token}, follow_redirects=False)
    assert again.status_code == 404 and devices.COOKIE not in again.headers.get("set-cookie", "")
    assert client.get(f"/kiosk/enrol?token={made.token}").status_code == 404


def test_an_expired_or_unknown_enrolment_address_does_not_work(client, portal):
    made = make_enrolment(portal)
    with portal.state.sessionmaker() as db:
        db.get(KioskDevice, made.device.id).token_expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.commit()
    page = client.get(f"/kiosk/enrol?token={made.token}")
    assert page.status_code == 404 and "does not work" in page.text
    assert client.get("/kiosk/enrol?token=not-a-real-token").status_code == 404


def test_a_revoked_kiosk_is_an_ordinary_browser_from_its_next_page(client, portal):
    device = enrol(client, portal)
    assert is_kiosk_page(client.get("/help").text)
    with portal.state.sessionmaker() as db:
        assert devices.revoke(db, device.id)
    assert not is_kiosk_page(client.get("/help").text)
    assert client.get("/kiosk", follow_redirects=False).headers["location"] == "/"


def test_a_forged_or_tampered_device_cookie_gives_no_kiosk_mode(client, portal):
    device = enrol(client, portal)
    client.cookies.set(devices.COOKIE, f"{device.id}.{'0' * 64}")
    assert not is_kiosk_page(client.get("/").text)
    client.cookies.set(devices.COOKIE, "made-up-device." + devices._signature("another-secret", "made-up-device"))
    assert not is_kiosk_page(client.get("/").text)


def test_an_ordinary_visitor_never_gets_a_kiosk_page_kept_from_a_kiosk(client, portal):
    enrol(client, portal)
    assert is_kiosk_page(client.get("/accessibility").text)
    client.cookies.clear()
    assert not is_kiosk_page(client.get("/accessibility").text)


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def off_site_links(html: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(html)
    return [h for h in parser.hrefs if urlsplit(h).scheme in ("http", "https") and urlsplit(h).hostname != "testserver"
            or h.startswith("//")]


KIOSK_PAGES = ["/", "/kiosk", "/help", "/accessibility", "/privacy", "/cookies", "/check", "/claim", "/better-off",
               "/claim/resume", "/check/resume"]
CLAIM_ANSWERS = [
    ("your-name", {"first_name": "Ann", "last_name": "Example"}), ("contacted-us", {"contacted_before": "no"}),
    ("date-of-birth", {"date_of_birth-day": "2", "date_of_birth-month": "5", "date_of_birth-year": "1948"}),
]


def claim_pages_with_guidance(client) -> list[str]:  # noqa: ANN001
    """Start a claim and answer up to the National Insurance page, whose guidance links to GOV.UK."""
    page = client.get("/claim")
    client.post("/claim/start", data={"csrf_token": csrf(page)})
    for slug, data in CLAIM_ANSWERS:
        token = csrf(client.get(f"/claim/page/{slug}"))
        client.post(f"/claim/page/{slug}", data=data | {"csrf_token": token})
    return ["/claim/page/national-insurance"]


def test_no_kiosk_page_has_an_off_site_link_and_each_becomes_a_qr_code(client, portal):
    paths = KIOSK_PAGES + claim_pages_with_guidance(client)
    ordinary = {path: client.get(path).text for path in paths}
    assert off_site_links(ordinary["/claim/page/national-insurance"]), "the test needs a page with an off-site link"
    client.cookies.clear()
    enrol(client, portal)
    claim_pages_with_guidance(client)
    for path in paths:
        html = client.get(path).text
        assert is_kiosk_page(html), path
        assert off_site_links(html) == [], path
        assert html.count('class="portal-kiosk-offsite__qr"') == len(off_site_links(ordinary[path])), path
    guidance = client.get("/claim/page/national-insurance").text
    assert "Find a lost National Insurance number" in guidance and 'src="data:image/svg+xml' in guidance
    assert "opens in new tab" not in guidance


def test_a_help_request_records_the_kiosk_and_page_and_appears_for_staff_newest_first(client, portal):
    portal.dependency_overrides[get_back_office] = lambda: BackOfficeSettings(staff_token=STAFF_TOKEN)
    try:
        enrol(client, portal, "Library, ground floor")
        claim = client.get("/claim")
        client.post("/claim/start", data={"csrf_token": csrf(claim)})
        client.post("/claim/page/your-name", data={"csrf_token": csrf(claim), "first_name": "Ann", "last_name": "Example"})
        page = client.get("/claim/page/your-name")
        bar = dict(re.findall(r'<input type="hidden" name="(page|page_title)" value="([^"]*)"', page.text))
        assert bar == {"page": "/claim/page/your-name", "page_title": re.search(r"<title>(.*?) – Demo", page.text).group(1)}
        response = client.post("/kiosk/help", data={"csrf_token": csrf(page), **bar}, follow_redirects=False)
        assert response.status_code == 303
        shown = client.get(response.headers["location"])
        number = re.search(r'class="portal-kiosk-number">(\d{3})<', shown.text).group(1)
        assert "Someone is on their way" in shown.text and "Library, ground floor" in shown.text
        second = client.post("/kiosk/help", data={"csrf_token": csrf(page), "page": "/check", "page_title": "Check"},
                             follow_redirects=True)
        second_number = re.search(r'class="portal-kiosk-number">(\d{3})<', second.text).group(1)
        assert int(second_number) == int(number) + 1

        staff = client.get("/staff/help-requests", headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
        assert staff.status_code == 200
        assert "Ann" not in staff.text and "Example" not in staff.text and "/claim/page/your-name" in staff.text
        assert staff.text.index(f">{second_number}<") < staff.text.index(f">{number}<")
        ids = re.findall(r'/staff/help-requests/([0-9a-f-]{36})/on-my-way', staff.text)
        done = client.post(f"/staff/help-requests/{ids[0]}/done", data={"csrf_token": csrf(staff)},
                           headers={"Authorization": f"Bearer {STAFF_TOKEN}"}, follow_redirects=False)
        assert done.status_code == 303
        after = client.get("/staff/help-requests", headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
        assert after.text.count("/on-my-way") == len(ids) - 1
    finally:
        portal.dependency_overrides.pop(get_back_office, None)


def test_only_a_kiosk_can_ask_for_staff(client):
    page = client.get("/check")
    assert client.post("/kiosk/help", data={"csrf_token": csrf(page), "page": "/"}).status_code == 404


def test_starting_a_check_and_a_claim_on_a_kiosk_records_the_kiosk_and_no_personal_data(client, portal):
    device = enrol(client, portal)
    page = client.get("/check")
    assert client.post("/check/begin", data={"csrf_token": csrf(page)}, follow_redirects=False).status_code == 303
    claim = client.get("/claim")
    client.post("/claim/start", data={"csrf_token": csrf(claim)}, follow_redirects=False)
    with portal.state.sessionmaker() as db:
        actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.subject_ref == f"kiosk:{device.id}")))
    assert "check_started_on_kiosk" in actions


def test_the_claim_resume_page_can_have_the_reference_filled_in(client):
    page = client.get("/claim/resume?reference=HB-7K3M9QXW2P")
    assert 'value="HB-7K3M9QXW2P"' in page.text


@pytest.mark.parametrize("location", ["", "   ", "x" * 201])
def test_a_kiosk_needs_a_sensible_location(portal, location):
    with portal.state.sessionmaker() as db, pytest.raises(ValueError):
        devices.enrol(db, location)


def test_after_saving_with_a_secret_a_kiosk_shows_a_qr_code_for_the_phone_and_the_reference_never_the_secret(client, portal):
    enrol(client, portal)
    claim_pages_with_guidance(client)
    tasks = client.get("/claim/page/national-insurance")
    assert 'href="/claim/save"' in tasks.text  # "Carry on on your phone" in the kiosk bar
    page = client.get("/claim/save")
    secret = "purple kettle on the moor"
    saved = client.post("/claim/save", data={"csrf_token": csrf(page), "how": "secret", "secret": secret,
                                              "secret-confirm": secret})
    assert saved.url.path == "/claim/saved"
    reference = re.search(r'class="portal-kiosk-reference">([A-Z0-9-]+)<', saved.text).group(1)
    assert 'class="portal-kiosk-phone__qr" src="data:image/svg+xml' in saved.text
    assert secret not in saved.text and secret.replace(" ", "%20") not in saved.text
    from app.services.kiosk import qr
    assert qr.data_uri(f"http://testserver/claim/resume?reference={reference}", 8) in saved.text



def test_after_save_and_come_back_later_on_a_kiosk_the_check_answers_are_gone_too(client, portal):
    from tests.app.check_helpers import WORKING_FAMILY, answer_all

    enrol(client, portal)
    answer_all(client, WORKING_FAMILY)
    assert client.get("/check/results", follow_redirects=False).status_code == 200
    claim_pages_with_guidance(client)
    page = client.get("/claim/save")
    secret = "purple kettle on the moor"
    saved = client.post("/claim/save", data={"csrf_token": csrf(page), "how": "secret", "secret": secret,
                                              "secret-confirm": secret})
    assert saved.url.path == "/claim/saved"
    # The next person at the kiosk, before the idle timeout: no results, no answers.
    results = client.get("/check/results", follow_redirects=False)
    assert results.status_code in (302, 303, 307) and "/check/results" not in results.headers["location"]
    assert "£" not in client.get("/check/check-answers").text


def test_finish_and_clear_on_a_kiosk_says_what_is_kept_ends_the_session_and_returns_to_the_start_screen(client, portal):
    enrol(client, portal)
    claim_pages_with_guidance(client)
    assert "Ann" in client.get("/claim/page/your-name").text
    confirm = client.get("/kiosk/finish?from=/claim/page/your-name")
    assert "A claim you saved with a reference and a secret word or phrase" in confirm.text
    assert 'href="/claim/page/your-name">No, carry on' in confirm.text
    ended = client.post("/session/end", data={"csrf_token": csrf(confirm)}, follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == "/kiosk"
    # The device cookie survives: the whole-site clear leaves cookies to be expired one by one.
    assert ended.headers["clear-site-data"] == '"cache", "storage"'
    expired = " ".join(ended.headers.get_list("set-cookie"))
    assert "session=;" in expired and "lang=;" in expired and devices.COOKIE not in expired
    start = client.get("/kiosk")
    assert is_kiosk_page(start.text) and "Touch the screen to start" in start.text
    # The next visitor: nothing of the claim by its address.
    for path in ("/claim/page/your-name", "/claim/page/national-insurance", "/claim/tasks"):
        assert "Ann" not in client.get(path).text, path


def test_on_a_kiosk_personal_fields_have_autocomplete_off_and_the_start_screen_runs_no_countdown(client, portal):
    enrol(client, portal)
    claim_pages_with_guidance(client)
    page = client.get("/claim/page/your-name").text
    assert re.findall(r'<input[^>]*name="first_name"[^>]*>', page)[0].count('autocomplete="off"') == 1
    assert all('autocomplete="off"' in form for form in re.findall(r"<form\b[^>]*>", page))
    assert 'id="session-timeout"' not in client.get("/kiosk").text
    assert 'id="session-timeout"' in page


def _main_text(html: str) -> list[str]:
    """The words and figures in a page's main content, QR codes and their hints aside."""
    main = html[html.index('<main'):html.index('</main>')]
    main = re.sub(r'<span class="portal-kiosk-offsite__hint">.*?</span>', "", main, flags=re.S)
    main = re.sub(r"<[^>]+>", " ", main)
    return main.split()


def test_results_on_a_kiosk_keep_every_figure_and_explanation_of_the_ordinary_page(client, portal):
    from tests.app.check_helpers import WORKING_FAMILY, answer_all

    answer_all(client, WORKING_FAMILY)
    ordinary = {path: client.get(path).text for path in ("/check/results", "/check/results/print", "/check/check-answers")}
    figures = re.findall(r"£[\d,]+(?:\.\d\d)?", ordinary["/check/results"])
    assert figures, "the results show figures"
    client.cookies.clear()
    enrol(client, portal)
    answer_all(client, WORKING_FAMILY)
    for path, html in ordinary.items():
        kiosk_html = client.get(path).text
        assert is_kiosk_page(kiosk_html)
        assert _main_text(kiosk_html) == _main_text(html), path
    assert "data-kiosk-print" in client.get("/check/results").text


def test_on_a_kiosk_the_start_and_help_pages_carry_a_working_help_form_for_a_new_visitor(client, portal):
    enrol(client, portal)
    for path in ("/", "/help", "/privacy"):
        client.cookies.delete("session")
        page = client.get(path)
        assert csrf(page), path
        response = client.post("/kiosk/help", data={"csrf_token": csrf(page), "page": path, "page_title": "x"},
                               follow_redirects=False)
        assert response.status_code == 303, path
