"""A postcode district split between two Broad Rental Market Areas: the check asks which area, and uses it."""

from __future__ import annotations

import re
from datetime import date

import calculators
from app.council import load_profile
from app.services.check import CheckContext, household_from_answers
from app.services.money_input import format_money
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators.core.calc import Calc
from calculators.core.periods import WEEK
from tests.app.check_helpers import SINGLE_RENTER, answer_all, csrf, post

# Rent of £880 a month, between the 1-bedroom monthly LHA in Bath (£815.00) and in Bristol (£900.00),
# so the area chosen changes the Universal Credit housing costs.
SPLIT_RENTER = {**SINGLE_RENTER, "postcode": {"postcode": "BS31 1AA"},
                "rent": {**SINGLE_RENTER["rent"], "rent-amount": "880"}}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_split_district_leads_to_the_area_choice_with_both_areas(client):
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    for slug in ("partner", "date-of-birth", "home"):
        post(client, f"/check/{slug}", SPLIT_RENTER[slug], token)
    chosen = post(client, "/check/postcode", SPLIT_RENTER["postcode"], token)
    assert chosen.url.path == "/check/area"
    text = _text(chosen.text)
    assert "Your postcode district, BS31, is split between these areas." in text
    assert 'value="bath"' in chosen.text and 'value="bristol"' in chosen.text
    assert "Bath" in text and "Bristol" in text
    # Continuing without a choice is refused, with the GOV.UK message.
    refused = client.post("/check/area", data={"csrf_token": token})
    assert refused.status_code == 422 and "Select the area you live in" in refused.text
    # A district in one area goes straight on to the rent.
    assert post(client, "/check/postcode", {"postcode": "BA1 1AA"}, token).url.path == "/check/rent"


def test_the_chosen_area_sets_the_local_housing_allowance(client):
    totals = {}
    for brma in ("bath", "bristol"):
        seen = answer_all(client, {**SPLIT_RENTER, "area": {"brma": brma}})
        assert seen[seen.index("postcode") + 1] == "area"
        page = client.get("/check/results")
        totals[brma] = re.search(r'id="total-weekly">([^<]+)<', page.text)[1]
        # The same answers, built by hand, give the engine's figure for that area.
        answers = _saved_answers(brma)
        built = household_from_answers(CheckContext(load_profile(DEFAULT_COUNCIL_PROFILE), date.today()), answers)
        assert built.household.home.brma == brma
        expected = calculators.calculate(built.household, date.today()).total_benefits(WEEK)
        assert format_money(expected) in totals[brma]
        housing = {"bath": "815.00", "bristol": "880.00"}[brma]  # the lower of the rent and the area's LHA
        c = Calc(built.household, date.today())
        assert str(c("uc_housing_element")) == housing
    assert totals["bath"] != totals["bristol"]  # the areas' LHA rates differ, so the choice matters


def _saved_answers(brma: str) -> dict:
    """The answers as the journey keeps them, for the split-district renter in this area."""
    from tests.app.check_helpers import answers_through_journey

    plan = {**SPLIT_RENTER, "area": {"brma": brma}}
    return answers_through_journey(CheckContext(load_profile(DEFAULT_COUNCIL_PROFILE), date.today()), plan)
