"""State pension age, from the date of birth.

Pensions Act 1995 Schedule 4 as amended by the Pensions Acts 2007, 2011 and 2014. For
anyone born before 6 April 1960 state pension age was reached by 2026 at 66 or earlier;
the Pensions Act 2014 s. 26 phases in 67 for people born 6 April 1960 to 5 March 1961.
"""

from __future__ import annotations

import calendar
from datetime import date

from .calc import Calc, rule
from .household import Person

_PHASE_IN_START = date(1960, 4, 6)
_AGE_67_FROM = date(1961, 3, 6)
_AGE_68_FROM = date(1978, 4, 6)  # Pensions Act 2007 (with phasing for 1977-78 births, long after this engine's dates)


def _add(born: date, years: int, months: int = 0) -> date:
    month_index = born.month - 1 + months
    year = born.year + years + month_index // 12
    month = month_index % 12 + 1
    day = min(born.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def state_pension_age_date(born: date) -> date:
    """The day a person born on `born` reaches state pension age."""
    if born < _PHASE_IN_START:
        return _add(born, 66)
    if born < _AGE_67_FROM:
        # Each month of birth from 6 April 1960 adds one month: 6 Apr–5 May 1960 → 66 years 1 month.
        months = (born.year - 1960) * 12 + born.month - 4 + (1 if born.day >= 6 else 0)
        return _add(born, 66, months)
    if born < _AGE_68_FROM:
        return _add(born, 67)
    return _add(born, 68)


@rule(label="has reached state pension age", per_person=True, legislation="ukpga/2014/19/section/26")
def pension_age_reached(c: Calc, person: Person) -> bool:
    """Pensions Act 1995 Sch. 4 as amended by Pensions Act 2014 s. 26."""
    if person.date_of_birth is not None:
        reached = state_pension_age_date(person.date_of_birth)
        c.explain(f"state pension age reached on {reached:%-d %B %Y}")
        return c.on >= reached
    age = person.age_on(c.on)
    if age >= 67:
        return True
    if age < 66:
        return False
    # At 66 in 2026-27 the answer turns on the month of birth (the 2014 Act phase-in).
    if c.on < date(2026, 4, 6):
        return True
    raise c.cannot("we need the date of birth to tell whether state pension age has been reached",
                   ask="date_of_birth")


@rule(label="age group for benefits")
def household_age_group(c: Calc) -> str:
    """'pension_age' when everyone in the benefit unit is over state pension age, 'mixed' for a couple
    where only one is (they claim Universal Credit, Welfare Reform Act 2012 s. 4(1)(b)), else 'working_age'."""
    reached = [c("pension_age_reached", person=p) for p in c.household.adults]
    if all(reached):
        return "pension_age"
    return "mixed" if any(reached) else "working_age"
