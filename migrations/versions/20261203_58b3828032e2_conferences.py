"""Conferences: schedules, invitations, attendees, agenda, decisions, action items, conference log

Revision ID: 58b3828032e2
Revises: 5cb30253ba44
Create Date: 2026-12-03 13:48:49.148546

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '58b3828032e2'
down_revision = '5cb30253ba44'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conference_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_org_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['host_org_id'], ['organizations.id'], name=op.f('fk_conference_series_host_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_series'))
    )
    with op.batch_alter_table('conference_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_series_host_org_id'), ['host_org_id'], unique=False)

    op.create_table('conferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('host_org_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes_long', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('online_url', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_conferences_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conferences_created_by_id_users')),
    sa.ForeignKeyConstraint(['host_org_id'], ['organizations.id'], name=op.f('fk_conferences_host_org_id_organizations')),
    sa.ForeignKeyConstraint(['series_id'], ['conference_series.id'], name=op.f('fk_conferences_series_id_conference_series')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conferences'))
    )
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.create_index('ix_conferences_host_starts', ['host_org_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conferences_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conferences_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conferences_status'), ['status'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('presenting_org_id', sa.Integer(), nullable=False),
    sa.Column('presenter_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_agenda_items_case_id_cases')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_agenda_items_conference_id_conferences')),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_agenda_items_edited_by_id_users')),
    sa.ForeignKeyConstraint(['presenter_id'], ['users.id'], name=op.f('fk_agenda_items_presenter_id_users')),
    sa.ForeignKeyConstraint(['presenting_org_id'], ['organizations.id'], name=op.f('fk_agenda_items_presenting_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('conference_id', 'case_id', name=op.f('uq_agenda_items_conference_id'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_conference_id'), ['conference_id'], unique=False)

    op.create_table('conference_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=True),
    sa.Column('affiliation', sa.String(length=120), nullable=True),
    sa.Column('role', sa.String(length=60), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_attendees_conference_id_conferences')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conference_attendees_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_attendees'))
    )
    with op.batch_alter_table('conference_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_attendees_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_attendees_user_id'), ['user_id'], unique=False)

    op.create_table('conference_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_log_conference_id_conferences')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conference_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_log'))
    )
    with op.batch_alter_table('conference_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_log_conference_id'), ['conference_id'], unique=False)

    op.create_table('conference_orgs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_orgs_conference_id_conferences')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_conference_orgs_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_orgs')),
    sa.UniqueConstraint('conference_id', 'org_id', name=op.f('uq_conference_orgs_conference_id'))
    )
    with op.batch_alter_table('conference_orgs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_orgs_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_orgs_org_id'), ['org_id'], unique=False)

    op.create_table('conference_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('assignee_org_id', sa.Integer(), nullable=False),
    sa.Column('assignee_user_id', sa.Integer(), nullable=True),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_org_id'], ['organizations.id'], name=op.f('fk_conference_actions_assignee_org_id_organizations')),
    sa.ForeignKeyConstraint(['assignee_user_id'], ['users.id'], name=op.f('fk_conference_actions_assignee_user_id_users')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_actions_conference_id_conferences')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conference_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_conference_actions_done_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_conference_actions_item_id_agenda_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_actions'))
    )
    with op.batch_alter_table('conference_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_actions_assignee_user_id'), ['assignee_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_actions_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_actions_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_conference_actions_open', ['assignee_org_id', 'done_at'], unique=False)

    op.create_table('conference_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('selection_kind', sa.String(length=20), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=60), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conference_decisions_created_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_conference_decisions_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_conference_decisions_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_decisions'))
    )
    with op.batch_alter_table('conference_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_decisions_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('conference_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_decisions_item_id'))

    op.drop_table('conference_decisions')
    with op.batch_alter_table('conference_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_conference_actions_open')
        batch_op.drop_index(batch_op.f('ix_conference_actions_item_id'))
        batch_op.drop_index(batch_op.f('ix_conference_actions_conference_id'))
        batch_op.drop_index(batch_op.f('ix_conference_actions_assignee_user_id'))

    op.drop_table('conference_actions')
    with op.batch_alter_table('conference_orgs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_orgs_org_id'))
        batch_op.drop_index(batch_op.f('ix_conference_orgs_conference_id'))

    op.drop_table('conference_orgs')
    with op.batch_alter_table('conference_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_log_conference_id'))

    op.drop_table('conference_log')
    with op.batch_alter_table('conference_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_attendees_user_id'))
        batch_op.drop_index(batch_op.f('ix_conference_attendees_conference_id'))

    op.drop_table('conference_attendees')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_conference_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_case_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conferences_status'))
        batch_op.drop_index(batch_op.f('ix_conferences_starts_at'))
        batch_op.drop_index(batch_op.f('ix_conferences_series_id'))
        batch_op.drop_index('ix_conferences_host_starts')

    op.drop_table('conferences')
    with op.batch_alter_table('conference_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_series_host_org_id'))

    op.drop_table('conference_series')
