"""The kiosk never shows the previous person's anything: not by address, the Back button, history or autofill.

Chromium with touch at 1920×1080 and 1080×1920, on a portal whose council profile sets a short kiosk
idle time (15 seconds, then a 10-second countdown: short, yet long enough for a busy test machine to fill in a page). One person checks what they can get and starts a
claim with personal details; they leave it idle, or finish and clear, or save the claim and walk
away. The next person then tries every address the first one visited, and the Back button.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from app.settings import DEFAULT_COUNCIL_PROFILE
from tests.browser.kiosk_support import KIOSK_VIEWPORTS
from tests.browser.portal_server import running_portal
from tests.browser.test_kiosk_layout import enrol, kiosk_context, problems_on

FIRST_NAME = "Zebedee"
LAST_NAME = "Quillfeather"
NI_NUMBER = "QQ123456C"
PERSONAL = (FIRST_NAME, LAST_NAME, NI_NUMBER, "QQ 12 34 56 C", "£1,400", "1400")


@pytest.fixture(scope="module")
def short_kiosk_portal(tmp_path_factory):
    """A council profile like the demo's, with a kiosk that goes idle after 15 seconds and counts down 10 more."""
    data = tmp_path_factory.mktemp("kiosk-idle-portal")
    profile = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    profile.update(kiosk_idle_seconds=15, kiosk_countdown_seconds=10)
    council = data / "council"
    council.mkdir()
    (council / "kiosk-test.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    shutil.copy(DEFAULT_COUNCIL_PROFILE.parent / profile["logo"], council / profile["logo"])
    with running_portal(data, secret_key="kiosk-browser-secret", COUNCIL_PROFILE=str(council / "kiosk-test.yaml")) as url:
        yield url, data


def continue_(page) -> None:
    """Press Continue and wait for the next page (not just for the current one to be idle)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).tap()
    page.wait_for_load_state("networkidle")


def first_person(page, base_url: str) -> list[str]:
    """Start a check and a claim, typing personal details; the addresses visited."""
    visited = []
    page.goto(base_url + "/kiosk")
    page.get_by_role("button", name="Touch the screen to start").tap()
    page.wait_for_url(re.compile(r"/\?lang=en$"))
    page.goto(base_url + "/check")
    page.get_by_role("button", name="Start now").tap()
    page.wait_for_load_state("networkidle")
    visited.append(page.url)
    page.get_by_label("No").check()
    continue_(page)
    visited.append(page.url)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("1988")
    continue_(page)
    visited.append(page.url)

    page.goto(base_url + "/claim")
    page.get_by_role("button", name="Start now").tap()
    page.wait_for_url(re.compile(r"/claim/tasks$"))
    visited.append(page.url)
    page.goto(base_url + "/claim/page/your-name")
    page.get_by_label("First name").fill(FIRST_NAME)
    page.get_by_label("Last name").fill(LAST_NAME)
    continue_(page)
    visited.append(page.url)
    page.get_by_label("No").check()
    continue_(page)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1948")
    continue_(page)
    visited.append(page.url)
    page.get_by_label("What is your National Insurance number?").fill(NI_NUMBER)
    continue_(page)
    visited.append(page.url)
    for path in ("/claim/page/your-name", "/claim/tasks", "/check/check-answers", "/check/results"):
        visited.append(base_url + path)
    page.goto(base_url + "/claim/page/your-name")
    assert page.get_by_label("First name").input_value() == FIRST_NAME
    return visited


def nothing_personal(page) -> list[str]:
    """The personal details on the page as it settles (a page restored by Back may reload itself first)."""
    for _attempt in range(10):
        try:
            page.wait_for_load_state("load")
            html = page.content()
            values = page.evaluate("[...document.querySelectorAll('input, textarea, select')].map(e => e.value).join(' ')")
        except PlaywrightError as error:
            if "navigat" not in str(error) and "context was destroyed" not in str(error):
                raise
            continue
        return [word for word in PERSONAL if word in html or word in values]
    raise AssertionError(f"{page.url} never settled")


def next_person_finds_nothing(page, base_url: str, visited: list[str]) -> None:
    page.wait_for_url(base_url + "/kiosk")
    assert page.get_by_role("button", name="Touch the screen to start").is_visible()
    assert nothing_personal(page) == []
    # The Back button, as far back as the browser goes.
    for _step in range(len(visited) + 5):
        if page.evaluate("history.length") <= 1:
            break
        before = page.url
        try:
            page.go_back(wait_until="load")
        except PlaywrightError as error:
            # A page that answered a form is never kept (no-store): Chromium shows its own
            # "confirm form resubmission" page instead, which holds nothing of the person's.
            assert "ERR_CACHE_MISS" in str(error), error
        found = nothing_personal(page)
        assert found == [], f"Back to {page.url} shows {found}"
        if page.url == before:
            break
    # Every address the first person visited.
    for url in visited:
        page.goto(url)
        page.wait_for_load_state("load")
        found = nothing_personal(page)
        assert found == [], f"{url} shows {found}"
    # Starting a claim afresh: no answers, and no autofill of the last person's.
    page.goto(base_url + "/claim")
    page.get_by_role("button", name="Start now").tap()
    page.wait_for_url(re.compile(r"/claim/tasks$"))
    page.goto(base_url + "/claim/page/your-name")
    assert page.get_by_label("First name").input_value() == ""
    assert page.get_by_label("First name").get_attribute("autocomplete") == "off"
    page.goto(base_url + "/kiosk")


@pytest.mark.parametrize("viewport", KIOSK_VIEWPORTS)
def test_after_the_kiosk_is_left_idle_the_next_person_sees_nothing(chromium, short_kiosk_portal, viewport):
    base_url, data = short_kiosk_portal
    context = kiosk_context(chromium, viewport)
    page = context.new_page()
    try:
        enrol(page, base_url, data, f"Civic Centre, {viewport}")
        visited = first_person(page, base_url)
        warning = page.locator("#session-timeout")
        warning.wait_for(state="visible", timeout=30_000)
        assert page.get_by_role("button", name="I need more time").is_visible()
        # The warning, as it is shown: accessible, large, touchable.
        found = problems_on(page)
        assert found == [], "\n".join(found)
        page.get_by_role("button", name="I need more time").tap()
        warning.wait_for(state="hidden")
        assert page.get_by_label("First name").input_value() == FIRST_NAME  # still theirs while they need it
        # Then nobody comes back: the session ends and the start screen shows.
        page.wait_for_url(base_url + "/kiosk", timeout=60_000)
        next_person_finds_nothing(page, base_url, visited)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", KIOSK_VIEWPORTS)
def test_after_finish_and_clear_the_next_person_sees_nothing(chromium, short_kiosk_portal, viewport):
    base_url, data = short_kiosk_portal
    context = kiosk_context(chromium, viewport)
    page = context.new_page()
    try:
        enrol(page, base_url, data, f"Library, {viewport}")
        visited = first_person(page, base_url)
        page.get_by_role("button", name="Finish and clear").tap()
        page.wait_for_url(re.compile(r"/kiosk/finish"))
        assert "A claim you saved with a reference and a secret word or phrase" in page.content()
        found = problems_on(page)
        assert found == [], "\n".join(found)
        page.get_by_role("button", name="Finish and clear").tap()
        next_person_finds_nothing(page, base_url, visited)
        assert "portal-kiosk" in page.evaluate("document.body.className"), "the kiosk stays enrolled"
    finally:
        context.close()


def test_after_save_and_come_back_later_the_next_person_sees_nothing_and_the_claim_carries_on_elsewhere(
        chromium, short_kiosk_portal):
    base_url, data = short_kiosk_portal
    context = kiosk_context(chromium, "portrait")
    page = context.new_page()
    try:
        enrol(page, base_url, data, "Leisure centre, portrait")
        visited = first_person(page, base_url)
        page.get_by_role("button", name="Carry on on your phone").tap()
        page.locator("input[name=how][value=secret]").check()
        page.locator("#secret").fill("purple kettle on the moor")
        page.locator("#secret-confirm").fill("purple kettle on the moor")
        page.get_by_role("button", name=re.compile("Save")).first.tap()
        page.wait_for_load_state("networkidle")
        reference = page.locator(".portal-kiosk-reference").inner_text()
        assert page.locator(".portal-kiosk-phone__qr").is_visible()
        assert "purple kettle" not in page.content()
        visited.append(page.url)
        # The person walks away; the kiosk goes idle and returns to its start screen.
        page.wait_for_url(base_url + "/kiosk", timeout=60_000)
        next_person_finds_nothing(page, base_url, visited)
    finally:
        context.close()
    # On their own phone, with the reference and the secret, the claim is all there.
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    own = phone.new_page()
    try:
        own.goto(f"{base_url}/claim/resume?reference={reference}")
        assert own.locator("#reference").input_value() == reference
        own.locator("#secret").fill("purple kettle on the moor")
        own.get_by_role("button", name="Continue").tap()
        own.wait_for_load_state("networkidle")
        own.goto(base_url + "/claim/page/your-name")
        assert own.get_by_label("First name").input_value() == FIRST_NAME
    finally:
        phone.close()
