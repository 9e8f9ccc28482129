"""Plain-English wording for trace steps ("How we worked this out")."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .money import pennies
from .periods import Period

if TYPE_CHECKING:
    from .calc import Step


def format_money(amount: Decimal, period: Period | str | None = None) -> str:
    text = f"£{pennies(amount):,.2f}" if amount.is_finite() else "no limit"
    if period is not None:
        text += " " + Period(period).noun
    return text


def format_value(value: Any, period: Period | None = None, unit: str | None = None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if unit == "ratio":
            return f"{(value * 100).normalize():f}%"
        if period is not None or unit == "currency":
            return format_money(value, period)
        return f"{value.normalize():f}" if value.is_finite() else "no limit"
    if value is None:
        return "none"
    return str(value)


def describe(step: Step) -> str:
    """One line: 'label = value', then any notes."""
    who = f" ({step.person})" if step.person else ""
    if step.cannot is not None:
        head = f"{step.label}{who}: cannot be worked out — {step.cannot}"
    else:
        head = f"{step.label}{who} = {format_value(step.value, step.period)}"
    if step.notes:
        head += " · " + " · ".join(step.notes)
    return head
