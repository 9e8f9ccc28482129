"""In Chromium at 360 px with axe: the area choice for a split postcode district, and 'Send me a link' from a kept result."""

from __future__ import annotations

import re

from tests.app.check_helpers import SINGLE_RENTER
from tests.browser.test_check_journeys import VIEWPORTS, _axe, _fill, walk

SPLIT_RENTER = {**SINGLE_RENTER, "postcode": {"postcode": "BS31 1AA"}, "area": {"brma": "bath"}}


def test_the_area_choice_for_a_split_district_on_a_phone(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        page.goto(base_url + "/check")
        page.get_by_role("button", name=re.compile("Start now|Continue where you left off")).click()
        while "/check/area" not in page.url:
            slug = page.url.split("/check/")[1].split("?")[0]
            _fill(page, SPLIT_RENTER[slug])
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Which area do you live in?"
        assert "BS31, is split between these areas" in page.locator("body").inner_text()
        assert page.get_by_role("radio").count() == 2
        failures = _axe(page)
        # Nothing overflows sideways on a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        assert "Select the area you live in" in page.locator(".govuk-error-summary").inner_text()
        failures += _axe(page)
        page.get_by_label("Bath").check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/check/rent")
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_send_me_a_link_on_a_phone(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        walk(page, base_url, SPLIT_RENTER, axe=False)
        page.get_by_role("button", name="Keep this result").click()
        page.wait_for_url("**/check/kept")
        page.get_by_role("link", name="Send me a link by email or text message").click()
        page.wait_for_url("**/check/send-link")
        failures = _axe(page)
        page.get_by_label("By text message").check()
        page.get_by_label("Mobile phone number").fill("01632 960 001")
        page.get_by_role("button", name="Send the link").click()
        page.wait_for_load_state()
        assert "cannot be sent to a landline" in page.locator(".govuk-error-summary").inner_text()
        failures += _axe(page)
        page.get_by_label("Mobile phone number").fill("07700 900 123")
        page.get_by_role("button", name="Send the link").click()
        page.wait_for_url("**/check/kept?sent=sms")
        assert "We have sent a link to your result by text message." in page.locator("body").inner_text()
        failures += _axe(page)
        assert not failures, "\n".join(failures)
    finally:
        context.close()
