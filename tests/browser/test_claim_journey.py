"""The HB/CTR claim in Chromium at phone size for three households, axe on every claim page
(360 px and 1280 px), and save in one browser, come back in another."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_browser_accessibility import AXE_OPTIONS, AXE_SOURCE, _describe
from tests.forms.test_hb_ctr import COUPLE, COUPLE_GROUPS, PENSIONER, PENSIONER_GROUPS, SUPPORTED, SUPPORTED_GROUPS, raw_for

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def axe(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def fill(page, data: dict) -> None:
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        inputs = page.locator(f'[name="{name}"]')
        kind = inputs.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            for v in values:
                page.locator(f'[name="{name}"][value="{v}"]').check()
        else:
            inputs.first.fill(str(values[0]))


def page_data(page, address: str, top: dict, groups: dict) -> dict:
    names = page.eval_on_selector_all("main form [name]", "els => els.map(e => e.name)")
    names = [n for n in names if n not in ("csrf_token", "username", "seen", "confirm-removal")]
    if "add_another" in names:
        group = next(g for g in groups if address == f"{g}-list" or address.startswith(g))
        have = page.locator('a[href$="/remove"]').count()
        return {"add_another": "yes" if have < len(groups.get(group, [])) else "no"} if page.locator('[name="add_another"][type="radio"]').count() else {}
    parts = address.split("/")
    source = groups[parts[0]][int(parts[1]) - 1] if len(parts) == 3 else top
    data: dict = {}
    for qid in dict.fromkeys(n.split("-")[0] for n in names):
        data.update({k: v for k, v in raw_for(qid, source[qid]).items() if v != ""})
    return data


def walk(page, base_url: str, top: dict, groups: dict, *, check_axe: bool) -> tuple[list[str], list[str]]:
    visited, failures, seen = [], [], set()
    page.goto(base_url + "/claim")
    page.get_by_role("button", name="Start now").click()
    for _ in range(300):
        path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]
        template = re.sub(r"/\d+/", "/n/", path)
        if check_axe and template not in seen:
            seen.add(template)
            violations = axe(page)
            if violations:
                failures.append(f"{path}:\n{_describe(violations)}")
        if path == "/claim/tasks":
            links = page.locator(".govuk-task-list__item--with-link")
            for i in range(links.count()):
                item = links.nth(i)
                if item.locator(".govuk-task-list__status").inner_text().strip() != "Completed":
                    item.locator("a").click()
                    break
            else:
                raise AssertionError("no task left but the claim was not sent")
        elif path.startswith("/claim/page/"):
            address = path.removeprefix("/claim/page/")
            visited.append(address)
            fill(page, page_data(page, address, top, groups))
            page.get_by_role("button", name="Continue").click()
            assert page.locator(".govuk-error-summary").count() == 0, (address, page.locator(".govuk-error-summary").inner_text())
        elif path.startswith("/claim/check/") or path == "/claim/check":
            page.locator("main a.govuk-button").click()
        elif path == "/claim/submit":
            page.get_by_role("button", name="Send claim").click()
        elif path == "/claim/confirmation":
            return visited, failures
        else:
            raise AssertionError(f"unexpected page {path}")
    raise AssertionError("the journey did not end")


@pytest.mark.parametrize(
    ("top", "groups", "evidence"),
    [
        (PENSIONER, PENSIONER_GROUPS, "Attendance Allowance"),
        (SUPPORTED, SUPPORTED_GROUPS, "Universal Credit statement"),
        (COUPLE, COUPLE_GROUPS, "Payslips from Leeds Teaching Hospitals"),
    ],
    ids=["pensioner-private-rent", "supported-accommodation", "couple-with-non-dependant"],
)
def test_the_claim_at_phone_size_is_complete_and_axe_clean(chromium, base_url, top, groups, evidence):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        visited, failures = walk(page, base_url, top, groups, check_axe=True)
        assert page.locator(".govuk-panel__title").inner_text().strip() == "Claim sent"
        assert re.search(r"HB-[0-9A-Z]{10}", page.locator(".govuk-panel__body").inner_text())
        assert evidence in page.locator("main").inner_text()
        assert len(visited) > 25
    finally:
        context.close()
    assert not failures, "axe violations at 360 px:\n" + "\n".join(failures)


def test_claim_pages_are_axe_clean_on_a_desktop(chromium, base_url):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    failures = []
    try:
        _visited, failures = walk(page, base_url, COUPLE, COUPLE_GROUPS, check_axe=True)
        for path in ("/claim", "/claim/resume"):
            page.goto(base_url + path)
            if violations := axe(page):
                failures.append(f"{path}:\n{_describe(violations)}")
    finally:
        context.close()
    assert not failures, "axe violations at 1280 px:\n" + "\n".join(failures)


def test_save_in_one_browser_and_come_back_in_another(chromium, base_url):
    first = chromium.new_context(viewport=PHONE)
    page = first.new_page()
    try:
        page.goto(base_url + "/claim")
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("link", name="About you").click()
        page.get_by_label("First name").fill("Edith")
        page.get_by_label("Last name").fill("Jones")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("link", name="Save and come back later").click()
        page.get_by_label("Secret word or phrase", exact=True).fill("blue kettle morning")
        page.get_by_label("Enter the secret word or phrase again").fill("blue kettle morning")
        page.get_by_role("button", name="Save and come back later").click()
        reference = re.search(r"HB-[0-9A-Z]{10}", page.locator(".govuk-panel__body").inner_text()).group(0)
        if violations := axe(page):
            pytest.fail(_describe(violations))
    finally:
        first.close()

    second = chromium.new_context(viewport=PHONE)
    page = second.new_page()
    try:
        page.goto(base_url + "/claim/resume")
        page.get_by_label("Claim reference").fill(reference)
        page.get_by_label("Secret word or phrase").fill("wrong secret")
        page.get_by_role("button", name="Continue").click()
        assert "The claim reference or secret word is not right" in page.locator(".govuk-error-summary").inner_text()
        if violations := axe(page):
            pytest.fail(_describe(violations))
        page.get_by_label("Secret word or phrase").fill("blue kettle morning")
        page.get_by_role("button", name="Continue").click()
        assert page.url.endswith("/claim/tasks") and reference in page.locator("main").inner_text()
        page.goto(base_url + "/claim/page/your-name")
        assert page.get_by_label("First name").input_value() == "Edith"
    finally:
        second.close()
