"""Child Benefit and the High Income Child Benefit Charge.

Child Benefit: Social Security Contributions and Benefits Act 1992 ss. 141-145A and the Child Benefit
(Rates) Regulations 2006 reg. 2 (an enhanced rate for the eldest child, a lower rate for each other).
The charge: Income Tax (Earnings and Pensions) Act 2003 ss. 681B-681H, an income tax charge on the
partner with the higher adjusted net income above £60,000.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.money import ZERO, Money
from calculators.core.periods import WEEK, YEAR

PENNY = Decimal("0.01")


@rule(label="children Child Benefit is paid for", legislation="ukpga/1992/4/section/142")
def cb_qualifying_children(c: Calc) -> int:
    """SSCBA 1992 s. 142: a child under 16, or a qualifying young person under 20 in full-time
    non-advanced education or approved training."""
    count = 0
    for child in c.household.children:
        age = child.age_on(c.on)
        if age < 16 or (age < 20 and child.in_education):
            count += 1
    return count


@rule(label="Child Benefit", period=WEEK, legislation="uksi/2006/965/regulation/2")
def cb_child_benefit(c: Calc) -> Money:
    """Child Benefit (Rates) Regulations 2006 reg. 2: the eldest-child rate once, the other-child rate for
    each other child or qualifying young person. Before the High Income Child Benefit Charge."""
    n = c("cb_qualifying_children")
    if n == 0:
        c.explain("Not eligible because there is no child under 16, or under 20 in education or training")
        return ZERO
    if c.household.no_recourse_to_public_funds:
        c.explain("Not eligible because Child Benefit is a public fund and your immigration status says "
                  "'no recourse to public funds'")
        return ZERO
    rates = c.param("hmrc.child_benefit.rates")
    c.explain(f"£{rates.eldest} for the eldest child" + (f" and £{rates.additional} for each of {n - 1} more" if n > 1 else ""))
    return rates.eldest + rates.additional * (n - 1)


@rule(label="partner who would pay the High Income Child Benefit Charge", legislation="ukpga/2003/1/section/681B")
def cb_hicbc_payer(c: Calc) -> str | None:
    """ITEPA 2003 s. 681B-681D: the person (or, in a couple, the partner with the higher adjusted net income)
    whose adjusted net income exceeds the threshold; None when nobody's does."""
    threshold = c.param("hmrc.child_benefit.high_income_charge.income_threshold")
    payer, highest = None, threshold
    for p in c.household.adults:
        ani = c("it_adjusted_net_income", person=p)
        if ani > highest:
            payer, highest = p.id, ani
    return payer


@rule(label="High Income Child Benefit Charge", period=YEAR, legislation="ukpga/2003/1/section/681C")
def cb_hicbc(c: Calc) -> Money:
    """ITEPA 2003 s. 681C: 1% of the year's Child Benefit for every complete £200 of adjusted net income
    above £60,000, up to 100% (from £80,000). We count 52 weeks of the current weekly rate (a tax year
    with 53 paydays would give one week more). s. 681C(3) rounds down to whole pounds both the year's
    Child Benefit and the charge, and the percentage to a whole number."""
    cb = c("cb_child_benefit")
    if cb == 0:
        return ZERO
    payer_id = c("cb_hicbc_payer")
    if payer_id is None:
        c.explain("no charge: nobody's adjusted net income is over the threshold")
        return ZERO
    p = c.param("hmrc.child_benefit.high_income_charge")
    ani = c("it_adjusted_net_income", person=c.household.person(payer_id))
    percent = min(((ani - p.income_threshold) / p.income_step).to_integral_value(rounding=ROUND_DOWN), Decimal(100))
    c.explain(f"{percent}% of the Child Benefit, because {payer_id}'s adjusted net income is £{ani:,.2f}")
    child_benefit = c("cb_child_benefit", period=YEAR).to_integral_value(rounding=ROUND_DOWN)
    return (child_benefit * percent / 100).to_integral_value(rounding=ROUND_DOWN).quantize(PENNY)


benefit("child_benefit", label="Child Benefit", amount="cb_child_benefit", period=WEEK,
        claim_url="https://www.gov.uk/child-benefit/how-to-claim")
benefit("high_income_child_benefit_charge", label="High Income Child Benefit Charge", amount="cb_hicbc",
        period=YEAR, kind="deduction")
