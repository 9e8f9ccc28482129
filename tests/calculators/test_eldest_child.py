"""The first-child rate and the two-child limit when only ages are known.

UC Regs 2013 reg. 36 table (via reg. 24(1)): the child element is the higher amount for the first child
"born before 6 April 2017", the lower amount otherwise; reg. 24A (the two-child limit, to 5 April 2026)
always pays for a child born before 6 April 2017. SPC Regs 2002 Sch. IIA: the same higher amount for the
eldest child. An age in years leaves the birth date open for one age only; then the engine asks the one
yes/no question, and uses the answer only when the age cannot decide.
"""

from datetime import date
from decimal import Decimal

import pytest

from calculators.core.calc import Calc, CannotCalculate
from calculators.core.household import Household

D = Decimal
JUNE_2026 = date(2026, 6, 1)


def calc(on=JUNE_2026, **household):
    household.setdefault("claimant", {"age": 30})
    return Calc(Household.model_validate(household), on)


def test_eldest_aged_9_in_june_2026_leaves_the_first_child_rate_open_and_asks_for_it():
    # aged 9 on 1 June 2026: born 2 June 2016 to 1 June 2017, either side of 6 April 2017
    c = calc(children=[{"age": 9}, {"age": 4}])
    with pytest.raises(CannotCalculate) as raised:
        c("uc_child_element")
    assert raised.value.ask == "eldest_child_born_before_2017"


def test_eldest_born_before_6_april_2017_gets_the_higher_first_child_amount():
    # reg. 36 (SI 2026/148): £351.88 for the first child born before 6 April 2017 + £303.94 = £655.82
    c = calc(children=[{"age": 9, "born_before_6_april_2017": True}, {"age": 4}])
    assert c("uc_child_element") == D("655.82")


def test_eldest_born_on_or_after_6_april_2017_gets_the_other_amount():
    # reg. 36: 2 x £303.94 = £607.88
    c = calc(children=[{"age": 9, "born_before_6_april_2017": False}, {"age": 4}])
    assert c("uc_child_element") == D("607.88")


def test_the_age_decides_either_side_of_the_open_age_and_the_answer_is_then_ignored():
    # aged 10 on 1 June 2026: born by 1 June 2016, before 6 April 2017 -> £351.88, whatever was answered
    older = calc(children=[{"age": 10, "born_before_6_april_2017": False}])
    # aged 8: born 2 June 2017 or later -> £303.94
    younger = calc(children=[{"age": 8, "born_before_6_april_2017": True}])
    assert older("uc_child_element") == D("351.88")
    assert younger("uc_child_element") == D("303.94")


def test_a_date_of_birth_decides_on_6_april_2017_itself():
    # born on 6 April 2017 is not "before" it: £303.94; a day earlier: £351.88
    on_the_day = calc(children=[{"date_of_birth": "2017-04-06"}])
    day_before = calc(children=[{"date_of_birth": "2017-04-05"}])
    assert on_the_day("uc_child_element") == D("303.94")
    assert day_before("uc_child_element") == D("351.88")


def test_an_eldest_child_aged_9_no_longer_blocks_universal_credit_once_answered():
    from calculators import calculate

    household = Household.model_validate({"claimant": {"age": 35}, "children": [{"age": 9}]})
    before = calculate(household, JUNE_2026)
    assert before.asks.get("Universal Credit") == "eldest_child_born_before_2017"
    answered = household.model_copy(update={"children": [
        household.children[0].model_copy(update={"born_before_6_april_2017": True})]})
    after = calculate(answered, JUNE_2026)
    assert "Universal Credit" not in after.asks
    # reg. 36 (SI 2026/148): single 25 or over £424.90 + first child born before 6 April 2017 £351.88
    # = £776.78; no income, no housing costs, below the benefit cap
    assert after.item("universal_credit").amount == D("776.78")


def test_pension_credit_child_amount_uses_the_answer_for_the_eldest():
    # SPC Regs Sch. IIA (SI 2026/148): first child born before 6 April 2017 £81.07 a week, other £69.98
    pensioner = {"date_of_birth": "1955-01-01"}
    open_ = calc(claimant=pensioner, children=[{"age": 9}])
    with pytest.raises(CannotCalculate) as raised:
        open_("pc_child_addition")
    assert raised.value.ask == "eldest_child_born_before_2017"
    before = calc(claimant=pensioner, children=[{"age": 9, "born_before_6_april_2017": True}])
    after = calc(claimant=pensioner, children=[{"age": 9, "born_before_6_april_2017": False}])
    assert before("pc_child_addition") == D("81.07")
    assert after("pc_child_addition") == D("69.98")


def test_two_child_limit_uses_the_answer_for_a_third_child_of_the_open_age():
    # 1 June 2025: a third child aged 8 was born 2 June 2016 to 1 June 2017. Reg. 24A(1): a child born
    # before 6 April 2017 always counts, so 3 children count; born after, only the first two.
    kids = [{"age": 12}, {"age": 10}]
    before = calc(on=date(2025, 6, 1), children=kids + [{"age": 8, "born_before_6_april_2017": True}])
    after = calc(on=date(2025, 6, 1), children=kids + [{"age": 8, "born_before_6_april_2017": False}])
    assert before("uc_children_counted") == 3
    assert after("uc_children_counted") == 2


def test_two_children_of_the_same_age_the_elder_born_before_6_april_2017_gets_the_higher_amount():
    # reg. 36 table: the higher amount is for the first (eldest) child when born before 6 April 2017.
    # On 6 October 2026 both are 9, whatever order they are listed in: born 27 February 2017 (before the
    # cutoff, the eldest) and 12 June 2017. £351.88 + £303.94 = £655.82 (not 2 x £303.94 = £607.88).
    on = date(2026, 10, 6)
    for kids in ([{"date_of_birth": "2017-06-12"}, {"date_of_birth": "2017-02-27"}],
                 [{"date_of_birth": "2017-02-27"}, {"date_of_birth": "2017-06-12"}]):
        c = calc(on=on, children=kids)
        assert c("uc_child_element") == D("655.82")


def test_two_children_of_the_same_age_both_born_after_6_april_2017_get_the_other_amount():
    # both 9 on 6 October 2026, born 7 April 2017 and 12 June 2017: 2 x £303.94 = £607.88
    c = calc(on=date(2026, 10, 6), children=[{"date_of_birth": "2017-06-12"}, {"date_of_birth": "2017-04-07"}])
    assert c("uc_child_element") == D("607.88")


def test_pension_credit_eldest_of_two_the_same_age_listed_second():
    # SPC Regs Sch. IIA: first child born before 6 April 2017 £81.07 + other child £69.98 = £151.05 a week
    pensioner = {"date_of_birth": "1955-01-01"}
    c = calc(on=date(2026, 10, 6), claimant=pensioner,
             children=[{"date_of_birth": "2017-06-12"}, {"date_of_birth": "2017-02-27"}])
    assert c("pc_child_addition") == D("151.05")


def test_two_child_limit_counts_children_of_the_same_age_in_birth_order():
    # 1 June 2025, reg. 24A: children born 2013, 27 February 2017 and 12 June 2017 (both 2017 ones aged 8).
    # In birth order the third is the one born 12 June 2017, after 6 April 2017, with no exception: 2 count,
    # however the two 8-year-olds are listed.
    for late_first in (True, False):
        twins = [{"date_of_birth": "2017-06-12"}, {"date_of_birth": "2017-02-27"}]
        kids = [{"date_of_birth": "2013-01-01"}] + (twins if late_first else twins[::-1])
        c = calc(on=date(2025, 6, 1), children=kids)
        assert c("uc_children_counted") == 2
