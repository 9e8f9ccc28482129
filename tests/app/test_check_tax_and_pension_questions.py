"""The two questions the tax and pension rules need, asked only when they matter: whether State Pension age was
reached before 6 April 2016 (savings credit, State Pension Credit Act 2002 s. 3(1A)) and whether a couple is
married and gets Marriage Allowance (ITA 2007 ss. 55A-55E). Each fact a rule can ask for has its page."""

from __future__ import annotations

import copy
import re
from datetime import date
from decimal import Decimal

from app.council import load_profile
from app.services.check import CHECK_ANSWERS, CheckContext, Journey, household_from_answers
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators import calculate
from calculators.core.missing import FACTS
from tests.app.check_helpers import PENSIONER_COUPLE, WORKING_FAMILY, answer_all, post
from tests.app.page_checks import problems

from starlette.datastructures import FormData

TODAY = date(2026, 11, 29)
CONTEXT = CheckContext(load_profile(DEFAULT_COUNCIL_PROFILE), TODAY)

#: The page that asks each fact these rules can be missing.
ASKED_BY = {"pension_age_before_april_2016": "state-pension-age-2016", "married": "marriage-allowance"}

PENSIONER_1952: dict = {
    "partner": {"partner": "no"},
    "date-of-birth": {"you-day": "1", "you-month": "1", "you-year": "1952"},
    "home": {"tenure": "owner"},
    "council-tax": {"band": "C", "bill-amount": "1800", "bill-period": "year"},
    "people": {"children": "0", "adults": "0"},
    "your-work": {"work": "no"},
    "benefits": [("benefits", "state_pension")],
    "benefit-amounts": {"state_pension-amount": "184.90", "state_pension-period": "week"},
    "circumstances": [("you", "none")],
    "pensions": {"you-amount": "40", "you-period": "week"},
    "state-pension-age-2016": {"you": "yes"},
    "savings": {"savings-amount": "0"},
}


def _form(data) -> FormData:  # noqa: ANN001
    return FormData(list(data.items()) if isinstance(data, dict) else list(data))


def answered(plan: dict, skip: tuple[str, ...] = ()) -> Journey:
    journey = Journey(CONTEXT, {})
    while (slug := journey.where_to_go()) != CHECK_ANSWERS:
        if slug in skip:
            break
        bound = journey.bind(journey.page(slug), _form(plan[slug]))
        assert not bound.errors, (slug, bound.errors)
        journey.save(bound)
    return journey


def test_the_facts_these_rules_ask_for_are_known_and_asked_by_a_page():
    journey = Journey(CONTEXT, {})
    for key, slug in ASKED_BY.items():
        assert key in FACTS
        assert journey.page(slug) is not None


def test_born_in_1952_without_the_answer_pension_credit_asks_for_it_and_the_journey_has_the_page():
    # income £184.90 + £40.00 = £224.90 a week is above the 2026-27 savings credit threshold (£208.07), so the
    # savings credit is not nil either way: the engine names the fact, and the journey asks it for this person
    plan = dict(PENSIONER_1952)
    journey = answered(plan, skip=("state-pension-age-2016",))
    assert journey.where_to_go() == "state-pension-age-2016"
    answers = copy.deepcopy(journey.answers)
    answers["state-pension-age-2016"] = {"you": "unknown"}
    answers["savings"] = {"savings": {"amount": "0.00"}}
    built = household_from_answers(CONTEXT, answers)
    result = calculate(built.household, TODAY)
    assert result.asks["Pension Credit"] == "pension_age_before_april_2016"
    assert any("6 April 2016" in a for a in built.assumptions)


def test_with_the_answer_the_savings_credit_is_worked_out():
    built = household_from_answers(CONTEXT, answered(PENSIONER_1952).answers)
    assert built.household.claimant.reached_pension_age_before_april_2016 is True
    result = calculate(built.household, TODAY)
    # 2026-27: 60% x (224.90 - 208.07) = 10.098 -> £10.10; guarantee 238.00 - 224.90 = £13.10; total £23.20
    assert result.item("pension_credit").amount == Decimal("23.20")
    no = dict(PENSIONER_1952, **{"state-pension-age-2016": {"you": "no"}})
    result = calculate(household_from_answers(CONTEXT, answered(no).answers).household, TODAY)
    assert result.item("pension_credit").amount == Decimal("13.10")


def test_the_state_pension_age_question_is_only_for_people_the_date_of_birth_leaves_unclear():
    born_1950 = dict(PENSIONER_1952, **{"date-of-birth": {"you-day": "5", "you-month": "4", "you-year": "1951"}})
    assert "state-pension-age-2016" not in [p.slug for p in answered(born_1950).sequence()]
    born_1953 = dict(PENSIONER_1952, **{"date-of-birth": {"you-day": "6", "you-month": "4", "you-year": "1953"}})
    assert "state-pension-age-2016" not in [p.slug for p in answered(born_1953).sequence()]
    # a couple where one was born before 6 April 1951: that one did, which is enough (the partner, born 1952,
    # is not asked)
    assert "state-pension-age-2016" not in [p.slug for p in answered(PENSIONER_COUPLE).sequence()]


def test_marriage_allowance_is_asked_only_where_one_pays_basic_rate_tax_and_the_other_none():
    assert "marriage-allowance" in [p.slug for p in answered(WORKING_FAMILY).sequence()]
    assert "marriage-allowance" not in [p.slug for p in answered(PENSIONER_COUPLE).sequence()]
    both_earn = copy.deepcopy(WORKING_FAMILY)
    both_earn["partner-work"]["pay-amount"] = "1400"  # £16,800 a year each: neither can give it usefully
    assert "marriage-allowance" not in [p.slug for p in answered(both_earn).sequence()]


def test_married_and_claiming_marriage_allowance_reaches_the_tax():
    plan = copy.deepcopy(WORKING_FAMILY)
    plan["marriage-allowance"] = {"married": "yes", "allowance": "from_partner"}
    household = household_from_answers(CONTEXT, answered(plan).answers).household
    assert household.married is True and household.marriage_allowance_from == "partner"
    result = calculate(household, TODAY)
    # you: £1,400 x 12 = £16,800; (16,800 - 12,570) x 20% = £846.00 less £252.00 = £594.00 a year
    assert result.item("income_tax").amount == Decimal("594.00")


def test_married_not_claiming_shows_marriage_allowance_as_missing():
    plan = copy.deepcopy(WORKING_FAMILY)
    plan["marriage-allowance"] = {"married": "yes", "allowance": "no"}
    household = household_from_answers(CONTEXT, answered(plan).answers).household
    result = calculate(household, TODAY)
    # partner £7,200 < £12,570 - £1,260 = £11,310: giving costs nothing; saving 20% x £1,260 = £252.00
    assert result.item("marriage_allowance").amount == Decimal("252.00")


def test_the_pages_render_with_their_own_title_and_errors_next_to_the_field(client):
    plan = copy.deepcopy(PENSIONER_1952)
    answer_all(client, plan)
    page = client.get("/check/state-pension-age-2016")
    assert page.status_code == 200 and not problems(page.text)
    assert re.search(r"<title>When you reached State Pension age", page.text)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    error = post(client, "/check/state-pension-age-2016", {}, token)
    assert "Select whether you reached State Pension age before 6 April 2016" in error.text
    answer_all(client, WORKING_FAMILY)
    page = client.get("/check/marriage-allowance")
    assert page.status_code == 200 and not problems(page.text)
    assert re.search(r"<title>Are you and your partner married or in a civil partnership\?", page.text)
    error = post(client, "/check/marriage-allowance", {"married": "yes"}, token)
    assert "Select whether either of you gets Marriage Allowance" in error.text
