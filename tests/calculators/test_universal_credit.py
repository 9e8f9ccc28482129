"""Universal Credit logic that reads better as Python than as YAML cases."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.core.calc import OUTPUTS, Calc, CannotCalculate
from calculators.core.household import Household

D = Decimal


def calc(on=date(2025, 6, 1), **household):
    household.setdefault("claimant", {"age": 30})
    return Calc(Household.model_validate(household), on)


def test_universal_credit_is_a_registered_benefit():
    out = OUTPUTS["universal_credit"]
    assert out.amount == "uc_award" and out.claim_url == "https://www.gov.uk/universal-credit/how-to-claim"


def test_two_child_limit_needs_dates_when_ages_straddle_april_2017():
    # a third child aged 8 in June 2025 may have been born before or after 6 April 2017
    c = calc(children=[{"age": 12}, {"age": 10}, {"age": 8}])
    with pytest.raises(CannotCalculate, match="born before 6 April 2017") as raised:
        c("uc_children_counted")
    assert raised.value.ask == "children_dates_of_birth"


def test_two_child_limit_does_not_need_dates_after_april_2026():
    c = calc(on=date(2026, 6, 1), children=[{"age": 12}, {"age": 10}, {"age": 8}])
    assert c("uc_children_counted") == 3


def test_lcw_element_only_for_claims_before_3_april_2017():
    old = calc(claimant={"age": 40, "limited_capability": "lcw"}, uc_claim_start=date(2017, 4, 2))
    new = calc(claimant={"age": 40, "limited_capability": "lcw"}, uc_claim_start=date(2017, 4, 3))
    assert old("uc_lcw_element") == D("158.76") and new("uc_lcw_element") == 0


def test_two_carers_cannot_be_worked_out():
    c = calc(claimant={"age": 40, "is_carer": True}, partner={"age": 40, "is_carer": True})
    with pytest.raises(CannotCalculate, match="same person"):
        c("uc_carer_element")


def test_tax_on_earnings_only_when_there_is_a_pension_too():
    # earnings 1500/month plus a 1000/month pension: tax on all income less tax without the earnings
    c = calc(claimant={"age": 40, "jobs": [{"gross_pay": {"amount": "1500", "period": "month"}, "hours_per_week": "30"}],
                       "private_pension": {"amount": "1000", "period": "month"}})
    # without earnings: (12000 - 12570) -> 0 tax; with: (30000 - 12570) x 20% = 3486 -> 290.50 a month
    # NI (1500 - 1048) x 8% = 36.16; 1500 - 290.50 - 36.16 = 1173.34
    assert c("uc_person_earned_income", person=c.household.claimant) == D("1173.34")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=400000).map(lambda p: D(p) / 100))
def test_award_never_rises_with_earnings_and_is_whole_pennies(pay):
    def award(amount):
        c = calc(on=date(2026, 6, 1), claimant={"age": 30, "jobs": [{"gross_pay": {"amount": str(amount), "period": "month"},
                                                                        "hours_per_week": "30"}]},
                 children=[{"age": 4}], home={"tenure": "social_rent", "rent": {"amount": "500", "period": "month"},
                                             "bedrooms": 2})
        return c("uc_award")

    a, b = award(pay), award(pay + D("10"))
    assert b <= a
    assert a == a.quantize(D("0.01"))
    # never more than 55p in the pound of the extra gross earnings is withdrawn, and never less than nothing
    assert a - b <= D("5.51")


def test_full_household_is_fast():
    import time

    h = Household.model_validate({
        "claimant": {"age": 30, "jobs": [{"gross_pay": {"amount": "1200", "period": "month"}, "hours_per_week": "25"}]},
        "partner": {"age": 31}, "children": [{"age": 4, "sex": "male"}, {"age": 12, "sex": "female"}],
        "non_dependants": [{"age": 25}], "childcare_costs": {"amount": "300", "period": "month"},
        "home": {"tenure": "private_rent", "rent": {"amount": "1400", "period": "month"}, "brma": "bristol"},
    })
    Calc(h, date(2026, 6, 1))("uc_award")  # warm the parameter cache
    start = time.perf_counter()
    for _ in range(50):
        Calc(h, date(2026, 6, 1))("uc_award")
    assert (time.perf_counter() - start) / 50 < 0.002
