"""Benefit cap properties."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.core.calc import Calc
from calculators.core.household import Household


def capped(rent: Decimal, on=date(2026, 6, 1)) -> Calc:
    return Calc(Household.model_validate({
        "claimant": {"age": 40},
        "home": {"tenure": "private_rent", "rent": {"amount": str(rent), "period": "month"},
                 "brma": "inner-south-east-london", "in_greater_london": True},
    }), on)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=300000).map(lambda p: Decimal(p) / 100))
def test_capped_award_never_exceeds_the_cap_and_never_goes_negative(rent):
    c = capped(rent)
    assert Decimal("0") <= c("uc_award") <= max(c("uc_benefit_cap_level"), Decimal("0"))
    assert c("uc_award") + c("uc_benefit_cap_reduction") == c("uc_award_before_cap")


def test_reduction_cannot_exceed_the_award():
    # a single person with large other capped benefits: the reduction stops at the UC award
    c = Calc(Household.model_validate({
        "claimant": {"age": 40, "benefits": [{"kind": "maternity_allowance", "amount": {"amount": "187.18"}}]},
        "home": {"tenure": "private_rent", "rent": {"amount": "1400", "period": "month"},
                 "brma": "outer-south-london", "in_greater_london": False},
    }), date(2025, 6, 1))
    assert c("uc_benefit_cap_reduction") <= c("uc_award_before_cap")
    assert c("uc_award") >= 0
