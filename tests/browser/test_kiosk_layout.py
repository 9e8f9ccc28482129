"""Kiosk mode in Chromium with touch at 1920×1080 and 1080×1920: axe clean, 24px text, 48px targets, help for staff."""

from __future__ import annotations

import pytest

from tests.browser.kiosk_support import KIOSK_VIEWPORTS, MEASURE_TARGETS, TARGET, enrol_with_command, revoke_with_command
from tests.browser.portal_server import running_portal
from tests.browser.test_browser_accessibility import AXE_OPTIONS, AXE_SOURCE, _describe

STAFF_TOKEN = "kiosk-staff-access-code-for-tests"
PAGES = ["/kiosk", "/", "/help", "/accessibility", "/privacy", "/cookies", "/check", "/claim", "/better-off",
         "/claim/resume", "/check/resume"]


@pytest.fixture(scope="module")
def kiosk_portal(tmp_path_factory):
    data = tmp_path_factory.mktemp("kiosk-portal")
    with running_portal(data, secret_key="kiosk-browser-secret", STAFF_TOKEN=STAFF_TOKEN) as url:
        yield url, data


def kiosk_context(chromium, viewport: str):
    return chromium.new_context(viewport=KIOSK_VIEWPORTS[viewport], has_touch=True, is_mobile=False)


def enrol(page, base_url: str, data, location: str) -> None:
    page.goto(base_url + enrol_with_command(data, location))
    page.get_by_role("button", name="Make this screen a kiosk").tap()
    page.wait_for_url(base_url + "/kiosk")


def problems_on(page) -> list[str]:
    """axe violations and touch targets under 48×48 on the page as it is now."""
    found = []
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    if result["violations"]:
        found.append(_describe(result["violations"]))
    targets = page.evaluate(MEASURE_TARGETS)
    assert len(targets) >= 3, "the page's buttons and links were not found to measure"
    small = [t for t in targets if t["width"] < TARGET - 0.01 or t["height"] < TARGET - 0.01]
    found += [f"  {t['width']:.0f}×{t['height']:.0f}: {t['what']}" for t in small]
    return found


@pytest.mark.parametrize("viewport", KIOSK_VIEWPORTS)
def test_every_kiosk_page_is_axe_clean_with_large_text_and_touch_targets(chromium, kiosk_portal, viewport):
    base_url, data = kiosk_portal
    context = kiosk_context(chromium, viewport)
    page = context.new_page()
    failures = []
    try:
        enrol(page, base_url, data, f"Civic Centre, {viewport} screen")
        for path in PAGES:
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            assert "portal-kiosk" in page.evaluate("document.body.className"), path
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{path} scrolls sideways"
            if viewport == "landscape":
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                     "'main .govuk-body, main .govuk-list, main .govuk-label, main .govuk-fieldset__legend')).fontSize)")
                assert size >= 24, f"{path}: body text is {size}px"
            found = problems_on(page)
            if found:
                failures.append(f"{path}:\n" + "\n".join(found))
        # State: help requested.
        page.goto(base_url + "/check")
        page.get_by_role("button", name="Ask a member of staff").tap()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", name="Someone is on their way").is_visible()
        found = problems_on(page)
        if found:
            failures.append("help requested:\n" + "\n".join(found))
    finally:
        context.close()
    assert not failures, f"kiosk problems at {viewport}:\n" + "\n".join(failures)


def test_a_help_request_reaches_the_staff_list_and_staff_can_mark_it(chromium, kiosk_portal):
    base_url, data = kiosk_portal
    context = kiosk_context(chromium, "landscape")
    page = context.new_page()
    try:
        enrol(page, base_url, data, "Library, ground floor")
        page.goto(base_url + "/claim")
        page.get_by_role("button", name="Ask a member of staff").tap()
        number = page.locator(".portal-kiosk-number").inner_text()
    finally:
        context.close()
    staff = chromium.new_context(viewport={"width": 1280, "height": 800})
    desk = staff.new_page()
    try:
        desk.goto(base_url + "/staff/sign-in")
        desk.get_by_label("Staff access code").fill(STAFF_TOKEN)
        desk.get_by_role("button", name="Sign in").click()
        desk.goto(base_url + "/staff/help-requests")
        row = desk.locator("tr", has_text="Library, ground floor").first
        assert number in row.inner_text()
        row.get_by_role("button", name=f"On my way {number}").click()
        row = desk.locator("tr", has_text="Library, ground floor").first
        assert "Someone on their way" in row.inner_text()
    finally:
        staff.close()


def test_a_revoked_kiosk_cookie_no_longer_gives_kiosk_mode(chromium, kiosk_portal):
    base_url, data = kiosk_portal
    context = kiosk_context(chromium, "portrait")
    page = context.new_page()
    try:
        enrol(page, base_url, data, "Leisure centre")
        cookie = next(c for c in context.cookies() if c["name"] == "kiosk_device")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        revoke_with_command(data, cookie["value"].split(".")[0])
        page.goto(base_url + "/")
        assert "portal-kiosk" not in page.evaluate("document.body.className")
        page.goto(base_url + "/kiosk")
        assert page.url == base_url + "/"
    finally:
        context.close()
