"""Uploading evidence in Chromium at phone size: a photo, a refused file and the EICAR test
file (a real clamd scans), each page axe-clean, with and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import make_engine, make_sessionmaker
from app.services import claims
from app.settings import Settings
from tests.browser.portal_server import running_portal
from tests.browser.test_browser_accessibility import AXE_OPTIONS, AXE_SOURCE, VIEWPORTS, _describe
from tests.forms.test_hb_ctr import PENSIONER, PENSIONER_GROUPS, walk
from tests.services.evidence_support import EICAR, document_photo, start_clamd, windows_program

SECRET_KEY = "browser-evidence-test-secret"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A portal scanning uploads with the test clamd; its address and data folder."""
    clamd = start_clamd()
    data = tmp_path_factory.mktemp("evidence-portal")
    with running_portal(data, secret_key=SECRET_KEY, CLAMD_SOCKET=clamd.socket_path) as url:
        yield url, data


def seed_answers(data: Path, reference: str) -> None:
    """The pensioner's answers, as if every question page had been answered."""
    journey, _ = walk({}, PENSIONER, PENSIONER_GROUPS)
    engine = make_engine(f"sqlite:///{data / 'portal.db'}")
    try:
        with make_sessionmaker(engine)() as db:
            settings = Settings(data_dir=data, secret_key=SECRET_KEY, database_url=f"sqlite:///{data / 'portal.db'}")
            claims.save_answers(db, claims.get_claim(db, reference), journey.answers, claims.sealer_for(settings))
            db.commit()
    finally:
        engine.dispose()


def axe_problems(page) -> str:  # noqa: ANN001
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return _describe(result["violations"])


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_uploading_evidence_on_a_phone(chromium, portal, tmp_path: Path, javascript: bool) -> None:  # noqa: ANN001
    url, data = portal
    context = chromium.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=javascript)
    page = context.new_page()
    failures: list[str] = []

    def check_axe(label: str) -> None:
        found = axe_problems(page) if javascript else ""
        if found:
            failures.append(f"{label}:\n{found}")

    try:
        page.goto(url + "/claim")
        page.get_by_role("button", name=re.compile("Start")).first.click()
        page.wait_for_url(re.compile(r"/claim/tasks"))
        reference = re.search(r"HB-[0-9A-Z]{10}", page.content()).group(0)
        seed_answers(data, reference)

        page.goto(url + "/claim/evidence")
        assert page.locator("h1").inner_text() == "Send documents for your claim"
        check_axe("evidence list")
        first = page.locator("input[type=file]").first
        assert first.get_attribute("accept") == "image/*,application/pdf"
        assert first.get_attribute("capture") is None  # camera or gallery, the person's choice

        photo = tmp_path / "rent book.jpg"
        photo.write_bytes(document_photo(500, 650, blur=3))
        first.set_input_files(str(photo))
        page.locator("form:has(input[type=file])").first.get_by_role("button", name="Upload file").click()
        page.wait_for_url(re.compile(r"/claim/evidence/uploaded"))
        assert page.locator("h1").inner_text() == "File uploaded"
        assert "This photo may be blurred" in page.content()
        check_axe("upload result")

        page.get_by_role("button", name="Back to your documents").click()
        assert "rent book.jpg" in page.content()
        check_axe("evidence list with a file")

        disguised = tmp_path / "holiday.jpg"
        disguised.write_bytes(windows_program())
        page.locator("input[type=file]").nth(1).set_input_files(str(disguised))
        page.locator("form:has(input[type=file])").nth(1).get_by_role("button", name="Upload file").click()
        assert "The selected file is a Windows program" in page.locator(".govuk-error-summary").inner_text()
        check_axe("refused file")

        eicar = tmp_path / "payslip.pdf"
        eicar.write_bytes(EICAR)
        page.locator("input[type=file]").nth(2).set_input_files(str(eicar))
        page.locator("form:has(input[type=file])").nth(2).get_by_role("button", name="Upload file").click()
        assert "The selected file contains a virus" in page.locator(".govuk-error-summary").inner_text()
        assert "The selected file contains a virus" in page.locator("#file-3-error").inner_text()
        check_axe("virus found")

        context.clear_cookies()
        page.goto(url + "/claim/evidence")
        assert page.locator("h1").inner_text() == "Send documents for a claim you have made"
        check_axe("sign in to send documents")
    finally:
        context.close()
    assert not failures, "axe violations at phone width:\n" + "\n".join(failures)
