"""A non-dependant responsible for a child under 5.

Universal Credit: UC Regs 2013 Sch. 4 para. 16(1)-(2)(i): "No deduction is to be made under paragraph 13
in respect of any non-dependant ... (i) a person who is responsible for a child under 5 years old."
Housing Benefit has no such exception: HB Regs 2006 reg. 74(7)-(8) and HB (SPC) Regs 2006 reg. 55(7)-(8)
list under 18s, students, people on Pension Credit, young people on income-related benefits and people
away, but not a parent of a young child, so the deduction stays.
"""

from datetime import date
from decimal import Decimal

from calculators.core.calc import Calc
from calculators.core.household import Household

D = Decimal


def uc_contributions(**nondep):
    h = Household.model_validate({
        "claimant": {"age": 50},
        "home": {"tenure": "social_rent", "rent": {"amount": "600", "period": "month"}, "bedrooms": 2},
        "non_dependants": [{"age": 25, "hours_per_week": "30", **nondep}],
    })
    return Calc(h, date(2026, 6, 1))("uc_housing_cost_contributions")


def test_uc_takes_a_housing_cost_contribution_from_a_working_adult():
    # Sch. 4 para. 14(1) (SI 2026/148): £96.55 a month for one non-dependant who is not exempt
    assert uc_contributions() == D("96.55")


def test_uc_takes_no_contribution_from_an_adult_responsible_for_a_child_under_5():
    # para. 16(2)(i): nothing
    assert uc_contributions(responsible_for_child_under_5=True) == D("0")


def test_uc_element_keeps_the_contribution_when_the_exemption_applies():
    h = Household.model_validate({
        "claimant": {"age": 50},
        "home": {"tenure": "social_rent", "rent": {"amount": "600", "period": "month"}, "bedrooms": 2},
        "non_dependants": [{"age": 25, "hours_per_week": "30", "responsible_for_child_under_5": True}],
    })
    # two bedrooms for the claimant and one other adult: no size reduction, rent £600.00 in full
    assert Calc(h, date(2026, 6, 1))("uc_housing_element") == D("600.00")


def test_housing_benefit_has_no_child_under_5_exception():
    # HB (SPC) reg. 55(1)(b) (SI 2026/148): £20.40 a week for a non-dependant not in remunerative work,
    # whether or not they are responsible for a young child
    def deduction(flag: bool):
        h = Household.model_validate({
            "claimant": {"date_of_birth": "1950-01-01"},
            "home": {"tenure": "social_rent", "rent": {"amount": "150", "period": "week"}, "bedrooms": 2},
            "non_dependants": [{"age": 25, "hours_per_week": "0", "responsible_for_child_under_5": flag}],
        })
        return Calc(h, date(2026, 6, 1))("hb_non_dependant_deductions")

    assert deduction(False) == D("20.40")
    assert deduction(True) == D("20.40")
