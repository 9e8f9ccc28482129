"""National Insurance: prescribed equivalents per pay period, rounding, jobs, pension age."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators  # noqa: F401
from calculators import CannotCalculate, Household
from calculators.core.calc import Calc
from calculators.core.periods import FORTNIGHT, FOUR_WEEKS, MONTH, WEEK, YEAR
from calculators.rules.national_insurance import class1_for_period, period_threshold

D = Decimal


@pytest.mark.parametrize(
    ("period", "pt", "uel"),
    [(WEEK, "242", "967"), (FORTNIGHT, "484", "1934"), (FOUR_WEEKS, "967", "3867"), (MONTH, "1048", "4189"),
     (YEAR, "12570", "50270")],
)
def test_prescribed_equivalents_for_each_pay_period(period, pt, uel):
    assert period_threshold(D(12570), D(1048), period) == D(pt)
    assert period_threshold(D(50270), D(4189), period) == D(uel)


def test_half_a_penny_is_disregarded_and_more_rounds_up():
    assert class1_for_period(D("4189.25"), D(1048), D(4189), D("0.08"), D("0.02")) == D("251.28")
    assert class1_for_period(D("4189.26"), D(1048), D(4189), D("0.08"), D("0.02")) == D("251.29")


def _person(on=date(2026, 6, 1), **p):
    h = Household.model_validate({"claimant": p})
    return Calc(h, on), h.claimant


def test_each_job_has_its_own_threshold():
    jobs = [{"gross_pay": {"amount": "200", "period": "week"}, "hours_per_week": "16"}] * 2
    c, p = _person(age=30, jobs=jobs)
    assert c("ni_class1_employee", person=p) == 0


@settings(max_examples=100, deadline=None)
@given(weekly=st.integers(min_value=0, max_value=3000))
def test_weekly_and_yearly_pay_give_nearly_the_same_yearly_ni(weekly):
    cw, pw = _person(age=30, jobs=[{"gross_pay": {"amount": str(weekly), "period": "week"}, "hours_per_week": "30"}])
    cy, py = _person(age=30, jobs=[{"gross_pay": {"amount": str(weekly * 52), "period": "year"}, "hours_per_week": "30"}])
    # The weekly thresholds are rounded up by under £1 (x 52 weeks x 8%): at most about £2.20 a year apart.
    assert abs(cw("ni_class1_employee", person=pw) - cy("ni_class1_employee", person=py)) <= D("2.30")


def test_class4_needs_a_date_of_birth_at_66_in_2026_27():
    c, p = _person(age=66, self_employment={"profit": {"amount": "20000", "period": "year"}, "hours_per_week": "40"})
    # At 66 with no date of birth the core cannot tell whether state pension age was reached.
    with pytest.raises(CannotCalculate):
        c("ni_class4", person=p)


def test_class4_not_due_for_a_68_year_old():
    c, p = _person(age=68, self_employment={"profit": {"amount": "20000", "period": "year"}, "hours_per_week": "40"})
    assert c("ni_class4", person=p) == 0


def test_class2_explains_why_nothing_is_due():
    c, p = _person(age=40, self_employment={"profit": {"amount": "20000", "period": "year"}, "hours_per_week": "40"})
    assert c("ni_class2", person=p) == 0
    assert "voluntary" in c.step("ni_class2", p).notes[0]


def _employed_and_self_employed(monthly_pay: str, yearly_profit: str):
    return _person(age=40, jobs=[{"gross_pay": {"amount": monthly_pay, "period": "month"}, "hours_per_week": "30"}],
                   self_employment={"profit": {"amount": yearly_profit, "period": "year"}, "hours_per_week": "20"})


def test_class4_annual_maximum_case_3_only_the_additional_percentage():
    # Contributions Regs 2001 reg. 100(3), 2026-27. Class 1 at the main percentage:
    # (4,143 - 1,048) x 8% = 247.60 a month x 12 = 2,971.20.
    # Step One 50,270 - 12,570 = 37,700; Step Two x 6% = 2,262.00; Step Four 2,262.00 - 2,971.20 = -709.20.
    # Case 3: 2% x (70,716 - 12,570 = 58,146) = 1,162.92, not the full 37,700 x 6% + 20,446 x 2% = 2,670.92.
    c, p = _employed_and_self_employed("4143", "70716")
    assert c("ni_class1_employee", person=p) == D("2971.20")
    assert c("ni_class4", person=p) == D("1162.92")
    assert c("ni_total") == D("4134.12")


def test_class4_annual_maximum_case_2_main_then_additional_percentage():
    # Class 1 at the main percentage: (3,000 - 1,048) x 8% = 156.16 x 12 = 1,873.92.
    # Step Four: 2,262.00 - 1,873.92 = 388.08, positive but not more than 1,873.92 + (40,000 - 12,570 = 27,430)
    # x 6% = 1,645.80 (3,519.72): Case 2. Step Five 388.08 x 100/6 = 6,468.00; Step Six 27,430 - 6,468 = 20,962;
    # Step Seven x 2% = 419.24; Step Eight 388.08 + 419.24 = 807.32, less than the full 1,645.80.
    c, p = _employed_and_self_employed("3000", "40000")
    assert c("ni_class4", person=p) == D("807.32")


def test_class4_annual_maximum_case_1_does_not_bind():
    # Class 1 at the main percentage: (1,100 - 1,048) x 8% = 4.16 x 12 = 49.92. Step Four 2,262.00 - 49.92
    # = 2,212.08, more than 49.92 + (20,000 - 12,570) x 6% = 495.72: Case 1, the maximum is 2,212.08, above
    # the Class 4 of 7,430 x 6% = 445.80, which is due in full.
    c, p = _employed_and_self_employed("1100", "20000")
    assert c("ni_class4", person=p) == D("445.80")


def test_class4_annual_maximum_needs_class1_payable():
    # Pay of £1,000 a month is under the £1,048 primary threshold: no Class 1, reg. 100 does not apply, and
    # the full 2,262.00 + (70,716 - 50,270 = 20,446) x 2% = 408.92 -> 2,670.92 is due.
    c, p = _employed_and_self_employed("1000", "70716")
    assert c("ni_class1_employee", person=p) == 0
    assert c("ni_class4", person=p) == D("2670.92")
