"""'Check what you can get' and 'Better off in work?' in Chromium: five households on a phone and a desktop,
axe on every page (and on a 1920x1080 kiosk), figures equal to the rules engine's, what if, htmx and
no-JavaScript updates, and a kept result resumed in a different browser context."""

from __future__ import annotations

import re
from datetime import date

import pytest

import calculators
from app.council import load_profile
from app.services.check import CheckContext, household_from_answers
from app.services.money_input import format_money
from app.settings import DEFAULT_COUNCIL_PROFILE
from calculators.core.periods import MONTH, WEEK
from tests.app.check_helpers import HOUSEHOLDS, LONE_PARENT, SINGLE_RENTER
from tests.browser.test_browser_accessibility import AXE_OPTIONS, AXE_SOURCE, _describe
from tests.services.test_check_journey import answered

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
KIOSK = {"width": 1920, "height": 1080}


def _axe(page) -> list[str]:  # noqa: ANN001
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{page.url}:\n{_describe(result['violations'])}"] if result["violations"] else []


def _fill(page, data) -> None:  # noqa: ANN001
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    for name, value in pairs:
        field = page.locator(f'[name="{name}"]').first
        kind = field.get_attribute("type")
        if kind in ("radio", "checkbox"):
            page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            field.fill(value)


def walk(page, base_url: str, plan, *, axe: bool = True) -> list[str]:  # noqa: ANN001
    """Answer the check in the browser; return axe failures on the way."""
    failures: list[str] = []
    page.goto(base_url + "/check")
    page.get_by_role("button", name=re.compile("Start now|Continue where you left off")).click()
    while "/check/check-answers" not in page.url:
        slug = page.url.split("/check/")[1].split("?")[0]
        if axe:
            failures += _axe(page)
        _fill(page, plan[slug])
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 0, (slug, page.locator(".govuk-error-summary").inner_text())
    if axe:
        failures += _axe(page)
    page.get_by_role("button", name="See your results").click()
    page.wait_for_url("**/check/results")
    if axe:
        failures += _axe(page)
    return failures


def _expected(plan):  # noqa: ANN001, ANN202
    today = date.today()
    context = CheckContext(load_profile(DEFAULT_COUNCIL_PROFILE), today)
    built = household_from_answers(context, answered(plan))
    return calculators.calculate(built.household, today)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", list(HOUSEHOLDS))
def test_household_journey_shows_the_engines_results_without_axe_violations(chromium, base_url, name, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        failures = walk(page, base_url, HOUSEHOLDS[name])
        assert not failures, "\n".join(failures)
        expected = _expected(HOUSEHOLDS[name])
        assert page.locator("#total-weekly").inner_text() == f"{format_money(expected.total_benefits(WEEK))} a week"
        assert format_money(expected.total_benefits(MONTH)) in page.locator("#total-monthly").inner_text()
        for item in expected.benefits:
            if item.amount and item.per(item.period) > 0:
                card = page.locator(f"#benefit-{item.key}")
                assert format_money(item.per(item.period)) in card.inner_text()
                card.locator("summary").click()
                assert card.locator(".govuk-details__text").is_visible()
    finally:
        context.close()


def test_kiosk_size_pages_have_no_axe_violations(chromium, base_url):
    context = chromium.new_context(viewport=KIOSK, has_touch=True)
    page = context.new_page()
    try:
        failures = walk(page, base_url, SINGLE_RENTER)
        page.goto(base_url + "/check/what-if")
        failures += _axe(page)
        page.goto(base_url + "/better-off/job")
        failures += _axe(page)
        _fill(page, {"kind": "new_job", "pay_type": "hourly", "wage": "12.71", "hours": "20"})
        page.get_by_role("button", name="See how much better off you would be").click()
        page.wait_for_url("**/better-off/result")
        failures += _axe(page)
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_what_if_shows_before_and_after(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        walk(page, base_url, SINGLE_RENTER, axe=False)
        before = page.locator("#total-monthly").inner_text()
        page.get_by_role("link", name="Change an answer and compare").click()
        page.locator('a[href^="/check/rent?whatif=1"]').first.click()
        page.locator('[name="rent-amount"]').fill("850")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/check/what-if/compare")
        assert not _axe(page)
        table = page.locator("#what-if-table").inner_text()
        assert before.removeprefix("or ").removesuffix(" a month") in table
        page.get_by_role("button", name="Keep the new answers").click()
        page.wait_for_url("**/check/results")
        assert page.locator("#total-monthly").inner_text() != before
    finally:
        context.close()


def test_a_kept_result_resumes_in_a_different_browser_context(chromium, base_url):
    first = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = first.new_page()
    try:
        walk(page, base_url, SINGLE_RENTER, axe=False)
        total = page.locator("#total-weekly").inner_text()
        page.get_by_role("button", name="Keep this result").click()
        page.wait_for_url("**/check/kept")
        assert not _axe(page)
        reference = page.locator("#reference").inner_text()
    finally:
        first.close()
    second = chromium.new_context(viewport=VIEWPORTS["desktop"])
    other = second.new_page()
    try:
        other.goto(base_url + "/check/resume")
        assert not _axe(other)
        other.locator('[name="reference"]').fill(reference.lower())
        other.get_by_role("button", name="Continue").click()
        other.wait_for_url("**/check/results")
        assert other.locator("#total-weekly").inner_text() == total
    finally:
        second.close()


def _to_better_off_result(page, base_url: str) -> None:  # noqa: ANN001
    walk(page, base_url, LONE_PARENT, axe=False)
    page.get_by_role("link", name="See how a job or more hours would change your income").click()
    page.wait_for_url("**/better-off/job")
    _fill(page, {"pay_type": "hourly", "wage": "12.71", "hours": "16"})
    page.get_by_role("button", name="See how much better off you would be").click()
    page.wait_for_url("**/better-off/result")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_better_off_updates_in_place_with_javascript(chromium, base_url, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        _to_better_off_result(page, base_url)
        assert not _axe(page)
        assert page.locator("svg.app-chart").is_visible()
        gain16 = page.locator("#gain").inner_text()
        url = page.url
        page.locator('[name="hours"]').fill("30")
        page.locator('[name="hours"]').dispatch_event("change")
        page.wait_for_function("old => document.querySelector('#gain').innerText !== old", arg=gain16)
        assert page.url == url  # no navigation: htmx swapped the part in place
        assert page.locator("#side-by-side").is_visible()
        assert not _axe(page)
    finally:
        context.close()
    assert errors == []


def test_check_and_better_off_work_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        _to_better_off_result(page, base_url)
        gain16 = page.locator("#gain").inner_text()
        page.locator('[name="hours"]').fill("30")
        page.get_by_role("button", name="Update").click()
        page.wait_for_load_state()
        assert page.locator("#gain").inner_text() != gain16
        assert page.locator('[name="hours"]').input_value() == "30"
    finally:
        context.close()
