"""The savings credit question (State Pension age before 6 April 2016) and the Marriage Allowance question in
Chromium: axe on every page, and the Pension Credit and winter payment the results show equal the engine's."""

from __future__ import annotations

import copy

from app.services.money_input import format_money
from tests.app.check_helpers import WORKING_FAMILY
from tests.app.test_check_tax_and_pension_questions import PENSIONER_1952
from tests.browser.test_check_journeys import _expected, walk


def test_a_pensioner_born_in_1952_is_asked_and_sees_pension_credit_and_the_winter_payment(chromium, base_url):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        failures = walk(page, base_url, PENSIONER_1952)
        assert not failures, "\n".join(failures)
        expected = _expected(PENSIONER_1952)
        for key in ("pension_credit", "winter_fuel_payment"):
            item = expected.item(key)
            assert item.amount and item.amount > 0
            assert format_money(item.per(item.period)) in page.locator(f"#benefit-{key}").inner_text()
    finally:
        context.close()


def test_a_married_couple_not_claiming_marriage_allowance_sees_it_as_missing(chromium, base_url):
    plan = copy.deepcopy(WORKING_FAMILY)
    plan["marriage-allowance"] = {"married": "yes", "allowance": "no"}
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        failures = walk(page, base_url, plan)
        assert not failures, "\n".join(failures)
        assert "Marriage Allowance: £252.00 a year" in page.content()
    finally:
        context.close()
