"""The request body limit: ordinary forms keep the small limit; the evidence upload path has its
own, larger one. The CSRF check still reads the token from a large multipart upload."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from app.main import create_app
from app.middleware.body_limit import BodyLimitMiddleware
from app.middleware.session_csrf import SessionCsrfMiddleware, csrf_token_for

SECRET = "test-secret-key-not-for-production"


@pytest.fixture(scope="module")
def app(settings):  # noqa: ANN001, ANN201
    portal = create_app(settings)
    with TestClient(portal):  # migrated, so sessions can be issued
        pass
    templates = portal.state.templates
    app = FastAPI()

    @app.get("/page")
    async def home() -> PlainTextResponse:
        return PlainTextResponse("home")

    @app.post("/upload")
    @app.post("/form")
    async def receive(request: Request) -> PlainTextResponse:
        form = await request.form()
        file = form.get("file")
        size = len(await file.read()) if hasattr(file, "read") else len(str(form.get("answer") or ""))
        return PlainTextResponse(f"received {size}")

    app.add_middleware(SessionCsrfMiddleware, templates=templates, secret_key=SECRET, sessionmaker=portal.state.sessionmaker)
    app.add_middleware(BodyLimitMiddleware, templates=templates, max_bytes=10_000, larger_limits={"/upload": 6_000_000})
    return app


@pytest.fixture
def browser(app):  # noqa: ANN001, ANN201
    with TestClient(app, base_url="http://testserver") as c:
        c.get("/page")
        yield c


def token(browser) -> str:  # noqa: ANN001
    return csrf_token_for(SECRET, browser.cookies["session"])


def test_a_large_upload_passes_on_the_upload_path(browser) -> None:  # noqa: ANN001
    response = browser.post("/upload", data={"csrf_token": token(browser)}, files={"file": ("p.pdf", b"x" * 5_000_000)})
    assert response.status_code == 200 and response.text == "received 5000000"


def test_the_same_upload_elsewhere_is_refused(browser) -> None:  # noqa: ANN001
    response = browser.post("/form", data={"csrf_token": token(browser)}, files={"file": ("p.pdf", b"x" * 50_000)})
    assert response.status_code == 413


def test_the_upload_path_still_has_a_limit(browser) -> None:  # noqa: ANN001
    response = browser.post("/upload", data={"csrf_token": token(browser)}, files={"file": ("p.pdf", b"x" * 6_100_000)})
    assert response.status_code == 413


def test_a_streamed_upload_over_its_limit_is_refused_without_a_length(browser) -> None:  # noqa: ANN001
    def chunks():  # noqa: ANN202
        yield f"csrf_token={token(browser)}&answer=".encode()
        for _ in range(70):
            yield b"x" * 100_000

    response = browser.post("/upload", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_ordinary_forms_keep_the_small_limit(browser) -> None:  # noqa: ANN001
    assert browser.post("/form", data={"csrf_token": token(browser), "answer": "x" * 5_000}).status_code == 200
    assert browser.post("/form", data={"csrf_token": token(browser), "answer": "x" * 20_000}).status_code == 413


def test_a_large_upload_without_the_token_is_refused(browser) -> None:  # noqa: ANN001
    response = browser.post("/upload", files={"file": ("p.pdf", b"x" * 2_000_000)})
    assert response.status_code == 403
