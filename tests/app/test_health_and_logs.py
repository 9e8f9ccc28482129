"""Health checks, and request logs that never hold what a resident typed."""

import json
import logging

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from app.main import create_app
from app.middleware.errors_and_logging import JsonLogFormatter


def test_healthz_says_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


def test_readyz_is_503_when_the_database_does_not_answer(settings):
    unreachable = settings.model_copy(
        update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1", "migrate_on_start": False}
    )
    with TestClient(create_app(unreachable)) as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonLogFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    capture = _Capture()
    logger = logging.getLogger("portal")
    logger.addHandler(capture)
    yield capture.lines
    logger.removeHandler(capture)


def test_each_request_is_logged_as_json_with_method_path_status_and_duration(client, log_lines):
    client.get("/help")
    entry = json.loads(log_lines[-1])
    assert entry["method"] == "GET"
    assert entry["path"] == "/help"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)


def test_posted_values_and_query_strings_never_reach_the_logs(client, log_lines):
    secret = "AB123456C-national-insurance-number"
    client.get("/help", params={"postcode": secret})
    client.post("/help", data={"ni_number": secret})  # refused by CSRF, and still not logged
    client.post("/api/v1/calculate", json={"household": {"name": secret}})
    assert len(log_lines) >= 3
    assert all(secret not in line for line in log_lines)
    assert all("postcode" not in line for line in log_lines)
    assert [json.loads(line)["path"] for line in log_lines[-3:]] == ["/help", "/help", "/api/v1/calculate"]


def test_a_crash_is_logged_without_the_request_values(settings, log_lines):
    app = create_app(settings)

    @app.post("/crash")
    async def crash(request: Request) -> None:
        form = await request.form()
        raise ValueError(f"cannot use {form['answer']}")  # a message that quotes the input

    secret = "SECRET-ANSWER-123"
    with TestClient(app) as c:
        c.get("/check")
        from app.middleware.session_csrf import csrf_token_for

        token = csrf_token_for(settings.resolved_secret_key, c.cookies["session"])
        assert c.post(f"/crash?q={secret}", data={"answer": secret, "csrf_token": token}).status_code == 500
    errors = [json.loads(line) for line in log_lines if json.loads(line)["logger"] == "portal.error"]
    assert errors and errors[-1]["exception"] == "ValueError"
    assert any("in crash" in frame for frame in errors[-1]["stack"])
    assert all(secret not in line for line in log_lines)
