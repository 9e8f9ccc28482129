"""'Check what you can get' through the web pages: journeys, validation, results, what if, keep and resume."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

import calculators
from app.services.money_input import format_money
from calculators.core.household import Amount, Child, Home, Household, Job, Person
from calculators.core.periods import MONTH, WEEK
from tests.app.check_helpers import HOUSEHOLDS, SINGLE_RENTER, WORKING_FAMILY, answer_all, csrf, post


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("name", list(HOUSEHOLDS))
def test_each_household_reaches_results_in_under_15_pages(client, name):
    seen = answer_all(client, HOUSEHOLDS[name])
    assert len(seen) + 1 < 16  # the questions, then "Check your answers"
    answers = client.get("/check/check-answers")
    assert answers.status_code == 200
    results = client.get("/check/results")
    assert results.status_code == 200
    assert "Your results" in results.text


def test_only_questions_that_apply_are_asked(client):
    owner = answer_all(client, HOUSEHOLDS["pensioner couple"])
    assert "rent" not in owner and "postcode" not in owner and "childcare" not in owner
    renter = answer_all(client, SINGLE_RENTER)
    assert "postcode" in renter and "partner-work" not in renter and "pensions" not in renter


def test_pensioners_are_not_asked_about_work_capability(client):
    answer_all(client, HOUSEHOLDS["pensioner couple"])
    page = client.get("/check/circumstances")
    assert "lcwra" not in page.text and "LCW" not in page.text
    answer_all(client, SINGLE_RENTER)
    assert "lcwra" in client.get("/check/circumstances").text


def test_a_page_cannot_be_reached_out_of_turn(client):
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    response = client.get("/check/savings", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/check/partner"
    response = client.get("/check/results", follow_redirects=False)
    assert response.status_code == 303
    # A page that does not apply (rent, for a home owner) redirects too.
    post(client, "/check/partner", {"partner": "no"}, token)
    post(client, "/check/date-of-birth", {"you-day": "1", "you-month": "1", "you-year": "1980"}, token)
    post(client, "/check/home", {"tenure": "owner"}, token)
    assert client.get("/check/rent", follow_redirects=False).status_code == 303
    assert client.get("/check/no-such-question").status_code == 404


def test_errors_are_shown_next_to_the_field_and_in_a_summary_keeping_what_was_typed(client):
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    post(client, "/check/partner", {"partner": "no"}, token)
    response = post(client, "/check/date-of-birth", {"you-day": "31", "you-month": "2", "you-year": "1990"}, token)
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#you-day">Date of birth must be a real date' in response.text
    assert 'value="31"' in response.text
    assert response.text.count("Date of birth must be a real date") == 2  # summary and field
    assert "<title>Error:" in response.text
    post(client, "/check/date-of-birth", {"you-day": "1", "you-month": "2", "you-year": "1990"}, token)
    post(client, "/check/home", {"tenure": "private_rent"}, token)
    response = post(client, "/check/postcode", {"postcode": "SW1A 1AA"}, token)
    assert response.status_code == 422 and "Enter a postcode in the Demo Borough Council area" in response.text
    assert 'value="SW1A 1AA"' in response.text
    post(client, "/check/postcode", {"postcode": "BA1 1AA"}, token)
    response = post(client, "/check/rent", {"rent-amount": "seven hundred", "rent-period": "", "bedrooms": "1"}, token)
    assert "Enter your rent as a number" in response.text and "Select how often your rent is paid" in response.text
    assert 'value="seven hundred"' in response.text


def test_back_link_keeps_the_answers(client):
    answer_all(client, SINGLE_RENTER)
    page = client.get("/check/rent")
    assert 'value="700.00"' in page.text and 'value="1"' in page.text
    assert 'href="/check/postcode"' in page.text  # back


def test_unknown_postcode_offers_a_choice_of_area(client):
    plan = dict(SINGLE_RENTER)
    plan["postcode"] = {"postcode": "", "postcode-unknown": "yes"}
    plan["area"] = {"brma": "bristol"}
    seen = answer_all(client, plan)
    assert "area" in seen
    page = client.get("/check/area")
    assert "Bath" in page.text and "Bristol" in page.text


def _single_renter_household(on: date) -> Household:
    return Household(
        claimant=Person(date_of_birth=date(1990, 2, 1),
                        jobs=[Job(gross_pay=Amount(amount=Decimal("200"), period=WEEK), hours_per_week=Decimal("16"))]),
        home=Home(tenure="private_rent", rent=Amount(amount=Decimal("700"), period=MONTH), bedrooms=1,
                  council="demo", country="england", brma="bristol", council_tax_band="B",
                  council_tax=Amount(amount=Decimal("1500"), period="year")),
        capital=Decimal("500"),
        uc_claim_start=on,
    )


def test_results_show_the_engines_figures(client):
    answer_all(client, SINGLE_RENTER)
    page = client.get("/check/results").text
    expected = calculators.calculate(_single_renter_household(date.today()), date.today())
    assert format_money(expected.total_benefits(WEEK)) in page
    assert format_money(expected.total_benefits(MONTH)) in page
    shown = [i for i in expected.benefits if i.amount]
    assert shown, "the engine should find something for this household"
    for item in shown:
        assert f"{format_money(item.per(item.period))}" in page
        assert f'id="benefit-{item.key}"' in page
        assert f'id="how-{item.key}"' in page  # "How we worked this out"
    assert "legislation.gov.uk" in page
    assert "How to claim Universal Credit" in page
    assert 'href="/help"' in page


def test_results_say_what_could_not_be_worked_out_and_why(client):
    plan = dict(SINGLE_RENTER)
    plan["council-tax"] = {"band": "unknown", "bill-amount": "", "bill-unknown": "yes"}
    answer_all(client, plan)
    page = client.get("/check/results").text
    assert "What we could not work out" in page
    assert "Council Tax Reduction" in _text(page.split('id="not-worked-out"')[1])
    assert "You did not know how much Council Tax you pay" in page


def test_results_compare_what_you_get_with_what_you_may_be_missing(client):
    answer_all(client, WORKING_FAMILY)
    page = _text(client.get("/check/results").text)
    assert "You said you already get" in page and "Child Benefit" in page
    assert "You may be missing" in page


def test_what_if_shows_old_and_new_side_by_side(client):
    answer_all(client, SINGLE_RENTER)
    client.get("/check/results")
    token = csrf(client)
    choose = client.get("/check/what-if")
    assert 'href="/check/rent?whatif=1#rent-amount"' in choose.text
    response = post(client, "/check/rent", {"rent-amount": "800", "rent-period": "month", "bedrooms": "1",
                                            "mode": "whatif"}, token)
    assert response.url.path == "/check/what-if/compare"
    old = calculators.calculate(_single_renter_household(date.today()), date.today())
    new_household = _single_renter_household(date.today()).model_copy(update={
        "home": _single_renter_household(date.today()).home.model_copy(update={"rent": Amount(amount=Decimal("800"), period=MONTH)})})
    new = calculators.calculate(new_household, date.today())
    text = response.text
    assert format_money(old.total_benefits(MONTH)) in text and format_money(new.total_benefits(MONTH)) in text
    difference = new.total_benefits(MONTH) - old.total_benefits(MONTH)
    assert ("+" if difference > 0 else "") + format_money(difference) in text
    # Going back to the old answers restores them.
    client.post("/check/what-if/undo", data={"csrf_token": token})
    assert 'value="700.00"' in client.get("/check/rent").text


def test_keep_and_resume_on_another_device(client, portal, titles):
    from tests.conftest import CheckedClient

    answer_all(client, SINGLE_RENTER)
    token = csrf(client)
    kept = client.post("/check/keep", data={"csrf_token": token})
    reference = re.search(r'id="reference">([A-Z0-9 ]+)<', kept.text)[1]
    assert len(reference.replace(" ", "")) == 8
    total = re.search(r'id="total-weekly">([^<]+)<', client.get("/check/results").text)[1]
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as other:
        other_token = csrf(other)
        assert other.get("/check/results", follow_redirects=False).status_code == 303
        wrong = other.post("/check/resume", data={"csrf_token": other_token, "reference": "ZZZZ 9999"})
        assert wrong.status_code == 422 and "Enter the reference exactly" in wrong.text
        resumed = other.post("/check/resume", data={"csrf_token": other_token, "reference": reference.lower()})
        assert resumed.url.path == "/check/results"
        assert total in resumed.text


def test_print_view_shows_every_explanation_and_the_answers(client):
    answer_all(client, SINGLE_RENTER)
    page = client.get("/check/results/print")
    assert page.status_code == 200
    assert "<details" not in page.text
    assert "How we worked this out" in page.text and "Your answers" in page.text


def test_what_you_already_get_is_worded_once_per_period(client):
    from tests.app.check_helpers import LONE_PARENT

    answer_all(client, LONE_PARENT)  # says they already get Universal Credit and Child Benefit
    page = client.get("/check/results").text
    assert "You said you already get" in page
    assert "a year a year" not in page and "a week a week" not in page and "a month a month" not in page


def test_a_family_of_twenty_children_reaches_results(client):
    children = {}
    for i in range(1, 21):
        children |= {f"child{i}-age": str(10 + i % 6), f"child{i}-sex": "male" if i % 2 else "female",
                     f"child{i}-disability": "none"}
    plan = WORKING_FAMILY | {"people": {"children": "20", "adults": "0"}, "children": children}
    answer_all(client, plan)
    page = client.get("/check/results")
    assert page.status_code == 200 and "Child Benefit" in page.text


@pytest.mark.parametrize(("field", "number", "message"), [
    ("children", "31", "Number of children must be 30 or less"),
    ("adults", "21", "Number of other adults must be 20 or less"),
])
def test_the_household_size_questions_have_the_engines_maxima(client, field, number, message):
    answer_all(client, SINGLE_RENTER)
    token = csrf(client)
    people = {"children": "0", "adults": "0"} | {field: number}
    page = post(client, "/check/people", people, token)
    assert page.status_code == 422 and message in page.text
    allowed = {"children": "0", "adults": "0"} | {field: str(int(number) - 1)}
    assert post(client, "/check/people", allowed, token).status_code == 200
