"""The Housing Benefit and Council Tax Reduction claim: facts its conditions use, and the
two-way mapping between its answers and the rules engine's ``Household``.

``answers_from_household`` prefills a new claim from "Check what you can get", so nothing
is asked twice: a page whose answers are all there counts as answered and the journey
moves past it (the person still sees and can change them on check answers).
``household_from_answers`` builds a ``Household`` from a claim so the rules engine can
work out what it is worth. It reads only the answers the journey shows.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from calculators.core.household import (
    Amount, BenefitReceived, Child, Home, Household, Job, NonDependant, Person, SelfEmployment,
)
from calculators.core.pension_age import state_pension_age_date

from .schema import Fact

# ------------------------------------------------------------------ facts


def _reached(dob: str | None, today: date) -> bool | None:
    if not dob:
        return None
    return state_pension_age_date(date.fromisoformat(dob)) <= today


def claimant_pension_age(answers: Mapping[str, Any], today: date) -> bool | None:
    """The claimant has reached State Pension age (the qualifying age for Pension Credit)."""
    return _reached(answers.get("date_of_birth"), today)


def household_pension_age(answers: Mapping[str, Any], today: date) -> bool | None:
    """The claim is a pension-age claim: the claimant, and any partner, have reached State
    Pension age (a mixed-age couple claims Universal Credit; HB Regs 2006 reg. 5)."""
    claimant = claimant_pension_age(answers, today)
    if not claimant or not answers.get("has_partner"):
        return claimant
    return _reached(answers.get("partner_date_of_birth"), today)


FACTS = {
    "claimant_pension_age": Fact("bool", claimant_pension_age),
    "household_pension_age": Fact("bool", household_pension_age),
}

# ------------------------------------------------------------------ household -> answers

_BENEFIT_TO_ANSWER: dict[str, tuple[str, str | None]] = {
    "state_pension": ("state_pension", None),
    "pip_daily_living_standard": ("pip_daily_living", "lower"),
    "pip_daily_living_enhanced": ("pip_daily_living", "higher"),
    "pip_mobility_standard": ("pip_mobility", "lower"),
    "pip_mobility_enhanced": ("pip_mobility", "higher"),
    "dla_care_lowest": ("dla_care", "lower"),
    "dla_care_middle": ("dla_care", "middle"),
    "dla_care_highest": ("dla_care", "higher"),
    "dla_mobility_lower": ("dla_mobility", "lower"),
    "dla_mobility_higher": ("dla_mobility", "higher"),
    "attendance_allowance_lower": ("attendance_allowance", "lower"),
    "attendance_allowance_higher": ("attendance_allowance", "higher"),
    "adult_disability_payment_daily_living_standard": ("pip_daily_living", "lower"),
    "adult_disability_payment_daily_living_enhanced": ("pip_daily_living", "higher"),
    "carers_allowance": ("carers_allowance", None),
    "esa_contribution": ("esa", None),
    "jsa_contribution": ("jsa", None),
    "maternity_allowance": ("maternity_allowance", None),
    "widowed_parents_allowance": ("bereavement_support", None),
    "bereavement_support": ("bereavement_support", None),
    "industrial_injuries": ("industrial_injuries", None),
    "war_pension": ("war_pension", None),
    "other": ("other", None),
}
_ANSWER_TO_BENEFIT = {v: k for k, v in reversed(list(_BENEFIT_TO_ANSWER.items()))}
_RATED = {"pip_daily_living": {"lower": "standard", "higher": "enhanced"}, "pip_mobility": {"lower": "standard", "higher": "enhanced"}}


def _money(amount: Amount | None) -> dict[str, str] | None:
    return None if amount is None else {"amount": str(amount.amount.quantize(Decimal("0.01"))), "period": amount.period.value}


def _amount(value: Mapping[str, str] | None) -> Amount | None:
    return None if not value else Amount(amount=Decimal(value["amount"]), period=value["period"])


def answers_from_household(household: Household) -> dict[str, Any]:
    """Prefilled answers from a 'Check what you can get' household. Only what it really
    knows: an age without a date of birth, for example, is not turned into a date."""
    h = household
    a: dict[str, Any] = {}
    claimant, partner = h.claimant, h.partner
    if claimant.date_of_birth:
        a["date_of_birth"] = claimant.date_of_birth.isoformat()
    a["has_partner"] = partner is not None
    if partner is not None and partner.date_of_birth:
        a["partner_date_of_birth"] = partner.date_of_birth.isoformat()
    a["gets_universal_credit"] = h.gets_universal_credit

    a["has_children"] = bool(h.children)
    if h.children:
        a["children"] = []
        for child in h.children:
            entry: dict[str, Any] = {"child_disability": "none" if child.disability == "none" else child.disability}
            if child.date_of_birth:
                entry["child_date_of_birth"] = child.date_of_birth.isoformat()
            if child.sex:
                entry["child_sex"] = child.sex
            a["children"].append(entry)
    others = list(h.non_dependants)
    a["has_others"] = bool(others) or h.home.joint_tenants > 0
    if a["has_others"]:
        a["others"] = []
        for nd in others:
            a["others"].append({
                "other_hours": _num(nd.hours_per_week),
                "other_benefits": [b for b in nd.benefits if b != "none"] or ["none"],
                "other_student": nd.student,
                "other_away": nd.away_or_in_hospital,
                "other_gross_income": _money(nd.gross_income) or {"amount": "0.00", "period": "week"},
            })
        for _ in range(h.home.joint_tenants):
            a["others"].append({"other_relationship": "joint_tenant"})

    home = h.home
    a["tenure"] = home.tenure
    if home.rent is not None:
        a["rent"] = _money(home.rent)
    if home.bedrooms is not None:
        a["bedrooms"] = str(home.bedrooms)
    if home.council_tax_band:
        a["council_tax_band"] = home.council_tax_band.lower()

    if not h.gets_universal_credit:
        jobs = [("claimant", j) for j in claimant.jobs] + ([("partner", j) for j in partner.jobs] if partner else [])
        a["in_work"] = bool(jobs)
        if jobs:
            a["jobs"] = []
            for whose, job in jobs:
                entry = {"job_pay": _money(job.gross_pay), "job_hours": _num(job.hours_per_week),
                         "job_pension_contribution": _money(job.pension_contribution) or {"amount": "0.00", "period": job.gross_pay.period.value}}
                if partner is not None:
                    entry["job_whose"] = whose
                a["jobs"].append(entry)
        businesses = [(w, p.self_employment) for w, p in (("claimant", claimant), ("partner", partner)) if p is not None and p.self_employment]
        a["self_employed"] = bool(businesses)
        if businesses:
            a["businesses"] = []
            for whose, se in businesses:
                entry = {"business_profit": _money(se.profit), "business_hours": _num(se.hours_per_week)}
                if partner is not None:
                    entry["business_whose"] = whose
                a["businesses"].append(entry)

    benefits = [("claimant", b) for b in claimant.benefits] + ([("partner", b) for b in partner.benefits] if partner else [])
    a["gets_benefits"] = bool(benefits) or h.gets_pension_credit_guarantee
    if a["gets_benefits"]:
        a["benefits"] = []
        for whose, b in benefits:
            kind, rate = _BENEFIT_TO_ANSWER[b.kind]
            entry = {"benefit_kind": kind, "benefit_amount": _money(b.amount)}
            if rate:
                entry["benefit_rate"] = rate
            if partner is not None:
                entry["benefit_whose"] = whose
            a["benefits"].append(entry)
    a["has_private_pension"] = claimant.private_pension is not None
    if claimant.private_pension is not None:
        a["private_pension"] = _money(claimant.private_pension)
    if partner is not None:
        a["partner_has_private_pension"] = partner.private_pension is not None
        if partner.private_pension is not None:
            a["partner_private_pension"] = _money(partner.private_pension)

    a["has_capital"] = h.capital > 0
    if h.capital > 0:
        a["accounts"] = [{"account_value": _num(h.capital)}]
    if h.children:
        a["pays_childcare"] = h.childcare_costs is not None
        if h.childcare_costs is not None:
            a["childcare_cost"] = _money(h.childcare_costs)
    a["is_student"] = claimant.student or bool(partner and partner.student)
    return a


def _num(value: Decimal) -> str:
    """A number as a person types it: 30 not "3E+1" (normalize() alone gives exponents), 37.5, 1200."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


# ------------------------------------------------------------------ answers -> household


def household_from_answers(answers: Mapping[str, Any], *, on: date, council: str = "demo", country: str = "england") -> Household:
    """The household a claim describes. Pass ``Journey.visible_answers`` so that answers
    the journey hides are not counted."""
    a = answers
    has_partner = bool(a.get("has_partner"))

    def whose(entry: Mapping[str, Any], key: str) -> str:
        return entry.get(key, "claimant") if has_partner else "claimant"

    people: dict[str, dict[str, Any]] = {"claimant": {"jobs": [], "benefits": []}, "partner": {"jobs": [], "benefits": []}}
    people["claimant"]["date_of_birth"] = a.get("date_of_birth")
    people["partner"]["date_of_birth"] = a.get("partner_date_of_birth")
    for job in a.get("jobs") or []:
        people[whose(job, "job_whose")]["jobs"].append(Job(
            gross_pay=_amount(job["job_pay"]), hours_per_week=_hours(job["job_hours"]),
            pension_contribution=_amount(job.get("job_pension_contribution")) if _positive(job.get("job_pension_contribution")) else None,
        ))
    for biz in a.get("businesses") or []:
        people[whose(biz, "business_whose")]["self_employment"] = SelfEmployment(
            profit=_amount(biz["business_profit"]), hours_per_week=_hours(biz["business_hours"]))
    pension_credit = False
    for b in a.get("benefits") or []:
        kind = b.get("benefit_kind")
        if kind == "pension_credit":
            pension_credit = True
            continue
        rate = b.get("benefit_rate")
        if kind in _RATED:
            engine_kind = f"{kind}_{_RATED[kind].get(rate, 'standard')}"
        else:
            engine_kind = _ANSWER_TO_BENEFIT.get((kind, rate)) or _ANSWER_TO_BENEFIT.get((kind, None)) or "other"
        if kind in ("esa", "jsa", "income_support"):
            engine_kind = {"esa": "esa_contribution", "jsa": "jsa_contribution"}.get(kind, "other")
        people[whose(b, "benefit_whose")]["benefits"].append(BenefitReceived(kind=engine_kind, amount=_amount(b["benefit_amount"])))
    if a.get("has_private_pension"):
        people["claimant"]["private_pension"] = _amount(a.get("private_pension"))
    if a.get("partner_has_private_pension"):
        people["partner"]["private_pension"] = _amount(a.get("partner_private_pension"))
    if a.get("has_other_income"):
        people["claimant"]["other_income"] = _amount(a.get("other_income"))
    student = bool(a.get("is_student")) and a.get("course_mode") == "full_time"
    people["claimant"]["student"] = student

    def person(key: str) -> Person:
        p = {k: v for k, v in people[key].items() if v is not None}
        return Person(**p)

    children = [
        Child(date_of_birth=c.get("child_date_of_birth"), sex=c.get("child_sex"), disability=c.get("child_disability", "none"))
        for c in a.get("children") or []
    ]
    non_dependants, joint_tenants = [], 0
    for o in a.get("others") or []:
        relationship = o.get("other_relationship")
        if relationship == "joint_tenant":
            joint_tenants += 1
            continue
        if relationship == "lodger":
            continue  # a lodger's payment is the claimant's income, not a non-dependant
        dob = o.get("other_date_of_birth")
        age = _age(date.fromisoformat(dob), on) if dob else 18
        non_dependants.append(NonDependant(
            age=max(age, 16), gross_income=_amount(o.get("other_gross_income")), hours_per_week=_hours(o.get("other_hours") or "0"),
            benefits=[b for b in o.get("other_benefits") or [] if b != "none"], student=bool(o.get("other_student")),
            away_or_in_hospital=bool(o.get("other_away")),
        ))
    ineligible = None
    tenure = a.get("tenure", "living_with_others")
    band = a.get("council_tax_band")
    home = Home(
        tenure=tenure,
        rent=_amount(a.get("rent")) if tenure != "owner" else None,
        ineligible_charges=ineligible,
        bedrooms=int(a["bedrooms"]) if a.get("bedrooms") else None,
        council=council, country=country, joint_tenants=joint_tenants,
        council_tax_band=band.upper() if band and band != "unknown" else None,
    )
    capital = sum((Decimal(acc.get("account_value") or "0") for acc in a.get("accounts") or []), Decimal("0"))
    childcare = _amount(a.get("childcare_cost")) if a.get("pays_childcare") else None
    return Household(
        claimant=person("claimant"), partner=person("partner") if has_partner else None,
        children=children, non_dependants=non_dependants, home=home, capital=capital,
        childcare_costs=childcare, gets_universal_credit=bool(a.get("gets_universal_credit")),
        gets_pension_credit_guarantee=pension_credit,
    )


def _hours(text: str) -> Decimal:
    """Hours a week to the hundredth, as the engine takes them: the questions refuse finer, but answers
    saved before they did may hold more."""
    return Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _positive(value: Mapping[str, str] | None) -> bool:
    return bool(value) and Decimal(value["amount"]) > 0


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
