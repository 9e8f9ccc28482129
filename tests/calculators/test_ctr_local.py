"""The local-scheme rule: which scheme applies, the trace cites the council's document, and the award
behaves as the schemes say (never above the bill, never rising with income, bands chosen by household)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators  # noqa: F401  (registers the rules)
from calculators.core.calc import Calc, CannotCalculate
from calculators.core.household import Household
from calculators.schemes import scheme_for

ON = date(2026, 6, 1)


def household(council="demo", band="D", annual="2190", **extra) -> Household:
    home = {"tenure": "owner", "council": council, "council_tax_band": band,
            "council_tax": {"amount": annual, "period": "year"}}
    home.update(extra.pop("home", {}))
    return Household.model_validate({"claimant": {"age": 30}, "home": home, **extra})


def test_the_scheme_in_force_is_chosen_by_date():
    assert scheme_for("demo", date(2026, 4, 1)).year == "2026-27"
    assert scheme_for("demo", date(2027, 3, 31)).year == "2026-27"
    assert scheme_for("demo", date(2026, 3, 31)) is None
    assert scheme_for("kirklees", date(2026, 6, 1)).year == "2024-25"   # no end date: runs until replaced
    assert scheme_for("nowhere", ON) is None


def test_every_step_links_to_the_councils_own_document():
    c = Calc(household("stockport", band="C", annual="1825",
                       non_dependants=[{"age": 25, "hours_per_week": "35", "gross_income": {"amount": "300", "period": "week"}}]), ON)
    c("ctr_local_award")
    doc = "https://www.stockport.gov.uk/council-tax-support-scheme"
    for name in ("ctr_local_scheme", "ctr_local_eligible_liability", "ctr_local_maximum_support",
                 "ctr_local_capital_within_limit", "ctr_local_non_dependant_deductions"):
        assert c.step(name).legislation == doc, name
    links = [href for _title, href in c.step("ctr_local_award").citations()]
    assert doc in links


def test_universal_credit_claimants_are_assessed_under_the_default_scheme_paragraph():
    c = Calc(household(), ON)
    c("ctr_local_award")
    assert c.step("ctr_local_applicable_amount").legislation.endswith("uksi/2012/2886/schedule/1/paragraph/37")


def test_the_trace_says_which_band_and_table_applied():
    c = Calc(household("barking-and-dagenham", band="C", annual="1825", children=[{"age": 4}]), ON)
    assert c("ctr_local_band_discount") == Decimal("0.63")
    assert "table for single people with 1 child" in " ".join(c.step("ctr_local_band_discount").notes)


def test_the_dispatcher_uses_the_local_scheme_for_working_age_claimants_in_england():
    c = Calc(household(), ON)
    assert c("ctr_award") == c("ctr_local_award") == Decimal("33.60")


def test_a_home_outside_england_is_not_given_a_council_scheme():
    c = Calc(household(home={"country": "wales"}), ON)
    with pytest.raises(CannotCalculate, match="homes in England"):
        c("ctr_local_award")


def test_a_capped_scheme_needs_the_band():
    h = Household.model_validate({"claimant": {"age": 30}, "home": {
        "tenure": "owner", "council": "stockport", "council_tax": {"amount": "1825", "period": "year"}}})
    with pytest.raises(CannotCalculate, match="band A, so we need your home's council tax band"):
        Calc(h, ON)("ctr_local_award")


def test_a_scheme_without_a_cap_does_not_need_the_band():
    h = Household.model_validate({"claimant": {"age": 30}, "home": {
        "tenure": "owner", "council": "sefton", "council_tax": {"amount": "1825", "period": "year"}}})
    assert Calc(h, ON)("ctr_local_award") == Decimal("29.40")


def test_the_award_is_decimal_and_in_pennies():
    award = Calc(household(band="F", annual="2555"), ON)("ctr_local_award")
    assert isinstance(award, Decimal)
    assert award == award.quantize(Decimal("0.01"))


def test_couples_and_single_people_use_different_tables():
    single = Calc(household("bath-and-north-east-somerset"), ON)
    couple = Calc(household("bath-and-north-east-somerset", partner={"age": 30}), ON)
    # a couple's UC (£153.92 a week) would be in the second single band but is in the first couple band
    assert couple("ctr_local_banded_income") == Decimal("153.92")
    assert couple("ctr_local_band_discount") == Decimal("1")
    assert single("ctr_local_band_discount") == Decimal("1")


COUNCILS = ["demo", "stockport", "sefton", "barking-and-dagenham", "bath-and-north-east-somerset", "oxford"]


@settings(max_examples=40, deadline=None)
@given(council=st.sampled_from(COUNCILS), pay=st.integers(min_value=0, max_value=600),
       band=st.sampled_from("ABCDEFGH"), annual=st.integers(min_value=800, max_value=4000))
def test_the_award_is_never_more_than_the_bill_and_never_negative(council, pay, band, annual):
    jobs = [{"gross_pay": {"amount": str(pay), "period": "week"}, "hours_per_week": "20"}] if pay else []
    h = Household.model_validate({"claimant": {"age": 30, "jobs": jobs}, "home": {
        "tenure": "owner", "council": council, "council_tax_band": band,
        "council_tax": {"amount": str(annual), "period": "year"}}})
    c = Calc(h, ON, trace=False)
    try:
        award = c("ctr_local_award")
    except CannotCalculate:
        return   # e.g. a banded scheme only for UC claimants, when the pay ends UC
    assert Decimal(0) <= award <= c("ctr_weekly_council_tax") + Decimal("0.005")


@settings(max_examples=25, deadline=None)
@given(council=st.sampled_from(COUNCILS), pay=st.integers(min_value=0, max_value=500))
def test_more_pay_never_means_more_support(council, pay):
    def award(weekly):
        jobs = [{"gross_pay": {"amount": str(weekly), "period": "week"}, "hours_per_week": "20"}] if weekly else []
        h = Household.model_validate({"claimant": {"age": 30, "jobs": jobs}, "home": {
            "tenure": "owner", "council": council, "council_tax_band": "B",
            "council_tax": {"amount": "1825", "period": "year"}}})
        try:
            return Calc(h, ON, trace=False)("ctr_local_award")
        except CannotCalculate:
            return None
    lower, higher = award(pay), award(pay + 25)
    if lower is not None and higher is not None:
        assert higher <= lower
