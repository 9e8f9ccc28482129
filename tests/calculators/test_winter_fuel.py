"""The winter payment in net income ("better off"): a yearly lump sum as its weekly equivalent, and taken back
through tax over £35,000 (ITEPA 2003 s. 681I)."""

from datetime import date
from decimal import Decimal

from calculators.better_off import net_income
from calculators.core.household import Household


def pensioner(pension: str) -> Household:
    return Household.model_validate({
        "claimant": {"date_of_birth": "1950-01-01", "private_pension": {"amount": pension, "period": "year"}},
    })


def test_winter_payment_counts_as_its_weekly_equivalent_in_net_income():
    # SI 2025/969 reg. 3(1): £200 a year; £200 / 52 = £3.846 -> £3.85 a week. Income £20,000: not taken back.
    point = net_income(pensioner("20000"), date(2025, 10, 1), Decimal(0))
    assert point.benefits["winter_fuel_payment"] == Decimal("3.85")
    # tax: (£20,000 - £12,570) x 20% = £1,486.00 a year = £28.5769 a week -> £28.58; nothing taken back
    assert point.income_tax == Decimal("28.58")


def test_winter_payment_over_the_threshold_is_taken_back_with_the_tax():
    # s. 681I: total income £40,000 > £35,000, no relevant benefit: £200 charged.
    # tax: (£40,000 - £12,570) x 20% = £5,486.00; + £200 = £5,686.00 a year / 52 = £109.346 -> £109.35
    point = net_income(pensioner("40000"), date(2025, 10, 1), Decimal(0))
    assert point.benefits["winter_fuel_payment"] == Decimal("3.85")
    assert point.income_tax == Decimal("109.35")
    # net: £40,000 / 52 = £769.2308 - £109.3462 + £3.85 (the payment, rounded) = £663.73
    assert point.net_income_before_housing_costs == Decimal("663.73")


def test_when_the_payment_turns_on_pension_credit_that_cannot_be_worked_out_it_asks_what_pension_credit_needs():
    # Born 1952 (State Pension age before 6 April 2016 turns on sex), income £216.45 a week: savings credit £10.91
    # if it applies, so Pension Credit cannot be worked out. Living with another adult of 70 (also entitled): on
    # Pension Credit £200 (reg. 3(1)), without it a share of £100 (reg. 3(2)) - the amount turns on it.
    from calculators import calculate

    household = Household.model_validate({
        "claimant": {"date_of_birth": "1952-01-01", "private_pension": {"amount": "40.00"},
                     "benefits": [{"kind": "state_pension", "amount": {"amount": "176.45"}}]},
        "non_dependants": [{"age": 70}],
    })
    result = calculate(household, date(2025, 10, 1))
    label = result.item("winter_fuel_payment").label
    assert result.item("winter_fuel_payment").amount is None
    assert result.asks[label] == "pension_age_before_april_2016"
    answered = household.model_copy(update={"claimant": household.claimant.model_copy(
        update={"reached_pension_age_before_april_2016": True})})
    assert calculate(answered, date(2025, 10, 1)).item("winter_fuel_payment").amount == Decimal("200")
