"""Housing Benefit: invariants and rules that the YAML cases do not cover well."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators.core.calc import OUTPUTS, Calc, CannotCalculate
from calculators.core.household import Household
from calculators.core.periods import WEEK

ON_DATES = st.sampled_from([date(2025, 6, 2), date(2026, 6, 1)])
PENCE = st.integers(min_value=0, max_value=50_000).map(lambda p: Decimal(p) / 100)


def pensioner_tenant(private_pension="0", rent="120", capital="0", born="1950-01-01", **extra):
    return Household.model_validate({
        "claimant": {"date_of_birth": born,
                     "benefits": [{"kind": "state_pension", "amount": {"amount": "176.45"}}],
                     "private_pension": {"amount": str(private_pension)}},
        "home": {"tenure": "social_rent", "rent": {"amount": str(rent)}},
        "capital": str(capital),
        **extra,
    })


def test_housing_benefit_is_registered_as_a_weekly_benefit():
    out = OUTPUTS["housing_benefit"]
    assert (out.amount, out.period) == ("hb_award", WEEK)
    assert out.claim_url.startswith("https://www.gov.uk/")


def test_calculate_shows_housing_benefit_with_its_trace():
    result = calculators.calculate(pensioner_tenant(private_pension="100"), date(2025, 6, 2))
    assert result.item("housing_benefit").weekly == Decimal("103.46")


@settings(max_examples=60, deadline=None)
@given(on=ON_DATES, pension=PENCE, rent=st.integers(1, 400), capital=st.integers(0, 17_000))
def test_housing_benefit_is_never_negative_nor_more_than_the_eligible_rent(on, pension, rent, capital):
    c = Calc(pensioner_tenant(private_pension=pension, rent=rent, capital=capital), on)
    award = c("hb_award")
    assert award >= 0
    assert award <= Decimal(rent)
    assert award == 0 or award >= Decimal("0.50")


@settings(max_examples=60, deadline=None)
@given(on=ON_DATES, pension=PENCE, extra=st.integers(1, 5_000).map(lambda p: Decimal(p) / 100),
       rent=st.integers(50, 400), capital=st.integers(0, 16_000))
def test_more_income_never_raises_housing_benefit(on, pension, extra, rent, capital):
    low = Calc(pensioner_tenant(private_pension=pension, rent=rent, capital=capital), on)("hb_award")
    high = Calc(pensioner_tenant(private_pension=pension + extra, rent=rent, capital=capital), on)("hb_award")
    assert high <= low


@settings(max_examples=40, deadline=None)
@given(on=ON_DATES, capital=st.integers(0, 16_000), more=st.integers(1, 2_000))
def test_more_capital_never_raises_housing_benefit(on, capital, more):
    with_more = Calc(pensioner_tenant(private_pension="100", capital=capital + more), on)("hb_award")
    with_less = Calc(pensioner_tenant(private_pension="100", capital=capital), on)("hb_award")
    assert with_more <= with_less


def test_reordering_children_changes_nothing():
    kids = [{"date_of_birth": "2015-01-01", "disability": "higher"}, {"date_of_birth": "2019-05-01"}]
    base = {"claimant": {"date_of_birth": "1958-01-01"}, "home": {"tenure": "social_rent", "rent": {"amount": "110"}}}
    one = Calc(Household.model_validate({**base, "children": kids}), date(2025, 6, 2))("hb_applicable_amount")
    two = Calc(Household.model_validate({**base, "children": kids[::-1]}), date(2025, 6, 2))("hb_applicable_amount")
    # 227.10 + 2 x 84.66 + 81.37 + 32.75
    assert one == two == Decimal("510.54")


def test_working_age_renter_is_told_to_claim_universal_credit():
    h = Household.model_validate({"claimant": {"age": 40},
                                  "home": {"tenure": "social_rent", "rent": {"amount": "100"}, "bedrooms": 1}})
    c = Calc(h, date(2026, 6, 1))
    assert c("hb_award") == 0
    assert any("Universal Credit instead" in note for note in c.step("hb_scheme").notes)


def test_a_blind_partner_means_no_non_dependant_deductions():
    h = pensioner_tenant(partner={"date_of_birth": "1951-01-01", "registered_blind": True},
                         non_dependants=[{"age": 30, "hours_per_week": "40", "gross_income": {"amount": "700"}}])
    assert Calc(h, date(2025, 6, 2))("hb_non_dependant_deductions") == 0


def test_a_working_non_dependant_without_an_income_gets_the_top_deduction_and_a_note():
    h = pensioner_tenant(non_dependants=[{"age": 30, "hours_per_week": "40"}])
    c = Calc(h, date(2026, 6, 1))
    assert c("hb_non_dependant_deductions") == Decimal("131.45")
    assert any("don't know their income" in n for n in c.step("hb_non_dependant_deductions").notes)


def test_age_alone_near_the_april_2021_line_asks_for_the_date_of_birth():
    # aged 70 on 2 June 2025: born between June 1954 and June 1955, either side of the 1 April 2021 line
    h = Household.model_validate({"claimant": {"age": 70}, "home": {"tenure": "social_rent", "rent": {"amount": "90"}}})
    with pytest.raises(CannotCalculate, match="date of birth"):
        Calc(h, date(2025, 6, 2))("hb_applicable_amount")


def test_joint_tenancy_is_left_to_an_advisor():
    h = pensioner_tenant(home={"tenure": "social_rent", "rent": {"amount": "100"}, "joint_tenants": 1})
    with pytest.raises(CannotCalculate, match="share a tenancy"):
        Calc(h, date(2025, 6, 2))("hb_award")


def test_working_age_with_limited_capability_and_no_universal_credit_is_not_guessed():
    h = Household.model_validate({
        "claimant": {"age": 40, "limited_capability": "lcw",
                     "benefits": [{"kind": "esa_contribution", "amount": {"amount": "95"}}]},
        "home": {"tenure": "supported_accommodation", "rent": {"amount": "200"}},
        "capital": "17000",  # too much for Universal Credit, so no passport
    })
    c = Calc(h, date(2025, 6, 2))
    assert c("hb_eligible") is False  # over the £16,000 limit too
    with pytest.raises(CannotCalculate, match="limited capability"):
        c("hb_applicable_amount")


def test_lone_parent_childcare_costs_come_off_earnings_up_to_the_limit():
    h = Household.model_validate({
        "claimant": {"age": 30, "jobs": [{"gross_pay": {"amount": "300"}, "hours_per_week": "20"}]},
        "children": [{"age": 4}],
        "childcare_costs": {"amount": "200"},
        "home": {"tenure": "temporary_accommodation", "rent": {"amount": "250"}},
    })
    c = Calc(h, date(2025, 6, 2))
    assert c("hb_childcare_deduction") == Decimal("175")  # one child: at most £175 a week
    # lone parent £25 and £17.10 for 16 hours with a child
    assert c("hb_earnings_disregard") == Decimal("42.10")
