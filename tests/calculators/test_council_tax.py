"""Council Tax with only the band known: the estimate, worked by hand from the Local Government Finance Act 1992.

band charge = Band D × N / D (s. 36(1)); N and D from the proportion in s. 5(1) England (6, 7, 8, 9, 11, 13, 15,
18), s. 5(1A) Wales (… 18, 21 for band I), s. 74(1) Scotland (240, 280, 320, 360, 473, 585, 705, 882 from
1 April 2017). Billing authorities set each band's amount in pounds and pence, so the band charge is rounded
to the penny (half up); the single person discount is 25% of it (s. 11(1)(a); Wales s. 11E from 1 April 2026;
Scotland s. 79(1)(a)), also to the penny. A resident is someone aged 18 or over (s. 6(5)).
"""

from datetime import date
from decimal import Decimal

import pytest

from calculators import calculate
from calculators.better_off import net_income
from calculators.core.calc import Calc, CannotCalculate
from calculators.core.household import Household
from calculators.core.money import pennies
from calculators.core.periods import WEEK
from calculators.result import result_to_dict

ON = date(2026, 6, 1)  # 2026-27


def home(**kw):
    return {"tenure": "owner", **kw}


def hh(claimant_age=40, partner_age=None, non_dependants=(), **home_kw):
    data = {"claimant": {"age": claimant_age}, "home": home(**home_kw),
            "non_dependants": [dict(n) for n in non_dependants]}
    if partner_age is not None:
        data["partner"] = {"age": partner_age}
    return Household.model_validate(data)


def calc(household, on=ON):
    return Calc(household, on, trace=True)


# --- the band's share of Band D (s. 36(1) and the proportions) ------------------------------------------


def test_england_band_b_from_stockports_published_band_d_one_adult():
    # Stockport 2026-27 area Band D £2,618.90 (MHCLG Table 10). Band B: s. 5(1) 7/9:
    # £2,618.90 × 7 ÷ 9 = £2,036.9222… → £2,036.92 (to the penny).
    # One adult: s. 11(1)(a) 25% of £2,036.92 = £509.23; bill £2,036.92 − £509.23 = £1,527.69.
    c = calc(hh(council="stockport", council_tax_band="B"))
    assert c("ct_band_d_charge") == Decimal("2618.90")
    assert c("ct_band_charge") == Decimal("2036.92")
    assert c("ct_single_person_discount") == Decimal("509.23")
    assert c("ct_annual_bill") == Decimal("1527.69")
    assert c("ct_bill_is_estimate") is True


def test_a_couple_gets_no_single_person_discount():
    # Two adults: no discount under s. 11(1); the bill is the band B charge, £2,036.92.
    c = calc(hh(partner_age=38, council="stockport", council_tax_band="B"))
    assert c("ct_adults_counted") == 2
    assert c("ct_single_person_discount") == 0
    assert c("ct_annual_bill") == Decimal("2036.92")


def test_the_published_band_d_changes_on_1_april():
    # Stockport area Band D: £2,475.31 for 2025-26, £2,618.90 for 2026-27 (MHCLG Table 10). Band D pays 9/9.
    couple = hh(partner_age=38, council="stockport", council_tax_band="D")
    assert calc(couple, date(2026, 3, 31))("ct_annual_bill") == Decimal("2475.31")
    assert calc(couple, date(2026, 4, 1))("ct_annual_bill") == Decimal("2618.90")


@pytest.mark.parametrize("band, expected", [
    # Band D £1,800.00 given by the caller; England s. 5(1): A 6/9 = £1,200.00, C 8/9 = £1,600.00,
    # E 11/9 = £2,200.00, H 18/9 = £3,600.00.
    ("A", "1200.00"), ("C", "1600.00"), ("E", "2200.00"), ("H", "3600.00"),
])
def test_england_bands_are_ninths_of_band_d(band, expected):
    c = calc(hh(partner_age=40, council_tax_band=band, band_d_charge="1800.00"))
    assert c("ct_band_charge") == Decimal(expected)


def test_wales_band_i_is_21_ninths_and_keeps_the_25_percent_discount_in_2025_26_and_2026_27():
    # Wales s. 5(1A): band I 21/9. £1,800.00 × 21 ÷ 9 = £4,200.00. One adult: 25% off (s. 11(1)(a) to
    # 31 March 2026, s. 11E and the 2026 Welsh regulations from 1 April 2026) = £1,050.00; bill £3,150.00.
    for on in (date(2026, 3, 31), date(2026, 4, 1)):
        c = calc(hh(country="wales", council_tax_band="I", band_d_charge="1800.00"), on)
        assert c("ct_band_charge") == Decimal("4200.00")
        assert c("ct_single_person_discount") == Decimal("1050.00")
        assert c("ct_annual_bill") == Decimal("3150.00")


def test_scotland_band_e_uses_the_2017_proportion():
    # s. 74(1) as substituted by SSI 2016/368: band E 473/360. £1,500.00 × 473 ÷ 360 = £1,970.8333… → £1,970.83.
    c = calc(hh(partner_age=40, country="scotland", council_tax_band="E", band_d_charge="1500.00"))
    assert c("ct_band_charge") == Decimal("1970.83")


def test_scotland_band_e_before_april_2017_was_440_360():
    # The 1993 proportion: band E 440/360 (= 11/9). £1,500.00 × 440 ÷ 360 = £1,833.333… → £1,833.33.
    c = calc(hh(partner_age=40, country="scotland", council_tax_band="E", band_d_charge="1500.00"), date(2017, 3, 31))
    assert c("ct_band_charge") == Decimal("1833.33")
    c = calc(hh(partner_age=40, country="scotland", council_tax_band="E", band_d_charge="1500.00"), date(2017, 4, 1))
    assert c("ct_band_charge") == Decimal("1970.83")


def test_scotland_bands_a_to_d_are_unchanged():
    # Band A 240/360: £1,500.00 × 240 ÷ 360 = £1,000.00; one adult, 25% off (s. 79(1)(a)): £750.00.
    c = calc(hh(country="scotland", council_tax_band="A", band_d_charge="1500.00"))
    assert c("ct_band_charge") == Decimal("1000.00")
    assert c("ct_annual_bill") == Decimal("750.00")


def test_the_discount_is_rounded_to_the_penny_half_up():
    # Band D £1,000.02, band D 9/9 = £1,000.02. 25% = £250.005 → £250.01 (half a penny up); bill £750.01.
    c = calc(hh(council_tax_band="D", band_d_charge="1000.02"))
    assert c("ct_single_person_discount") == Decimal("250.01")
    assert c("ct_annual_bill") == Decimal("750.01")


def test_the_band_charge_is_rounded_to_the_penny_half_up():
    # Scotland band E: £1.80 × 473 ÷ 360 = £2.365 exactly → £2.37 half up (banker's rounding would give £2.36).
    c = calc(hh(partner_age=40, country="scotland", council_tax_band="E", band_d_charge="1.80"))
    assert c("ct_band_charge") == Decimal("2.37")


# --- who counts: adults 18 or over living there (s. 6(5)) -------------------------------------------------


def test_a_17_year_old_does_not_count_but_an_18_year_old_does():
    # Band D £1,800.00, band D. With a 17-year-old, one adult: 25% off £1,800.00 = £450.00, bill £1,350.00.
    young = calc(hh(council_tax_band="D", band_d_charge="1800.00", non_dependants=[{"age": 17}]))
    assert young("ct_adults_counted") == 1
    assert young("ct_annual_bill") == Decimal("1350.00")
    # At 18 they are a resident: two adults, no discount, £1,800.00.
    adult = calc(hh(council_tax_band="D", band_d_charge="1800.00", non_dependants=[{"age": 18}]))
    assert adult("ct_adults_counted") == 2
    assert adult("ct_annual_bill") == Decimal("1800.00")


def test_someone_away_or_in_hospital_is_not_counted():
    # In prison or hospital they are disregarded (Sch. 1 paras. 1 and 6); living elsewhere they are not resident.
    c = calc(hh(council_tax_band="D", band_d_charge="1800.00", non_dependants=[{"age": 30, "away_or_in_hospital": True}]))
    assert c("ct_adults_counted") == 1
    assert c("ct_annual_bill") == Decimal("1350.00")


def test_a_joint_tenant_counts():
    c = calc(hh(council_tax_band="D", band_d_charge="1800.00", joint_tenants=1, tenure="private_rent"))
    assert c("ct_adults_counted") == 2
    assert c("ct_annual_bill") == Decimal("1800.00")


def test_students_are_counted_and_the_estimate_says_their_disregard_is_not_worked_out():
    # Sch. 1 para. 4 disregards full-time students; that is not worked out, and the step says so.
    c = calc(hh(council_tax_band="D", band_d_charge="1800.00", non_dependants=[{"age": 19, "student": True}]))
    assert c("ct_adults_counted") == 2
    assert any("students" in note for note in c.step("ct_adults_counted").notes)


# --- bill, band, or neither ------------------------------------------------------------------------------


def test_a_bill_given_is_used_as_it_is_and_is_not_an_estimate():
    c = calc(hh(council="stockport", council_tax_band="B", council_tax={"amount": "125", "period": "month"}))
    assert c("ct_annual_bill") == Decimal("1500")  # £125 × 12
    assert c("ct_bill_is_estimate") is False


def test_neither_bill_nor_band_asks_for_the_bill():
    c = calc(hh(council="stockport"))
    with pytest.raises(CannotCalculate) as raised:
        c("ct_annual_bill")
    assert raised.value.ask == "council_tax"


def test_a_band_without_any_band_d_figure_asks_for_the_bill():
    # The demo council's Band D is in its profile (the portal passes it in), not in the engine.
    c = calc(hh(council="demo", council_tax_band="B"))
    with pytest.raises(CannotCalculate) as raised:
        c("ct_annual_bill")
    assert raised.value.ask == "council_tax"


def test_the_results_say_the_bill_and_the_reduction_are_estimates():
    # Pensioner alone in band A, demo council, Band D £2,383.42 passed in (2026-27):
    # £2,383.42 × 6 ÷ 9 = £1,588.9466… → £1,588.95; 25% = £397.2375 → £397.24; bill £1,191.71.
    # CTR works by the day: £1,191.71 ÷ 365 × 7 = £22.8548… a week (SI 2012/2885 Sch. 1 para. 7).
    pensioner = hh(claimant_age=75, council_tax_band="A", band_d_charge="2383.42")
    c = calc(pensioner)
    assert c("ct_annual_bill") == Decimal("1191.71")
    assert pennies(c("ctr_weekly_council_tax")) == Decimal("22.85")
    result = calculate(pensioner, ON)
    assert result.item("council_tax").estimate and result.item("council_tax").yearly == Decimal("1191.71")
    assert result.item("council_tax_reduction").estimate
    items = {i["key"]: i for i in result_to_dict(result)["items"]}
    assert items["council_tax"]["estimate"] is True and items["council_tax_reduction"]["estimate"] is True


def test_a_bill_given_makes_nothing_an_estimate():
    result = calculate(hh(claimant_age=75, council_tax_band="A", council_tax={"amount": "1191.71", "period": "year"}), ON)
    assert not result.item("council_tax").estimate and not result.item("council_tax_reduction").estimate
    assert "estimate" not in {k for i in result_to_dict(result)["items"] for k in i}


def test_neither_bill_nor_band_is_said_in_the_results_not_shown_as_zero():
    result = calculate(hh(claimant_age=75), ON)
    assert result.item("council_tax").amount is None
    assert result.asks["Council Tax"] == "council_tax" and result.asks["Council Tax Reduction"] == "council_tax"


def test_net_income_takes_off_the_estimated_bill_and_says_it_is_an_estimate():
    # £1,191.71 a year ÷ 52 = £22.9175… → £22.92 a week shown.
    point = net_income(hh(claimant_age=75, council_tax_band="A", band_d_charge="2383.42"), ON, Decimal(0))
    assert point.council_tax == Decimal("22.92") and point.council_tax_yearly == Decimal("1191.71")
    assert point.council_tax_estimate is True


def test_net_income_without_bill_or_band_says_council_tax_was_not_worked_out():
    point = net_income(hh(claimant_age=75), ON, Decimal(0))
    assert point.council_tax is None and point.council_tax_estimate is False
    assert any(m.startswith("Council Tax: ") for m in point.not_worked_out)


def test_net_income_with_the_bill_given_uses_it():
    point = net_income(hh(claimant_age=75, council_tax={"amount": "1040", "period": "year"}), ON, Decimal(0))
    assert point.council_tax == Decimal("20.00") and point.council_tax_estimate is False  # £1,040 ÷ 52
    assert pennies(Calc(hh(claimant_age=75, council_tax={"amount": "1040", "period": "year"}), ON)("ct_annual_bill", period=WEEK)) == Decimal("20.00")


def test_a_band_d_of_nothing_is_refused_rather_than_estimating_a_bill_of_nothing():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="greater than 0"):
        hh(council_tax_band="B", band_d_charge="0")
