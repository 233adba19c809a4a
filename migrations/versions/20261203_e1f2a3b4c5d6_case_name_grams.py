"""Organisation-partitioned name bigrams (case_name_grams), backfilled from the cases, team and household grams

A name search reads only the searching organisation's postings instead of every
matching household in the district.

Revision ID: e1f2a3b4c5d6
Revises: c4d5e6f7a8b9
Create Date: 2026-12-03 21:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1f2a3b4c5d6'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None

# The same rows as caseweb.models.search.rebuild_case_grams, in plain SQL so the
# migration does not depend on the models as they will later be.
BACKFILL = """
INSERT INTO case_name_grams (org_id, gram, case_id)
SELECT o.org_id, g.gram, o.case_id
FROM (SELECT id AS case_id, lead_org_id AS org_id FROM cases
      UNION SELECT case_id, org_id FROM case_team WHERE active = :yes) AS o
JOIN cases c ON c.id = o.case_id
JOIN household_name_grams g ON g.household_id = c.household_id
WHERE o.org_id IS NOT NULL
ORDER BY o.org_id, g.gram, o.case_id
"""


def upgrade():
    op.create_table(
        'case_name_grams',
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('gram', sa.String(length=2), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_name_grams_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'],
                                name=op.f('fk_case_name_grams_org_id_organizations')),
        sa.PrimaryKeyConstraint('org_id', 'gram', 'case_id', name=op.f('pk_case_name_grams')),
    )
    with op.batch_alter_table('case_name_grams', schema=None) as batch_op:
        batch_op.create_index('ix_case_name_grams_case_id', ['case_id'], unique=False)
    op.get_bind().execute(sa.text(BACKFILL).bindparams(sa.bindparam("yes", True, type_=sa.Boolean())))


def downgrade():
    with op.batch_alter_table('case_name_grams', schema=None) as batch_op:
        batch_op.drop_index('ix_case_name_grams_case_id')
    op.drop_table('case_name_grams')
