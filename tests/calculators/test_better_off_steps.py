"""Each step in the better-off sweep that comes from a rule is named, found from the engine's own decisions
at each point (not from a list of hours)."""

from datetime import date
from decimal import Decimal

from calculators.better_off import JobOffer, better_off, better_off_to_dict
from calculators.core.household import Household

D = Decimal
ON = date(2026, 6, 1)
NLW = JobOffer(hourly_wage=D("12.71"), hours_per_week=D("20"))


def capped_family() -> Household:
    # A lone parent of three, rent £250 a week, no work: UC (£424.90 + £303.94 x 3 + rent £1,083.33) and
    # Child Benefit come to more than the £1,835.00 a month cap for a family outside London (reg. 80A:
    # £22,020 / 12), so UC is capped out of work.
    return Household.model_validate({
        "claimant": {"age": 35},
        "children": [{"age": 3}, {"age": 5}, {"age": 7}],
        "home": {"tenure": "social_rent", "rent": {"amount": "250", "period": "week"}, "bedrooms": 2},
        "uc_claim_start": "2026-05-01",
    })


def _steps(result, key):
    return [s for s in result.steps if s.key == key]


def test_the_benefit_cap_lifting_at_16_hours_is_named():
    # reg. 82(1)(a): 16 x £12.71 (NLW 2026) x 52 / 12 = £881.2266.. -> £881 a month (reg. 6(1A)(za)).
    # 15 hours: £190.65 a week x 52 / 12 = £826.15 take-home (no tax or NI), under it: still capped.
    # 16 hours: £203.36 a week x 52 / 12 = £881.23, above it: exempt, so the cap stops applying.
    result = better_off(capped_family(), ON, NLW)
    at = {p.hours: p for p in result.sweep}
    assert at[D(15)].outcomes["uc_benefit_cap"].on and not at[D(16)].outcomes["uc_benefit_cap"].on
    cap = _steps(result, "uc_benefit_cap")
    assert [s.hours for s in cap] == [D(16)]
    assert "The benefit cap stops applying" in cap[0].text and "£881.00 a month" in cap[0].text
    assert "reg. 82(1)(a)" in cap[0].text
    assert cap[0].legislation == "https://www.legislation.gov.uk/uksi/2013/376/regulation/83"
    # and that is where Universal Credit jumps
    assert at[D(16)].benefits["universal_credit"] > at[D(15)].benefits["universal_credit"]


def test_income_tax_and_national_insurance_thresholds_are_named_where_they_are_crossed():
    # ITA 2007 s. 35: personal allowance £12,570. 19 hours: £241.49 x 52 = £12,557.48, no tax;
    # 20 hours: £254.20 x 52 = £13,218.40, tax. NI primary threshold £12,570 / 52 = £241.73 -> £242 a week
    # (rounded up): £241.49 pays none, £254.20 pays some.
    result = better_off(capped_family(), ON, NLW)
    assert [s.hours for s in _steps(result, "income_tax:claimant")] == [D(20)]
    assert "Income Tax starts" in _steps(result, "income_tax:claimant")[0].text
    assert [s.hours for s in _steps(result, "national_insurance:claimant")] == [D(20)]


def test_the_higher_rate_threshold_is_named():
    # ITA 2007 s. 10: 40% above £37,700 of taxable income, £50,270 with the allowance. At £30 an hour:
    # 32 hours, £960 x 52 = £49,920; 33 hours, £990 x 52 = £51,480.
    single = Household.model_validate({"claimant": {"age": 40}, "uc_claim_start": "2026-05-01"})
    result = better_off(single, ON, JobOffer(hourly_wage=D("30"), hours_per_week=D("35")))
    higher = [s for s in _steps(result, "income_tax:claimant") if "40%" in s.text]
    assert [s.hours for s in higher] == [D(33)]
    assert "£50,270 a year" in higher[0].text and "40%" in higher[0].text


def test_the_work_allowance_being_used_up_is_named():
    # reg. 22(2): £427.00 a month work allowance with housing costs (2026-27). 7 hours: £88.97 a week x 52 / 12
    # = £385.54; 8 hours: £101.68 x 52 / 12 = £440.61, over it.
    result = better_off(capped_family(), ON, NLW)
    assert [s.hours for s in _steps(result, "uc_work_allowance")] == [D(8)]


def test_a_passported_benefit_lost_is_named_with_how_it_was_had():
    # Healthy Start (SI 2005/3262 reg. 3): UC take-home pay of £408 a month or less, with a child under 4.
    # 7 hours: £385.54 qualifies; 8 hours: £440.61 does not.
    result = better_off(capped_family(), ON, NLW)
    lost = _steps(result, "passport:healthy_start")
    assert [s.hours for s in lost] == [D(8)]
    assert lost[0].text.startswith("You may no longer get Healthy Start") and "£385.54 a month" in lost[0].text


def test_steps_are_in_the_json():
    result = better_off(capped_family(), ON, NLW)
    cap = [s for s in better_off_to_dict(result)["steps"] if s["key"] == "uc_benefit_cap"]
    assert cap == [{"hours": "16", "key": "uc_benefit_cap", "text": _steps(result, "uc_benefit_cap")[0].text,
                    "legislation": "https://www.legislation.gov.uk/uksi/2013/376/regulation/83"}]


def _households():
    base = {"uc_claim_start": "2026-05-01"}
    yield capped_family()
    yield Household.model_validate({**base, "claimant": {"age": 30, "pregnant": True},
                                    "home": {"tenure": "private_rent", "rent": {"amount": "600", "period": "month"},
                                             "bedrooms": 1, "brma": "bristol"}})
    yield Household.model_validate({**base, "claimant": {"age": 41}, "partner": {"age": 39},
                                    "children": [{"age": 1}, {"age": 6}, {"age": 12}],
                                    "childcare_costs": {"amount": "300", "period": "month"},
                                    "home": {"tenure": "social_rent", "rent": {"amount": "120", "period": "week"},
                                             "bedrooms": 3, "council_tax": {"amount": "1400", "period": "year"}}})
    yield Household.model_validate({**base, "claimant": {"age": 58, "limited_capability": "lcw"},
                                    "children": [{"age": 2}],
                                    "home": {"tenure": "social_rent", "rent": {"amount": "95", "period": "week"},
                                             "bedrooms": 2}})


def test_looking_at_passported_help_at_some_points_finds_every_change(monkeypatch):
    # Passported help is looked at every few points and between any two that differ (it can change only
    # once while the same benefits are received); the steps must be those of looking at every point.
    import calculators.better_off as module

    passport_steps = 0
    for wage in ("12.71", "9.00", "16.50"):
        offer = JobOffer(hourly_wage=D(wage), hours_per_week=D("20"))
        for household in _households():
            sampled = better_off(household, ON, offer).steps
            monkeypatch.setattr(module, "_PASSPORT_STRIDE", 1)
            every = better_off(household, ON, offer).steps
            monkeypatch.undo()
            assert sampled == every
            passport_steps += sum(s.key.startswith("passport:") for s in every)
    assert passport_steps >= 6  # the comparison covers real changes, not only sweeps where nothing changes
