"""Migrations build an empty database and match the models, on SQLite and (in CI) PostgreSQL."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.db import make_engine, upgrade_to_head
from app.models import ActorKind, AuditEvent, Base




@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """An empty database of each kind: a SQLite file, or a new PostgreSQL database beside TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        # CI runs the whole suite twice, once with SQLite and once with TEST_DATABASE_URL on PostgreSQL.
        pytest.skip("TEST_DATABASE_URL is not a PostgreSQL database")
    server = make_url(configured)
    name = f"portal_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_upgrade_an_empty_database_to_head(empty_database):
    upgrade_to_head(empty_database)
    engine = make_engine(empty_database)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"audit_events", "alembic_version"} <= tables
    finally:
        engine.dispose()


def test_migrations_match_the_models(empty_database):
    upgrade_to_head(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "run: alembic revision --autogenerate -m '<what changed>'"


def test_upgrading_twice_is_harmless(empty_database):
    upgrade_to_head(empty_database)
    upgrade_to_head(empty_database)


def test_an_audit_event_is_stored_and_read_back(empty_database):
    upgrade_to_head(empty_database)
    engine = make_engine(empty_database)
    try:
        with Session(engine) as session:
            session.add(AuditEvent(actor_kind=ActorKind.ADVISOR, actor_ref="advisor:7", action="claim.opened", subject_ref="claim:abc"))
            session.commit()
        with Session(engine) as session:
            event = session.scalars(select(AuditEvent)).one()
        assert event.actor_kind is ActorKind.ADVISOR
        assert event.subject_ref == "claim:abc"
        assert event.at is not None
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_portal_database_is_migrated_at_start(client, database_url):
    engine = make_engine(database_url)
    try:
        assert "audit_events" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
