""""Better off in work?": the job offer as typed, checked, and the page's figures from the rules engine.

`read_offer` turns the form (a new job or more hours; an hourly wage or a yearly salary;
hours; travel costs; extra childcare) into a `calculators.better_off.JobOffer`, or into
GOV.UK-style errors, keeping what was typed. `better_off_view` runs
`calculators.better_off.better_off` and lays out the chart (app/services/chart.py), the
side-by-side table (now and with the job, a week) and the reasons the gain is less than
the extra pay. Every amount is an engine figure or the difference of two figures shown;
the "other changes" line makes the reasons add up exactly to the gain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.i18n import gettext as _
from app.services.chart import Chart, better_off_chart
from app.services.check.fields import FieldError
from app.services.money_input import MINUS, MoneyError, format_money, parse_money, read_money
from app.services.engine_memo import better_off_once
from calculators.better_off import BetterOff, JobOffer, Point, with_hours
from calculators.core.calc import OUTPUTS
from calculators.core.household import Amount, Household
from calculators.core.money import ZERO, pennies
from calculators.core.periods import WEEK

OFFER_FIELDS = (
    "kind", "person", "pay_type", "wage", "hours", "travel-amount", "travel-period", "childcare-amount",
    "childcare-period",
)
MAXIMUM_HOURS = Decimal(48)
#: The most an hour the engine takes (`JobOffer.hourly_wage`).
MAXIMUM_HOURLY_WAGE = Decimal(1000)


def _taper_words() -> dict[str, str]:
    return {
        "universal_credit": _("it is reduced as earnings after tax go up, above any work allowance"),
        "housing_benefit": _("it is reduced as income goes up"),
        "council_tax_reduction": _("it is reduced as income goes up"),
        "pension_credit": _("earnings above a small amount count in full against it"),
    }


@dataclass(frozen=True)
class OfferForm:
    """What was typed, and the offer or the errors."""

    typed: dict[str, str]
    offer: JobOffer | None
    errors: list[FieldError]

    @property
    def error_for(self) -> dict[str, str]:
        return {e.target: e.message for e in self.errors}


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


def offer_choices(household: Household) -> dict[str, bool]:
    """Which questions the offer form asks: more hours only for someone with a job; whose job only for a couple."""
    return {
        "more_hours": any(p.jobs for p in household.adults),
        "person": household.is_couple,
        "childcare": bool(household.children),
    }


def read_offer(form: Mapping[str, Any], household: Household) -> OfferForm:
    typed = {k: str(form.get(k) or "").strip() for k in OFFER_FIELDS}
    asks = offer_choices(household)
    errors: list[FieldError] = []
    kind = typed["kind"] if asks["more_hours"] else "new_job"
    if kind not in ("new_job", "more_hours"):
        errors.append(FieldError(_("Select whether this is a new job or more hours in your job"), "kind"))
    person = typed["person"] if asks["person"] else "claimant"
    if person not in ("claimant", "partner"):
        errors.append(FieldError(_("Select who would do the work"), "person"))
    elif kind == "more_hours" and not household.person(person).jobs:
        errors.append(FieldError(_("Select someone who has a job now, or choose a new job"), "person"))
    pay_type = typed["pay_type"]
    if pay_type not in ("hourly", "yearly"):
        errors.append(FieldError(_("Select whether the pay is an hourly wage or a yearly salary"), "pay_type"))
    hours = _read_hours(typed["hours"], errors)
    wage: Decimal | None = None
    if pay_type in ("hourly", "yearly"):
        name = _("the hourly wage") if pay_type == "hourly" else _("the yearly salary")
        example = ("12.71", "12.71") if pay_type == "hourly" else ("24000", "24000.50")
        try:
            wage = parse_money(typed["wage"], name=name, maximum=MAXIMUM_HOURLY_WAGE if pay_type == "hourly"
                               else Decimal("1000000"), example=example)
        except MoneyError as exc:
            errors.append(FieldError(exc.message, "wage"))
    travel = _optional_money(typed, "travel", _("your travel costs"), errors)
    childcare = _optional_money(typed, "childcare", _("the extra childcare"), errors) if asks["childcare"] else None
    if errors or hours is None or wage is None:
        return OfferForm(typed, None, errors)
    if pay_type == "yearly":
        if hours == 0:
            return OfferForm(typed, None, [FieldError(_("Enter the hours a week, to work out the pay for each hour"), "hours")])
        hourly = (wage / (Decimal(52) * hours)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if hourly > MAXIMUM_HOURLY_WAGE:
            message = _("The yearly salary for %(hours)s hours a week comes to more than £1,000 an hour: "
                        "check the salary and the hours") % {"hours": _hours_text(hours)}
            return OfferForm(typed, None, [FieldError(message, "wage")])
    else:
        hourly = wage
    offer = JobOffer(
        kind=kind,  # type: ignore[arg-type]
        person=person,  # type: ignore[arg-type]
        hourly_wage=hourly,
        hours_per_week=hours,
        travel_cost=travel,
        extra_childcare=childcare,
    )
    return OfferForm(typed, offer, [])


def _read_hours(text: str, errors: list[FieldError]) -> Decimal | None:
    if not text:
        errors.append(FieldError(_("Enter the hours a week"), "hours"))
        return None
    try:
        hours = Decimal(text)
        if not hours.is_finite() or hours != hours.quantize(Decimal("0.5")):
            raise ValueError
    except (ArithmeticError, ValueError):
        errors.append(FieldError(_("Hours a week must be a number, like 16 or 16.5"), "hours"))
        return None
    if hours <= 0:
        errors.append(FieldError(_("Hours a week must be more than 0"), "hours"))
        return None
    if hours > MAXIMUM_HOURS:
        errors.append(FieldError(_("Hours a week must be 48 or less"), "hours"))
        return None
    return hours


def _optional_money(typed: dict[str, str], name: str, words: str, errors: list[FieldError]) -> Amount | None:
    amount, period = typed[f"{name}-amount"], typed[f"{name}-period"]
    if not amount:
        return None
    read = read_money(amount, period, name=words)
    if read.amount_error:
        errors.append(FieldError(read.amount_error, f"{name}-amount"))
    if read.period_error:
        errors.append(FieldError(read.period_error, f"{name}-period"))
    return read.value.to_amount() if read.value is not None and read.value.amount > 0 else None


@dataclass(frozen=True)
class Row:
    label: str
    now: Decimal
    with_job: Decimal
    kind: str = "line"
    """'line', 'subtotal' or 'total'."""

    @property
    def now_text(self) -> str:
        return format_money(self.now)

    @property
    def with_job_text(self) -> str:
        return format_money(self.with_job)

    @property
    def difference(self) -> Decimal:
        return self.with_job - self.now

    @property
    def difference_text(self) -> str:
        d = self.difference
        return ("+" if d > 0 else "") + format_money(d)


@dataclass(frozen=True)
class Reason:
    text: str
    amount: Decimal

    @property
    def amount_text(self) -> str:
        return f"{MINUS}{format_money(self.amount)}" if self.amount > 0 else "+" + format_money(-self.amount)


@dataclass(frozen=True)
class StepLine:
    """A jump in the line of the chart that comes from a rule, with the hours it happens at."""

    hours_text: str
    text: str
    href: str | None


@dataclass(frozen=True)
class BetterOffView:
    offer: JobOffer
    result: BetterOff
    chart: Chart
    rows: tuple[Row, ...]
    extra_pay: Decimal
    reasons: tuple[Reason, ...]
    not_worked_out: tuple[str, ...]
    steps: tuple[StepLine, ...] = ()
    """Each change in the sweep that a rule makes (calculators.better_off.steps), in order of hours."""

    @property
    def gain_per_week(self) -> Decimal:
        return self.result.gain_per_week

    @cached_property
    def gain_per_week_text(self) -> str:
        return format_money(self.gain_per_week)

    @cached_property
    def gain_per_hour_text(self) -> str | None:
        per_hour = self.result.gain_per_hour
        return format_money(per_hour) if per_hour is not None else None

    @cached_property
    def hourly_wage_text(self) -> str:
        return format_money(self.offer.hourly_wage or ZERO)

    @cached_property
    def hours_text(self) -> str:
        return _hours_text(self.offer.hours_per_week)

    @cached_property
    def extra_pay_text(self) -> str:
        return format_money(self.extra_pay)

    @property
    def better_off(self) -> bool:
        return self.gain_per_week > 0

    @cached_property
    def side_by_side(self) -> tuple[tuple[str, str, str, bool], ...]:
        """The "now and with the job" rows written out once: (label, now, with the job, a subtotal or total)."""
        return tuple((row.label, row.now_text, row.with_job_text, row.kind != "line") for row in self.rows)

    @cached_property
    def council_tax_note(self) -> str | None:
        """When the Council Tax was worked out from the band, say so beside the figures built on it."""
        now = self.result.now
        if not now.council_tax_estimate or now.council_tax_yearly is None:
            return None
        yearly = now.council_tax_yearly
        return _("Your Council Tax is about %(amount)s a year: an estimate from your band; your bill may differ. "
                 "Council Tax Reduction and the money left are worked out from this estimate.") % {
            "amount": format_money(yearly)}

    @cached_property
    def chart_headers(self) -> tuple[str, ...]:
        return tuple(_(header) for header in self.chart.headers)

    @cached_property
    def chart_lines(self) -> tuple[tuple[str, str | None, str, str], ...]:
        """The chart's figures written out once, for the table beneath it: (hours, marker, money left, gain).

        49 rows: formatting them here rather than cell by cell in the template keeps the page cheap to render.
        """
        return tuple(
            (row.hours_text, _(row.marker) if row.marker else None, format_money(row.net_income),
             format_money(row.gain))
            for row in self.chart.table
        )


def _weekly(amount: Amount | None) -> Decimal:
    return pennies(amount.per(WEEK)) if amount is not None else ZERO


def _labels() -> dict[str, str]:
    return {key: out.label for key, out in OUTPUTS.items()}


def better_off_view(household: Household, on: date, offer: JobOffer) -> BetterOffView:
    result = better_off_once(household, on, offer)
    now, job = result.now, result.with_job
    working = with_hours(household, offer, offer.hours_per_week)
    travel = _weekly(offer.travel_cost)
    labels = _labels()
    rows: list[Row] = [Row(_("Pay before tax"), now.gross_earnings, job.gross_earnings)]
    rows.append(Row(_("Income Tax"), -now.income_tax, -job.income_tax))
    rows.append(Row(_("National Insurance"), -now.national_insurance, -job.national_insurance))
    for key in dict.fromkeys([*now.benefits, *job.benefits]):
        before, after = now.benefits.get(key, ZERO), job.benefits.get(key, ZERO)
        if before or after:
            rows.append(Row(labels.get(key, key), before, after))
    if now.council_tax is not None and job.council_tax is not None:
        # Never "£0.00" for a bill we do not know: without the bill or the band the row is left out and
        # "What we could not work out" says why; a bill worked out from the band says it is an estimate.
        label = _("Council Tax (an estimate from your band)") if now.council_tax_estimate else _("Council Tax")
        rows.append(Row(label, -now.council_tax, -job.council_tax))
    shown_now = sum((r.now for r in rows), ZERO)
    shown_job = sum((r.with_job for r in rows), ZERO)
    other_now = now.net_income_before_housing_costs - shown_now
    other_job = job.net_income_before_housing_costs - shown_job
    if other_now or other_job:
        rows.append(Row(_("Other income, less pension contributions"), other_now, other_job))
    rows.append(Row(_("Income after Council Tax, before housing costs"), now.net_income_before_housing_costs,
                    job.net_income_before_housing_costs, "subtotal"))
    rows.append(Row(_("Rent"), -_weekly(household.home.rent), -_weekly(household.home.rent)))
    rows.append(Row(_("Childcare"), -_weekly(household.childcare_costs), -_weekly(working.childcare_costs)))
    rows.append(Row(_("Travel to work"), ZERO, -travel))
    rows.append(Row(_("Money left a week after rent, childcare and travel"), now.net_income_after_childcare,
                    job.net_income_after_childcare, "total"))
    extra_pay = job.gross_earnings - now.gross_earnings
    reasons = _reasons(now, job, labels, travel, _weekly(working.childcare_costs) - _weekly(household.childcare_costs),
                       result.gain_per_week, extra_pay)
    chart = better_off_chart(result, offer, title=_("Money left a week at different hours of work"))
    missing = tuple(dict.fromkeys([*now.not_worked_out, *job.not_worked_out]))
    steps = tuple(StepLine(_("At %(hours)s hours") % {"hours": _hours_text(s.hours)}, s.text, s.legislation)
                  for s in result.steps)
    return BetterOffView(offer, result, chart, tuple(rows), extra_pay, reasons, missing, steps)


def _reasons(now: Point, job: Point, labels: dict[str, str], travel: Decimal, childcare: Decimal,
             gain: Decimal, extra_pay: Decimal) -> tuple[Reason, ...]:
    """Where the extra pay goes: each amount is the change in a figure shown in the table."""
    reasons: list[Reason] = []
    tax = job.income_tax - now.income_tax
    if tax:
        reasons.append(Reason(_("Income Tax on the extra pay"), tax))
    ni = job.national_insurance - now.national_insurance
    if ni:
        reasons.append(Reason(_("National Insurance on the extra pay"), ni))
    for key in dict.fromkeys([*now.benefits, *job.benefits]):
        lost = now.benefits.get(key, ZERO) - job.benefits.get(key, ZERO)
        if lost:
            words = _taper_words().get(key)
            label = labels.get(key, key)
            if words and lost > 0:
                text = _("%(benefit)s goes down: %(why)s") % {"benefit": label, "why": words}
            else:
                text = _("%(benefit)s changes") % {"benefit": label}
            reasons.append(Reason(text, lost))
    if childcare:
        reasons.append(Reason(_("Extra childcare"), childcare))
    if travel:
        reasons.append(Reason(_("Travel to work"), travel))
    other = extra_pay - sum((r.amount for r in reasons), ZERO) - gain
    if other:
        reasons.append(Reason(_("Other changes, such as Council Tax and pensions"), other))
    return tuple(reasons)


def offer_from_saved(saved: Mapping[str, Any] | None, household: Household) -> OfferForm | None:
    return read_offer(saved, household) if saved else None
