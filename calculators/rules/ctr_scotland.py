"""Scotland: the national Council Tax Reduction schemes.

- Pension age: the Council Tax Reduction (State Pension Credit) (Scotland) Regulations 2012 (SSI 2012/319).
- Working age (and pension-age households on Universal Credit): the Council Tax Reduction (Scotland)
  Regulations 2021 (SSI 2021/249), which replaced SSI 2012/303 from 1 April 2022.

Both are uprated each April by Scottish amending Regulations (SSI 2025/24 for 2025-26). Council Tax
Reduction in Scotland is on council tax only: the water and sewerage charges on the same bill have their
own reduction (up to 35%), which is not worked out here, so `home.council_tax` is the council tax alone.

Bands E to H: since 2017 a household may qualify under a second test (SSI 2021/249 reg. 14, reg. 79(2))
for a reduction of the band E-H increase only, A - A/C (C = 1.075, 1.125, 1.175 or 1.225). We work out
the main test (reg. 13) exactly; where it gives less than the full maximum in band E to H, the second
test could give more, and we say we cannot work it out rather than show too little.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import Money, pennies
from calculators.core.periods import WEEK

from .ctr_national import second_adult_check


@rule(label="Council Tax Reduction (Scotland)", period=WEEK, legislation="ssi/2021/249/regulation/79")
def ctr_scotland_award(c: Calc) -> Money:
    """The main test's reduction (SSI 2021/249 reg. 13 and 80; SSI 2012/319 regs. 14 and 47-49), rounded
    to the penny; in bands E to H a partial reduction cannot be final (see the module note)."""
    scheme = c("ctr_national_scheme")
    if scheme not in ("scotland_pension_age", "scotland_working_age"):
        raise c.cannot("the Scottish schemes are only for homes in Scotland")
    award = c("ctr_national_award")
    if award < c("ctr_maximum"):
        band = c.household.home.council_tax_band
        if band is None:
            raise c.cannot("we need the home's council tax band: in bands E to H a second test can give more",
                           ask="council_tax_band")
        if band in ("E", "F", "G", "H"):
            raise c.cannot(
                f"your home is in band {band}, so you may get a reduction of the band {band} increase under a "
                "second test (regulation 14) that we cannot work out yet; the council can"
            )
    if scheme == "scotland_pension_age":
        second_adult_check(c, award)
    return pennies(award)
