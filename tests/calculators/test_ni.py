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
