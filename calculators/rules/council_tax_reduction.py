"""Council Tax Reduction: the steps every scheme shares, and which scheme applies.

- England: pensioners get the national prescribed scheme (SI 2012/2885 Sch. 1 to 3, in
  `ctr_england_pensioners.py`); everyone else gets their council's own scheme (`ctr_local_award`).
- Wales: one national scheme for pensioners and for those who are not (WSI 2013/3029, in `ctr_wales.py`).
- Scotland: the Council Tax Reduction (State Pension Credit) (Scotland) Regulations 2012 (SSI 2012/319)
  for pension age, and the Council Tax Reduction (Scotland) Regulations 2021 (SSI 2021/249) for working
  age (in `ctr_scotland.py`).

Every scheme works by the day: the maximum reduction for a day is the year's council tax (after
discounts) divided by the days in the financial year, less 1/7 of the weekly non-dependant deductions,
and the taper takes 20%/7 of the weekly excess income a day. The engine shows a week: 7 days.
"""

from __future__ import annotations

from calendar import isleap
from datetime import date
from decimal import Decimal

from calculators.core.calc import RULES, Calc, benefit, rule
from calculators.core.money import Money
from calculators.core.periods import WEEK, YEAR


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


@rule(label="pension age for Council Tax Reduction", legislation="uksi/2012/2885/regulation/3")
def ctr_is_pension_age(c: Calc) -> bool:
    """Whether the claimant is a 'pensioner' for Council Tax Reduction: they have reached the qualifying
    age for State Pension Credit (state pension age), and neither they nor any partner gets Universal
    Credit, income support, income-based JSA or income-related ESA. England: SI 2012/2885 reg. 3(2);
    Wales: WSI 2013/3029 reg. 3(1); Scotland: SSI 2012/319 reg. 2 (the pension-age scheme applies to
    those the 2021 working-age scheme does not, SSI 2021/249 reg. 12)."""
    if not c("pension_age_reached", person=c.household.claimant):
        c.explain("the person claiming has not reached State Pension age")
        return False
    if c.household.gets_universal_credit:
        c.explain("the household gets Universal Credit, so the working-age scheme applies")
        return False
    return True


@rule(label="Council Tax Reduction", period=WEEK, legislation="ukpga/1992/14/section/13A")
def ctr_award(c: Calc) -> Money:
    """The weekly reduction under whichever scheme applies to the home's nation and the claimant's age."""
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
    return c(scheme)


benefit(
    "council_tax_reduction",
    label="Council Tax Reduction",
    amount="ctr_award",
    period=WEEK,
    claim_url="https://www.gov.uk/apply-council-tax-reduction",
    estimate="ct_bill_is_estimate",
)
