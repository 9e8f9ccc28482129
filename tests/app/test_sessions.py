"""Sessions that end: only server-issued ids, a new id when a claim is started, resumed or a result
kept, an idle timeout, "Finish and clear", and nothing of a person left for the next one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from app.models.browser_session import BrowserSession
from app.models.saved_result import CheckSession
from app.services import sessions
from tests.app.check_helpers import SINGLE_RENTER, answer_all
from tests.app.test_claim_pages import csrf, start
from tests.conftest import CheckedClient

PLANTED = "A" * 43


def other_browser(portal, titles):  # noqa: ANN001, ANN201
    return CheckedClient(portal, titles=titles, base_url="http://testserver")


def _row(portal, session_id: str) -> BrowserSession | None:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        return db.get(BrowserSession, sessions.hash_id(session_id))


def _check_row(portal, session_id: str) -> CheckSession | None:  # noqa: ANN001
    with portal.state.sessionmaker() as db:
        return db.scalars(select(CheckSession).where(CheckSession.session_key == sessions.hash_id(session_id))).one_or_none()


def _idle(portal, session_id: str, seconds: float) -> None:  # noqa: ANN001
    """As if the browser had done nothing for `seconds`."""
    with portal.state.sessionmaker() as db:
        db.execute(update(BrowserSession).where(BrowserSession.id_hash == sessions.hash_id(session_id))
                   .values(last_seen_at=datetime.now(UTC) - timedelta(seconds=seconds)))
        db.commit()


def _idle_limit(portal) -> int:  # noqa: ANN001
    return sessions.timeouts_for({"state": {}}, portal.state.council)[0]


def _fill_name(client, first: str) -> None:  # noqa: ANN001
    token = csrf(client.get("/claim/page/your-name").text)
    client.post("/claim/page/your-name", data={"first_name": first, "last_name": "Example", "csrf_token": token})


def _save_with_secret(client, secret: str = "correct horse battery"):  # noqa: ANN001, ANN201
    page = client.get("/claim/save")
    return client.post("/claim/save", data={"how": "secret", "secret": secret, "secret-confirm": secret, "csrf_token": csrf(page.text)})


# ---------------------------------------------------------------------------- issuing


def test_an_id_the_browser_chose_is_never_adopted(client, portal) -> None:  # noqa: ANN001
    response = client.get("/claim", headers={"cookie": f"session={PLANTED}"})
    issued = re.search(r"session=([A-Za-z0-9_-]{43});", response.headers["set-cookie"]).group(1)
    assert issued != PLANTED
    assert _row(portal, PLANTED) is None and _row(portal, issued) is not None


def test_a_form_posted_with_a_planted_id_is_refused(portal, titles) -> None:  # noqa: ANN001
    with other_browser(portal, titles) as browser:
        token = sessions.csrf_token_for(portal.state.settings.resolved_secret_key, PLANTED)
        refused = browser.post("/claim/start", data={"csrf_token": token}, headers={"cookie": f"session={PLANTED}"},
                               follow_redirects=False)
        assert refused.status_code == 403


def test_the_session_is_stored_only_as_a_hash(client, portal) -> None:  # noqa: ANN001
    client.get("/claim")
    session_id = client.cookies["session"]
    with portal.state.sessionmaker() as db:
        keys = db.scalars(select(BrowserSession.id_hash)).all()
    assert session_id not in keys and sessions.hash_id(session_id) in keys


def test_reading_the_start_and_help_pages_starts_no_session(portal, titles) -> None:  # noqa: ANN001
    with other_browser(portal, titles) as reader:
        for path in ("/", "/help", "/privacy"):
            response = reader.get(path)
            assert "set-cookie" not in response.headers and response.headers["cache-control"] == "no-store", path
        assert "set-cookie" in reader.get("/check").headers


def test_api_static_and_health_paths_stay_cookieless(client) -> None:  # noqa: ANN001
    for path in ("/healthz", "/static/js/session.js", "/api/openapi.json"):
        assert "set-cookie" not in client.get(path).headers, path


def test_every_html_page_is_not_stored_by_the_browser(client) -> None:  # noqa: ANN001
    for path in ("/", "/claim", "/check", "/help"):
        assert client.get(path).headers["cache-control"] == "no-store", path


# ---------------------------------------------------------------------------- rotation


def test_starting_a_claim_gives_the_browser_a_new_session_id(client, portal) -> None:  # noqa: ANN001
    client.get("/claim")
    before = client.cookies["session"]
    start(client)
    after = client.cookies["session"]
    assert after != before and _row(portal, before) is None and _row(portal, after) is not None
    assert client.get("/claim/tasks", follow_redirects=False).status_code == 200


def test_resuming_a_claim_gives_the_browser_a_new_session_id(client, portal, titles) -> None:  # noqa: ANN001
    reference = start(client)
    _save_with_secret(client)
    with other_browser(portal, titles) as phone:
        form = phone.get("/claim/resume")
        before = phone.cookies["session"]
        back = phone.post("/claim/resume", data={"reference": reference, "secret": "correct horse battery", "csrf_token": csrf(form.text)})
        assert back.url.path == "/claim/tasks"
        assert phone.cookies["session"] != before and _row(portal, before) is None


def test_signing_in_to_send_documents_gives_a_new_session_id(client, portal, titles) -> None:  # noqa: ANN001
    reference = start(client)
    _save_with_secret(client)
    with other_browser(portal, titles) as phone:
        form = phone.get("/claim/evidence")
        before = phone.cookies["session"]
        signed_in = phone.post("/claim/evidence", data={"reference": reference, "secret": "correct horse battery", "csrf_token": csrf(form.text)})
        assert signed_in.url.path == "/claim/evidence" and reference in signed_in.text
        assert phone.cookies["session"] != before and _row(portal, before) is None


def test_old_sessions_and_orphaned_answers_are_purged(client, portal) -> None:  # noqa: ANN001
    answer_all(client, SINGLE_RENTER)
    session_id = client.cookies["session"]
    _idle(portal, session_id, 24 * 3600)
    with portal.state.sessionmaker() as db:
        sessions.purge_ended(db, portal.state.council)
        db.commit()
    assert _row(portal, session_id) is None and _check_row(portal, session_id) is None


def test_keeping_a_result_gives_a_new_session_id_and_keeps_the_answers(client, portal) -> None:  # noqa: ANN001
    answer_all(client, SINGLE_RENTER)
    results = client.get("/check/results")
    before = client.cookies["session"]
    kept = client.post("/check/keep", data={"csrf_token": csrf(results.text)})
    assert kept.url.path == "/check/kept"
    after = client.cookies["session"]
    assert after != before and _check_row(portal, before) is None and _check_row(portal, after) is not None
    assert client.get("/check/results", follow_redirects=False).status_code == 200


def test_the_old_csrf_token_is_refused_after_rotation(client) -> None:  # noqa: ANN001
    page = client.get("/claim")
    old_token = csrf(page.text)
    client.post("/claim/start", data={"csrf_token": old_token})
    assert client.post("/claim/start", data={"csrf_token": old_token}, follow_redirects=False).status_code == 403


# ---------------------------------------------------------------------------- save and come back later


def test_after_save_and_come_back_the_browser_shows_nothing_of_the_claim(client) -> None:  # noqa: ANN001
    reference = start(client)
    _fill_name(client, "Zebedee")
    saved = _save_with_secret(client)
    assert saved.url.path == "/claim/saved" and reference in saved.text
    for path in ("/claim", "/", "/claim/resume", "/check"):
        page = client.get(path)
        assert "Zebedee" not in page.text and reference not in page.text, path
        assert 'href="/claim/tasks"' not in page.text and "claim in progress" not in page.text, path
    for path in ("/claim/tasks", "/claim/page/your-name", "/claim/check", "/claim/saved", "/claim/evidence"):
        page = client.get(path)
        assert "Zebedee" not in page.text and reference not in page.text, path


def test_after_save_the_reference_and_secret_bring_the_claim_back(client) -> None:  # noqa: ANN001
    reference = start(client)
    _fill_name(client, "Zebedee")
    _save_with_secret(client)
    form = client.get("/claim/resume")
    back = client.post("/claim/resume", data={"reference": reference, "secret": "correct horse battery", "csrf_token": csrf(form.text)})
    assert back.url.path == "/claim/tasks"
    assert 'value="Zebedee"' in client.get("/claim/page/your-name").text


def test_the_saved_page_before_any_way_back_is_chosen_keeps_the_claim_open(client) -> None:  # noqa: ANN001
    """Without a secret or a link the person could never come back, so the browser keeps the claim."""
    start(client)
    client.get("/claim/saved")
    assert client.get("/claim/tasks", follow_redirects=False).status_code == 200


# ---------------------------------------------------------------------------- idle timeout


def test_an_idle_session_cannot_reach_the_draft_or_the_check_answers(client, portal) -> None:  # noqa: ANN001
    answer_all(client, SINGLE_RENTER)
    reference = start(client)
    _fill_name(client, "Zebedee")
    session_id = client.cookies["session"]
    _idle(portal, session_id, _idle_limit(portal) + 1)

    ended = client.get("/claim/page/your-name", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == "/session/ended"
    assert ended.headers["clear-site-data"] == '"cache", "cookies", "storage"'
    assert _row(portal, session_id) is None and _check_row(portal, session_id) is None

    page = client.get("/session/ended")
    assert "Your session ended because you did not do anything for 30 minutes." in page.text
    assert "What you saved with a reference and secret is kept." in page.text
    assert client.cookies["session"] != session_id
    assert client.get("/claim/tasks", follow_redirects=False).headers["location"] == "/claim"
    assert client.get("/check/results", follow_redirects=False).headers["location"] == "/check"
    assert "Zebedee" not in client.get("/claim").text


def test_an_idle_session_presented_again_is_still_ended(portal, titles) -> None:  # noqa: ANN001
    """A copy of the old cookie (say, in another program) does not bring the session back."""
    with other_browser(portal, titles) as browser:
        start(browser)
        session_id, claim_cookie = browser.cookies["session"], browser.cookies["claim"]
        _idle(portal, session_id, _idle_limit(portal) + 1)
        browser.get("/claim")
    with other_browser(portal, titles) as copy:
        cookies = {"cookie": f"session={session_id}; claim={claim_cookie}"}
        assert copy.get("/claim/tasks", headers=cookies, follow_redirects=False).headers["location"] == "/claim"


def test_a_session_just_inside_its_timeout_carries_on(client, portal) -> None:  # noqa: ANN001
    start(client)
    session_id = client.cookies["session"]
    _idle(portal, session_id, _idle_limit(portal) - 5)
    assert client.get("/claim/tasks", follow_redirects=False).status_code == 200
    assert client.cookies["session"] == session_id


def test_keep_alive_counts_as_activity(client, portal) -> None:  # noqa: ANN001
    start(client)
    session_id = client.cookies["session"]
    _idle(portal, session_id, _idle_limit(portal) - 5)
    token = csrf(client.get("/claim/tasks").text)
    kept = client.post("/session/keep-alive", headers={"x-csrf-token": token, "accept": "application/json"})
    assert kept.json()["alive"] is True and kept.json()["expires_in"] == _idle_limit(portal)
    assert kept.headers["cache-control"] == "no-store"
    seen = _row(portal, session_id).last_seen_at
    assert (datetime.now(UTC) - (seen if seen.tzinfo else seen.replace(tzinfo=UTC))).total_seconds() < _idle_limit(portal) / 2


def test_keep_alive_cannot_bring_an_ended_session_back(client, portal) -> None:  # noqa: ANN001
    start(client)
    session_id = client.cookies["session"]
    token = csrf(client.get("/claim/tasks").text)
    _idle(portal, session_id, _idle_limit(portal) + 1)
    late = client.post("/session/keep-alive", headers={"x-csrf-token": token, "accept": "application/json"},
                       follow_redirects=False)
    assert late.status_code == 303 and late.headers["location"] == "/session/ended"
    assert _row(portal, session_id) is None


def test_keep_alive_needs_the_csrf_token(client) -> None:  # noqa: ANN001
    start(client)
    assert client.post("/session/keep-alive", headers={"accept": "application/json"}).status_code == 403


def test_the_layout_carries_the_timeout_for_the_warning(client) -> None:  # noqa: ANN001
    start(client)
    page = client.get("/claim/tasks").text
    expires_in = int(re.search(r'data-expires-in="(\d+)"', page).group(1))
    warn_before = int(re.search(r'data-warn-before="(\d+)"', page).group(1))
    assert 0 < expires_in <= 30 * 60 and warn_before == 120
    assert '<script src="/static/js/session.js" defer></script>' in page


# ---------------------------------------------------------------------------- finish and clear


def test_finish_and_clear_is_offered_once_the_session_holds_personal_data(client) -> None:  # noqa: ANN001
    assert "Finish and clear" not in client.get("/claim").text
    start(client)
    assert 'action="/session/end"' in client.get("/claim/tasks").text
    assert 'action="/session/end"' in client.get("/claim").text


def test_finish_and_clear_ends_the_session_everywhere(client, portal) -> None:  # noqa: ANN001
    answer_all(client, SINGLE_RENTER)
    reference = start(client)
    _fill_name(client, "Zebedee")
    session_id = client.cookies["session"]
    page = client.get("/claim/tasks")
    finished = client.post("/session/end", data={"csrf_token": csrf(page.text)}, follow_redirects=False)
    assert finished.status_code == 303 and finished.headers["location"] == "/session/finished"
    assert finished.headers["clear-site-data"] == '"cache", "cookies", "storage"'
    expired = finished.headers.get_list("set-cookie")
    assert any(c.startswith("session=;") and "Max-Age=0" in c for c in expired)
    assert any(c.startswith("claim=;") and "Max-Age=0" in c and "Path=/claim" in c for c in expired)
    assert _row(portal, session_id) is None and _check_row(portal, session_id) is None

    done = client.get("/session/finished")
    assert "Everything you entered on this device has been cleared" in done.text
    for path in ("/claim/tasks", "/claim/page/your-name", "/check/results", "/check/check-answers"):
        assert client.get(path, follow_redirects=False).status_code == 303, path
    assert "Zebedee" not in client.get("/claim").text
    with portal.state.sessionmaker() as db:  # the draft itself stays, for its reference and secret
        from app.services import claims

        assert claims.get_claim(db, reference) is not None


def test_finish_and_clear_goes_where_the_device_asks(portal, titles) -> None:  # noqa: ANN001
    async def kiosk_like(scope, receive, send):  # noqa: ANN001, ANN202
        if scope["type"] == "http":
            scope.setdefault("state", {})["after_session_end_url"] = "/help"
        await portal(scope, receive, send)

    with CheckedClient(kiosk_like, titles=titles, base_url="http://testserver") as browser:
        start(browser)
        page = browser.get("/claim/tasks")
        finished = browser.post("/session/end", data={"csrf_token": csrf(page.text)}, follow_redirects=False)
        assert finished.headers["location"] == "/help"


# ---------------------------------------------------------------------------- kiosk values


def test_timeouts_on_a_kiosk_come_from_the_kiosk_fields(portal) -> None:  # noqa: ANN001
    council = portal.state.council

    class Device:
        id = "reception-1"

    assert sessions.timeouts_for({"state": {}}, council) == (30 * 60, 120)
    assert sessions.timeouts_for({"state": {"kiosk_device": Device()}}, council) == (120 + 30, 30)


class _Device:
    id = "reception-1"


def _on_a_kiosk(portal):  # noqa: ANN001, ANN202
    async def kiosk(scope, receive, send):  # noqa: ANN001, ANN202
        if scope["type"] == "http":
            scope.setdefault("state", {})["kiosk_device"] = _Device()
        await portal(scope, receive, send)

    return kiosk


def test_personal_fields_are_filled_in_by_the_browser_only_on_a_personal_device(client, portal, titles) -> None:  # noqa: ANN001
    start(client)
    assert 'autocomplete="given-name"' in client.get("/claim/page/your-name").text
    with CheckedClient(_on_a_kiosk(portal), titles=titles, base_url="http://testserver") as kiosk:
        start(kiosk)
        page = kiosk.get("/claim/page/your-name").text
        assert 'autocomplete="given-name"' not in page and 'autocomplete="off"' in page


def test_a_kiosk_session_is_stored_as_one_and_times_out_on_kiosk_values(portal, titles) -> None:  # noqa: ANN001
    with CheckedClient(_on_a_kiosk(portal), titles=titles, base_url="http://testserver") as kiosk:
        start(kiosk)
        row = _row(portal, kiosk.cookies["session"])
        assert row.kind == "kiosk" and row.kiosk_device_id == "reception-1"
        page = kiosk.get("/claim/tasks").text
        assert 140 < int(re.search(r'data-expires-in="(\d+)"', page).group(1)) <= 150 and 'data-warn-before="30"' in page
