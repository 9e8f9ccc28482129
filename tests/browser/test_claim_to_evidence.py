"""From a sent claim to its documents in Chromium at phone size: the confirmation page's upload
link for a document opens the evidence page at that document, a small PNG is uploaded, and
every page on the way is axe-clean."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw

from tests.browser.test_browser_accessibility import VIEWPORTS
from tests.browser.test_evidence_upload import axe_problems, portal, seed_answers  # noqa: F401 - module fixture

__all__ = ["portal"]


def small_png(width: int = 700, height: int = 900) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(30, height - 30, 24):
        draw.text((30, y), "Pension statement 2026 amount 310.00 a month", fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_after_sending_a_claim_the_confirmation_leads_to_uploading_a_document(chromium, portal, tmp_path: Path) -> None:  # noqa: ANN001, F811
    url, data = portal
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    failures: list[str] = []

    def check_axe(label: str) -> None:
        found = axe_problems(page)
        if found:
            failures.append(f"{label}:\n{found}")

    try:
        page.goto(url + "/claim")
        page.get_by_role("button", name=re.compile("Start")).first.click()
        page.wait_for_url(re.compile(r"/claim/tasks"))
        reference = re.search(r"HB-[0-9A-Z]{10}", page.content()).group(0)
        seed_answers(data, reference)  # every question answered, declaration included

        page.goto(url + "/claim/tasks")
        assert page.get_by_role("link", name="Upload your evidence").get_attribute("href") == "/claim/evidence"
        check_axe("task list with documents")

        page.goto(url + "/claim/submit")
        page.get_by_role("button", name="Send claim").click()
        page.wait_for_url(re.compile(r"/claim/confirmation"))
        assert reference in page.content()
        check_axe("confirmation")

        # The second document's own link (the first is proof of identity).
        second = page.locator("a.govuk-link[href^='/claim/evidence#item-']").nth(1)
        wanted = second.locator(".govuk-visually-hidden").inner_text().removeprefix(": ")
        second.click()
        page.wait_for_url(re.compile(r"/claim/evidence#item-2$"))
        assert page.locator("#item-2").inner_text() == wanted
        check_axe("evidence list after sending")

        png = tmp_path / "pension letter.png"
        png.write_bytes(small_png())
        page.locator("#file-2").set_input_files(str(png))
        page.locator("form:has(#file-2)").get_by_role("button", name="Upload file").click()
        page.wait_for_url(re.compile(r"/claim/evidence/uploaded"))
        assert page.locator("h1").inner_text() == "File uploaded"
        check_axe("upload result")

        page.goto(url + "/claim/confirmation")
        assert page.locator("a.govuk-link[href='/claim/evidence#item-2']").inner_text().startswith("Upload another file")
    finally:
        context.close()
    assert not failures, "axe violations at 360 px:\n" + "\n".join(failures)
