"""Every YAML rule case beside the parameters, run as one test each."""

import pytest

import calculators  # noqa: F401  (registers the rules)
from calculators.core.cases import check, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case):
    problems = check(case)
    assert not problems, "\n".join(problems)


def test_enough_hand_worked_cases_exist():
    assert len(CASES) >= 150
