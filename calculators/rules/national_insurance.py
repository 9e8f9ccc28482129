"""National Insurance contributions paid by the person: Class 1 (employees), Class 4 and Class 2 (self-employed).

Class 1 primary contributions are worked out for each job per earnings period (the job's pay
period), against the prescribed equivalents of the primary threshold and upper earnings limit for
that period (Social Security (Contributions) Regulations 2001 reg. 11), then multiplied up to a
year. Each job is treated as a separate employment (earnings from the same employer are not
aggregated). Secondary (employer) contributions are not the person's and are not shown.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_DOWN, Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.household import Job, Person
from calculators.core.money import ZERO, Money
from calculators.core.pension_age import state_pension_age_date
from calculators.core.periods import FORTNIGHT, FOUR_WEEKS, MONTH, WEEK, YEAR, Period

from .income_tax import tax_year_start

PENNY = Decimal("0.01")
POUND = Decimal("1")
_WEEKS = {WEEK: 1, FORTNIGHT: 2, FOUR_WEEKS: 4}


def period_threshold(yearly: Money, monthly: Money, period: Period) -> Money:
    """Reg. 11(2A)/(3): the prescribed equivalent for an earnings period. A year and a month are prescribed;
    for a week or several weeks, the yearly figure ÷ 52 × the number of weeks, rounded up to the next pound."""
    if period == YEAR:
        return yearly
    if period == MONTH:
        return monthly
    weeks = _WEEKS[period]
    return (yearly / 52 * weeks).quantize(POUND, rounding=ROUND_CEILING)


def class1_for_period(earnings: Money, pt: Money, uel: Money, main: Money, additional: Money) -> Money:
    """SSCBA 1992 s. 8(1)-(2): the main percentage between the primary threshold and the upper earnings
    limit, the additional percentage above it; a fraction of a penny of ½p or less is disregarded
    (HMRC exact percentage method, CWG2)."""
    band = max(min(earnings, uel) - pt, ZERO)
    above = max(earnings - uel, ZERO)
    return (main * band + additional * above).quantize(PENNY, rounding=ROUND_HALF_DOWN)


def _class1_main_for_job(c: Calc, job: Job) -> Money:
    """The part of a job's primary Class 1 contributions paid at the main primary percentage, for a year."""
    p = c.param("hmrc.national_insurance.class_1")
    period = job.gross_pay.period
    pt = period_threshold(p.primary_threshold.year, p.primary_threshold.month, period)
    uel = period_threshold(p.upper_earnings_limit.year, p.upper_earnings_limit.month, period)
    band = max(min(job.gross_pay.amount, uel) - pt, ZERO)
    return (p.main_rate * band).quantize(PENNY, rounding=ROUND_HALF_DOWN) * period.per_year


def _class1_for_job(c: Calc, job: Job) -> Money:
    p = c.param("hmrc.national_insurance.class_1")
    period = job.gross_pay.period
    pt = period_threshold(p.primary_threshold.year, p.primary_threshold.month, period)
    uel = period_threshold(p.upper_earnings_limit.year, p.upper_earnings_limit.month, period)
    per_period = class1_for_period(job.gross_pay.amount, pt, uel, p.main_rate, p.additional_rate)
    c.explain(f"£{per_period:,.2f} {period.noun} on pay of £{job.gross_pay.amount:,.2f} "
              f"(primary threshold £{pt:,}, upper earnings limit £{uel:,} {period.noun})")
    return per_period * period.per_year


@rule(label="National Insurance on pay (Class 1)", period=YEAR, per_person=True, legislation="ukpga/1992/4/section/8")
def ni_class1_employee(c: Calc, person: Person) -> Money:
    """SSCBA 1992 s. 8: primary Class 1 contributions on each job's pay, per pay period, for a year.

    s. 6(3): none on earnings paid after state pension age. Pension contributions under a net pay
    arrangement do not reduce earnings for National Insurance."""
    if not person.jobs:
        return ZERO
    if c("pension_age_reached", person=person):
        c.explain("no employee National Insurance is due on pay after state pension age")
        return ZERO
    return sum((_class1_for_job(c, job) for job in person.jobs), ZERO)


def _over_pension_age_at_start_of_tax_year(c: Calc, person: Person) -> bool:
    start = tax_year_start(c.on)
    if person.date_of_birth is not None:
        return start >= state_pension_age_date(person.date_of_birth)
    age = person.age_on(c.on)
    if age >= 68:
        return True
    if age < 66:
        return False
    raise c.cannot(
        "we need your date of birth to tell whether you had reached state pension age by 6 April, "
        "which decides whether you pay Class 4 National Insurance this tax year",
        ask="date_of_birth",
    )


@rule(label="National Insurance on self-employed profits (Class 4)", period=YEAR, per_person=True,
      legislation="ukpga/1992/4/section/15")
def ni_class4(c: Calc, person: Person) -> Money:
    """SSCBA 1992 s. 15(3ZA): the main Class 4 percentage on profits between the lower and upper profits
    limits, the additional percentage above. Contributions Regs 2001 reg. 91(a): nothing is due for a
    tax year at whose start the person was over state pension age. Rounded down to the penny. Reg. 100: no
    more than the annual maximum when the person also pays Class 1 (`_class4_annual_maximum`)."""
    profit = c("it_trading_income", person=person)
    if profit <= 0:
        return ZERO
    if c("pension_age_reached", person=person) and _over_pension_age_at_start_of_tax_year(c, person):
        c.explain("no Class 4 is due: you were over state pension age at the start of the tax year")
        return ZERO
    p = c.param("hmrc.national_insurance.class_4")
    band = max(min(profit, p.upper_profits_limit) - p.lower_profits_limit, ZERO)
    above = max(profit - p.upper_profits_limit, ZERO)
    full = (p.main_rate * band + p.additional_rate * above).quantize(PENNY, rounding=ROUND_DOWN)
    maximum = _class4_annual_maximum(c, person, profit, band)
    if maximum is not None and maximum < full:
        c.explain(f"£{maximum:,.2f}, not £{full:,.2f}: you also pay Class 1 on your pay, and the yearly maximum "
                  "for someone who is both employed and self-employed applies")
        return maximum
    return full


def _class4_annual_maximum(c: Calc, person: Person, profit: Money, band: Money) -> Money | None:
    """Contributions Regs 2001 reg. 100: someone who pays both Class 4 and primary Class 1 pays no more Class 4
    than a maximum (None when reg. 100 does not apply: no Class 1 is payable).

    Step One: upper profits limit - lower profits limit. Step Two: x 6%. Step Four: less the primary Class 1
    paid at the main primary percentage. Case 1: positive and more than that Class 1 plus the Class 4 at the
    main Class 4 percentage: the maximum is the Step Four result. Case 2: positive but not more: Step Five,
    the Step Four result x 100/6; Step Six, profits above the lower profits limit less Step Five; Step Seven,
    x the additional Class 4 percentage; Step Eight, the maximum is Step Four + Step Seven. Case 3: zero or
    less: the maximum is the additional Class 4 percentage of the profits above the lower profits limit.
    Rounded down to the penny, as Class 4 is."""
    if not person.jobs or c("pension_age_reached", person=person):
        return None
    class1_main = sum((_class1_main_for_job(c, job) for job in person.jobs), ZERO)
    if class1_main <= 0:
        return None
    p = c.param("hmrc.national_insurance.class_4")
    rate = c.param("hmrc.national_insurance.class_4.annual_maximum_rate")
    step4 = (p.upper_profits_limit - p.lower_profits_limit) * rate - class1_main
    above_lower = max(profit - p.lower_profits_limit, ZERO)
    if step4 <= 0:
        maximum = p.additional_rate * above_lower
    elif step4 > class1_main + p.main_rate * band:
        maximum = step4
    else:
        step6 = above_lower - step4 / rate
        maximum = step4 + p.additional_rate * step6
    return max(maximum, ZERO).quantize(PENNY, rounding=ROUND_DOWN)


@rule(label="Class 2 National Insurance", period=YEAR, per_person=True, legislation="ukpga/2023/57/section/3")
def ni_class2(c: Calc, person: Person) -> Money:
    """National Insurance Contributions (Reduction in Rates) Act 2023 s. 3: from 6 April 2024 no self-employed
    person has to pay Class 2; those with profits at or above the small profits threshold are treated as
    having paid. Voluntary Class 2 contributions (to fill a gap in the record) are a choice, not a deduction."""
    if person.self_employment is not None:
        c.explain("nothing to pay: Class 2 has been voluntary since 6 April 2024; "
                  "if your profits are above the small profits threshold you get the credit automatically")
    return ZERO


@rule(label="National Insurance for the household", period=YEAR, legislation="ukpga/1992/4/section/1")
def ni_total(c: Calc) -> Money:
    """Class 1 (employee), Class 4 and Class 2 contributions of each adult, added up."""
    total = ZERO
    for p in c.household.adults:
        total += c("ni_class1_employee", person=p) + c("ni_class4", person=p) + c("ni_class2", person=p)
    return total

benefit("national_insurance", label="National Insurance", amount="ni_total", period=YEAR, kind="deduction")
