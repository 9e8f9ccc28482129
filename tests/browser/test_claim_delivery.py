"""A claim made in Chromium reaches a back office started here, after the back office first
fails once; staff then see it delivered on the staff page, which is axe-clean."""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.services.submission import signing
from tests.browser.portal_server import running_portal
from tests.browser.test_browser_accessibility import _describe
from tests.browser.test_claim_journey import DESKTOP, PHONE, axe, walk
from tests.forms.test_hb_ctr import PENSIONER, PENSIONER_GROUPS

SECRET = "browser-test-webhook-secret-0123456789"
STAFF_TOKEN = "browser-test-staff-access-code"


class BackOffice:
    """Answers 503 to the first POST, then 200; keeps what it was sent and whether it was signed."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 503 if not owner.received else 200
                owner.received.append({"status": status, "headers": dict(self.headers), "body": body,
                                       "verified": signing.verify(body, self.headers.get(signing.HEADER), SECRET,
                                                 delivery_id=self.headers.get(signing.DELIVERY_ID_HEADER))})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/claims"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def back_office():
    receiver = BackOffice()
    yield receiver
    receiver.close()


@pytest.fixture(scope="module")
def portal_url(tmp_path_factory, back_office):
    """A portal of its own, with the in-process delivery worker retrying after a second."""
    settings = {
        "BACK_OFFICE_WEBHOOK_URL": back_office.url, "BACK_OFFICE_WEBHOOK_SECRET": SECRET,
        "BACK_OFFICE_WORKER": "in_app", "BACK_OFFICE_POLL_SECONDS": "0.5",
        "BACK_OFFICE_RETRY_BASE_SECONDS": "1", "STAFF_TOKEN": STAFF_TOKEN,
    }
    with running_portal(tmp_path_factory.mktemp("delivery-portal"), secret_key="browser-delivery-test-secret",
                        **settings) as url:
        yield url


def test_a_claim_sent_in_the_browser_reaches_the_back_office_after_it_first_fails(chromium, portal_url, back_office):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        walk(page, portal_url, PENSIONER, PENSIONER_GROUPS, check_axe=False)
        reference = re.search(r"HB-[0-9A-Z]{10}", page.locator(".govuk-panel__body").inner_text()).group(0)
    finally:
        context.close()

    deadline = time.monotonic() + 60
    while len(back_office.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [r["status"] for r in back_office.received] == [503, 200]
    assert all(r["verified"] for r in back_office.received)
    delivered = back_office.received[-1]
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + delivered["headers"]["Content-Type"].encode() + b"\r\n\r\n" + delivered["body"])
    parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
    package = json.loads(parts["package"].get_content())
    assert package["claim"]["reference"] == reference
    answers = {a["path"]: a for s in package["sections"] for a in s["answers"]}
    assert answers["first_name"]["value"] == "Edith" and answers["first_name"]["entered"]["by"] == "claimant"
    assert parts["summary"].get_content().startswith(b"%PDF-")

    # Staff sign in and see it delivered; the staff pages are axe-clean on a phone and a desktop.
    failures = []
    for viewport in (PHONE, DESKTOP):
        context = chromium.new_context(viewport=viewport)
        page = context.new_page()
        try:
            page.goto(portal_url + "/staff/deliveries")
            assert page.url.endswith("/staff/sign-in")
            page.get_by_role("button", name="Sign in").click()
            assert "Enter the staff access code" in page.locator(".govuk-error-summary").inner_text()
            if violations := axe(page):
                failures.append(f"sign-in with an error at {viewport['width']}px:\n{_describe(violations)}")
            page.get_by_label("Staff access code").fill(STAFF_TOKEN)
            page.get_by_role("button", name="Sign in").click()
            assert page.url.endswith("/staff/deliveries")
            row = page.locator("tr", has_text=reference)
            assert "Delivered" in row.inner_text() and "2" in row.inner_text()
            if violations := axe(page):
                failures.append(f"deliveries at {viewport['width']}px:\n{_describe(violations)}")
        finally:
            context.close()
    assert not failures, "\n".join(failures)
