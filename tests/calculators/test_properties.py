"""Invariants that must hold for every household, checked with generated households."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators
from calculators.better_off import net_income
from calculators.core.calc import CannotCalculate

ON = st.sampled_from([date(2025, 6, 1), date(2026, 1, 15), date(2026, 6, 1), date(2027, 2, 1)])
MONEY = st.integers(min_value=0, max_value=300_000).map(lambda p: Decimal(p) / 100)


@st.composite
def households(draw):
    working_age_birth = draw(st.dates(min_value=date(1965, 1, 1), max_value=date(2005, 1, 1)))
    claimant = {"date_of_birth": working_age_birth.isoformat()}
    if draw(st.booleans()):
        claimant["jobs"] = [
            {
                "gross_pay": {"amount": str(draw(MONEY)), "period": draw(st.sampled_from(["week", "month"]))},
                "hours_per_week": str(draw(st.integers(1, 45))),
            }
        ]
    claimant["limited_capability"] = draw(st.sampled_from(["none", "none", "lcw", "lcwra"]))
    tenure = draw(st.sampled_from(["private_rent", "social_rent", "owner", "living_with_others"]))
    home = {"tenure": tenure, "council": "demo", "council_tax_band": draw(st.sampled_from("ABCDEFGH")),
            "council_tax": {"amount": str(draw(st.integers(800, 3000))), "period": "year"}}
    if tenure in ("private_rent", "social_rent"):
        home["rent"] = {"amount": str(draw(st.integers(50, 400))), "period": "week"}
        home["bedrooms"] = draw(st.integers(1, 4))
    children = [
        {"age": draw(st.integers(0, 15)), "disability": draw(st.sampled_from(["none", "none", "lower", "higher"]))}
        for _ in range(draw(st.integers(0, 4)))
    ]
    h = {"claimant": claimant, "home": home, "children": children, "capital": str(draw(st.integers(0, 20000)))}
    if draw(st.booleans()):
        h["partner"] = {"date_of_birth": working_age_birth.isoformat()}
    return h


def _amounts(h, on):
    result = calculators.calculate(calculators.Household.model_validate(h), on, trace=False)
    return {i.key: i.amount for i in result.items}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), ON)
def test_no_benefit_is_ever_negative(h, on):
    for key, amount in _amounts(h, on).items():
        assert amount is None or amount >= 0, key


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), ON)
def test_the_order_of_children_changes_nothing(h, on):
    reordered = dict(h, children=list(reversed(h["children"])))
    assert _amounts(h, on) == _amounts(reordered, on)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), ON, st.integers(1, 100))
def test_a_pound_more_earnings_never_costs_more_than_a_pound(h, on, extra):
    """In the ordinary case (no cliff-edge rules such as a benefit cap exemption), more pay means more money."""
    if not h["claimant"].get("jobs"):
        return
    job = h["claimant"]["jobs"][0]
    weekly = Decimal(job["gross_pay"]["amount"])
    if job["gross_pay"]["period"] == "month":
        weekly = (weekly * 12 / 52).quantize(Decimal("0.01"))
    richer_job = dict(job, gross_pay={"amount": str(weekly + extra), "period": "week"})
    poorer_job = dict(job, gross_pay={"amount": str(weekly), "period": "week"})

    def net(j):
        household = calculators.Household.model_validate(dict(h, claimant=dict(h["claimant"], jobs=[j])))
        point = net_income(household, on, Decimal(j["hours_per_week"]))
        return point.net_income_before_housing_costs, point.not_worked_out

    before, missing_before = net(poorer_job)
    after, missing_after = net(richer_job)
    if missing_before or missing_after:
        return  # the engine said plainly it could not work something out; nothing to compare
    # A tolerance of a penny a step allows for the regulations' own roundings.
    assert after - before >= -Decimal("0.01") * extra, (before, after)
