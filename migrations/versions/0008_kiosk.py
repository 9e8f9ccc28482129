"""Council reception kiosks: enrolled devices and help requests.

Revision ID: 0008_kiosk
Revises: 0007_browser_sessions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_kiosk"
down_revision: str | None = "0007_browser_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kiosk_devices",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_kiosk_devices_token_hash")),
    )
    op.create_table(
        "kiosk_help_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("page", sa.String(length=200), nullable=False),
        sa.Column("page_title", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["kiosk_devices.id"], name=op.f("fk_kiosk_help_requests_device_id_kiosk_devices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_help_requests")),
        sa.UniqueConstraint("day", "number", name="uq_kiosk_help_requests_day_number"),
    )
    op.create_index(op.f("ix_kiosk_help_requests_device_id"), "kiosk_help_requests", ["device_id"])
    op.create_index(op.f("ix_kiosk_help_requests_created_at"), "kiosk_help_requests", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_kiosk_help_requests_created_at"), table_name="kiosk_help_requests")
    op.drop_index(op.f("ix_kiosk_help_requests_device_id"), table_name="kiosk_help_requests")
    op.drop_table("kiosk_help_requests")
    op.drop_table("kiosk_devices")
