"""Wales: one national Council Tax Reduction scheme, for pensioners and for everyone else.

The Council Tax Reduction Schemes and Prescribed Requirements (Wales) Regulations 2013 (WSI 2013/3029):
pensioners Schs. 1-5, persons who are not pensioners Schs. 6-10, uprated each year by the Welsh
Ministers (WSI 2025/59 for 2025-26; the 2026 Miscellaneous Amendments Regulations for 2026-27). Every
Welsh council's scheme contains these; a council may only add discretionary extras (reg. 29). The
means test is shared with the other national schemes (`ctr_national.py`).

The alternative maximum for pensioners (second adult rebate, Sch. 1 para. 4 and Sch. 5) is worked out where
every second adult is on a passporting benefit or the main reduction is above 15% of the council tax; its
income bands for 2025-26 and 2026-27 could not be read, so a rebate that turns on them says so.

Not worked out, and each says so:
- households on Universal Credit (told, or worked out by the engine): Sch. 6 has its own rules for their
  applicable amount and income (the 2012 scheme regulations, WSI 2012/3144 Sch. 6 para. 3, took the applicable
  amount from the Universal Credit maximum amount x 12/52); the 2013 paragraphs could not be read here;
- people who are not pensioners in 2025-26 and 2026-27: the Sch. 7 allowances and premiums set by WSI 2025/59
  and the 2026 amending Regulations could not be read (only WSI 2025/59 reg. 8, non-dependant deductions, could),
  and Wales sets its own personal allowances, above Housing Benefit's (2024-25: £96.45 for a single person
  aged 25 or over, WSI 2024/56, against £90.50), so Housing Benefit figures are no stand-in.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import Money
from calculators.core.periods import WEEK

from .ctr_national import second_adult_rebate


@rule(label="Council Tax Reduction (Wales)", period=WEEK, legislation="wsi/2013/3029/contents")
def ctr_wales_award(c: Calc) -> Money:
    """The Welsh scheme's reduction: the maximum (100% of council tax less non-dependant deductions) less
    20% of income above the applicable amount, for a week and unrounded (`ctr_award` rounds it)."""
    scheme = c("ctr_national_scheme")
    if scheme not in ("wales_pensioners", "wales_working_age"):
        raise c.cannot("the Welsh scheme is only for homes in Wales")
    award = c("ctr_national_award")
    if scheme == "wales_pensioners":
        award = second_adult_rebate(c, award)
    return award
