"""State pension age: Pensions Act 1995 Sch. 4 as amended by the Pensions Act 2014 s. 26."""

from datetime import date

import pytest

from calculators import Household
from calculators.core.calc import Calc
from calculators.core.pension_age import state_pension_age_date


@pytest.mark.parametrize(
    "born, reached",
    [
        (date(1960, 4, 5), date(2026, 4, 5)),  # last day before the phase-in: 66
        (date(1960, 4, 6), date(2026, 5, 6)),  # 66 and 1 month
        (date(1960, 5, 5), date(2026, 6, 5)),  # still the first band
        (date(1960, 5, 6), date(2026, 7, 6)),  # 66 and 2 months
        (date(1960, 12, 31), date(2027, 9, 30)),  # 66 and 9 months, short month
        (date(1961, 3, 5), date(2028, 2, 5)),  # 66 and 11 months
        (date(1961, 3, 6), date(2028, 3, 6)),  # 67
        (date(1970, 1, 1), date(2037, 1, 1)),
    ],
)
def test_state_pension_age_phase_in(born, reached):
    assert state_pension_age_date(born) == reached


def _group(on, *people):
    h = Household.model_validate({"claimant": people[0], **({"partner": people[1]} if len(people) > 1 else {})})
    return Calc(h, on)("household_age_group")


def test_age_groups_for_singles_and_couples():
    on = date(2026, 6, 1)
    assert _group(on, {"date_of_birth": "1955-01-01"}) == "pension_age"
    assert _group(on, {"date_of_birth": "1990-01-01"}) == "working_age"
    assert _group(on, {"date_of_birth": "1955-01-01"}, {"date_of_birth": "1990-01-01"}) == "mixed"
    assert _group(on, {"date_of_birth": "1955-01-01"}, {"date_of_birth": "1956-01-01"}) == "pension_age"


def test_the_day_state_pension_age_is_reached_counts():
    born = {"date_of_birth": "1960-04-06"}
    assert _group(date(2026, 5, 5), born) == "working_age"
    assert _group(date(2026, 5, 6), born) == "pension_age"


def test_an_age_of_66_in_the_phase_in_needs_a_date_of_birth():
    from calculators.core.calc import CannotCalculate

    with pytest.raises(CannotCalculate, match="date of birth"):
        _group(date(2026, 6, 1), {"age": 66})
