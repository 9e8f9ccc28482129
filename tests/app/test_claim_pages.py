"""The claim pages through the portal: the whole journey for three households, saving as it
goes, pages out of turn, confirming before answers are deleted, bad inputs on every
question type, submission and what happens after it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.models.claim import Claim, ClaimEvent
from app.services import claims
from tests.forms.test_hb_ctr import (
    COUPLE, COUPLE_GROUPS, PENSIONER, PENSIONER_GROUPS, SUPPORTED, SUPPORTED_GROUPS, raw_for,
)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TASK_LINK = re.compile(r'<a class="govuk-link govuk-task-list__link"\s+href="([^"]+)"[^>]*>\s*([^<]+?)\s*</a>.*?<div class="govuk-task-list__status[^"]*" id="[^"]+">\s*(.*?)\s*</div>', re.S)
INPUT_NAME = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')
SEEN = re.compile(r'<input type="hidden" name="seen" value="([^"]*)">')
HIDDEN = ("csrf_token", "username", "seen")


def seen(html: str) -> dict:
    """The page's hidden record of what it showed, posted back as a browser would."""
    found = SEEN.search(html)
    return {"seen": found.group(1)} if found else {}


def csrf(html: str) -> str:
    return CSRF.search(html).group(1)


def start(client) -> str:
    page = client.get("/claim")
    assert page.status_code == 200
    response = client.post("/claim/start", data={"csrf_token": csrf(page.text)})
    assert response.url.path == "/claim/tasks"
    return re.search(r"HB-[0-9A-Z]{10}", response.text).group(0)


def answers_for(path: str, html: str, top: dict, groups: dict) -> dict:
    address = path.removeprefix("/claim/page/")
    names = [n for n in INPUT_NAME.findall(html) if n not in HIDDEN]
    if "add_another" in names:
        group = next(g for g in groups if address == f"{g}-list" or address.startswith(g))
        have = len(re.findall(r'href="/claim/page/[a-z_]+/\d+/remove"', html))
        return {"add_another": "yes" if have < len(groups.get(group, [])) else "no"}
    parts = address.split("/")
    source = groups[parts[0]][int(parts[1]) - 1] if len(parts) == 3 else top
    data: dict = {}
    for qid in dict.fromkeys(n.split("-")[0] for n in names):
        assert qid in source, f"no answer for {qid} on {address}"
        data.update(raw_for(qid, source[qid]))
    return data


def walk(client, top: dict, groups: dict) -> tuple[list[str], object]:
    """Answer every page from the task list to the confirmation, as a person would."""
    visited: list[str] = []
    response = client.get("/claim/tasks")
    for _ in range(300):
        path = urlsplit(str(response.url)).path
        if path == "/claim/tasks":
            open_tasks = [(href, status) for href, _title, status in TASK_LINK.findall(response.text) if "Completed" not in status]
            assert open_tasks, "nothing left to do but the claim was not sent"
            response = client.get(open_tasks[0][0])
        elif path.startswith("/claim/page/"):
            visited.append(path.removeprefix("/claim/page/"))
            data = answers_for(path, response.text, top, groups) | {"csrf_token": csrf(response.text)} | seen(response.text)
            response = client.post(path, data=data)
            assert response.status_code == 200, (path, re.findall(r'govuk-error-message">.*?</p>', response.text, re.S))
        elif path.startswith("/claim/check/"):
            response = client.get("/claim/tasks")
        elif path == "/claim/check":
            visited.append("check")
            href = re.search(r'<a class="govuk-button" data-module="govuk-button" href="([^"]+)"', response.text).group(1)
            response = client.get(href)
        elif path == "/claim/submit":
            visited.append("submit")
            response = client.post("/claim/submit", data={"csrf_token": csrf(response.text)})
        elif path == "/claim/confirmation":
            return visited, response
        else:
            raise AssertionError(f"unexpected page {path}")
    raise AssertionError("the journey did not end")


@pytest.mark.parametrize(
    ("top", "groups", "must_see", "evidence"),
    [
        (PENSIONER, PENSIONER_GROUPS, ["benefits/2/rate", "bank-details"], ["Attendance Allowance", "Proof of your identity"]),
        (SUPPORTED, SUPPORTED_GROUPS, ["support-provider", "service-charges-amount"], ["Universal Credit statement"]),
        (COUPLE, COUPLE_GROUPS, ["partner-name", "others/1/income", "jobs/1/whose"], ["Payslips from Leeds Teaching Hospitals"]),
    ],
    ids=["pensioner-private-rent", "supported-accommodation", "couple-with-non-dependant"],
)
def test_the_whole_claim_for_three_households(client, portal, top, groups, must_see, evidence):
    reference = start(client)
    visited, confirmation = walk(client, top, groups)
    for address in must_see:
        assert address in visited
    assert visited[-2:] == ["declaration", "submit"] and "check" in visited
    assert reference in confirmation.text and "What happens next" in confirmation.text
    for text in evidence:
        assert text in confirmation.text
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        assert claim.status == "submitted" and claim.submitted_at is not None
        answers = claims.answers_of(db, claim, claims.sealer_for(portal.state.settings))
        assert answers["first_name"] == top["first_name"]
        kinds = [e.kind for e in db.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id))]
        assert kinds[0] == "started" and kinds.count("submitted") == 1 and kinds.count("saved") >= len(visited) - 4


def test_the_start_page_says_what_is_needed_and_the_claim_date(client):
    page = client.get("/claim")
    assert "If you send this by" in page.text and "your claim can start from" in page.text
    assert "National Insurance numbers" in page.text and "You do not need an email address" in page.text


def test_pages_without_a_claim_go_to_the_start(client):
    for path in ("/claim/tasks", "/claim/page/your-name", "/claim/check", "/claim/submit", "/claim/save"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/claim"


def test_no_page_is_reachable_out_of_turn(client):
    start(client)
    # the next unanswered page in the section, not the one asked for
    response = client.get("/claim/page/national-insurance", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/claim/page/your-name"
    # a section that cannot start yet, the final check and submitting all go back to the task list
    assert client.get("/claim/page/tenure", follow_redirects=False).headers["location"] == "/claim/tasks"
    assert client.get("/claim/check", follow_redirects=False).headers["location"] == "/claim/tasks"
    token = csrf(client.get("/claim/page/your-name").text)
    assert client.post("/claim/submit", data={"csrf_token": token}, follow_redirects=False).headers["location"] == "/claim/tasks"
    assert client.get("/claim/page/no-such-page").status_code == 404


def test_every_page_saves_and_what_was_typed_is_kept_on_error(client, portal):
    reference = start(client)
    page = client.get("/claim/page/your-name")
    response = client.post("/claim/page/your-name", data={"csrf_token": csrf(page.text), "first_name": "Ann", "last_name": ""})
    assert response.status_code == 422
    assert "There is a problem" in response.text and "Enter your last name" in response.text
    assert 'href="#last_name"' in response.text and 'value="Ann"' in response.text
    assert response.text.count("<title>Error: ") == 1
    client.post("/claim/page/your-name", data={"csrf_token": csrf(page.text), "first_name": "Ann", "last_name": "Example"})
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        assert claims.answers_of(db, claim, claims.sealer_for(portal.state.settings)) == {"first_name": "Ann", "last_name": "Example"}
    again = client.get("/claim/page/your-name")
    assert 'value="Example"' in again.text


BAD_INPUTS = [
    # (page, data, message) for each question type
    ("your-name", {"first_name": "x" * 101, "last_name": "Ok"}, "First name must be 100 characters or less"),
    ("date-of-birth", {"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "1950"}, "Date of birth must be a real date"),
    ("date-of-birth", {"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "2099"}, "Date of birth must be in the past"),
    ("national-insurance", {"ni_number": "QQ12345"}, "Enter a National Insurance number in the correct format"),
    ("address", {"home_address-line1": "1 High St", "home_address-town": "Leeds", "home_address-postcode": "NOT A CODE"}, "Enter a full UK postcode"),
    ("moved-in", {"moved_in_date-day": "", "moved_in_date-month": "", "moved_in_date-year": ""}, "Enter the date you moved in"),
    ("what-claiming", {}, "Select what you want to claim"),
    ("universal-credit", {"gets_universal_credit": "maybe"}, "Select yes if you or your partner get Universal Credit"),
]
ANSWERS_BEFORE = {
    "your-name": {}, "contacted-us": {"first_name": "Ann", "last_name": "Ok"}, "date-of-birth": {"contacted_before": "no"},
    "national-insurance": {"date_of_birth-day": "2", "date_of_birth-month": "5", "date_of_birth-year": "1948"},
    "address": {"ni_number": "AB123456C"},
    "moved-in": {"home_address-line1": "1 High St", "home_address-town": "Leeds", "home_address-postcode": "LS6 2AB"},
    "what-claiming": {"moved_in_date-day": "1", "moved_in_date-month": "6", "moved_in_date-year": "2015"},
    "universal-credit": {"claiming": ["council_tax_reduction", "housing_benefit"]},
}


def _answer_up_to(client, target: str) -> None:
    for slug, data in ANSWERS_BEFORE.items():
        if data:
            token = csrf(client.get(f"/claim/page/{previous}").text)
            assert client.post(f"/claim/page/{previous}", data=data | {"csrf_token": token}).status_code == 200
        previous = slug
        if slug == target:
            return


def test_bad_inputs_on_each_question_type_get_govuk_messages(client):
    start(client)
    _answer_up_to(client, "universal-credit")
    for slug, data, message in BAD_INPUTS:
        token = csrf(client.get(f"/claim/page/{slug}").text)
        response = client.post(f"/claim/page/{slug}", data=data | {"csrf_token": token})
        assert response.status_code == 422, slug
        assert message in response.text, (slug, message)
        for name, value in data.items():
            if value and isinstance(value, str) and len(value) < 50 and name != "gets_universal_credit":
                assert f'value="{value}"' in response.text, (slug, name)


def test_money_phone_email_and_bank_details_refuse_bad_input(client, portal):
    """Later pages: seed the answers straight into the claim, then post bad input through the pages."""
    reference = start(client)
    cases = [
        ("phone", {"phone": "call me"}, "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
        ("email", {"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
    ]
    for slug, data, message in cases:
        _seed(portal, reference, _answers_until(slug))
        token = csrf(client.get(f"/claim/page/{slug}").text)
        response = client.post(f"/claim/page/{slug}", data=data | {"csrf_token": token})
        assert response.status_code == 422 and message in response.text, slug
    _seed(portal, reference, _answers_until("rent"))
    token = csrf(client.get("/claim/page/rent").text)
    response = client.post("/claim/page/rent", data={"rent-amount": "12.345", "rent-period": "week", "csrf_token": token})
    assert response.status_code == 422 and "Enter an amount in pounds and pence, like 123.45" in response.text
    response = client.post("/claim/page/rent", data={"rent-amount": "120", "csrf_token": token})
    assert response.status_code == 422 and "Select how often you get or pay this" in response.text
    assert 'value="120"' in response.text
    _seed(portal, reference, _answers_until("bank-details"))
    token = csrf(client.get("/claim/page/bank-details").text)
    data = {"bank_account-name": "Edith", "bank_account-sort_code": "30-94", "bank_account-account_number": "00733445", "csrf_token": token}
    response = client.post("/claim/page/bank-details", data=data)
    assert response.status_code == 422 and "Enter a valid sort code like 309430" in response.text


def _answers_until(slug: str) -> dict:
    """The pensioner's answers for every page before `slug` (walking the engine)."""
    from datetime import date

    from forms import Journey, default_registry
    from tests.forms.test_hb_ctr import Form

    journey = Journey(default_registry().latest("hb_ctr"), {}, today=date.today())
    for _ in range(200):
        task = next(t for t in journey.task_list() if t.status.value in ("not_started", "in_progress"))
        address = task.href
        while address not in ("tasks", "submit") and not address.startswith("check/"):
            if address == slug:
                return journey.answers
            page = journey.page(address)
            data = Form()
            if page.kind == "list":
                data["add_another"] = "yes" if len(journey.answers.get(page.group.id) or []) < len(PENSIONER_GROUPS.get(page.group.id, [])) else "no"
            else:
                source = PENSIONER_GROUPS[page.group.id][page.index - 1] if page.group else PENSIONER
                for q in page.questions:
                    data.update(raw_for(q.id, source[q.id]))
            page.bind(data)
            address = journey.after(address)
    raise AssertionError(slug)


def _seed(portal, reference: str, answers: dict) -> None:
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        claims.save_answers(db, claim, answers, claims.sealer_for(portal.state.settings))
        db.commit()


def test_changing_an_answer_that_removes_pages_asks_first(client, portal):
    reference = start(client)
    answers = _answers_until("partner") | {"has_partner": True}
    answers |= {"partner_first_name": "Ravi", "partner_last_name": "Shah"}
    _seed(portal, reference, answers)
    token = csrf(client.get("/claim/page/partner").text)
    response = client.post("/claim/page/partner", data={"has_partner": "no", "csrf_token": token})
    assert response.status_code == 422
    assert "We will delete:" in response.text and "Ravi" in response.text
    assert 'href="#confirm-removal"' in response.text and 'id="confirm-removal"' in response.text
    with portal.state.sessionmaker() as db:
        stored = claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
        assert stored["has_partner"] is True and stored["partner_first_name"] == "Ravi"
    client.post("/claim/page/partner", data={"has_partner": "no", "confirm-removal": "yes", "csrf_token": token})
    with portal.state.sessionmaker() as db:
        stored = claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
        assert stored["has_partner"] is False and "partner_first_name" not in stored


def test_a_sent_claim_cannot_be_changed_and_sending_twice_is_harmless(client, portal):
    reference = start(client)
    page = client.get("/claim/page/your-name")
    token = csrf(page.text)
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        from datetime import UTC, datetime

        claims.mark_submitted(db, claim, datetime.now(UTC))
        db.commit()
    response = client.post("/claim/page/your-name", data={"first_name": "Changed", "last_name": "X", "csrf_token": token})
    assert response.status_code == 409 and "This claim has already been sent" in response.text
    assert client.post("/claim/save", data={"how": "secret", "csrf_token": token}).status_code == 409
    again = client.post("/claim/submit", data={"csrf_token": token})
    assert again.url.path == "/claim/confirmation" and reference in again.text
    assert client.get("/claim/page/your-name").url.path == "/claim/confirmation"
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        assert "first_name" not in claims.answers_of(db, claim, claims.sealer_for(portal.state.settings))
        kinds = [e.kind for e in db.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id))]
        assert kinds.count("submitted") == 1


def test_another_browser_cannot_open_a_claim(client, portal):
    from fastapi.testclient import TestClient

    start(client)
    stolen = client.cookies.get("claim")
    with TestClient(portal, base_url="http://testserver") as other:
        other.cookies.set("claim", stolen, path="/claim")
        response = other.get("/claim/tasks", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/claim"


def test_a_full_group_says_how_many_can_be_added_next_to_the_question(client, portal):
    reference = start(client)
    child = {"child_name": "Sam Jones", "child_date_of_birth": "2015-04-01", "child_sex": "male",
             "child_disability": "none"}
    _seed(portal, reference, _answers_until("children") | {"has_children": True, "children": [child] * 30})
    page = client.get("/claim/page/children-list")
    assert page.status_code == 200 and "You can add up to 30 children" in page.text
    assert 'name="add_another" value="no"' in page.text  # no yes to choose
    # A yes can still be posted (by hand, or from a page that was open before the last child was added).
    response = client.post("/claim/page/children-list", data={"add_another": "yes", "csrf_token": csrf(page.text)})
    assert response.status_code == 422
    assert "You can add up to 30 children" in response.text and 'href="#add_another"' in response.text
    assert 'id="add_another"' in response.text
    with portal.state.sessionmaker() as db:
        stored = claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
        assert len(stored["children"]) == 30 and "children:add_another" not in stored
