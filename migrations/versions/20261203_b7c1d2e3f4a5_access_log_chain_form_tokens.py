"""Access log hash chain and REPLACE guard; one-time form tokens

Revision ID: b7c1d2e3f4a5
Revises: a7d41c0e9b52
Create Date: 2026-12-03 14:00:00

Existing rows get their chain here, with the app's RRN key (the append-only
trigger is lifted for that UPDATE only, inside this migration's transaction).
"""
from alembic import op
import sqlalchemy as sa

from caseweb.models.audit import APPEND_ONLY_SQLITE, NO_REPLACE_SQLITE
from caseweb.timeutil import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'a7d41c0e9b52'
branch_labels = None
depends_on = None


def _backfill(bind):
    from flask import current_app, has_app_context
    if not has_app_context() or not current_app.config.get("RRN_KEY"):
        return
    from caseweb import audit_chain
    table = sa.table("access_logs", sa.column("id", sa.Integer), sa.column("chain", sa.String),
                     *[sa.column(name, UTCDateTime if name == "at" else sa.String) for name in audit_chain.FIELDS])
    rows = bind.execute(sa.select(table).order_by(table.c.id)).all()
    if not rows:
        return
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS access_logs_no_update")
    else:
        bind.exec_driver_sql("ALTER TABLE access_logs DISABLE TRIGGER access_logs_no_change")
    key, previous = audit_chain.chain_key(), audit_chain.GENESIS
    for row in rows:
        previous = audit_chain.link(key, previous, row)
        bind.execute(table.update().where(table.c.id == row.id).values(chain=previous))
    if sqlite:
        bind.exec_driver_sql(APPEND_ONLY_SQLITE[0])
    else:
        bind.exec_driver_sql("ALTER TABLE access_logs ENABLE TRIGGER access_logs_no_change")


def upgrade():
    op.create_table('form_submissions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_form_submissions_user_id_users')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_form_submissions'))
    )
    with op.batch_alter_table('access_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    _backfill(bind)
    if bind.dialect.name == "sqlite":
        for statement in APPEND_ONLY_SQLITE + NO_REPLACE_SQLITE:  # IF NOT EXISTS: idempotent
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS access_logs_no_replace")
    with op.batch_alter_table('access_logs', schema=None) as batch_op:
        batch_op.drop_column('chain')
    if op.get_bind().dialect.name == "sqlite":  # batch mode rebuilt the table without its triggers
        for statement in APPEND_ONLY_SQLITE:
            op.execute(statement)
    op.drop_table('form_submissions')
