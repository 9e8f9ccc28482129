"""Council Tax Reduction: the steps every scheme shares, and which scheme applies.

- England: pensioners get the national prescribed scheme (SI 2012/2885 Sch. 1 to 3, in
  `ctr_england_pensioners.py`); everyone else gets their council's own scheme (`ctr_local_award`).
- Wales: one national scheme for pensioners and for those who are not (WSI 2013/3029, in `ctr_wales.py`).
- Scotland: the Council Tax Reduction (State Pension Credit) (Scotland) Regulations 2012 (SSI 2012/319)
  for pension age, and the Council Tax Reduction (Scotland) Regulations 2021 (SSI 2021/249) for working
  age (in `ctr_scotland.py`).

Every scheme works by the day: the maximum reduction for a day is the year's council tax (after
discounts) divided by the days in the financial year, less 1/7 of the weekly non-dependant deductions,
and the taper takes 20%/7 of the weekly excess income a day. The engine shows a week: 7 days, and a
year: the days of the financial year (`ctr_annual_award`), so a month is a twelfth of that year.
"""

from __future__ import annotations

from calendar import isleap
from datetime import date
from decimal import Decimal

from calculators.core.calc import RULES, Calc, CannotCalculate, benefit, rule
from calculators.core.money import ZERO, Money, pennies
from calculators.core.periods import MONTH, WEEK, YEAR


def financial_year_days(on: date) -> int:
    """Days in the financial year (1 April to 31 March) that contains `on`."""
    start_year = on.year if on.month >= 4 else on.year - 1
    return 366 if isleap(start_year + 1) else 365


@rule(label="council tax for a week", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/7")
def ctr_weekly_council_tax(c: Calc) -> Money:
    """The council tax the claimant is liable for, as a week: 7 × A/B, where A is the year's council tax
    after discounts and B the days in the financial year (SI 2012/2885 Sch. 1 para. 7(1); WSI 2013/3029
    Sch. 1 para. 7; SSI 2021/249 reg. 79(1); SSI 2012/319 reg. 47). Where the claimant is jointly liable
    with people outside the couple, A is shared equally among them (para. 7(3)-(4)). Unrounded: the
    schemes work by the day and round nothing; the award is rounded at the end. The year's bill is
    `ct_annual_bill`: the bill as given or, with only the band known, an estimate (council_tax.py)."""
    home = c.household.home
    annual = c("ct_annual_bill", period=YEAR)
    if home.council_tax is None:
        c.explain("your bill is an estimate from your band, so this reduction is an estimate too")
    if home.joint_tenants:
        annual = annual / (home.joint_tenants + 1)
        c.explain(
            f"the bill is shared between you and {home.joint_tenants} other joint "
            f"{'tenant' if home.joint_tenants == 1 else 'tenants'} who are liable with you"
        )
    days = financial_year_days(c.on)
    c.explain(f"£{annual:,.2f} a year ÷ {days} days × 7")
    return annual / Decimal(days) * 7


@rule(label="Universal Credit for Council Tax Reduction", period=MONTH, legislation="ukpga/2012/5/section/8")
def ctr_universal_credit(c: Calc) -> Money:
    """The household's Universal Credit as Council Tax Reduction sees it: the award the engine works out
    (`uc_award`); where the household says it gets Universal Credit but the engine works out none (or
    cannot), we cannot say how much it is. Used by every scheme that turns on Universal Credit: whether
    the pension-age or working-age rules apply (SI 2012/2885 reg. 3(2); WSI 2013/3029 reg. 3; SSI 2021/249
    reg. 3), and the working-age schemes that take income from the Universal Credit award (SSI 2021/249;
    WSI 2013/3029 Sch. 6 para. 28)."""
    answered = c.household.gets_universal_credit
    try:
        award = c("uc_award")
    except CannotCalculate as exc:
        if answered:
            raise c.cannot("you get Universal Credit, but we cannot work out how much: " + exc.reason,
                           ask=exc.ask) from None
        c.explain("we could not work out whether you would get Universal Credit (" + exc.reason + "); you did not "
                  "tell us you get it, so we work Council Tax Reduction out as for someone who does not")
        return ZERO
    if award > 0:
        c.explain(f"we work out Universal Credit of £{award:,.2f} a month for you")
        return award
    if answered:
        raise c.cannot(
            "you told us you get Universal Credit but we work out none for you, so we cannot tell how much it is; "
            "the council works Council Tax Reduction out from your Universal Credit statement",
            ask=None,
        )
    return ZERO


@rule(label="gets Universal Credit (for Council Tax Reduction)", legislation="uksi/2012/2885/regulation/3")
def ctr_gets_universal_credit(c: Calc) -> bool:
    """True if the household says it gets Universal Credit, or the engine works out an award for it."""
    if c.household.gets_universal_credit:
        c.explain("you told us you get Universal Credit")
        return True
    return c("ctr_universal_credit") > 0


@rule(label="pension age for Council Tax Reduction", legislation="uksi/2012/2885/regulation/3")
def ctr_is_pension_age(c: Calc) -> bool:
    """Whether the claimant is a 'pensioner' for Council Tax Reduction: they have reached the qualifying
    age for State Pension Credit (state pension age), and neither they nor any partner gets Universal
    Credit, income support, income-based JSA or income-related ESA. England: SI 2012/2885 reg. 3(2);
    Wales: WSI 2013/3029 reg. 3(1); Scotland: SSI 2012/319 reg. 2 (the pension-age scheme applies to
    those the 2021 working-age scheme does not, SSI 2021/249 reg. 12). Universal Credit counts whether the
    household told us it gets it or the engine works it out (`ctr_gets_universal_credit`)."""
    if not c("pension_age_reached", person=c.household.claimant):
        c.explain("the person claiming has not reached State Pension age")
        return False
    if c("ctr_gets_universal_credit"):
        c.explain("the household gets Universal Credit, so the working-age scheme applies")
        return False
    partner = c.household.partner
    if partner is not None and not c("pension_age_reached", person=partner) and c("uc_award") > 0:
        # a mixed-age couple claims Universal Credit; one with an award is not a 'pensioner' (reg. 3(2)(b)(ii))
        c.explain("because you would get Universal Credit (your partner is under State Pension age), the working-age scheme applies")
        return False
    return True


def _scheme_rule(c: Calc) -> str:
    """The rule that works out the reduction under the scheme for the home's nation and the claimant's age."""
    country = c.household.home.country
    pension_age = c("ctr_is_pension_age")
    if country == "england":
        scheme = "ctr_england_pensioner_award" if pension_age else "ctr_local_award"
    elif country in ("wales", "scotland"):
        scheme = f"ctr_{country}_award"
    else:
        raise c.cannot(f"Council Tax Reduction is not worked out for homes in {country}")
    if scheme not in RULES:
        raise c.cannot("we cannot yet work out Council Tax Reduction under this council's scheme")
    return scheme


@rule(label="Council Tax Reduction", period=WEEK, legislation="ukpga/1992/14/section/13A")
def ctr_award(c: Calc) -> Money:
    """The weekly reduction under whichever scheme applies to the home's nation and the claimant's age, to
    the penny. The national schemes (England's for pensioners, Wales, Scotland) work by the day and round
    nothing, so their rules give the week unrounded and it is rounded here; a council's own scheme rounds
    its weekly award itself (`ctr_local_award`)."""
    return pennies(c(_scheme_rule(c)))


@rule(label="Council Tax Reduction for the year", period=YEAR, legislation="ukpga/1992/14/section/13A")
def ctr_annual_award(c: Calc) -> Money:
    """The reduction for the financial year, built the way the law builds it: every scheme gives a reduction
    'in respect of a day' (SI 2012/2885 Sch. 1 paras. 2-3 and 7; WSI 2013/3029 Sch. 1 para. 2 and Sch. 6
    para. 4; SSI 2021/249 regs. 13 and 79; SSI 2012/319 regs. 14 and 47), so the year's reduction is the
    day's reduction (the week ÷ 7) times the days of the financial year: 365, or 366 when it holds 29
    February. A month is a twelfth of that, not the week × 52 ÷ 12, which leaves out the 365th (and 366th)
    day: £35.00 a week is £1,825.00 a year over 365 days, £152.08 a month, where 52 weeks make £1,820.00
    (£151.67 a month). The day is the national scheme's unrounded amount (A/B of the year's council tax
    A over B days, less the taper), so a full reduction is the whole bill to the penny: £1,597.82 over 365
    days is £30.6431 a week, £1,597.82 a year, where the week rounded to £30.64 would give £1,597.66.
    A council's own scheme's week is already rounded by the scheme. The year is rounded to the penny."""
    weekly = c(_scheme_rule(c), period=WEEK)
    days = financial_year_days(c.on)
    c.explain(f"£{pennies(weekly):,.2f} a week ÷ 7 days × {days} days in the financial year")
    return pennies(weekly / 7 * days)


benefit(
    "council_tax_reduction",
    label="Council Tax Reduction",
    amount="ctr_award",
    period=WEEK,
    claim_url="https://www.gov.uk/apply-council-tax-reduction",
    annual="ctr_annual_award",
    estimate="ct_bill_is_estimate",
)
