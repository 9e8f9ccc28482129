"""Sessions that end, in Chromium, on a portal whose council ends sessions after 18 seconds idle
(warning 12 seconds before): the warning dialog (axe-clean, focus inside it), "I need more time"
keeps the session, and once it has ended no address visited, nor Back, shows anything of the person."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from app.settings import DEFAULT_COUNCIL_PROFILE
from tests.browser.portal_server import running_portal
from tests.browser.test_browser_accessibility import AXE_OPTIONS, AXE_SOURCE, _describe

NAME = "Zebedee"
IDLE_SECONDS = 18
WARNING_SECONDS = 12


@pytest.fixture(scope="module")
def short_sessions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("short-sessions")
    profile = yaml.safe_load(DEFAULT_COUNCIL_PROFILE.read_text(encoding="utf-8"))
    profile.update(session_idle_minutes=IDLE_SECONDS / 60, session_warning_seconds=WARNING_SECONDS)
    (folder / "council.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    shutil.copy(DEFAULT_COUNCIL_PROFILE.parent / profile["logo"], folder / profile["logo"])
    with running_portal(folder, secret_key="session-browser-test", COUNCIL_PROFILE=str(folder / "council.yaml")) as url:
        yield url


def _start_claim_with_a_name(page, base_url: str) -> tuple[str, list[str]]:  # noqa: ANN001
    """Starts a claim and answers the name page; the claim's reference and the addresses visited."""
    page.goto(base_url + "/claim")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/claim/tasks")
    reference = re.search(r"HB-[0-9A-Z]{10}", page.content()).group(0)
    page.goto(base_url + "/claim/page/your-name")
    page.fill('[name="first_name"]', NAME)
    page.fill('[name="last_name"]', "Example")
    page.get_by_role("button", name=re.compile("Save and continue|Continue")).click()
    page.wait_for_load_state()
    page.goto(base_url + "/claim/tasks")
    return reference, ["/claim/tasks", "/claim/page/your-name", "/claim/check", "/claim/save", "/claim/evidence"]


def _until(page, expression: str, seconds: float) -> None:  # noqa: ANN001
    """Waits until the expression is true in the page (wait_for_function would need eval, which the CSP forbids)."""
    for _ in range(int(seconds * 4)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"never true: {expression}")


def _dialog_open(page) -> None:  # noqa: ANN001
    page.wait_for_selector("#session-timeout[open]", timeout=(IDLE_SECONDS + 10) * 1000)


def test_the_warning_is_accessible_and_more_time_keeps_the_session(chromium, short_sessions_url) -> None:  # noqa: ANN001
    context = chromium.new_context()
    page = context.new_page()
    try:
        reference, _visited = _start_claim_with_a_name(page, short_sessions_url)
        loaded_at = page.evaluate("Date.now()")
        expires_in = int(page.get_attribute("#session-timeout", "data-expires-in"))
        _dialog_open(page)
        assert page.evaluate("document.getElementById('session-timeout').contains(document.activeElement)")
        assert page.get_by_role("dialog", name="Your session will end soon").is_visible()
        _until(page, "document.querySelector('[data-announce]').textContent.length > 0", 5)
        page.evaluate(AXE_SOURCE)
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        assert not result["violations"], _describe(result["violations"])
        # Tab stays inside the dialog.
        for _ in range(4):
            page.keyboard.press("Tab")
            assert page.evaluate("document.getElementById('session-timeout').contains(document.activeElement)")

        page.get_by_role("button", name="I need more time").click()
        page.wait_for_selector("#session-timeout:not([open])", state="hidden")
        # Past the moment the session would have ended without "I need more time":
        _until(page, f"Date.now() > {loaded_at + (expires_in + 1) * 1000}", IDLE_SECONDS + 5)
        page.get_by_role("button", name="I need more time").click()
        page.wait_for_selector("#session-timeout:not([open])", state="hidden")
        tasks = page.request.get(short_sessions_url + "/claim/tasks", max_redirects=0)
        assert tasks.status == 200 and reference in tasks.text()
    finally:
        context.close()


def test_after_the_timeout_nothing_of_the_person_is_shown(chromium, short_sessions_url) -> None:  # noqa: ANN001
    context = chromium.new_context()
    page = context.new_page()
    try:
        reference, visited = _start_claim_with_a_name(page, short_sessions_url)
        page.wait_for_url("**/session/ended", timeout=(IDLE_SECONDS + 10) * 1000)
        assert "Your session ended because you did not do anything for" in page.content()
        page.evaluate(AXE_SOURCE)
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        assert not result["violations"], _describe(result["violations"])

        for _ in range(6):  # Back through the history
            page.go_back()
            page.wait_for_load_state()
            assert NAME not in page.content() and reference not in page.content(), page.url
            assert NAME not in page.url and reference not in page.url
        for path in visited:
            page.goto(short_sessions_url + path)
            assert NAME not in page.content() and reference not in page.content(), path
        assert not [c for c in context.cookies() if c["name"] == "claim"]
    finally:
        context.close()


def test_without_javascript_the_server_still_ends_the_session(chromium, short_sessions_url) -> None:  # noqa: ANN001
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        reference, _visited = _start_claim_with_a_name(page, short_sessions_url)
        assert page.locator("#session-timeout[open]").count() == 0
        page.wait_for_timeout((IDLE_SECONDS + 2) * 1000)
        page.goto(short_sessions_url + "/claim/tasks")
        assert page.url.endswith("/session/ended")
        assert NAME not in page.content() and reference not in page.content()
    finally:
        context.close()


def test_finish_and_clear_from_the_header(chromium, short_sessions_url) -> None:  # noqa: ANN001
    context = chromium.new_context()
    page = context.new_page()
    try:
        reference, _visited = _start_claim_with_a_name(page, short_sessions_url)
        page.locator(".portal-header__finish").get_by_role("button", name="Finish and clear").click()
        page.wait_for_url("**/session/finished")
        assert "Everything you entered on this device has been cleared" in page.content()
        page.go_back()
        page.wait_for_load_state()
        assert NAME not in page.content() and reference not in page.content()
    finally:
        context.close()
