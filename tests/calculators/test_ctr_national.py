"""Council Tax Reduction under the national schemes: how the year and month are built, and Universal Credit."""

from datetime import date
from decimal import Decimal

from calculators import calculate
from calculators.core.calc import Calc
from calculators.core.household import Household


def _pensioner(council_tax: str = "1825") -> Household:
    return Household.model_validate({
        "claimant": {"date_of_birth": "1956-01-01", "benefits": [{"kind": "state_pension", "amount": {"amount": "227.10"}}]},
        "home": {"tenure": "owner", "council_tax": {"amount": council_tax, "period": "year"}},
    })


def test_month_is_a_twelfth_of_the_days_of_the_year_not_52_weeks():
    # SI 2012/2885 Sch. 1 paras. 2 and 7: the reduction is for each day. Income 227.10 = applicable amount (pension
    # age 2022, £227.10; 227.10 x 52 = 11,809.20, no tax; no savings credit), so the maximum: £1,825 / 365 x 7 = 35.00
    # a week; the year is 35.00 / 7 x 365 = 1,825.00; a month 1,825.00 / 12 = 152.083 -> 152.08 (not 35 x 52 / 12 = 151.67).
    item = calculate(_pensioner(), date(2025, 6, 1)).item("council_tax_reduction")
    assert item.weekly == Decimal("35.00")
    assert item.yearly == Decimal("1825.00")
    assert item.monthly == Decimal("152.08")


def test_a_leap_financial_year_has_366_days():
    # 2027-28 holds 29 February 2028: £1,830 / 366 x 7 = 35.00 a week; the year 35.00 / 7 x 366 = 1,830.00;
    # a month 1,830.00 / 12 = 152.50. (the 2026-27 figures hold until the next change.)
    c = Calc(_pensioner("1830"), date(2027, 6, 1))
    assert c("ctr_award") == Decimal("35.00")
    assert c("ctr_annual_award") == Decimal("1830.00")


def test_a_full_reduction_is_the_whole_bill_to_the_penny():
    # SI 2012/2885 Sch. 1 para. 7(1): the maximum for a day is A/B = £1,597.82 / 365 = £4.37759 (unrounded; the
    # scheme rounds nothing); income £227.10 is within the applicable amount (£227.10), so the maximum for every
    # day: 365 x 1,597.82 / 365 = £1,597.82 for the year, exactly the bill. The week shown is 7 x 4.37759 =
    # 30.6431 -> £30.64; building the year from that rounded week would give 30.64 / 7 x 365 = £1,597.66, 16p short.
    c = Calc(_pensioner("1597.82"), date(2026, 6, 1))
    assert c("ctr_award") == Decimal("30.64")
    assert c("ctr_annual_award") == Decimal("1597.82")


def test_a_tapered_reduction_is_built_from_the_unrounded_day():
    # State Pension £230.00 a week and a private pension of £520 a year (£10.00 a week): 230 x 52 + 520 = £12,480,
    # under the personal allowance, so no tax. Income £240.00 is over the 2026-27 applicable amount for someone who
    # reached pension age after 1 April 2021 (£238.00; SI 2026/27) by £2.00. Sch. 1 para. 10: for a day, the maximum
    # 1,597.82 / 365 less 20% x 2.00 / 7; for the year 1,597.82 - 0.40 / 7 x 365 = 1,597.82 - 20.857 = £1,576.96.
    # The week shown: 30.6431 - 0.40 = 30.2431 -> £30.24 (the rounded week would give 30.24 / 7 x 365 = £1,576.80).
    h = Household.model_validate({
        "claimant": {"date_of_birth": "1956-01-01",
                     "benefits": [{"kind": "state_pension", "amount": {"amount": "230.00"}}],
                     "private_pension": {"amount": "520", "period": "year"}},
        "home": {"tenure": "owner", "council_tax": {"amount": "1597.82", "period": "year"}},
    })
    c = Calc(h, date(2026, 6, 1))
    assert c("ctr_applicable_amount") == Decimal("238.00")
    assert c("ctr_income") == Decimal("240.00")
    assert c("ctr_award") == Decimal("30.24")
    assert c("ctr_annual_award") == Decimal("1576.96")


def test_universal_credit_the_engine_works_out_counts_for_the_working_age_scheme():
    # Scottish working-age lone parent with £150 other income: the engine works out a UC award, so the scheme
    # is not the legacy means test (SSI 2021/249 takes income from the UC award); not answered "gets UC".
    h = Household.model_validate({
        "claimant": {"age": 30, "other_income": {"amount": "150"}},
        "children": [{"age": 6}],
        "home": {"tenure": "private_rent", "country": "scotland", "council_tax_band": "A",
                 "council_tax": {"amount": "1825", "period": "year"}},
    })
    c = Calc(h, date(2025, 6, 1))
    assert not h.gets_universal_credit
    assert c("uc_award") > 0
    assert c("ctr_gets_universal_credit") is True
    result = calculate(h, date(2025, 6, 1))
    assert result.item("council_tax_reduction").amount is None
    assert "Universal Credit" in result.item("council_tax_reduction").cannot


def test_no_universal_credit_worked_out_leaves_the_pensioner_scheme():
    # A pensioner gets no UC (WRA 2012 s. 4(1)(b)), so the pension-age scheme applies (SI 2012/2885 reg. 3(2)).
    c = Calc(_pensioner(), date(2025, 6, 1))
    assert c("ctr_universal_credit") == Decimal("0")
    assert c("ctr_is_pension_age") is True
