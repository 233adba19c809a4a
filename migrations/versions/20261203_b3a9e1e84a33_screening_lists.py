"""Discovery lists: screening lists, their entries, and uploads being checked

Revision ID: b3a9e1e84a33
Revises: 9040ada0f2ff
Create Date: 2026-12-03 13:54:31.658660

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3a9e1e84a33'
down_revision = '9040ada0f2ff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('screening_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_screening_lists_org_id_organizations')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_screening_lists_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_lists'))
    )
    with op.batch_alter_table('screening_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_lists_org_id'), ['org_id'], unique=False)

    op.create_table('screening_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('name_norm', sa.String(length=60), nullable=False),
    sa.Column('rrn_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('rrn_blind_index', sa.String(length=64), nullable=True),
    sa.Column('rrn_masked', sa.String(length=14), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('dong', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('assigned_org_id', sa.Integer(), nullable=True),
    sa.Column('worker_id', sa.Integer(), nullable=True),
    sa.Column('match_household_id', sa.Integer(), nullable=True),
    sa.Column('match_kinds', sa.JSON(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('outcome_by_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_org_id'], ['organizations.id'], name=op.f('fk_screening_entries_assigned_org_id_organizations')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_screening_entries_case_id_cases')),
    sa.ForeignKeyConstraint(['list_id'], ['screening_lists.id'], name=op.f('fk_screening_entries_list_id_screening_lists')),
    sa.ForeignKeyConstraint(['outcome_by_id'], ['users.id'], name=op.f('fk_screening_entries_outcome_by_id_users')),
    sa.ForeignKeyConstraint(['worker_id'], ['users.id'], name=op.f('fk_screening_entries_worker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_entries'))
    )
    with op.batch_alter_table('screening_entries', schema=None) as batch_op:
        batch_op.create_index('ix_screening_entries_assigned', ['assigned_org_id', 'outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_entries_list_id'), ['list_id'], unique=False)
        batch_op.create_index('ix_screening_entries_outcome_on', ['outcome_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_entries_rrn_blind_index'), ['rrn_blind_index'], unique=False)

    op.create_table('screening_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=15), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('rows_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('result_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('errors', sa.JSON(), nullable=True),
    sa.Column('list_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['screening_lists.id'], name=op.f('fk_screening_imports_list_id_screening_lists')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_screening_imports_org_id_organizations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_screening_imports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_imports'))
    )
    with op.batch_alter_table('screening_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_imports_org_id'), ['org_id'], unique=False)



def downgrade():
    with op.batch_alter_table('screening_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_imports_org_id'))

    op.drop_table('screening_imports')
    with op.batch_alter_table('screening_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_entries_rrn_blind_index'))
        batch_op.drop_index('ix_screening_entries_outcome_on')
        batch_op.drop_index(batch_op.f('ix_screening_entries_list_id'))
        batch_op.drop_index('ix_screening_entries_assigned')

    op.drop_table('screening_entries')
    with op.batch_alter_table('screening_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_lists_org_id'))

    op.drop_table('screening_lists')
