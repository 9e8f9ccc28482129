"""In Chromium, with axe on every page: the eldest-child and other-adult questions, a result we could not work
out linking to its question and back, and the better-off page naming the steps in its chart."""

from __future__ import annotations

from tests.app.check_helpers import DISABLED_WITH_CARER
from tests.app.test_decline_walk import _with, family_with_open_eldest
from tests.browser.test_check_journeys import VIEWPORTS, _axe, _fill, walk


def test_new_questions_and_the_links_from_results_pass_axe(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        plan = _with(family_with_open_eldest(), rent={"rent-amount": "250", "rent-period": "week", "bedrooms": "2"},
                     people={"children": "2", "adults": "1"},
                     other_adults={"adult1-age": "30", "adult1-hours": "0", "adult1-income-amount": "0",
                                   "adult1-income-period": "week", "adult1-benefit": "none",
                                   "adult1-child-under-5": "yes"})
        failures = walk(page, base_url, plan)
        page.goto(base_url + "/better-off/job")
        _fill(page, {"pay_type": "hourly", "wage": "12.71", "hours": "20"})
        page.get_by_role("button", name="See how much better off you would be").click()
        page.wait_for_url("**/better-off/result")
        assert page.locator("#steps li").count() > 0
        failures += _axe(page)

        context.close()
        context = chromium.new_context(viewport=VIEWPORTS["phone"])
        page = context.new_page()
        walk(page, base_url, _with(DISABLED_WITH_CARER, uc_start={"started": "unknown"}), axe=False)
        page.get_by_role("link", name="Tell us when your Universal Credit claim started").first.click()
        page.wait_for_url("**/check/uc-start?results=1#started")
        failures += _axe(page)
        _fill(page, {"started": "before_2026"})
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/check/results")
        assert page.locator('#not-worked-out [data-ask="uc_claim_start"]').count() == 0
        assert not failures, "\n".join(failures)
    finally:
        context.close()
