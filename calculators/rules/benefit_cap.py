"""The benefit cap on Universal Credit.

Welfare Reform Act 2012 s. 96 and Universal Credit Regulations 2013 Part 7 (regs. 78-83): when the
welfare benefits of a single person or couple for an assessment period come to more than the relevant
amount, Universal Credit is reduced by the excess, less any childcare costs element (reg. 81). It does
not apply in the exceptions of regs. 82 (earnings, and the nine-month grace period) and 83 (health,
caring, disability benefits). Reg. 83 has no exception for age: a "mixed-age" couple on Universal Credit, one
of whom has reached State Pension age, is capped like any other couple unless an exception applies.

Housing Benefit has its own cap (HB Regs 2006 Part 8A, regs. 75A-75G), but reg. 75F(1)(g) lifts it whenever the
claimant or partner gets Universal Credit, and the pension-age HB Regulations (SI 2006/214) have no cap at all;
the working-age people this engine gives Housing Benefit (supported or temporary accommodation) claim Universal
Credit, so the cap is applied only here, to Universal Credit (rules/housing_benefit.py says so).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from calculators.core.calc import Calc, rule
from calculators.core.money import ZERO, Money, pennies
from calculators.core.periods import MONTH

from .universal_credit import CAP_EXEMPT_BENEFITS

#: Reg. 79(4): welfare benefits counted alongside Universal Credit (other than Child Benefit, which
#: comes from its own rule); HB counts as nil (reg. 80(2A)).
CAPPED_BENEFITS = (
    "esa_contribution",
    "jsa_contribution",
    "maternity_allowance",
    "widowed_parents_allowance",
    "carers_allowance",
)


@rule(label="benefit cap level", period=MONTH, legislation="uksi/2013/376/regulation/80A")
def uc_benefit_cap_level(c: Calc) -> Money:
    """Reg. 80A: the annual limit divided by 12 (rounded to the penny, reg. 6): the higher limit for
    joint claimants or a single claimant responsible for a child, the Greater London limits when the
    home is in Greater London."""
    h = c.household
    limits = c.param("dwp.benefit_cap.annual_limit")
    family = h.is_couple or bool(h.children)
    if h.home.in_greater_london:
        annual = limits.couple_or_with_children_greater_london if family else limits.single_greater_london
    else:
        annual = limits.couple_or_with_children_outside_london if family else limits.single_outside_london
    c.explain(f"£{annual:,} a year for {'a couple or a family with children' if family else 'a single person'}"
              f"{' in Greater London' if h.home.in_greater_london else ' outside Greater London'}")
    return pennies(annual / 12)


@rule(label="earnings level that lifts the benefit cap", period=MONTH, legislation="uksi/2013/376/regulation/82")
def uc_benefit_cap_earnings_threshold(c: Calc) -> Money:
    """Reg. 82(1)(a): 16 hours a week at the National Living Wage (NMW Regs 2015 reg. 4), x 52 / 12. Reg. 6(1A)(za)
    (inserted by SI 2017/138 reg. 2(2)): the fraction of £1 is disregarded, so £881.2266.. is £881 (2026-27)."""
    hours = c.param("dwp.benefit_cap.earnings_exception_hours")
    nlw = c.param("dwp.universal_credit.means_test.national_living_wage")
    return (hours * nlw * 52 / 12).to_integral_value(rounding=ROUND_DOWN).quantize(Decimal("0.01"))


@rule(label="exempt from the benefit cap", legislation="uksi/2013/376/regulation/83")
def uc_benefit_cap_exempt(c: Calc) -> bool:
    """Regs. 82-83: no cap when earned income (a couple's together) is at least the earnings threshold,
    in the grace period after work, when the award includes the LCWRA or carer element (or either
    partner has LCWRA), when the claimant, partner or a child gets a disability benefit, Carer's
    Allowance, industrial injuries benefit or a war pension.

    Reaching State Pension age is not an exception: reg. 83(1) lists benefits and elements only, so a
    mixed-age couple (one partner over State Pension age) is capped unless one of those applies."""
    h = c.household
    earned = c("uc_earned_income")
    threshold = c("uc_benefit_cap_earnings_threshold")
    if earned >= threshold:
        c.explain(f"earnings of £{earned:,.2f} are at least £{threshold:,.2f} a month")
        return True
    if h.benefit_cap_grace_period:
        c.explain("in the nine-month grace period after work ended")
        return True
    if c("uc_lcwra_element") > 0 or any(p.limited_capability == "lcwra" for p in h.adults):
        c.explain("limited capability for work and work-related activity")
        return True
    if c("uc_carer_element") > 0 or any(p.is_carer for p in h.adults):
        c.explain("a carer")
        return True
    for p in h.adults:
        if p.gets(*CAP_EXEMPT_BENEFITS):
            c.explain("gets a disability or carer's benefit, industrial injuries benefit or a war pension")
            return True
    if any(ch.disability != "none" for ch in h.children):
        c.explain("a child gets a disability benefit")
        return True
    if any(c("pension_age_reached", person=p) for p in h.adults):
        c.explain("reaching State Pension age does not lift the cap on Universal Credit: the exceptions are "
                  "for health, caring and disability benefits and for earnings")
    return False


@rule(label="benefits counted for the cap", period=MONTH, legislation="uksi/2013/376/regulation/80")
def uc_benefit_cap_total(c: Calc) -> Money:
    """Regs. 79(4) and 80: Universal Credit before any cap reduction, Child Benefit, contributory ESA and
    JSA, Maternity Allowance, Widowed Parent's Allowance, as monthly amounts (reg. 73: x 52 / 12)."""
    others = sum((p.benefit(*CAPPED_BENEFITS, period=MONTH) for p in c.household.adults), ZERO)
    cb = c("cb_child_benefit", period=MONTH) if c.household.children else ZERO
    return c("uc_award_before_cap") + pennies(cb) + pennies(others)


@rule(label="benefit cap reduction", period=MONTH, legislation="uksi/2013/376/regulation/81")
def uc_benefit_cap_reduction(c: Calc) -> Money:
    """Reg. 81: the excess of the benefits over the cap, less the childcare costs element in the award,
    and never more than the Universal Credit award itself."""
    award = c("uc_award_before_cap")
    if award == 0 or c("uc_benefit_cap_exempt"):
        return ZERO
    excess = c("uc_benefit_cap_total") - c("uc_benefit_cap_level")
    if excess <= 0:
        return ZERO
    childcare = c("uc_childcare_element")
    if childcare:
        c.explain(f"the excess is reduced by the £{childcare:,.2f} childcare costs element")
    return min(max(excess - childcare, ZERO), award)
