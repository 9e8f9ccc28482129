"""Assessment periods and exact conversion between them."""

from decimal import Decimal
from enum import Enum


class Period(str, Enum):
    WEEK = "week"
    FORTNIGHT = "fortnight"
    FOUR_WEEKS = "four_weeks"
    MONTH = "month"
    YEAR = "year"

    @property
    def per_year(self) -> Decimal:
        return _PER_YEAR[self]

    @property
    def noun(self) -> str:
        return _NOUN[self]


WEEK, FORTNIGHT, FOUR_WEEKS, MONTH, YEAR = (
    Period.WEEK,
    Period.FORTNIGHT,
    Period.FOUR_WEEKS,
    Period.MONTH,
    Period.YEAR,
)

_PER_YEAR = {
    Period.WEEK: Decimal(52),
    Period.FORTNIGHT: Decimal(26),
    Period.FOUR_WEEKS: Decimal(13),
    Period.MONTH: Decimal(12),
    Period.YEAR: Decimal(1),
}
_NOUN = {
    Period.WEEK: "a week",
    Period.FORTNIGHT: "every 2 weeks",
    Period.FOUR_WEEKS: "every 4 weeks",
    Period.MONTH: "a month",
    Period.YEAR: "a year",
}


def convert(amount: Decimal, frm: Period, to: Period) -> Decimal:
    """Convert an amount between periods through the year, unrounded.

    Weekly to monthly is ×52÷12 (UC Regulations 2013 reg. 61-style annualisation) and
    monthly to weekly is ×12÷52 (Housing Benefit Regulations 2006 reg. 33); both are
    exact here: the caller rounds where the law says.
    """
    if frm == to:
        return amount
    return amount * frm.per_year / to.per_year
