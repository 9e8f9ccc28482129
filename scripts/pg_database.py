"""Create or drop a throwaway PostgreSQL database for one test run.

python scripts/pg_database.py create|drop|url <admin-url> <name>
Exit status 1 from `create` means the server did not answer.
"""

from __future__ import annotations

import re
import sys

import psycopg
from psycopg import sql


def main(action: str, admin_url: str, name: str) -> int:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"not a safe database name: {name!r}")
    if action == "url":
        base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        print(f"{base}/{name}")
        return 0
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            if action == "create":
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            elif action == "drop":
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            else:
                raise SystemExit(f"unknown action {action!r}")
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: {error}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
