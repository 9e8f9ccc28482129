"""Size criteria pairing and LHA lookups that YAML cases do not cover well."""

from datetime import date

import pytest

from calculators.core.calc import Calc, CannotCalculate
from calculators.core.household import Child, Household
from calculators.rules.housing import brmas, child_bedrooms

ON = date(2026, 6, 1)


def kids(*spec):
    return [Child(age=a, sex=s) for a, s in spec]


def test_same_sex_pairing_beats_greedy_order():
    # boy 12, girl 8, boy 5: boy12+boy5 share, girl alone = 2 rooms (girl8+boy5 also works): 2 either way
    assert child_bedrooms(kids((12, "male"), (8, "female"), (5, "male")), ON) == 2


def test_three_girls_over_ten_need_two_rooms():
    assert child_bedrooms(kids((11, "female"), (13, "female"), (15, "female")), ON) == 2


def test_mixed_sexes_over_ten_need_a_room_each():
    assert child_bedrooms(kids((11, "female"), (13, "male")), ON) == 2


def test_unknown_sex_only_matters_when_it_changes_the_answer():
    # two under-10s share whatever their sex; a 12-year-old alone needs one room
    assert child_bedrooms(kids((12, None)), ON) == 1
    assert child_bedrooms(kids((4, None), (6, None)), ON) == 1
    assert child_bedrooms(kids((12, None), (13, None)), ON) is None


def test_sixteen_year_olds_get_their_own_room():
    assert child_bedrooms(kids((16, "male"), (17, "male")), ON) == 2


def test_lha_category_caps_at_four_bedrooms():
    h = Household.model_validate({"claimant": {"age": 40}, "non_dependants": [{"age": 30}] * 5,
                                  "home": {"tenure": "private_rent", "brma": "bristol"}})
    c = Calc(h, ON)
    assert c("housing_bedroom_entitlement") == 6
    assert c("housing_lha_category") == "four_bedrooms"


def test_every_shipped_brma_has_rates_for_both_years():
    from calculators.core import parameters

    for slug, info in brmas().items():
        for folder, shipped in (("lha", info["weekly"]), ("lha_monthly", info["monthly"])):
            if not shipped:
                with pytest.raises(KeyError):
                    parameters.node(f"dwp.housing.{folder}.{slug}")
                continue
            node = parameters.node(f"dwp.housing.{folder}.{slug}")
            for on in (date(2025, 6, 1), date(2026, 6, 1)):
                rates = node.at(on).value
                assert list(rates) == ["shared", "one_bedroom", "two_bedrooms", "three_bedrooms", "four_bedrooms"]
                assert list(rates.values()) == sorted(rates.values())


def test_unshipped_brma_cannot_be_worked_out_for_hb_either():
    h = Household.model_validate({"claimant": {"age": 40}, "home": {"tenure": "private_rent", "brma": "central-london"}})
    with pytest.raises(CannotCalculate, match="Central London"):
        Calc(h, ON)("housing_lha_rate")
