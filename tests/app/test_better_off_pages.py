"""'Better off in work?' through the web pages: from a result, on its own, the offer, htmx and no-JS updates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient

from app.services.money_input import format_money
from calculators.better_off import JobOffer, better_off
from calculators.core.household import Amount, Child, Home, Household, Person
from calculators.core.periods import MONTH, WEEK
from tests.app.check_helpers import LONE_PARENT, answer_all, csrf, post


def _lone_parent(on: date) -> Household:
    return Household(
        claimant=Person(date_of_birth=date(1995, 5, 12)),
        children=[Child(age=4, sex="male")],
        home=Home(tenure="social_rent", rent=Amount(amount=Decimal("110"), period=WEEK), bedrooms=2, council="demo",
                  country="england", council_tax_band="A", council_tax=Amount(amount=Decimal("1100"), period="year")),
        capital=Decimal("0"),
        gets_universal_credit=True,
    )


OFFER = {"pay_type": "hourly", "wage": "12.71", "hours": "20", "travel-amount": "15", "travel-period": "week",
         "childcare-amount": "", "childcare-period": ""}


def test_from_a_result_the_offer_gives_the_engines_figures(client):
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    assert client.get("/better-off/job").status_code == 200
    page = post(client, "/better-off/job", OFFER, token)
    assert page.url.path == "/better-off/result"
    on = date.today()
    household = _lone_parent(on)
    # The check's answers say UC is already paid, with no health element, so the claim start does not matter.
    expected = better_off(household, on, JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("20"),
                                                   travel_cost=Amount(amount=Decimal("15"), period=WEEK)))
    text = page.text
    assert format_money(expected.gain_per_week) in text
    assert format_money(expected.gain_per_hour) in text
    assert format_money(expected.with_job.net_income_after_childcare) in text
    assert format_money(expected.now.net_income_after_childcare) in text
    assert "<svg" in text and 'role="img"' in text and 'id="chart-table"' in text
    assert "Why you keep less than the extra pay" in text and "Universal Credit goes down" in text


def test_changing_hours_without_javascript_posts_the_whole_page(client):
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    post(client, "/better-off/job", OFFER, token)
    page = post(client, "/better-off/result", {"hours": "30", "wage": "12.71"}, token)
    assert page.url.path == "/better-off/result"
    assert 'value="30"' in page.text
    bad = post(client, "/better-off/result", {"hours": "sixty", "wage": "12.71"}, token)
    assert bad.status_code == 422 and "Hours a week must be a number" in bad.text and 'value="sixty"' in bad.text


def test_htmx_gets_only_the_part_with_the_chart_and_table(portal):
    with TestClient(portal, base_url="http://testserver") as plain:
        answer_all(plain, LONE_PARENT)
        token = csrf(plain)
        post(plain, "/better-off/job", OFFER, token)
        response = plain.post("/better-off/result", data={"hours": "25", "wage": "12.71"},
                              headers={"HX-Request": "true", "X-CSRF-Token": token})
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<div id="better-off-results"')
        assert "<html" not in response.text and "<svg" in response.text
        assert response.headers["vary"].lower().find("hx-request") >= 0
        refused = plain.post("/better-off/result", data={"hours": "25", "wage": "12.71"}, headers={"HX-Request": "true"})
        assert refused.status_code == 403  # no CSRF token


def test_on_its_own_asks_only_the_short_questions(client):
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    start = client.get("/better-off")
    assert "Answer a few questions" in start.text
    first = client.post("/better-off/short", data={"csrf_token": token})
    assert first.url.path == "/check/partner"
    seen = []
    response = first
    plan = dict(LONE_PARENT)
    while response.url.path != "/check/check-answers":
        slug = response.url.path.removeprefix("/check/")
        seen.append(slug)
        response = post(client, response.url.path, plan[slug], token)
    assert "benefits" not in seen and "circumstances" not in seen
    assert 'href="/better-off/job"' in response.text
    page = post(client, "/better-off/job", OFFER, token)
    assert page.url.path == "/better-off/result" and "better off" in page.text


def test_offer_errors_are_shown_with_what_was_typed(client):
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    page = post(client, "/better-off/job", {"pay_type": "", "wage": "lots", "hours": "60"}, token)
    assert page.status_code == 422
    assert "Select whether the pay is an hourly wage or a yearly salary" in page.text
    assert "Hours a week must be 48 or less" in page.text and 'value="lots"' in page.text


def test_a_yearly_salary_is_turned_into_an_hourly_wage(client):
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    page = post(client, "/better-off/job", {**OFFER, "pay_type": "yearly", "wage": "26000", "hours": "25"}, token)
    assert "at £20.00 an hour" in page.text


def _rows(html: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table class="govuk-table" id="{table_id}">.*?<tbody[^>]*>(.*?)</tbody>', html, re.S)[1]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_tables_hold_every_figure_of_the_engines_sweep_row_by_row(client):
    answer_all(client, LONE_PARENT)
    page = post(client, "/better-off/job", OFFER, csrf(client))
    on = date.today()
    expected = better_off(_lone_parent(on), on, JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("20"),
                                                         travel_cost=Amount(amount=Decimal("15"), period=WEEK)))
    chart_rows = _rows(page.text, "chart-table")
    points = sorted(expected.sweep, key=lambda p: p.hours)
    assert len(chart_rows) == len(points) == 49
    for cells, point in zip(chart_rows, points, strict=True):
        assert cells[1:] == [format_money(point.net_income_after_childcare),
                             format_money(point.net_income_after_childcare - expected.now.net_income_after_childcare)]
    marked = {cells[0] for cells in chart_rows if "Now" in cells[0] or "With the job" in cells[0]}
    assert marked == {"0 Now", "20 With the job"}
    side = _rows(page.text, "side-by-side")
    assert side[0] == ["Pay before tax", format_money(expected.now.gross_earnings), format_money(expected.with_job.gross_earnings)]
    money_left = next(cells for cells in side if cells[0].startswith("Money left a week"))
    assert money_left[1:] == [format_money(expected.now.net_income_after_childcare),
                              format_money(expected.with_job.net_income_after_childcare)]
    # Subtotals and totals are bold; the lines between them are not.
    assert re.search(r'<th scope="row" class="govuk-table__header">Money left a week[^<]*</th><td[^>]*><strong>', page.text)
    assert re.search(r'<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">Pay before tax</th><td[^>]*>£', page.text)


def test_a_yearly_salary_for_very_few_hours_is_refused_next_to_the_salary(client):
    # £1,000,000 a year for half an hour a week is over £38,000 an hour: more than an hourly wage can be.
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    page = post(client, "/better-off/job", OFFER | {"pay_type": "yearly", "wage": "1000000", "hours": "0.5"}, token)
    assert page.status_code == 422
    assert "comes to more than £1,000 an hour" in page.text and 'href="#wage"' in page.text
    post(client, "/better-off/job", OFFER | {"pay_type": "yearly", "wage": "24000"}, token)
    page = post(client, "/better-off/result", {"hours": "0.5", "wage": "1000000"}, token)
    assert page.status_code == 422 and "comes to more than £1,000 an hour" in page.text


def test_odd_numbers_in_the_offer_are_refused_next_to_their_field(client):
    answer_all(client, LONE_PARENT)
    token = csrf(client)
    odd = ["NaN", "Infinity", "-Infinity", "1e400", "1e-400", "1E+1", "-1", "0", ""]
    outcomes = {}
    for field in ("hours", "wage", "travel-amount"):
        for value in odd:
            page = post(client, "/better-off/job", OFFER | {field: value}, token)
            outcomes[field, value] = "accepted" if page.url.path == "/better-off/result" else page.status_code
            if page.status_code == 422:
                assert f'href="#{field}"' in page.text, (field, value)
    accepted = {key for key, outcome in outcomes.items() if outcome == "accepted"}
    # 10 hours written another way; work for no pay; no travel cost.
    assert accepted == {("hours", "1E+1"), ("wage", "0"), ("travel-amount", "0"), ("travel-amount", "")}, outcomes
    assert all(outcome in ("accepted", 422) for outcome in outcomes.values()), outcomes


CAPPED_LONE_PARENT = dict(LONE_PARENT, **{
    "rent": {"rent-amount": "250", "rent-period": "week", "bedrooms": "2"},
    "people": {"children": "3", "adults": "0"},
    "children": {"child1-age": "3", "child1-sex": "male", "child1-disability": "none",
                 "child2-age": "5", "child2-sex": "male", "child2-disability": "none",
                 "child3-age": "7", "child3-sex": "female", "child3-disability": "none"},
    "benefits": [("benefits", "none")],
})


def test_the_page_names_the_benefit_cap_lifting_and_the_tax_threshold(client):
    # UC Regs 2013 reg. 82(1)(a): capped out of work, the cap lifts at 16 hours at £12.71 an hour
    # (16 x £12.71 x 52 / 12 = £881.2266.. -> £881 a month); Income Tax starts at 20 hours (£254.20 x 52 > £12,570).
    answer_all(client, CAPPED_LONE_PARENT)
    token = csrf(client)
    page = post(client, "/better-off/job", OFFER, token).text
    steps = page.split('id="steps"')[1].split("</ul>")[0]
    assert "<strong>At 16 hours</strong>: The benefit cap stops applying" in steps
    assert "<strong>At 20 hours</strong>: Income Tax starts" in steps
