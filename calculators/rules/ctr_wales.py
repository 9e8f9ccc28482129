"""Wales: one national Council Tax Reduction scheme, for pensioners and for everyone else.

The Council Tax Reduction Schemes and Prescribed Requirements (Wales) Regulations 2013 (WSI 2013/3029):
pensioners Schs. 1-5, persons who are not pensioners Schs. 6-10, uprated each year by the Welsh
Ministers (WSI 2025/59 for 2025-26; the 2026 Miscellaneous Amendments Regulations for 2026-27). Every
Welsh council's scheme contains these; a council may only add discretionary extras (reg. 29). The
means test is shared with the other national schemes (`ctr_national.py`).

The alternative maximum for pensioners (second adult rebate, Sch. 1 para. 4 and Sch. 5) is worked out where
every second adult is on a passporting benefit or the main reduction is above 15% of the council tax; its
income bands for 2025-26 and 2026-27 could not be read, so a rebate that turns on them says so. Not worked
out: Universal Credit claimants (their income comes from the UC award, Sch. 6 para. 28) - it says so.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import Money, pennies
from calculators.core.periods import WEEK

from .ctr_national import second_adult_rebate


@rule(label="Council Tax Reduction (Wales)", period=WEEK, legislation="wsi/2013/3029/contents")
def ctr_wales_award(c: Calc) -> Money:
    """The Welsh scheme's reduction: the maximum (100% of council tax less non-dependant deductions) less
    20% of income above the applicable amount, rounded to the penny."""
    scheme = c("ctr_national_scheme")
    if scheme not in ("wales_pensioners", "wales_working_age"):
        raise c.cannot("the Welsh scheme is only for homes in Wales")
    award = c("ctr_national_award")
    if scheme == "wales_pensioners":
        award = second_adult_rebate(c, award)
    return pennies(award)
