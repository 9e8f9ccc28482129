"""Scotland: the national Council Tax Reduction schemes.

- Pension age: the Council Tax Reduction (State Pension Credit) (Scotland) Regulations 2012 (SSI 2012/319).
- Working age (and pension-age households on Universal Credit): the Council Tax Reduction (Scotland)
  Regulations 2021 (SSI 2021/249), which replaced SSI 2012/303 from 1 April 2022.

Both are uprated each April by Scottish amending Regulations (SSI 2025/24 for 2025-26). Council Tax
Reduction in Scotland is on council tax only: the water and sewerage charges on the same bill have their
own reduction (up to 35%), which is not worked out here, so `home.council_tax` is the council tax alone.

Bands E to H: since 2017 a household may qualify under a second test (SSI 2021/249 reg. 14, reg. 79(2)-(3);
SSI 2012/319 reg. 14A, reg. 47(1A)-(1B)) for a reduction of the band E-H increase only: its maximum for a day
is (A - A/C)/B less non-dependant deductions, C = 1.075, 1.125, 1.175 or 1.225 for band E, F, G or H, and the
person gets whichever test gives more (reg. 13(4)). That maximum caps what the second test can give, so
where the main test already gives at least that much the main test's figure is the answer. Below it, the
second test's own income figures decide, and we could not read them, so we say we cannot work it out rather
than show too little.

Working age on Universal Credit (told, or worked out by the engine): income is earned income plus unearned
income, which takes in the Universal Credit award as SSI 2021/249 reg. 57(2)(d) adjusts it (reg. 42(2)); the
text of regs. 49 and 57(2)(d) could not be read here, so such a household is told we cannot work it out
(`ctr_income`).
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import ZERO, Money
from calculators.core.periods import WEEK

from .ctr_national import second_adult_rebate


@rule(label="Council Tax Reduction (Scotland)", period=WEEK, legislation="ssi/2021/249/regulation/79")
def ctr_scotland_award(c: Calc) -> Money:
    """The main test's reduction (SSI 2021/249 reg. 13 and 80; SSI 2012/319 regs. 14 and 47-49), for a
    week and unrounded (`ctr_award` rounds it); in bands E to H a partial reduction cannot be final (see the module note)."""
    scheme = c("ctr_national_scheme")
    if scheme not in ("scotland_pension_age", "scotland_working_age"):
        raise c.cannot("the Scottish schemes are only for homes in Scotland")
    award = c("ctr_national_award")
    if scheme == "scotland_pension_age":
        award = second_adult_rebate(c, award)
    if award < c("ctr_maximum"):
        band = c.household.home.council_tax_band
        if band is None:
            raise c.cannot("we need the home's council tax band: in bands E to H a second test can give more",
                           ask="council_tax_band")
        if band in ("E", "F", "G", "H"):
            band_maximum = c("ctr_scotland_band_e_to_h_maximum")
            if award < band_maximum:
                raise c.cannot(
                    f"your home is in band {band}, so you may get up to £{band_maximum:,.2f} a week off the band {band} "
                    "increase under a second test (regulation 14) that we cannot work out yet; the council can"
                )
            c.explain(f"the band {band} test could give at most £{band_maximum:,.2f} a week, no more than this")
    return award


@rule(label="most the bands E to H test could give", period=WEEK, legislation="ssi/2021/249/regulation/79")
def ctr_scotland_band_e_to_h_maximum(c: Calc) -> Money:
    """The maximum council tax reduction for the bands E to H test, as a week: 7 x (A - A/C)/B less the weekly
    non-dependant deductions, not below nil (SSI 2021/249 reg. 79(2)-(3); SSI 2012/319 reg. 47(1A)-(1B)), where
    A/B x 7 is the weekly council tax (`ctr_weekly_council_tax`). Nil outside bands E to H."""
    band = c.household.home.council_tax_band
    if band not in ("E", "F", "G", "H"):
        return ZERO
    ratio = c.param("scotland.council_tax_reduction.band_ratio")[band]
    weekly = c("ctr_weekly_council_tax")
    increase = weekly - weekly / ratio
    c.explain(f"£{weekly:,.2f} a week - £{weekly:,.2f} ÷ {ratio} (band {band}) = £{increase:,.2f}, "
              "less deductions for other adults")
    return max(increase - c("ctr_non_dependant_deductions"), ZERO)
