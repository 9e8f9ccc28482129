"""'Send me a link' from a kept result: checked addresses, the message in the outbox, limits, nothing personal logged."""

from __future__ import annotations

import logging
import re
import uuid

import pytest

from app.services import saved_results as saved
from app.services.check import send_link as link
from app.services.notify import outbox
from tests.app.check_helpers import SINGLE_RENTER, answer_all, csrf
from tests.conftest import CheckedClient


def _address() -> tuple[str, int]:
    n = uuid.uuid4().int
    return (f"203.0.{n % 250}.{(n >> 8) % 250 + 1}", 40000)


@pytest.fixture
def kept(portal, titles):
    """A browser of its own (its own address) with a kept result; gives (client, reference as shown)."""
    with CheckedClient(portal, titles=titles, base_url="http://testserver", client=_address()) as client:
        answer_all(client, SINGLE_RENTER)
        page = client.post("/check/keep", data={"csrf_token": csrf(client)})
        yield client, re.search(r'id="reference">([A-Z0-9 ]+)<', page.text)[1]


def _messages(portal, template=link.TEMPLATE):  # noqa: ANN001, ANN202
    settings = portal.state.settings
    with portal.state.sessionmaker() as db:
        return [m for m in outbox(db, saved.sealer_for(settings), limit=500) if m.template == template]


def _send(client, **data):  # noqa: ANN001, ANN003, ANN202
    return client.post("/check/send-link", data={"csrf_token": csrf(client), **data})


def test_the_kept_page_offers_to_send_a_link(kept):
    client, _reference = kept
    page = client.get("/check/kept")
    assert 'href="/check/send-link"' in page.text
    form = client.get("/check/send-link")
    assert form.status_code == 200 and "Send me a link to my result" in form.text


def test_an_email_puts_the_resume_link_with_the_reference_in_the_outbox(kept, portal):
    client, reference = kept
    address = f"someone-{uuid.uuid4().hex[:8]}@example.com"
    sent = _send(client, how="email", email=address)
    assert sent.url.path == "/check/kept" and "We have sent a link to your result by email." in sent.text
    [message] = [m for m in _messages(portal) if m.to == address]
    assert message.channel == "email" and message.backend == "outbox"
    compact = reference.replace(" ", "")
    assert message.personalisation == {"link": f"http://testserver/check/resume?reference={compact}", "reference": reference}


def test_the_sent_link_fills_in_the_reference_and_brings_the_result_back(kept, portal, titles):
    client, reference = kept
    number = "07700 900 " + f"{uuid.uuid4().int % 1000:03d}"
    _send(client, how="sms", mobile=number)
    [message] = [m for m in _messages(portal) if m.to == number.replace(" ", "")]
    assert message.channel == "sms"
    path = message.personalisation["link"].removeprefix("http://testserver")
    with CheckedClient(portal, titles=titles, base_url="http://testserver", client=_address()) as other:
        opened = other.get(path)
        assert f'value="{reference}"' in opened.text
        resumed = other.post("/check/resume", data={"csrf_token": csrf(other), "reference": reference})
        assert resumed.url.path == "/check/results"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "how", "Select how you want us to send the link"),
    ({"how": "email", "email": ""}, "email", "Enter your email address"),
    ({"how": "email", "email": "name.example.com"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"how": "email", "email": "name@example"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"how": "email", "email": "a" * 250 + "@example.com"}, "email", "Email address must be 254 characters or fewer"),
    ({"how": "sms", "mobile": ""}, "mobile", "Enter your mobile phone number"),
    ({"how": "sms", "mobile": "01632 960 001"}, "mobile", "Enter a mobile phone number. Text messages cannot be sent to a landline"),
    ({"how": "sms", "mobile": "0770090098"}, "mobile", "Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982"),
    ({"how": "sms", "mobile": "call me"}, "mobile", "Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982"),
    ({"how": "sms", "mobile": "+33 6 12 34 56 78"}, "mobile", "Enter a UK mobile phone number, like 07700 900 982"),
])
def test_a_bad_address_or_number_gets_its_own_message_and_is_kept(kept, portal, data, field, message):
    client, _reference = kept
    before = len(_messages(portal))
    answer = _send(client, **data)
    assert answer.status_code == 422
    assert f'href="#{field}"' in answer.text  # the error summary links to the field
    assert f'id="{field}-error"' in answer.text and message in answer.text
    typed = data.get(field, "") if field != "how" else ""
    if typed:
        assert f'value="{typed}"' in answer.text
    assert len(_messages(portal)) == before


def test_mobile_numbers_are_read_in_the_ways_people_write_them():
    for typed in ("07700900982", "07700 900 982", "(07700) 900-982", "+44 7700 900982", "+44 (0)7700 900982", "0044 7700 900982"):
        assert link.read_request({"how": "sms", "mobile": typed}).to == "07700900982", typed


def test_sends_are_limited_per_session(kept, portal):
    client, _reference = kept
    stem = uuid.uuid4().hex[:8]
    for n in range(link.SENDS_PER_SESSION):
        assert _send(client, how="email", email=f"{stem}-{n}@example.com").url.path == "/check/kept"
    refused = _send(client, how="email", email=f"{stem}-last@example.com")
    assert refused.status_code == 429
    assert "You have asked for too many links. Try again in 60 minutes" in refused.text
    assert f'value="{stem}-last@example.com"' in refused.text
    assert not [m for m in _messages(portal) if m.to == f"{stem}-last@example.com"]


def test_without_a_kept_result_there_is_nothing_to_send(client):
    answer_all(client, SINGLE_RENTER)
    assert client.get("/check/send-link", follow_redirects=False).headers["location"] == "/check/results"
    refused = client.post("/check/send-link", data={"csrf_token": csrf(client), "how": "email", "email": "a@example.com"},
                          follow_redirects=False)
    assert refused.status_code == 303


def test_nothing_personal_is_logged_when_a_link_is_sent(kept, portal, caplog):
    client, reference = kept
    address = f"private-{uuid.uuid4().hex[:8]}@example.com"
    number = "07700 900 " + f"{uuid.uuid4().int % 1000:03d}"
    with caplog.at_level(logging.DEBUG):
        _send(client, how="email", email=address)
        _send(client, how="sms", mobile=number)
        _send(client, how="email", email="not-an-address")
    logged = "\n".join(r.getMessage() + " " + str(getattr(r, "fields", "")) for r in caplog.records)
    assert "check-result-link" in logged  # the sends were logged, by template only
    for personal in (address, number, number.replace(" ", ""), reference, reference.replace(" ", ""), "not-an-address"):
        assert personal not in logged
