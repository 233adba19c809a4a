"""Destruction records: what the retention purge destroyed, without personal data

Revision ID: a7d41c0e9b52
Revises: b3a9e1e84a33
Create Date: 2026-12-03 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d41c0e9b52'
down_revision = 'b3a9e1e84a33'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('destruction_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=20), nullable=False),
    sa.Column('programme', sa.String(length=30), nullable=False),
    sa.Column('lead_org_id', sa.Integer(), nullable=True),
    sa.Column('lead_org_name', sa.String(length=120), nullable=True),
    sa.Column('found_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('retention_years', sa.Integer(), nullable=False),
    sa.Column('household_destroyed', sa.Boolean(), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purged_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_records'))
    )
    with op.batch_alter_table('destruction_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_records_case_number'), ['case_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_destruction_records_purged_at'), ['purged_at'], unique=False)


def downgrade():
    with op.batch_alter_table('destruction_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_records_purged_at'))
        batch_op.drop_index(batch_op.f('ix_destruction_records_case_number'))

    op.drop_table('destruction_records')
