"""The check's services: fields, the route through the pages, the area, the household, kept results, better off."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from starlette.datastructures import FormData

from app.council import Brma, load_profile
from app.services import saved_results as saved
from app.services.better_off_page import better_off_view, read_offer
from app.services.check import CHECK_ANSWERS, CheckContext, Journey, NotReady, brma_choices, household_from_answers
from app.services.check.fields import DateField, MoneyField, CheckboxesField, Option
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators.core.household import Child, Home, Household, Person
from tests.app.check_helpers import DISABLED_WITH_CARER, HOUSEHOLDS, PENSIONER_COUPLE, SINGLE_RENTER

TODAY = date(2026, 11, 29)
COUNCIL = load_profile(DEFAULT_COUNCIL_PROFILE)
CONTEXT = CheckContext(COUNCIL, TODAY)


def _form(data) -> FormData:  # noqa: ANN001
    return FormData(list(data.items()) if isinstance(data, dict) else list(data))


def answered(plan) -> dict:  # noqa: ANN001
    journey = Journey(CONTEXT, {})
    while (slug := journey.where_to_go()) != CHECK_ANSWERS:
        bound = journey.bind(journey.page(slug), _form(plan[slug]))
        assert not bound.errors, (slug, bound.errors)
        journey.save(bound)
    return journey.answers


def test_money_is_read_exactly_with_its_period():
    field = MoneyField("rent", "Rent", error_name="your rent")
    assert field.parse(_form({"rent-amount": "£1,200.50", "rent-period": "month"})) == (
        {"amount": "1200.50", "period": "month"}, [])
    value, errors = field.parse(_form({"rent-amount": "12.345", "rent-period": ""}))
    assert value is None and [e.target for e in errors] == ["rent-amount", "rent-period"]


def test_dates_follow_the_gov_uk_messages():
    field = DateField("you", "Date of birth", error_name="your date of birth")
    assert field.parse(_form({}))[1][0].message == "Enter your date of birth"
    assert field.parse(_form({"you-day": "1", "you-year": "1990"}))[1][0].message == "Date of birth must include a month"
    assert field.parse(_form({"you-day": "30", "you-month": "2", "you-year": "1990"}))[1][0].message == \
        "Date of birth must be a real date"
    assert field.parse(_form({"you-day": "1", "you-month": "1", "you-year": "2999"}))[1][0].message == \
        "Date of birth must be in the past"


def test_none_of_these_must_be_chosen_on_its_own():
    field = CheckboxesField("b", "B", options=[Option("a", "A"), Option("none", "None", exclusive=True)],
                            required_message="Select", exclusive_message="On its own")
    assert field.parse(_form([("b", "a"), ("b", "none")]))[1][0].message == "On its own"
    assert field.parse(_form([("b", "a")])) == (["a"], [])


def test_pages_apply_only_to_the_households_they_are_about():
    owner = Journey(CONTEXT, answered(PENSIONER_COUPLE))
    slugs = [p.slug for p in owner.sequence()]
    assert "rent" not in slugs and "pensions" in slugs and "uc-start" not in slugs
    renter = Journey(CONTEXT, answered(SINGLE_RENTER))
    assert "pensions" not in [p.slug for p in renter.sequence()]


def test_no_page_is_shown_before_the_pages_before_it_are_answered():
    journey = Journey(CONTEXT, {})
    assert journey.can_show("partner") and not journey.can_show("savings")
    journey = Journey(CONTEXT, answered(SINGLE_RENTER))
    assert journey.complete and journey.can_show("savings")


def test_a_changed_answer_that_adds_pages_sends_the_person_to_them():
    answers = answered(SINGLE_RENTER)
    answers["people"] = {"children": "1", "adults": "0"}
    journey = Journey(CONTEXT, answers)
    assert journey.where_to_go() == "children"
    assert journey.after("people") == "children"


def test_area_choice_for_an_unknown_postcode_or_a_split_district():
    assert brma_choices(COUNCIL, "BA2 3AA") == ["bath"]
    assert brma_choices(COUNCIL, None) == ["bath", "bristol"]
    split = COUNCIL.model_copy(update={"brmas": [Brma(name="Bath", postcode_districts=["BA1", "BS31"]),
                                                  Brma(name="Bristol", postcode_districts=["BS1", "BS31"])]})
    assert brma_choices(split, "BS31 1AA") == ["bath", "bristol"]


@pytest.mark.parametrize("name", list(HOUSEHOLDS))
def test_every_household_builds(name):
    built = household_from_answers(CONTEXT, answered(HOUSEHOLDS[name]))
    assert built.household.home.council == "demo"
    assert built.assumptions  # always at least where the home is


def test_the_single_renter_is_mapped_field_by_field():
    h = household_from_answers(CONTEXT, answered(SINGLE_RENTER)).household
    assert h.claimant.date_of_birth == date(1990, 2, 1)
    assert h.claimant.jobs[0].gross_pay.amount == Decimal("200.00") and h.claimant.jobs[0].hours_per_week == 16
    assert h.home.tenure == "private_rent" and h.home.brma == "bristol" and h.home.bedrooms == 1
    assert h.home.council_tax_band == "B" and h.home.council_tax.amount == Decimal("1500.00")
    assert h.capital == Decimal("500.00") and h.uc_claim_start == TODAY and h.partner is None


def test_disability_benefits_carer_and_claim_date_are_mapped():
    h = household_from_answers(CONTEXT, answered(DISABLED_WITH_CARER)).household
    assert [b.kind for b in h.claimant.benefits] == ["pip_daily_living_enhanced"]
    assert [b.kind for b in h.partner.benefits] == ["carers_allowance"]
    assert h.claimant.limited_capability == "lcwra" and h.partner.is_carer
    assert h.uc_claim_start < date(2026, 4, 6) and h.gets_universal_credit


def test_unfinished_answers_are_not_a_household():
    with pytest.raises(NotReady):
        household_from_answers(CONTEXT, {"partner": {"partner": "no"}})


def test_references_are_readable_and_typed_loosely():
    reference = saved.new_reference()
    assert len(reference) == 8 and set(reference) <= set(saved.REFERENCE_ALPHABET)
    assert saved.normalise_reference(saved.show_reference(reference).lower()) == reference
    assert saved.normalise_reference("OOOO IIII") is None


def test_a_kept_result_gives_the_household_for_the_claim(client, portal):
    from forms.hb_ctr import answers_from_household

    settings = portal.state.settings
    with portal.state.sessionmaker() as db:
        state = saved.CheckState(answers=answered(SINGLE_RENTER))
        reference = saved.keep_result(db, saved.sealer_for(settings), state)
        household = saved.household_for(db, settings, COUNCIL, saved.show_reference(reference), today=TODAY)
        assert household == household_from_answers(CONTEXT, state.answers).household
        prefill = answers_from_household(household)
        assert prefill["tenure"] == "private_rent" and prefill["date_of_birth"] == "1990-02-01"
        assert saved.household_for(db, settings, COUNCIL, "AAAA AAAA") is None


def test_answers_are_sealed_at_rest(client, portal):
    from app.models.saved_result import CheckSession

    settings = portal.state.settings
    with portal.state.sessionmaker() as db:
        saved.save_state(db, saved.sealer_for(settings), "a-session-id", saved.CheckState(answers={"x": {"y": "BS1 4DJ"}}))
        row = db.query(CheckSession).filter_by(session_key=saved.session_key("a-session-id")).one()
        assert b"BS1" not in row.state and "a-session-id" not in row.session_key
        assert saved.load_state(db, saved.sealer_for(settings), "a-session-id").answers == {"x": {"y": "BS1 4DJ"}}


def _family() -> Household:
    return Household(
        claimant=Person(date_of_birth=date(1990, 1, 1)),
        children=[Child(age=4, sex="male")],
        home=Home(tenure="social_rent", rent={"amount": "120", "period": "week"}, bedrooms=2,
                  council_tax={"amount": "1500", "period": "year"}, council_tax_band="B"),
        uc_claim_start=TODAY,
    )


def test_where_the_extra_pay_goes_adds_up_to_the_gain():
    offer = read_offer({"pay_type": "hourly", "wage": "12.71", "hours": "30", "travel-amount": "20",
                        "travel-period": "week", "childcare-amount": "50", "childcare-period": "week"}, _family())
    view = better_off_view(_family(), TODAY, offer.offer)
    assert view.extra_pay - sum(r.amount for r in view.reasons) == view.gain_per_week
    assert view.rows[-1].with_job - view.rows[-1].now == view.gain_per_week
    assert any("Universal Credit" in r.text for r in view.reasons)


def test_offer_errors_name_each_field():
    form = read_offer({"pay_type": "weekly", "wage": "", "hours": "0"}, _family())
    assert form.offer is None
    assert set(form.error_for) == {"pay_type", "hours"}
