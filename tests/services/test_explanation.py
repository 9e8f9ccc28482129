"""How we worked this out: real engine traces for real households, in plain English."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from app.services import api_examples
from app.services.explanation import explain_item, explain_trace, legislation_link_text
from app.services.money_input import format_money
from calculators import Household, calculate
from calculators.core.periods import MONTH, WEEK
from calculators.result import result_to_dict, step_to_dict

ON = date(2026, 6, 1)


def household(example):
    return Household.model_validate(example["household"])


@pytest.fixture(scope="module")
def lone_parent():
    return calculate(household(api_examples.LONE_PARENT), ON)


@pytest.fixture(scope="module")
def lone_parent_uc(lone_parent):
    item = next(i for i in result_to_dict(lone_parent)["items"] if i["key"] == "universal_credit")
    return explain_item(item)


def find(explanation, key, person=None):
    return next(s for s in explanation.walk() if s.key == key and s.person == person)


def raw_steps(trace):
    yield trace
    for child in trace.get("inputs", ()):
        yield from raw_steps(child)


def test_the_summary_is_the_amount_the_result_gives(lone_parent, lone_parent_uc):
    uc = lone_parent.item("universal_credit")
    assert lone_parent_uc.summary.sentence == f"Universal Credit: {format_money(uc.per(MONTH))} a month"
    assert lone_parent_uc.summary.amount == uc.amount
    assert lone_parent_uc.summary.period_words == "a month"
    assert lone_parent_uc.steps == lone_parent_uc.summary.steps


def test_a_step_reads_as_a_sentence_with_its_notes_rate_date_and_law(lone_parent_uc):
    step = find(lone_parent_uc, "uc_standard_allowance")
    assert step.sentence == "Standard allowance: £424.90 a month"  # single 25 or over, 2026-27 (SI 2026/148)
    assert step.notes == ("single 25 or over",)
    assert step.link.text == "Universal Credit Regulations 2013, regulation 36"
    assert step.link.href == "https://www.legislation.gov.uk/uksi/2013/376/regulation/36"
    (rate,) = step.parameters
    assert "single 25 or over: £424.90 a month" in rate.value_text
    assert "single under 25: £338.58 a month" in rate.value_text
    assert rate.applies_from == date(2026, 4, 6)
    assert rate.applies_from_text == "6 April 2026"
    assert rate.sentence.endswith("(from 6 April 2026)")
    assert rate.link.text == "Universal Credit Regulations 2013, reg. 36 (table of amounts)"


def test_last_years_household_gets_last_years_rate():
    result = calculate(household(api_examples.LONE_PARENT), date(2025, 6, 1))
    step = find(explain_trace(result.item("universal_credit").trace), "uc_standard_allowance")
    assert step.sentence == "Standard allowance: £400.14 a month"  # 2025-26 (SI 2025/295)


def test_the_figures_are_the_households_own(lone_parent_uc):
    # £240 a week in earnings is £1,040 a month for Universal Credit (× 52 ÷ 12).
    assert find(lone_parent_uc, "uc_earned_income").sentence == "Earned income: £1,040.00 a month"
    # 85% of £300 a month childcare.
    assert find(lone_parent_uc, "uc_childcare_element").sentence == "Childcare costs element: £255.00 a month"


def test_every_amount_shown_is_the_engines_value_to_the_penny(lone_parent):
    for item in result_to_dict(lone_parent)["items"]:
        if "trace" not in item:
            continue
        traced = {(s["variable"], s.get("person")): s for s in raw_steps(item["trace"])}
        for step in explain_item(item).walk():
            raw = traced[(step.key, step.person)]
            if step.amount is not None:
                assert step.amount == Decimal(raw["value"])
                assert format_money(step.amount) in step.sentence


def test_sub_steps_stop_at_the_depth_asked_for(lone_parent):
    trace = lone_parent.item("universal_credit").trace
    shallow = explain_trace(trace, max_depth=1)
    assert shallow.steps and all(not s.steps for s in shallow.steps)
    assert any(s.more_detail for s in shallow.steps)
    deeper = explain_trace(trace, max_depth=3)
    depth = max(_depth(s) for s in deeper.steps)
    assert depth == 3


def _depth(step, level=1):
    return max([level] + [_depth(s, level + 1) for s in step.steps])


def test_a_step_repeated_in_the_trace_is_shown_once():
    result = calculate(household(api_examples.PENSIONER_COUPLE), ON)
    for item in result_to_dict(result)["items"]:
        if "trace" not in item:
            continue
        explanation = explain_item(item, max_depth=8)
        shown = Counter((s.key, s.person) for s in explanation.walk())
        assert max(shown.values()) == 1, item["key"]
    pc = result_to_dict(result)["items"]
    pc_trace = next(i for i in pc if i["key"] == "pension_credit")["trace"]
    raw = Counter((s["variable"], s.get("person")) for s in raw_steps(pc_trace))
    assert raw[("pc_eligible", None)] > 1  # the engine reaches it twice; we show it once


def test_people_are_named_as_the_person_reads_them():
    result = calculate(household(api_examples.PENSIONER_COUPLE), ON)
    explanation = explain_trace(result.item("income_tax").trace)
    sentences = [s.sentence for s in explanation.walk()]
    assert "Income tax (you): £0.00 a year" in sentences
    assert "Income tax (your partner): £0.00 a year" in sentences
    # £180 a week state pension is £9,360 a year.
    assert "Total taxable income (you): £9,360.00 a year" in sentences


def test_tax_bands_read_as_rates_from_thresholds():
    result = calculate(household(api_examples.SINGLE_RENTER), ON)
    explanation = explain_trace(result.item("income_tax").trace)
    step = find(explanation, "it_income_tax", "claimant")
    (bands,) = [p for p in step.parameters if "rates and bands" in p.name]
    assert bands.value_text.startswith("20% from £0.00 a year; 40% from £37,700.00 a year")
    assert step.notes == ("£630.00 at 20%",)  # £13,200 pay less the £12,570 personal allowance


def test_a_councils_scheme_is_linked_with_the_paragraph_it_applies(lone_parent):
    explanation = explain_trace(lone_parent.item("council_tax_reduction").trace, max_depth=8)
    council_links = [s for s in explanation.walk() if s.link and "legislation.gov.uk" not in s.link.href]
    assert council_links, "the demo council's scheme is cited"
    for step in council_links:
        assert not any(n.lower().startswith("see ") for n in step.notes)
    maximum = find(explanation, "ctr_local_maximum_support")
    assert maximum.link.text == "Demo scheme para. 5 (maximum reduction and band cap)"
    assert maximum.link.href.endswith("#para-5")
    ctr = lone_parent.item("council_tax_reduction")
    assert explanation.summary.sentence == f"Council Tax Reduction: {format_money(ctr.per(WEEK))} a week"


def test_links_are_listed_once_each(lone_parent_uc):
    hrefs = [link.href for link in lone_parent_uc.links]
    assert len(hrefs) == len(set(hrefs))
    assert "https://www.legislation.gov.uk/uksi/2013/376/regulation/22" in hrefs


def test_what_could_not_be_worked_out_says_why():
    trace = {
        "variable": "uc_award", "label": "Universal Credit", "value": None, "period": "month",
        "legislation": None, "cannot": "we can't work out the Local Housing Allowance because we don't know your area",
        "inputs": [{"variable": "uc_standard_allowance", "label": "standard allowance", "value": "424.90",
                    "period": "month", "legislation": None}],
    }
    explanation = explain_trace(trace)
    assert explanation.summary.sentence == (
        "Universal Credit: not worked out. We can't work out the Local Housing Allowance because we don't know your area"
    )
    assert explanation.summary.amount is None
    assert explanation.steps[0].sentence == "Standard allowance: £424.90 a month"


def test_every_cannot_in_real_results_gets_its_reason():
    for example in (api_examples.SINGLE_RENTER, api_examples.LONE_PARENT, api_examples.PENSIONER_COUPLE):
        result = calculate(household(example), ON)
        for item in result.items:
            if item.trace is None:
                continue
            for step in explain_trace(item.trace, max_depth=8).walk():
                if step.cannot:
                    assert step.sentence.endswith(step.cannot[1:])
                    assert "not worked out" in step.sentence


def test_an_engine_step_and_its_dict_explain_alike(lone_parent):
    trace = lone_parent.item("universal_credit").trace
    assert explain_trace(trace) == explain_trace(step_to_dict(trace))


@pytest.mark.parametrize(
    ("href", "text"),
    [
        ("https://www.legislation.gov.uk/uksi/2013/376/schedule/4/paragraph/13",
         "Universal Credit Regulations 2013, Schedule 4, paragraph 13"),
        ("https://www.legislation.gov.uk/ukpga/2012/5/section/96", "Welfare Reform Act 2012, section 96"),
        ("https://www.legislation.gov.uk/uksi/2012/2885/regulation/3",
         "Council Tax Reduction Schemes (Prescribed Requirements) (England) Regulations 2012, regulation 3"),
        ("https://www.legislation.gov.uk/uksi/2099/1/regulation/2", "Statutory Instrument 2099 No. 1, regulation 2"),
        ("https://www.legislation.gov.uk/ukpga/2026/13", "Act of Parliament 2026 chapter 13"),
        ("https://example.org/scheme#para-5", "example.org"),
    ],
)
def test_links_to_the_law_name_the_instrument_and_provision(href, text):
    assert legislation_link_text(href) == text
