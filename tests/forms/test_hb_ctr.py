"""The HB/CTR claim form walked end to end for three households, as a person would:
task list -> one question per page -> check answers -> final check -> declaration -> submit."""

from datetime import date
from decimal import Decimal

import pytest

from calculators.core.household import Amount, BenefitReceived, Home, Household, Job, NonDependant, Person
from forms import Journey, OutOfTurn, Status, default_registry
from forms.hb_ctr import answers_from_household, household_from_answers

TODAY = date(2026, 11, 23)


class Form(dict):
    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def d(iso):
    y, m, day = iso.split("-")
    return {"day": str(int(day)), "month": str(int(m)), "year": y}


def money(amount, period="week"):
    return {"amount": amount, "period": period}


def address(line1, town, postcode):
    return {"line1": line1, "line2": "", "town": town, "county": "", "postcode": postcode}


def raw_for(question_id, value):
    """Turn a friendly value into what the browser posts."""
    if isinstance(value, dict):
        return {f"{question_id}-{k}": v for k, v in value.items()}
    if isinstance(value, bool):
        return {question_id: "yes" if value else "no"}
    return {question_id: value}


def walk(answers, top, groups, prefill=None):
    """Fill every section from the task list until the claim can be sent. Returns the journey
    and the addresses visited."""
    form = default_registry().latest("hb_ctr")
    j = Journey(form, prefill or {}, today=TODAY)
    visited = []
    for _ in range(60):
        open_tasks = [t for t in j.task_list() if t.status is not Status.COMPLETED]
        if not open_tasks:
            break
        task = next(t for t in open_tasks if t.status is not Status.CANNOT_START_YET)
        address = task.href
        while address not in ("tasks", "submit") and not address.startswith("check/"):
            page = j.page(address)
            visited.append(address)
            data = Form()
            if page.kind == "list":
                wanted = len(groups.get(page.group.id, []))
                have = len(j.answers.get(page.group.id) or [])
                data["add_another"] = "yes" if have < wanted else "no"
            else:
                source = groups[page.group.id][page.index - 1] if page.group else top
                for q in page.questions:
                    assert q.id in source, f"the walk has no answer for {q.id} on {address}"
                    data.update(raw_for(q.id, source[q.id]))
            bound = page.bind(data)
            assert not bound.errors, (address, bound.errors)
            address = j.after(address)
        assert j.status(j.form.section(task.section_id)) is Status.COMPLETED, task.section_id
    assert j.ready_to_submit
    return j, visited


COMMON = {
    "home_address": address("Flat 2, 10 Mill Lane", "Leeds", "LS6 2AB"),
    "phone": "07700 900982", "email": "", "communication_needs": ["none"], "has_helper": False,
    "consent_contact_others": True, "declaration": ["agree"],
    "council_tax_liable": True, "council_tax_account": "", "council_tax_band": "b",
    "has_other_income": False, "is_student": False, "contacted_before": False,
}

# ---------------------------------------------------------------- 1. pensioner renting privately

PENSIONER = COMMON | {
    "first_name": "Edith", "last_name": "Jones", "date_of_birth": d("1948-05-02"), "ni_number": "AB 12 34 56 C",
    "moved_in_date": d("2015-06-01"), "claiming": ["council_tax_reduction", "housing_benefit"],
    "gets_universal_credit": False, "has_partner": False, "has_children": False, "has_others": False,
    "tenure": "private_rent", "landlord_name": "Ace Lettings", "landlord_address": address("1 Park Row", "Leeds", "LS1 5HD"),
    "landlord_related": False, "tenancy_start": d("2015-06-01"), "rent": money("175.00"), "has_service_charges": False,
    "rent_includes": ["none"], "bedrooms": "1", "pay_landlord_direct": False,
    "in_work": False, "self_employed": False, "gets_benefits": True,
    "has_private_pension": True, "private_pension": money("310.00", "month"),
    "has_capital": True,
    "bank_account": {"name": "Edith Jones", "sort_code": "309430", "account_number": "00733445", "roll_number": ""},
}
PENSIONER_GROUPS = {
    "benefits": [
        {"benefit_kind": "state_pension", "benefit_amount": money("230.25")},
        {"benefit_kind": "attendance_allowance", "benefit_rate": "lower", "benefit_amount": money("73.90")},
    ],
    "accounts": [{"account_type": "bank", "account_value": "8200"}],
}

# ---------------------------------------------------------------- 2. working-age tenant in supported accommodation

SUPPORTED = COMMON | {
    "first_name": "Sam", "last_name": "Okafor", "date_of_birth": d("1991-09-14"), "ni_number": "JK654321A",
    "moved_in_date": d("2026-10-01"), "claiming": ["housing_benefit", "council_tax_reduction"],
    "communication_needs": ["easy_read", "text_message"],
    "gets_universal_credit": True, "has_partner": False, "has_children": False, "has_others": False,
    "tenure": "supported_accommodation", "support_provider": "Hope Housing Trust",
    "landlord_name": "Hope Housing Trust", "landlord_address": address("3 Chapel Street", "Leeds", "LS2 7QA"),
    "tenancy_start": d("2026-10-01"), "rent": money("265.40"), "has_service_charges": True,
    "service_charges": money("48.10"), "rent_includes": ["heating", "hot_water"], "bedrooms": "1",
    "pay_landlord_direct": True, "gets_benefits": True, "has_private_pension": False, "has_capital": False,
    "council_tax_liable": False,
}
SUPPORTED_GROUPS = {
    "benefits": [{"benefit_kind": "pip_daily_living", "benefit_rate": "higher", "benefit_amount": money("110.40")}],
}

# ---------------------------------------------------------------- 3. couple with a non-dependant

COUPLE = COMMON | {
    "first_name": "Priya", "last_name": "Shah", "date_of_birth": d("1976-02-11"), "ni_number": "CE100200B",
    "moved_in_date": d("2009-03-01"), "claiming": ["council_tax_reduction"],
    "gets_universal_credit": False, "has_partner": True,
    "partner_first_name": "Ravi", "partner_last_name": "Shah", "partner_date_of_birth": d("1978-07-30"), "partner_ni_number": "CE300400D",
    "has_children": False, "has_others": True,
    "tenure": "social_rent", "landlord_name": "Leeds City Council", "landlord_address": address("Merrion House", "Leeds", "LS2 8BB"),
    "tenancy_start": d("2009-03-01"), "rent": money("98.60"), "has_service_charges": False, "rent_includes": ["none"],
    "bedrooms": "3", "council_tax_band": "c",
    "in_work": True, "self_employed": False, "gets_benefits": False, "has_private_pension": False,
    "partner_has_private_pension": False, "has_capital": False,
}
COUPLE_GROUPS = {
    "others": [{"other_name": "Arjun Shah", "other_date_of_birth": d("2003-04-18"), "other_relationship": "son_daughter",
                "other_away": False, "other_student": False, "other_benefits": ["none"], "other_hours": "37.5",
                "other_gross_income": money("1850.00", "month")}],
    "jobs": [{"job_whose": "claimant", "employer": "Leeds Teaching Hospitals", "job_pay": money("1420.00", "month"),
              "job_hours": "24", "job_pension_contribution": money("71.00", "month")}],
}


def test_pensioner_renting_privately():
    j, visited = walk({}, PENSIONER, PENSIONER_GROUPS)
    assert "bank-details" in visited and "partner-name" not in visited
    assert "benefits/2/rate" in visited and "benefits/1/rate" not in visited
    assert j.visible_answers["benefits"][1]["benefit_rate"] == "lower"
    assert [e.id for e in j.evidence()] == [
        "identity", "ni_number_proof", "tenancy_agreement", "rent_proof", "benefit_award", "benefit_award",
        "pension_statement", "savings_statements",
    ]
    texts = [e.text for e in j.evidence()]
    assert "Your latest award letter for Attendance Allowance" in texts
    assert "Statements for Bank or building society account covering the last 2 months, or a valuation" in texts
    household = household_from_answers(j.visible_answers, on=TODAY)
    assert household.home.tenure == "private_rent"
    assert household.home.rent == Amount(amount=Decimal("175.00"), period="week")
    assert household.claimant.gets("attendance_allowance_lower", "state_pension")
    assert household.capital == Decimal("8200")
    assert j.form.facts["claimant_pension_age"](j.visible_answers, TODAY) is True


def test_working_age_tenant_in_supported_accommodation():
    j, visited = walk({}, SUPPORTED, SUPPORTED_GROUPS)
    assert "support-provider" in visited and "service-charges-amount" in visited
    assert "work" not in visited  # Universal Credit covers income from work
    assert "bank-details" not in visited  # paid to the landlord
    assert "council-tax-band" not in visited
    assert [e.id for e in j.evidence()] == [
        "identity", "ni_number_proof", "uc_statement", "support_letter", "tenancy_agreement", "rent_proof",
        "service_charge_breakdown", "benefit_award",
    ]
    assert j.visible_answers["communication_needs"] == ["easy_read", "text_message"]
    household = household_from_answers(j.visible_answers, on=TODAY)
    assert household.gets_universal_credit and household.claimant.gets("pip_daily_living_enhanced")
    assert j.form.facts["household_pension_age"](j.visible_answers, TODAY) is False


def test_couple_with_a_non_dependant():
    j, visited = walk({}, COUPLE, COUPLE_GROUPS)
    for page in ("partner-name", "others/1/income", "jobs/1/whose", "partner-private-pension"):
        assert page in visited
    assert "childcare" not in [t.section_id for t in j.task_list()]
    assert "payment" not in [t.section_id for t in j.task_list()]
    assert [e.id for e in j.evidence()] == [
        "identity", "ni_number_proof", "partner_identity", "partner_ni_number_proof", "non_dependant_income_proof",
        "tenancy_agreement", "rent_proof", "payslips",
    ]
    evidence = {e.id: e for e in j.evidence()}
    assert evidence["payslips"].text == "Payslips from Leeds Teaching Hospitals: the last 5 if you are paid weekly, or the last 2 if you are paid monthly"
    assert evidence["non_dependant_income_proof"].item_name == "Arjun Shah"
    household = household_from_answers(j.visible_answers, on=TODAY)
    assert household.is_couple
    assert household.non_dependants[0].age == 23 and household.non_dependants[0].hours_per_week == Decimal("37.5")
    assert household.claimant.jobs[0].pension_contribution == Amount(amount=Decimal("71.00"), period="month")
    rows = {r.question_id: r.value for r in j.check_answers("household")}
    assert rows["other_gross_income"] == "£1,850.00 a month"


def test_the_claim_can_only_be_declared_when_every_section_is_complete():
    form = default_registry().latest("hb_ctr")
    j = Journey(form, {}, today=TODAY)
    statuses = {t.section_id: t.status for t in j.task_list()}
    assert statuses["declaration"] is Status.CANNOT_START_YET
    assert statuses["home"] is Status.CANNOT_START_YET
    assert "partner" not in statuses
    with pytest.raises(OutOfTurn):
        j.page("declaration")


# ---------------------------------------------------------------- never ask twice


def test_prefill_from_check_what_you_can_get_skips_known_questions():
    household = Household(
        claimant=Person(date_of_birth=date(1948, 5, 2), benefits=[
            BenefitReceived(kind="state_pension", amount=Amount(amount=Decimal("230.25"), period="week"))],
            private_pension=Amount(amount=Decimal("310"), period="month")),
        home=Home(tenure="private_rent", rent=Amount(amount=Decimal("175"), period="week"), bedrooms=1, council_tax_band="B"),
        capital=Decimal("8200"),
    )
    prefill = answers_from_household(household)
    assert prefill["date_of_birth"] == "1948-05-02" and prefill["rent"] == {"amount": "175.00", "period": "week"}
    groups = {"benefits": [{"benefit_kind": "state_pension", "benefit_amount": money("230.25")}],
              "accounts": [{"account_type": "bank", "account_value": "8200"}]}
    j, visited = walk({}, PENSIONER, groups, prefill=prefill)
    for known in ("date-of-birth", "partner", "tenure", "rent", "bedrooms", "private-pension", "private-pension-amount",
                  "savings", "benefits/1/which", "benefits/1/amount", "accounts/1/value"):
        assert known not in visited, known
    assert "accounts/1/type" in visited  # the calculator knows the total, not the kind of account
    assert "your-name" in visited
    # the round trip gives the rules engine the same household facts
    back = household_from_answers(j.visible_answers, on=TODAY)
    assert back.claimant.date_of_birth == household.claimant.date_of_birth
    assert back.home.rent == household.home.rent and back.capital == household.capital
    assert back.claimant.benefits == household.claimant.benefits
    assert back.claimant.private_pension == Amount(amount=Decimal("310.00"), period="month")


def test_prefill_round_trip_for_a_couple_with_a_non_dependant():
    household = Household(
        claimant=Person(date_of_birth=date(1976, 2, 11), jobs=[Job(gross_pay=Amount(amount=Decimal("1420"), period="month"), hours_per_week=Decimal("24"))]),
        partner=Person(date_of_birth=date(1978, 7, 30)),
        non_dependants=[NonDependant(age=23, gross_income=Amount(amount=Decimal("1850"), period="month"), hours_per_week=Decimal("37.5"))],
        home=Home(tenure="social_rent", rent=Amount(amount=Decimal("98.60"), period="week")),
    )
    answers = answers_from_household(household)
    assert answers["jobs"] == [{"job_pay": {"amount": "1420.00", "period": "month"}, "job_hours": "24",
                                "job_pension_contribution": {"amount": "0.00", "period": "month"}, "job_whose": "claimant"}]
    assert answers["others"][0]["other_gross_income"] == {"amount": "1850.00", "period": "month"}
    back = household_from_answers(answers, on=TODAY)
    assert back.claimant.jobs == household.claimant.jobs
    assert back.non_dependants[0].gross_income == household.non_dependants[0].gross_income
    assert back.partner.date_of_birth == date(1978, 7, 30)


def test_every_group_of_the_claim_fits_what_the_rules_engine_takes():
    from calculators.core.household import MAX_BENEFITS, MAX_CHILDREN, MAX_JOBS, MAX_NON_DEPENDANTS

    groups = {g.id: g.definition.max_items for g in default_registry().latest("hb_ctr").groups.values()}
    # Jobs and benefits are one list for the claimant and partner; the engine's maxima are per person.
    assert groups["children"] == MAX_CHILDREN and groups["others"] == MAX_NON_DEPENDANTS
    assert groups["jobs"] <= MAX_JOBS and groups["benefits"] <= MAX_BENEFITS


def test_a_claim_with_every_group_full_makes_a_household():
    j, _ = walk({}, COUPLE, COUPLE_GROUPS)
    groups = {g.id: g.definition.max_items for g in j.form.groups.values()}
    child = {"child_name": "Sam", "child_date_of_birth": "2014-03-01", "child_sex": "male"}
    benefit = {"benefit_whose": "claimant", "benefit_kind": "state_pension",
               "benefit_amount": {"amount": "230.25", "period": "week"}}
    answers = dict(j.visible_answers) | {
        "has_children": True, "gets_benefits": True,
        "children": [child] * groups["children"],
        "others": j.visible_answers["others"] * groups["others"],
        "jobs": j.visible_answers["jobs"] * groups["jobs"],
        "benefits": [benefit] * groups["benefits"],
    }
    household = household_from_answers(answers, on=TODAY)
    assert len(household.children) == 30 and len(household.non_dependants) == 20
    assert len(household.claimant.jobs) == groups["jobs"]
    assert len(household.claimant.benefits) == groups["benefits"]


def test_hours_saved_to_more_than_two_decimal_places_are_rounded_to_the_hundredth():
    j, _ = walk({}, COUPLE, COUPLE_GROUPS)
    jobs = [j.visible_answers["jobs"][0] | {"job_hours": "24.125"}]
    household = household_from_answers(dict(j.visible_answers) | {"jobs": jobs}, on=TODAY)
    assert household.claimant.jobs[0].hours_per_week == Decimal("24.13")
