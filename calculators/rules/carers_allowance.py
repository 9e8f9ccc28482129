"""The Carer's Allowance earnings limit.

Social Security (Invalid Care Allowance) Regulations 1976 reg. 8: a carer is treated as gainfully
employed (and so cannot get Carer's Allowance) in a week in which their earnings exceed the limit.
Earnings are net earnings under the Social Security Benefit (Computation of Earnings) Regulations 1996:
for an employee, gross pay less income tax, primary Class 1 contributions and one-half of pension
contributions (reg. 10(3)); for the self-employed, profit less tax, Class 2 and Class 4 contributions and
one-half of pension premiums (reg. 13) — we have no self-employed pension input, so none is deducted.

The tax on earnings is the tax the person pays on all income less the tax they would pay without the
earnings: under PAYE the tax on a taxable benefit such as Carer's Allowance itself is collected through
the tax code on the job, so it comes out of the pay.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.household import Person
from calculators.core.money import ZERO, Money
from calculators.core.periods import WEEK

from .income_tax import income_tax_for


@rule(label="net earnings for Carer's Allowance", period=WEEK, per_person=True,
      legislation="uksi/1996/2745/regulation/10")
def ca_net_earnings(c: Calc, person: Person) -> Money:
    """Computation of Earnings Regs 1996 regs. 10(3) and 13: weekly earnings after tax, National Insurance
    and half of pension contributions."""
    gross = person.earnings(WEEK)
    profit = c("it_trading_income", person=person, period=WEEK)
    if gross == 0 and profit == 0:
        return ZERO
    share = c.param("dwp.carers_allowance.pension_contribution_deduction")
    pension = sum((j.pension_contribution.per(WEEK) for j in person.jobs if j.pension_contribution), ZERO)

    total = c("it_total_income", person=person)
    earned = c("it_employment_income", person=person) + c("it_trading_income", person=person)
    tax_on_earnings = income_tax_for(c, total) - income_tax_for(c, total - earned)
    ni = (c("ni_class1_employee", person=person) + c("ni_class4", person=person)
          + c("ni_class2", person=person))
    deductions = (tax_on_earnings + ni) / WEEK.per_year + share * pension
    if deductions:
        c.explain(f"less £{deductions:,.2f} a week of tax, National Insurance and half of pension contributions")
    return max(gross + profit - deductions, ZERO)


@rule(label="earnings are within the Carer's Allowance limit", per_person=True,
      legislation="uksi/1976/409/regulation/8")
def ca_earnings_within_limit(c: Calc, person: Person) -> bool:
    """ICA Regulations 1976 reg. 8(1): not gainfully employed unless weekly earnings exceed the limit,
    so earnings equal to the limit are within it."""
    limit = c.param("dwp.carers_allowance.earnings_limit")
    net = c("ca_net_earnings", person=person)
    within = net <= limit
    c.explain(f"£{net:,.2f} a week is {'within' if within else 'over'} the £{limit} limit")
    return within
