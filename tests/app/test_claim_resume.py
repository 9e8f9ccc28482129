"""Save and come back later through the pages: a secret, a one-time link, and lockout."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.services import claims
from app.services.notify import outbox
from tests.app.test_claim_pages import csrf, start
from tests.conftest import CheckedClient


def other_browser(portal, titles):
    return CheckedClient(portal, titles=titles, base_url="http://testserver")


def _fill_name(client, first="Ann"):
    token = csrf(client.get("/claim/page/your-name").text)
    client.post("/claim/page/your-name", data={"first_name": first, "last_name": "Example", "csrf_token": token})


def test_save_with_a_secret_and_come_back_in_another_browser(client, portal, titles):
    reference = start(client)
    _fill_name(client)
    page = client.get("/claim/save")
    assert 'autocomplete="new-password"' in page.text and 'autocomplete="username"' in page.text
    bad = client.post("/claim/save", data={"how": "secret", "secret": "short", "secret-confirm": "short", "csrf_token": csrf(page.text)})
    assert bad.status_code == 422 and "Secret word or phrase must be 8 characters or more" in bad.text
    mismatch = client.post("/claim/save", data={"how": "secret", "secret": "correct horse", "secret-confirm": "correct hose", "csrf_token": csrf(page.text)})
    assert "The secret words or phrases do not match" in mismatch.text
    saved = client.post("/claim/save", data={"how": "secret", "secret": "correct horse battery", "secret-confirm": "correct horse battery", "csrf_token": csrf(page.text)})
    assert saved.url.path == "/claim/saved" and reference in saved.text
    with portal.state.sessionmaker() as db:
        stored = claims.get_claim(db, reference).secret_hash
        assert stored.startswith("$argon2id$") and "correct horse" not in stored

    with other_browser(portal, titles) as phone:
        assert phone.get("/claim/tasks", follow_redirects=False).status_code == 303
        form = phone.get("/claim/resume")
        assert 'autocomplete="current-password"' in form.text
        typed = reference.lower().replace("-", " ")  # however it is typed
        back = phone.post("/claim/resume", data={"reference": typed, "secret": "correct horse battery", "csrf_token": csrf(form.text)})
        assert back.url.path == "/claim/tasks" and reference in back.text
        assert 'value="Ann"' in phone.get("/claim/page/your-name").text


def test_wrong_secrets_lock_the_claim_with_a_clear_message(client, portal, titles):
    reference = start(client)
    page = client.get("/claim/save")
    client.post("/claim/save", data={"how": "secret", "secret": "a long secret", "secret-confirm": "a long secret", "csrf_token": csrf(page.text)})
    limit = portal.state.settings.claim_resume_max_failures
    with other_browser(portal, titles) as guesser:
        token = csrf(guesser.get("/claim/resume").text)
        for _ in range(limit - 1):
            wrong = guesser.post("/claim/resume", data={"reference": reference, "secret": "guess guess", "csrf_token": token})
            assert wrong.status_code == 422 and "The claim reference or secret word is not right" in wrong.text
        locked = guesser.post("/claim/resume", data={"reference": reference, "secret": "guess guess", "csrf_token": token})
        assert locked.status_code == 429 and "has been locked" in locked.text and re.search(r"Try again in \d+ minutes", locked.text)
        # even the right secret is refused while locked
        still = guesser.post("/claim/resume", data={"reference": reference, "secret": "a long secret", "csrf_token": token})
        assert still.status_code == 429
    # a made-up reference gets the same answers
    with other_browser(portal, titles) as guesser:
        token = csrf(guesser.get("/claim/resume").text)
        first = guesser.post("/claim/resume", data={"reference": "HB-2222222222", "secret": "guess guess", "csrf_token": token})
        assert first.status_code == 422 and "The claim reference or secret word is not right" in first.text


def test_resume_asks_for_both_fields(client):
    token = csrf(client.get("/claim/resume").text)
    response = client.post("/claim/resume", data={"reference": "", "secret": "", "csrf_token": token})
    assert response.status_code == 422
    assert "Enter your claim reference" in response.text and "Enter your secret word or phrase" in response.text


def test_a_one_time_link_by_text_message_works_once(client, portal, titles):
    reference = start(client)
    _fill_name(client, "Bea")
    page = client.get("/claim/save")
    bad = client.post("/claim/save", data={"how": "sms", "contact-phone": "not a number", "csrf_token": csrf(page.text)})
    assert bad.status_code == 422 and 'value="not a number"' in bad.text
    sent = client.post("/claim/save", data={"how": "sms", "contact-phone": "07700 900982", "csrf_token": csrf(page.text)})
    assert sent.url.path == "/claim/saved" and "text message" in sent.text
    with portal.state.sessionmaker() as db:
        message = next(m for m in outbox(db, claims.sealer_for(portal.state.settings)) if m.personalisation.get("reference") == reference)
    assert message.channel == "sms" and message.to == "07700900982" and message.template == "resume-link"
    path = "/" + message.personalisation["link"].split("/", 3)[3]
    with other_browser(portal, titles) as laptop:
        landing = laptop.get(path)
        assert landing.status_code == 200 and "This link works once" in landing.text
        opened = laptop.post(path, data={"csrf_token": csrf(landing.text)})
        assert opened.url.path == "/claim/tasks" and reference in opened.text
        assert 'value="Bea"' in laptop.get("/claim/page/your-name").text
    with other_browser(portal, titles) as again:
        used = again.get(path)
        assert used.url.path == "/claim/resume" and "expired or has already been used" in used.text


def test_the_development_outbox_page_lists_messages(client):
    start(client)
    page = client.get("/claim/save")
    client.post("/claim/save", data={"how": "email", "contact-email": "dev@example.com", "csrf_token": csrf(page.text)})
    outbox_page = client.get("/claim/dev/notifications")
    assert outbox_page.status_code == 200 and "dev@example.com" in outbox_page.text


def test_the_development_outbox_page_is_hidden_from_other_machines(portal, titles):
    from tests.conftest import CheckedClient

    with CheckedClient(portal, titles=titles, base_url="http://testserver", client=("203.0.113.9", 50000)) as remote:
        assert remote.get("/claim/dev/notifications").status_code == 404
