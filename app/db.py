"""Database engine and sessions, made from the settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import PROJECT_ROOT

MIGRATIONS = PROJECT_ROOT / "migrations"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite has one writer at a time: a request waits up to 30 s for its turn (writes are
        # kept short, never around slow work such as Argon2) instead of failing with
        # "database is locked" after the driver's default 5 s when many arrive at once.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % specially; URLs may contain escaped characters.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(url: str) -> None:
    # "heads": features add their tables on branches from the same base; a merge revision joins them.
    command.upgrade(alembic_config(url), "heads")


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def lock_row(session: Session, model: type, row_id: object) -> object | None:
    """Take the write lock on one row for the rest of the session's transaction, and return the
    row as stored now (attributes already loaded in the session are refreshed).

    PostgreSQL: ``SELECT ... FOR UPDATE``; a second transaction locking the same row waits here
    until the first commits, then reads what it wrote. SQLite has no row locks: a no-op UPDATE of
    the row starts the transaction as a writer, which holds the database's single write lock, so
    writers queue here just the same and everything read afterwards is current. Take the lock
    just before the writes it protects, and commit soon: nothing slow (a password hash, a network
    call) while holding it.
    """
    table = model.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "sqlite":
        # Naming the columns that have an onupdate default keeps them as they are.
        unchanged = {c.name: c for c in table.columns if c.primary_key or c.onupdate is not None}
        session.execute(update(table).where(table.c.id == row_id).values(unchanged))
    query = select(model).where(model.id == row_id).with_for_update()  # type: ignore[attr-defined]
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session per request: the route's service work commits; anything unfinished rolls back."""
    with factory() as session:
        yield session
