"""England: the national scheme for pensioners that every council's scheme must contain.

The Council Tax Reduction Schemes (Prescribed Requirements) (England) Regulations 2012 (SI 2012/2885),
Schedules 1 to 5, as uprated each year (SI 2025/39 for 2025-26, SI 2026/27 for 2026-27). Councils may
be more generous to pensioners but not less; this is the prescribed minimum. The means test is shared
with the other national schemes (`ctr_national.py`).

Class C, the alternative maximum ("second adult rebate", Sch. 1 paras. 4 and 9, Sch. 3), which councils must
offer pensioners who share their home with a low-income adult, is worked out and the greater amount given
(`second_adult_rebate`); where a student lives in the home, or a second adult gets Universal Credit, we say we
cannot tell rather than guess.
"""

from __future__ import annotations

from calculators.core.calc import Calc, rule
from calculators.core.money import Money
from calculators.core.periods import WEEK

from .ctr_national import second_adult_rebate


@rule(label="Council Tax Reduction for pensioners (England)", period=WEEK,
      legislation="uksi/2012/2885/schedule/1/paragraph/10")
def ctr_england_pensioner_award(c: Calc) -> Money:
    """The prescribed scheme's reduction: the greater of classes A and B (the main calculation) and class C
    (the alternative maximum, Sch. 1 paras. 4 and 9 and Sch. 3), for a week and unrounded: the scheme works by
    the day and rounds nothing (`ctr_award` rounds the week, `ctr_annual_award` the year)."""
    if c("ctr_national_scheme") != "england_pensioners":
        raise c.cannot("England's prescribed scheme is only for pensioners living in England")
    return second_adult_rebate(c, c("ctr_national_award"))
