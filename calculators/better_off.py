"""Would I be better off in work? Net income now and with a job, and a sweep over hours.

Each point of the sweep is a whole calculation for the household with the job at that
many hours, so Universal Credit is assessed on its monthly earnings with its work
allowance, and every other benefit, tax and National Insurance follow as the law says.
Amounts are weekly; monthly Universal Credit is converted ×12÷52.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .core.calc import OUTPUTS, Calc, CannotCalculate
from .core.household import Amount, Household, Job, Person
from .core.money import ZERO, pennies
from .core.periods import WEEK, Period

HOURS = range(0, 49)


class JobOffer(BaseModel):
    """A job offer, or more hours in a job the person already has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["new_job", "more_hours"] = Field(
        default="new_job", description="A new job, or more hours in the person's current job."
    )
    person: Literal["claimant", "partner"] = Field(default="claimant", description="Who would do the work.")
    hourly_wage: Decimal | None = Field(
        default=None, ge=0, le=1000, max_digits=8, decimal_places=2,
        description="Pay an hour before tax. For more hours, leave empty to use the current job's rate.",
    )
    hours_per_week: Decimal = Field(
        ge=0, le=48, decimal_places=2, description="Hours a week in the offer (total hours, for more hours)."
    )
    travel_cost: Amount | None = Field(default=None, description="What getting to work would cost.")
    extra_childcare: Amount | None = Field(default=None, description="Extra childcare the job would need.")


@dataclass
class Point:
    """Net weekly income at one number of hours."""

    hours: Decimal
    gross_earnings: Decimal
    income_tax: Decimal
    national_insurance: Decimal
    benefits: dict[str, Decimal]
    net_income_before_housing_costs: Decimal
    net_income_after_housing_costs: Decimal
    net_income_after_childcare: Decimal
    gain_over_not_working: Decimal = ZERO
    marginal_effective_tax_rate: Decimal | None = None
    not_worked_out: list[str] = field(default_factory=list)
    council_tax: Decimal | None = None
    """The week's Council Tax before any reduction; None when neither the bill nor the band is known."""
    council_tax_yearly: Decimal | None = None
    council_tax_estimate: bool = False
    """The Council Tax (and so the reduction and net income) is an estimate from the band."""


@dataclass
class BetterOff:
    now: Point
    with_job: Point
    sweep: list[Point]

    @property
    def gain_per_week(self) -> Decimal:
        return self.with_job.net_income_after_childcare - self.now.net_income_after_childcare

    @property
    def gain_per_hour(self) -> Decimal | None:
        hours = self.with_job.hours - self.now.hours
        return pennies(self.gain_per_week / hours) if hours > 0 else None


def _weekly(amount: Amount | None) -> Decimal:
    return amount.per(WEEK) if amount is not None else ZERO


def _current_rate(person: Person) -> Decimal:
    job = person.jobs[0]
    if job.hours_per_week == 0:
        raise ValueError("the current job has no hours, so give the hourly wage")
    return job.gross_pay.per(WEEK) / job.hours_per_week


def offer_problems(household: Household, offer: JobOffer) -> list[tuple[str, str]]:
    """What stops the offer applying to this household, as (field of the offer, message): each is
    valid on its own, but not together. Empty when `better_off` can work the offer out."""
    person = household.claimant if offer.person == "claimant" else household.partner
    if person is None:
        return [("person", "the job is for a partner, but the household has no partner")]
    if offer.kind == "new_job":
        if offer.hourly_wage is None:
            return [("hourly_wage", "give the hourly wage for a new job")]
        return []
    if not person.jobs:
        return [("kind", f"'more_hours' needs a current job: the {offer.person} has none, so choose 'new_job'")]
    if offer.hourly_wage is None and person.jobs[0].hours_per_week == 0:
        return [("hourly_wage", "the current job has no hours, so give the hourly wage")]
    return []


def with_hours(household: Household, offer: JobOffer, hours: Decimal) -> Household:
    """The household as it would be with the offered job at `hours` a week."""
    person = household.claimant if offer.person == "claimant" else household.partner
    if person is None:
        raise ValueError("the job is for a partner, but there is no partner in the household")
    if offer.kind == "more_hours":
        if not person.jobs:
            raise ValueError("'more hours' needs a current job")
        rate = offer.hourly_wage if offer.hourly_wage is not None else _current_rate(person)
        first = person.jobs[0]
        job = first.model_copy(
            update={"gross_pay": Amount(amount=pennies(rate * hours), period=Period.WEEK), "hours_per_week": hours}
        )
        jobs = [job, *person.jobs[1:]] if hours > 0 else list(person.jobs[1:])
    else:
        if offer.hourly_wage is None:
            raise ValueError("give the hourly wage for the job")
        new = Job(gross_pay=Amount(amount=pennies(offer.hourly_wage * hours), period=Period.WEEK), hours_per_week=hours)
        jobs = [*person.jobs, new] if hours > 0 else list(person.jobs)
    changed = person.model_copy(update={"jobs": jobs})
    update: dict[str, object] = {offer.person: changed}
    if hours > 0 and offer.extra_childcare is not None:
        total = _weekly(household.childcare_costs) + _weekly(offer.extra_childcare)
        update["childcare_costs"] = Amount(amount=pennies(total), period=Period.WEEK)
    return household.model_copy(update=update)


def net_income(household: Household, on: date, hours: Decimal, extra_costs: Decimal = ZERO) -> Point:
    """Weekly net income for the household as it stands."""
    c = Calc(household, on, trace=False)
    missing: list[str] = []

    def amount(name: str, person: Person | None = None) -> Decimal:
        try:
            return c(name, person=person, period=WEEK)
        except CannotCalculate as exc:
            missing.append(f"{name}: {exc.reason}")
            return ZERO
        except KeyError:
            return ZERO

    gross = ZERO
    other_income = ZERO
    tax = ni = pension = ZERO
    for p in household.adults:
        gross += p.earnings(WEEK)
        if p.self_employment is not None:
            gross += p.self_employment.profit.per(WEEK)
        pension += sum((_weekly(j.pension_contribution) for j in p.jobs), ZERO)
        other_income += sum((b.amount.per(WEEK) for b in p.benefits), ZERO)
        other_income += _weekly(p.private_pension) + _weekly(p.other_income)
        tax += amount("it_income_tax", p)
        ni += amount("ni_class1_employee", p) + amount("ni_class4", p)
    tax += amount("cb_hicbc")
    # The winter payment is a benefit (its yearly amount / 52, like every yearly amount here); when income is
    # over the threshold it is taken back through tax (ITEPA 2003 s. 681I), counted here with the other tax.
    tax += amount("wfp_charge_total")
    benefits: dict[str, Decimal] = {}
    for out in OUTPUTS.values():
        if out.kind != "benefit":
            continue
        try:
            benefits[out.key] = pennies(c(out.amount, period=WEEK))
        except CannotCalculate as exc:
            missing.append(f"{out.label}: {exc.reason}")
    try:
        yearly: Decimal | None = c("ct_annual_bill")
        council_tax: Decimal | None = c("ct_annual_bill", period=WEEK)
    except CannotCalculate as exc:
        # Said, not hidden: net income then leaves Council Tax out, and the page lists why.
        yearly = council_tax = None
        missing.append(f"Council Tax: {exc.reason}")
    council_tax_due = council_tax if council_tax is not None else ZERO
    ctr = benefits.pop("council_tax_reduction", ZERO)
    bhc = gross - tax - ni - pension + other_income + sum(benefits.values(), ZERO) - max(council_tax_due - ctr, ZERO)
    benefits["council_tax_reduction"] = ctr
    ahc = bhc - _weekly(household.home.rent)
    after_childcare = ahc - _weekly(household.childcare_costs) - extra_costs
    return Point(
        hours=hours,
        gross_earnings=pennies(gross),
        income_tax=pennies(tax),
        national_insurance=pennies(ni),
        benefits=benefits,
        net_income_before_housing_costs=pennies(bhc),
        net_income_after_housing_costs=pennies(ahc),
        net_income_after_childcare=pennies(after_childcare),
        not_worked_out=missing,
        council_tax=pennies(council_tax) if council_tax is not None else None,
        council_tax_yearly=pennies(yearly) if yearly is not None else None,
        council_tax_estimate=council_tax is not None and household.home.council_tax is None,
    )


def better_off(household: Household, on: date, offer: JobOffer, hours: range = HOURS) -> BetterOff:
    """Now, with the offered job, and a sweep over `hours` (0 to 48 by default)."""
    travel = _weekly(offer.travel_cost)
    now = net_income(household, on, _hours_now(household, offer))

    def at(h: Decimal) -> Point:
        return net_income(with_hours(household, offer, h), on, h, travel if h > 0 else ZERO)

    sweep = [at(Decimal(h)) for h in hours]
    base = sweep[0] if sweep and sweep[0].hours == 0 else at(Decimal(0))
    previous: Point | None = None
    for point in sweep:
        point.gain_over_not_working = point.net_income_after_childcare - base.net_income_after_childcare
        if previous is not None and point.gross_earnings != previous.gross_earnings:
            kept = point.net_income_after_childcare - previous.net_income_after_childcare
            extra = point.gross_earnings - previous.gross_earnings
            point.marginal_effective_tax_rate = (1 - kept / extra).quantize(Decimal("0.0001"))
        previous = point
    with_job = at(offer.hours_per_week)
    with_job.gain_over_not_working = with_job.net_income_after_childcare - base.net_income_after_childcare
    return BetterOff(now=now, with_job=with_job, sweep=sweep)


def _hours_now(household: Household, offer: JobOffer) -> Decimal:
    person = household.claimant if offer.person == "claimant" else household.partner
    return person.hours_per_week() if person is not None else ZERO


def _point_dict(p: Point) -> dict[str, object]:
    return {
        "hours": str(p.hours),
        "gross_earnings": str(p.gross_earnings),
        "income_tax": str(p.income_tax),
        "national_insurance": str(p.national_insurance),
        "benefits": {k: str(v) for k, v in p.benefits.items()},
        "net_income_before_housing_costs": str(p.net_income_before_housing_costs),
        "net_income_after_housing_costs": str(p.net_income_after_housing_costs),
        "net_income_after_childcare": str(p.net_income_after_childcare),
        "gain_over_not_working": str(p.gain_over_not_working),
        "marginal_effective_tax_rate": None if p.marginal_effective_tax_rate is None else str(p.marginal_effective_tax_rate),
        "not_worked_out": p.not_worked_out,
        "council_tax": None if p.council_tax is None else str(p.council_tax),
        "council_tax_yearly": None if p.council_tax_yearly is None else str(p.council_tax_yearly),
        "council_tax_estimate": p.council_tax_estimate,
    }


def better_off_to_dict(result: BetterOff) -> dict[str, object]:
    """The JSON shape of a better-off result: weekly amounts as strings of pounds and pence."""
    return {
        "period": "week",
        "now": _point_dict(result.now),
        "with_job": _point_dict(result.with_job),
        "gain_per_week": str(result.gain_per_week),
        "gain_per_hour": None if result.gain_per_hour is None else str(result.gain_per_hour),
        "sweep": [_point_dict(p) for p in result.sweep],
    }
