"""Pension Credit: invariants and rules that the YAML cases do not cover well."""

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
PENCE = st.integers(min_value=0, max_value=60_000).map(lambda p: Decimal(p) / 100)


def pensioner(state_pension="176.45", private_pension="0", capital="0", **extra):
    return Household.model_validate({
        "claimant": {"date_of_birth": "1950-01-01",
                     "benefits": [{"kind": "state_pension", "amount": {"amount": str(state_pension)}}],
                     "private_pension": {"amount": str(private_pension)}},
        "capital": str(capital),
        **extra,
    })


def test_pension_credit_is_registered_as_a_weekly_benefit():
    out = OUTPUTS["pension_credit"]
    assert (out.amount, out.period, out.claim_url) == ("pc_award", WEEK, "https://www.gov.uk/pension-credit/how-to-claim")


def test_calculate_shows_pension_credit_with_its_trace():
    result = calculators.calculate(pensioner(), date(2025, 6, 2))
    item = result.item("pension_credit")
    assert item.weekly == Decimal("50.65")
    assert "Pension Credit (week)" in item.trace.lines()[0]


@settings(max_examples=60, deadline=None)
@given(on=ON_DATES, pension=PENCE, extra=st.integers(1, 5_000).map(lambda p: Decimal(p) / 100),
       capital=st.integers(0, 60_000))
def test_more_income_never_raises_pension_credit(on, pension, extra, capital):
    low = Calc(pensioner(private_pension=pension, capital=capital), on)("pc_award")
    high = Calc(pensioner(private_pension=pension + extra, capital=capital), on)("pc_award")
    assert Decimal(0) <= high <= low


@settings(max_examples=60, deadline=None)
@given(on=ON_DATES, pension=PENCE, capital=st.integers(0, 100_000))
def test_savings_credit_never_exceeds_its_maximum(on, pension, capital):
    c = Calc(pensioner(private_pension=pension, capital=capital), on)
    maximum = Decimal("17.30") if on.year == 2025 else Decimal("17.96")
    assert Decimal(0) <= c("pc_savings_credit") <= maximum


def test_reordering_children_changes_nothing():
    kids = [{"date_of_birth": "2012-03-01", "disability": "lower"}, {"date_of_birth": "2018-09-01"}]
    base = {"claimant": {"date_of_birth": "1958-01-01"}}
    one = Calc(Household.model_validate({**base, "children": kids}), date(2025, 6, 2))("pc_child_addition")
    two = Calc(Household.model_validate({**base, "children": kids[::-1]}), date(2025, 6, 2))("pc_child_addition")
    assert one == two == Decimal("182.06")


def test_partner_paid_carers_allowance_for_the_other_leaves_one_severe_disability_addition():
    h = Household.model_validate({
        "claimant": {"date_of_birth": "1948-01-01",
                     "benefits": [{"kind": "attendance_allowance_higher", "amount": {"amount": "110.40"}}]},
        "partner": {"date_of_birth": "1949-01-01",
                    "benefits": [{"kind": "attendance_allowance_lower", "amount": {"amount": "73.90"}},
                                 {"kind": "carers_allowance", "amount": {"amount": "83.30"}}]},
    })
    c = Calc(h, date(2025, 6, 2))
    assert c("pc_severe_disability_addition") == Decimal("82.90")
    assert c("pc_carer_addition") == Decimal("46.40")


def test_a_couple_needs_both_on_a_care_benefit_for_the_severe_disability_addition():
    h = Household.model_validate({
        "claimant": {"date_of_birth": "1948-01-01",
                     "benefits": [{"kind": "attendance_allowance_higher", "amount": {"amount": "110.40"}}]},
        "partner": {"date_of_birth": "1949-01-01"},
    })
    assert Calc(h, date(2025, 6, 2))("pc_severe_disability_addition") == Decimal("0")


def test_tax_on_a_private_pension_is_taken_off_before_it_counts():
    # 176.45 + 100 = 276.45 a week = 14,375.40 a year; tax 20% x 1,805.40 = 361.08 = 6.9438 a week
    assert Calc(pensioner(private_pension="100"), date(2025, 6, 2))("pc_unearned_income") == Decimal("269.51")


def test_a_war_pension_is_left_to_an_advisor_rather_than_guessed():
    h = Household.model_validate({"claimant": {"date_of_birth": "1950-01-01", "benefits": [
        {"kind": "war_pension", "amount": {"amount": "50"}}]}})
    with pytest.raises(CannotCalculate, match="war pension"):
        Calc(h, date(2025, 6, 2))("pc_award")


def test_savings_credit_age_condition_from_age_alone():
    old = Household.model_validate({"claimant": {"age": 80}})
    young = Household.model_validate({"claimant": {"age": 68}})
    assert Calc(old, date(2026, 6, 1))("pc_savings_credit_age_condition") is True
    assert Calc(young, date(2026, 6, 1))("pc_savings_credit_age_condition") is False
