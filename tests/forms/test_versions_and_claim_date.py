"""Drafts keep their version; a new version carries answers over; the claim date sentence."""

from datetime import date
from types import SimpleNamespace

import pytest
import yaml

from forms import FormRegistry, Journey, claim_date_sentence, claim_starts_from, send_by

from formkit import FACTS, TODAY, small_form_dict


@pytest.fixture
def registry(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    v1 = small_form_dict(1)
    (folder / "v1.yaml").write_text(yaml.safe_dump(v1, allow_unicode=True), encoding="utf-8")
    v2 = small_form_dict(2)
    # v2 renames 'name' to 'full_name' and asks about a partner with radios instead of yes/no
    v2["sections"][0]["pages"][0]["questions"][0]["id"] = "full_name"
    v2["sections"][0]["pages"][3]["questions"][0] = {
        "id": "living_with", "type": "radios", "label": "Who do you live with?", "error_name": "who you live with",
        "options": [{"value": "alone", "label": "Alone"}, {"value": "partner", "label": "My partner"}],
    }
    v2["sections"][0]["pages"][4]["condition"] = {"question": "living_with", "equals": "partner"}
    v2["carry_over"] = {"from_version": 1, "rename": {"name": "full_name", "has_partner": "living_with"},
                        "values": {"living_with": {True: "partner", False: "alone"}}, "drop": ["pension"]}
    (folder / "v2.yaml").write_text(yaml.safe_dump(v2, allow_unicode=True), encoding="utf-8")
    return FormRegistry(tmp_path, FACTS)


def test_new_drafts_start_on_the_latest_version(registry):
    assert registry.versions("demo") == [1, 2]
    draft = registry.start("demo", {"full_name": "Ann"})
    assert (draft.version, draft.answers) == (2, {"full_name": "Ann"})


def test_a_draft_on_v1_stays_on_v1(registry):
    claim = SimpleNamespace(form_id="demo", form_version=1, answers={"name": "Ann"})
    form = registry.definition_for(claim)
    assert form.version == 1
    j = Journey(form, claim.answers, today=TODAY)
    assert j.page("dob")  # v1's question ids still drive the journey
    assert j.check_answers("you")[0].key == "Name"


def test_carry_over_from_v1_to_v2(registry):
    v1_answers = {"name": "Ann", "dob": "1950-01-01", "pension": {"amount": "1.00", "period": "week"},
                  "has_partner": True, "partner_name": "Bo"}
    v2_answers = registry.upgrade(v1_answers, "demo", from_version=1, to_version=2)
    assert v2_answers == {"full_name": "Ann", "dob": "1950-01-01", "living_with": "partner", "partner_name": "Bo"}
    j = Journey(registry.get("demo", 2), v2_answers, today=TODAY)
    assert j.resume("you") == "pension"  # dropped, so asked again on v2
    assert [r.value for r in j.check_answers("you")][-2:] == ["My partner", "Bo"]


def test_carry_over_reaches_into_repeating_groups(registry, tmp_path):
    v3 = small_form_dict(3)
    v3["sections"][1]["pages"][1]["pages"][0]["questions"][0]["id"] = "employer_name"
    v3["sections"][1]["pages"][1]["item_name"] = "{employer_name}"
    v3["carry_over"] = {"from_version": 2, "rename": {"employer": "employer_name"}}
    (tmp_path / "demo" / "v3.yaml").write_text(yaml.safe_dump(v3, allow_unicode=True), encoding="utf-8")
    out = registry.upgrade({"jobs": [{"employer": "Tesco"}]}, "demo", from_version=2, to_version=3)
    assert out == {"jobs": [{"employer_name": "Tesco"}]}


def test_unknown_version(registry):
    with pytest.raises(LookupError):
        registry.get("demo", 9)


# ------------------------------------------------------------------ claim date


def test_claim_date_sentence():
    assert claim_date_sentence(date(2026, 11, 23)) == "If you send this by 23 December 2026, your claim can start from 23 November 2026."


@pytest.mark.parametrize(
    "first, deadline",
    [
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 8, 31), date(2026, 9, 30)),
    ],
)
def test_one_calendar_month(first, deadline):
    assert send_by(first) == deadline


def test_claim_starts_from_first_contact_only_if_sent_in_time():
    first = date(2026, 11, 23)
    assert claim_starts_from(first, date(2026, 12, 23)) == first
    assert claim_starts_from(first, date(2026, 12, 24)) == date(2026, 12, 24)


# ---------------------------------------------------------------- first contact: the earlier date, within the rules


def test_first_contact_is_the_start_when_there_was_no_earlier_contact():
    from forms import first_contact

    started = date(2026, 11, 23)
    assert first_contact(started, None, today=started) == started
    assert first_contact(started, started, today=started) == started  # the same day
    assert first_contact(started, date(2026, 11, 25), today=date(2026, 11, 29)) == started  # after starting: the start


def test_an_earlier_contact_within_a_month_is_the_first_contact():
    from forms import first_contact

    assert first_contact(date(2026, 11, 23), date(2026, 11, 2), today=date(2026, 11, 23)) == date(2026, 11, 2)
    # Exactly one month before the start counts; one day more does not.
    assert first_contact(date(2026, 11, 23), date(2026, 10, 23), today=date(2026, 11, 23)) == date(2026, 10, 23)
    assert first_contact(date(2026, 11, 23), date(2026, 10, 22), today=date(2026, 11, 23)) == date(2026, 11, 23)


def test_a_month_ending_early_is_a_calendar_month():
    from forms import first_contact

    # From 31 January 2027 the month ends on 28 February 2027 (not a leap year).
    assert first_contact(date(2027, 2, 28), date(2027, 1, 31), today=date(2027, 2, 28)) == date(2027, 1, 31)
    assert first_contact(date(2027, 3, 1), date(2027, 1, 31), today=date(2027, 3, 1)) == date(2027, 3, 1)
    # 2028 is a leap year: 31 January runs to 29 February.
    assert first_contact(date(2028, 2, 29), date(2028, 1, 31), today=date(2028, 2, 29)) == date(2028, 1, 31)
    # Across the year end.
    assert first_contact(date(2027, 1, 10), date(2026, 12, 10), today=date(2027, 1, 10)) == date(2026, 12, 10)
    assert first_contact(date(2027, 1, 11), date(2026, 12, 10), today=date(2027, 1, 11)) == date(2027, 1, 11)


def test_a_future_contact_date_is_never_used():
    from forms import first_contact

    # A draft started on the 23rd, read on the 20th of a clock set back, or a typo in the future.
    assert first_contact(date(2026, 11, 23), date(2026, 11, 21), today=date(2026, 11, 20)) == date(2026, 11, 23)
    assert first_contact(date(2026, 11, 23), date(2026, 11, 20), today=date(2026, 11, 20)) == date(2026, 11, 20)


def test_the_contact_question_is_asked_early_and_its_date_only_after_yes():
    from forms import default_registry

    form = default_registry().latest("hb_ctr")
    about_you = [p.slug for p in form.section("about_you").definition.pages]
    assert about_you[:3] == ["your-name", "contacted-us", "contacted-date"]
    journey = Journey(form, {"first_name": "Ann", "last_name": "Ok", "contacted_before": False}, today=date(2026, 11, 23))
    assert journey.after("contacted-us") == "date-of-birth"
    journey = Journey(form, {"first_name": "Ann", "last_name": "Ok", "contacted_before": True}, today=date(2026, 11, 23))
    assert journey.after("contacted-us") == "contacted-date"
    page = journey.page("contacted-date").bind({"first_contact_date-day": "30", "first_contact_date-month": "11", "first_contact_date-year": "2026"})
    assert page.errors and "today or in the past" in page.errors[0].message
