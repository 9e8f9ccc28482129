"""Income tax rules that YAML cases do not show well: band arithmetic, the taper's shape, registration."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import calculators  # noqa: F401  (registers the rules)
from calculators import Household
from calculators.core.calc import OUTPUTS, Calc
from calculators.rules.income_tax import income_tax_for, tax_year_start

D = Decimal


def _calc(country="england", on=date(2026, 6, 1), **claimant):
    claimant.setdefault("age", 40)
    h = Household.model_validate({"claimant": claimant, "home": {"tenure": "owner", "country": country}})
    return Calc(h, on), h.claimant


def _salary(amount, country="england", on=date(2026, 6, 1)):
    return _calc(country, on, jobs=[{"gross_pay": {"amount": str(amount), "period": "year"}, "hours_per_week": "37"}])


def test_tax_year_starts_on_6_april():
    assert tax_year_start(date(2026, 4, 5)) == date(2025, 4, 6)
    assert tax_year_start(date(2026, 4, 6)) == date(2026, 4, 6)
    assert tax_year_start(date(2027, 1, 1)) == date(2026, 4, 6)


def test_personal_allowance_never_below_nil():
    c, p = _salary(1_000_000)
    assert c("it_personal_allowance", person=p) == 0


def test_allowance_taper_gives_a_60_percent_marginal_rate_between_100k_and_125140():
    low, p1 = _salary(110_000)
    high, p2 = _salary(110_100)
    assert high("it_income_tax", person=p2) - low("it_income_tax", person=p1) == D("60.00")


def test_scottish_taper_marginal_rate_is_67_5_percent_in_the_advanced_band():
    low, p1 = _salary(110_000, "scotland")
    high, p2 = _salary(110_100, "scotland")
    assert high("it_income_tax", person=p2) - low("it_income_tax", person=p1) == D("67.50")


def test_scottish_tax_differs_from_england_at_the_same_income():
    eng, p1 = _salary(30_000)
    sco, p2 = _salary(30_000, "scotland")
    assert eng("it_income_tax", person=p1) == D("3486.00")
    assert sco("it_income_tax", person=p2) == D("3451.07")


@settings(max_examples=200, deadline=None)
@given(
    income=st.integers(min_value=0, max_value=300_000),
    country=st.sampled_from(["england", "scotland"]),
    on=st.sampled_from([date(2025, 6, 1), date(2026, 6, 1)]),
)
def test_tax_rises_with_income_but_never_by_more_than_the_top_marginal_rate(income, country, on):
    c, _ = _calc(country, on)
    here, above = income_tax_for(c, D(income)), income_tax_for(c, D(income + 1))
    assert D(0) <= above - here <= D("0.675")


def test_income_tax_is_rounded_down_to_the_penny():
    # 12,570 + 0.03 taxable -> 0.006 of tax -> 0.00
    c, p = _salary("12570.03")
    assert c("it_income_tax", person=p) == D("0.00")


def test_pip_and_war_pension_are_not_income_but_state_pension_is():
    c, p = _calc(
        age=70,
        benefits=[
            {"kind": "state_pension", "amount": {"amount": "241.30", "period": "week"}},
            {"kind": "war_pension", "amount": {"amount": "100", "period": "week"}},
            {"kind": "attendance_allowance_higher", "amount": {"amount": "114.60", "period": "week"}},
        ],
    )
    assert c("it_total_income", person=p) == D("241.30") * 52


def test_other_income_is_explained_not_taxed():
    c, p = _calc(other_income={"amount": "100", "period": "week"})
    assert c("it_total_income", person=p) == 0
    assert any("other income" in note for note in c.step("it_total_income", p).notes)


def test_the_trace_cites_the_act_and_the_rates():
    c, p = _salary(60_000)
    c("it_income_tax", person=p)
    links = [href for _, href in c.step("it_income_tax", p).citations()]
    assert "https://www.legislation.gov.uk/ukpga/2007/3/section/23" in links
    assert "https://www.legislation.gov.uk/ukpga/2007/3/section/35" in links


def test_income_tax_and_nics_are_shown_as_deductions():
    assert OUTPUTS["income_tax"].kind == "deduction"
    assert OUTPUTS["income_tax"].amount == "it_income_tax_total"
    assert OUTPUTS["national_insurance"].kind == "deduction"
    assert OUTPUTS["high_income_child_benefit_charge"].kind == "deduction"
