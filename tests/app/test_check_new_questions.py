"""The questions the rules need, asked only when they need them: the eldest child's birth before 6 April 2017
and whether another adult is responsible for a child under 5."""

from __future__ import annotations

import re
from decimal import Decimal

from tests.app.check_helpers import SINGLE_RENTER, answer_all
from tests.app.test_decline_walk import _with, family_with_open_eldest, open_age

OTHER_ADULT = {"adult1-age": "30", "adult1-hours": "30", "adult1-income-amount": "300",
               "adult1-income-period": "week", "adult1-benefit": "none"}


def test_the_eldest_child_question_shows_the_age_and_the_reason(client):
    answer_all(client, family_with_open_eldest())
    page = client.get("/check/eldest-child").text
    assert "Was your eldest child born before 6 April 2017?" in page
    assert f"Your eldest child is {open_age()}" in page


def test_the_answer_decides_the_first_child_amount(client):
    # UC Regs 2013 reg. 36 (SI 2026/148): first child born before 6 April 2017 £351.88, other £303.94:
    # with no other change, answering "yes" rather than "no" gives £47.94 a month more
    answer_all(client, family_with_open_eldest())
    yes = _amount(client.get("/check/results").text, "universal_credit")
    answer_all(client, _with(family_with_open_eldest(), eldest_child={"born_before": "no"}))
    no = _amount(client.get("/check/results").text, "universal_credit")
    assert yes - no == Decimal("47.94")


def _amount(html: str, key: str) -> Decimal:
    card = html.split(f'id="benefit-{key}"')[1]
    return Decimal(re.search(r'data-amount="([0-9.]+)"', card)[1])


def test_renters_are_asked_whether_another_adult_has_a_child_under_5(client):
    plan = _with(SINGLE_RENTER, people={"children": "0", "adults": "1"},
                 other_adults=dict(OTHER_ADULT, **{"adult1-child-under-5": "yes"}))
    answer_all(client, plan)
    page = client.get("/check/other-adults").text
    assert "Are they responsible for a child under 5?" in page


def test_owners_are_not_asked_it(client):
    plan = _with(SINGLE_RENTER, home={"tenure": "owner"}, people={"children": "0", "adults": "1"},
                 other_adults=OTHER_ADULT)
    plan.pop("postcode"), plan.pop("rent")
    answer_all(client, plan)
    assert "Are they responsible for a child under 5?" not in client.get("/check/other-adults").text


def test_an_adult_with_a_child_under_5_is_not_charged_a_housing_cost_contribution(client):
    base = _with(SINGLE_RENTER, people={"children": "0", "adults": "1"})
    answer_all(client, _with(base, other_adults=dict(OTHER_ADULT, **{"adult1-child-under-5": "no"})))
    charged = client.get("/check/results").text
    answer_all(client, _with(base, other_adults=dict(OTHER_ADULT, **{"adult1-child-under-5": "yes"})))
    exempt = client.get("/check/results").text
    # UC Regs 2013 Sch. 4 paras. 14(1) and 16(2)(i) (SI 2026/148): the £96.55 monthly contribution is not taken
    assert _amount(exempt, "universal_credit") - _amount(charged, "universal_credit") == Decimal("96.55")
