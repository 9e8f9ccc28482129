"""Test set-up shared by every test folder.

The portal is configured before anything imports it: a fresh database (SQLite in a
temporary folder, or TEST_DATABASE_URL when CI provides PostgreSQL), a fixed
secret and data key, and a temporary data folder, so tests never touch ./data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_TEST_DATA = Path(tempfile.mkdtemp(prefix="portal-tests-"))
os.environ["DATA_DIR"] = str(_TEST_DATA)
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TEST_DATA / 'portal.db'}"
os.environ["SECRET_KEY"] = "test-secret-key-not-for-production"
# Fixed, like SECRET_KEY, so a PostgreSQL test database kept between runs stays readable.
os.environ["DATA_ENCRYPTION_KEYS"] = "test:test-data-encryption-key-not-for-production"
os.environ["ENVIRONMENT"] = "test"
os.environ.pop("COUNCIL_PROFILE", None)
os.environ.pop("REDIS_URL", None)
# Every test client has the same address, and the suite starts far more claims than one person
# would; the limit itself is tested with its own portal (tests/app/test_guessing_limits.py).
os.environ["CLAIM_START_LIMIT"] = "100000"

from fastapi.testclient import TestClient  # noqa: E402

from app.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.app.page_checks import TitleRegister, problems  # noqa: E402


@pytest.fixture(scope="session")
def database_url() -> str:
    return os.environ["DATABASE_URL"]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


class CheckedClient(TestClient):
    """A TestClient that checks the page invariants on every HTML page it receives."""

    def __init__(self, *args, titles: TitleRegister, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.titles = titles

    def request(self, method, url, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        response = super().request(method, url, *args, **kwargs)
        if response.headers.get("content-type", "").startswith("text/html"):
            from tests.app.page_checks import parse

            found = problems(response.text)
            if response.status_code < 400 and response.request.method == "GET":
                found += self.titles.check(response.request.url.path + _lang(response), parse(response.text).title)
            assert not found, f"{method} {url} ({response.status_code}): " + "; ".join(found)
        return response


def _lang(response) -> str:  # noqa: ANN001
    return "?lang=" + response.headers.get("content-language", "en")


@pytest.fixture(scope="session")
def titles() -> TitleRegister:
    return TitleRegister()


@pytest.fixture(scope="session")
def portal(settings):  # noqa: ANN001, ANN201
    """One portal app for the session, migrated."""
    return create_app(settings)


@pytest.fixture
def client(portal, titles):  # noqa: ANN001, ANN201
    """A browser-like client (cookies kept) that checks every HTML page it is given."""
    with CheckedClient(portal, titles=titles, base_url="http://testserver") as checked:
        yield checked
