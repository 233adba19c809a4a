"""Linkages can be corrected and cancelled: units held, cancellation

Revision ID: d5f2b7a3c918
Revises: c4e8a1f05d27
Create Date: 2026-12-03 17:40:00

`taken` is what a linkage holds of its entry's stock or slots, so a correction or a
cancellation gives back exactly that. Existing linkages of entries that track stock or
slots held their quantity (1 when none was written), as linking took it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f2b7a3c918'
down_revision = 'c4e8a1f05d27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('linkages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('taken', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_linkages_cancelled_by_id_users'), 'users', ['cancelled_by_id'], ['id'])
    linkages = sa.table("linkages", sa.column("resource_id", sa.Integer), sa.column("quantity", sa.Integer),
                        sa.column("taken", sa.Integer))
    resources = sa.table("resources", sa.column("id", sa.Integer), sa.column("capacity_kind", sa.String))
    tracked = sa.select(resources.c.id).where(resources.c.capacity_kind.in_(("slots", "stock")))
    op.execute(linkages.update().where(linkages.c.resource_id.in_(tracked))
               .values(taken=sa.func.coalesce(linkages.c.quantity, 1)))


def downgrade():
    with op.batch_alter_table('linkages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_linkages_cancelled_by_id_users'), type_='foreignkey')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('taken')
