"""A council profile can name any Broad Rental Market Area in England, Wales or Scotland, by its
official name, and a private renter there gets Universal Credit and Housing Benefit worked out."""

from datetime import date

import pytest
import yaml
from pydantic import ValidationError

import calculators
from app.council import CouncilProfile, official_brma_names
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators.rules.housing import brmas

ON = date(2026, 6, 1)
AREAS = sorted((info["name"], slug, info["nation"]) for slug, info in brmas().items())


def _profile_for(name: str, nation: str) -> CouncilProfile:
    data = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    data["country"] = nation
    other = next(n for n, _, nat in AREAS if nat == nation and n != name)
    # ZZ2 is split between this area and another, so the person would be asked to pick.
    data["brmas"] = [{"name": name, "postcode_districts": ["ZZ1", "ZZ2"]}, {"name": other, "postcode_districts": ["ZZ2"]}]
    return CouncilProfile.model_validate(data)


def _renter(age: int, brma: str, nation: str, rent: dict) -> calculators.Household:
    return calculators.Household.model_validate(
        {"claimant": {"age": age}, "home": {"tenure": "private_rent", "rent": rent, "brma": brma, "country": nation}}
    )


def test_every_official_name_is_offered():
    assert len(official_brma_names()) == 192
    assert official_brma_names()["Inner South East London"] == "inner-south-east-london"


@pytest.mark.parametrize("name, slug, nation", AREAS, ids=[a[1] for a in AREAS])
def test_a_profile_with_any_brma_works_for_a_private_renter(name, slug, nation):
    profile = _profile_for(name, nation)
    assert profile.brma_for_postcode("ZZ1 1AA") == slug
    other = profile.brmas[1].code
    assert other != slug and brmas()[other]["nation"] == nation
    assert profile.brmas_for_postcode("ZZ2 1AA") == [slug, other]
    assert profile.brma_for_postcode("ZZ2 1AA") is None  # a choice, never a guess

    working_age = calculators.calculate(_renter(30, profile.brma_for_postcode("ZZ1 1AA"), nation,
                                                {"amount": "700", "period": "month"}), ON)
    assert "Universal Credit" not in dict(working_age.not_worked_out), working_age.not_worked_out
    uc = working_age.item("universal_credit").amount
    assert uc is not None and uc > 0

    pension_age = calculators.calculate(_renter(75, slug, nation, {"amount": "150", "period": "week"}), ON)
    assert "Housing Benefit" not in dict(pension_age.not_worked_out), pension_age.not_worked_out
    hb = pension_age.item("housing_benefit").amount
    assert hb is not None and hb > 0


@pytest.mark.parametrize("typed, nearest", [
    ("Inner South-East London", "Inner South East London"),
    ("inner south east london", "Inner South East London"),
    ("Glasgow", "Greater Glasgow"),
    ("Tameside and Glossop", "Tameside & Glossop"),
    ("Cardif", "Cardiff"),
])
def test_an_unknown_brma_name_is_refused_naming_the_nearest_official_names(typed, nearest):
    data = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    data["brmas"].append({"name": typed, "postcode_districts": ["ZZ9"]})
    with pytest.raises(ValidationError, match="not the official name of a Broad Rental Market Area") as caught:
        CouncilProfile.model_validate(data)
    message = str(caught.value)
    assert repr(typed) in message
    assert nearest in message.split("the nearest are:")[1]


def test_a_brma_given_by_engine_code_is_refused():
    data = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    data["brmas"] = [{"code": "bath", "postcode_districts": ["BA1"]}]
    with pytest.raises(ValidationError):
        CouncilProfile.model_validate(data)


def test_a_brma_in_another_nation_is_refused():
    data = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    assert data["country"] == "england"
    data["brmas"].append({"name": "Cardiff", "postcode_districts": ["CF10"]})
    with pytest.raises(ValidationError, match=r"BRMAs outside England, where this council is: Cardiff \(Wales\)"):
        CouncilProfile.model_validate(data)
