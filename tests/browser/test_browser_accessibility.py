"""Every page passes axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, with target size) on a phone and a desktop."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.site_map import crawl

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # WCAG 2.2 SC 2.5.8, checked by name as well so that it can never drop out of the tag set.
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def pages(base_url) -> list[str]:
    found = crawl(base_url)
    assert {"/", "/help", "/accessibility", "/privacy", "/cookies"} <= set(found)
    return found


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} -> " + ", ".join(json.dumps(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_has_no_axe_violations(chromium, base_url, pages, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    failures = []
    try:
        for path in pages:
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.evaluate(AXE_SOURCE)
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            ran = {r["id"] for kind in ("violations", "passes", "incomplete", "inapplicable") for r in result[kind]}
            assert "target-size" in ran, "axe did not run the target-size rule"
            if result["violations"]:
                failures.append(f"{path}:\n{_describe(result['violations'])}")
    finally:
        context.close()
    assert not failures, f"axe violations at {viewport} width:\n" + "\n".join(failures)
    # A script or style blocked by the Content Security Policy shows up here.
    assert not [e for e in console_errors if "404" not in e], console_errors


def test_govuk_frontend_javascript_starts_without_csp_errors(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base_url + "/")
        page.wait_for_load_state("networkidle")
        assert "js-enabled" in page.evaluate("document.body.className")
        assert page.evaluate("typeof window.htmx") == "object"
        assert page.evaluate("getComputedStyle(document.body).fontFamily").lower().find("gds transport") == -1
    finally:
        context.close()
    assert errors == []
