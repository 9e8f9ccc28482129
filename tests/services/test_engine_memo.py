"""Remembered engine results: the same inputs give the same figures, any change is worked out afresh."""

from datetime import date
from decimal import Decimal

import calculators
from app.services import engine_memo
from calculators.better_off import JobOffer, better_off

ON = date(2026, 6, 1)


def household(rent: str = "105.00") -> calculators.Household:
    return calculators.Household.model_validate(
        {
            "claimant": {"age": 31, "jobs": [{"gross_pay": {"amount": "240", "period": "week"}, "hours_per_week": "20"}]},
            "children": [{"age": 6, "sex": "female"}],
            "uc_claim_start": "2025-01-01",
            "home": {"tenure": "social_rent", "rent": {"amount": rent, "period": "week"}, "bedrooms": 2,
                     "council": "demo", "council_tax_band": "A", "council_tax": {"amount": "1500", "period": "year"}},
        }
    )


def amounts(result: calculators.Result) -> dict[str, Decimal | None]:
    return {item.key: item.amount for item in result.items}


def test_a_remembered_result_equals_a_fresh_calculation_and_is_reused():
    engine_memo.forget()
    first = engine_memo.calculate_once(household(), ON)
    assert amounts(first) == amounts(calculators.calculate(household(), ON))
    assert engine_memo.calculate_once(household(), ON) is first


def test_a_changed_answer_or_date_is_worked_out_afresh():
    engine_memo.forget()
    before = engine_memo.calculate_once(household(), ON)
    dearer = engine_memo.calculate_once(household("125.00"), ON)
    assert dearer is not before
    assert amounts(dearer)["universal_credit"] > amounts(before)["universal_credit"]
    assert engine_memo.calculate_once(household(), date(2025, 6, 2)) is not before


def test_a_remembered_sweep_equals_a_fresh_one():
    engine_memo.forget()
    offer = JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("30"))
    kept = engine_memo.better_off_once(household(), ON, offer)
    fresh = better_off(household(), ON, offer)
    assert [p.net_income_after_childcare for p in kept.sweep] == [p.net_income_after_childcare for p in fresh.sweep]
    assert engine_memo.better_off_once(household(), ON, offer) is kept
    other = JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("16"))
    assert engine_memo.better_off_once(household(), ON, other) is not kept


def test_explanations_are_kept_per_language_and_match_the_result():
    from app import i18n

    engine_memo.forget()
    result = engine_memo.calculate_once(household(), ON)
    english = engine_memo.explanations_once(result)
    assert engine_memo.explanations_once(result) is english
    uc = next(i for i in result.items if i.key == "universal_credit")
    assert english["universal_credit"].summary.amount == uc.amount
    i18n.activate("cy")
    try:
        assert engine_memo.explanations_once(result) is not english
    finally:
        i18n.activate(i18n.DEFAULT_LANGUAGE)
