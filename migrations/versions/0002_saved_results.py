"""Check what you can get: answers in progress (check_sessions) and results kept under a reference (saved_results).

Revision ID: 0002_saved_results
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_saved_results"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "check_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_sessions")),
        sa.UniqueConstraint("session_key", name=op.f("uq_check_sessions_session_key")),
    )
    with op.batch_alter_table("check_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_sessions_updated_at"), ["updated_at"], unique=False)
    op.create_table(
        "saved_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_results")),
        sa.UniqueConstraint("reference", name=op.f("uq_saved_results_reference")),
    )
    with op.batch_alter_table("saved_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_results_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_results_created_at"))
    op.drop_table("saved_results")
    with op.batch_alter_table("check_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_sessions_updated_at"))
    op.drop_table("check_sessions")
