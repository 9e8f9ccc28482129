"""Passported help. Other schemes' awards (uc_award, uc_earned_income, pc_*, hb_award, ctr_award) are
seeded, so these tests check only the passport rules and their thresholds."""

from datetime import date
from decimal import Decimal

import pytest

import calculators  # noqa: F401
from calculators import CannotCalculate, Household
from calculators.core.calc import PASSPORTS, Calc

D = Decimal
NOTHING = {"uc_award": D(0), "pc_guarantee_credit": D(0), "pc_award": D(0), "pc_savings_credit": D(0),
           "hb_award": D(0), "ctr_award": D(0)}


def _calc(household: dict, on=date(2026, 6, 1), **seed) -> Calc:
    household.setdefault("claimant", {"age": 35})
    c = Calc(Household.model_validate(household), on, trace=False)
    for name, value in {**NOTHING, **seed}.items():
        if not isinstance(value, CannotCalculate):
            value = D(value)
        c._values[(name, None)] = value
    return c


def _home(country):
    return {"tenure": "social_rent", "country": country}


# Free school meals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("earnings", "qualifies"), [("616.67", True), ("616.68", False)])
def test_fsm_england_uc_earnings_limit_before_september_2026(earnings, qualifies):
    c = _calc({"children": [{"age": 10}], "home": _home("england")}, date(2026, 6, 1),
              uc_award="500", uc_earned_income=earnings)
    reason = c("fsm_reason")
    assert (reason is not None) == qualifies
    if qualifies:
        assert "£616.67" in reason and "Universal Credit" in reason


def test_fsm_england_every_uc_household_from_september_2026():
    c = _calc({"children": [{"age": 10}], "home": _home("england")}, date(2026, 9, 1),
              uc_award="50", uc_earned_income="2500")
    assert "whatever you earn" in c("fsm_reason")


def test_fsm_england_limit_still_applies_on_31_august_2026():
    c = _calc({"children": [{"age": 10}], "home": _home("england")}, date(2026, 8, 31),
              uc_award="50", uc_earned_income="2500")
    assert c("fsm_reason") is None


@pytest.mark.parametrize(("earnings", "qualifies"), [("850", True), ("850.01", False)])
def test_fsm_scotland_uc_earnings_limit(earnings, qualifies):
    c = _calc({"children": [{"age": 12}], "home": _home("scotland")}, uc_award="300", uc_earned_income=earnings)
    assert (c("fsm_reason") is not None) == qualifies


def test_fsm_universal_infant_meals_in_england():
    c = _calc({"children": [{"age": 5}], "home": _home("england")})
    assert "reception, year 1 and year 2" in c("fsm_reason")


def test_fsm_every_primary_child_in_wales():
    c = _calc({"children": [{"age": 9}], "home": _home("wales")})
    assert "primary school child in Wales" in c("fsm_reason")


def test_fsm_pension_credit_guarantee():
    c = _calc({"children": [{"age": 14}], "home": _home("england")}, pc_guarantee_credit="20")
    assert "Pension Credit" in c("fsm_reason")


def test_fsm_needs_a_school_age_child():
    assert _calc({"children": [{"age": 2}]}, uc_award="800", uc_earned_income="0")("fsm_reason") is None


def test_fsm_cannot_say_when_uc_cannot_be_worked_out():
    c = _calc({"children": [{"age": 12}]}, uc_award=CannotCalculate("we can't work out Universal Credit because X"))
    with pytest.raises(CannotCalculate):
        c("fsm_reason")


# Healthy Start / Best Start Foods -------------------------------------------------------------------------

@pytest.mark.parametrize(("earnings", "qualifies"), [("408", True), ("408.01", False)])
def test_healthy_start_uc_take_home_pay_limit(earnings, qualifies):
    c = _calc({"children": [{"age": 3}], "home": _home("england")}, uc_award="600", uc_earned_income=earnings)
    assert (c("healthy_start_reason") is not None) == qualifies


def test_healthy_start_needs_a_child_under_4_or_pregnancy():
    c = _calc({"children": [{"age": 4}], "home": _home("england")}, uc_award="600", uc_earned_income="0")
    assert c("healthy_start_reason") is None
    c = _calc({"claimant": {"age": 25, "pregnant": True}, "home": _home("wales")}, uc_award="600", uc_earned_income="0")
    assert "pregnant" in c("healthy_start_reason")


def test_healthy_start_pregnant_under_18_needs_no_benefit():
    c = _calc({"claimant": {"age": 17, "pregnant": True}, "home": _home("england")})
    assert "under 18" in c("healthy_start_reason")


def test_best_start_foods_in_scotland_has_no_income_limit_and_child_under_3():
    c = _calc({"children": [{"age": 2}], "home": _home("scotland")}, uc_award="100", uc_earned_income="2000")
    assert "Best Start Foods" in c("healthy_start_reason")
    c = _calc({"children": [{"age": 3}], "home": _home("scotland")}, uc_award="100", uc_earned_income="0")
    assert c("healthy_start_reason") is None


def test_best_start_foods_with_housing_benefit():
    c = _calc({"claimant": {"age": 30, "pregnant": True}, "home": _home("scotland")}, hb_award="80")
    assert "Housing Benefit" in c("healthy_start_reason")


# NHS health costs -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("earnings", "qualifies"), [("435", True), ("435.01", False)])
def test_nhs_uc_limit_without_children(earnings, qualifies):
    c = _calc({"home": _home("england")}, uc_award="300", uc_earned_income=earnings)
    assert (c("nhs_health_costs_reason") is not None) == qualifies


@pytest.mark.parametrize(("earnings", "qualifies"), [("935", True), ("935.01", False)])
def test_nhs_uc_higher_limit_with_a_child(earnings, qualifies):
    c = _calc({"children": [{"age": 8}], "home": _home("england")}, uc_award="300", uc_earned_income=earnings)
    assert (c("nhs_health_costs_reason") is not None) == qualifies


def test_nhs_higher_limit_with_limited_capability_for_work():
    c = _calc({"claimant": {"age": 50, "limited_capability": "lcwra"}}, uc_award="300", uc_earned_income="900")
    assert "£935" in c("nhs_health_costs_reason")


def test_nhs_in_scotland_says_prescriptions_are_free_anyway():
    c = _calc({"home": _home("scotland")}, uc_award="300", uc_earned_income="0")
    assert "prescriptions are free for everyone in Scotland" in c("nhs_health_costs_reason")


def test_nhs_pension_credit_guarantee():
    c = _calc({"claimant": {"age": 75}}, pc_guarantee_credit="40")
    assert "guarantee credit" in c("nhs_health_costs_reason")


# Warm Home Discount and social tariffs ----------------------------------------------------------------------

def test_whd_core_group_1_pension_credit_guarantee():
    c = _calc({"claimant": {"age": 75}}, pc_guarantee_credit="40")
    assert "core group 1" in c("warm_home_discount_reason")


def test_whd_core_group_2_any_means_tested_benefit_in_england_and_wales():
    c = _calc({"home": _home("wales")}, uc_award="50", uc_earned_income="2000")
    assert "core group 2" in c("warm_home_discount_reason")
    c = _calc({"claimant": {"age": 75}}, hb_award="60")
    assert "Housing Benefit" in c("warm_home_discount_reason")


def test_whd_broader_group_in_scotland():
    c = _calc({"home": _home("scotland")}, uc_award="50")
    assert "broader group" in c("warm_home_discount_reason")


def test_whd_council_tax_reduction_alone_does_not_qualify():
    assert _calc({}, ctr_award="5")("warm_home_discount_reason") is None


def test_nothing_when_no_means_tested_benefit():
    c = _calc({"children": [{"age": 12}], "home": _home("england")})
    for key in ("fsm_reason", "healthy_start_reason", "nhs_health_costs_reason", "warm_home_discount_reason",
                "broadband_social_tariff_reason", "water_social_tariff_reason"):
        assert c(key) is None, key


def test_broadband_social_tariff_for_pip():
    c = _calc({"claimant": {"age": 30, "benefits": [{"kind": "pip_mobility_standard",
                                                      "amount": {"amount": "30.30", "period": "week"}}]}})
    assert "PIP" in c("broadband_social_tariff_reason")


def test_water_social_tariff_and_watersure_with_three_children():
    c = _calc({"children": [{"age": 1}, {"age": 4}, {"age": 9}]}, uc_award="900")
    reason = c("water_social_tariff_reason")
    assert "social tariff" in reason and "WaterSure" in reason


def test_water_in_scotland_comes_with_council_tax_reduction():
    assert "water and sewerage" in _calc({"home": _home("scotland")}, ctr_award="10")("water_social_tariff_reason")
    assert _calc({"home": _home("scotland")}, uc_award="100")("water_social_tariff_reason") is None


def test_household_flags_are_used_without_working_out_the_award():
    c = _calc({"children": [{"age": 5}], "home": _home("scotland"), "gets_universal_credit": True},
              uc_award=CannotCalculate("should not be asked"))
    assert c("scp_award") == D("28.20")


def test_every_passport_is_registered_with_a_reason_rule():
    assert {"free_school_meals", "healthy_start", "nhs_health_costs", "warm_home_discount",
            "broadband_social_tariff", "water_social_tariff"} <= set(PASSPORTS)


def test_one_route_that_cannot_be_worked_out_does_not_hide_another_that_applies():
    c = _calc({"home": _home("england")}, pc_guarantee_credit=CannotCalculate("we can't work out Pension Credit"),
              uc_award="300", uc_earned_income="100")
    assert "Universal Credit" in c("nhs_health_costs_reason")
    assert "core group 2" in c("warm_home_discount_reason")
