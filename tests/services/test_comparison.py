"""What if, and what you may be missing: real results side by side."""

import copy
from datetime import date
from decimal import Decimal

import pytest

from app.services import api_examples
from app.services.comparison import compare_results, missing_money, yearly_amount
from calculators import Household, calculate
from calculators.core.periods import MONTH, WEEK
from calculators.result import Item, Result

ON = date(2026, 6, 1)


def lone_parent(weekly_pay="240.00"):
    data = copy.deepcopy(api_examples.LONE_PARENT["household"])
    data["claimant"]["jobs"][0]["gross_pay"]["amount"] = weekly_pay
    return calculate(Household.model_validate(data), ON)


@pytest.fixture(scope="module")
def pay_rise():
    return lone_parent("240.00"), lone_parent("300.00")


def test_each_benefit_shows_old_new_and_the_difference(pay_rise):
    old, new = pay_rise
    comparison = compare_results(old, new)
    uc = next(r for r in comparison.rows if r.key == "universal_credit")
    assert uc.old_monthly == old.item("universal_credit").per(MONTH)
    assert uc.new_monthly == new.item("universal_credit").per(MONTH)
    assert uc.difference_monthly == uc.new_monthly - uc.old_monthly < 0  # more pay, less Universal Credit
    assert uc.old_weekly == old.item("universal_credit").per(WEEK)
    assert uc.difference_weekly == uc.new_weekly - uc.old_weekly
    assert uc.changed
    child_benefit = next(r for r in comparison.rows if r.key == "child_benefit")
    assert child_benefit.difference_weekly == 0 and not child_benefit.changed
    assert child_benefit.old_weekly == Decimal("44.95")  # £27.05 eldest + £17.90 second child, 2026-27


def test_tax_and_national_insurance_are_compared_apart_from_benefits(pay_rise):
    comparison = compare_results(*pay_rise)
    assert all(r.kind == "benefit" for r in comparison.rows)
    tax = next(r for r in comparison.deductions if r.key == "income_tax")
    # £300 a week is £15,600 a year: (15,600 − 12,570) × 20% = £606 a year, £50.50 a month.
    assert tax.old_monthly == 0 and tax.new_monthly == Decimal("50.50")


def test_the_total_difference_is_the_difference_of_the_totals_shown(pay_rise):
    old, new = pay_rise
    comparison = compare_results(old, new)
    assert comparison.old_total_weekly == old.total_benefits(WEEK)
    assert comparison.new_total_monthly == new.total_benefits(MONTH)
    assert comparison.difference_weekly == comparison.new_total_weekly - comparison.old_total_weekly
    assert comparison.difference_monthly == sum(r.difference_monthly for r in comparison.rows)
    assert comparison.difference_weekly == sum(r.difference_weekly for r in comparison.rows)
    assert [r.key for r in comparison.changed_rows] == [
        r.key for r in comparison.rows if r.old_weekly != r.new_weekly
    ]
    assert all(isinstance(v, Decimal) for r in comparison.rows for v in (r.old_weekly, r.difference_monthly))


def test_no_change_means_no_difference():
    result = lone_parent()
    comparison = compare_results(result, lone_parent())
    assert comparison.difference_weekly == comparison.difference_monthly == 0
    assert comparison.changed_rows == ()


def _result(*items):
    household = Household.model_validate(api_examples.LONE_PARENT["household"])
    return Result(on=ON, household=household, items=list(items))


def _item(key, amount, period=WEEK, cannot=None):
    return Item(key, key.replace("_", " ").title(), "benefit", period,
                None if amount is None else Decimal(amount), None, None, cannot)


def test_an_amount_not_worked_out_on_one_side_has_no_difference_and_is_named():
    old = _result(_item("housing_benefit", "50.00"), _item("child_benefit", "27.05"))
    new = _result(_item("housing_benefit", None, cannot="we need your rent"), _item("child_benefit", "27.05"))
    comparison = compare_results(old, new)
    hb = comparison.rows[0]
    assert hb.new_weekly is None and hb.difference_weekly is None and hb.difference_monthly is None
    assert hb.new_cannot == "we need your rent" and hb.changed
    assert comparison.not_worked_out == ("Housing Benefit",)


def test_a_benefit_only_one_result_has_counts_as_nothing_on_the_other_side():
    old = _result(_item("child_benefit", "27.05"))
    new = _result(_item("child_benefit", "27.05"), _item("scottish_child_payment", "27.15"))
    row = compare_results(old, new).rows[1]
    assert (row.key, row.old_weekly, row.new_weekly, row.difference_weekly) == (
        "scottish_child_payment", Decimal(0), Decimal("27.15"), Decimal("27.15")
    )


def test_you_may_be_missing_a_years_worth_of_what_you_do_not_claim():
    result = lone_parent()
    money = missing_money(result, ["child_benefit"])
    assert [b.key for b in money.already_getting] == ["child_benefit"]
    (child_benefit,) = money.already_getting
    assert child_benefit.yearly == Decimal("2337.40")  # £44.95 a week × 52
    assert child_benefit.amount_text == "£44.95 a week" and child_benefit.yearly_text == "£2,337.40 a year"
    missing = {b.key: b for b in money.may_be_missing}
    uc = result.item("universal_credit")
    assert missing["universal_credit"].yearly == uc.per(MONTH) * 12  # monthly × 12
    expected = sum(
        (i.per(i.period) * i.period.per_year for i in result.benefits
         if i.amount and i.key != "child_benefit"),
        Decimal(0),
    )
    assert money.total_missing_yearly == expected
    assert money.sentence == f"You may be missing £{expected:,.2f} a year"
    assert "child_benefit" not in missing and all(b.amount > 0 for b in money.may_be_missing)


def test_nothing_missing_when_everything_is_claimed():
    result = lone_parent()
    money = missing_money(result, [i.key for i in result.benefits])
    assert money.may_be_missing == () and money.total_missing_yearly == 0 and money.sentence is None


def test_something_said_to_be_received_that_works_out_at_nothing_is_flagged():
    result = calculate(Household.model_validate(api_examples.PENSIONER_COUPLE["household"]), ON)
    money = missing_money(result, ["universal_credit", "pension_credit", "attendance_allowance"])
    assert [b.key for b in money.not_due] == ["universal_credit"]  # over State Pension age
    assert money.unknown == ("attendance_allowance",)
    pc = result.item("pension_credit")
    (pension_credit,) = [b for b in money.already_getting if b.key == "pension_credit"]
    assert pension_credit.yearly == pc.per(WEEK) * 52


def test_benefits_not_worked_out_are_listed_not_counted():
    result = _result(_item("housing_benefit", None, cannot="we need your rent"), _item("child_benefit", "27.05"))
    money = missing_money(result, [])
    assert money.not_worked_out == (("Housing Benefit", "we need your rent"),)
    assert money.total_missing_yearly == Decimal("1406.60")  # £27.05 × 52


def test_yearly_amounts_use_the_benefits_own_period():
    assert yearly_amount(_item("universal_credit", "1405.634", MONTH)) == Decimal("16867.56")  # 1405.63 × 12
    assert yearly_amount(_item("child_benefit", "44.95")) == Decimal("2337.40")
    with pytest.raises(ValueError):
        yearly_amount(_item("housing_benefit", None, cannot="x"))


def test_council_tax_reduction_year_is_its_days_not_52_weeks():
    # SI 2012/2885 Sch. 1 paras. 2 and 7: a reduction for each day. A pensioner whose income equals the £227.10
    # applicable amount (pension age 2022, no tax on 227.10 x 52 = 11,809.20) gets the maximum: £1,825 / 365 x 7 =
    # £35.00 a week; the year is 35.00 / 7 x 365 = £1,825.00, not 35.00 x 52 = £1,820.00.
    result = calculate(Household.model_validate({
        "claimant": {"date_of_birth": "1956-01-01", "benefits": [{"kind": "state_pension", "amount": {"amount": "227.10"}}]},
        "home": {"tenure": "owner", "council_tax": {"amount": "1825", "period": "year"}},
    }), date(2025, 6, 1))
    item = result.item("council_tax_reduction")
    assert item.weekly == Decimal("35.00")
    assert yearly_amount(item) == Decimal("1825.00")


def married_couple(**extra):
    return calculate(Household.model_validate({
        "claimant": {"age": 40, "jobs": [{"gross_pay": {"amount": "30000", "period": "year"}, "hours_per_week": "37"}]},
        "partner": {"age": 40},
        "married": True,
        **extra,
    }), date(2025, 6, 1))


def test_marriage_allowance_they_could_claim_is_listed_as_may_be_missing():
    # ITA 2007 s. 55B: 10% x £12,570 = £1,257 -> £1,260; 20% x £1,260 = £252.00 a year
    missing = missing_money(married_couple(), [])
    row = next(b for b in missing.may_be_missing if b.key == "marriage_allowance")
    assert (row.amount, row.yearly, row.amount_text) == (Decimal("252.00"), Decimal("252.00"), "£252.00 a year")
    assert row.claim_url == "https://www.gov.uk/apply-marriage-allowance"


def test_marriage_allowance_already_claimed_is_not_missing_and_is_not_a_deduction_row():
    claimed = married_couple(marriage_allowance_from="partner")
    assert all(b.key != "marriage_allowance" for b in missing_money(claimed, []).may_be_missing)
    comparison = compare_results(married_couple(), claimed)
    assert [r.key for r in comparison.deductions if r.key == "marriage_allowance"] == []
    tax = next(r for r in comparison.deductions if r.key == "income_tax")
    # (30,000 - 12,570) x 20% = 3,486.00 a year; with it 3,234.00: a month 290.50 -> 269.50
    assert (tax.old_monthly, tax.new_monthly) == (Decimal("290.50"), Decimal("269.50"))
