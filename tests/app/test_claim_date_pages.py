"""The claim date on the pages: a person who contacted the council before starting the form
sees their claim start from that day on the task list, the send page and the confirmation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from app.services import claims
from app.services.submission import delivery as outbox
from forms.claim_date import send_by
from forms.questions import long_date
from tests.app.test_claim_pages import csrf, start
from tests.app.test_evidence_pages import begin, send


def answer_contact(client, when: date | None) -> None:  # noqa: ANN001
    token = csrf(client.get("/claim/page/your-name").text)
    client.post("/claim/page/your-name", data={"first_name": "Ann", "last_name": "Ok", "csrf_token": token})
    page = client.get("/claim/page/contacted-us")
    assert "Have you already contacted the council about this claim?" in page.text
    response = client.post("/claim/page/contacted-us", data={"contacted_before": "yes" if when else "no", "csrf_token": csrf(page.text)})
    if when is None:
        assert response.url.path == "/claim/page/date-of-birth"
        return
    assert response.url.path == "/claim/page/contacted-date"
    response = client.post("/claim/page/contacted-date", data={
        "first_contact_date-day": str(when.day), "first_contact_date-month": str(when.month),
        "first_contact_date-year": str(when.year), "csrf_token": csrf(response.text)})
    assert response.url.path == "/claim/page/date-of-birth", re.findall(r'govuk-error-message">.*?</p>', response.text, re.S)


def sentence(first: date) -> str:
    return f"If you send this by {long_date(send_by(first))}, your claim can start from {long_date(first)}."


def test_an_earlier_contact_moves_the_claim_date_on_the_task_list(client) -> None:  # noqa: ANN001
    start(client)
    today = date.today()
    assert sentence(today) in client.get("/claim/tasks").text
    earlier = today - timedelta(days=10)
    answer_contact(client, earlier)
    assert sentence(earlier) in client.get("/claim/tasks").text


def test_a_contact_more_than_a_month_before_is_kept_but_the_claim_starts_today(client) -> None:  # noqa: ANN001
    start(client)
    answer_contact(client, date.today() - timedelta(days=70))
    assert sentence(date.today()) in client.get("/claim/tasks").text


def test_no_earlier_contact_keeps_the_day_the_claim_was_started(client) -> None:  # noqa: ANN001
    start(client)
    answer_contact(client, None)
    assert sentence(date.today()) in client.get("/claim/tasks").text


def test_a_future_contact_date_is_refused_with_a_govuk_message(client) -> None:  # noqa: ANN001
    start(client)
    token = csrf(client.get("/claim/page/your-name").text)
    client.post("/claim/page/your-name", data={"first_name": "Ann", "last_name": "Ok", "csrf_token": token})
    token = csrf(client.get("/claim/page/contacted-us").text)
    client.post("/claim/page/contacted-us", data={"contacted_before": "yes", "csrf_token": token})
    tomorrow = date.today() + timedelta(days=1)
    page = client.get("/claim/page/contacted-date")
    response = client.post("/claim/page/contacted-date", data={
        "first_contact_date-day": str(tomorrow.day), "first_contact_date-month": str(tomorrow.month),
        "first_contact_date-year": str(tomorrow.year), "csrf_token": csrf(page.text)})
    assert response.status_code == 422
    assert "The date you first contacted the council must be today or in the past" in response.text


def test_the_confirmation_says_when_the_claim_can_start(client, portal) -> None:  # noqa: ANN001
    reference = begin(client, portal)
    earlier = date.today() - timedelta(days=5)
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        sealer = claims.sealer_for(portal.state.settings)
        answers = claims.answers_of(db, claim, sealer) | {"contacted_before": True, "first_contact_date": earlier.isoformat()}
        claims.save_answers(db, claim, answers, sealer)
        db.commit()
    assert sentence(earlier) in client.get("/claim/tasks").text
    assert sentence(earlier) in client.get("/claim/submit").text
    send(portal, reference)
    confirmation = client.get("/claim/confirmation")
    assert f"Your claim can start from {long_date(earlier)}." in confirmation.text
    assert datetime.now(UTC).date() <= send_by(earlier)
    with portal.state.sessionmaker() as db:  # and the back office is told the same date
        record = outbox.claim_record(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
        assert record.claim_date == earlier
