"""Money as people type it, and money as people read it.

`read_money` turns what someone typed ("£1,200.50", "1200", " 45.5 ") and the period
they chose (week, 2 weeks, 4 weeks, month, year) into an exact Decimal and a Period,
or into a GOV.UK-style error message that names the field and says what is wrong.
`format_money` writes an amount back as "£1,234.56". Nothing here uses float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from calculators.core.household import Amount
from calculators.core.money import ZERO, pennies
from calculators.core.periods import FORTNIGHT, FOUR_WEEKS, MONTH, WEEK, YEAR, Period, convert

MINUS = "\u2212"

# Pounds with an optional £, thousands either grouped with commas or not at all, and
# optional pence. Only ASCII digits: str.isdigit() and Decimal() accept other scripts' digits.
_NUMBER = re.compile(
    r"""^(?P<sign>[-\u2212])?\s*£?\s*(?P<sign_after>[-\u2212])?\s*
        (?P<pounds>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)
        (?:\.(?P<pence>[0-9]*))?$""",
    re.VERBOSE,
)
_LONGEST_INPUT = 40

PERIOD_CHOICES: tuple[tuple[Period, str], ...] = (
    (WEEK, "Every week"),
    (FORTNIGHT, "Every 2 weeks"),
    (FOUR_WEEKS, "Every 4 weeks"),
    (MONTH, "Every month"),
    (YEAR, "Every year"),
)
"""The radios for "how often", in the order people expect them, each with its words."""

_PERIOD_WORDS: dict[str, Period] = {
    "week": WEEK, "weekly": WEEK, "a week": WEEK, "every week": WEEK, "1 week": WEEK,
    "fortnight": FORTNIGHT, "fortnightly": FORTNIGHT, "2 weeks": FORTNIGHT, "two weeks": FORTNIGHT,
    "every 2 weeks": FORTNIGHT, "every two weeks": FORTNIGHT, "2_weeks": FORTNIGHT,
    "four_weeks": FOUR_WEEKS, "4 weeks": FOUR_WEEKS, "four weeks": FOUR_WEEKS, "every 4 weeks": FOUR_WEEKS,
    "every four weeks": FOUR_WEEKS, "4_weeks": FOUR_WEEKS, "4-weekly": FOUR_WEEKS, "four-weekly": FOUR_WEEKS,
    "month": MONTH, "monthly": MONTH, "a month": MONTH, "every month": MONTH, "calendar month": MONTH,
    "year": YEAR, "yearly": YEAR, "annually": YEAR, "annual": YEAR, "a year": YEAR, "every year": YEAR,
}


def format_money(amount: Decimal, *, pence: bool = True) -> str:
    """'£1,234.56' (or '£1,235' without pence), with a minus sign before the £ for a loss.

    Rounds half a penny up, as the benefit regulations usually do; a whole-pound figure
    is rounded half up too. Works on Decimal only.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"format_money needs a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        return "no limit"
    rounded = pennies(amount) if pence else amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    digits = f"{abs(rounded):,.2f}" if pence else f"{abs(rounded):,.0f}"
    return f"{sign}£{digits}"


def format_money_per(amount: Decimal, period: Period | str) -> str:
    """'£424.90 a month', '£25.60 every 2 weeks'."""
    return f"{format_money(amount)} {Period(period).noun}"


class MoneyError(ValueError):
    """What was typed is not an amount of money we can use; `message` is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _subject(name: str) -> str:
    """'your rent' -> 'Rent': the field's name to start a sentence, as GOV.UK messages do."""
    for lead in ("your ", "the ", "a ", "an "):
        if name.lower().startswith(lead):
            name = name[len(lead):]
            break
    return name[:1].upper() + name[1:]


def parse_money(
    text: str | None,
    *,
    name: str,
    minimum: Decimal = ZERO,
    maximum: Decimal = Decimal("100000"),
    example: tuple[str, str] = ("450", "450.50"),
) -> Decimal:
    """The amount typed, exactly, as a Decimal of pounds with pence if given.

    `name` is how the field reads after "Enter", such as "your rent"; messages are
    "Enter your rent", "Enter your rent as a number, like 450 or 450.50",
    "Rent must be £0 or more", "Rent must be £100,000 or less" and
    "Rent must not have more than 2 numbers after the decimal point, like 450.50".
    Raises MoneyError with that message.
    """
    subject = _subject(name)
    cleaned = (text or "").strip()
    if not cleaned:
        raise MoneyError(f"Enter {name}")
    as_number = MoneyError(f"Enter {name} as a number, like {example[0]} or {example[1]}")
    if len(cleaned) > _LONGEST_INPUT:
        raise as_number
    match = _NUMBER.match(cleaned)
    if match is None or not (match["pounds"] or match["pence"]):
        raise as_number
    pounds = (match["pounds"] or "0").replace(",", "")
    pence = match["pence"] or ""
    try:
        amount = Decimal(f"{pounds}.{pence}" if pence else pounds)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise as_number from None
    if (match["sign"] or match["sign_after"]) and amount != 0:
        amount = -amount
    if len(pence.rstrip("0")) > 2:
        raise MoneyError(
            f"{subject} must not have more than 2 numbers after the decimal point, like {example[1]}"
        )
    if amount < minimum:
        raise MoneyError(f"{subject} must be {format_money(minimum, pence=minimum != minimum.to_integral())} or more")
    if amount > maximum:
        raise MoneyError(f"{subject} must be {format_money(maximum, pence=maximum != maximum.to_integral())} or less")
    return pennies(amount)


def parse_period(text: str | Period | None, *, name: str, question: str | None = None) -> Period:
    """The period chosen: a Period value ('week', 'fortnight', 'four_weeks', 'month', 'year') or its words.

    The message when nothing usable was chosen is `question`, or "Select how often your
    rent is paid" made from `name`.
    """
    if isinstance(text, Period):
        return text
    key = " ".join((text or "").strip().lower().split())
    if key in _PERIOD_WORDS:
        return _PERIOD_WORDS[key]
    raise MoneyError(question or f"Select how often {name} is paid")


@dataclass(frozen=True)
class MoneyAmount:
    """An exact amount of money and how often it is paid."""

    amount: Decimal
    period: Period

    def per(self, period: Period) -> Decimal:
        """The amount for another period, exactly (×52÷12 week to month, ×12÷52 month to week); unrounded."""
        return convert(self.amount, self.period, period)

    @property
    def weekly(self) -> Decimal:
        return self.per(WEEK)

    @property
    def monthly(self) -> Decimal:
        return self.per(MONTH)

    @property
    def yearly(self) -> Decimal:
        return self.per(YEAR)

    def to_amount(self) -> Amount:
        """The rules engine's Amount, to put in a Household."""
        return Amount(amount=self.amount, period=self.period)

    def __str__(self) -> str:
        return format_money_per(self.amount, self.period)


@dataclass(frozen=True)
class MoneyField:
    """One money question's answer: what was typed (kept for the page), and the value or the errors.

    `amount_error` belongs next to the amount box and `period_error` next to the radios;
    both go in the error summary.
    """

    amount_text: str
    period_text: str
    value: MoneyAmount | None
    amount_error: str | None = None
    period_error: str | None = None

    @property
    def errors(self) -> dict[str, str]:
        """'amount' and/or 'period' -> message, in the order they appear on the page."""
        found = {"amount": self.amount_error, "period": self.period_error}
        return {k: v for k, v in found.items() if v}

    @property
    def ok(self) -> bool:
        return self.value is not None


def read_money(
    amount_text: str | None,
    period_text: str | Period | None,
    *,
    name: str,
    minimum: Decimal = ZERO,
    maximum: Decimal = Decimal("100000"),
    example: tuple[str, str] = ("450", "450.50"),
    period_question: str | None = None,
) -> MoneyField:
    """Read an amount and its period together, reporting a problem with each field separately."""
    amount: Decimal | None = None
    period: Period | None = None
    amount_error = period_error = None
    try:
        amount = parse_money(amount_text, name=name, minimum=minimum, maximum=maximum, example=example)
    except MoneyError as exc:
        amount_error = exc.message
    try:
        period = parse_period(period_text, name=name, question=period_question)
    except MoneyError as exc:
        period_error = exc.message
    value = MoneyAmount(amount, period) if amount is not None and period is not None else None
    shown_period = period_text.value if isinstance(period_text, Period) else (period_text or "")
    return MoneyField(amount_text or "", shown_period, value, amount_error, period_error)
