"""From the answers to the rules engine's Household, and the assumptions made on the way, in words.

Nothing is assumed silently: where an answer is missing or "I do not know", the household
either leaves the figure out (so the engine says what it could not work out, and why) or
uses a default that `HouseholdFromAnswers.assumptions` states for the results page:

- Someone who does not get Universal Credit is treated as claiming it today (a new claim
  started now), since the health part of UC depends on when a claim started.
- A Universal Credit claim whose start the person chose as a range is given a date in
  that range (2 April 2017, or 5 April 2026, or the day of the check); the engine only
  compares the date with 3 April 2017 and 6 April 2026.
- Ticking Pension Credit is taken as the guarantee part (the page says so).
- The home is in the council running the portal, in its nation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.i18n import gettext as _
from calculators.core.household import (
    Amount,
    BenefitReceived,
    Child,
    Home,
    Household,
    Job,
    NonDependant,
    Person,
    SelfEmployment,
)
from calculators.rules.council_tax import has_published_band_d

from .facts import RATED, WITH_AMOUNT, Facts
from .fields import UNKNOWN
from .journey import Journey
from .pages import CheckContext

# The engine's name for each benefit at each rate.
_RATED_KINDS = {
    ("pip_daily_living", "lower"): "pip_daily_living_standard",
    ("pip_daily_living", "higher"): "pip_daily_living_enhanced",
    ("pip_mobility", "lower"): "pip_mobility_standard",
    ("pip_mobility", "higher"): "pip_mobility_enhanced",
    ("dla_care", "lowest"): "dla_care_lowest",
    ("dla_care", "middle"): "dla_care_middle",
    ("dla_care", "highest"): "dla_care_highest",
    ("dla_mobility", "lower"): "dla_mobility_lower",
    ("dla_mobility", "higher"): "dla_mobility_higher",
    ("attendance_allowance", "lower"): "attendance_allowance_lower",
    ("attendance_allowance", "higher"): "attendance_allowance_higher",
}
_UC_STARTS = {"before_2017": date(2017, 4, 2), "before_2026": date(2026, 4, 5)}


class NotReady(ValueError):
    """The answers do not yet describe a whole household (some pages are still to answer)."""


@dataclass(frozen=True)
class HouseholdFromAnswers:
    household: Household
    assumptions: tuple[str, ...]
    already_get: tuple[str, ...]
    """Result keys of the benefits the person says they already get."""


def _amount(value: dict[str, str] | None) -> Amount | None:
    if not value or value.get(UNKNOWN):
        return None
    return Amount(amount=Decimal(value["amount"]), period=value.get("period", "week"))


def _positive(value: dict[str, str] | None) -> Amount | None:
    amount = _amount(value)
    return amount if amount is not None and amount.amount > 0 else None


def household_from_answers(
    context: CheckContext, answers: dict[str, dict[str, Any]], *, short: bool = False
) -> HouseholdFromAnswers:
    """The household the (complete) answers describe. Raises NotReady if pages are still unanswered.

    With `short`, only the few questions "Better off in work?" asks on its own count, and
    the rest (benefits already paid, health, other adults, pensions) are taken as none.
    """
    journey = Journey(context, answers, short=short)
    if not journey.complete:
        raise NotReady("some questions are still to answer")
    a = journey.counted_answers()
    facts = Facts(a, context.today)
    assumptions: list[str] = []
    if short:
        assumptions.append(_("You answered the short set of questions, so we took it that nobody gets any other benefits or pensions, or has a health condition that affects work."))

    def get(slug: str, name: str, default: Any = None) -> Any:
        return (a.get(slug) or {}).get(name, default)

    people: dict[str, dict[str, Any]] = {}
    for who in ("you", "partner") if facts.couple else ("you",):
        work_slug = "your-work" if who == "you" else "partner-work"
        work = get(work_slug, "work", "no")
        person: dict[str, Any] = {"date_of_birth": get("date-of-birth", who), "jobs": [], "benefits": []}
        if work == "employed":
            person["jobs"] = [Job(gross_pay=_amount(get(work_slug, "pay")), hours_per_week=Decimal(get(work_slug, "hours")))]
        elif work == "self_employed":
            person["self_employment"] = SelfEmployment(profit=_amount(get(work_slug, "profit")),
                                                       hours_per_week=Decimal(get(work_slug, "se_hours")))
        circumstances = facts.circumstances(who)
        if "lcwra" in circumstances:
            person["limited_capability"] = "lcwra"
        elif "lcw" in circumstances:
            person["limited_capability"] = "lcw"
        person["severe_conditions"] = "severe_conditions" in circumstances
        person["is_carer"] = "carer" in circumstances
        person["registered_blind"] = "blind" in circumstances
        person["pregnant"] = "pregnant" in circumstances
        person["student"] = "student" in circumstances
        pension = _positive(get("pensions", who))
        if pension is not None:
            person["private_pension"] = pension
        before_2016 = get("state-pension-age-2016", who)
        if before_2016 in ("yes", "no"):
            person["reached_pension_age_before_april_2016"] = before_2016 == "yes"
        elif before_2016 == UNKNOWN:
            assumptions.append(_("You did not know whether %(who)s reached State Pension age before 6 April 2016, so "
                                 "we cannot always tell whether the savings credit of Pension Credit applies.")
                               % {"who": _("you") if who == "you" else _("your partner")})
        people[who] = person

    for kind in WITH_AMOUNT:
        if kind not in facts.benefits:
            continue
        whose = get("benefit-amounts", f"{kind}-whose", "you") if facts.couple else "you"
        engine_kind = _RATED_KINDS[(kind, get("benefit-amounts", f"{kind}-rate"))] if kind in RATED else kind
        amount = _amount(get("benefit-amounts", kind))
        if amount is not None:
            people[whose]["benefits"].append(BenefitReceived(kind=engine_kind, amount=amount))

    children = []
    eldest_born_before = get("eldest-child", "born_before")
    for i in range(1, facts.children + 1):
        children.append(Child(
            age=int(get("children", f"child{i}-age")),
            sex=get("children", f"child{i}-sex"),
            disability=get("children", f"child{i}-disability", "none"),
            born_before_6_april_2017=(eldest_born_before == "yes")
            if i == facts.eldest_child and eldest_born_before is not None else None,
        ))

    non_dependants = []
    for i in range(1, facts.other_adults + 1):
        benefit = get("other-adults", f"adult{i}-benefit", "none")
        income = get("other-adults", f"adult{i}-income")
        if income and income.get(UNKNOWN):
            assumptions.append(_("We do not know the income of adult %(n)s who lives with you, so any deduction for them may not be worked out.") % {"n": i})
        non_dependants.append(NonDependant(
            age=int(get("other-adults", f"adult{i}-age")),
            hours_per_week=Decimal(get("other-adults", f"adult{i}-hours", "0")),
            gross_income=_amount(income),
            benefits=[] if benefit == "none" else [benefit],
            responsible_for_child_under_5=get("other-adults", f"adult{i}-child-under-5") == "yes",
        ))

    tenure = facts.tenure or "living_with_others"
    brma = None
    if tenure == "private_rent":
        brma = get("area", "brma")
        if brma is None:
            from .area import brmas_for_postcode

            postcode = (get("postcode", "postcode") or {}).get("postcode")
            found = brmas_for_postcode(context.council, postcode) if postcode else []
            brma = found[0] if len(found) == 1 else None
    band = get("council-tax", "band")
    bill = get("council-tax", "bill")
    band_known = band not in (None, UNKNOWN)
    parish = get("parish", "parish")
    band_d = context.council.band_d_charge(context.today, None if parish in (None, UNKNOWN) else parish)
    can_estimate = band_d is not None or has_published_band_d(context.council.code, context.council.country, context.today)
    if band == UNKNOWN:
        assumptions.append(_("You did not know your Council Tax band, so some Council Tax Reduction rules may not be worked out."))
    if bill and bill.get(UNKNOWN):
        if band_known and can_estimate:
            assumptions.append(_("You did not know how much Council Tax you pay, so we estimated it from your band and "
                                 "%(council)s's Band D charge. Your bill may differ, and so may your Council Tax Reduction.")
                               % {"council": context.council.name})
        else:
            assumptions.append(_("You did not know how much Council Tax you pay, so we cannot work out Council Tax Reduction."))
    home = Home(
        tenure=tenure,
        rent=_amount(get("rent", "rent")) if facts.renting else None,
        bedrooms=int(get("rent", "bedrooms")) if facts.renting and get("rent", "bedrooms") is not None else None,
        council=context.council.code,
        country=context.council.country,
        brma=brma,
        council_tax_band=band if band_known else None,
        council_tax=_amount(bill),
        band_d_charge=band_d,
    )

    uc_start: date | None
    if facts.gets_universal_credit:
        started = get("uc-start", "started")
        if started == "from_2026":
            uc_start = context.today
        elif started in _UC_STARTS:
            uc_start = _UC_STARTS[started]
        else:
            uc_start = None
            if started == UNKNOWN:
                assumptions.append(_("You did not know when your Universal Credit claim started, so we cannot tell which rate of the health part applies."))
    else:
        uc_start = context.today
        if not facts.pension_age_household:
            assumptions.append(_("Universal Credit is worked out as a new claim starting today."))
    if "pension_credit" in facts.benefits:
        assumptions.append(_("You get the guarantee part of Pension Credit."))
    assumptions.append(_("Your home is in the %(council)s area.") % {"council": context.council.name})

    married_answer = get("marriage-allowance", "married")
    married = None if married_answer is None else married_answer == "yes"
    allowance = get("marriage-allowance", "allowance")
    marriage_allowance_from = {"from_you": "claimant", "from_partner": "partner"}.get(allowance or "")
    if allowance == UNKNOWN:
        assumptions.append(_("You did not know whether either of you gets Marriage Allowance, so we worked out your "
                             "income tax without it."))

    household = Household(
        claimant=Person(**people["you"]),
        partner=Person(**people["partner"]) if "partner" in people else None,
        children=children,
        non_dependants=non_dependants,
        home=home,
        capital=Decimal((get("savings", "savings") or {}).get("amount", "0")),
        childcare_costs=_positive(get("childcare", "childcare")),
        uc_claim_start=uc_start,
        gets_universal_credit=facts.gets_universal_credit,
        gets_pension_credit_guarantee="pension_credit" in facts.benefits,
        married=married,
        marriage_allowance_from=marriage_allowance_from if married else None,
    )
    return HouseholdFromAnswers(household, tuple(assumptions), tuple(facts.already_get))
