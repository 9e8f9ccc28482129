"""Results side by side: "what if" (before and after a change) and "what you may be missing".

Every figure comes from the engine's Result; the only arithmetic here is subtracting
and adding amounts already rounded to the penny, so the difference shown is always the
difference of the two figures shown beside it. Decimal throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from calculators.core.money import ZERO, pennies
from calculators.core.periods import MONTH, WEEK, Period
from calculators.result import Item, Result

from .money_input import format_money


@dataclass(frozen=True)
class ComparedRow:
    """One benefit (or deduction) before and after; None where it could not be worked out."""

    key: str
    label: str
    kind: str
    old_weekly: Decimal | None
    new_weekly: Decimal | None
    old_monthly: Decimal | None
    new_monthly: Decimal | None
    old_cannot: str | None = None
    new_cannot: str | None = None
    estimate: bool = False
    """Either side rests on an estimate (the Council Tax bill worked out from the band)."""

    @property
    def difference_weekly(self) -> Decimal | None:
        return _difference(self.old_weekly, self.new_weekly)

    @property
    def difference_monthly(self) -> Decimal | None:
        return _difference(self.old_monthly, self.new_monthly)

    @property
    def changed(self) -> bool:
        """True when the amount, or whether it could be worked out, is different."""
        return (self.old_weekly, self.old_monthly) != (self.new_weekly, self.new_monthly)


@dataclass(frozen=True)
class Comparison:
    """Old and new results, benefit by benefit, with totals.

    Totals are `Result.total_benefits` for each side, so they match the results page;
    a benefit that could not be worked out on one side is left out of that side's total
    and named in `not_worked_out`, so the page can say the totals are incomplete.
    """

    rows: tuple[ComparedRow, ...]
    deductions: tuple[ComparedRow, ...]
    old_total_weekly: Decimal
    new_total_weekly: Decimal
    old_total_monthly: Decimal
    new_total_monthly: Decimal
    not_worked_out: tuple[str, ...]

    @property
    def difference_weekly(self) -> Decimal:
        return self.new_total_weekly - self.old_total_weekly

    @property
    def difference_monthly(self) -> Decimal:
        return self.new_total_monthly - self.old_total_monthly

    @property
    def changed_rows(self) -> tuple[ComparedRow, ...]:
        return tuple(r for r in self.rows if r.changed)


def _difference(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    return None if old is None or new is None else new - old


def _row(key: str, old: Item | None, new: Item | None) -> ComparedRow:
    either = new if new is not None else old
    if either is None:
        raise ValueError(f"{key} is in neither result")
    return ComparedRow(
        key=key,
        label=either.label,
        kind=either.kind,
        old_weekly=old.weekly if old is not None else ZERO,
        new_weekly=new.weekly if new is not None else ZERO,
        old_monthly=old.monthly if old is not None else ZERO,
        new_monthly=new.monthly if new is not None else ZERO,
        old_cannot=old.cannot if old is not None else None,
        new_cannot=new.cannot if new is not None else None,
        estimate=any(i is not None and i.estimate for i in (old, new)),
    )


def compare_results(old: Result, new: Result) -> Comparison:
    """"What if": each benefit and deduction before (`old`) and after (`new`) a change of answer.

    Rows follow the order of the old result, then anything only the new one has. A
    benefit missing from one result altogether counts as £0 on that side.
    """
    old_items = {i.key: i for i in old.items}
    new_items = {i.key: i for i in new.items}
    keys = list(old_items) + [k for k in new_items if k not in old_items]
    rows = [_row(k, old_items.get(k), new_items.get(k)) for k in keys]
    missing = [r.label for r in rows if r.kind == "benefit" and (r.old_cannot or r.new_cannot)]
    return Comparison(
        rows=tuple(r for r in rows if r.kind == "benefit"),
        deductions=tuple(r for r in rows if r.kind == "deduction"),
        old_total_weekly=old.total_benefits(WEEK),
        new_total_weekly=new.total_benefits(WEEK),
        old_total_monthly=old.total_benefits(MONTH),
        new_total_monthly=new.total_benefits(MONTH),
        not_worked_out=tuple(missing),
    )


@dataclass(frozen=True)
class BenefitYear:
    """A benefit in the result: its amount in its own period and for a year."""

    key: str
    label: str
    period: Period
    amount: Decimal
    yearly: Decimal
    claim_url: str | None
    estimate: bool = False
    """Worked out from an estimated Council Tax bill."""

    @property
    def amount_text(self) -> str:
        return f"{format_money(self.amount)} {self.period.noun}"

    @property
    def yearly_text(self) -> str:
        return f"{format_money(self.yearly)} a year"


@dataclass(frozen=True)
class MissingMoney:
    """What the person already gets, and what they may be missing, from one result.

    `already_getting` are the benefits they said they get, with what the result gives
    for each (`not_due` lists any of those the result gives £0 for). `may_be_missing` are
    the others with an amount above £0, and any tax relief the household could claim and
    does not (Marriage Allowance: the result gives £0 when they already claim it). Benefits
    they do not get that could not be worked out are in `not_worked_out` as (label, reason),
    and keys the result does not know in `unknown`.
    """

    already_getting: tuple[BenefitYear, ...]
    may_be_missing: tuple[BenefitYear, ...]
    not_worked_out: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]

    @property
    def total_missing_yearly(self) -> Decimal:
        return sum((b.yearly for b in self.may_be_missing), ZERO)

    @property
    def not_due(self) -> tuple[BenefitYear, ...]:
        return tuple(b for b in self.already_getting if b.amount == ZERO)

    @property
    def sentence(self) -> str | None:
        """'You may be missing £2,337.40 a year', or None when nothing is missing."""
        total = self.total_missing_yearly
        return f"You may be missing {format_money(total)} a year" if total > ZERO else None


def yearly_amount(item: Item) -> Decimal:
    """A year of a benefit, from the figure the result shows in the benefit's own period.

    The amount in its own period (the legal assessment period: a week for Child Benefit,
    Housing Benefit, Council Tax Reduction and Pension Credit; a month for Universal
    Credit) is rounded to the penny, then multiplied by the number of those periods in a
    year: weekly × 52, monthly × 12. So "£44.95 a week" is "£2,337.40 a year", exactly
    what a person would get in 52 weekly payments.

    Council Tax Reduction is the exception: the law gives it for each day of the financial year, so its
    year is the engine's `Item.annual` (the day's reduction × 365 or 366 days), not the week × 52.
    """
    if item.amount is None:
        raise ValueError(f"{item.label} could not be worked out, so it has no yearly amount")
    if item.annual is not None:
        return pennies(item.annual)
    return pennies(item.amount) * item.period.per_year


def missing_money(result: Result, already_get: Iterable[str]) -> MissingMoney:
    """"What you already get vs what you may be missing", for the benefit keys the person says they get.

    Keys are the result's item keys ("universal_credit", "child_benefit", ...). Yearly
    amounts are as `yearly_amount` explains: weekly × 52 or monthly × 12, in the
    benefit's own period.
    """
    said = list(dict.fromkeys(already_get))
    benefits = {i.key: i for i in result.benefits}
    getting: list[BenefitYear] = []
    missing: list[BenefitYear] = []
    cannot: list[tuple[str, str]] = []
    reliefs = [i for i in result.items if i.kind == "relief"]
    for item in [*result.benefits, *reliefs]:
        if item.amount is None:
            if item.key not in said:
                cannot.append((item.label, item.cannot or ""))
            continue
        row = BenefitYear(
            key=item.key,
            label=item.label,
            period=item.period,
            amount=pennies(item.amount),
            yearly=yearly_amount(item),
            claim_url=item.claim_url,
            estimate=item.estimate,
        )
        if item.kind == "benefit" and item.key in said:
            getting.append(row)
        elif row.amount > ZERO:
            missing.append(row)
    return MissingMoney(
        already_getting=tuple(getting),
        may_be_missing=tuple(missing),
        not_worked_out=tuple(cannot),
        unknown=tuple(k for k in said if k not in benefits),
    )

