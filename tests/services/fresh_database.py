"""A fresh, migrated database for a test module that changes every row of a table
(resealing, purging): SQLite in a temporary folder, or a new PostgreSQL database beside
TEST_DATABASE_URL when that is PostgreSQL, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import upgrade_to_head


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
