"""Security headers, the session cookie, CSRF on every form post, and the request size limit."""

import pytest
from fastapi import Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from app.main import create_app
from app.middleware.session_csrf import csrf_token_for
from tests.app.page_checks import parse

TOKEN_FIELD = 'name="csrf_token" value="'


@pytest.fixture(scope="module")
def form_app(settings):
    """The portal with one form-handling page, as later features will add."""
    app = create_app(settings.model_copy(update={"max_body_bytes": 10_000}))

    @app.post("/test-form")
    async def test_form(request: Request) -> PlainTextResponse:
        form = await request.form()
        return PlainTextResponse(f"saved {form.get('answer')}")

    return app


@pytest.fixture
def browser(form_app):
    with TestClient(form_app, base_url="http://testserver") as c:
        yield c


def _token(browser) -> str:
    browser.get("/check")
    return csrf_token_for("test-secret-key-not-for-production", browser.cookies["session"])


@pytest.mark.parametrize("path", ["/", "/help", "/does-not-exist", "/static/govuk/portal.min.css", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "style-src 'self';" in csp
    assert "img-src 'self' data:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "form-action 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_strict_transport_security_is_sent_over_https_only(portal):
    with TestClient(portal, base_url="https://testserver") as secure:
        assert "max-age=" in secure.get("/").headers["strict-transport-security"]
    with TestClient(portal, base_url="http://testserver") as plain:
        assert "strict-transport-security" not in plain.get("/").headers


def test_the_session_cookie_is_httponly_and_samesite_lax(portal):
    with TestClient(portal, base_url="http://testserver") as plain:
        cookie = plain.get("/check").headers["set-cookie"]
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_over_https(portal):
    with TestClient(portal, base_url="https://testserver") as secure:
        assert "; Secure" in secure.get("/check").headers["set-cookie"]


def test_the_api_and_static_files_set_no_cookies(client):
    client.cookies.clear()
    assert "set-cookie" not in client.get("/static/govuk/portal.min.css").headers
    assert "set-cookie" not in client.get("/healthz").headers


def test_a_form_post_without_a_token_gets_the_styled_403_page(browser):
    browser.get("/check")
    response = browser.post("/test-form", data={"answer": "42"})
    assert response.status_code == 403
    page = parse(response.text)
    assert page.title.startswith("Sorry, we could not accept that form")
    assert any(a.attrs.get("href") == "/test-form" for a in page.links), "a way back to the form"
    assert "saved" not in response.text


def test_a_form_post_with_a_wrong_token_is_refused(browser):
    browser.get("/check")
    response = browser.post("/test-form", data={"answer": "42", "csrf_token": "0" * 64})
    assert response.status_code == 403


def test_a_token_from_another_session_is_refused(browser):
    stolen = csrf_token_for("test-secret-key-not-for-production", "A" * 43)
    browser.get("/check")
    assert browser.post("/test-form", data={"answer": "42", "csrf_token": stolen}).status_code == 403


def test_a_form_post_without_a_session_is_refused_even_with_a_plausible_token(form_app):
    with TestClient(form_app) as fresh:
        response = fresh.post("/test-form", data={"csrf_token": "x" * 64})
    assert response.status_code == 403


def test_a_form_post_with_its_token_reaches_the_page(browser):
    response = browser.post("/test-form", data={"answer": "42", "csrf_token": _token(browser)})
    assert response.status_code == 200
    assert response.text == "saved 42"


def test_a_multipart_form_post_with_its_token_reaches_the_page(browser):
    token = _token(browser)
    response = browser.post(
        "/test-form", data={"answer": "with a file", "csrf_token": token}, files={"evidence": ("a.txt", b"hello")}
    )
    assert response.status_code == 200
    assert response.text == "saved with a file"


def test_the_token_may_come_in_a_header_for_htmx(browser):
    response = browser.post("/test-form", data={"answer": "7"}, headers={"X-CSRF-Token": _token(browser)})
    assert response.text == "saved 7"


def test_forms_render_the_token_the_middleware_expects(portal):
    from app.templating import Templates

    with TestClient(portal) as c:
        c.get("/check")
        expected = csrf_token_for("test-secret-key-not-for-production", c.cookies["session"])
        templates: Templates = portal.state.templates
        template = templates.env.from_string("{{ csrf_input }}")
        request = Request({"type": "http", "state": {"csrf_token": expected}, "app": portal, "path": "/", "headers": [], "query_string": b""})
        assert TOKEN_FIELD + expected in template.render(templates.context(request))


def test_the_json_api_needs_no_token(client):
    response = client.post("/api/v1/calculate", json={})
    assert response.status_code == 422  # refused for its content, not for CSRF


def test_a_body_over_the_limit_gets_the_413_page(browser):
    response = browser.post("/test-form", data={"answer": "x" * 20_000, "csrf_token": _token(browser)})
    assert response.status_code == 413
    assert parse(response.text).title.startswith("What you sent is too large")


def test_a_streamed_body_over_the_limit_gets_413_without_a_length(browser):
    token = _token(browser)

    def chunks():
        yield f"csrf_token={token}&answer=".encode()
        for _ in range(30):
            yield b"x" * 1000

    response = browser.post(
        "/test-form", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


def test_the_api_gets_a_json_413(form_app):
    with TestClient(form_app) as c:
        response = c.post("/api/v1/calculate", content=b"{" + b" " * 20_000 + b"}", headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"]
