"""Every council scheme we ship works for a council that runs the portal: a profile's `code` selects the
scheme, through the same path "Check what you can get" uses (the answers become a household whose
`home.council` is the profile's code, and the engine finds that council's scheme for the date)."""

from __future__ import annotations

from datetime import date

import pytest

from app.council import load_profile
from app.services.check import CheckContext, household_from_answers
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators import calculate
from calculators.core.calc import Calc
from calculators.schemes import list_schemes, scheme_for
from tests.app.check_helpers import SINGLE_RENTER, answers_through_journey

TODAY = date(2026, 11, 29)
DEMO = load_profile(DEFAULT_COUNCIL_PROFILE)
COUNCILS = sorted({s["council"] for s in list_schemes()})


def _answers(context: CheckContext) -> dict:
    return answers_through_journey(context, SINGLE_RENTER)


def test_the_new_london_schemes_are_listed():
    assert {"merton", "kingston-upon-thames", "newham", "westminster"} <= set(COUNCILS)


@pytest.mark.parametrize("code", COUNCILS)
def test_a_council_profile_with_this_code_gets_its_own_scheme(code):
    profile = DEMO.model_copy(update={"code": code})
    context = CheckContext(profile, TODAY)
    household = household_from_answers(context, _answers(context)).household
    assert household.home.council == code
    scheme = scheme_for(code, TODAY)
    assert scheme is not None
    assert Calc(household, TODAY)("ctr_local_scheme") == f"{scheme.name} ({scheme.year})"
    result = calculate(household, TODAY)
    reasons = [reason for label, reason in result.not_worked_out if label == "Council Tax Reduction"]
    assert not any("we don't have" in r and "scheme for" in r for r in reasons), reasons
