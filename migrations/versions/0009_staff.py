"""Staff sign-in, claim access grants, notes, flags, co-browse; the audit log made append-only.

Revision ID: 0009_staff
Revises: 0008_kiosk
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_staff'
down_revision: str | None = '0008_kiosk'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('staff_members',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('roles', sa.String(length=200), nullable=False),
    sa.Column('office', sa.String(length=200), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_members')),
    sa.UniqueConstraint('issuer', 'subject', name='uq_staff_members_issuer_subject')
    )
    op.create_table('staff_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('roles', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['staff_members.id'], name=op.f('fk_staff_sessions_member_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_staff_sessions'))
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_last_seen_at'), ['last_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_sessions_member_id'), ['member_id'], unique=False)

    op.create_table('claim_access_grants',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('claim_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_access_grants_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['staff_members.id'], name=op.f('fk_claim_access_grants_member_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_access_grants'))
    )
    with op.batch_alter_table('claim_access_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_access_grants_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_access_grants_member_id'), ['member_id'], unique=False)

    op.create_table('claim_flags',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('claim_id', sa.Uuid(), nullable=False),
    sa.Column('section_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('raised_by', sa.Uuid(), nullable=True),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_by', sa.Uuid(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_flags_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cleared_by'], ['staff_members.id'], name=op.f('fk_claim_flags_cleared_by_staff_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['raised_by'], ['staff_members.id'], name=op.f('fk_claim_flags_raised_by_staff_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_flags'))
    )
    with op.batch_alter_table('claim_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_flags_claim_id'), ['claim_id'], unique=False)

    op.create_table('claim_notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('claim_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('text_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_members.id'], name=op.f('fk_claim_notes_author_id_staff_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_notes_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_notes'))
    )
    with op.batch_alter_table('claim_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_notes_claim_id'), ['claim_id'], unique=False)

    op.create_table('cobrowse_sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=True),
    sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('browser_session_hash', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.Uuid(), nullable=True),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('control', sa.String(length=16), nullable=False),
    sa.Column('revealed', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_cobrowse_sessions_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['staff_members.id'], name=op.f('fk_cobrowse_sessions_member_id_staff_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cobrowse_sessions')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_cobrowse_sessions_code_hash'))
    )
    with op.batch_alter_table('cobrowse_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cobrowse_sessions_browser_session_hash'), ['browser_session_hash'], unique=False)

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=False, server_default='ok'))
        batch_op.add_column(sa.Column('detail', sa.String(length=200), nullable=True))

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_assigned_to'), ['assigned_to'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_claims_assigned_to_staff_members'), 'staff_members', ['assigned_to'], ['id'], ondelete='SET NULL')


    _refuse_audit_updates()


def _refuse_audit_updates() -> None:
    """The database itself refuses to change an audit row (deleting old rows is the retention job's)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_events rows cannot be changed'; END $$"
        )
        op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update()")
    else:
        op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events rows cannot be changed'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only" + (" ON audit_events" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_update()")
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claims_assigned_to_staff_members'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_claims_assigned_to'))
        batch_op.drop_column('assigned_to')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('detail')
        batch_op.drop_column('outcome')

    with op.batch_alter_table('cobrowse_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cobrowse_sessions_browser_session_hash'))

    op.drop_table('cobrowse_sessions')
    with op.batch_alter_table('claim_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_notes_claim_id'))

    op.drop_table('claim_notes')
    with op.batch_alter_table('claim_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_flags_claim_id'))

    op.drop_table('claim_flags')
    with op.batch_alter_table('claim_access_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_access_grants_member_id'))
        batch_op.drop_index(batch_op.f('ix_claim_access_grants_claim_id'))

    op.drop_table('claim_access_grants')
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_member_id'))
        batch_op.drop_index(batch_op.f('ix_staff_sessions_last_seen_at'))

    op.drop_table('staff_sessions')
    op.drop_table('staff_members')
