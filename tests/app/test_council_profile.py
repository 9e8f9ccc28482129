"""The council profile: every shipped one is valid, and the checks catch real mistakes."""

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from app.council import CouncilProfile, contrast_ratio, known_brmas, load_profile
from app.settings import DEFAULT_COUNCIL_PROFILE

SHIPPED = sorted(DEFAULT_COUNCIL_PROFILE.parent.glob("*.yaml"))


@pytest.fixture
def demo() -> dict:
    return yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text())


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_profile_is_valid(path: Path):
    profile = load_profile(path)
    assert profile.logo_svg.lstrip().startswith("<svg")
    assert contrast_ratio(profile.brand_colour, "#ffffff") >= 4.5
    assert {b.code for b in profile.brmas} <= known_brmas()


def test_the_demo_profile_maps_postcodes_to_the_engines_lha_areas():
    demo = load_profile(DEFAULT_COUNCIL_PROFILE)
    assert demo.name == "Demo Borough Council"
    assert [(b.name, b.code) for b in demo.brmas] == [("Bath", "bath"), ("Bristol", "bristol")]
    assert demo.brma_for_postcode("BA1 1AA") == "bath"
    assert demo.brma_for_postcode("ba2 4ef") == "bath"
    assert demo.brma_for_postcode("BS16 1QY") == "bristol"
    assert demo.brma_for_postcode("BS1 4DJ") == "bristol"
    assert demo.brma_for_postcode("BS14DJ") == "bristol"


def test_a_postcode_outside_the_council_has_no_brma():
    assert load_profile(DEFAULT_COUNCIL_PROFILE).brma_for_postcode("M1 1AE") is None


def test_a_brand_colour_too_light_for_white_text_is_refused(demo):
    demo["brand_colour"] = "#ffdd00"  # 1.4:1 against white
    with pytest.raises(ValidationError, match="contrast"):
        CouncilProfile.model_validate(demo)


def test_a_brand_colour_just_under_the_contrast_minimum_is_refused(demo):
    demo["brand_colour"] = "#777777"  # 4.48:1
    assert contrast_ratio("#777777", "#ffffff") < 4.5
    with pytest.raises(ValidationError, match="contrast"):
        CouncilProfile.model_validate(demo)


def test_a_brand_colour_just_over_the_contrast_minimum_is_accepted(demo):
    demo["brand_colour"] = "#767676"  # 4.54:1
    assert CouncilProfile.model_validate(demo).brand_colour == "#767676"


def test_a_brma_the_engine_does_not_know_is_refused(demo):
    demo["brmas"].append({"name": "Atlantis", "postcode_districts": ["AT1"]})
    with pytest.raises(ValidationError, match="'Atlantis' is not the official name"):
        CouncilProfile.model_validate(demo)


def test_a_postcode_district_split_between_two_brmas_is_accepted(demo):
    demo["brmas"][0]["postcode_districts"].append("BS1")
    profile = CouncilProfile.model_validate(demo)
    assert profile.brmas_for_postcode("BS1 4DJ") == ["bath", "bristol"]
    assert profile.brma_for_postcode("BS1 4DJ") is None  # a choice, never a guess


def test_the_demo_profile_has_one_split_district_between_bath_and_bristol():
    demo = load_profile(DEFAULT_COUNCIL_PROFILE)
    districts = [d for b in demo.brmas for d in b.postcode_districts]
    split = sorted({d for d in districts if districts.count(d) > 1})
    assert split == ["BS31"]
    assert demo.brmas_for_postcode("BS31 1AA") == ["bath", "bristol"]


def test_a_postcode_district_listed_twice_in_one_brma_is_refused(demo):
    demo["brmas"][0]["postcode_districts"].append(demo["brmas"][0]["postcode_districts"][0])
    with pytest.raises(ValidationError, match="listed twice in Bath: BA1"):
        CouncilProfile.model_validate(demo)


def test_a_brma_listed_twice_is_refused(demo):
    demo["brmas"].append({"name": "Bath", "postcode_districts": ["BA3"]})
    with pytest.raises(ValidationError, match="listed more than once.*Bath"):
        CouncilProfile.model_validate(demo)


def test_a_misspelt_field_is_refused_rather_than_ignored(demo):
    demo["brand_color"] = demo.pop("brand_colour")
    with pytest.raises(ValidationError):
        CouncilProfile.model_validate(demo)


def test_the_contrast_ratio_matches_wcag_for_black_and_white():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert contrast_ratio("#ffffff", "#ffffff") == 1.0


# --- Council Tax band charges -------------------------------------------------------------------------------


def test_the_demo_profile_gives_band_d_for_each_financial_year():
    from datetime import date
    from decimal import Decimal

    demo = load_profile(DEFAULT_COUNCIL_PROFILE)
    # The financial year runs 1 April to 31 March.
    assert demo.band_d_charge(date(2026, 3, 31)) == Decimal("2265.80")  # 2025-26
    assert demo.band_d_charge(date(2026, 4, 1)) == Decimal("2383.42")  # 2026-27
    assert demo.band_d_charge(date(2027, 4, 1)) is None  # 2027-28 not given: the portal then asks for the bill


def test_a_profile_without_band_charges_still_loads(demo):
    from datetime import date

    del demo["council_tax"]
    profile = CouncilProfile.model_validate(demo)
    assert profile.council_tax is None and profile.band_d_charge(date(2026, 6, 1)) is None


@pytest.mark.parametrize("charges, message", [
    ({"2026-28": "2383.42"}, "financial year it is"),
    ({"2026/27": "2383.42"}, "financial year it is"),
    ({"2026-27": "0"}, "greater than 0"),
    ({"2026-27": "2383.425"}, "decimal places"),
    ({}, "at least 1"),
])
def test_band_d_charges_written_wrongly_are_refused(demo, charges, message):
    demo["council_tax"] = {"band_d": charges}
    with pytest.raises(ValidationError, match=message):
        CouncilProfile.model_validate(demo)


def test_a_parish_has_its_own_band_d_and_others_get_the_area_figure(demo):
    from datetime import date
    from decimal import Decimal

    demo["council_tax"]["parishes"] = [{"name": "Saltford", "band_d": {"2026-27": "2401.00"}}]
    profile = CouncilProfile.model_validate(demo)
    on = date(2026, 6, 1)
    assert profile.band_d_charge(on, parish="Saltford") == Decimal("2401.00")
    assert profile.band_d_charge(on, parish="Elsewhere") == Decimal("2383.42")
    assert profile.band_d_charge(date(2025, 6, 1), parish="Saltford") == Decimal("2265.80")  # no parish figure that year


def test_a_parish_listed_twice_is_refused(demo):
    parish = {"name": "Saltford", "band_d": {"2026-27": "2401.00"}}
    demo["council_tax"]["parishes"] = [parish, parish]
    with pytest.raises(ValidationError, match="parishes listed more than once: Saltford"):
        CouncilProfile.model_validate(demo)
