"""Child Benefit and the charge: cases that read better as code."""

from datetime import date
from decimal import Decimal

import calculators  # noqa: F401
from calculators import Household
from calculators.core.calc import OUTPUTS, Calc

D = Decimal


def _calc(on=date(2026, 6, 1), **h):
    return Calc(Household.model_validate(h), on)


def test_no_recourse_to_public_funds_means_no_child_benefit():
    c = _calc(claimant={"age": 30}, children=[{"age": 2}], no_recourse_to_public_funds=True)
    assert c("cb_child_benefit") == 0
    assert "public fund" in c.step("cb_child_benefit").notes[0]


def test_child_age_from_date_of_birth():
    c = _calc(on=date(2026, 6, 1), claimant={"age": 40}, children=[{"date_of_birth": "2010-06-02"}])
    assert c("cb_qualifying_children") == 1  # still 15
    c = _calc(on=date(2026, 6, 2), claimant={"age": 40}, children=[{"date_of_birth": "2010-06-02", "in_education": False}])
    assert c("cb_qualifying_children") == 0  # 16 today, left education


def test_charge_for_a_single_high_earner_is_explained():
    c = _calc(claimant={"age": 40, "jobs": [{"gross_pay": {"amount": "70000", "period": "year"}, "hours_per_week": "37"}]},
              children=[{"age": 1}])
    assert c("cb_hicbc") == D("703.00")  # 27.05 x 52 = 1,406.60 -> £1,406 (s. 681C(3)); x 50% = £703
    assert "50%" in c.step("cb_hicbc").notes[0]


def test_equal_incomes_charge_one_partner_once():
    job = [{"gross_pay": {"amount": "70000", "period": "year"}, "hours_per_week": "37"}]
    c = _calc(claimant={"age": 40, "jobs": job}, partner={"age": 40, "jobs": job}, children=[{"age": 1}])
    assert c("cb_hicbc_payer") == "claimant"
    assert c("cb_hicbc") == D("703.00")


def test_child_benefit_is_registered_with_its_claim_link():
    out = OUTPUTS["child_benefit"]
    assert (out.amount, out.kind, out.claim_url) == ("cb_child_benefit", "benefit", "https://www.gov.uk/child-benefit/how-to-claim")
    assert OUTPUTS["scottish_child_payment"].amount == "scp_award"


def test_charge_rounds_the_child_benefit_and_the_charge_down_to_whole_pounds():
    # ITEPA 2003 s. 681C(3): the year's Child Benefit, the charge and the percentage are each rounded down.
    # Adjusted net income £65,412: (65,412 - 60,000) / 200 = 27.06 -> 27%.
    # Child Benefit (27.05 + 17.90) x 52 = 2,337.40 -> £2,337; 27% of £2,337 = 630.99 -> £630.
    # (Rounding to the penny instead would give 27% of 2,337.40 = 631.098 -> £631.09: 1.09 too much.)
    job = [{"gross_pay": {"amount": "5451", "period": "month"}, "hours_per_week": "37"}]
    c = _calc(claimant={"age": 36, "jobs": job}, children=[{"age": 3}, {"age": 7}])
    assert c("it_adjusted_net_income", person=c.household.claimant) == D("65412.00")
    assert c("cb_hicbc") == D("630.00")


def test_charge_rounds_down_even_just_below_a_whole_pound():
    # s. 681C(3): £80,000 -> 100% of £1,406 (27.05 x 52 = 1,406.60 rounded down) = £1,406.00, not £1,406.60
    job = [{"gross_pay": {"amount": "80000", "period": "year"}, "hours_per_week": "37"}]
    c = _calc(claimant={"age": 40, "jobs": job}, children=[{"age": 1}])
    assert c("cb_hicbc") == D("1406.00")
