"""England: the national scheme for pensioners that every council's scheme must contain.

The Council Tax Reduction Schemes (Prescribed Requirements) (England) Regulations 2012 (SI 2012/2885),
Schedules 1 to 5, as uprated each year (SI 2025/39 for 2025-26, SI 2026/27 for 2026-27). Councils may
be more generous to pensioners but not less; this is the prescribed minimum. The means test is shared
with the other national schemes (`ctr_national.py`).

Not worked out: class C, the alternative maximum ("second adult rebate", Sch. 3), which councils must
offer pensioners who share their home with a low-income adult. We say so when it could apply.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import Money, pennies
from calculators.core.periods import WEEK

from .ctr_national import second_adult_check


@rule(label="Council Tax Reduction for pensioners (England)", period=WEEK,
      legislation="uksi/2012/2885/schedule/1/paragraph/10")
def ctr_england_pensioner_award(c: Calc) -> Money:
    """The prescribed scheme's reduction (classes A and B), rounded to the penny. Where another adult
    lives in the home and the reduction is below what class C (the alternative maximum, Sch. 1 para. 4
    and Sch. 3) could give, we cannot tell which is greater, and say so."""
    if c("ctr_national_scheme") != "england_pensioners":
        raise c.cannot("England's prescribed scheme is only for pensioners living in England")
    award = c("ctr_national_award")
    second_adult_check(c, award)
    return pennies(award)
