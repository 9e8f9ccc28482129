"""Deliveries of documents uploaded after a claim was sent: one delivery per such file.

The one-delivery-per-claim-and-kind constraint becomes one submission delivery per claim (a
partial unique index) and one delivery per evidence file.

Revision ID: 0006_evidence_deliveries
Revises: 0005_deliveries
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_evidence_deliveries"
down_revision: str | None = "0005_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUBMISSION_ONLY = sa.text("kind = 'claim_submission'")


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_id", sa.Uuid(), nullable=True))
        batch_op.drop_constraint("uq_deliveries_claim_id_kind", type_="unique")
        batch_op.create_unique_constraint("uq_deliveries_evidence_id", ["evidence_id"])
        batch_op.create_foreign_key(
            "fk_deliveries_evidence_id_evidence", "evidence", ["evidence_id"], ["id"], ondelete="CASCADE"
        )
    op.create_index(
        "uq_deliveries_claim_submission", "deliveries", ["claim_id"], unique=True,
        sqlite_where=SUBMISSION_ONLY, postgresql_where=SUBMISSION_ONLY,
    )


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind <> 'claim_submission'")
    op.drop_index("uq_deliveries_claim_submission", table_name="deliveries")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_deliveries_evidence_id_evidence", type_="foreignkey")
        batch_op.drop_constraint("uq_deliveries_evidence_id", type_="unique")
        batch_op.drop_column("evidence_id")
        batch_op.create_unique_constraint("uq_deliveries_claim_id_kind", ["claim_id", "kind"])
