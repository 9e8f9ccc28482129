"""Fixtures shared by the service tests: the test database, migrated, and a session on it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.db import make_engine, upgrade_to_head


@pytest.fixture(scope="module")
def engine(database_url):  # noqa: ANN001, ANN201
    """The test database (SQLite, or PostgreSQL in CI's second run), migrated to the latest version."""
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):  # noqa: ANN001, ANN201
    """A session whose unfinished work is rolled back after the test."""
    with Session(engine) as session:
        yield session
        session.rollback()
