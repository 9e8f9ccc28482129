"""Would I be better off in work? Net income now and with a job, and a sweep over hours.

Each point of the sweep is a whole calculation for the household with the job at that
many hours, so Universal Credit is assessed on its monthly earnings with its work
allowance, and every other benefit, tax and National Insurance follow as the law says.
Amounts are weekly; monthly Universal Credit is converted ×12÷52.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .core.calc import OUTPUTS, PASSPORTS, RULES, Calc, CannotCalculate
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
    outcomes: dict[str, Outcome] = field(default_factory=dict, repr=False, compare=False)
    """What the rules decided at these hours (see `_outcomes`); consecutive points are compared to name
    each step in the sweep."""
    calc: Calc | None = field(default=None, repr=False, compare=False)
    """The calculation at this point, kept only while the sweep's steps are found."""


@dataclass(frozen=True)
class Outcome:
    """One thing a rule decided at one point of the sweep, and the words for a change to it."""

    on: bool | int
    """On or off; or a level, such as how many Income Tax bands the income reaches."""
    words: Callable[[], tuple[str, str]]
    """(what happens from the first hours at which it is on, what happens from the first hours at which it
    is off), in plain English, then the law, as decided at this point. Written only where the sweep
    changes, so the 49 points stay cheap."""
    legislation: str | None = None
    why: str | None = None
    """Why it is on here, when a rule says so in words (passported help): named when it is lost."""


@dataclass(frozen=True)
class Step:
    """A jump in the sweep that comes from a rule: a cap lifted, an allowance used up, a threshold crossed,
    help gained or lost."""

    hours: Decimal
    """The first hours at which the change applies."""
    key: str
    text: str
    legislation: str | None


@dataclass
class BetterOff:
    now: Point
    with_job: Point
    sweep: list[Point]
    steps: list[Step] = field(default_factory=list)

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
        outcomes=_outcomes(c, household, benefits),
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
        calc=c,
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
    _passports_where_they_can_change(sweep)
    found = steps(sweep)
    for point in (now, with_job, *sweep):
        point.calc = None
    return BetterOff(now=now, with_job=with_job, sweep=sweep, steps=found)


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


def _step_dict(s: Step) -> dict[str, object]:
    return {"hours": str(s.hours), "key": s.key, "text": s.text, "legislation": s.legislation}


def better_off_to_dict(result: BetterOff) -> dict[str, object]:
    """The JSON shape of a better-off result: weekly amounts as strings of pounds and pence."""
    return {
        "period": "week",
        "now": _point_dict(result.now),
        "with_job": _point_dict(result.with_job),
        "gain_per_week": str(result.gain_per_week),
        "gain_per_hour": None if result.gain_per_hour is None else str(result.gain_per_hour),
        "sweep": [_point_dict(p) for p in result.sweep],
        "steps": [_step_dict(s) for s in result.steps],
    }


# --- the steps in the sweep ------------------------------------------------------------------------------------
# Each point keeps what the rules decided there (`Point.outcomes`); where a decision differs from the point
# before, the sweep has a step that comes from a rule, and the page names it. Nothing here knows at how many
# hours anything happens: the engine decides at every point, with the household's own wage and circumstances.


def steps(sweep: list[Point]) -> list[Step]:
    """Every change in what the rules decided between one point of the sweep and the next, in order."""
    found: list[Step] = []
    for before, after in zip(sweep, sweep[1:], strict=False):
        for key, now in after.outcomes.items():
            was = before.outcomes.get(key)
            if was is None or was.on == now.on:
                continue
            rising = now.on > was.on
            text = now.words()[0] if rising else now.words()[1]
            if not rising and was.why:
                text = f"{text} With fewer hours: {was.why}"
            found.append(Step(after.hours, key, text, now.legislation))
    return found


@cache
def _law(name: str) -> str | None:
    r = RULES.get(name)
    return r.legislation if r is not None else None


def _value(c: Calc, name: str, **kwargs: object) -> Decimal | None:
    """A rule's value at this point (already worked out for the net income, so read from the calculation's
    memory), or None when it cannot be worked out or its scheme is not installed."""
    try:
        return c(name, **kwargs)
    except (CannotCalculate, KeyError):
        return None


def _outcomes(c: Calc, household: Household, benefits: dict[str, Decimal]) -> dict[str, Outcome]:
    found: dict[str, Outcome] = {}
    for key, amount in benefits.items():
        out = OUTPUTS[key]
        if _value(c, out.amount) is None:
            continue  # not worked out here: a change to or from "cannot" is not a step the rules make
        found[f"paid:{key}"] = Outcome(amount > 0, partial(_paid_words, out.label), _law(out.amount))
    _universal_credit_outcomes(c, found)
    _tax_and_ni_outcomes(c, household, found)
    return found


def _paid_words(label: str) -> tuple[str, str]:
    return (f"{label} starts: from these hours you can get some {label}.",
            f"{label} stops: from these hours your income is too high for any {label}.")


def _universal_credit_outcomes(c: Calc, found: dict[str, Outcome]) -> None:
    if not _value(c, "uc_award_before_cap"):
        return
    earned = _value(c, "uc_earned_income")
    reduction = _value(c, "uc_benefit_cap_reduction")
    if reduction is not None and earned is not None:
        threshold = _value(c, "uc_benefit_cap_earnings_threshold")
        by_earnings = threshold is not None and earned >= threshold
        found["uc_benefit_cap"] = Outcome(
            reduction > 0, partial(_cap_words, threshold, _value(c, "uc_benefit_cap_level"), by_earnings),
            _law("uc_benefit_cap_exempt" if by_earnings else "uc_benefit_cap_level"))
    allowance = _value(c, "uc_work_allowance")
    if allowance and earned is not None:
        found["uc_work_allowance"] = Outcome(earned > allowance, partial(_work_allowance_words, allowance),
                                             _law("uc_work_allowance"))
    if c.household.childcare_costs is not None:
        childcare = _value(c, "uc_childcare_element")
        if childcare is not None:
            found["uc_childcare_element"] = Outcome(childcare > 0, _childcare_words, _law("uc_childcare_element"))


def _cap_words(threshold: Decimal | None, level: Decimal | None, by_earnings: bool) -> tuple[str, str]:
    starts = ("The benefit cap starts to reduce your Universal Credit: your benefits come to more than the cap of "
              f"£{level or ZERO:,.2f} a month (Universal Credit Regulations 2013, reg. 80A).")
    if by_earnings:
        stops = (f"The benefit cap stops applying: your take-home pay reaches £{threshold or ZERO:,.2f} a month (16 "
                 "hours a week at the National Living Wage), so your Universal Credit is no longer cut by the cap "
                 "and goes up (Universal Credit Regulations 2013, reg. 82(1)(a)).")
    else:
        stops = ("The benefit cap stops reducing your Universal Credit: your benefits are now below the cap of "
                 f"£{level or ZERO:,.2f} a month (Universal Credit Regulations 2013, reg. 80A).")
    return starts, stops


def _work_allowance_words(allowance: Decimal) -> tuple[str, str]:
    return (f"Your take-home pay goes over the Universal Credit work allowance of £{allowance:,.2f} a month: from "
            "here, Universal Credit goes down by 55p for each extra £1 you take home (Universal Credit Regulations "
            "2013, reg. 22).",
            f"Your take-home pay is back within the work allowance of £{allowance:,.2f} a month, so Universal "
            "Credit no longer goes down as you earn (Universal Credit Regulations 2013, reg. 22).")


def _childcare_words() -> tuple[str, str]:
    return ("You are in paid work, so Universal Credit now pays up to 85% of your childcare costs (Universal "
            "Credit Regulations 2013, regs. 31 to 34).",
            "Universal Credit no longer pays towards your childcare costs (Universal Credit Regulations 2013, "
            "regs. 31 to 34).")


def _tax_and_ni_outcomes(c: Calc, household: Household, found: dict[str, Outcome]) -> None:
    from .rules.income_tax import _band_portions, _bands

    for p in household.adults:
        whose = "your" if p.id == "claimant" else "your partner's"
        taxable = _value(c, "it_taxable_income", person=p)
        if taxable is not None:
            bands = _bands(c)
            allowance = _value(c, "it_personal_allowance", person=p) or ZERO
            reached = len(_band_portions(taxable, bands))
            found[f"income_tax:{p.id}"] = Outcome(reached, partial(_tax_words, whose, reached, bands, allowance),
                                                  _law("it_income_tax"))
        if p.jobs:
            ni = _value(c, "ni_class1_employee", person=p)
            if ni is not None:
                found[f"national_insurance:{p.id}"] = Outcome(ni > 0, partial(_ni_words, whose),
                                                              _law("ni_class1_employee"))


def _tax_words(whose: str, reached: int, bands, allowance: Decimal) -> tuple[str, str]:
    """Words for an income that reaches `reached` bands: the top one it is in, and the one above it."""
    whose_ = whose[:1].upper() + whose[1:]
    if reached == 0:
        starts = ""
    elif reached == 1:
        starts = (f"Income Tax starts: {whose} income goes over the personal allowance of £{allowance:,.0f} a year, "
                  f"and tax is {bands[0].rate:.0%} of each £1 above it (Income Tax Act 2007, ss. 10 and 35).")
    else:
        band = bands[reached - 1]
        starts = (f"{whose_} income goes over £{band.threshold + allowance:,.0f} a year: Income Tax on each £1 above "
                  f"it is {band.rate:.0%} (Income Tax Act 2007, s. 10).")
    if reached == 0:
        stops = f"{whose_} income is back within the personal allowance: no Income Tax (Income Tax Act 2007, s. 35)."
    else:
        stops = (f"{whose_} income is back below £{bands[reached].threshold + allowance:,.0f} a year (Income Tax Act "
                 "2007, s. 10)." if reached < len(bands) else "")
    return starts, stops


def _ni_words(whose: str) -> tuple[str, str]:
    whose_ = whose[:1].upper() + whose[1:]
    return (f"National Insurance starts: {whose} pay goes over the primary threshold, and a share of the pay above "
            "it is taken (Social Security Contributions and Benefits Act 1992, s. 8).",
            f"{whose_} pay is back under the National Insurance primary threshold (Social Security Contributions "
            "and Benefits Act 1992, s. 8).")


#: Passported help is looked at every this many points, and at every point between two that differ.
_PASSPORT_STRIDE = 6


def _passports_where_they_can_change(sweep: list[Point]) -> None:
    """Passported help, at the points of the sweep where it can change, for `steps` to compare.

    What a household may get turns on which benefits it receives and, for some help, on Universal Credit
    take-home pay, which only rises with the hours. So between two points receiving the same benefits each
    kind of help can change at most once: it is looked at every few points and wherever a benefit starts
    or stops, and where two looked-at points differ, at every point between them. Every change is found,
    for about a third of the work of looking at every point."""
    n = len(sweep)
    if n == 0:
        return
    looked: set[int] = set()

    def look(i: int) -> None:
        if i not in looked and sweep[i].calc is not None:
            _passport_outcomes(sweep[i].calc, sweep[i].outcomes)
            looked.add(i)

    marks = set(range(0, n, _PASSPORT_STRIDE)) | {n - 1}
    for i in range(1, n):
        before, after = sweep[i - 1].outcomes, sweep[i].outcomes
        if any(k.startswith("paid:") and (k not in before or before[k].on != o.on) for k, o in after.items()):
            marks |= {i - 1, i}
    for i in sorted(marks):
        look(i)
    ordered = sorted(looked)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b - a > 1 and _passport_state(sweep[a]) != _passport_state(sweep[b]):
            for i in range(a + 1, b):
                look(i)


def _passport_state(point: Point) -> dict[str, bool]:
    return {k: o.on for k, o in point.outcomes.items() if k.startswith("passport:")}


def _passport_outcomes(c: Calc, found: dict[str, Outcome]) -> None:
    for key, pp in PASSPORTS.items():
        try:
            reason = c(pp.reason)
        except (CannotCalculate, KeyError):
            continue
        found[f"passport:{key}"] = Outcome(bool(reason), partial(_passport_words, pp.label, reason), _law(pp.reason),
                                           reason)


def _passport_words(label: str, reason: str | None) -> tuple[str, str]:
    return f"You may now get {label}. {reason or ''}".strip(), f"You may no longer get {label}."
