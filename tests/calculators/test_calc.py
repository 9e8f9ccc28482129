"""The calculation context: memoised rules, the trace, period conversion and 'cannot'."""

from datetime import date
from decimal import Decimal

import pytest

from calculators import Household
from calculators.core.calc import Calc, CannotCalculate, rule
from calculators.core.periods import MONTH, WEEK, YEAR

CALLS = {"count": 0}


@rule(label="test yearly amount", period=YEAR, legislation="uksi/2013/376/regulation/22")
def sample_rule_yearly(c):
    CALLS["count"] += 1
    c.explain("from the test")
    return Decimal("5200")


@rule(label="test weekly from yearly", period=WEEK)
def sample_rule_weekly(c):
    return c("sample_rule_yearly", period=WEEK)


@rule(label="test impossible", period=WEEK)
def sample_rule_impossible(c):
    raise c.cannot("we can't work this out because it is a test")


@rule(label="test depends on impossible", period=WEEK)
def sample_rule_depends(c):
    return c("sample_rule_impossible") + 1


@rule(label="test per person", per_person=True)
def sample_rule_person_age(c, person):
    return person.age_on(c.on)


HOUSEHOLD = Household.model_validate({"claimant": {"age": 40}, "partner": {"date_of_birth": "1980-06-15"}})


def test_a_rule_is_worked_out_once_per_calculation():
    CALLS["count"] = 0
    c = Calc(HOUSEHOLD, date(2026, 5, 1))
    c("sample_rule_yearly")
    c("sample_rule_weekly")
    assert CALLS["count"] == 1


def test_amounts_convert_between_periods_exactly():
    c = Calc(HOUSEHOLD, date(2026, 5, 1))
    assert c("sample_rule_weekly") == Decimal("100")
    assert c("sample_rule_yearly", period=MONTH) == Decimal("5200") / 12


def test_the_trace_records_each_step_with_its_law_and_notes():
    c = Calc(HOUSEHOLD, date(2026, 5, 1))
    c("sample_rule_weekly")
    step = c.step("sample_rule_weekly")
    assert [s.name for s in step.walk()] == ["sample_rule_weekly", "sample_rule_yearly"]
    inner = step.inputs[0]
    assert inner.notes == ["from the test"]
    assert inner.legislation == "https://www.legislation.gov.uk/uksi/2013/376/regulation/22"
    assert step.lines()[1].strip() == "test yearly amount = £5,200.00 a year · from the test"


def test_cannot_calculate_carries_its_reason_through_dependent_rules():
    c = Calc(HOUSEHOLD, date(2026, 5, 1))
    with pytest.raises(CannotCalculate, match="because it is a test") as exc:
        c("sample_rule_depends")
    assert exc.value.variable == "sample_rule_impossible"
    assert c.step("sample_rule_impossible").cannot.startswith("we can't work this out")


def test_per_person_rules_are_kept_apart():
    c = Calc(HOUSEHOLD, date(2026, 5, 1))
    assert c("sample_rule_person_age", person=HOUSEHOLD.claimant) == 40
    assert c("sample_rule_person_age", person=HOUSEHOLD.partner) == 45
    with pytest.raises(TypeError):
        c("sample_rule_person_age")


def test_tracing_can_be_switched_off_for_sweeps():
    c = Calc(HOUSEHOLD, date(2026, 5, 1), trace=False)
    assert c("sample_rule_weekly") == Decimal("100")
    assert c.step("sample_rule_weekly") is None


def test_a_household_member_needs_an_age_or_date_of_birth():
    with pytest.raises(ValueError, match="give a date of birth or an age"):
        Household.model_validate({"claimant": {}})


def test_floats_are_refused_for_money():
    from calculators.core.money import money

    with pytest.raises(TypeError):
        money(0.1)


def test_a_date_before_the_rates_in_force_is_explained_not_an_error():
    from datetime import date

    from calculators import Household, calculate

    result = calculate(Household.model_validate({"claimant": {"age": 30}}), date(2001, 5, 1))
    reasons = [item.cannot for item in result.items if item.cannot]
    assert reasons, "every amount needs rates, so each one should say it cannot be worked out"
    assert any("2025-26 and 2026-27" in r for r in reasons)


def test_tariff_income_counts_a_part_step_as_a_whole_one():
    from decimal import Decimal as D

    from calculators.core.money import tariff_steps

    assert tariff_steps(D("6000"), D("6000"), D("250")) == 0
    assert tariff_steps(D("6000.01"), D("6000"), D("250")) == 1
    assert tariff_steps(D("6250"), D("6000"), D("250")) == 1
    assert tariff_steps(D("6250.01"), D("6000"), D("250")) == 2
    assert tariff_steps(D("100"), D("10000"), D("500")) == 0


@pytest.mark.parametrize("on", [date(1, 1, 1), date(1899, 12, 31), date(2200, 1, 1), date(9999, 12, 31)])
def test_a_date_far_outside_the_rates_gives_every_amount_as_not_worked_out(on):
    # Ages and tax years are date arithmetic: year 1 less a pensioner's 70 years is no date at all. Such a
    # date is declined for every amount, with the same reason as any date the rates do not cover.
    from calculators import Household, calculate

    result = calculate(Household.model_validate({"claimant": {"age": 70}, "partner": {"age": 40}}), on)
    assert [i for i in result.items if i.amount is not None] == []
    assert result.passported == []
    assert all("we don't have the rates for" in reason for _, reason in result.not_worked_out)
