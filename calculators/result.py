"""Whole-household results: every registered amount, its trace, and what could not be worked out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .core.calc import OUTPUTS, PASSPORTS, Calc, CannotCalculate, Step
from .core.household import Household
from .core.money import ZERO, pennies
from .core.periods import MONTH, WEEK, YEAR, Period, convert


@dataclass
class Item:
    key: str
    label: str
    kind: str
    period: Period
    amount: Decimal | None
    claim_url: str | None
    trace: Step | None
    cannot: str | None = None
    # the year's amount where the law builds it from days (Output.annual); a month is then a twelfth of it
    annual: Decimal | None = None
    estimate: bool = False
    """The amount rests on an estimate (the Council Tax bill worked out from the band): say so wherever it is shown."""

    def per(self, period: Period) -> Decimal | None:
        """The amount for another period, to the penny (None when it could not be worked out).

        Where the item has an `annual` amount, a year is that amount and a month is one twelfth of it;
        the week stays the amount the rule worked out."""
        if self.amount is None:
            return None
        if self.annual is not None and period in (MONTH, YEAR):
            return pennies(self.annual / period.per_year)
        return pennies(convert(self.amount, self.period, period))

    @property
    def weekly(self) -> Decimal | None:
        return self.per(WEEK)

    @property
    def monthly(self) -> Decimal | None:
        return self.per(MONTH)

    @property
    def yearly(self) -> Decimal | None:
        return self.per(YEAR)


@dataclass
class PassportItem:
    key: str
    label: str
    reason: str
    url: str | None
    trace: Step | None


@dataclass
class Result:
    on: date
    household: Household
    items: list[Item] = field(default_factory=list)
    passported: list[PassportItem] = field(default_factory=list)
    not_worked_out: list[tuple[str, str]] = field(default_factory=list)
    # label -> the missing fact that would let it be worked out (None when no answer would help)
    asks: dict[str, str | None] = field(default_factory=dict)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    @property
    def benefits(self) -> list[Item]:
        return [i for i in self.items if i.kind == "benefit"]

    @property
    def deductions(self) -> list[Item]:
        return [i for i in self.items if i.kind == "deduction"]

    def total_benefits(self, period: Period) -> Decimal:
        """The sum of every benefit worked out, each rounded to the penny for the period."""
        return sum((i.per(period) or ZERO for i in self.benefits), ZERO)


def calculate(household: Household, on: date, *, trace: bool = True) -> Result:
    """Every registered benefit and deduction, and the passported help, for one household on one date."""
    c = Calc(household, on, trace=trace)
    result = Result(on=on, household=household)
    for out in OUTPUTS.values():
        annual = None
        estimate = False
        try:
            amount = c(out.amount)
            cannot = None
            if out.annual is not None:
                annual = c(out.annual)
            estimate = out.estimate is not None and bool(c(out.estimate))
        except CannotCalculate as exc:
            amount, cannot = None, exc.reason
            result.not_worked_out.append((out.label, exc.reason))
            result.asks[out.label] = exc.ask
        result.items.append(
            Item(out.key, out.label, out.kind, out.period, amount, out.claim_url, c.step(out.amount), cannot,
                 annual=annual, estimate=estimate)
        )
    for pp in PASSPORTS.values():
        try:
            reason = c(pp.reason)
        except CannotCalculate as exc:
            result.not_worked_out.append((pp.label, exc.reason))
            result.asks[pp.label] = exc.ask
            continue
        if reason:
            result.passported.append(PassportItem(pp.key, pp.label, reason, pp.url, c.step(pp.reason)))
    return result


def step_to_dict(step: Step, depth: int = 0, max_depth: int = 8) -> dict[str, Any]:
    from .core.explain import describe, format_value

    data: dict[str, Any] = {
        "variable": step.name,
        "label": step.label,
        "value": _jsonable(step.value),
        "period": step.period.value if step.period else None,
        "text": describe(step),
        "legislation": step.legislation,
    }
    if step.person:
        data["person"] = step.person
    if step.notes:
        data["notes"] = step.notes
    if step.cannot:
        data["cannot"] = step.cannot
    if step.params:
        data["parameters"] = [
            {
                "parameter": p.path,
                "description": p.description,
                "value": _jsonable(p.value),
                "text": format_value(p.value, Period(p.period) if p.period else None, p.unit),
                "in_force_from": p.in_force_from.isoformat(),
                "legislation": {"title": p.legislation_title, "href": p.legislation_href},
                "source": p.source,
            }
            for p in step.params
        ]
    if step.inputs and depth < max_depth:
        data["inputs"] = [step_to_dict(s, depth + 1, max_depth) for s in step.inputs]
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else "inf"
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value




def result_to_dict(result: Result, *, with_trace: bool = True) -> dict[str, Any]:
    """The JSON shape of a result: amounts as strings of pounds and pence, traces and citations."""

    def item(i: Item) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": i.key,
            "label": i.label,
            "kind": i.kind,
            "period": i.period.value,
            "amount": _jsonable(i.per(i.period)),
            "weekly": _jsonable(i.weekly),
            "monthly": _jsonable(i.monthly),
            "yearly": _jsonable(i.yearly),
            "claim_url": i.claim_url,
        }
        if i.cannot:
            data["cannot"] = i.cannot
        if i.estimate:
            data["estimate"] = True
        if i.trace is not None:
            data["citations"] = [{"title": t, "href": h} for t, h in i.trace.citations()]
            if with_trace:
                data["trace"] = step_to_dict(i.trace)
        return data

    return {
        "on": result.on.isoformat(),
        "items": [item(i) for i in result.items],
        "total_benefits": {
            "weekly": _jsonable(result.total_benefits(WEEK)),
            "monthly": _jsonable(result.total_benefits(MONTH)),
        },
        "passported": [
            {"key": p.key, "label": p.label, "reason": p.reason, "url": p.url} for p in result.passported
        ],
        "not_worked_out": [
            {"label": label, "reason": reason, "ask": result.asks.get(label)} for label, reason in result.not_worked_out
        ],
    }
