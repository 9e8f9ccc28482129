"""A fresh, migrated database for a test module that changes every row of a table
(resealing, purging): SQLite in a temporary folder, or a new PostgreSQL database beside
TEST_DATABASE_URL when that is PostgreSQL, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from app.db import make_engine, upgrade_to_head


def fresh_database(folder: Path, prefix: str) -> Iterator[str]:
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        url = f"sqlite:///{folder / (prefix + '.db')}"
        upgrade_to_head(url)
        yield url
        return
    server = make_url(configured)
    name = f"portal_{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def is_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def module_database(prefix: str) -> tuple[Callable, Callable]:
    """The ``database_url`` and ``engine`` fixtures of a test module with a fresh database of its own:
    ``database_url, engine = module_database("keys")`` at module level."""

    @pytest.fixture(scope="module")
    def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        yield from fresh_database(tmp_path_factory.mktemp(prefix), prefix)

    @pytest.fixture(scope="module")
    def engine(database_url: str) -> Iterator[Engine]:
        engine = make_engine(database_url)
        yield engine
        engine.dispose()

    return database_url, engine


def emptied_after_each_test() -> Callable:
    """An autouse fixture that empties every table after each test of the module:
    ``empty_tables = emptied_after_each_test()`` at module level, beside ``module_database``."""

    @pytest.fixture(autouse=True)
    def empty_tables(engine: Engine) -> Iterator[None]:
        from app.models import Base

        yield
        with Session(engine) as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(table.delete())
            session.commit()

    return empty_tables
